"""One LibreOffice layout of the finished 汇编 gives both the TOC's page numbers and 网报材料汇编.pdf.

The TOC is written before the layout with placeholder page numbers, so it has the same lines as the
finished one. LibreOffice lays out the whole document once (and, in the same process, the front matter
alone: its page count is where the body starts). The real numbers then go into the .docx, only the
front matter (cover and TOC) is laid out again, and its pages replace the front pages of the layout PDF.
When the front matter does not come out with the same page count (a longer number moved a line break),
the caller exports the whole document again instead, so the PDF always shows the real numbers.
"""

from __future__ import annotations

import copy
import os
import posixpath
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx.document import Document
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]

from wenming_submit.assemble.word import toc
from wenming_submit.guard import Isolated

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
IMAGE_REL = f"{R_NS}/image"
DOCUMENT_PART = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"


def _front_xml(document: Document) -> bytes:
    """document.xml holding the body up to its first section break, as one section with that set-up."""
    root = document.element
    body = root.body
    children = list(body)
    sect_path = f"{qn('w:pPr')}/{qn('w:sectPr')}"
    end = next(
        (i for i, el in enumerate(children) if el.tag == qn("w:p") and el.find(sect_path) is not None), None
    )
    if end is None:
        raise ValueError("the document has no section break after its front matter")
    front = etree.Element(root.tag, attrib=dict(root.attrib), nsmap=root.nsmap)
    for child in root:
        if child is not body:
            front.append(copy.deepcopy(child))
            continue
        new_body = etree.SubElement(front, body.tag)
        for element in children[: end + 1]:
            new_body.append(copy.deepcopy(element))
        sect = new_body[-1].find(sect_path)
        sect.getparent().remove(sect)
        new_body.append(sect)  # the front matter's own section properties end the body
    xml: bytes = etree.tostring(front, xml_declaration=True, encoding="UTF-8", standalone=True)
    return xml


def _used_ids(xml: bytes) -> set[str]:
    used = set()
    for element in etree.fromstring(xml).iter():
        for name, value in element.attrib.items():
            if name.startswith(f"{{{R_NS}}}"):
                used.add(value)
    return used


