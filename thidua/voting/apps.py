from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "thidua.voting"
    verbose_name = _("Bình xét, suy tôn")

    def ready(self) -> None:
        from thidua.core.navigation import NavEntry, register
        from thidua.core.pending import register as register_pending
        from thidua.voting import domain

        register(
            NavEntry(_("Bình xét"), "voting:vote_list", lambda u: u.is_authenticated, order=40)
        )
        register_pending(domain.pending_items)
