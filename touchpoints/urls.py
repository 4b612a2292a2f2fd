from django.contrib import admin
from django.urls import include, path, re_path

from touchpoints.api.main import api, not_found as api_not_found
from touchpoints.lib.charts import vega_bundle

urlpatterns = [
    path("", include("touchpoints.workspaces.urls")),
    path("accounts/", include("touchpoints.accounts.urls")),
    path("w/<slug:slug>/touchpoints/", include("touchpoints.inventory.urls")),
    path("w/<slug:slug>/library/", include("touchpoints.library.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", api_not_found),
    path("admin/", admin.site.urls),
    path("assets/vega-embed.js", vega_bundle, name="vega_bundle"),
]

# Further apps (journeys, audits, analytics) mount their pages under /w/<slug>/<app>/.
for _app in ("journeys", "audits", "analytics", "history"):
    try:
        urlpatterns.append(path(f"w/<slug:slug>/{_app}/", include(f"touchpoints.{_app}.urls")))
    except ModuleNotFoundError as exc:
        if exc.name != f"touchpoints.{_app}.urls":
            raise
