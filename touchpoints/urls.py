from django.contrib import admin
from django.urls import include, path

from touchpoints.actions import views as actions_views
from touchpoints.api.main import api
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
    path("admin/", admin.site.urls),
    path("assets/vega-embed.js", vega_bundle, name="vega_bundle"),
    path("feeds/actions/<str:token>.ics", actions_views.feed_ics, name="actions_feed"),
    path("r/", include("touchpoints.reports.share_urls")),
]

# Further apps (journeys, audits, analytics) mount their pages under /w/<slug>/<app>/.
for _app in ("journeys", "audits", "analytics", "priorities", "actions", "reports"):
    try:
        urlpatterns.append(path(f"w/<slug:slug>/{_app}/", include(f"touchpoints.{_app}.urls")))
    except ModuleNotFoundError as exc:
        if exc.name != f"touchpoints.{_app}.urls":
            raise
