"""Tables in the GB/T 9704 style: fixed column widths fitted to the content, bordered or not, 表头 rows
repeated on every page, rows that never split across pages."""

from __future__ import annotations

import itertools
import re
import unicodedata

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from wenming_submit.gongwen import TABLE_HEAD, TABLE_TEXT, TEXT_WIDTH, add_text, ooxml


def _borders(table: Table, *, visible: bool) -> None:
    tbl_pr = table._tbl.tblPr
    borders = tbl_pr.find(qn("w:tblBorders"))
    if borders is None:
        borders = OxmlElement("w:tblBorders")
        ooxml.insert_before(tbl_pr, borders, ooxml.TBLPR_AFTER_BORDERS)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single" if visible else "nil")
        if visible:
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), "000000")
        borders.append(element)


def new_table(document: Document, rows: int, widths: list[int], *, borders: bool = True) -> Table:
    """An empty table of fixed column widths (EMU), centred, with or without single black borders."""
    table: Table = document.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table, visible=borders)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(Emu(width).twips)))
    for tr in table._tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths, strict=True):
            tc.width = Emu(width)
    return table


def cells(table: Table, row: int) -> list[_Cell]:
    """The cells of one row without python-docx's whole-table scan (table.cell is O(rows×cols))."""
    return [_Cell(tc, table) for tc in table._tbl.tr_lst[row].tc_lst]


def set_cell(cell: _Cell, text: str, style: str = TABLE_TEXT) -> Paragraph:
    para: Paragraph = cell.paragraphs[0]
    para.style = style
    if text:
        add_text(para, text)
    return para


_UNBREAKABLE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日|[0-9A-Za-z@._+\-*/:]+")
"""Runs a table cell must not break inside: dates written out, numbers (phone, ID), codes, addresses."""
CELL_PADDING = Mm(5)
"""Left plus right cell margin (LibreOffice/Word default 1.9 mm each)."""
MAX_COLUMN_EM = 22.0
"""A column never asks for more than this many characters per line: long text wraps instead."""


def _em(text: str) -> float:
    """Display width in ems: CJK and full-width characters 1, the rest about half, plus the quarter em
    Word and LibreOffice add between Chinese and Latin/digits (autospace)."""
    wide = [unicodedata.east_asian_width(ch) in "WF" for ch in text]
    switches = sum(1 for a, b in itertools.pairwise(wide) if a != b)
    return wide.count(True) + 0.6 * wide.count(False) + 0.25 * switches


def fit_widths(rows: list[list[str]], total: int = TEXT_WIDTH, preferred: list[float] | None = None,
               size_pt: float = 12) -> list[int]:  # fmt: skip
    """Column widths (EMU) summing to `total`: proportional to `preferred` (a source table's own grid) or
    else to the content, never narrower than the longest unbreakable run of a column (a phone number, an
    ID number, a date's digits), so that such a value never breaks in the middle."""
    ncols = max((len(r) for r in rows), default=1)
    em = int(Pt(size_pt))
    floor, want = [0.0] * ncols, [0.0] * ncols
    for row in rows:
        for c, value in enumerate(row[:ncols]):
            for line in str(value).split("\n"):
                want[c] = max(want[c], min(_em(line), MAX_COLUMN_EM))
                runs = [_em(run) for run in _UNBREAKABLE.findall(line)]
                floor[c] = max(floor[c], max(runs, default=0.0), 2.0)
    minimum = [f * em + CELL_PADDING for f in floor]
    if preferred and len(preferred) == ncols and sum(preferred) > 0:
        desired = [p * total / sum(preferred) for p in preferred]
    else:
        desired = [max(w, 2.0) * em + CELL_PADDING for w in want]
    desired = [max(d, m) for d, m in zip(desired, minimum, strict=True)]
    if sum(desired) <= total:
        widths = [d * total / sum(desired) for d in desired]
    elif sum(minimum) >= total:
        widths = [m * total / sum(minimum) for m in minimum]
    else:
        spare = total - sum(minimum)
        extra = [d - m for d, m in zip(desired, minimum, strict=True)]
        widths = [m + spare * x / (sum(extra) or 1) for m, x in zip(minimum, extra, strict=True)]
    out = [int(w) for w in widths]
    out[-1] += int(total) - sum(out)
    return out


def keep_rows_whole(table: Table) -> None:
    """Every row of `table` stays on one page (w:cantSplit)."""
    for tr in table._tbl.tr_lst:
        tr_pr = tr.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.insert(0, OxmlElement("w:cantSplit"))


def add_table(document: Document, rows: list[list[str]], *, widths: list[int] | None = None,
              header_rows: int = 1) -> Table:  # fmt: skip
    """A bordered text table (表格文字 style), the first `header_rows` rows as repeated 表头. Column widths
    follow the content unless given; rows never split across pages."""
    ncols = max((len(r) for r in rows), default=1)
    widths = widths or fit_widths(rows)
    table = new_table(document, len(rows), widths)
    keep_rows_whole(table)
    for r, values in enumerate(rows):
        head = r < header_rows
        if head:
            tr_pr = table._tbl.tr_lst[r].get_or_add_trPr()
            tr_pr.append(OxmlElement("w:tblHeader"))
        for cell, value in zip(cells(table, r), [*values, *[""] * (ncols - len(values))], strict=True):
            set_cell(cell, value, TABLE_HEAD if head else TABLE_TEXT)
    return table
