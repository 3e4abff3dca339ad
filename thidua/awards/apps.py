from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    verbose_name = _("Khen thưởng")

    def ready(self) -> None:
        from thidua.awards import receivers
        from thidua.awards.domain import pending_items
        from thidua.core.navigation import NavEntry
        from thidua.core.navigation import register as register_nav
        from thidua.core.pending import register

        receivers.connect()
        register(pending_items)
        register_nav(
            NavEntry(_("Khen thưởng"), "awards:award_list", lambda u: u.is_authenticated, order=45)
        )
