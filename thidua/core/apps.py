from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "thidua.core"
    verbose_name = _("Hệ thống")

    def ready(self) -> None:
        from thidua.core import access
        from thidua.core.navigation import NavEntry, register

        register(NavEntry(_("Trang chủ"), "core:home", lambda u: True, order=0))
        register(NavEntry(_("Nhật ký thay đổi"), "core:audit", access.can_browse_audit, order=900))
