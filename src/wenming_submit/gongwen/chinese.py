"""Chinese numbers, dates and title line breaking as 公文 write them (GB/T 9704-2012)."""

from __future__ import annotations

import datetime as dt
import itertools


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


WORDS = (
    "创建全国文明城市", "社会主义核心价值观", "新时代文明实践", "文明城市", "全国文明", "创建", "全国", "文明",
    "城市", "网上", "申报", "材料", "通知", "补报", "整改", "工作", "关于", "测评", "单位", "情况", "问题",
    "方案", "实施", "开展", "活动", "建设", "报送", "汇编", "清单", "提醒", "要求", "通报", "年度", "进一步",
    "做好", "加强", "落实", "志愿服务", "未成年人", "思想道德", "公共", "环境", "整治", "宣传", "学习",
)  # fmt: skip
"""Words a title line never breaks inside (no word segmenter needed for the titles the tool writes)."""
_NO_LINE_START = "，。、；：？！）》」』”’%"
_NO_LINE_END = "（《「『“‘"


def _allowed_breaks(text: str) -> list[bool]:
    """allowed[i]: a line may start at text[i] (0 < i < len)."""
    allowed = [True] * (len(text) + 1)
    allowed[0] = allowed[len(text)] = False
    for word in WORDS:
        start = text.find(word)
        while start >= 0:
            for i in range(start + 1, start + len(word)):
                allowed[i] = False
            start = text.find(word, start + 1)
    for i in range(1, len(text)):
        if text[i] in _NO_LINE_START or text[i - 1] in _NO_LINE_END:
            allowed[i] = False
        if text[i].isascii() and text[i].isalnum() and text[i - 1].isascii() and text[i - 1].isalnum():
            allowed[i] = False
        if text[i].isdigit() and text[i - 1].isdigit():
            allowed[i] = False
    return allowed


def title_lines(text: str, max_chars: int) -> list[str]:
    """Like balanced_lines, but every break falls between words (never "…申报材 / 料")."""
    widths = [1.0 if ord(ch) > 0x2E7F else 0.5 for ch in text]
    total = sum(widths)
    lines = max(1, -(-int(total) // max_chars))
    if lines == 1:
        return [text]
    allowed = _allowed_breaks(text)
    prefix = [0.0]
    for width in widths:
        prefix.append(prefix[-1] + width)
    cuts: list[int] = []
    last = 0
    for k in range(1, lines):
        target = total * k / lines
        candidates = [i for i in range(last + 1, len(text)) if allowed[i] and prefix[i] - prefix[last] <= max_chars]
        if not candidates:
            continue
        best = min(candidates, key=lambda i: abs(prefix[i] - target))
        cuts.append(best)
        last = best
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds) if text[a:b]]


def chinese_date(day: dt.date) -> str:
    """成文日期 form: 2025年5月12日 (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"
