"""Demo conferences: the five the seeds report (shared/seeds), with the people they name.

- Cụm 1, 30/3/2023, Công an TP Cần Thơ (seed 001, ANTĐ): covenant signing, theme and seven
  contents; Thiếu tướng Nguyễn Văn Thuận (Giám đốc, host) and Đại tá Phạm Thanh Hùng
  (Phó Giám đốc CATP Hà Nội) spoke.
- Cụm 2, 18/3/2024, Sơn La (seed 004, CAND): covenant signing, seven tasks, 150 million VND
  for a house for an officer in hardship.
- Cụm 4, 25/3/2025 (seed 000): covenant signing of the Ministry's departments; Trung tướng
  Trần Minh Lệ (Cục trưởng Cục C05) spoke. The place is not reported.
- Cụm 8, 14/2/2025, Công an tỉnh Bà Rịa – Vũng Tàu (seed 002): covenant signing, the slogan.
- Cụm 10, 23/11/2024, Công an tỉnh Tây Ninh (seed 003, PLO): year-end summary with
  Thiếu tướng Cao Đăng Hưng and Thiếu tướng Lê Hoàng Hiệp, the vote for the flags and the
  handover of head and deputy to Long An and Đồng Nai.

The outcomes link to the demo covenants, vote and handover (thidua.covenants.demo,
thidua.voting.demo, thidua.org.demo). Who chaired is the seeds' main speaker of the host
unit where they name one, else left blank; anything assumed says so in the note. Every
conference is marked `is_sample`. Idempotent: a conference already there is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model

from thidua.conferences import domain
from thidua.conferences.models import Conference, ConferenceKind, ConferenceStatus, Outcome
from thidua.covenants.models import Covenant
from thidua.org.models import Cluster, ClusterLevel, Handover, Unit
from thidua.voting.models import Vote

OFFICE_USER = "cuc.ctct"
VNATQ = "“Vì an ninh Tổ quốc”"

# rank, name, position, organisation
Person = tuple[str, str, str, str]


@dataclass(frozen=True)
class Spec:
    year: int
    number: int
    kind: str
    day: dt.date
    title: str
    place: str
    host: str | None
    agenda: str
    minutes: str
    note: str
    chair: Person | None = None
    guests: tuple[Person, ...] = ()
    outcomes: tuple[str, ...] = field(default=())  # "covenant", "vote", "handover"


THUAN = ("Thiếu tướng", "Nguyễn Văn Thuận", "Giám đốc", "Công an thành phố Cần Thơ")
HUNG = ("Đại tá", "Phạm Thanh Hùng", "Phó Giám đốc", "Công an thành phố Hà Nội")
LE = (
    "Trung tướng",
    "Trần Minh Lệ",
    "Cục trưởng",
    "Cục Cảnh sát phòng, chống tội phạm về môi trường",
)
CAO_DANG_HUNG = ("Thiếu tướng", "Cao Đăng Hưng", "Phó Chánh Văn phòng", "Bộ Công an")
HIEP = (
    "Thiếu tướng",
    "Lê Hoàng Hiệp",
    "Phó Cục trưởng",
    "Cục Công tác đảng và công tác chính trị",
)

SPECS = [
    Spec(
        year=2023,
        number=1,
        kind=ConferenceKind.SIGNING,
        day=dt.date(2023, 3, 30),
        title=f"Hội nghị ký giao ước phong trào thi đua {VNATQ} năm 2023",
        place="Công an thành phố Cần Thơ",
        host="CTO",
        chair=(THUAN[0], THUAN[1], f"{THUAN[2]} {THUAN[3]}", ""),
        guests=(HUNG,),
        agenda=(
            "Thông qua nội dung giao ước thi đua năm 2023 do Công an thành phố Cần Thơ "
            "(đơn vị Cụm trưởng) chuẩn bị\n"
            "Ý kiến tham gia của các đơn vị\n"
            "Lãnh đạo Công an 5 thành phố trực thuộc Trung ương ký kết giao ước thi đua"
        ),
        minutes=(
            "Lãnh đạo Công an 5 thành phố Hà Nội, TP. Hồ Chí Minh, Đà Nẵng, Hải Phòng và Cần "
            "Thơ thống nhất ký kết giao ước thi đua năm 2023 với chủ đề “Xây dựng lực lượng "
            "CAND thật sự trong sạch, vững mạnh, chính quy, tinh nhuệ, hiện đại - hướng về cơ "
            "sở”, tập trung thực hiện 7 nội dung chủ yếu.\n"
            "Chỉ tiêu: 100% tố giác, tin báo về tội phạm, kiến nghị khởi tố được tiếp nhận, xử "
            "lý, tỷ lệ giải quyết đạt trên 90%; tỷ lệ điều tra, khám phá án đạt trên 75% và án "
            "rất nghiêm trọng, đặc biệt nghiêm trọng đạt trên 90%.\n"
            "Đại tá Phạm Thanh Hùng, Phó Giám đốc CATP Hà Nội, nhất trí với nội dung do CATP Cần "
            "Thơ chuẩn bị; CATP Hà Nội xin đăng cai tổ chức giao lưu, học tập kinh nghiệm giữa "
            "các gương điển hình tiên tiến và giữa cán bộ làm công tác thi đua, khen thưởng, gắn "
            "với hoạt động về nguồn tại các di tích lịch sử về Bác Hồ.\n"
            "Thiếu tướng Nguyễn Văn Thuận, Giám đốc Công an TP Cần Thơ, thay mặt các đơn vị "
            "trong Cụm khẳng định sẽ tích cực tổ chức các hoạt động thi đua; phát hiện, bồi "
            "dưỡng, nhân rộng các điển hình tiên tiến; tăng cường giao lưu, chia sẻ kinh "
            "nghiệm giữa các đơn vị."
        ),
        note=(
            "Dữ liệu mẫu theo báo ANTĐ về hội nghị ngày 30/3/2023. Việc Thiếu tướng Nguyễn Văn "
            "Thuận chủ trì là giả định (ông phát biểu thay mặt các đơn vị, đơn vị đăng cai là "
            "Cụm trưởng)."
        ),
        outcomes=("covenant",),
    ),
    Spec(
        year=2024,
        number=2,
        kind=ConferenceKind.SIGNING,
        day=dt.date(2024, 3, 18),
        title=f"Hội nghị ký kết giao ước thi đua thực hiện phong trào thi đua {VNATQ} năm 2024",
        place="Sơn La",
        host="SLA",
        agenda=(
            "Buổi sáng: dâng hương, báo công tại Đền thờ Bác Hồ – Quảng trường Tây Bắc\n"
            "Thảo luận, thống nhất nội dung giao ước thi đua năm 2024 và quy chế tổ chức, hoạt "
            "động của Cụm thi đua\n"
            "Ký kết giao ước thi đua"
        ),
        minutes=(
            "Cụm thi đua số 2 (Công an các tỉnh Sơn La, Lào Cai, Điện Biên, Lai Châu, Yên Bái) "
            "thống nhất giao ước thi đua với 7 nhiệm vụ trọng tâm, trong đó: chủ động nắm chắc "
            "tình hình, bảo vệ an ninh quốc gia, không để xảy ra bạo loạn, khủng bố, phá hoại; "
            "phấn đấu kéo giảm số vụ phạm tội về TTATXH; 100% tố giác, tin báo về tội phạm, "
            "kiến nghị khởi tố được tiếp nhận, xử lý, tỷ lệ giải quyết đạt trên 90%; tỷ lệ điều "
            "tra, khám phá đạt trên 75% và án rất nghiêm trọng, đặc biệt nghiêm trọng đạt trên "
            "90%.\n"
            "Các đơn vị Công an trong Cụm thống nhất đóng góp 150 triệu đồng để xây dựng nhà "
            "tình nghĩa cho trường hợp cán bộ, chiến sĩ có hoàn cảnh đặc biệt khó khăn tại đơn "
            "vị Cụm trưởng."
        ),
        note=(
            "Dữ liệu mẫu theo báo CAND về hội nghị ngày 18/3/2024 tại Sơn La (đơn vị Cụm "
            "trưởng). Báo không nêu tên người chủ trì, đại biểu."
        ),
        outcomes=("covenant",),
    ),
    Spec(
        year=2025,
        number=4,
        kind=ConferenceKind.SIGNING,
        day=dt.date(2025, 3, 25),
        title=(
            f"Lễ ký giao ước thi đua và phát động phong trào thi đua {VNATQ} năm 2025 – "
            "Khối các đơn vị trực thuộc Bộ"
        ),
        place="Hà Nội (mẫu)",
        host=None,
        chair=(LE[0], LE[1], f"{LE[2]} {LE[3]}", ""),
        agenda=(
            "Thông qua Kế hoạch triển khai công tác và phát động phong trào thi đua "
            f"{VNATQ} năm 2025\n"
            "Phát biểu của Trung tướng Trần Minh Lệ, Cục trưởng Cục C05\n"
            "Ký giao ước thi đua"
        ),
        minutes=(
            "Các đơn vị thống nhất thông qua Kế hoạch triển khai công tác và phát động phong "
            f"trào thi đua {VNATQ} năm 2025; quán triệt Nghị quyết số 12 của Bộ Chính trị, "
            "Nghị quyết số 23 của Đảng ủy Công an Trung ương, Chỉ thị số 09 của Bộ trưởng "
            "Công an.\n"
            "Trung tướng Trần Minh Lệ nhấn mạnh: nội dung và chỉ tiêu thi đua của Cụm bám sát "
            "nhiệm vụ chính trị của từng đơn vị; kéo giảm ít nhất 5% số vụ phạm tội về trật tự "
            "xã hội so với năm 2024; giảm 5–10% số vụ án, vụ việc tạm đình chỉ so với năm "
            "2024; 100% tố giác, tin báo về tội phạm, kiến nghị khởi tố được tiếp nhận, xử lý, "
            "tỷ lệ giải quyết đạt trên 90%."
        ),
        note=(
            "Dữ liệu mẫu theo bản tin ngày 25/3/2025 (ảnh: Cục C05). Địa điểm không được nêu "
            "(“Hà Nội” là giả định); việc Trung tướng Trần Minh Lệ chủ trì là giả định."
        ),
        outcomes=("covenant",),
    ),
    Spec(
        year=2025,
        number=8,
        kind=ConferenceKind.SIGNING,
        day=dt.date(2025, 2, 14),
        title=f"Hội nghị ký giao ước thi đua trong phong trào {VNATQ} năm 2025",
        place="Công an tỉnh Bà Rịa – Vũng Tàu",
        host="BVT",
        agenda=(
            "Thống nhất nội dung giao ước thi đua năm 2025\n"
            "Lãnh đạo Công an các tỉnh Phú Yên, Khánh Hòa, Ninh Thuận, Bình Thuận, Bà Rịa – "
            "Vũng Tàu ký kết giao ước thi đua"
        ),
        minutes=(
            "Khẩu hiệu hành động: “Gương mẫu đi đầu, tăng tốc bứt phá thực hiện các chủ trương "
            "của Đảng, pháp luật của Nhà nước; xây dựng lực lượng Công an Nhân dân thực sự "
            "trong sạch, vững mạnh, chính quy, tinh nhuệ, hiện đại”.\n"
            "Nhiệm vụ chủ yếu: kéo giảm ít nhất 05% các vụ phạm tội về trật tự xã hội; không để "
            "hình thành các băng, nhóm tội phạm nguy hiểm; giảm 5% cả 3 tiêu chí về số vụ, số "
            "người chết và số người bị thương do tai nạn giao thông; giảm 10% các vụ cháy lớn; "
            "bảo đảm an ninh, an toàn các cơ sở giam giữ; đẩy mạnh cải cách hành chính.\n"
            "Triển khai Chỉ thị số 41 ngày 28/12/2024 của Bộ Chính trị về tăng cường sự lãnh "
            "đạo của Đảng đối với công tác thi đua, khen thưởng; tổ chức các hoạt động kỷ niệm "
            "80 năm Ngày truyền thống CAND và 20 năm Ngày hội toàn dân bảo vệ an ninh Tổ quốc."
        ),
        note=(
            "Dữ liệu mẫu theo bản tin ngày 14/2/2025 (tin, ảnh: Trí Nhân – Trung Hải). Bản tin "
            "không nêu tên người chủ trì, đại biểu."
        ),
        outcomes=("covenant",),
    ),
    Spec(
        year=2024,
        number=10,
        kind=ConferenceKind.YEAR_END,
        day=dt.date(2024, 11, 23),
        title=f"Hội nghị tổng kết phong trào thi đua {VNATQ} năm 2024",
        place="Công an tỉnh Tây Ninh",
        host="TNH",
        guests=(CAO_DANG_HUNG, HIEP),
        agenda=(
            f"Báo cáo tổng kết phong trào thi đua {VNATQ} năm 2024 của Cụm\n"
            "Phát biểu chỉ đạo của Thiếu tướng Lê Hoàng Hiệp, Phó Cục trưởng Cục Công tác đảng "
            "và công tác chính trị\n"
            "Trao kinh phí hỗ trợ xây dựng nhà ở cho gia đình cán bộ, chiến sĩ có hoàn cảnh "
            "khó khăn\n"
            "Bỏ phiếu suy tôn danh hiệu Cờ thi đua của Bộ Công an, Cờ thi đua của Chính phủ "
            "trên cơ sở kết quả chấm điểm\n"
            "Ký kết bàn giao đơn vị Cụm trưởng (Công an tỉnh Long An) và Cụm phó (Công an tỉnh "
            "Đồng Nai) năm 2025"
        ),
        minutes=(
            "Dự hội nghị có lãnh đạo Công an các tỉnh thuộc Cụm: Tây Ninh, Bình Dương, Bình "
            "Phước, Long An, Đồng Nai.\n"
            "Kết quả: tội phạm xâm phạm trật tự xã hội được kiểm soát; tỷ lệ điều tra, khám phá "
            "án 05/05 tỉnh đạt trên 75%; 03/05 tỉnh có tỷ lệ điều tra, khám phá án rất nghiêm "
            "trọng, đặc biệt nghiêm trọng vượt 90% (Tây Ninh 93,1%, Long An 95,57%, Bình Phước "
            "90,2%); 100% người sử dụng trái phép chất ma túy được lập hồ sơ đưa vào diện quản "
            "lý; lập 2.662/1.438 hồ sơ đưa đối tượng đi cơ sở cai nghiện bắt buộc, vượt chỉ "
            "tiêu Bộ giao.\n"
            "Thiếu tướng Lê Hoàng Hiệp đề nghị các đơn vị tiếp tục nâng cao chất lượng phong "
            "trào thi đua, hướng về cơ sở; xác định cụ thể nội dung giao ước và chỉ tiêu năm "
            "2025; chú trọng phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến, mô hình hay, "
            "cách làm mới; nâng cao chất lượng kiểm tra, sơ kết, tổng kết, bảo đảm khách quan, "
            "chính xác.\n"
            "Cụm đã bỏ phiếu suy tôn danh hiệu Cờ thi đua của Bộ Công an, Cờ thi đua của Chính "
            "phủ trên cơ sở kết quả chấm điểm. Kết thúc hội nghị, các đơn vị ký kết bàn giao "
            "đơn vị Cụm trưởng cho Công an tỉnh Long An và Cụm phó cho Công an tỉnh Đồng Nai."
        ),
        note=(
            "Dữ liệu mẫu theo báo PLO về hội nghị chiều 23/11/2024 tại Công an tỉnh Tây Ninh "
            "(đơn vị Cụm trưởng). Báo không nêu tên người chủ trì; các phiếu bầu là dữ liệu "
            "mẫu của phần bỏ phiếu."
        ),
        outcomes=("vote", "handover"),
    ),
]


def load(*, password: str, stdout: Any) -> list[tuple[str, str]]:
    """Create what is missing; no users are added, so no logins are returned."""
    del password
    by = _author()
    if by is None:
        return []
    created = []
    for spec in SPECS:
        cluster = Cluster.objects.filter(
            year=spec.year, number=spec.number, level=ClusterLevel.MINISTRY
        ).first()
        if cluster is None:
            continue
        conference = Conference.objects.filter(
            cluster=cluster, kind=spec.kind, date=spec.day
        ).first()
        if conference is None:
            conference = _conference(spec, cluster, by)
            created.append(f"Cụm {spec.number} ({spec.day:%d/%m/%Y})")
        for what in spec.outcomes:
            _link(conference, what, by)
    if created:
        stdout.write(f"Loaded the demo conferences: {', '.join(created)}.")
    return []


def _author() -> Any:
    """The Ministry's emulation office records the demo (it manages every demo cluster)."""
    users = get_user_model().objects
    return users.filter(username=OFFICE_USER).first() or (
        users.filter(is_superuser=True).order_by("pk").first()
    )


