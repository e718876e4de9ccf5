"""Indicator codes as cities write them, compared in one normal form.

`Ⅱ—3—2`, `II-3-2`, `Ⅱ－３－２` and `ii‐3‐2` are the same code. NFKC folds full-width digits and
Roman numeral characters (Ⅱ -> II); the many dashes are folded to `-`; spaces are dropped.
"""

from __future__ import annotations

import re
import unicodedata

_DASHES = "‐‑‒–—―−﹣－-"
_DASH_RE = re.compile(f"[{re.escape(_DASHES)}]+")
_SPACE_RE = re.compile(r"\s+")
_CONTINUES = re.compile(r"[0-9A-Z\-.)）]")


def normalize_code(code: str) -> str:
    """The comparison key of an indicator code."""
    text = unicodedata.normalize("NFKC", str(code)).upper()
    text = _DASH_RE.sub("-", text)
    text = _SPACE_RE.sub("", text)
    return text.strip("-")


def _normalize_prefix(segment: str) -> str:
    text = unicodedata.normalize("NFKC", segment).upper()
    text = _DASH_RE.sub("-", text)
    return text.lstrip()


def code_at_start(segment: str, codes: list[str]) -> str | None:
    """The longest normalised code that `segment` starts with, at a boundary.

    `codes` must be normalised and sorted longest first. `Ⅱ-3-2 我们的节日` starts with `II-3-2`, not with
    `II-3` (the next character `-` continues the code). Spaces inside the code part are tolerated.
    """
    text = _normalize_prefix(segment)
    # Drop spaces only in the leading code-like run ("Ⅱ - 3 - 2 名称" is written by hand too).
    head = re.match(r"[0-9A-Z\-.\s]*", text)
    compact = _SPACE_RE.sub("", head.group(0)) + text[head.end() :] if head else text
    for code in codes:
        if compact.startswith(code):
            rest = compact[len(code) :]
            if not rest or not _CONTINUES.match(rest[0]):
                return code
            # "Ⅱ-3-2.活动方案" style: a dot followed by a non-digit still ends the code.
            if rest[0] in ".)）" and (len(rest) == 1 or not rest[1].isdigit()):
                return code
    return None
