"""The demo organisation and one user per role, for the permission matrix."""

from __future__ import annotations

from dataclasses import dataclass, field
from io import StringIO
from typing import Any

from django.contrib.auth import get_user_model

from tests.factories import AdminFactory

ROLES = ("anonymous", "admin", "office", "cluster_officer", "unit_officer", "leader", "outsider")


@dataclass
class World:
    users: dict[str, Any]
    objects: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.objects[name]


def build_world() -> World:
    """Everything the demo loads, and the users it creates, one per role:

    office: the Ministry's emulation office (cuc.ctct); cluster officer: Tây Ninh, head of
    Cụm 10 in 2024; unit officer: Bình Phước, member of Cụm 10; leader: Tây Ninh's leader;
    outsider: Sơn La's officer, head of Cụm 2 (another cluster).
    """
    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())
    user_model: Any = get_user_model()
    users: dict[str, Any] = {
        "anonymous": None,
        "admin": AdminFactory(username="matrix-admin"),
        "office": user_model.objects.get(username="cuc.ctct"),
        "cluster_officer": user_model.objects.get(username="tayninh.canbo"),
        "unit_officer": user_model.objects.get(username="binhphuoc.canbo"),
        "leader": user_model.objects.get(username="tayninh.lanhdao"),
        "outsider": user_model.objects.get(username="sonla.canbo"),
    }
    return World(users=users)
