from django.contrib import admin
from django.urls import include, path, re_path

from touchpoints.actions import views as actions_views
from touchpoints.api.main import api
from touchpoints.api.main import not_found as api_not_found
from touchpoints.lib import converters  # noqa: F401  (registers the download formats the URLs below name)
from touchpoints.lib.charts import vega_bundle

handler403 = "touchpoints.lib.errors.permission_denied"
handler404 = "touchpoints.lib.errors.page_not_found"
handler500 = "touchpoints.lib.errors.server_error"

urlpatterns = [
    path("", include("touchpoints.workspaces.urls")),
    path("accounts/", include("touchpoints.accounts.urls")),
    path("w/<slug:slug>/touchpoints/", include("touchpoints.inventory.urls")),
    path("w/<slug:slug>/library/", include("touchpoints.library.urls")),
    path("w/<slug:slug>/home/", include("touchpoints.dashboard.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", api_not_found),
    path("admin/", admin.site.urls),
    path("assets/vega-embed.js", vega_bundle, name="vega_bundle"),
    path("feeds/actions/<str:token>.ics", actions_views.feed_ics, name="actions_feed"),
    path("r/", include("touchpoints.reports.share_urls")),  # read-only share links of reports
    path("j/", include("touchpoints.journeys.share_urls")),  # read-only share links of journey maps
    path("s/", include("touchpoints.feedback.public_urls")),  # public answer pages of customer feedback
    path("review/", include("touchpoints.reviews.public_urls")),  # public pages of review requests
]

# Each app's workspace pages live under /w/<slug>/<app>/.
urlpatterns += [
    path(f"w/<slug:slug>/{app}/", include(f"touchpoints.{app}.urls"))
    for app in (
        "journeys",
        "audits",
        "analytics",
        "priorities",
        "actions",
        "reports",
        "feedback",
        "reviews",
        "impact",
        "history",
    )
]
