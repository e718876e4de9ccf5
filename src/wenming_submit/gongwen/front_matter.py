"""The front matter of a document: the cover page and the 目录 (a TOC field Word fills on open, or one
filled with page numbers from a LibreOffice layout)."""

from __future__ import annotations

import datetime as dt

from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from wenming_submit.gongwen import (
    COVER_TEXT,
    COVER_TITLE,
    TOC_INSTR,
    TOC_LEVELS,
    TOC_TITLE,
    add_text,
    field_begin,
    field_end,
    ooxml,
    paragraph,
)
from wenming_submit.gongwen.chinese import chinese_date, title_lines


def add_cover(document: Document, title: str, lines: list[str], day: dt.date) -> None:
    """Cover page: title in 小标宋, then unit/period lines and the date, centred."""
    paragraph(document, "\n".join(title_lines(title, 16)), COVER_TITLE)
    for line in lines:
        paragraph(document, line, COVER_TEXT)
    paragraph(document, chinese_date(day), COVER_TEXT)


def add_toc(document: Document, pending_text: str) -> Paragraph:
    """目录 title and a TOC field over heading levels 1–TOC_DEPTH, left for Word to fill on open.

    The field is marked dirty and the settings ask Word to update fields when the file opens; call
    `fill_toc` with page numbers (from a LibreOffice layout) to show a finished TOC instead.
    """
    paragraph(document, "目  录", TOC_TITLE)
    first = document.add_paragraph(style=TOC_LEVELS[0])
    field_begin(first, TOC_INSTR, dirty=True)
    add_text(first, pending_text)
    field_end(first)
    ooxml.insert_setting(document.settings.element, ooxml.update_fields())
    return first


def fill_toc(document: Document, placeholder: Paragraph, entries: list[tuple[int, str, int | str]]) -> list[Run]:
    """Replace the pending TOC field by one whose shown result is `entries` (level, text, page).

    Returns the runs that show the page numbers, in order: `set_toc_pages` rewrites them once the real
    pages are known (entries written before the layout carry placeholder numbers).
    """
    if not entries:
        return []
    anchor = placeholder
    paras: list[Paragraph] = []
    numbers: list[Run] = []
    for level, text, page in entries:
        para = anchor.insert_paragraph_before(style=TOC_LEVELS[min(level, 3) - 1])
        add_text(para, f"{text}\t")
        numbers.append(add_text(para, str(page)))
        paras.append(para)
    # insert_paragraph_before keeps order when always inserting before the same anchor
    begin_runs = field_begin(paras[0], TOC_INSTR)
    first_p = paras[0]._p
    for run in reversed(begin_runs):
        first_p.remove(run._r)
        ppr = first_p.pPr
        (ppr.addnext if ppr is not None else lambda e: first_p.insert(0, e))(run._r)
    field_end(paras[-1])
    placeholder._p.getparent().remove(placeholder._p)
    for element in document.settings.element.findall(qn("w:updateFields")):
        element.getparent().remove(element)
    return numbers


def set_toc_pages(numbers: list[Run], pages: list[int]) -> None:
    """Show `pages` in the TOC lines `fill_toc` wrote (its returned runs, in the same order)."""
    for run, page in zip(numbers, pages, strict=True):
        run.text = str(page)


def unfill_toc(document: Document, placeholder: Paragraph, numbers: list[Run]) -> None:
    """Undo `fill_toc`: the pending field `placeholder` again in place of the lines (their page-number runs
    `numbers`), left for Word to fill on open."""
    if not numbers:
        return
    lines = list(dict.fromkeys(run._r.getparent() for run in numbers))
    lines[0].addprevious(placeholder._p)
    for line in lines:
        line.getparent().remove(line)
    ooxml.insert_setting(document.settings.element, ooxml.update_fields())
