"""Real page numbers for the TOC, from LibreOffice's layout of the finished document.

LibreOffice converts the .docx to PDF (headless, private profile inside the staging folder, one process
for all files; see soffice.py); the page
of each heading is found in the PDF's text. The TOC field keeps its instruction, so Word still rebuilds
it on "更新域". Without LibreOffice (or when it fails) the field is left dirty for Word to update on open.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from wenming_submit.assemble.word import soffice

Headings = Sequence[tuple[int, str]]


def find_soffice() -> str | None:
    return soffice.find_soffice()


def convert_to_pdf(paths: Sequence[Path], outdir: Path, timeout: float, workdir: Path | None = None) -> str | None:
    """Convert every path to PDF in `outdir` with one LibreOffice process. Returns an error text or None."""
    return soffice.convert(paths, "pdf", outdir, workdir or outdir, timeout)


def squash(text: str) -> str:
    """`text` without any whitespace: how page texts and headings are compared (PDF text spaces vary)."""
    return "".join(text.split())


def page_texts(pdf_path: Path) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        out = []
        for page in pdf:
            textpage = page.get_textpage()
            out.append(squash(textpage.get_text_bounded()))
            textpage.close()
            page.close()
        return out
    finally:
        pdf.close()


def locate(pages: Sequence[str], headings: Headings, start: int | None = None) -> list[int] | None:
    """Body page number (1 = the page of the first heading) of each heading, searched in order.

    With `start` (the index of the body's first page: the front matter's page count) the search begins
    there, so a TOC that already lists the headings is never mistaken for them, and the first heading
    must be on that page (or the next, after a blank page), else the layout is not trusted (None).

    A heading not found (a glyph the PDF text maps oddly) takes the page of the one before it; when more
    than a tenth are missing the layout is not trusted and None is returned.
    """
    found: list[int] = []
    cursor = start or 0
    missing = 0
    for _level, text in headings:
        needle = squash(text)
        index = next((i for i in range(cursor, len(pages)) if needle in pages[i]), None)
        if index is None:
            missing += 1
            index = cursor
        found.append(index)
        cursor = index
    if not found or missing > len(found) // 10:
        return None
    if start is not None and found[0] != start and not (found[0] == start + 1 and not pages[start].strip()):
        # LibreOffice starts a section numbered from 1 on a right-hand page: after a front matter of an odd
        # number of pages it puts one blank page before the body, and only that may come between them.
        return None
    first = found[0]
    return [max(1, index - first + 1) for index in found]
