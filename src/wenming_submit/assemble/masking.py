"""Masked copies for the upload package: phone, ID and card numbers replaced in a copy, never the original.

Word (every paragraph of the body, tables, headers and footers), Excel (every text or number cell of
every sheet), plain text and CSV (in their own encoding). A paragraph whose text changes is rewritten into
its first run (the run formatting of that one paragraph may simplify); everything else stays as it was.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from wenming_submit.evidence.pii import MASKABLE_FORMATS, mask_pii

MASKABLE = MASKABLE_FORMATS
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WORD_PARTS = ("word/document.xml", "word/header", "word/footer", "word/footnotes.xml", "word/endnotes.xml")


class MaskFailed(Exception):
    """The copy could not be made; the caller leaves the file out rather than ship it unmasked."""


def _mask_word_xml(data: bytes) -> tuple[bytes, int]:
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    count = 0
    for para in root.iter(f"{_W}p"):
        texts = [t for t in para.iter(f"{_W}t") if t.getparent() is not None]
        if not texts:
            continue
        joined = "".join(t.text or "" for t in texts)
        masked = mask_pii(joined)
        if masked == joined:
            continue
        count += 1
        texts[0].text = masked
        texts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        for t in texts[1:]:
            t.text = ""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), count


def _mask_docx(src: Path, dest: Path) -> int:
    count = 0
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith(_WORD_PARTS) and info.filename.endswith(".xml"):
                data, n = _mask_word_xml(data)
                count += n
            zout.writestr(info, data)
    return count


def _mask_xlsx(src: Path, dest: Path) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(src)
    count = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, (str, int)) and not isinstance(value, bool):
                    text = str(value)
                    masked = mask_pii(text)
                    if masked != text:
                        cell.value = masked
                        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    dest.write_bytes(buffer.getvalue())
    return count


def _mask_text(src: Path, dest: Path) -> int:
    raw = src.read_bytes()
    for encoding in ("utf-8-sig", "utf-8", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        masked = mask_pii(text)
        dest.write_bytes(masked.encode(encoding))
        return sum(1 for a, b in zip(text.splitlines(), masked.splitlines(), strict=False) if a != b)
    raise MaskFailed("文本无法按 UTF-8 或 GB18030 解码")


def write_masked(src: Path, dest: Path, format_id: str) -> int:
    """Write a masked copy of `src` to `dest`. Returns the paragraphs/cells/lines changed.

    Raises MaskFailed (Chinese reason) when the file cannot be read.
    """
    try:
        if format_id == "docx":
            return _mask_docx(src, dest)
        if format_id == "xlsx":
            return _mask_xlsx(src, dest)
        return _mask_text(src, dest)
    except MaskFailed:
        raise
    except Exception as exc:  # zipfile/lxml/openpyxl raise many types on broken files
        raise MaskFailed(f"无法生成遮盖副本（{type(exc).__name__}）") from exc
