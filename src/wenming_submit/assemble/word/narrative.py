"""Narrative documents (说明报告, 方案, 情况说明…) merged into the 汇编 as body text and tables.

Reading and writing are separate: `read_docx`/`read_text` turn a unit's file into plain blocks (text,
tables, pictures) plus notes about what could not be carried over; `write_blocks` writes them in the
汇编's own styles. All direct formatting of the unit's file is dropped on purpose: the 汇编 must look
like one document, and odd formatting (colours, fonts, text boxes) is what reviewers complain about.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Emu, Mm
from lxml import etree  # type: ignore[import-untyped]

from wenming_submit import gongwen
from wenming_submit.assemble.images import ImageError, encode_jpeg, fit, load_oriented
from wenming_submit.assemble.word import texts
from wenming_submit.assemble.word.pictures import PictureSink, placed_size, px_for
from wenming_submit.evidence.pii import mask_pii
from wenming_submit.gongwen.tables import add_table, fit_widths
from wenming_submit.textcodec import decode_chinese_text

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "v": "urn:schemas-microsoft-com:vml",
}
W = f"{{{NS['w']}}}"
_PIC_URI = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_NOT_HIDDEN = "not(ancestor::mc:Fallback) and not(ancestor::w:del) and not(ancestor::w:moveFrom)"
_RUN_TEXT = "/*[self::w:t or self::w:tab or self::w:br or self::w:cr]"
_TEXT = etree.XPath(f".//w:r[{_NOT_HIDDEN} and not(ancestor::w:txbxContent)]{_RUN_TEXT}", namespaces=NS)
_BOX_TEXT = etree.XPath(f".//w:r[{_NOT_HIDDEN}]{_RUN_TEXT}", namespaces=NS)
_TEXTBOX_PARAS = etree.XPath(f".//w:txbxContent[{_NOT_HIDDEN}]//w:p", namespaces=NS)
_BLIPS = etree.XPath(f".//a:blip[{_NOT_HIDDEN}]/@r:embed", namespaces=NS)
_VML_IMAGES = etree.XPath(f".//v:imagedata[{_NOT_HIDDEN} and not(ancestor::w:object)]/@r:id", namespaces=NS)
_OBJECTS = etree.XPath(
    f".//w:object[{_NOT_HIDDEN}] | .//a:graphicData[{_NOT_HIDDEN} and @uri != '{_PIC_URI}']", namespaces=NS
)
_TRACKED = etree.XPath(".//w:ins | .//w:del | .//w:moveFrom | .//w:moveTo | .//w:rPrChange", namespaces=NS)
_COMMENTS = etree.XPath(".//w:commentReference", namespaces=NS)

MAX_TABLE_ROWS = 200
MAX_TABLE_COLS = 12
DOC_PICTURE_BOX = (Mm(140), Mm(100))


@dataclass
class Blocks:
    """A unit document reduced to what the 汇编 shows: ('p', text) | ('table', rows) | ('picture', blob)."""

    items: list[tuple[str, object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failed_pictures: int = 0


def _text(element: etree._Element, xpath: etree.XPath = _TEXT) -> str:
    out = []
    for node in xpath(element):
        tag = etree.QName(node).localname
        out.append(node.text or "" if tag == "t" else "\t" if tag == "tab" else "\n")
    return "".join(out).strip(" \u3000\t\n")


def _picture(part: object, rid: str, blocks: Blocks) -> None:
    try:
        blob = part.related_parts[rid].blob  # type: ignore[attr-defined]
        img = load_oriented(io.BytesIO(blob), max_side_px=px_for(DOC_PICTURE_BOX[0]))
        jpeg = encode_jpeg(img, max_side_px=px_for(DOC_PICTURE_BOX[0]), quality=80)
        blocks.items.append(("picture", (jpeg, fit(img.size, px_for(DOC_PICTURE_BOX[0])))))
    except (KeyError, ImageError, OSError, ValueError):
        blocks.failed_pictures += 1


@dataclass(frozen=True)
class SourceTable:
    """A unit document's table: cell texts, the source's own column grid (twips) and its header rows."""

    rows: list[list[str]]
    grid: list[float] = field(default_factory=list)
    header_rows: int = 1


def _grid(tbl: etree._Element) -> list[float]:
    widths = []
    for col in tbl.findall(f"{W}tblGrid/{W}gridCol"):
        try:
            widths.append(float(col.get(f"{W}w") or 0))
        except ValueError:
            return []
    return widths[:MAX_TABLE_COLS] if all(w > 0 for w in widths) else []


def _header_rows(trs: list[etree._Element]) -> int:
    """Rows the source marks as repeated header (w:tblHeader), at least the first row."""
    marked = 0
    for tr in trs:
        if tr.find(f"{W}trPr/{W}tblHeader") is None:
            break
        marked += 1
    return max(1, min(marked, 3))


def _table(tbl: etree._Element, blocks: Blocks) -> None:
    rows: list[list[str]] = []
    trs = tbl.findall(f"{W}tr")
    cut = len(trs) > MAX_TABLE_ROWS
    for tr in trs[:MAX_TABLE_ROWS]:
        tcs = tr.findall(f"{W}tc")
        cut = cut or len(tcs) > MAX_TABLE_COLS
        rows.append(
            ["\n".join(filter(None, (_text(p) for p in tc.iter(f"{W}p")))) for tc in tcs[:MAX_TABLE_COLS]]
        )
    if cut:
        blocks.notes.append(texts.NOTE_TABLE_CUT.format(rows=MAX_TABLE_ROWS, cols=MAX_TABLE_COLS))
    if any(any(cell for cell in row) for row in rows):
        blocks.items.append(("table", SourceTable(rows, _grid(tbl), _header_rows(trs))))


def _walk(container: etree._Element, part: object, blocks: Blocks) -> None:
    for child in container:
        tag = child.tag
        if tag == f"{W}p":
            text = _text(child)
            if text:
                blocks.items.append(("p", text))
            for rid in [*_BLIPS(child), *_VML_IMAGES(child)]:
                _picture(part, str(rid), blocks)
            for box_para in _TEXTBOX_PARAS(child):
                box_text = _text(box_para, _BOX_TEXT)
                if box_text:
                    blocks.items.append(("p", box_text))
        elif tag == f"{W}tbl":
            _table(child, blocks)
        elif tag in (f"{W}sdt", f"{W}customXml", f"{W}sdtContent"):
            inner = child.find(f"{W}sdtContent") if tag == f"{W}sdt" else child
            if inner is not None:
                _walk(inner, part, blocks)


def read_docx(path: Path) -> Blocks:
    """Raises ValueError (Chinese reason) when the file cannot be opened as a Word document."""
    try:
        source = docx.Document(str(path))
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        KeyError,
        etree.XMLSyntaxError,
        ValueError,
        OSError,
    ) as exc:
        reason = texts.DOC_REASONS.get(
            type(exc).__name__, "无法读取文件" if isinstance(exc, OSError) else "格式错误"
        )
        raise ValueError(texts.DOC_UNREADABLE.format(reason=reason)) from exc
    body = source.element.body
    blocks = Blocks()
    _walk(body, source.part, blocks)
    if _TRACKED(body):
        blocks.notes.insert(0, texts.NOTE_TRACKED)
    if _COMMENTS(body):
        blocks.notes.append(texts.NOTE_COMMENTS)
    if _TEXTBOX_PARAS(body):
        blocks.notes.append(texts.NOTE_TEXTBOX)
    if objects := len(_OBJECTS(body)):
        blocks.notes.append(texts.NOTE_OBJECTS.format(n=objects))
    if blocks.failed_pictures:
        blocks.notes.append(texts.NOTE_PICTURE_FAILED.format(n=blocks.failed_pictures))
    return blocks


def read_text(path: Path) -> Blocks:
    raw = path.read_bytes()
    content = decode_chinese_text(raw)
    if content is None:
        raise ValueError(texts.TEXT_UNREADABLE)
    lines = (line.strip(" \u3000\t\r") for line in content.splitlines())
    return Blocks(items=[("p", line) for line in lines if line])


def write_blocks(document: Document, sink: PictureSink, blocks: Blocks) -> tuple[int, int]:
    """Write blocks in the body style. Returns (pictures, tables) written."""
    pictures = tables = 0
    for kind, value in blocks.items:
        if kind == "p":
            gongwen.paragraph(document, str(value))
        elif kind == "table" and isinstance(value, SourceTable):
            rows = [list(r) for r in value.rows]
            ncols = max((len(r) for r in rows), default=1)
            preferred = value.grid if len(value.grid) == ncols else None
            widths = fit_widths(rows, preferred=preferred)
            add_table(document, rows, widths=widths, header_rows=min(value.header_rows, len(rows) - 1) or 1)
            gongwen.paragraph(document, "", gongwen.NORMAL)
            tables += 1
        elif kind == "picture" and isinstance(value, tuple):
            blob, size = value
            para = gongwen.paragraph(document, "", gongwen.PICTURE)
            natural = (Emu(size[0] * 914400 // 150), Emu(size[1] * 914400 // 150))
            box = (min(DOC_PICTURE_BOX[0], natural[0]), min(DOC_PICTURE_BOX[1], natural[1]))
            width, height = placed_size(size, box)
            sink.add(para.add_run(), blob, width, height)
            pictures += 1
    return pictures, tables


def masked(blocks: Blocks) -> tuple[Blocks, int]:
    """`blocks` with phone, ID and card numbers masked (evidence/pii.mask_pii); and how many were."""
    count = 0

    def mask(text: str) -> str:
        nonlocal count
        out = mask_pii(text)
        count += out != text
        return out

    items: list[tuple[str, object]] = []
    for kind, value in blocks.items:
        if kind == "p":
            items.append((kind, mask(str(value))))
        elif kind == "table" and isinstance(value, SourceTable):
            rows = [[mask(cell) for cell in row] for row in value.rows]
            items.append((kind, SourceTable(rows, value.grid, value.header_rows)))
        else:
            items.append((kind, value))
    return Blocks(items, blocks.notes, blocks.failed_pictures), count


@dataclass(frozen=True)
class DocPicture:
    """A picture inside a unit's Word file (a 照片汇总.docx) with the caption found next to it."""

    blob: bytes
    """JPEG bytes, upright."""
    size: tuple[int, int]
    caption: str