def _targets(rels_name: str, rels: Any) -> set[str]:
    """Package paths of the internal targets of a .rels part."""
    source_dir = posixpath.dirname(posixpath.dirname(rels_name))
    out = set()
    for rel in rels.iter(f"{{{REL_NS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(source_dir, target)
        out.add(posixpath.normpath(path))
    return out


def write_front_matter(document: Document, saved: Path, dest: Path) -> None:
    """`dest`: the front matter (cover and TOC) of `document` alone, as a .docx with the same styles,
    settings, page set-up and headers as `saved` (the .docx just written from `document`), without the
    body and its pictures."""
    xml = _front_xml(document)
    used = _used_ids(xml)
    with zipfile.ZipFile(saved) as zin:
        rels = etree.fromstring(zin.read(DOCUMENT_RELS))
        for rel in list(rels):
            if rel.get("Type") == IMAGE_REL and rel.get("Id") not in used:
                rels.remove(rel)  # the body's pictures
        new_rels = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
        names = zin.namelist()
        referenced: set[str] = set()
        for name in names:
            if name.endswith(".rels"):
                part = rels if name == DOCUMENT_RELS else etree.fromstring(zin.read(name))
                referenced |= _targets(name, part)
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
            for name in names:
                if name == DOCUMENT_PART:
                    zout.writestr(name, xml)
                elif name == DOCUMENT_RELS:
                    zout.writestr(name, new_rels)
                elif name.startswith("word/media/") and name not in referenced:
                    continue
                else:
                    zout.writestr(zin.getinfo(name), zin.read(name))


def open_on_the_right(pdf: Any, front_pages: int) -> int:
    """Put a blank page after the `front_pages` pages of the front matter when they are an odd number, so
    the body's page 1 is a right-hand page in double-sided printing: its "— 1 —" stands on the right, as
    on every odd page (GB/T 9704 7.5), and the cover and TOC are not backed by the body. `pdf` is a
    pdfium document; returns the pages before the body.

    Only the PDF gets the blank page. The .docx keeps a next-page section start: LibreOffice lays an
    odd-page section out with a different page geometry (more lines on a page), so the TOC numbers it
    finds would no longer be the pages Word shows."""
    if front_pages % 2 == 0:
        return front_pages
    width, height = pdf[0].get_size()
    pdf.new_page(width, height, index=front_pages).close()
    return front_pages + 1


def splice(layout_pdf: Path, front_pdf: Path, front_pages: int, dest: Path) -> bool:
    """Write `dest`: `layout_pdf` with its first `front_pages` pages replaced by the pages of `front_pdf`,
    and a blank page after them when they are an odd number (`open_on_the_right`).

    The body's pages stay the same page objects, so the PDF's outline (bookmarks to the headings) still
    points at them. False, writing nothing, when `front_pdf` does not have the pages of the layout's
    front matter (`front_pages`, or one fewer when the layout's last front page is blank) or a PDF cannot
    be read or written.
    """
    import pypdfium2 as pdfium

    try:
        layout = pdfium.PdfDocument(str(layout_pdf))
    except pdfium.PdfiumError:
        return False
    try:
        front = pdfium.PdfDocument(str(front_pdf))
    except pdfium.PdfiumError:
        layout.close()
        return False
    try:
        shown = front_page_count(front_pdf)
        if front_pages not in (shown, shown + 1) or len(layout) <= front_pages:
            return False
        for _ in range(front_pages):
            layout.del_page(0)
        layout.import_pages(front, pages=list(range(shown)), index=0)
        open_on_the_right(layout, shown)
        layout.save(dest)
        return True
    except pdfium.PdfiumError:
        dest.unlink(missing_ok=True)
        return False
    finally:
        front.close()
        layout.close()


# -- the steps of the Word build's layout pass (assemble/word/__init__.py `_update_toc`)

TOC_TIMEOUT_FRONT = 180.0
"""Seconds for LibreOffice to lay out the front matter alone."""
SPLICE_TIME_LIMIT = 300.0


def save_with_fronts(documents: Sequence[tuple[Path, Any]], folder: Path) -> list[Path | None]:
    """Save every (path, Composed) document, and in `folder` its front matter alone (None where that fails)."""
    folder.mkdir(parents=True, exist_ok=True)
    stems = {p.stem for p, _ in documents}
    fronts: list[Path | None] = []
    for n, (path, composed) in enumerate(documents):
        composed.document.save(str(path))
        stem = f"front-{n:04d}"
        while stem in stems:  # the PDFs of all of them land in one folder, named after the stems
            stem = f"~{stem}"
        front = folder / f"{stem}.docx"
        try:
            write_front_matter(composed.document, path, front)
        except (ValueError, OSError, KeyError, zipfile.BadZipFile):
            fronts.append(None)
            continue
        fronts.append(front)
    return fronts


def locate_in_pdf(pdf: Path, front: Path | None, headings: list[tuple[int, str]]) -> tuple[int, list[int]] | None:
    """(pages before the body, body page of each heading) from the layout PDFs; None when not found.

    The body begins on the first page whose footer reads "— 1 —" (the cover and TOC carry no page
    number); the front matter laid out alone (`front`) gives it when no footer can be read. Runs in a
    worker: pdfium holds a few hundred MB for a 汇编 of thousands of pages."""
    if front is None or not pdf.is_file() or not front.is_file():
        return None
    try:  # a PDF LibreOffice wrote but pdfium cannot read: the TOC is left for Word
        pages = toc.page_texts(pdf)
        start = next((i for i, text in enumerate(pages) if opens_body(text)), None)
        if start is None:
            start = front_page_count(front)
        numbers = toc.locate(pages, headings, start=start)
    except Exception:
        return None
    return None if numbers is None else (start, numbers)


FIRST_BODY_FOOTER = "—1—"
"""The squashed footer of the body's first page (gongwen.set_page_numbers: "— 1 —")."""


def opens_body(page_text: str) -> bool:
    """The page's text ends in the body's first footer: it is the body's first page (the cover and TOC
    carry no page number)."""
    return toc.squash(page_text).endswith(FIRST_BODY_FOOTER)


def front_page_count(front_pdf: Path) -> int:
    """Pages of the front matter laid out alone, without the blank page LibreOffice may put after it (the
    paragraph that carried the section break, pushed onto a page of its own)."""
    texts = toc.page_texts(front_pdf)
    while len(texts) > 1 and not texts[-1]:
        texts.pop()
    return len(texts)


def export_pdf(document: Document, path: Path, front_pages: int, pdf_dir: Path, work: Path, timeout: float,
               pdf: Path) -> str | None:  # fmt: skip
    """`pdf`: the layout PDF of `document` (saved at `path`) with its front matter, now showing the real
    numbers, laid out again; the whole document exported again when that front matter's page count
    changed. Returns an error text, or None. pdfium splices in a worker (it holds the whole PDF)."""
    folder = work / "final"
    folder.mkdir(parents=True, exist_ok=True)
    front = folder / "front.docx"
    try:
        write_front_matter(document, path, front)
    except (ValueError, OSError, KeyError, zipfile.BadZipFile):
        pass
    else:
        toc.convert_to_pdf([front], folder, TOC_TIMEOUT_FRONT, work)
        produced = folder / "front.pdf"
        if produced.is_file():
            with Isolated(time_limit=SPLICE_TIME_LIMIT) as worker:
                done = worker.call(splice, pdf_dir / f"{path.stem}.pdf", produced, front_pages, pdf)
            if done is True:
                return None
    error = toc.convert_to_pdf([path], folder, timeout, work)
    produced = folder / f"{path.stem}.pdf"
    if error is None and produced.is_file():
        with Isolated(time_limit=SPLICE_TIME_LIMIT) as worker:
            done = worker.call(open_body_on_the_right, produced, pdf)
        if done is not True:
            os.replace(produced, pdf)
        return None
    return error or "LibreOffice 未能导出 PDF"


def open_body_on_the_right(source: Path, dest: Path) -> bool:
    """`dest`: the PDF LibreOffice exported whole, with a blank page before the body when the pages before
    it are an odd number. False when the PDF cannot be read or written, or no page reads "— 1 —" (the
    caller keeps `source` as it is)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(source))
        try:
            start = first_body_page(pdf)
            if start is None:
                return False
            if open_on_the_right(pdf, start) != start:
                pdf.save(dest)
                return True
        finally:
            pdf.close()
        os.replace(source, dest)
        return True
    except (pdfium.PdfiumError, OSError):
        dest.unlink(missing_ok=True)
        return False


def first_body_page(pdf: Any) -> int | None:
    """Index of the first page of a pdfium document whose text ends in "— 1 —" (the body's first)."""
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        try:
            if opens_body(textpage.get_text_range()):
                return index
        finally:
            textpage.close()
            page.close()
    return None


def export_pieces(composed: Any, path: Path, laid_out: Any, work: Path, pdf: Path) -> str | None:
    """`pdf`: the front matter of `composed` (saved at `path`, now with the real numbers) laid out, then
    the pages of the pieces the body was laid out in (pieces.py), with the TOC's headings as bookmarks.
    Returns an error text, or None."""
    from wenming_submit.assemble.word import pieces

    folder = work / "final"
    folder.mkdir(parents=True, exist_ok=True)
    front = folder / "front.docx"
    try:
        write_front_matter(composed.document, path, front)
    except (ValueError, OSError, KeyError, zipfile.BadZipFile):
        return "目录页未能单独排版"
    error = toc.convert_to_pdf([front], folder, TOC_TIMEOUT_FRONT, work)
    produced = folder / "front.pdf"
    if error is not None or not produced.is_file():
        return error or "目录页未能单独排版"
    with Isolated(time_limit=SPLICE_TIME_LIMIT) as worker:
        done = worker.call(pieces.join, produced, laid_out.pdfs, composed.headings, laid_out.pages, pdf)
    return None if done is True else "汇编 PDF 未能拼接"
