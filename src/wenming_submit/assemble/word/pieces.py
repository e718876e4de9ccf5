"""A long 汇编 laid out by LibreOffice in consecutive pieces, each numbered on from the last.

LibreOffice's memory grows with the pages of the document it lays out (a 1,000-photo 汇编 of 8,400 pages:
~760 MB even with the picture caches capped), and so does its time per page (three pieces of a
2,500-page 汇编 take 22 % less CPU than the whole). Every indicator starts on a new page, so the body can
be cut between indicators and laid out piece by piece: each piece is a .docx with the same styles,
settings, footers and page set-up, holding some indicators' blocks and the body's section properties
with the page numbering starting where the previous piece ended (`w:pgNumType w:start`). The pages of
the pieces are the pages of the body; the TOC numbers come from where the headings are in them, and the
汇编 PDF is the front matter (laid out with the real numbers) followed by the pieces' pages, with an
outline (bookmarks) of the headings the TOC lists.

Only a document whose body was spooled indicator by indicator (assemble/word/spool.py `BodySpool`)
is cut, and only when it is long; anything unexpected returns None and the caller lays the document out
whole, as before.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.document import Document
from docx.opc.oxml import serialize_part_xml

from wenming_submit.assemble.word import layout, toc, toclinks

PIECE_XML_BYTES = 12_000_000
"""Body XML per piece: ~2,000 pages of 汇编 (about 6 KB of WordprocessingML per page)."""
DOCUMENT_PART = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_RID = re.compile(rb'r:(?:embed|id|link)="([^"]+)"')
_START = re.compile(rb'(<w:pgNumType\b[^>]*?\bw:start=")(\d+)(")')
_FIELD_RUN = re.compile(
    rb"<w:r(?: [^>]*)?>(?:<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?"
    rb"(?:<w:fldChar\b[^>]*/>|<w:instrText\b[^>]*>[^<]*</w:instrText>)</w:r>",
    re.DOTALL,
)
"""A run holding only a field's begin/instruction/separate/end mark (gongwen.ooxml writes each alone)."""


@dataclass
class Body:
    """The body of a spooled document as XML: one block run per indicator, between `head` and `tail`."""

    head: bytes
    """The document element's start tag and `<w:body>` (the front matter is not part of any piece)."""
    indicators: list[bytes]
    tail: bytes
    """The body's section properties and the closing tags."""


def spooled_body(document: Document) -> Body | None:
    """The body of `document` as one XML block run per indicator; None when it was not (fully) spooled."""
    spool = getattr(document.part, "_spool", None)
    if spool is None or not spool.active or not spool.chunks:
        return None
    xml = serialize_part_xml(document.part.element)
    before, marker, after = xml.partition(spool.marker_xml)
    start = before.find(b"<w:body>")
    if not marker or start < 0 or not after.lstrip().startswith(b"<w:sectPr") or not _START.search(after):
        return None  # blocks left in the tree after the marker, or a layout we did not write
    return Body(before[: start + len(b"<w:body>")], [zlib.decompress(c) for c in spool.chunks], after)


def cut(body: Body, limit: int = PIECE_XML_BYTES) -> list[list[int]]:
    """Indicator indexes per piece: consecutive, each piece at most `limit` bytes unless one indicator is."""
    pieces: list[list[int]] = [[]]
    size = 0
    for index, block in enumerate(body.indicators):
        if pieces[-1] and size + len(block) > limit:
            pieces.append([])
            size = 0
        pieces[-1].append(index)
        size += len(block)
    return pieces


def write_piece(body: Body, indexes: Sequence[int], first_page: int, saved: Path, dest: Path) -> None:
    """`dest`: a .docx of the indicators `indexes` of `body`, numbered from `first_page`, with the parts of
    `saved` (the whole document as saved) and only the pictures those indicators show."""
    # The caption numbers (SEQ fields) as the text they show: LibreOffice counts SEQ fields again from 1
    # in every piece, while the shown values are the whole document's.
    blocks = _FIELD_RUN.sub(b"", b"".join(body.indicators[i] for i in indexes))
    tail = _START.sub(lambda m: m.group(1) + str(first_page).encode() + m.group(3), body.tail, count=1)
    xml = body.head + blocks + tail  # the head starts with the part's XML declaration
    used = {m.decode() for m in _RID.findall(blocks)} | {m.decode() for m in _RID.findall(tail)}
    from lxml import etree  # type: ignore[import-untyped]

    with zipfile.ZipFile(saved) as zin:
        rels = etree.fromstring(zin.read(DOCUMENT_RELS))
        dropped = set()
        for rel in list(rels):
            if rel.get("Type") == IMAGE_REL and rel.get("Id") not in used:
                dropped.add("word/" + rel.get("Target", "").lstrip("/").removeprefix("word/"))
                rels.remove(rel)
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                name = info.filename
                if name == DOCUMENT_PART:
                    zout.writestr(name, xml)
                elif name == DOCUMENT_RELS:
                    zout.writestr(name, etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True))
                elif name not in dropped:
                    stored = zipfile.ZIP_STORED if name.startswith("word/media/") else zipfile.ZIP_DEFLATED
                    zout.writestr(name, zin.read(name), compress_type=stored)


