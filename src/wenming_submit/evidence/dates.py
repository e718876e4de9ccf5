"""Dates as units write them: in file names, captions, ledger cells and EXIF.

Recognised spellings: 2025-05-12, 2025/5/12, 2025.5.12, 2025_05_12, 20250512, 2025年5月12日 (also with
full-width digits). A bare 8-digit run counts only when it is a real calendar date between 2000 and 2099,
so serial numbers like IMG_20251312 or 12345678 are not taken for dates.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_SEPARATED = re.compile(r"(?<!\d)(20\d{2})\s*[-/._年]\s*(\d{1,2})\s*[-/._月]\s*(\d{1,2})(?!\d)\s*日?")
_COMPACT = re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)")
_MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_YEAR_MONTH = re.compile(r"(?<!\d)(20\d{2})\s*年\s*(\d{1,2})\s*月(?!\s*\d)")
_EXIF = re.compile(r"^\s*(\d{4})[:\-/](\d{2})[:\-/](\d{2})")


def _date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def find_date(text: str) -> dt.date | None:
    """The first full date (year, month, day) written in `text`, or None."""
    text = unicodedata.normalize("NFKC", text)
    found: list[tuple[int, dt.date]] = []
    for pattern in (_SEPARATED, _COMPACT):
        for m in pattern.finditer(text):
            day = _date(*m.groups())
            if day is not None:
                found.append((m.start(), day))
                break
    return min(found)[1] if found else None


_STAMP = re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})[_\-]?(\d{2})(\d{2})(\d{2})(?!\d)")
"""微信图片_20260312101500, IMG_20260312_101500, PXL_20260312_101500123 (a time after the date)."""
_EPOCH_MS = re.compile(r"^(?:mmexport|wx_camera_|microMsg\.|wechatimg|qq图片|faceu_|beauty_)?(1[3-9]\d{11})(?!\d)",
                       re.IGNORECASE)  # fmt: skip
"""mmexport1710210900000: WeChat saves a picture with the milliseconds since 1970 (UTC) in its name."""
_CHINA = dt.timezone(dt.timedelta(hours=8))


def name_date(name: str) -> dt.date | None:
    """The date a file name carries: a written date, a phone/WeChat/screenshot time stamp (微信图片_2026
    0312101500, IMG_20260312_101500, Screenshot_2026-03-12-10-15-00), or WeChat's millisecond stamp
    (mmexport1710210900000, read in China's time zone)."""
    text = unicodedata.normalize("NFKC", name)
    if day := find_date(text):
        return day
    if m := _STAMP.search(text):
        hour, minute, second = (int(g) for g in m.groups()[3:])
        if hour < 24 and minute < 60 and second < 60 and (found := _date(*m.groups()[:3])):
            return found
    if m := _EPOCH_MS.match(text.strip()):
        moment = dt.datetime.fromtimestamp(int(m.group(1)) / 1000, tz=_CHINA)
        if 2000 <= moment.year <= 2099:
            return moment.date()
    return None


def caption_day(text: str) -> tuple[int | None, int, int] | None:
    """The (year or None, month, day) a caption writes: 2025年10月9日, 2025-10-09, or just 10月9日."""
    text = unicodedata.normalize("NFKC", text)
    if day := find_date(text):
        return day.year, day.month, day.day
    if m := _MONTH_DAY.search(text):
        month, day_ = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1 <= day_ <= 31:
            return None, month, day_
    return None


def mentions_time(text: str) -> bool:
    """A caption carries 时间 when it has a full date, 5月12日, or 2025年5月."""
    text = unicodedata.normalize("NFKC", text)
    if find_date(text):
        return True
    return bool(_MONTH_DAY.search(text) or _YEAR_MONTH.search(text))


def parse_exif_date(value: object) -> dt.date | None:
    """EXIF dates are 'YYYY:MM:DD HH:MM:SS'; cameras with no clock write zeros or blanks."""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    m = _EXIF.match(value)
    return _date(*m.groups()) if m else None


def cell_date(value: object) -> dt.date | None:
    """A ledger cell as a date: real Excel dates, or text such as 2025-05-12 / 2025年5月12日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return find_date(value.strip())
    return None
