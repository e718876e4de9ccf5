"""Dates in phone/WeChat/screenshot names and in captions; names the upload package must rename."""

from __future__ import annotations

import datetime as dt

import pytest

from wenming_submit.evidence.dates import caption_day, name_date
from wenming_submit.evidence.names import odd_name_reason, reserved_name_reason


@pytest.mark.parametrize(
    ("name", "day"),
    [
        ("微信图片_20260312101500.jpg", dt.date(2026, 3, 12)),
        ("IMG_20260312_101500.jpg", dt.date(2026, 3, 12)),
        ("PXL_20260312_101500123.jpg", dt.date(2026, 3, 12)),
        ("Screenshot_2026-03-12-10-15-00.png", dt.date(2026, 3, 12)),
        ("Screenshot_20260312-101500.png", dt.date(2026, 3, 12)),
        ("mmexport1710210900000.jpg", dt.date(2024, 3, 12)),  # ms since 1970, China time
        ("wx_camera_1773281700000.jpg", dt.date(2026, 3, 12)),
        ("2026年3月12日 社区 活动.jpg", dt.date(2026, 3, 12)),
        ("IMG_1234.jpg", None),
        ("IMG_20261312_101500.jpg", None),  # month 13: a serial number, not a date
        ("微信图片_20260312256000.jpg", None),  # hour 25
        ("12345678901234.jpg", None),
    ],
)
def test_name_dates(name: str, day: dt.date | None) -> None:
    assert name_date(name) == day


def test_caption_days() -> None:
    assert caption_day("10月9日 幸福社区 中秋游园") == (None, 10, 9)
    assert caption_day("2025年10月9日 幸福社区") == (2025, 10, 9)
    assert caption_day("幸福社区 中秋游园") is None


@pytest.mark.parametrize("name", ["CON.docx", "aux", "NUL.txt", "com1.jpg", "LPT9.pdf", "照片\u202egpj.exe"])
def test_reserved_and_direction_names(name: str) -> None:
    assert reserved_name_reason(name) and odd_name_reason(name)


@pytest.mark.parametrize("name", ["console.docx", "auxiliary.pdf", "com10.jpg", "2026年 社区 活动.jpg"])
def test_ordinary_names_are_not_reserved(name: str) -> None:
    assert reserved_name_reason(name) is None
