"""The demo movements, indicator library and covenants, from the seeds (shared/seeds).

What the sources say is used as they say it: the themes, signing dates and places, the
named signers, and the targets the reports quote (seed 000: Cụm 4 of 2025; 001: Cụm 1 of
2023; 002: Cụm 8 of 2025; 003: Cụm 10's year-end report of 2024; 004: Cụm 2 of 2024).
No report gives points, most criteria wording, or per-unit figures, so:

- every point value is sample data (each covenant is marked `is_sample`);
- a criterion whose content or target is not in its covenant's report is `is_sample`;
- sample people, places and dates carry "(mẫu)" in the text.

Everything is written through thidua.covenants.domain, so the demo obeys the same rules as
a user. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from thidua.covenants import domain
from thidua.covenants.domain import Shape
from thidua.covenants.models import (
    Covenant,
    Criterion,
    CriterionKind,
    Indicator,
    Movement,
    MovementKind,
)
from thidua.engine.targets import Target
from thidua.org.models import Cluster, ClusterLevel, Unit, UnitKind

VNATQ = "Vì an ninh Tổ quốc"
PEAK_TET_2024 = (
    "Đợt thi đua cao điểm tấn công, trấn áp tội phạm, bảo đảm an ninh, trật tự "
    "Tết Nguyên đán Giáp Thìn 2024"
)

# ---------------------------------------------------------------------------------------
# The indicator library


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: tuple[str, str]
    unit: tuple[str, str]
    higher_is_better: bool
    numerator: tuple[str, str] = ("", "")
    denominator: tuple[str, str] = ("", "")
    short: tuple[str, str] = ("", "")
    coverage: tuple[str, str] = ("", "")
    event: tuple[str, str] = ("", "")
    sample: bool = False


PERCENT = ("%", "%")
CASES = ("vụ", "cases")

INDICATORS: list[IndicatorSpec] = [
    IndicatorSpec(
        code="toi-pham-trat-tu-xa-hoi",
        name=("số vụ phạm tội về trật tự xã hội", "the number of crimes against social order"),
        unit=CASES,
        higher_is_better=False,
    ),
    IndicatorSpec(
        code="an-tam-dinh-chi",
        name=(
            "số lượng các vụ án, vụ việc tạm đình chỉ",
            "the number of suspended cases and matters",
        ),
        unit=CASES,
        higher_is_better=False,
    ),
    IndicatorSpec(
        code="tiep-nhan-tin-bao",
        name=(
            "tỷ lệ tố giác, tin báo về tội phạm, kiến nghị khởi tố được tiếp nhận, xử lý",
            "the share of crime reports, denunciations and prosecution recommendations "
            "received and handled",
        ),
        unit=PERCENT,
        higher_is_better=True,
        numerator=(
            "số tố giác, tin báo về tội phạm, kiến nghị khởi tố được tiếp nhận, xử lý",
            "reports received and handled",
        ),
        denominator=(
            "tổng số tố giác, tin báo về tội phạm, kiến nghị khởi tố",
            "reports made",
        ),
        coverage=(
            "tố giác, tin báo về tội phạm, kiến nghị khởi tố được tiếp nhận, xử lý",
            "crime reports, denunciations and prosecution recommendations are received and handled",
        ),
    ),
    IndicatorSpec(
        code="giai-quyet-tin-bao",
        name=(
            "tỷ lệ giải quyết tố giác, tin báo về tội phạm, kiến nghị khởi tố",
            "the resolution rate of crime reports, denunciations and prosecution recommendations",
        ),
        unit=PERCENT,
        higher_is_better=True,
        numerator=(
            "số tố giác, tin báo về tội phạm, kiến nghị khởi tố đã giải quyết",
            "reports resolved",
        ),
        denominator=(
            "số tố giác, tin báo về tội phạm, kiến nghị khởi tố đã tiếp nhận",
            "reports received",
        ),
    ),
    IndicatorSpec(
        code="dieu-tra-kham-pha",
        name=("tỷ lệ điều tra, khám phá án", "the case clearance rate"),
        unit=PERCENT,
        higher_is_better=True,
        numerator=("số vụ án đã điều tra, khám phá", "cases solved"),
        denominator=("số vụ án đã khởi tố", "cases prosecuted"),
    ),
    IndicatorSpec(
        code="dieu-tra-kham-pha-rnt-dbnt",
        name=(
            "tỷ lệ điều tra, khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng",
            "the clearance rate of very serious and especially serious cases",
        ),
        unit=PERCENT,
        higher_is_better=True,
        numerator=(
            "số vụ án rất nghiêm trọng, đặc biệt nghiêm trọng đã điều tra, khám phá",
            "very serious and especially serious cases solved",
        ),
        denominator=(
            "số vụ án rất nghiêm trọng, đặc biệt nghiêm trọng đã khởi tố",
            "very serious and especially serious cases prosecuted",
        ),
    ),
    IndicatorSpec(
        code="ho-so-cai-nghien-bat-buoc",
        name=(
            "số hồ sơ đưa đối tượng đi cơ sở cai nghiện bắt buộc",
            "the number of files sending drug users to compulsory rehabilitation",
        ),
        unit=("hồ sơ", "files"),
        higher_is_better=True,
    ),
    IndicatorSpec(
        code="quan-ly-nguoi-su-dung-ma-tuy",
        name=(
            "tỷ lệ người sử dụng trái phép chất ma túy được lập hồ sơ quản lý",
            "the share of illegal drug users placed under management",
        ),
        unit=PERCENT,
        higher_is_better=True,
        numerator=(
            "số người sử dụng trái phép chất ma túy được lập hồ sơ quản lý",
            "drug users placed under management",
        ),
        denominator=(
            "số người sử dụng trái phép chất ma túy được phát hiện",
            "drug users identified",
        ),
        coverage=(
            "người sử dụng trái phép chất ma túy được lập hồ sơ đưa vào diện quản lý",
            "illegal drug users are placed under management",
        ),
    ),
    IndicatorSpec(
        code="tai-nan-giao-thong-so-vu",
        name=("số vụ tai nạn giao thông", "the number of traffic accidents"),
        unit=CASES,
        higher_is_better=False,
        short=("số vụ", "accidents"),
    ),
    IndicatorSpec(
        code="tai-nan-giao-thong-so-nguoi-chet",
        name=("số người chết do tai nạn giao thông", "the number of traffic deaths"),
        unit=("người", "people"),
        higher_is_better=False,
        short=("số người chết", "deaths"),
    ),
    IndicatorSpec(
        code="tai-nan-giao-thong-so-nguoi-bi-thuong",
        name=(
            "số người bị thương do tai nạn giao thông",
            "the number of people injured in traffic accidents",
        ),
        unit=("người", "people"),
        higher_is_better=False,
        short=("số người bị thương", "injuries"),
    ),
    IndicatorSpec(
        code="chay-lon",
        name=(
            "số vụ cháy lớn gây thiệt hại nghiêm trọng về người và tài sản",
            "the number of large fires causing serious loss of life and property",
        ),
        unit=CASES,
        higher_is_better=False,
        event=(
            "cháy lớn gây thiệt hại nghiêm trọng về người và tài sản",
            "large fires causing serious loss of life and property",
        ),
    ),
    IndicatorSpec(
        code="bao-loan-khung-bo",
        name=(
            "số vụ bạo loạn, khủng bố, phá hoại",
            "the number of riots, terrorist attacks and acts of sabotage",
        ),
        unit=CASES,
        higher_is_better=False,
        event=("bạo loạn, khủng bố, phá hoại", "riots, terrorist attacks or sabotage"),
    ),
    IndicatorSpec(
        code="bang-nhom-toi-pham-nguy-hiem",
        name=(
            "số băng, nhóm tội phạm nguy hiểm hoạt động lộng hành",
            "the number of dangerous criminal gangs operating openly",
        ),
        unit=("băng, nhóm", "gangs"),
        higher_is_better=False,
        # Written for zero tolerance: "Không để xảy ra tình trạng …".
        event=(
            "tình trạng băng, nhóm tội phạm nguy hiểm hoạt động lộng hành, gây bức xúc "
            "trong Nhân dân",
            "dangerous criminal gangs operating openly and causing public outrage",
        ),
    ),
    IndicatorSpec(
        code="buon-lau-qua-bien-gioi",
        name=(
            "số vụ buôn lậu, vận chuyển trái phép hàng hóa, tiền tệ qua biên giới "
            "được phát hiện, xử lý",
            "the number of smuggling and illegal cross-border transport cases detected and handled",
        ),
        unit=CASES,
        higher_is_better=True,
    ),
    IndicatorSpec(
        code="vi-pham-kinh-te-moi-truong",
        name=(
            "số vụ vi phạm pháp luật về kinh tế, môi trường, hàng giả, gian lận thương mại "
            "được phát hiện, xử lý",
            "the number of economic, environmental, counterfeiting and trade fraud "
            "violations detected and handled",
        ),
        unit=CASES,
        higher_is_better=True,
    ),
    IndicatorSpec(
        code="cap-can-cuoc-dung-han",
        name=(
            "tỷ lệ hồ sơ cấp căn cước công dân gắn chíp điện tử được giải quyết đúng hạn",
            "the share of chip-based citizen ID applications processed on time",
        ),
        unit=PERCENT,
        higher_is_better=True,
        numerator=("số hồ sơ được giải quyết đúng hạn", "applications processed on time"),
        denominator=("số hồ sơ đã tiếp nhận", "applications received"),
        sample=True,
    ),
]

# ---------------------------------------------------------------------------------------
# Criteria trees


@dataclass(frozen=True)
class TargetSpec:
    shape: str
    indicators: tuple[str, ...]
    number: Decimal | None = None
    max_number: Decimal | None = None
    baseline_year: int | None = None
    subject: tuple[str, str] = ("", "")


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    title: str
    kind: str
    points: int
    children: tuple[CriterionSpec, ...] = ()
    target: TargetSpec | None = None
    # unit code → its own target; None records that the unit has no target.
    unit_targets: Mapping[str, TargetSpec | None] = field(default_factory=dict)
    indicators: tuple[str, ...] = ()
    settings: Mapping[str, Any] = field(default_factory=dict)
    sample: bool = False


def group(
    code: str, title: str, points: int, *children: CriterionSpec, sample: bool = False
) -> CriterionSpec:
    return CriterionSpec(code, title, CriterionKind.GROUP, points, children=children, sample=sample)


def qualitative(code: str, title: str, points: int, *, sample: bool = False) -> CriterionSpec:
    return CriterionSpec(code, title, CriterionKind.QUALITATIVE, points, sample=sample)


def quantitative(
    code: str,
    title: str,
    points: int,
    target: TargetSpec | None,
    *,
    unit_targets: Mapping[str, TargetSpec | None] | None = None,
    sample: bool = False,
) -> CriterionSpec:
    indicators = target.indicators if target else _indicators_of(unit_targets or {})
    return CriterionSpec(
        code, title, CriterionKind.QUANTITATIVE, points, target=target,
        unit_targets=unit_targets or {}, indicators=indicators, sample=sample,
    )  # fmt: skip


def _indicators_of(unit_targets: Mapping[str, TargetSpec | None]) -> tuple[str, ...]:
    return next((t.indicators for t in unit_targets.values() if t is not None), ())


def direct(
    code: str, title: str, points: int, *, per_occurrence: int | None = None, sample: bool = False
) -> CriterionSpec:
    settings = {"per_occurrence": str(per_occurrence)} if per_occurrence else {}
    return CriterionSpec(
        code, title, CriterionKind.DIRECT, points, settings=settings, sample=sample
    )


def bonus_penalty(code: str, points: int) -> CriterionSpec:
    items = [
        {"label": "Được Thủ tướng Chính phủ tặng Bằng khen", "points": "5"},
        {"label": "Được Bộ trưởng tặng Bằng khen", "points": "3"},
        {"label": "Bị phê bình", "points": "-3"},
    ]
    title = (
        f"Điểm cộng, điểm trừ: được khen thưởng đột xuất (cộng tối đa {points} điểm), bị phê "
        "bình (trừ điểm)"
    )
    return CriterionSpec(
        code, title, CriterionKind.BONUS_PENALTY, points, settings={"items": items}, sample=True
    )


def rank_points(code: str, title: str, points: int, *, sample: bool = True) -> CriterionSpec:
    # The default table (1st 60, 2nd 45, 3rd 30, 4th 15, 5th 0) fits a five-unit cluster.
    return CriterionSpec(code, title, CriterionKind.RANK_POINTS, points, sample=sample)


def training(code: str, points: int) -> CriterionSpec:
    return direct(
        code,
        f"Tổ chức tập huấn, bồi dưỡng nghiệp vụ cho cán bộ, chiến sĩ: 5 điểm mỗi lớp, "
        f"tối đa {points} điểm",
        points,
        per_occurrence=5,
        sample=True,
    )


def reduce_by(indicator: str, percent: int, year: int, up_to: int | None = None) -> TargetSpec:
    return TargetSpec(
        Shape.REDUCE, (indicator,), Decimal(percent),
        None if up_to is None else Decimal(up_to), year,
    )  # fmt: skip


def rate_above(indicator: str, percent: int) -> TargetSpec:
    return TargetSpec(Shape.RATE_STRICT, (indicator,), Decimal(percent))


def rate_from(indicator: str, percent: int) -> TargetSpec:
    return TargetSpec(Shape.RATE_INCLUSIVE, (indicator,), Decimal(percent))


def full_coverage(indicator: str) -> TargetSpec:
    return TargetSpec(Shape.FULL_COVERAGE, (indicator,))


def zero_tolerance(indicator: str) -> TargetSpec:
    return TargetSpec(Shape.AT_MOST, (indicator,), Decimal(0))


def at_least(indicator: str, n: int) -> TargetSpec:
    return TargetSpec(Shape.AT_LEAST, (indicator,), Decimal(n))


def traffic(percent: int, year: int) -> TargetSpec:
    return TargetSpec(
        Shape.REDUCE_ALL,
        (
            "tai-nan-giao-thong-so-vu",
            "tai-nan-giao-thong-so-nguoi-chet",
            "tai-nan-giao-thong-so-nguoi-bi-thuong",
        ),
        Decimal(percent),
        None,
        year,
        subject=("tai nạn giao thông", "traffic accidents"),
    )


TIEP_NHAN = "tiep-nhan-tin-bao"
GIAI_QUYET = "giai-quyet-tin-bao"
DTKP = "dieu-tra-kham-pha"
DTKP_RNT = "dieu-tra-kham-pha-rnt-dbnt"
TTXH = "toi-pham-trat-tu-xa-hoi"

# Cụm 8, 2025 (seed 002). The targets and tasks are the report's; the grouping, the points
# and the criteria marked sample are not.
CUM8_2025 = (
    group(
        "I", "Công tác bảo vệ an ninh quốc gia", 150,
        qualitative(
            "1",
            "Chủ động nắm, dự báo chính xác tình hình, giữ vững ổn định an ninh, trật tự "
            "trong mọi tình huống",
            100,
        ),
        qualitative(
            "2",
            "Tham mưu cấp ủy, chính quyền địa phương chủ trương, giải pháp bảo đảm an ninh, "
            "trật tự trên địa bàn",
            50,
            sample=True,
        ),
    ),
    group(
        "II", "Công tác đấu tranh phòng, chống tội phạm, bảo đảm trật tự, an toàn xã hội", 400,
        qualitative(
            "3",
            "Phát huy sức mạnh tổng hợp của cả hệ thống chính trị và toàn dân trong phòng, "
            "chống tội phạm",
            40,
        ),
        quantitative(
            "4",
            "Triển khai đồng bộ các giải pháp kéo giảm ít nhất 05% các vụ phạm tội về trật tự "
            "xã hội",
            120,
            reduce_by(TTXH, 5, 2024),
        ),
        quantitative(
            "5",
            "Không để hình thành các băng, nhóm tội phạm nguy hiểm hoạt động lộng hành, gây "
            "bức xúc trong Nhân dân",
            80,
            zero_tolerance("bang-nhom-toi-pham-nguy-hiem"),
        ),
        quantitative(
            "6", "Tỷ lệ điều tra, khám phá án", 80, rate_above(DTKP, 75), sample=True
        ),
        quantitative(
            "7", "Tiếp nhận, xử lý tố giác, tin báo về tội phạm, kiến nghị khởi tố", 80,
            full_coverage(TIEP_NHAN), sample=True,
        ),
    ),
    group(
        "III", "Công tác quản lý nhà nước về an ninh, trật tự", 250,
        group(
            "8", "Kiềm chế tai nạn giao thông, cháy, nổ", 150,
            quantitative(
                "8.1",
                "Kiềm chế tai nạn giao thông, phấn đấu giảm 5% cả 3 tiêu chí về số vụ, số người "
                "chết và số người bị thương",
                90,
                traffic(5, 2024),
            ),
            quantitative(
                "8.2",
                "Phấn đấu giảm 10% các vụ cháy lớn gây thiệt hại nghiêm trọng về người và tài "
                "sản",
                60,
                reduce_by("chay-lon", 10, 2024),
            ),
        ),
        qualitative("9", "Bảo đảm an ninh, an toàn các cơ sở giam giữ", 40),
        rank_points(
            "10",
            "Đẩy mạnh cải cách hành chính trong các mặt công tác: điểm theo thứ hạng trong Cụm "
            "về kết quả cải cách hành chính do Bộ Công an đánh giá",
            60,
        ),
    ),
    group(
        "IV", "Công tác xây dựng Đảng, xây dựng lực lượng", 120,
        qualitative(
            "11", "Gương mẫu đi đầu trong sắp xếp tinh gọn tổ chức bộ máy công an các cấp", 50
        ),
        qualitative(
            "12",
            "Phấn đấu đến hết năm 2025 có 6 lực lượng tiến thẳng lên hiện đại theo tinh thần "
            "Nghị quyết số 12-NQ/TW của Bộ Chính trị",
            40,
        ),
        training("13", 30),
    ),
    group(
        "V", "Công tác thi đua, khen thưởng", 80,
        qualitative(
            "14",
            "Triển khai có hiệu quả Chỉ thị số 41 ngày 28/12/2024 của Bộ Chính trị về tăng "
            "cường sự lãnh đạo của Đảng đối với công tác thi đua, khen thưởng trong tình hình "
            "mới",
            30,
        ),
        qualitative(
            "15",
            "Tổ chức các hoạt động kỷ niệm 80 năm Ngày truyền thống Công an nhân dân và 20 năm "
            "Ngày hội toàn dân bảo vệ an ninh Tổ quốc",
            20,
        ),
        direct(
            "16",
            "Phát hiện, bồi dưỡng, tuyên truyền sâu rộng các điển hình tiên tiến; kịp thời "
            "biểu dương, khen thưởng tập thể, cá nhân (Cụm trưởng chấm)",
            20,
        ),
        bonus_penalty("17", 10),
    ),
)  # fmt: skip

# Cụm 4, 2025 (seed 000): the departments' cluster. The report's targets and tasks; the
# points and the criteria marked sample are not in it.
CUM4_2025 = (
    group(
        "I", "Công tác tham mưu, quán triệt và thực hiện các chủ trương, chỉ đạo", 200,
        qualitative(
            "1",
            "Làm tốt công tác tham mưu chiến lược; tham mưu với Đảng ủy Công an Trung ương, "
            "lãnh đạo Bộ Công an",
            100,
        ),
        qualitative(
            "2",
            "Quán triệt, thực hiện nghiêm Nghị quyết số 12 của Bộ Chính trị, Nghị quyết số 23 "
            "của Đảng ủy Công an Trung ương và Chỉ thị số 09 của Bộ trưởng Công an về nhiệm vụ "
            "công tác công an năm 2025",
            100,
        ),
    ),
    group(
        "II", "Công tác đấu tranh, phòng chống tội phạm", 430,
        qualitative(
            "3",
            "Giải quyết triệt để nguyên nhân, điều kiện phát sinh tội phạm ngay từ đầu và tại "
            "cơ sở",
            50,
        ),
        quantitative(
            "4", "Kéo giảm số vụ phạm tội về trật tự xã hội", 100, reduce_by(TTXH, 5, 2024)
        ),
        quantitative(
            "5", "Giảm số lượng các vụ án, vụ việc tạm đình chỉ", 80,
            reduce_by("an-tam-dinh-chi", 5, 2024, up_to=10),
        ),
        group(
            "6",
            "Tiếp nhận, giải quyết tố giác, tin báo về tội phạm, kiến nghị khởi tố đạt vượt "
            "chỉ tiêu Quốc hội giao",
            140,
            quantitative(
                "6.1", "Tiếp nhận, xử lý tố giác, tin báo về tội phạm, kiến nghị khởi tố", 60,
                full_coverage(TIEP_NHAN),
            ),
            quantitative(
                "6.2", "Tỷ lệ giải quyết tố giác, tin báo về tội phạm, kiến nghị khởi tố", 80,
                rate_above(GIAI_QUYET, 90),
            ),
        ),
        rank_points(
            "7",
            "Hoàn thành và hoàn thành vượt mức chỉ tiêu chuyên môn Bộ Công an giao cho từng "
            "đơn vị: điểm theo thứ hạng trong Cụm",
            60,
        ),
    ),
    group(
        "III", "Công tác xây dựng Đảng, xây dựng lực lượng", 200,
        qualitative(
            "8",
            "Nâng cao chất lượng sinh hoạt cấp ủy, năng lực lãnh đạo, sức chiến đấu của tổ "
            "chức đảng",
            70,
        ),
        qualitative(
            "9",
            "Đổi mới, nâng cao chất lượng công tác thanh tra, kiểm tra, giám sát, kỷ luật Đảng",
            60,
        ),
        qualitative(
            "10",
            "Nâng cao chất lượng, hiệu quả hoạt động của các tổ chức quần chúng, phát huy tinh "
            "thần chủ động, sáng tạo",
            40,
        ),
        training("11", 30),
    ),
    group(
        "IV", "Công tác thi đua, khen thưởng và hoạt động của Cụm", 170,
        qualitative(
            "12",
            "Thực hiện Kế hoạch triển khai công tác và phát động phong trào thi đua “Vì an ninh "
            "Tổ quốc” năm 2025 của Cụm",
            60,
        ),
        direct(
            "13",
            "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến (Cụm trưởng chấm)",
            50,
            sample=True,
        ),
        direct(
            "14",
            "Tham gia các hoạt động chung, thông tin, báo cáo đầy đủ, đúng hạn (Cụm trưởng "
            "chấm)",
            40,
            sample=True,
        ),
        bonus_penalty("15", 20),
    ),
)  # fmt: skip

# Cụm 1, 2023 (seed 001): "7 nội dung chủ yếu". The report names their substance but does
# not number them; the seven groups follow its order.
CUM1_2023 = (
    group(
        "I", "Tham mưu cấp ủy, chính quyền về bảo đảm an ninh, trật tự", 100,
        qualitative(
            "1",
            "Chủ động tham mưu với cấp ủy, chính quyền các cấp trong lãnh đạo, chỉ đạo triển "
            "khai các chủ trương, đường lối của Đảng, chính sách pháp luật của Nhà nước về bảo "
            "đảm an ninh, trật tự",
            50,
        ),
        qualitative(
            "2",
            "Thực hiện theo tinh thần Nghị quyết số 12 của Bộ Chính trị phù hợp với yêu cầu "
            "công tác Công an",
            50,
        ),
    ),
    group(
        "II", "Phòng ngừa, đấu tranh, trấn áp tội phạm", 200,
        qualitative(
            "3",
            "Quyết liệt triển khai các biện pháp phòng ngừa nghiệp vụ và phòng ngừa xã hội, "
            "phấn đấu đẩy lùi tội phạm, giữ vững kỷ cương xã hội",
            50,
        ),
        qualitative(
            "4",
            "Tổ chức các đợt cao điểm tấn công, trấn áp tội phạm có tổ chức, tội phạm hình sự "
            "nguy hiểm, tội phạm ma túy, tham nhũng, tội phạm sử dụng công nghệ cao và vi "
            "phạm pháp luật về môi trường",
            60,
        ),
        quantitative(
            "5", "Kéo giảm số vụ phạm tội về trật tự xã hội", 90,
            reduce_by(TTXH, 3, 2022, up_to=5), sample=True,
        ),
    ),
    group(
        "III",
        "Tiếp nhận tố giác, tin báo, kiến nghị khởi tố và điều tra, khám phá án đạt, vượt "
        "chỉ tiêu Quốc hội giao",
        220,
        quantitative(
            "6", "Tiếp nhận, xử lý tố giác, tin báo về tội phạm, kiến nghị khởi tố", 50,
            full_coverage(TIEP_NHAN),
        ),
        quantitative(
            "7", "Tỷ lệ giải quyết tố giác, tin báo về tội phạm, kiến nghị khởi tố", 50,
            rate_above(GIAI_QUYET, 90),
        ),
        group(
            "8", "Điều tra, khám phá án", 120,
            quantitative("8.1", "Tỷ lệ điều tra, khám phá án", 60, rate_above(DTKP, 75)),
            quantitative(
                "8.2", "Tỷ lệ điều tra, khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng", 60,
                rate_above(DTKP_RNT, 90),
            ),
        ),
    ),
    group(
        "IV",
        "Quản lý nhà nước về an ninh, trật tự; Đề án 06; cơ sở dữ liệu quốc gia về dân cư và "
        "căn cước công dân gắn chíp điện tử",
        150,
        rank_points(
            "9",
            "Thực hiện hiệu quả Đề án 06: điểm theo thứ hạng trong Cụm do Bộ Công an đánh giá",
            60,
        ),
        quantitative(
            "10", "Cấp căn cước công dân gắn chíp điện tử đúng hạn", 50,
            rate_from("cap-can-cuoc-dung-han", 98), sample=True,
        ),
        qualitative(
            "11", "Nâng cao hiệu lực, hiệu quả công tác quản lý nhà nước về an ninh, trật tự", 40
        ),
    ),
    group(
        "V", "Kiềm chế tai nạn giao thông, cháy, nổ", 100,
        quantitative("12", "Kiềm chế tai nạn giao thông", 60, traffic(5, 2022), sample=True),
        quantitative(
            "13", "Kiềm chế cháy, nổ", 40, zero_tolerance("chay-lon"), sample=True
        ),
    ),
    group(
        "VI",
        "Xây dựng lực lượng Công an nhân dân thật sự trong sạch, vững mạnh, chính quy, tinh "
        "nhuệ, hiện đại - hướng về cơ sở",
        130,
        qualitative(
            "14", "Củng cố, nâng cao năng lực Công an xã, phường, thị trấn", 50, sample=True
        ),
        training("15", 30),
        direct(
            "16", "Chấp hành điều lệnh, kỷ cương, kỷ luật (Cụm trưởng chấm)", 50, sample=True
        ),
    ),
    group(
        "VII", "Quan hệ phối hợp công tác gắn với phong trào thi đua trong Cụm", 100,
        qualitative(
            "17",
            "Nâng cao chất lượng, hiệu quả quan hệ phối hợp công tác gắn với phong trào thi "
            "đua, tạo không khí đoàn kết, gắn bó trong Cụm",
            40,
        ),
        direct(
            "18",
            "Phát hiện, bồi dưỡng, nhân rộng các điển hình tiên tiến; giao lưu, học tập kinh "
            "nghiệm giữa các gương điển hình tiên tiến (Cụm trưởng chấm)",
            40,
        ),
        bonus_penalty("19", 20),
    ),
)  # fmt: skip

# Cụm 2, 2024 (seed 004): "7 nhiệm vụ trọng tâm", of which the report quotes the first
# ones; the groups it does not name are sample.
CUM2_2024 = (
    group(
        "I", "Chủ động nắm chắc tình hình, bảo vệ an ninh quốc gia", 200,
        quantitative(
            "1", "Không để xảy ra bạo loạn, khủng bố, phá hoại", 80,
            zero_tolerance("bao-loan-khung-bo"),
        ),
        qualitative("2", "Không để hình thành tổ chức chính trị đối lập trong nước", 60),
        qualitative(
            "3", "Chủ động nắm chắc tình hình, không để bị động, bất ngờ", 60, sample=True
        ),
    ),
    group(
        "II",
        "Chủ động nhận diện các loại tội phạm; phòng ngừa, đấu tranh trấn áp, điều tra, xử lý "
        "tội phạm hiệu quả",
        150,
        # The report asks for a reduction without a figure: met or not, not a percentage.
        qualitative(
            "4", "Kéo giảm số vụ phạm tội về trật tự, an toàn xã hội", 80
        ),
        qualitative(
            "5",
            "Triển khai các giải pháp, biện pháp phòng ngừa, đấu tranh trấn áp, điều tra, xử lý "
            "tội phạm hiệu quả",
            70,
        ),
    ),
    group(
        "III", "Kịp thời giải quyết những nguyên nhân, điều kiện nảy sinh tội phạm", 100,
        qualitative(
            "6", "Giải quyết những nguyên nhân, điều kiện nảy sinh tội phạm ngay từ cơ sở", 60
        ),
        direct(
            "7",
            "Xây dựng, nhân rộng mô hình phòng ngừa tội phạm tại cơ sở: 10 điểm mỗi mô hình, "
            "tối đa 40 điểm",
            40,
            per_occurrence=10,
            sample=True,
        ),
    ),
    group(
        "IV",
        "Tiếp nhận, giải quyết tố giác, tin báo về tội phạm, kiến nghị khởi tố; điều tra, "
        "khám phá án",
        250,
        quantitative(
            "8", "Tiếp nhận, xử lý tố giác, tin báo về tội phạm, kiến nghị khởi tố", 50,
            full_coverage(TIEP_NHAN),
        ),
        quantitative(
            "9", "Tỷ lệ giải quyết tố giác, tin báo về tội phạm, kiến nghị khởi tố", 60,
            rate_above(GIAI_QUYET, 90),
        ),
        quantitative("10", "Tỷ lệ điều tra, khám phá án", 70, rate_above(DTKP, 75)),
        quantitative(
            "11", "Tỷ lệ điều tra, khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng", 70,
            rate_above(DTKP_RNT, 90),
        ),
    ),
    group(
        "V", "Siết chặt kỷ cương, điều lệnh Công an nhân dân", 100,
        rank_points(
            "12",
            "Kết quả kiểm tra điều lệnh, kỷ luật: điểm theo thứ hạng trong Cụm do Bộ Công an "
            "đánh giá",
            60,
        ),
        qualitative(
            "13", "Không có cán bộ, chiến sĩ vi phạm kỷ luật phải xử lý bằng hình thức kỷ luật",
            40, sample=True,
        ),
    ),
    group(
        "VI", "Xây dựng lực lượng, chăm lo đời sống cán bộ, chiến sĩ", 100,
        qualitative(
            "14",
            "Đóng góp xây dựng nhà tình nghĩa cho cán bộ, chiến sĩ có hoàn cảnh đặc biệt khó "
            "khăn tại đơn vị Cụm trưởng (cả Cụm 150 triệu đồng)",
            40,
        ),
        training("15", 30),
        direct(
            "16", "Chất lượng thông tin, báo cáo phục vụ hoạt động của Cụm (Cụm trưởng chấm)",
            30, sample=True,
        ),
        sample=True,
    ),
    group(
        "VII", "Thực hiện Quy chế tổ chức và hoạt động của Cụm thi đua", 100,
        qualitative(
            "17",
            "Thực hiện Quy chế tổ chức và hoạt động của Cụm; quyết tâm thực hiện chỉ tiêu thi "
            "đua do Bộ Công an giao",
            50,
        ),
        direct(
            "18", "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến (Cụm trưởng chấm)", 30,
            sample=True,
        ),
        bonus_penalty("19", 20),
    ),
)  # fmt: skip

# Cụm 10, 2024: the targets the Ministry gave, as the year-end report of 23/11/2024
# (seed 003) quotes them. The cluster's 1.438 rehabilitation files are split per unit as
# sample figures; the border criterion has no target for the two provinces without a
# border (Bình Dương, Đồng Nai).
REHAB_2024 = {"BDG": 420, "DNI": 390, "LAN": 230, "TNH": 218, "BPC": 180}
REHAB = "ho-so-cai-nghien-bat-buoc"
CUM10_2024 = (
    group(
        "I", "Công tác bảo vệ an ninh chính trị", 150,
        qualitative(
            "1",
            "Làm tốt công tác nắm tình hình, quản lý đối tượng, quản lý chặt địa bàn, không để "
            "xảy ra bị động, bất ngờ",
            100,
        ),
        quantitative(
            "2", "Không để xảy ra bạo loạn, khủng bố, phá hoại", 50,
            zero_tolerance("bao-loan-khung-bo"), sample=True,
        ),
    ),
    group(
        "II", "Công tác bảo đảm trật tự, an toàn xã hội, đấu tranh phòng, chống tội phạm", 400,
        qualitative(
            "3",
            "Phát động, triển khai có hiệu quả " + PEAK_TET_2024[0].lower() + PEAK_TET_2024[1:],
            40,
        ),
        direct(
            "4",
            "Truy bắt đối tượng truy nã; xác lập chuyên án triệt phá các băng, nhóm tội phạm: "
            "10 điểm mỗi chuyên án, tối đa 40 điểm",
            40,
            per_occurrence=10,
            sample=True,
        ),
        group(
            "5", "Điều tra, khám phá án theo chỉ tiêu Bộ Công an giao", 160,
            quantitative("5.1", "Tỷ lệ điều tra, khám phá án", 80, rate_above(DTKP, 75)),
            quantitative(
                "5.2", "Tỷ lệ điều tra, khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng", 80,
                rate_above(DTKP_RNT, 90),
            ),
        ),
        group(
            "6",
            "Đấu tranh phòng, chống tội phạm, vi phạm pháp luật về kinh tế, buôn lậu, môi "
            "trường đạt, vượt chỉ tiêu Bộ Công an giao",
            80,
            quantitative(
                "6.1",
                "Phát hiện, xử lý các vụ buôn lậu, vận chuyển trái phép hàng hóa, tiền tệ qua "
                "biên giới",
                40,
                at_least("buon-lau-qua-bien-gioi", 25),
                unit_targets={"BDG": None, "DNI": None},
                sample=True,
            ),
            quantitative(
                "6.2",
                "Phát hiện, xử lý các vụ vi phạm pháp luật về kinh tế, môi trường, hàng giả, "
                "gian lận thương mại",
                40,
                at_least("vi-pham-kinh-te-moi-truong", 60),
                sample=True,
            ),
        ),
        quantitative(
            "7", "Kiểm soát tội phạm xâm phạm trật tự xã hội", 80,
            reduce_by(TTXH, 5, 2023), sample=True,
        ),
    ),
    group(
        "III", "Công tác đấu tranh phòng, chống tội phạm và vi phạm pháp luật về ma túy", 150,
        quantitative(
            "8", "Lập hồ sơ quản lý người sử dụng trái phép chất ma túy", 60,
            full_coverage("quan-ly-nguoi-su-dung-ma-tuy"),
        ),
        quantitative(
            "9",
            "Lập hồ sơ đưa đối tượng đi cơ sở cai nghiện bắt buộc (chỉ tiêu Bộ giao cả Cụm: "
            "1.438 hồ sơ; chia theo đơn vị là số liệu mẫu)",
            90,
            None,
            unit_targets={code: at_least(REHAB, n) for code, n in REHAB_2024.items()},
        ),
    ),
    group(
        "IV", "Công tác quản lý nhà nước về an ninh, trật tự", 130,
        quantitative("10", "Kiềm chế tai nạn giao thông", 70, traffic(5, 2023), sample=True),
        rank_points(
            "11",
            "Thực hiện hiệu quả Đề án 06: điểm theo thứ hạng trong Cụm do Bộ Công an đánh giá",
            60,
        ),
        sample=True,
    ),
    group(
        "V", "Công tác xây dựng lực lượng, thi đua, khen thưởng", 170,
        qualitative(
            "12",
            "Triển khai phong trào thi đua “Vì an ninh Tổ quốc”, các đợt thi đua chuyên đề, "
            "ngắn hạn; lồng ghép, gắn kết chặt chẽ với phong trào thi đua yêu nước",
            50,
        ),
        direct(
            "13",
            "Phát hiện, bồi dưỡng, tuyên truyền, nhân rộng điển hình tiên tiến, mô hình hay, "
            "cách làm mới (Cụm trưởng chấm)",
            40,
            sample=True,
        ),
        qualitative(
            "14", "Hỗ trợ xây dựng nhà ở cho gia đình cán bộ, chiến sĩ có hoàn cảnh khó khăn", 30
        ),
        training("15", 30),
        bonus_penalty("16", 20),
    ),
)  # fmt: skip

# ---------------------------------------------------------------------------------------
# Covenants


@dataclass(frozen=True)
class CovenantSpec:
    year: int
    number: int
    theme: str
    signing_date: dt.date
    place: str
    host: str | None
    tree: tuple[CriterionSpec, ...]


COVENANTS = [
    CovenantSpec(
        year=2023,
        number=1,
        theme="Xây dựng lực lượng CAND thật sự trong sạch, vững mạnh, chính quy, tinh nhuệ, "
        "hiện đại - hướng về cơ sở",
        signing_date=dt.date(2023, 3, 30),
        place="Công an thành phố Cần Thơ",
        host="CTO",
        tree=CUM1_2023,
    ),
    CovenantSpec(
        year=2024,
        number=2,
        theme="",
        signing_date=dt.date(2024, 3, 18),
        place="Sơn La",
        host="SLA",
        tree=CUM2_2024,
    ),
    CovenantSpec(
        year=2024,
        number=10,
        # Seed 003: the movement kept close to the Ministry's action slogan.
        theme="Bám sát khẩu hiệu hành động của Bộ Công an “Xây dựng CAND thật sự trong sạch, "
        "vững mạnh, chính quy, tinh nhuệ, hiện đại”",
        signing_date=dt.date(2024, 3, 12),
        place="Công an tỉnh Tây Ninh (mẫu)",
        host="TNH",
        tree=CUM10_2024,
    ),
    CovenantSpec(
        year=2025,
        number=4,
        theme="",
        signing_date=dt.date(2025, 3, 25),
        place="Hà Nội (mẫu)",
        host=None,
        tree=CUM4_2025,
    ),
    CovenantSpec(
        year=2025,
        number=8,
        theme="Gương mẫu đi đầu, tăng tốc bứt phá thực hiện các chủ trương của Đảng, pháp luật "
        "của Nhà nước; xây dựng lực lượng Công an Nhân dân thực sự trong sạch, vững mạnh, "
        "chính quy, tinh nhuệ, hiện đại",
        signing_date=dt.date(2025, 2, 14),
        place="Công an tỉnh Bà Rịa – Vũng Tàu",
        host="BVT",
        tree=CUM8_2025,
    ),
]

# Signers the reports name (seed 001 and seed 000); everyone else is a sample name.
NAMED_SIGNERS = {
    (2023, 1, "CTO"): ("Thiếu tướng Nguyễn Văn Thuận", "Giám đốc Công an thành phố Cần Thơ"),
    (2023, 1, "HNI"): ("Đại tá Phạm Thanh Hùng", "Phó Giám đốc Công an thành phố Hà Nội"),
    (2025, 4, "C05"): (
        "Trung tướng Trần Minh Lệ",
        "Cục trưởng Cục Cảnh sát phòng, chống tội phạm về môi trường",
    ),
}
SAMPLE_NAMES = [
    "Nguyễn Văn An", "Trần Quốc Bảo", "Lê Minh Châu", "Phạm Đức Dũng", "Hoàng Văn Giang",
    "Vũ Thanh Hải", "Đặng Quang Khải", "Bùi Văn Long", "Đỗ Hữu Mạnh", "Ngô Thành Nam",
]  # fmt: skip


def load(*, password: str, stdout: Any) -> list[tuple[str, str]]:
    """Create what is missing; no users are added, so no logins are returned."""
    del password
    movements = _movements()
    indicators = _indicators()
    created = []
    for spec in COVENANTS:
        cluster = _cluster(spec.year, spec.number)
        if not Covenant.objects.filter(cluster=cluster).exists():
            _covenant(spec, cluster, movements[spec.year], indicators)
            created.append(str(cluster))
    cum10_2025 = _cluster(2025, 10)
    if not Covenant.objects.filter(cluster=cum10_2025).exists():
        _cum10_2025_draft(cum10_2025, movements[2025])
        created.append(str(cum10_2025))
    if created:
        stdout.write(f"Loaded the demo covenants: {', '.join(created)}.")
    return []


def _movements() -> dict[int, Movement]:
    ministry = Unit.objects.filter(kind=UnitKind.MINISTRY).order_by("pk").first()
    regular = {}
    for year in (2023, 2024, 2025):
        regular[year] = Movement.objects.filter(
            name=VNATQ, kind=MovementKind.REGULAR, year=year
        ).first() or domain.movement_create(
            name=VNATQ,
            kind=MovementKind.REGULAR,
            year=year,
            launched_by=ministry,
            description=f"Phong trào thi đua “Vì an ninh Tổ quốc” năm {year}.",
        )
    if not Movement.objects.filter(name=PEAK_TET_2024, year=2024).exists():
        domain.movement_create(
            name=PEAK_TET_2024,
            kind=MovementKind.PEAK,
            year=2024,
            start_date=dt.date(2023, 12, 15),
            end_date=dt.date(2024, 2, 29),
            description="Đợt thi đua được các đơn vị Cụm thi đua số 10 phát động, triển khai "
            "(báo cáo tổng kết 23/11/2024). Ngày bắt đầu, kết thúc là dữ liệu mẫu.",
            is_sample=True,
        )
    return regular


def _indicators() -> dict[str, Indicator]:
    found = {i.code: i for i in Indicator.objects.filter(code__in=[s.code for s in INDICATORS])}
    for spec in INDICATORS:
        if spec.code in found:
            continue
        found[spec.code] = domain.indicator_save(
            indicator=Indicator(
                code=spec.code,
                name_vi=spec.name[0], name_en=spec.name[1],
                unit_vi=spec.unit[0], unit_en=spec.unit[1],
                higher_is_better=spec.higher_is_better,
                numerator_vi=spec.numerator[0], numerator_en=spec.numerator[1],
                denominator_vi=spec.denominator[0], denominator_en=spec.denominator[1],
                short_vi=spec.short[0], short_en=spec.short[1],
                coverage_vi=spec.coverage[0], coverage_en=spec.coverage[1],
                event_vi=spec.event[0], event_en=spec.event[1],
                is_sample=spec.sample,
            )
        )  # fmt: skip
    return found


def _cluster(year: int, number: int) -> Cluster:
    return Cluster.objects.get(
        year=year, number=number, level=ClusterLevel.MINISTRY, province__isnull=True
    )


def _target(spec: TargetSpec, indicators: Mapping[str, Indicator]) -> Target:
    return domain.build_target(
        shape=spec.shape,
        indicators=[indicators[code] for code in spec.indicators],
        number=spec.number,
        max_number=spec.max_number,
        baseline_year=spec.baseline_year,
        subject_vi=spec.subject[0],
        subject_en=spec.subject[1],
    )


def _add_tree(
    covenant: Covenant,
    nodes: Sequence[CriterionSpec],
    indicators: Mapping[str, Indicator],
    units: Mapping[str, Unit],
    parent: Criterion | None = None,
) -> None:
    for node in nodes:
        criterion = domain.criterion_add(
            covenant=covenant,
            parent=parent,
            code=node.code,
            title=node.title,
            kind=node.kind,
            max_points=Decimal(node.points),
            settings=dict(node.settings),
            target=_target(node.target, indicators) if node.target else None,
            indicators=[indicators[code] for code in node.indicators],
            is_sample=node.sample,
        )
        for unit_code, unit_target in node.unit_targets.items():
            domain.unit_target_set(
                criterion=criterion,
                unit=units[unit_code],
                target=_target(unit_target, indicators) if unit_target else None,
            )
        _add_tree(covenant, node.children, indicators, units, criterion)


def _covenant(
    spec: CovenantSpec, cluster: Cluster, movement: Movement, indicators: Mapping[str, Indicator]
) -> Covenant:
    covenant = domain.covenant_create(
        cluster=cluster,
        movement=movement,
        theme=spec.theme,
        signing_date=spec.signing_date,
        signing_place=spec.place,
        host_unit=Unit.objects.get(code=spec.host) if spec.host else None,
        is_sample=True,
    )
    units = {u.code: u for u in domain.cluster_units(covenant)}
    _add_tree(covenant, spec.tree, indicators, units)
    covenant = domain.covenant_open_for_signing(covenant=covenant)
    for index, unit in enumerate(domain.required_signers(covenant)):
        name, title = _signer(spec, unit, index)
        domain.covenant_sign(
            covenant=covenant,
            unit=unit,
            signer_name=name,
            signer_title=title,
            signed_on=spec.signing_date,
        )
    return domain.covenant_put_in_force(covenant=covenant)


def _signer(spec: CovenantSpec, unit: Unit, index: int) -> tuple[str, str]:
    named = NAMED_SIGNERS.get((spec.year, spec.number, unit.code))
    if named is not None:
        return named
    name = SAMPLE_NAMES[(spec.number + index) % len(SAMPLE_NAMES)]
    head = "Giám đốc" if unit.kind == UnitKind.PROVINCIAL_POLICE else "Thủ trưởng"
    return f"{name} (mẫu)", f"{head} {unit.name}"


def _cum10_2025_draft(cluster: Cluster, movement: Movement) -> Covenant:
    """Last year's covenant copied and being adjusted: a draft, to show editing.

    The copy moves every baseline year to 2024. Seed 003 asked the units to set their 2025
    contents and targets; the adjustments below are sample ones.
    """
    source = Covenant.objects.get(cluster=_cluster(2024, 10))
    covenant = domain.covenant_copy(source=source, cluster=cluster, movement=movement)
    criteria = {c.code: c for c in covenant.criteria.all()}
    domain.criterion_update(
        criterion=criteria["3"],
        title="Hưởng ứng các đợt thi đua cao điểm tấn công, trấn áp tội phạm, bảo đảm an "
        "ninh, trật tự",
    )
    domain.criterion_update(criterion=criteria["13"], max_points=Decimal(20))
    domain.criterion_add(
        covenant=covenant,
        parent=criteria["V"],
        code="17",
        title="Gương mẫu đi đầu trong sắp xếp tinh gọn tổ chức bộ máy công an các cấp",
        kind=CriterionKind.QUALITATIVE,
        max_points=Decimal(20),
        is_sample=True,
    )
    return covenant