def _person(person: Person | None) -> dict[str, Any]:
    if person is None:
        return {}
    rank, name, position, organisation = person
    return {
        "chair_rank": rank,
        "chair_name": name,
        "chair_position": f"{position} {organisation}".strip(),
    }


def _conference(spec: Spec, cluster: Cluster, by: Any) -> Conference:
    return domain.conference_create(
        cluster=cluster,
        kind=spec.kind,
        date=spec.day,
        by=by,
        title=spec.title,
        place=spec.place,
        host_unit=Unit.objects.get(code=spec.host) if spec.host else None,
        agenda=spec.agenda,
        minutes=spec.minutes,
        note=spec.note,
        status=ConferenceStatus.HELD,
        guests=[
            domain.GuestInput(rank=r, name=n, position=p, organisation=o)
            for r, n, p, o in spec.guests
        ],
        is_sample=True,
        **_person(spec.chair),
    )


def _record(conference: Conference, what: str) -> Any:
    cluster = conference.cluster
    if what == "covenant":
        return Covenant.objects.filter(cluster=cluster).first()
    if what == "vote":
        return Vote.objects.filter(cluster=cluster, round=1).order_by("pk").first()
    return Handover.objects.filter(from_cluster=cluster).first()


def _link(conference: Conference, what: str, by: Any) -> None:
    record = _record(conference, what)
    if record is None or Outcome.objects.filter(**{what: record}).exists():
        return
    conference.refresh_from_db()
    domain.outcome_link(
        conference=conference, by=by, expected_version=conference.version, **{what: record}
    )
