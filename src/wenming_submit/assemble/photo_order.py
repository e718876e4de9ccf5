"""The order photos are shown in (the 汇编's grid) and numbered in (the package's `_01`, `_02`): one rule.

- By date: the date in the caption the check resolved (a full date, or 3月5日 in the photo's year), else
  the photo's own date (EXIF, then file name); photos without a date come last.
- Then by natural sort of the caption and the name: 3月5日 before 3月18日, `_2` before `_10`.
- 整治前/整治后 (also 整改、改造、治理 前/后) of the same subject — the caption without the before/after word
  and the dates — form a pair, shown side by side in one row: before left, after right.
- A screenshot or a wide picture (aspect ratio ≥ 1.6, or 截图 in its name or caption) takes a row of its
  own at the full text width.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from wenming_submit.evidence.dates import find_date
from wenming_submit.evidence.model import EvidenceFile

WIDE_RATIO = 1.6
WIDE_WORDS = ("截图", "截屏", "网页")
_MONTH_DAY = re.compile(r"(\d{1,2})月(\d{1,2})日")
_DIGITS = re.compile(r"(\d+)")
_NOISE = re.compile(r"[\s_\-—·.,，、。:：()（）\[\]【】]+")
_DATES = re.compile(r"\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?|\d{8}|\d{1,2}月\d{1,2}日")


@dataclass(frozen=True)
class PhotoRow:
    files: tuple[EvidenceFile, ...]
    wide: bool = False
    """One picture at the full text width."""
    pair: bool = False
    """A before/after pair: before left, after right."""


def _text(file: EvidenceFile) -> str:
    return unicodedata.normalize("NFKC", file.caption or Path(file.name).stem)


def photo_date(file: EvidenceFile) -> tuple[int, int, int] | None:
    text = _text(file)
    day = find_date(text)
    if day is not None:
        return day.year, day.month, day.day
    own = file.facts.date
    found = _MONTH_DAY.search(text)
    if found:
        year = own.year if own else 0
        return year, int(found.group(1)), int(found.group(2))
    return (own.year, own.month, own.day) if own else None


def natural(text: str) -> tuple[object, ...]:
    """`_2` before `_10`: digit runs compare as numbers."""
    return tuple(int(part) if part.isdigit() else part.lower() for part in _DIGITS.split(text))


def sort_key(file: EvidenceFile) -> tuple[object, ...]:
    date = photo_date(file)
    return (date is None, date or (0, 0, 0), natural(_text(file)), natural(file.name))


def before_after(file: EvidenceFile) -> tuple[str, str] | None:
    """("前" | "后", subject) when the caption or name says before/after, else None."""
    for text in (_text(file), unicodedata.normalize("NFKC", Path(file.name).stem)):
        compact = _NOISE.sub("", text)
        for m in re.finditer(r"(整治|整改|改造|治理|清理|修缮|提升)([前后])", compact):
            subject = _DATES.sub("", compact[: m.start()] + compact[m.end() :])
            return m.group(2), _NOISE.sub("", subject)
    return None


def is_wide(file: EvidenceFile) -> bool:
    facts = file.facts
    if facts.width and facts.height:
        width, height = facts.width, facts.height
        if facts.orientation in (5, 6, 7, 8):
            width, height = height, width
        if width / height >= WIDE_RATIO:
            return True
    text = file.name + (file.caption or "")
    return any(word in text for word in WIDE_WORDS)


def photo_rows(files: Sequence[EvidenceFile]) -> list[PhotoRow]:
    """The grid rows for `files` (all pictures of one requirement), in display order."""
    ordered = sorted(files, key=sort_key)
    tags = {f.rel: before_after(f) for f in ordered}
    partner: dict[str, EvidenceFile] = {}
    for before in ordered:
        tag = tags[before.rel]
        if tag is None or tag[0] != "前" or before.rel in partner:
            continue
        after = next((f for f in ordered if tags[f.rel] == ("后", tag[1]) and f.rel not in partner), None)
        if after is not None:
            partner[before.rel], partner[after.rel] = after, before
    rows: list[PhotoRow] = []
    single: list[EvidenceFile] = []

    def flush() -> None:
        if single:
            rows.append(PhotoRow(tuple(single)))
            single.clear()

    for file in ordered:
        if file.rel in partner:
            if tags[file.rel] and tags[file.rel][0] == "前":  # type: ignore[index]
                flush()
                rows.append(PhotoRow((file, partner[file.rel]), pair=True))
            continue
        if is_wide(file):
            flush()
            rows.append(PhotoRow((file,), wide=True))
            continue
        single.append(file)
        if len(single) == 2:
            flush()
    flush()
    return rows


def display_order(files: Sequence[EvidenceFile]) -> list[EvidenceFile]:
    """Pictures first-to-last as the 汇编 shows them (the package numbers them in this order)."""
    return [f for row in photo_rows(files) for f in row.files]
