"""Chinese numbers, dates and title line breaking as 公文 write them (GB/T 9704-2012)."""

from __future__ import annotations

import datetime as dt


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 105 → 一百零五 (heading numbers 一、二、…)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + digits[rest] if rest < 10 else chinese_number(rest))
    if 10 <= rest < 20:
        tail = "一" + tail
    return digits[n // 100] + "百" + tail


def balanced_lines(text: str, max_chars: int) -> list[str]:
    """Break a title into lines of nearly equal width (GB/T 9704: 梯形或菱形), ASCII counting half."""
    widths = [1.0 if ord(ch) > 0x2E7F else 0.5 for ch in text]
    total = sum(widths)
    lines = max(1, -(-int(total) // max_chars))
    if lines == 1:
        return [text]
    out: list[str] = []
    current, used = "", 0.0
    target = total / lines
    for ch, width in zip(text, widths, strict=True):
        if used + width / 2 > target and len(out) < lines - 1:
            out.append(current)
            current, used = "", 0.0
        current += ch
        used += width
    return [*out, current]


def chinese_date(day: dt.date) -> str:
    """成文日期 form: 2025年5月12日 (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"
