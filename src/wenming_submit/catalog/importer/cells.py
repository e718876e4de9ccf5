"""Single cells of a 任务分解表 as catalogue values: unit lists, methods, deadlines, short titles."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from wenming_submit.catalog.importer.grid import CellValue

_LIST_SPLIT = re.compile(r"[、，,；;\n\r/]+|\s+")
_LEAD_MARK = re.compile(r"[(（]\s*(牵头|牵头单位|主责|负总责)\s*[)）]|[:：]?\s*牵头$")
_OTHER_MARK = re.compile(r"[(（]\s*(配合|协办|配合单位|责任)\s*[)）]")
_LEAD_PREFIX = re.compile(r"^(牵头单位|牵头)\s*[:：]\s*")
_PREFIX_LABEL = re.compile(r"^(责任单位|配合单位|责任|配合)\s*[:：]\s*")
_NUMBERING = re.compile(r"(?:^|(?<=\s))(?:\d{1,2}\s*[)）.、]|[(（]\d{1,2}[)）]|[①-⑳])\s*")


@dataclass(frozen=True)
class UnitList:
    units: tuple[str, ...]
    leads: tuple[str, ...]
    """Units marked （牵头） in the cell."""


def split_units(text: str) -> UnitList:
    """`区委宣传部（牵头）、区文明办\n区教育局` -> units in order, 牵头 ones noted."""
    units: list[str] = []
    leads: list[str] = []
    for line in re.split(r"[\n\r；;]+", text):
        line = line.strip()
        line_lead = bool(_LEAD_PREFIX.match(line))
        line = _PREFIX_LABEL.sub("", _LEAD_PREFIX.sub("", line))
        # Split on separators but not inside parentheses: "各镇（街道）" is one name.
        for raw in _split_outside_parens(line):
            name = raw.strip(" \t\u3000。.")
            is_lead = line_lead or bool(_LEAD_MARK.search(name))
            name = _OTHER_MARK.sub("", _LEAD_MARK.sub("", name)).strip(" \t\u3000:：")
            if not name or name in ("等", "各相关单位等"):
                continue
            if name not in units:
                units.append(name)
            if is_lead and name not in leads:
                leads.append(name)
    return UnitList(tuple(units), tuple(leads))


def _split_outside_parens(text: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    current = ""
    for ch in text:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        if depth == 0 and _LIST_SPLIT.fullmatch(ch):
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return parts


def split_methods(text: str) -> tuple[str, ...]:
    """`1)材料审核 2)材料审核、问卷调查` -> (材料审核, 问卷调查)."""
    cleaned = _NUMBERING.sub(" ", text)
    seen: list[str] = []
    for item in _LIST_SPLIT.split(cleaned):
        item = item.strip(" 。.")
        if item and item not in seen:
            seen.append(item)
    return tuple(seen)


_DATE_PATTERNS = [
    re.compile(r"(?P<y>\d{4})\s*[-./年]\s*(?P<m>\d{1,2})\s*[-./月]\s*(?P<d>\d{1,2})\s*日?"),
    re.compile(r"(?P<y>\d{4})\s*[-./年]\s*(?P<m>\d{1,2})\s*月?\s*(?P<end>底|末|前|份)?"),
]


ONGOING = re.compile(r"常态化|长期|持续|经常性|日常")
"""A 完成时间 that is no date: the work never ends (no `due`, and nothing worth a note)."""


def is_ongoing(value: CellValue) -> bool:
    return isinstance(value, str) and bool(ONGOING.search(value)) and parse_deadline(value) is None


def parse_deadline(value: CellValue) -> dt.date | None:
    """A date from `2026-06-30`, `2026年6月30日前`, `2026年6月底`, a real Excel date; None otherwise."""
    if isinstance(value, dt.date):
        return value
    if not value:
        return None
    text = value.strip()
    for pattern in _DATE_PATTERNS:
        found = pattern.search(text)
        if not found:
            continue
        year, month = int(found["y"]), int(found["m"])
        if not 1 <= month <= 12:
            return None
        groups = found.groupdict()
        day = int(groups["d"]) if groups.get("d") else calendar.monthrange(year, month)[1]
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    return None


_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
_LEADING_NUMBER = re.compile(r"^\s*(?:\d{1,2}\s*[)）.、．]|[(（]\d{1,2}[)）]|[①-⑳])\s*")
TITLE_MAX = 40


def short_title(text: str) -> str:
    """A title for an indicator that has none: the first sentence of its content or standard, trimmed."""
    text = _LEADING_NUMBER.sub("", text.strip())
    first = _SENTENCE_END.split(text, maxsplit=1)[0].strip(" ，,")
    if len(first) > TITLE_MAX:
        first = first[: TITLE_MAX - 1] + "…"
    return first or text[:TITLE_MAX]
