"""Demo practices: what the seeds (shared/seeds) say about exemplary models, and samples.

From the seeds: Cụm 10's year-end summary of 23/11/2024 (Long An's 95,57% of very serious
cases solved; the cluster's 2.662 files for compulsory rehabilitation against 1.438 set)
and Hà Nội's proposal at Cụm 1's signing of 30/3/2023 to host exchanges between exemplary
people. The unit a cluster-wide result is recorded under is the cluster head. Everything
else is sample data and says so (`is_sample`, "(mẫu)" in names).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model

from thidua.org.models import Cluster, ClusterLevel, Unit
from thidua.practices import domain
from thidua.practices.models import Practice, PracticeKind

MARKER = "Nâng cao tỷ lệ điều tra, khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng"
TZ = dt.UTC


def _at(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 9, tzinfo=TZ)


def _cluster(year: int, number: int) -> Cluster:
    return Cluster.objects.get(year=year, number=number, level=ClusterLevel.MINISTRY)


def load(*, password: str, stdout: Any) -> list[tuple[str, str]]:
    if Practice.objects.filter(title=MARKER).exists():
        return []
    users: Any = get_user_model().objects
    office = users.get(username="cuc.ctct")
    tay_ninh = users.get(username="tayninh.canbo")
    binh_phuoc = users.get(username="binhphuoc.canbo")
    son_la = users.get(username="sonla.canbo")
    units = {u.code: u for u in Unit.objects.filter(code__in=["LAN", "TNH", "BPC", "HNI", "SLA"])}
    cum10, cum1, cum2 = _cluster(2024, 10), _cluster(2023, 1), _cluster(2024, 2)

    def record(by: Any, at: dt.datetime, **fields: Any) -> Practice:
        return domain.practice_create(data=domain.PracticeInput(**fields), by=by, at=at)

    def publish(practice: Practice, by: Any, at: dt.datetime) -> Practice:
        return domain.practice_publish(
            practice=practice, by=by, expected_version=practice.version, at=at
        )

    clearance = record(
        tay_ninh, _at(2024, 11, 23),
        kind=PracticeKind.GOOD_MODEL, title=MARKER, unit=units["LAN"], cluster=cum10,
        description=(
            "Tập trung lực lượng phát hiện, điều tra khám phá nhanh các vụ phạm pháp hình sự, "
            "nhất là các vụ án rất nghiêm trọng và đặc biệt nghiêm trọng xảy ra trên địa bàn; "
            "xác lập chuyên án triệt phá các băng nhóm tội phạm."
        ),
        results=(
            "Năm 2024, tỷ lệ điều tra, khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng của "
            "Công an tỉnh Long An đạt 95,57%, vượt chỉ tiêu 90% Bộ Công an giao (cả cụm: Tây "
            "Ninh 93,1%, Bình Phước 90,2%). Theo báo cáo Hội nghị tổng kết Cụm thi đua số 10, "
            "ngày 23/11/2024."
        ),
    )  # fmt: skip
    publish(clearance, tay_ninh, _at(2024, 11, 23))

    rehab = record(
        tay_ninh, _at(2024, 11, 23),
        kind=PracticeKind.GOOD_MODEL, unit=units["TNH"], cluster=cum10,
        title="Lập hồ sơ đưa người nghiện đi cai nghiện bắt buộc vượt chỉ tiêu",
        description=(
            "Chủ động đấu tranh phòng, chống tội phạm và vi phạm pháp luật về ma túy: lập hồ sơ "
            "đưa 100% người sử dụng trái phép chất ma túy vào diện quản lý; phối hợp lập hồ sơ "
            "đưa đối tượng đi cơ sở cai nghiện bắt buộc. Ghi nhận dưới tên đơn vị Cụm trưởng "
            "cho kết quả chung của cả cụm."
        ),
        results=(
            "Công an các tỉnh trong cụm lập 2.662/1.438 hồ sơ đưa đối tượng đi cơ sở cai nghiện "
            "bắt buộc, vượt chỉ tiêu Bộ giao. Theo báo cáo Hội nghị tổng kết Cụm thi đua số 10, "
            "ngày 23/11/2024."
        ),
    )  # fmt: skip
    rehab = publish(rehab, tay_ninh, _at(2024, 11, 23))
    domain.practice_promote(
        practice=rehab, by=office, expected_version=rehab.version, at=_at(2024, 12, 5)
    )

    exchange = record(
        office, _at(2023, 3, 30),
        kind=PracticeKind.NEW_WAY, unit=units["HNI"], cluster=cum1,
        title="Giao lưu, học tập kinh nghiệm giữa các gương điển hình tiên tiến",
        description=(
            "Công an TP Hà Nội đăng cai tổ chức giao lưu, học tập kinh nghiệm giữa các gương "
            "điển hình tiên tiến trong phong trào thi đua “Vì an ninh Tổ quốc” và phong trào "
            "toàn dân bảo vệ an ninh Tổ quốc; giữa cán bộ làm công tác thi đua, khen thưởng "
            "các đơn vị, gắn với hoạt động về nguồn, sinh hoạt chính trị tại các di tích lịch "
            "sử về Bác Hồ. Hưởng ứng Đề án “Tuyên truyền gương điển hình tiên tiến giai đoạn "
            "2022 - 2025”."
        ),
        results="Đề xuất tại Hội nghị ký giao ước Cụm thi đua số 1 ngày 30/3/2023, Cần Thơ.",
    )  # fmt: skip
    publish(exchange, office, _at(2023, 3, 30))

    dan_van = record(
        tay_ninh, _at(2024, 9, 12),
        kind=PracticeKind.GOOD_MODEL, unit=units["BPC"], cluster=cum10, is_sample=True,
        title="Mô hình “Dân vận khéo” trong vận động quần chúng tố giác tội phạm (mẫu)",
        description=(
            "Dữ liệu mẫu. Công an xã phối hợp với mặt trận, đoàn thể tổ chức các buổi gặp mặt "
            "người dân tại khu dân cư, lắng nghe ý kiến, hướng dẫn cách tố giác tội phạm qua "
            "đường dây nóng và ứng dụng định danh điện tử."
        ),
        results="Dữ liệu mẫu: số tin báo, tố giác tội phạm từ quần chúng tăng so với năm trước.",
    )  # fmt: skip
    publish(dan_van, tay_ninh, _at(2024, 9, 20))

    record(
        binh_phuoc, _at(2024, 10, 2),
        kind=PracticeKind.EXEMPLARY_PERSON, unit=units["BPC"], cluster=cum10, is_sample=True,
        title="Gương cán bộ trẻ xung kích trong tấn công, trấn áp tội phạm (mẫu)",
        person_name="Nguyễn Văn An (mẫu)", person_rank="Thiếu tá",
        person_position="Đội trưởng Đội Cảnh sát hình sự",
        description="Dữ liệu mẫu, bản nháp của đơn vị, chờ Cụm trưởng xem xét phổ biến.",
    )  # fmt: skip

    house = record(
        son_la, _at(2024, 6, 14),
        kind=PracticeKind.EXEMPLARY_COLLECTIVE, unit=units["SLA"], cluster=cum2, is_sample=True,
        title="Tập thể Công an xã vùng cao gắn bó với đồng bào (mẫu)",
        description=(
            "Dữ liệu mẫu. Công an xã bám địa bàn, giúp đồng bào vùng cao phát triển sản xuất, "
            "giữ vững an ninh trật tự ở cơ sở."
        ),
    )  # fmt: skip
    publish(house, son_la, _at(2024, 6, 20))

    stdout.write("Loaded the demo practices (Cụm 10 of 2024, Cụm 1 of 2023, Cụm 2 of 2024).")
    return []
