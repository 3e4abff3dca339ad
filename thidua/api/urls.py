"""Everything under /api/v1/. Each app contributes its own routes module here."""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from thidua.api.views import MeView

app_name = "api"

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI sets inline styles as it renders; only this page allows them.
    path(
        "docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    path("", include("thidua.org.api_urls")),
    path("", include("thidua.covenants.api_urls")),
    path("", include("thidua.voting.api_urls")),
    path("", include("thidua.reporting.api_urls")),
    path("", include("thidua.scoring.api_urls")),
    path("", include("thidua.awards.api_urls")),
    path("", include("thidua.conferences.api_urls")),
    path("", include("thidua.practices.api_urls")),
    path("", include("thidua.contributions.api_urls")),
]
