"""Demo votes: Cụm 10's vote at its year-end conference of 23/11/2024, and an open one.

From the source (shared/seeds, PLO 23/11/2024): the conference was held at Công an tỉnh
Tây Ninh, the cluster head; the units "bỏ phiếu suy tôn danh hiệu thi đua Cờ Bộ, Cờ Chính
phủ trên cơ sở kết quả chấm điểm"; the report highlights Long An (95,57%), Tây Ninh (93,1%)
and Bình Phước (90,2%). The ballots, the committee and the delegates are sample data and
say so (`is_sample`, the note). The ballots are cast and the vote closed through the
domain functions, as delegates and the cluster officer would. Idempotent.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from thidua.org.models import Cluster, ClusterLevel, Unit
from thidua.voting import domain
from thidua.voting.models import Vote

# username, unit code, full name (sample people), description for the login list
LEADERS = [
    (
        "binhduong.lanhdao", "BDG", "Nguyễn Thành Trung (mẫu)",
        "Lãnh đạo Công an tỉnh Bình Dương: đại biểu bỏ phiếu Cụm 10",
    ),
    (
        "binhphuoc.lanhdao", "BPC", "Hoàng Văn Phước (mẫu)",
        "Lãnh đạo Công an tỉnh Bình Phước: đại biểu bỏ phiếu Cụm 10",
    ),
    (
        "longan.lanhdao", "LAN", "Đặng Minh Long (mẫu)",
        "Lãnh đạo Công an tỉnh Long An: đại biểu bỏ phiếu Cụm 10",
    ),
    (
        "dongnai.lanhdao", "DNI", "Bùi Quang Nai (mẫu)",
        "Lãnh đạo Công an tỉnh Đồng Nai: đại biểu bỏ phiếu Cụm 10 (và cuộc bỏ phiếu mở 2025)",
    ),
]  # fmt: skip
OFFICER = "tayninh.canbo"
NOTE_2024 = (
    "Dữ liệu mẫu. Theo báo cáo Hội nghị tổng kết ngày 23/11/2024 tại Công an tỉnh Tây Ninh, "
    "Cụm thi đua số 10 đã bỏ phiếu suy tôn Cờ thi đua của Bộ Công an và Cờ thi đua của "
    "Chính phủ trên cơ sở kết quả chấm điểm; các phiếu, Ban kiểm phiếu và đại biểu ở đây là "
    "giả định, nhất quán với các kết quả được nêu (Long An 95,57%, Tây Ninh 93,1%, Bình Phước "
    "90,2%)."
)
NOTE_OPEN = (
    "Dữ liệu mẫu: cuộc bỏ phiếu đang mở để thử. Sau sắp xếp ngày 01/07/2025, Cụm 10 năm 2025 "
    "còn hai thành viên (Tây Ninh, Đồng Nai): đăng nhập tayninh.lanhdao hoặc dongnai.lanhdao "
    "để bỏ phiếu, tayninh.canbo để điều hành."
)
COMMITTEE = (
    "Trần Văn Minh (mẫu) – cán bộ Công an tỉnh Tây Ninh\n"
    "Phạm Thị Lan (mẫu) – cán bộ Công an tỉnh Long An\n"
    "Võ Thanh Tùng (mẫu) – cán bộ Công an tỉnh Bình Phước"
)
# The five sample ballots of 2024, by delegate's unit: (Government flag, Ministry flag).
BALLOTS_2024 = {
    "TNH": (["LAN"], ["LAN", "BPC", "DNI"]),
    "BDG": (["LAN"], ["LAN", "TNH", "BPC"]),
    "BPC": (["TNH"], ["LAN", "TNH", "DNI"]),
    "LAN": (["LAN"], ["TNH", "BPC", "BDG"]),
    "DNI": (["LAN"], ["LAN", "TNH", "BPC"]),
}


def load(*, password: str, stdout: Any) -> list[tuple[str, str]]:
    cum10 = Cluster.objects.filter(year=2024, number=10, level=ClusterLevel.MINISTRY).first()
    if cum10 is None:
        return []
    logins = _ensure_leaders(password)
    officer = get_user_model().objects.filter(username=OFFICER).first()
    if not Vote.objects.filter(cluster=cum10, is_sample=True, round=1).exists():
        _vote_2024(cum10, officer)
        stdout.write("Loaded the demo vote of Cụm 10 (23/11/2024, closed).")
    cum10_2025 = Cluster.objects.filter(year=2025, number=10, level=ClusterLevel.MINISTRY).first()
    if (
        cum10_2025 is not None
        and not Vote.objects.filter(cluster=cum10_2025, is_sample=True).exists()
    ):
        _vote_open(cum10_2025, officer)
        stdout.write("Loaded an open demo vote of Cụm 10 (2025) to try voting.")
    return logins


def _ensure_leaders(password: str) -> list[tuple[str, str]]:
    user_model: Any = get_user_model()
    logins = []
    for username, code, full_name, description in LEADERS:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            continue
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(username=username, full_name=full_name, unit=unit, role="leader")
            user.set_password(password)
            user.save()
        elif not user.check_password(password):
            user.set_password(password)
            user.save()
        logins.append((username, description))
    return logins


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(
        day.year, day.month, day.day, hour, minute, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )


def _vote_2024(cluster: Cluster, officer: Any) -> Vote:
    day = dt.date(2024, 11, 23)
    vote = domain.vote_create(
        cluster=cluster,
        conference_date=day,
        conference_place="Công an tỉnh Tây Ninh",
        locality="Tây Ninh",
        by=officer,
        note=NOTE_2024,
        is_sample=True,
    )
    vote = domain.vote_update(
        vote=vote,
        by=officer,
        opens_at=_at(day, 15, 0),
        closes_at=_at(day, 15, 30),
        committee=COMMITTEE,
    )
    vote = domain.vote_open(vote=vote, by=officer, at=_at(day, 15, 0))
    units = {u.code: u.pk for u in Unit.objects.filter(code__in=BALLOTS_2024)}
    delegates = {r.unit.code: r.user for r in vote.voters.select_related("unit", "user")}
    for minute, (code, (government, ministry)) in enumerate(sorted(BALLOTS_2024.items()), start=2):
        domain.ballot_cast(
            vote=vote,
            user=delegates[code],
            choices={
                domain.GOVERNMENT_FLAG: [units[c] for c in government],
                domain.MINISTRY_FLAG: [units[c] for c in ministry],
            },
            at=_at(day, 15, minute),
        )
    return domain.vote_close(vote=vote, by=officer, at=_at(day, 15, 20))


def _vote_open(cluster: Cluster, officer: Any) -> Vote:
    today = timezone.localdate()
    day = today if today.year in (cluster.year, cluster.year + 1) else dt.date(cluster.year, 12, 15)
    vote = domain.vote_create(
        cluster=cluster,
        conference_date=day,
        conference_place="Hội trường Công an tỉnh Tây Ninh",
        locality="Tây Ninh",
        by=officer,
        note=NOTE_OPEN,
        is_sample=True,
    )
    now = timezone.now()
    vote = domain.vote_update(
        vote=vote,
        by=officer,
        closes_at=(now + dt.timedelta(days=14)).replace(second=0, microsecond=0),
        committee=COMMITTEE.splitlines()[0],
    )
    return domain.vote_open(vote=vote, by=officer, at=now)
