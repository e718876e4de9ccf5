"""Personal data in text: 居民身份证号 (18 digits with a valid check digit, and the old 15-digit form),
mainland mobile numbers and bank card numbers passing the Luhn check.

Numbers are only ever returned masked (`110105********1234`): the report must not spread what it warns
about.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_ID18 = re.compile(r"(?<![0-9A-Za-z])([1-8]\d{5})((?:19|20)\d{2})(\d{2})(\d{2})(\d{3}[0-9Xx])(?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<!\d)([1-8]\d{5})(\d{2})(\d{2})(\d{2})(\d{3})(?!\d)")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)")
_CARD = re.compile(r"(?<!\d)((?:\d[ -]?){15,18}\d)(?!\d)")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_CARD_PREFIXES = ("62", "4", "5", "3", "9")
"""UnionPay (62), Visa (4), Mastercard (5), JCB/Amex (3), domestic debit (9): cuts Luhn's 1-in-10 luck."""

KINDS = ("id", "mobile", "card")


MASKABLE_FORMATS = frozenset({"docx", "xlsx", "text", "csv"})
"""Formats the build can mask (assemble/masking.py): with `[privacy] mask`, personal data in them is masked
in the 汇编 and in a masked copy in the package, so the check reports it as a warning, not an error."""


@dataclass(frozen=True)
class PiiHit:
    kind: str
    """id | mobile | card"""
    masked: str


def _valid_birth(year: int, month: int, day: int) -> bool:
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= dt.date.today()


def id_check_digit(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _ids(text: str) -> list[tuple[int, int, PiiHit]]:
    hits = []
    for m in _ID18.finditer(text):
        number = m.group(0).upper()
        if (
            _valid_birth(int(m.group(2)), int(m.group(3)), int(m.group(4)))
            and id_check_digit(number[:17]) == number[17]
        ):
            hits.append((m.start(), m.end(), PiiHit("id", number[:6] + "*" * 8 + number[14:])))
    for m in _ID15.finditer(text):
        if _valid_birth(1900 + int(m.group(2)), int(m.group(3)), int(m.group(4))):
            number = m.group(0)
            hits.append((m.start(), m.end(), PiiHit("id", number[:6] + "*" * 6 + number[12:])))
    return hits


def find_pii(text: str) -> list[PiiHit]:
    """Every personal number in `text`, masked, in order of appearance; a digit run counts once."""
    return [hit for _, _, hit in pii_spans(text)]


def mask_pii(text: str) -> str:
    """`text` with every personal number replaced by its masked form (for copies that leave the office)."""
    spans = pii_spans(text)
    for start, end, hit in reversed(spans):
        text = text[:start] + hit.masked + text[end:]
    return text


def pii_spans(text: str) -> list[tuple[int, int, PiiHit]]:
    """(start, end, hit) of every personal number in `text`, in order of appearance."""
    if not any(ch.isdigit() for ch in text):
        return []
    taken: list[tuple[int, int, PiiHit]] = _ids(text)

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, _ in taken)

    for m in _MOBILE.finditer(text):
        if free(m.start(), m.end()):
            taken.append((m.start(), m.end(), PiiHit("mobile", f"{m.group(1)}****{m.group(3)}")))
    for m in _CARD.finditer(text):
        digits = re.sub(r"[ -]", "", m.group(1))
        card = 16 <= len(digits) <= 19 and digits.startswith(_CARD_PREFIXES) and luhn_ok(digits)
        if card and free(m.start(), m.end()):
            taken.append(
                (m.start(), m.end(), PiiHit("card", digits[:4] + "*" * (len(digits) - 8) + digits[-4:]))
            )
    return sorted(taken, key=lambda t: t[0])
