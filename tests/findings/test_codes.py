"""Indicator codes: every spelling a city uses compares equal; folder names are matched at a boundary."""

from __future__ import annotations

import pytest

from wenming_submit.catalog.codes import code_at_start, normalize_code


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("Ⅱ-3-2", "II-3-2"),
        ("II-3-2", "II-3-2"),
        ("Ⅱ—3—2", "II-3-2"),  # em dash
        ("Ⅱ–3–2", "II-3-2"),  # en dash
        ("Ⅱ‐3‐2", "II-3-2"),  # hyphen
        ("Ⅱ－３－２", "II-3-2"),  # full-width dash and digits
        ("ii-3-2", "II-3-2"),
        ("ⅱ-3-2", "II-3-2"),  # small Roman numeral character
        ("Ⅱ - 3 - 2", "II-3-2"),
        (" Ⅲ—12 ", "III-12"),
        ("Ⅲ——12", "III-12"),  # doubled dash typed in Word
        ("Ⅰ-1-1", "I-1-1"),
        ("Ⅳ-4-2", "IV-4-2"),
        ("3.2.1", "3.2.1"),
        ("３．２．１", "3.2.1"),
        (12, "12"),
    ],
)
def test_normalize_code(written: str, normal: str) -> None:
    assert normalize_code(written) == normal


@pytest.mark.parametrize(
    ("a", "b"), [("Ⅱ-3-2", "Ⅱ-3-3"), ("Ⅱ-3-2", "Ⅲ-3-2"), ("Ⅲ-12", "Ⅲ-1-2"), ("I-1", "II-1")]
)
def test_different_codes_stay_different(a: str, b: str) -> None:
    assert normalize_code(a) != normalize_code(b)


CODES = sorted(["II-3-2", "II-3", "III-12", "III-1", "I-1-1", "3.2.1"], key=len, reverse=True)


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ("Ⅱ-3-2 我们的节日", "II-3-2"),
        ("Ⅱ—3—2我们的节日", "II-3-2"),
        ("II－３－２ 我们的节日", "II-3-2"),
        ("Ⅱ - 3 - 2 我们的节日", "II-3-2"),
        ("Ⅱ-3 社会风尚", "II-3"),
        ("Ⅱ-3-2.活动方案", "II-3-2"),
        ("Ⅱ-3-2（我们的节日）", "II-3-2"),
        ("Ⅲ—12 网格化创建巡查", "III-12"),
        ("Ⅲ-1 环境", "III-1"),
        ("Ⅲ-13 其他", None),  # III-1 must not match the start of III-13
        ("Ⅱ-3-22 别的指标", None),
        ("我们的节日 Ⅱ-3-2", None),  # the code must lead the name
        ("3.2.1 志愿服务", "3.2.1"),
        ("3.2.11 志愿服务", None),
        ("Ⅰ-1-1", "I-1-1"),
        ("实景图片", None),
        ("Ⅱ-3-2 a.jpg", "II-3-2"),  # a Latin letter after the space is no part of the code
        ("II-3-2 2026年“我们的节日”", "II-3-2"),  # nor is a year after the space
        ("Ⅲ—12 A区巡查", "III-12"),
        ("Ⅱ-3-2-活动方案.docx", "II-3-2"),
        ("Ⅱ-3-2A", None),
        ("Ⅱ-3 -2 节日", "II-3-2"),
        ("Ⅱ - 3 - 2", "II-3-2"),
    ],
)
def test_code_at_start(segment: str, expected: str | None) -> None:
    assert code_at_start(segment, CODES) == expected
