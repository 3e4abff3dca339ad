from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "thidua.org"
    verbose_name = _("Tổ chức")

    def ready(self) -> None:
        from thidua.core import audit
        from thidua.core.navigation import ORGANISATION, NavEntry, register
        from thidua.core.pending import register as register_pending
        from thidua.core.pending import register_panel
        from thidua.org import domain

        register(NavEntry(_("Cụm thi đua"), "org:cluster_list", lambda u: True, 10, ORGANISATION))
        register(NavEntry(_("Đơn vị"), "org:unit_list", lambda u: True, 20, ORGANISATION))
        register_pending(domain.pending_role_reassignments)
        register_panel(domain.home_panel)
        audit.unit_choices_provider = domain.unit_choices
