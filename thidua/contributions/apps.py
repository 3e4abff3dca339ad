from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "thidua.contributions"
    verbose_name = _("Đóng góp, quỹ chung của cụm")

    def ready(self) -> None:
        from thidua.core.navigation import CLUSTER_YEAR, NavEntry
        from thidua.core.navigation import register as register_nav

        register_nav(
            NavEntry(
                _("Đóng góp"),
                "contributions:home",
                lambda u: u.is_authenticated,
                order=55,
                group=CLUSTER_YEAR,
            )
        )
