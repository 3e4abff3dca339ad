"""Demo awards: the results of Cụm 10's vote of 23/11/2024 through to their decisions, and
sample awards elsewhere.

From the source (shared/seeds, PLO 23/11/2024): Cụm 10 "bỏ phiếu suy tôn danh hiệu thi đua
Cờ Bộ, Cờ Chính phủ trên cơ sở kết quả chấm điểm". The vote itself is the voting demo's
(sample ballots); its results became proposals when it closed. Everything here beyond
that is sample data and marked so (`is_sample`, a note): the submission, the decision
numbers and dates, the other proposals and awards, and the people, whose names carry
"(mẫu)". The commendations agree with the scoring demo's bonus items (Long An's Prime
Minister's certificate of 2024, Bình Dương's of 2023, Tây Ninh's and Bình Phước's
Minister's certificates). Written through thidua.awards.domain by the cluster officer and
the office. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model

from thidua.awards import domain
from thidua.awards.catalogue import ensure_catalogue
from thidua.awards.models import Award, Proposal, ProposalStatus, Recipient, Title
from thidua.org.models import Cluster, ClusterLevel, Unit
from thidua.voting.models import Vote, VoteStatus

OFFICE = "cuc.ctct"
OFFICER = "tayninh.canbo"
UNIT_OFFICER = "binhphuoc.canbo"
NOTE = "Dữ liệu mẫu: số, ngày quyết định là giả định."
SUBMITTED = dt.date(2024, 11, 28)
# The vote's titles: the decision that grants them (sample).
DECISIONS = {
    "gov": ("612/QĐ-TTg", dt.date(2025, 5, 5)),
    "min": ("1520/QĐ-BCA", dt.date(2025, 3, 10)),
}
# (title code, unit, year, person (name, rank, position) or None, decision number, date)
SAMPLE_AWARDS: list[tuple[str, str, int, tuple[str, str, str] | None, str, dt.date]] = [
    ("min", "CTO", 2023, None, "845/QĐ-BCA", dt.date(2024, 2, 26)),
    ("min", "SLA", 2024, None, "1520/QĐ-BCA", dt.date(2025, 3, 10)),
    ("bk-bo-truong", "LCU", 2024, None, "1733/QĐ-BCA", dt.date(2025, 3, 21)),
    ("quyet-thang", "C05", 2024, None, "1611/QĐ-BCA", dt.date(2025, 3, 14)),
    ("bk-thu-tuong", "LAN", 2024, None, "1402/QĐ-TTg", dt.date(2024, 10, 18)),
    ("bk-thu-tuong", "BDG", 2023, None, "1210/QĐ-TTg", dt.date(2023, 12, 6)),
    ("bk-bo-truong", "TNH", 2024, None, "7342/QĐ-BCA", dt.date(2024, 9, 30)),
    ("bk-bo-truong", "BPC", 2024, None, "7342/QĐ-BCA", dt.date(2024, 9, 30)),
    (
        "cstd-cand", "LAN", 2024,
        ("Nguyễn Văn An (mẫu)", "Thượng tá", "Trưởng phòng Cảnh sát hình sự"),
        "1688/QĐ-BCA", dt.date(2025, 3, 18),
    ),
    (
        "cstd-co-so", "TNH", 2024,
        ("Trần Thị Bích Ngọc (mẫu)", "Đại úy", "Đội trưởng Đội Cảnh sát quản lý hành chính"),
        "2105/QĐ-CAT", dt.date(2024, 12, 20),
    ),
    (
        "bk-bo-truong", "BPC", 2024,
        ("Lê Minh Tuấn (mẫu)", "Trung tá", "Phó Trưởng phòng Cảnh sát điều tra tội phạm về ma túy"),
        "1733/QĐ-BCA", dt.date(2025, 3, 21),
    ),
    (
        "chien-si-tien-tien", "SLA", 2024,
        ("Lò Thị Mai (mẫu)", "Thiếu tá", "Phó Đội trưởng Đội Tham mưu"),
        "3016/QĐ-CAT", dt.date(2024, 12, 27),
    ),
]  # fmt: skip
# Proposals of Cụm 10 (2024) made by hand, left at each step of the workflow (sample).
PROPOSED_PERSON = ("Nguyễn Hữu Phước (mẫu)", "Thiếu tá", "Đội trưởng Đội Cảnh sát hình sự")


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(
        day.year, day.month, day.day, hour, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )


def load(*, password: str, stdout: Any) -> list[tuple[str, str]]:
    ensure_catalogue(Title)
    cum10 = Cluster.objects.filter(year=2024, number=10, level=ClusterLevel.MINISTRY).first()
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=[OFFICE, OFFICER, UNIT_OFFICER])
    }
    if cum10 is None or OFFICE not in users or OFFICER not in users:
        return []
    office, officer = users[OFFICE], users[OFFICER]
    granted = _vote_results(cum10, officer, office)
    added = _sample_awards(office)
    drafted = _sample_proposals(cum10, officer, office, users.get(UNIT_OFFICER))
    if granted or added or drafted:
        stdout.write(
            f"Loaded demo awards: {granted} from Cụm 10's vote, {added} sample awards, "
            f"{drafted} sample proposals."
        )
    return []


def _vote_results(cluster: Cluster, officer: Any, office: Any) -> int:
    """The 2024 vote's proposals: submitted to the council, then granted."""
    vote = Vote.objects.filter(
        cluster=cluster, is_sample=True, round=1, status=VoteStatus.CLOSED
    ).first()
    if vote is None:
        return 0
    count = 0
    for proposal in domain.proposals_from_vote(vote=vote, by=officer):
        if proposal.status == ProposalStatus.PROPOSED:
            proposal = domain.proposal_submit(
                proposal=proposal, by=officer, expected_version=proposal.version,
                submitted_at=SUBMITTED, at=_at(SUBMITTED),
            )  # fmt: skip
        if proposal.status == ProposalStatus.SUBMITTED and proposal.title.code in DECISIONS:
            number, day = DECISIONS[proposal.title.code]
            domain.proposal_grant(
                proposal=proposal, by=office, expected_version=proposal.version,
                decision_number=number, decision_date=day, note=NOTE, at=_at(day, 14),
            )  # fmt: skip
            count += 1
    return count


