"""The catalogue every install starts with (DOMAIN.md §8; Luật Thi đua, khen thưởng 2022).

Plain data, stored in the source language: the data migration 0002 writes it, and
`ensure_catalogue` puts back whatever is missing (a test database flushed by a
transactional test, an install whose catalogue was emptied). The office edits the rows
afterwards; nothing here overwrites an edited row.

Codes are stable keys: the vote's default title codes ("gov", "min",
thidua.voting.domain.DEFAULT_TITLES) are the catalogue's codes of the two flags.
"""

from __future__ import annotations

from typing import Any

# code, name, kind, recipient, level
CATALOGUE: tuple[tuple[str, str, str, str, str], ...] = (
    ("gov", "Cờ thi đua của Chính phủ", "collective", "unit", "prime_minister"),
    ("min", "Cờ thi đua của Bộ Công an", "collective", "unit", "minister"),
    ("quyet-thang", "Đơn vị Quyết thắng", "collective", "unit", "minister"),
    ("tap-the-ldxs", "Tập thể lao động xuất sắc", "collective", "unit", "minister"),
    ("tien-tien", "Đơn vị tiên tiến", "collective", "unit", "unit_head"),
    ("cstd-toan-quoc", "Chiến sĩ thi đua toàn quốc", "individual", "person", "prime_minister"),
    ("cstd-cand", "Chiến sĩ thi đua toàn lực lượng CAND", "individual", "person", "minister"),
    ("cstd-co-so", "Chiến sĩ thi đua cơ sở", "individual", "person", "unit_head"),
    ("chien-si-tien-tien", "Chiến sĩ tiên tiến", "individual", "person", "unit_head"),
    ("huan-chuong", "Huân chương", "commendation", "any", "state"),
    ("bk-thu-tuong", "Bằng khen của Thủ tướng Chính phủ", "commendation", "any", "prime_minister"),
    ("bk-bo-truong", "Bằng khen của Bộ trưởng", "commendation", "any", "minister"),
    ("giay-khen", "Giấy khen", "commendation", "any", "unit_head"),
)


def rows() -> list[dict[str, Any]]:
    return [
        {"code": code, "name": name, "kind": kind, "recipient": recipient, "level": level,
         "order": (index + 1) * 10}
        for index, (code, name, kind, recipient, level) in enumerate(CATALOGUE)
    ]  # fmt: skip


def ensure_catalogue(title_model: Any) -> int:
    """Create the catalogue's rows that are missing (by code); returns how many."""
    existing = set(title_model.objects.values_list("code", flat=True))
    names = set(title_model.objects.values_list("name", flat=True))
    missing = [
        title_model(**row)
        for row in rows()
        if row["code"] not in existing and row["name"] not in names
    ]
    title_model.objects.bulk_create(missing)
    return len(missing)
