"""Demo funds: Cụm 2's house of 2024 from the seeds, and a sample fund of Cụm 10.

From the seed of 18/3/2024: the units of Cụm 2 (Sơn La, Lào Cai, Điện Biên, Lai Châu, Yên
Bái) agreed to give 150 million VND to build a house ("nhà tình nghĩa") for an officer in
especially hard circumstances at the head unit, Sơn La. The seed names neither the officer
nor each unit's share: the even split (30.000.000 đ each), the payment dates and the
closing are sample data, and the fund's note says so. Cụm 10 of 2024 (the seed of
23/11/2024 mentions money handed over for a house of an officer's family) gets a sample
fund of 20.000.000 đ per unit, partly paid, Bình Phước still owing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from thidua.contributions import domain
from thidua.contributions.models import Fund
from thidua.org.models import Cluster, ClusterLevel, Unit

HOUSE = "Xây dựng nhà tình nghĩa cho cán bộ, chiến sĩ có hoàn cảnh đặc biệt khó khăn"
TZ = dt.UTC


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 9, tzinfo=TZ)


def _cluster(year: int, number: int) -> Cluster:
    return Cluster.objects.get(year=year, number=number, level=ClusterLevel.MINISTRY)


def load(*, password: str, stdout: Any) -> list[tuple[str, str]]:
    if Fund.objects.filter(title=HOUSE).exists():
        return []
    users: Any = get_user_model().objects
    _house_of_cum_2(users.get(username="sonla.canbo"))
    _sample_of_cum_10(users.get(username="tayninh.canbo"))
    stdout.write("Loaded the demo funds (Cụm 2's house of 2024, a sample fund of Cụm 10).")
    return []


def _pay(pledge: Any, by: Any, amount: int, day: dt.date, note: str = "") -> Any:
    return domain.pledge_record_payment(
        pledge=pledge,
        by=by,
        expected_version=pledge.version,
        paid=amount,
        paid_on=day,
        note=note,
        at=_at(day),
    )


def _house_of_cum_2(son_la: Any) -> None:
    opened = dt.date(2024, 3, 18)
    fund = domain.fund_create(
        data=domain.FundInput(
            cluster=_cluster(2024, 2),
            title=HOUSE,
            description=(
                "Các đơn vị Công an trong Cụm thi đua số 2 thống nhất đóng góp 150 triệu đồng "
                "để xây dựng nhà tình nghĩa cho trường hợp cán bộ, chiến sĩ có hoàn cảnh đặc "
                "biệt khó khăn tại đơn vị Cụm trưởng (Công an tỉnh Sơn La). Theo báo cáo Hội "
                "nghị ký kết giao ước thi đua ngày 18/3/2024 tại Sơn La."
            ),
            beneficiary_name="Cán bộ, chiến sĩ có hoàn cảnh đặc biệt khó khăn (nguồn không nêu tên)",
            beneficiary_unit=Unit.objects.get(code="SLA"),
            target_amount=Decimal(150_000_000),
            opened_on=opened,
            due_on=dt.date(2024, 6, 30),
            note=(
                "Tổng 150.000.000 đ theo nguồn; phần chia đều mỗi đơn vị 30.000.000 đ, ngày "
                "nộp và ngày kết thúc là dữ liệu mẫu."
            ),
        ),
        by=son_la,
        at=_at(opened),
    )
    days = {
        "SLA": dt.date(2024, 4, 2),
        "LCI": dt.date(2024, 4, 10),
        "DBN": dt.date(2024, 4, 16),
        "LCU": dt.date(2024, 4, 25),
        "YBI": dt.date(2024, 5, 6),
    }
    for pledge in fund.pledges.select_related("unit"):
        _pay(pledge, son_la, int(pledge.pledged), days[pledge.unit.code], "Chuyển khoản (mẫu)")
    fund.refresh_from_db()
    domain.fund_close(
        fund=fund,
        by=son_la,
        expected_version=fund.version,
        closed_on=dt.date(2024, 6, 28),
        at=_at(dt.date(2024, 6, 28)),
    )


def _sample_of_cum_10(tay_ninh: Any) -> None:
    opened = dt.date(2024, 10, 1)
    fund = domain.fund_create(
        data=domain.FundInput(
            cluster=_cluster(2024, 10),
            title="Hỗ trợ xây dựng nhà ở cho gia đình cán bộ, chiến sĩ có hoàn cảnh khó khăn (mẫu)",
            description=(
                "Dữ liệu mẫu. Mỗi đơn vị trong cụm đóng góp 20.000.000 đ; kinh phí được trao "
                "tại Hội nghị tổng kết ngày 23/11/2024."
            ),
            beneficiary_name="Gia đình cán bộ, chiến sĩ có hoàn cảnh khó khăn (mẫu)",
            beneficiary_unit=Unit.objects.get(code="TNH"),
            default_pledge="20.000.000",
            opened_on=opened,
            due_on=dt.date(2024, 11, 20),
            is_sample=True,
        ),
        by=tay_ninh,
        at=_at(opened),
    )
    days = {
        "TNH": dt.date(2024, 10, 15),
        "BDG": dt.date(2024, 10, 28),
        "LAN": dt.date(2024, 11, 4),
        "DNI": dt.date(2024, 11, 12),
    }
    for pledge in fund.pledges.select_related("unit"):
        day = days.get(pledge.unit.code)
        if day is not None:
            _pay(pledge, tay_ninh, 20_000_000, day)