@dataclass
class PieceLayout:
    pdfs: list[Path]
    pages: list[int]
    """Body page of each heading (1 = the first body page), in the order of the document's headings."""


Convert = Callable[[Path, Path, float], str | None]
"""(docx, out dir, timeout) -> error text or None: one LibreOffice run."""
Read = Callable[[Path], Any]
"""pdf -> its page texts (list[str]) or a guard Failure: pdfium, in a worker."""


def lay_out(body: Body, headings: Sequence[tuple[int, str]], saved: Path, work: Path, timeout: float,
            convert: Convert, read: Read) -> PieceLayout | None:  # fmt: skip
    """Lay the body out piece by piece; the headings' body pages, or None when a piece failed or its pages
    do not start with its first indicator (the caller then lays the document out whole)."""
    firsts = [text for level, text in headings if level == 1]
    if len(firsts) != len(body.indicators):
        return None  # one level-1 heading per indicator is what ties pages to pieces
    pieces = cut(body)
    total = sum(len(b) for b in body.indicators) or 1
    folder = work / "pieces"
    folder.mkdir(parents=True, exist_ok=True)
    texts: list[str] = []
    pdfs = []
    for n, indexes in enumerate(pieces):
        docx = folder / f"piece-{n:03d}.docx"
        write_piece(body, indexes, len(texts) + 1, saved, docx)
        share = sum(len(body.indicators[i]) for i in indexes) / total
        error = convert(docx, folder, 60.0 + timeout * share)
        docx.unlink(missing_ok=True)
        pdf = folder / f"piece-{n:03d}.pdf"
        if error is not None or not pdf.is_file():
            return None
        pages = read(pdf)
        if not isinstance(pages, list) or not pages or toc.squash(firsts[indexes[0]]) not in pages[0]:
            return None
        texts += pages
        pdfs.append(pdf)
    found = toc.locate(texts, headings)
    if found is None or found[0] != 1:
        return None
    return PieceLayout(pdfs, found)


def join(front: Path, pieces: Sequence[Path], headings: Sequence[tuple[int, str]], pages: Sequence[int],
         dest: Path) -> bool:  # fmt: skip
    """`dest`: the pages of `front` (with a blank page after them when they are an odd number) then of every
    piece, with the headings (level, title) on their body `pages` as the PDF's bookmarks, and the TOC
    lines linked to them. False (nothing written) when a PDF cannot be read or written. Runs in
    a worker: pdfium holds the whole PDF."""
    import pypdfium2 as pdfium

    joined = dest.with_name(dest.name + ".joined")
    try:
        out = pdfium.PdfDocument(str(front))
        try:
            offset = layout.front_page_count(front)
            for _ in range(len(out) - offset):  # the blank page LibreOffice may put after the front matter
                out.del_page(offset)
            offset = layout.open_on_the_right(out, offset)
            for path in pieces:
                piece = pdfium.PdfDocument(str(path))
                try:
                    out.import_pages(piece)
                finally:
                    piece.close()
            out.save(joined)
        finally:
            out.close()
    except pdfium.PdfiumError:
        joined.unlink(missing_ok=True)
        return False
    outline = [(level, title, offset + page - 1) for (level, title), page in zip(headings, pages, strict=True)]
    try:
        links = toclinks.plan(joined, headings, pages)
    except Exception:
        links = []
    try:
        _bookmark(joined, outline, links, dest)
    except Exception:  # no outline is better than no PDF
        joined.replace(dest)
    finally:
        joined.unlink(missing_ok=True)
    return True


def _bookmark(source: Path, outline: Sequence[tuple[int, str, int]], links: Sequence[toclinks.Link],
              dest: Path) -> None:  # fmt: skip
    """Add `outline` and the TOC's `links` to `source` as one incremental update (the pages are not
    rewritten), saved as `dest`."""
    from pypdf import PdfWriter

    writer = PdfWriter(str(source), incremental=True)
    toclinks.annotate(writer, links)
    parents: dict[int, Any] = {}
    for level, title, page in outline:
        parent = parents.get(level - 1) if level > 1 else None
        parents[level] = writer.add_outline_item(title=title, page_number=page, parent=parent)
    writer.page_mode = "/UseOutlines"
    with dest.open("wb") as fh:
        writer.write(fh)
