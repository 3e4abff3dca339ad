from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "thidua.conferences"
    verbose_name = _("Hội nghị của cụm")

    def ready(self) -> None:
        from thidua.core.navigation import CLUSTER_YEAR, NavEntry, register

        register(
            NavEntry(
                _("Hội nghị"),
                "conferences:conference_list",
                lambda u: u.is_authenticated,
                order=45,
                group=CLUSTER_YEAR,
            )
        )