def _sample_awards(office: Any) -> int:
    titles = {t.code: t for t in Title.objects.all()}
    units = {u.code: u for u in Unit.objects.filter(code__in={row[1] for row in SAMPLE_AWARDS})}
    count = 0
    for code, unit_code, year, person, number, day in SAMPLE_AWARDS:
        unit, title = units.get(unit_code), titles.get(code)
        if unit is None or title is None:
            continue
        name, rank, position = person or ("", "", "")
        if Award.objects.filter(title=title, unit=unit, year=year, person_name=name).exists():
            continue
        domain.award_create(
            title=title, unit=unit, year=year, decision_number=number, decision_date=day,
            recipient=Recipient.PERSON if person else Recipient.UNIT, person_name=name,
            person_rank=rank, person_position=position, note=NOTE, is_sample=True, by=office,
            at=_at(day, 15),
        )  # fmt: skip
        count += 1
    return count


def _sample_proposals(cluster: Cluster, officer: Any, office: Any, unit_officer: Any) -> int:
    """One proposal at each remaining step: drafted by Bình Phước's officer, submitted,
    not granted."""
    titles = {t.code: t for t in Title.objects.all()}
    units = {u.code: u for u in Unit.objects.filter(code__in=("BPC", "BDG", "DNI"))}
    if len(units) < 3:
        return 0
    existing = Proposal.objects.filter(cluster=cluster, is_sample=True, source="manual")
    if existing.exists():
        return 0
    day = dt.date(2024, 11, 25)
    drafter = unit_officer or officer
    name, rank, position = PROPOSED_PERSON
    domain.proposal_create(
        cluster=cluster, title=titles["cstd-cand"], unit=units["BPC"], recipient=Recipient.PERSON,
        person_name=name, person_rank=rank, person_position=position, proposed_at=day,
        achievements="Chỉ huy triệt phá 3 chuyên án ma túy trong năm 2024 (mẫu).", is_sample=True,
        by=drafter, at=_at(day),
    )  # fmt: skip
    waiting = domain.proposal_create(
        cluster=cluster, title=titles["bk-bo-truong"], unit=units["BDG"], proposed_at=day,
        achievements="Dẫn đầu cụm về tỷ lệ giải quyết tố giác, tin báo về tội phạm (mẫu).",
        is_sample=True, by=officer, at=_at(day),
    )  # fmt: skip
    domain.proposal_submit(
        proposal=waiting, by=officer, expected_version=waiting.version, submitted_at=SUBMITTED,
        at=_at(SUBMITTED),
    )  # fmt: skip
    refused = domain.proposal_create(
        cluster=cluster, title=titles["tap-the-ldxs"], unit=units["DNI"], proposed_at=day,
        achievements="Hoàn thành vượt mức các chỉ tiêu thi đua năm 2024 (mẫu).", is_sample=True,
        by=officer, at=_at(day),
    )  # fmt: skip
    refused = domain.proposal_submit(
        proposal=refused, by=officer, expected_version=refused.version, submitted_at=SUBMITTED,
        at=_at(SUBMITTED),
    )  # fmt: skip
    decided = dt.date(2025, 3, 10)
    domain.proposal_reject(
        proposal=refused, by=office, expected_version=refused.version,
        reason="Hội đồng xét: chưa đạt tiêu chuẩn “Tập thể lao động xuất sắc” do còn để xảy ra "
        "vụ việc phức tạp chưa giải quyết dứt điểm (mẫu).",
        at=_at(decided, 14),
    )  # fmt: skip
    return 3
