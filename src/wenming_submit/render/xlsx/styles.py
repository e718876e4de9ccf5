"""Cell styles, CJK-aware column widths and formula-safe text for the streaming (write-only) workbook.

openpyxl's write-only mode keeps memory flat, but styling a cell the usual way hashes a Font/Fill/Border
object per cell. Styles are therefore resolved once per combination and copied onto cells as a
StyleArray, which keeps 10,000 styled rows well under a second or two.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from wenming_submit.textcodec import xml_text

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""Text starting with one of these would be taken as a formula (or DDE) by Excel, LibreOffice or WPS."""

FILLS = {
    "header": "DDEBF7",
    "complete": "C6EFCE",
    "partial": "FFEB9C",
    "missing": "FFC7CE",
    "waived": "DDEBF7",
    "error": "FFC7CE",
    "warning": "FFEB9C",
    "info": "EDEDED",
    "muted": "EDEDED",
    "total": "F2F2F2",
}
FONT_COLOURS = {"complete": "006100", "partial": "9C5700", "missing": "9C0006", "error": "9C0006",
                "warning": "9C5700", "waived": "1F4E79"}  # fmt: skip
BODY_FONT = "等线"
"""The default East Asian font of current Excel/WPS; LibreOffice substitutes Noto Sans CJK."""

THIN = Side(style="thin", color="BFBFBF")


@dataclass(frozen=True)
class Cell:
    """A value plus how it should look; plain values in a row mean an unstyled body cell."""

    value: Any
    tone: str | None = None
    """Key of FILLS (status or severity), colours the cell."""
    link: str | None = None
    """Hyperlink target (relative path or URL)."""
    bold: bool = False
    number_format: str | None = None


def display_width(text: str) -> int:
    """Columns a string takes in a fixed-width grid: East Asian wide/full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_LEADS)


class StyleBook:
    """Resolves a style combination once and stamps it onto cells."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self.ws = ws
        self._cache: dict[tuple[Any, ...], Any] = {}

    def _style(self, key: tuple[Any, ...]) -> Any:
        if key not in self._cache:
            tone, bold, wrap, number_format, link, quote, header = key
            cell = WriteOnlyCell(self.ws)
            colour = "0563C1" if link else FONT_COLOURS.get(tone or "")
            cell.font = Font(name=BODY_FONT, size=10 if not header else 11, bold=bold or header,
                             color=colour, underline="single" if link else None)  # fmt: skip
            fill = FILLS.get("header" if header else tone or "")
            if fill:
                cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
            cell.alignment = Alignment(wrap_text=wrap or header, vertical="top" if not header else "center",
                                       horizontal="center" if header else None)  # fmt: skip
            cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
            if number_format:
                cell.number_format = number_format
            if quote:
                cell.quotePrefix = True
            self._cache[key] = cell._style
        return self._cache[key]

    def make(
        self, item: Any, *, wrap: bool, number_format: str | None, header: bool = False
    ) -> WriteOnlyCell:
        spec = item if isinstance(item, Cell) else Cell(item)
        value = xml_text(spec.value) if isinstance(spec.value, str) else spec.value
        quote = isinstance(value, str) and is_formula_like(value)
        cell = WriteOnlyCell(self.ws, value=value)
        if quote:
            cell.data_type = "s"  # never a formula, whatever the first character
        key = (
            spec.tone,
            spec.bold,
            wrap,
            spec.number_format or number_format,
            bool(spec.link),
            quote,
            header,
        )
        cell._style = self._style(key)  # shared, never mutated: openpyxl only reads it when writing
        if spec.link:
            cell.hyperlink = xml_text(spec.link)
        return cell
