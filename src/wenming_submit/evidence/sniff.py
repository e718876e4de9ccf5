"""Tell a file's format by its content, not its name.

`filetype` reads the magic bytes of images, PDF, video and archives. What it cannot tell apart is done
here in a thin layer: zip containers by their member names (docx/xlsx/pptx/OFD/ODF), OLE2 containers by
their stream names (doc/xls/ppt, and an encrypted OOXML file, which is OLE2 with an EncryptedPackage),
and plain text by decoding.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import filetype
import olefile

from wenming_submit.evidence.formats import FORMATS, Format
from wenming_submit.textcodec import decode_chinese_text

HEAD_BYTES = 8192

_FILETYPE_MAP = {
    "jpg": "jpeg", "png": "png", "gif": "gif", "webp": "webp", "heic": "heic", "tif": "tiff",
    "bmp": "bmp", "pdf": "pdf", "mp4": "mp4", "m4v": "mp4", "mov": "mov", "avi": "avi",
    "rar": "rar", "7z": "7z", "rtf": "rtf", "avif": "heic",
}  # fmt: skip


@dataclass(frozen=True)
class Sniffed:
    format: Format
    encrypted: bool = False
    """An OOXML file protected with a password (OLE2 EncryptionInfo/EncryptedPackage)."""
    detail: str = ""


def _zip_format(path: Path) -> Sniffed:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            mimetype = ""
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size < 200:
                    mimetype = zf.read("mimetype").decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        # A zip signature with a broken directory: say what it claims to be by extension later.
        return Sniffed(FORMATS["zip"], detail=f"压缩结构损坏：{exc}")
    if "word/document.xml" in names or any(n.startswith("word/document") for n in names):
        return Sniffed(FORMATS["docx"])
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return Sniffed(FORMATS["xlsx"])
    if "ppt/presentation.xml" in names:
        return Sniffed(FORMATS["pptx"])
    if "OFD.xml" in names or "ofd.xml" in names:
        return Sniffed(FORMATS["ofd"])
    if mimetype == "application/vnd.oasis.opendocument.text":
        return Sniffed(FORMATS["odt"])
    if mimetype == "application/vnd.oasis.opendocument.spreadsheet":
        return Sniffed(FORMATS["ods"])
    return Sniffed(FORMATS["zip"])


def _ole_format(path: Path, ext: str) -> Sniffed:
    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=True)}
    except OSError as exc:
        return Sniffed(FORMATS["ole"], detail=f"OLE 结构损坏：{exc}")
    if "EncryptedPackage" in streams:
        guess = {"xlsx": "xlsx", "pptx": "pptx"}.get(ext, "docx")
        return Sniffed(FORMATS[guess], encrypted=True)
    if "WordDocument" in streams:
        return Sniffed(FORMATS["wps" if ext == "wps" else "doc"])
    if "Workbook" in streams or "Book" in streams:
        return Sniffed(FORMATS["et" if ext == "et" else "xls"])
    if "PowerPoint Document" in streams:
        return Sniffed(FORMATS["ppt"])
    return Sniffed(FORMATS["ole"])


def _looks_like_text(head: bytes) -> bool:
    # The head may cut a multi-byte character at its end: ignore the last few bytes.
    return bool(head) and b"\x00" not in head and decode_chinese_text(head[: max(len(head) - 4, 1)]) is not None


def sniff(path: Path) -> Sniffed:
    """The format of the file at `path`, read from at most a few KB plus zip/OLE directories.

    Raises OSError when the file cannot be read; the caller turns that into an `unreadable` finding.
    """
    ext = path.suffix.lower().lstrip(".")
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    if not head:
        return Sniffed(FORMATS["empty"])
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_format(path)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _ole_format(path, ext)
    kind = filetype.guess(head)
    if kind is not None and kind.extension in _FILETYPE_MAP:
        fmt_id = _FILETYPE_MAP[kind.extension]
        if fmt_id == "mp4" and head[8:12] == b"qt  ":
            fmt_id = "mov"
        return Sniffed(FORMATS[fmt_id])
    if head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"%PDF"):
        # filetype insists on %PDF at offset 0; scanners sometimes prepend a BOM or blank line.
        return Sniffed(FORMATS["pdf"])
    if _looks_like_text(head):
        return Sniffed(FORMATS["csv" if ext == "csv" else "text"])
    return Sniffed(FORMATS["unknown"])