def _para_text(p: etree._Element) -> str:
    return _text(p)


def extract_pictures(path: Path, max_side_px: int = 1600, quality: int = 85) -> list[DocPicture]:
    """Every picture of a .docx in document order, as JPEG, with its caption: the text of the picture's
    own paragraph, else of the next paragraph without a picture, else of the one before. Raises
    ValueError (Chinese reason) when the file cannot be opened."""
    try:
        source = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many types on broken files
        raise ValueError(texts.DOC_UNREADABLE.format(reason=texts.DOC_REASONS.get(type(exc).__name__, "格式错误"))) from exc
    paras = [p for p in source.element.body.iter(f"{W}p")]
    out: list[DocPicture] = []
    for i, para in enumerate(paras):
        rids = [str(r) for r in [*_BLIPS(para), *_VML_IMAGES(para)]]
        if not rids:
            continue
        caption = _para_text(para)
        if not caption and i + 1 < len(paras) and not _BLIPS(paras[i + 1]):
            caption = _para_text(paras[i + 1])
        if not caption and i > 0 and not _BLIPS(paras[i - 1]):
            caption = _para_text(paras[i - 1])
        for rid in rids:
            try:
                blob = source.part.related_parts[rid].blob
                img = load_oriented(io.BytesIO(blob), max_side_px=max_side_px)
                jpeg = encode_jpeg(img, max_side_px=max_side_px, quality=quality)
            except (KeyError, ImageError, OSError, ValueError):
                continue
            out.append(DocPicture(jpeg, fit(img.size, max_side_px), caption))
    return out
