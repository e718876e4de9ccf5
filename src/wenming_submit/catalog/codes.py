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
_AROUND_SEPARATOR = re.compile(r"\s*([-.])\s*")


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
    # Drop spaces around the separators of the leading code ("Ⅱ - 3 - 2 名称" is written by hand too),
    # but keep the space that ends it: "Ⅱ-1-1 2026年活动" is II-1-1, not II-1-12026.
    head = re.match(r"[0-9A-Z\-.\s]*", text)
    compact = _AROUND_SEPARATOR.sub(r"\1", head.group(0)) + text[head.end() :] if head else text
    for code in codes:
        if compact.startswith(code):
            rest = compact[len(code) :]
            if not rest or not _CONTINUES.match(rest[0]):
                return code
            # "Ⅱ-3-2.活动方案" / "Ⅱ-3-2-活动方案": a separator followed by a non-digit still ends the code.
            if rest[0] in ".)）-" and (len(rest) == 1 or not rest[1].isdigit()):
                return code
    return None


# --- Codes as written in a 任务分解表 (used by the importer) -------------------------------------

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫⅰⅱⅲⅳⅴⅵⅶⅷⅸⅹⅺⅻ"
_CODE_BODY = re.compile(rf"^[{_ROMAN}IVXivx0-9①-⑳][{_ROMAN}IVXivx0-9①-⑳\-.()\s]*$")
_DOTTED = re.compile(r"^\d+(\.\d+)+$")
_SEGMENT_SPLIT = re.compile(r"[\s\-().、]+")
_LEADING_CODE = re.compile(
    rf"^\s*((?:[{_ROMAN}]|[IVX]{{1,4}}|\d{{1,2}})"
    rf"(?:\s*[{re.escape(_DASHES)}.．]\s*\d{{1,3}})+"
    r"(?:\s*[(（]?\d{1,2}[)）])?)"
    r"(?=$|[\s、．.:：）)]|[\u4e00-\u9fff“\"《])"
)


def _fold_fullwidth(text: str) -> str:
    """Full-width ASCII (digits, letters, parentheses, dots) to half-width; Roman numerals kept as written."""
    return text.translate(_FULLWIDTH).replace("\u3000", " ")


def tidy_code(text: str) -> str | None:
    """The code as it should be written in the catalogue and in folder names, or None if `text` is no code.

    Keeps the city's Roman numerals (Ⅱ stays Ⅱ, II stays II) but writes one dash: `II—3—2` -> `II-3-2`,
    `Ⅲ-12 2)` and `Ⅲ-12（2）` -> `Ⅲ-12-2`, `3.2.1.` -> `3.2.1`. Numbers read from Excel as `3.0` -> `3`.
    """
    value = _fold_fullwidth(str(text)).strip()
    value = _DASH_RE.sub("-", value).strip().rstrip("、.:)-").strip()
    if re.fullmatch(r"\d+\.0", value):
        value = value[:-2]
    if not value or not _CODE_BODY.match(value):
        return None
    if _DOTTED.match(value) or value.isdigit():
        return value
    parts = [p for p in _SEGMENT_SPLIT.split(value) if p]
    return "-".join(parts) if parts else None


def split_leading_code(text: str) -> tuple[str, str] | None:
    """(`Ⅱ-3-2`, `开展…`) when `text` starts with a multi-part code such as `Ⅱ-3-2 开展…`; else None.

    A bare number (`1、`, `2025年`) is list numbering or a date, not a code, so at least one separator is
    required.
    """
    folded = _fold_fullwidth(text)
    found = _LEADING_CODE.match(folded)
    if not found:
        return None
    code = tidy_code(found.group(1))
    if code is None:
        return None
    rest = folded[found.end() :].lstrip(" 、．.:：)）").strip()
    return code, text[len(text) - len(rest) :] if rest and text.endswith(rest) else rest
