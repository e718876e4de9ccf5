"""Clickable TOC lines in 网报材料汇编.pdf: each line links to the page its heading is on.

The PDF's cover and TOC are laid out on their own (layout.py), so LibreOffice's own TOC links, which
point at bookmarks in the body, do not survive. They are put back here: the TOC lines are found in the
PDF's text with their positions (pdfium), matched in order to the headings the TOC lists (a heading too
long for one line runs over two), and each line gets a link annotation to the heading's page, added as an
incremental update (pypdf: the body's thousands of pages are not rewritten).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from wenming_submit.assemble.word import layout, toc

Rect = tuple[float, float, float, float]
_LEADER = re.compile(r"[.…·．]{3,}\d*$")


def _lines(textpage: Any) -> list[tuple[str, Rect]]:
    """The text lines of a page (pdfium text page) with the box around each one's characters."""
    text: str = textpage.get_text_range()
    out: list[tuple[str, Rect]] = []
    start = 0
    for piece in re.split(r"(\r\n|\n)", text):
        if piece in ("\r\n", "\n"):
            start += len(piece)
            continue
        boxes = [textpage.get_charbox(start + i) for i, ch in enumerate(piece) if not ch.isspace()]
        start += len(piece)
        if boxes:
            rect = (min(b[0] for b in boxes), min(b[1] for b in boxes),
                    max(b[2] for b in boxes), max(b[3] for b in boxes))  # fmt: skip
            out.append((toc.squash(piece), rect))
    return out


LOOKAHEAD = 4
"""Lines the next TOC entry may be after the last one found (a heading the TOC lost is skipped)."""


def find_lines(pdf: Any, front_pages: int, headings: Sequence[tuple[int, str]]) -> list[list[tuple[int, Rect]]]:
    """For each heading, the (page index, box) of the TOC line(s) showing it on the first `front_pages`
    pages, in order; [] for a heading not found there."""
    lines: list[tuple[int, str, Rect]] = []
    for index in range(front_pages):
        page = pdf[index]
        textpage = page.get_textpage()
        lines += [(index, _LEADER.sub("", text), rect) for text, rect in _lines(textpage)]
        textpage.close()
        page.close()
    found: list[list[tuple[int, Rect]]] = []
    cursor = 0
    for _level, heading in headings:
        target = toc.squash(heading)
        match: list[tuple[int, Rect]] = []
        end = len(lines) if cursor == 0 else min(len(lines), cursor + LOOKAHEAD + 1)  # the cover comes first
        for first in range(cursor, end):
            shown, collected = "", []
            for j in range(first, len(lines)):
                page, text, rect = lines[j]
                shown += text
                collected.append((page, rect))
                if shown == target:
                    match, cursor = collected, j + 1
                    break
                if not text or not target.startswith(shown):
                    break
            if match:
                break
        found.append(match)
    return found


Link = tuple[int, Rect, int]
"""(TOC page index, box of the line, target page index)."""


def plan(pdf_path: Path, headings: Sequence[tuple[int, str]], pages: Sequence[int]) -> list[Link]:
    """The links of the TOC lines of `pdf_path` to the body `pages` of their `headings` (pdfium reads the
    pages up to the body's first, "— 1 —")."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        body = layout.first_body_page(pdf)
        if body is None:
            return []
        found = find_lines(pdf, body, headings)
    finally:
        pdf.close()
    return [(page, rect, body + number - 1) for lines, number in zip(found, pages, strict=True)
            for page, rect in lines]  # fmt: skip


def annotate(writer: Any, links: Sequence[Link]) -> None:
    """Add `links` to a pypdf writer as link annotations (invisible border, the target page's top)."""
    from pypdf.annotations import Link as LinkAnnotation
    from pypdf.generic import Fit

    for page, (x0, y0, x1, y1), target in links:
        height = float(writer.pages[target].mediabox.top)
        annotation = LinkAnnotation(rect=(x0 - 1, y0 - 2, x1 + 1, y1 + 2), target_page_index=target,
                                    fit=Fit.xyz(top=height))  # fmt: skip
        writer.add_annotation(page_number=page, annotation=annotation)


def add_links(pdf_path: Path, headings: Sequence[tuple[int, str]], pages: Sequence[int]) -> int:
    """Link the TOC lines of `pdf_path` (rewritten in place, as an incremental update) to the body
    `pages` of their `headings`; returns the number of links. Runs in a worker.

    One pypdf incremental update per file: a second one on a file pypdf already updated gave its first new
    object the number of the first update's cross-reference stream (pypdf 7.1; readers then resolve that
    number to the stream), so the pieces' PDF gets its links in the same update as its bookmarks
    (pieces.join)."""
    from pypdf import PdfWriter

    links = plan(pdf_path, headings, pages)
    if not links:
        return 0
    writer = PdfWriter(str(pdf_path), incremental=True)
    annotate(writer, links)
    partial = pdf_path.with_name(pdf_path.name + ".links")
    with partial.open("wb") as fh:
        writer.write(fh)
    os.replace(partial, pdf_path)
    return len(links)
