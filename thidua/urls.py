from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from thidua.core import views as core_views

admin.site.site_header = "Thi Đua"
admin.site.site_title = "Thi Đua"

urlpatterns = [
    path("", include("thidua.core.urls")),
    path("accounts/", include("thidua.accounts.urls")),
    path("org/", include("thidua.org.urls")),
    path("covenants/", include("thidua.covenants.urls")),
    path("votes/", include("thidua.voting.urls")),
    path("reports/", include("thidua.reporting.urls")),
    path("scores/", include("thidua.scoring.urls")),
    path("awards/", include("thidua.awards.urls")),
    path("conferences/", include("thidua.conferences.urls")),
    path("practices/", include("thidua.practices.urls")),
    path("contributions/", include("thidua.contributions.urls")),
    path("notifications/", include("thidua.notifications.urls")),
    path("year-end/", include("thidua.yearend.urls")),
    path("api/v1/", include("thidua.api.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("i18n/catalog.js", JavaScriptCatalog.as_view(), name="javascript_catalog"),
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler400 = "thidua.core.views.bad_request"
handler403 = "thidua.core.views.permission_denied"
handler404 = "thidua.core.views.page_not_found"
handler500 = "thidua.core.views.server_error"
