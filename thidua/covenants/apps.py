from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CovenantsConfig(AppConfig):
    name = "thidua.covenants"
    verbose_name = _("Giao ước thi đua")

    def ready(self) -> None:
        from thidua.core.navigation import NavEntry, register

        register(NavEntry(_("Giao ước"), "covenants:covenant_list", lambda u: True, order=30))
