"""The demo organisation, from the seeds (shared/seeds) and DOMAIN.md §3.

Facts from the sources: the five clusters, their members and the heads the reports name,
Cụm 10's handover for 2025, the 2025-07-01 provincial mergers and the re-formed Cụm 1.
Everything else is sample data and says so (`is_sample`, or a note on the cluster).
Unit codes are this application's own short codes, not official ones.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model

from thidua.org import domain
from thidua.org.models import Cluster, ClusterLevel, LineageKind, RoleKind, Unit, UnitKind

MINISTRY = "BCA"
OFFICE = "CTCT"

# code, full name, short name
PROVINCES = [
    ("HNI", "Công an thành phố Hà Nội", "Hà Nội"),
    ("HCM", "Công an Thành phố Hồ Chí Minh", "TP.HCM"),
    ("DNG", "Công an thành phố Đà Nẵng", "Đà Nẵng"),
    ("HPG", "Công an thành phố Hải Phòng", "Hải Phòng"),
    ("CTO", "Công an thành phố Cần Thơ", "Cần Thơ"),
    ("SLA", "Công an tỉnh Sơn La", "Sơn La"),
    ("LCI", "Công an tỉnh Lào Cai", "Lào Cai"),
    ("DBN", "Công an tỉnh Điện Biên", "Điện Biên"),
    ("LCU", "Công an tỉnh Lai Châu", "Lai Châu"),
    ("YBI", "Công an tỉnh Yên Bái", "Yên Bái"),
    ("PYN", "Công an tỉnh Phú Yên", "Phú Yên"),
    ("KHA", "Công an tỉnh Khánh Hòa", "Khánh Hòa"),
    ("NTN", "Công an tỉnh Ninh Thuận", "Ninh Thuận"),
    ("BTN", "Công an tỉnh Bình Thuận", "Bình Thuận"),
    ("BVT", "Công an tỉnh Bà Rịa – Vũng Tàu", "Bà Rịa – Vũng Tàu"),
    ("TNH", "Công an tỉnh Tây Ninh", "Tây Ninh"),
    ("BDG", "Công an tỉnh Bình Dương", "Bình Dương"),
    ("BPC", "Công an tỉnh Bình Phước", "Bình Phước"),
    ("LAN", "Công an tỉnh Long An", "Long An"),
    ("DNI", "Công an tỉnh Đồng Nai", "Đồng Nai"),
    ("QNM", "Công an tỉnh Quảng Nam", "Quảng Nam"),
    ("HDG", "Công an tỉnh Hải Dương", "Hải Dương"),
    ("STG", "Công an tỉnh Sóc Trăng", "Sóc Trăng"),
    ("HGG", "Công an tỉnh Hậu Giang", "Hậu Giang"),
    ("DKN", "Công an tỉnh Đắk Nông", "Đắk Nông"),
    ("LDG", "Công an tỉnh Lâm Đồng", "Lâm Đồng"),
    ("DLK", "Công an tỉnh Đắk Lắk", "Đắk Lắk"),
]

DEPARTMENTS = [
    ("VPB", "Văn phòng Bộ Công an", "Văn phòng Bộ", False),
    ("C05", "Cục Cảnh sát phòng, chống tội phạm về môi trường", "Cục C05", False),
    ("MAU1", "Cục mẫu số 1 (dữ liệu mẫu)", "Cục mẫu 1", True),
    ("MAU2", "Cục mẫu số 2 (dữ liệu mẫu)", "Cục mẫu 2", True),
    ("MAU3", "Cục mẫu số 3 (dữ liệu mẫu)", "Cục mẫu 3", True),
    ("MAU4", "Cục mẫu số 4 (dữ liệu mẫu)", "Cục mẫu 4", True),
]

# (year, number, name, members, head, deputy, note)
CLUSTERS: list[tuple[int, int, str, list[str], str | None, str | None, str]] = [
    (
        2023, 1, "Công an 5 thành phố trực thuộc Trung ương",
        ["HNI", "HCM", "DNG", "HPG", "CTO"], "CTO", None,
        "Hội nghị ký giao ước ngày 30/3/2023 tại Công an TP Cần Thơ (đơn vị Cụm trưởng).",
    ),
    (
        2024, 2, "Công an các tỉnh Tây Bắc",
        ["SLA", "LCI", "DBN", "LCU", "YBI"], "SLA", None,
        "Tên cụm là dữ liệu mẫu; thành viên và Cụm trưởng Sơn La theo báo cáo hội nghị 18/3/2024.",
    ),
    (
        2025, 4, "Khối các đơn vị trực thuộc Bộ",
        ["C05", "MAU1", "MAU2", "MAU3", "MAU4"], "C05", None,
        "Dữ liệu mẫu: ngoài Cục C05, các thành viên và việc Cục C05 làm Cụm trưởng là giả định.",
    ),
    (
        2025, 8, "Công an các tỉnh Nam Trung Bộ",
        ["PYN", "KHA", "NTN", "BTN", "BVT"], "BVT", None,
        "Tên cụm và Cụm trưởng là dữ liệu mẫu (Bà Rịa – Vũng Tàu đăng cai hội nghị ký giao ước 14/2/2025).",
    ),
    (
        2024, 10, "Công an các tỉnh Đông Nam Bộ",
        ["TNH", "BDG", "BPC", "LAN", "DNI"], "TNH", None,
        "Tên cụm là dữ liệu mẫu; thành viên, Cụm trưởng và bàn giao theo báo cáo tổng kết 23/11/2024.",
    ),
]  # fmt: skip

MERGERS_2025 = [
    (["BDG", "BVT"], "HCM"),
    (["QNM"], "DNG"),
    (["HDG"], "HPG"),
    (["STG", "HGG"], "CTO"),
    (["YBI"], "LCI"),
    (["BTN", "DKN"], "LDG"),
    (["BPC"], "DNI"),
    (["LAN"], "TNH"),
    (["NTN"], "KHA"),
    (["PYN"], "DLK"),
]
MERGER_DATE = dt.date(2025, 7, 1)

# username, unit code, role, full name (sample people), what the login shows
USERS = [
    ("cuc.ctct", OFFICE, "officer", "Nguyễn Thị Hạnh (mẫu)", "Cơ quan thường trực thi đua cấp Bộ"),
    ("tayninh.canbo", "TNH", "officer", "Trần Văn Minh (mẫu)", "Cán bộ cụm: Công an Tây Ninh, Cụm trưởng Cụm 10 năm 2024"),
    ("tayninh.lanhdao", "TNH", "leader", "Lê Quốc Hùng (mẫu)", "Lãnh đạo Công an tỉnh Tây Ninh"),
    ("longan.canbo", "LAN", "officer", "Phạm Thị Lan (mẫu)", "Cán bộ cụm: Long An, Cụm trưởng Cụm 10 năm 2025 (đến 30/6)"),
    ("binhphuoc.canbo", "BPC", "officer", "Võ Thanh Tùng (mẫu)", "Cán bộ đơn vị: Công an tỉnh Bình Phước (Cụm 10)"),
    ("sonla.canbo", "SLA", "officer", "Lò Văn Sơn (mẫu)", "Cán bộ cụm: Công an Sơn La, Cụm trưởng Cụm 2 năm 2024"),
]  # fmt: skip


def load(*, password: str, stdout: Any) -> list[tuple[str, str]]:
    if not Cluster.objects.filter(year=2024, number=10, level=ClusterLevel.MINISTRY).exists():
        _load_organisation()
        stdout.write("Loaded the demo organisation (units, clusters, mergers of 2025-07-01).")
    return _ensure_users(password)


def _load_organisation() -> None:
    ministry = domain.unit_create(code=MINISTRY, name="Bộ Công an", kind=UnitKind.MINISTRY)
    office = domain.unit_create(
        code=OFFICE,
        name="Cục Công tác đảng và công tác chính trị",
        short_name="Cục Công tác đảng, công tác chính trị",
        kind=UnitKind.MINISTRY_DEPARTMENT,
        parent=ministry,
        is_emulation_office=True,
    )
    units: dict[str, Unit] = {MINISTRY: ministry, OFFICE: office}
    for code, name, short, sample in DEPARTMENTS:
        units[code] = domain.unit_create(
            code=code, name=name, short_name=short, kind=UnitKind.MINISTRY_DEPARTMENT,
            parent=ministry, is_sample=sample,
        )  # fmt: skip
    for code, name, short in PROVINCES:
        units[code] = domain.unit_create(
            code=code, name=name, short_name=short, kind=UnitKind.PROVINCIAL_POLICE, parent=ministry
        )

    for year, number, name, members, head, deputy, note in CLUSTERS:
        cluster = domain.cluster_create(
            year=year, level=ClusterLevel.MINISTRY, number=number, name=name,
            managing_office=office, note=note,
        )  # fmt: skip
        for code in members:
            domain.membership_add(cluster=cluster, unit=units[code])
        if head:
            domain.role_assign(cluster=cluster, unit=units[head], role=RoleKind.HEAD)
        if deputy:
            domain.role_assign(cluster=cluster, unit=units[deputy], role=RoleKind.DEPUTY)

    cum10 = Cluster.objects.get(year=2024, number=10, level=ClusterLevel.MINISTRY)
    domain.handover_record(
        cluster=cum10,
        head=units["LAN"],
        deputy=units["DNI"],
        conference_date=dt.date(2024, 11, 23),
        note="Ký kết bàn giao tại Hội nghị tổng kết, Công an tỉnh Tây Ninh.",
    )

    for sources, target in MERGERS_2025:
        domain.lineage_record(
            kind=LineageKind.MERGE,
            effective_date=MERGER_DATE,
            sources=[units[c] for c in sources],
            targets=[units[target]],
            decision="Sắp xếp đơn vị hành chính cấp tỉnh, hiệu lực từ 01/07/2025",
        )

    cum1 = domain.cluster_create(
        year=2025, level=ClusterLevel.MINISTRY, number=1,
        name="Công an các thành phố trực thuộc Trung ương", managing_office=office,
        note="Cụm tái lập sau sắp xếp tổ chức từ 01/07/2025; thành phần 6 tháng đầu năm "
        "không có trong tài liệu nguồn.",
    )  # fmt: skip
    for code in ("HNI", "HCM", "HPG"):
        domain.membership_add(cluster=cum1, unit=units[code], start_date=MERGER_DATE)
    domain.role_assign(cluster=cum1, unit=units["HNI"], role=RoleKind.HEAD, start_date=MERGER_DATE)
    domain.role_assign(
        cluster=cum1, unit=units["HCM"], role=RoleKind.DEPUTY, start_date=MERGER_DATE
    )


def _ensure_users(password: str) -> list[tuple[str, str]]:
    user_model: Any = get_user_model()
    logins = []
    for username, unit_code, role, full_name, description in USERS:
        unit = Unit.objects.get(code=unit_code)
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(username=username, full_name=full_name, unit=unit, role=role)
            user.set_password(password)
            user.save()
        elif not user.check_password(password):
            user.set_password(password)
            user.save()
        logins.append((username, description))
    return logins
