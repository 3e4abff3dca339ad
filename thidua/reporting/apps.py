from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "thidua.reporting"
    verbose_name = _("Báo cáo định kỳ")

    def ready(self) -> None:
        from thidua.core.navigation import NavEntry
        from thidua.core.navigation import register as register_nav
        from thidua.core.pending import register
        from thidua.reporting import deadlines

        register_nav(
            NavEntry(_("Báo cáo"), "reporting:home", lambda u: u.is_authenticated, order=35)
        )
        register(deadlines.pending_items)
