from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "thidua.scoring"
    verbose_name = _("Chấm điểm, xếp hạng")

    def ready(self) -> None:
        from thidua.core.navigation import NavEntry
        from thidua.core.navigation import register as register_nav
        from thidua.scoring.domain import published_standings
        from thidua.voting import ranking

        # The vote shows the published score ranking beside its candidates.
        ranking.register(published_standings)
        register_nav(
            NavEntry(_("Chấm điểm"), "scoring:overview", lambda u: u.is_authenticated, order=38)
        )
