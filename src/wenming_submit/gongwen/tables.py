"""Tables in the GB/T 9704 style: fixed column widths fitted to the content, bordered or not, 表头 rows
repeated on every page, rows that never split across pages."""

from __future__ import annotations

import itertools
import re
import unicodedata

from docx.document import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree  # type: ignore[import-untyped]

from wenming_submit.gongwen import (
    TABLE_HEAD,
    TABLE_TEXT,
    TEXT_WIDTH,
    add_text,
    ooxml,
    paragraph_fonts,
    set_style,
    style_id,
)
from wenming_submit.textcodec import xml_text

_TBL_LOOK = (
    '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1"'
    ' w:val="04A0"/>'
)
_EDGES = ("top", "left", "bottom", "right", "insideH", "insideV")
_BORDERS = {
    True: "".join(f'<w:{e} w:val="single" w:sz="4" w:color="000000"/>' for e in _EDGES),
    False: "".join(f'<w:{e} w:val="nil"/>' for e in _EDGES),
}
_P, _PPR, _PSTYLE, _VAL = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:val")


def _tbl_xml(rows: int, widths: list[int], borders: bool, cant_split: bool, header_rows: int) -> str:
    """The table python-docx's `add_table` makes, with our alignment, fixed layout, borders and widths."""
    twips = [Emu(w).twips for w in widths]
    cells = "".join(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{t}"/></w:tcPr><w:p/></w:tc>' for t in twips)
    grid = "".join(f'<w:gridCol w:w="{t}"/>' for t in twips)
    trs = []
    for r in range(rows):
        flags = ("<w:cantSplit/>" if cant_split else "") + ("<w:tblHeader/>" if r < header_rows else "")
        trs.append(f"<w:tr>{f'<w:trPr>{flags}</w:trPr>' if flags else ''}{cells}</w:tr>")
    return (
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        f'<w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/><w:tblBorders>{_BORDERS[borders]}</w:tblBorders>'
        f'<w:tblLayout w:type="fixed"/>{_TBL_LOOK}</w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
        f"{''.join(trs)}</w:tbl>"
    )


def new_table(document: Document, rows: int, widths: list[int], *, borders: bool = True,
              cant_split: bool = False, header_rows: int = 0) -> Table:  # fmt: skip
    """An empty table of fixed column widths (EMU), centred, with or without single black borders;
    `cant_split`: rows never split across pages; the first `header_rows` rows repeat on every page.

    Written directly (the XML python-docx's `add_table` and the setters would write): `add_table` finds
    the page width through every section of the body and the w:sectPr by scanning the body, per table.
    """
    tbl = parse_xml(_tbl_xml(rows, widths, borders, cant_split, header_rows))
    ooxml.append_block(document.element.body, tbl)
    return Table(tbl, document._body)


def cells(table: Table, row: int) -> list[_Cell]:
    """The cells of one row without python-docx's whole-table scan (table.cell is O(rows×cols))."""
    return [_Cell(tc, table) for tc in table._tbl.tr_lst[row].tc_lst]


def set_cell(cell: _Cell, text: str, style: str = TABLE_TEXT) -> Paragraph:
    para = Paragraph(cell._tc.findall(_P)[0], cell)
    set_style(para, style)
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
    table = new_table(document, len(rows), widths, cant_split=True, header_rows=header_rows)
    part = document.part
    head_id, text_id = style_id(part, TABLE_HEAD), style_id(part, TABLE_TEXT)
    head_fonts, text_fonts = paragraph_fonts(part, head_id), paragraph_fonts(part, text_id)
    for r, (tr, values) in enumerate(zip(table._tbl.iterchildren(qn("w:tr")), rows, strict=True)):
        sid, (east_asian, latin) = (head_id, head_fonts) if r < header_rows else (text_id, text_fonts)
        padded = [*values, *[""] * (ncols - len(values))]
        for tc, value in zip(tr.iterchildren(qn("w:tc")), padded, strict=True):
            p = tc[-1]
            ppr = etree.SubElement(p, _PPR)
            if sid is not None:
                etree.SubElement(ppr, _PSTYLE).set(_VAL, sid)
            if value:
                ooxml.font_run(p, xml_text(value), east_asian, latin)
    return table
