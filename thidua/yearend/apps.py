from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YearendConfig(AppConfig):
    name = "thidua.yearend"
    verbose_name = _("Báo cáo tổng kết")

    def ready(self) -> None:
        from thidua.core.navigation import CLUSTER_YEAR, NavEntry
        from thidua.core.navigation import register as register_nav

        register_nav(
            NavEntry(
                _("Tổng kết"),
                "yearend:index",
                lambda u: u.is_authenticated,
                order=58,
                group=CLUSTER_YEAR,
            )
        )
