from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "thidua.practices"
    verbose_name = _("Điển hình tiên tiến, mô hình hay")

    def ready(self) -> None:
        from thidua.core.navigation import CLUSTER_YEAR, NavEntry
        from thidua.core.navigation import register as register_nav

        register_nav(
            NavEntry(
                _("Điển hình"),
                "practices:library",
                lambda u: u.is_authenticated,
                order=50,
                group=CLUSTER_YEAR,
            )
        )
