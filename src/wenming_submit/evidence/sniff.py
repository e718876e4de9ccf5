"""Tell a file's format by its content, not its name.

`filetype` reads the magic bytes of images, PDF, video and archives. What it cannot tell apart is done
here in a thin layer: zip containers by their member names (docx/xlsx/pptx/OFD/ODF, and Word templates
and macro documents by their content type), OLE2 containers by their stream names (doc/xls/ppt, and an
encrypted OOXML file, which is OLE2 with an EncryptedPackage), ISO-BMFF pictures by their brands
(HEIC/HEIF vs AVIF), raw BIFF2-4 workbooks by their BOF record, and plain text by decoding.

The file is opened once, without blocking (a FIFO swapped in after the walk must not hang the check),
and everything is read through that one descriptor. A hostile container never raises out of here: what
the zip or OLE reader chokes on becomes `detail` (reported as corrupt by the inspect stage).
"""

from __future__ import annotations

import json
import lzma
import os
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import filetype
import olefile

from wenming_submit.evidence.formats import FORMATS, Format
from wenming_submit.textcodec import decode_chinese_text

HEAD_BYTES = 8192
SNIFF_VERSION = 1
"""Bump when `sniff` can answer differently for the same bytes: remembered answers of older versions are
not used (see `encode_sniffed`)."""

_FILETYPE_MAP = {
    "jpg": "jpeg", "png": "png", "apng": "png", "gif": "gif", "webp": "webp", "heic": "heic", "tif": "tiff",
    "bmp": "bmp", "pdf": "pdf", "mp4": "mp4", "m4v": "mp4", "mov": "mov", "avi": "avi",
    "rar": "rar", "7z": "7z", "rtf": "rtf", "avif": "avif",
}  # fmt: skip

_HEIF_BRANDS = frozenset({"heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs"})
_AVIF_BRANDS = frozenset({"avif", "avis"})
_BIFF_BOF = {b"\x09\x00": 2, b"\x09\x02": 3, b"\x09\x04": 4}
"""First record of a raw (non-OLE) BIFF2/3/4 workbook: BOF, with its version."""
_BIFF_SHEET_TYPES = frozenset({0x0010, 0x0020, 0x0040, 0x0100})

# What zipfile raises on a member it cannot inflate: encrypted (RuntimeError), deflate64 or another
# unsupported method (NotImplementedError), bad deflate (zlib.error), bad LZMA (LZMAError), cut (EOFError).
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, RuntimeError,
               NotImplementedError, zlib.error, lzma.LZMAError, KeyError, IndexError, struct.error,
               OverflowError, UnicodeDecodeError)  # fmt: skip

_TEMPLATE_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "dotx",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "docm",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "dotm",
}


@dataclass(frozen=True)
class Sniffed:
    format: Format
    encrypted: bool = False
    """An Office file protected with a password (OLE2 EncryptionInfo/EncryptedPackage)."""
    detail: str = ""
    """Why the container would not open (a zip or OLE file with a broken structure)."""


def _word_variant(zf: zipfile.ZipFile, names: set[str]) -> str:
    """docx, or dotx/docm/dotm told by the main part's content type (a Word template or macro document)."""
    if "[Content_Types].xml" not in names:
        return "docx"
    info = zf.getinfo("[Content_Types].xml")
    if info.file_size > 1024 * 1024:
        return "docx"
    types = zf.read(info).decode("utf-8", "replace")
    return next((variant for ctype, variant in _TEMPLATE_TYPES.items() if ctype in types), "docx")


def _zip_format(fh: BinaryIO) -> Sniffed:
    try:
        with zipfile.ZipFile(fh) as zf:
            names = set(zf.namelist())
            mimetype = ""
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size < 200:
                    mimetype = zf.read("mimetype").decode("ascii", "replace").strip()
            variant = _word_variant(zf, names) if any(n.startswith("word/document") for n in names) else ""
    except _ZIP_ERRORS as exc:
        # A zip signature with a broken directory or member: the inspect stage reports it as corrupt.
        return Sniffed(FORMATS["zip"], detail=f"压缩结构损坏（{type(exc).__name__}）")
    if variant:
        return Sniffed(FORMATS[variant])
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


def _ole_format(fh: BinaryIO, ext: str) -> Sniffed:
    try:
        with olefile.OleFileIO(fh) as ole:
            streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=True)}
    except (
        Exception
    ) as exc:  # olefile raises OSError, ValueError (huge sector shift), IndexError… on hostile headers
        return Sniffed(FORMATS["ole"], detail=f"OLE 结构损坏（{type(exc).__name__}）")
    if "EncryptedPackage" in streams:
        guess = {"xlsx": "xlsx", "xlsm": "xlsx", "pptx": "pptx"}.get(ext, "docx")
        return Sniffed(FORMATS[guess], encrypted=True)
    if "WordDocument" in streams:
        return Sniffed(FORMATS["wps" if ext == "wps" else "doc"])
    if "Workbook" in streams or "Book" in streams:
        return Sniffed(FORMATS["et" if ext == "et" else "xls"])
    if "PowerPoint Document" in streams:
        return Sniffed(FORMATS["ppt"])
    if ext in FORMATS["ole"].extensions:
        # Named as an Office file, but the directory lists none of its streams: cut or damaged.
        return Sniffed(FORMATS["ole"], detail="OLE 目录中找不到文档的数据流")
    return Sniffed(FORMATS["ole"])


def _isobmff_picture(head: bytes) -> str | None:
    """heic (HEIF brands, incl. heix) or avif from an ISO-BMFF `ftyp` box; None when not a still picture."""
    if len(head) < 16 or head[4:8] != b"ftyp":
        return None
    size = struct.unpack(">I", head[:4])[0]
    if size < 16 or size > min(len(head), 4096):
        return None
    brands = {head[8:12].decode("latin-1")}
    brands |= {head[i : i + 4].decode("latin-1") for i in range(16, size - 3, 4)}
    major = head[8:12].decode("latin-1")
    if major in _AVIF_BRANDS or (
        major in ("mif1", "msf1") and brands & _AVIF_BRANDS and not brands & _HEIF_BRANDS
    ):
        return "avif"
    if brands & _HEIF_BRANDS or major in ("mif1", "msf1"):
        return "heic"
    if brands & _AVIF_BRANDS:
        return "avif"
    return None


def _raw_biff(head: bytes) -> bool:
    """A BIFF2/3/4 workbook written as a bare record stream (Excel 2.x-4.x, still produced by some tools)."""
    if len(head) < 8 or head[:2] not in _BIFF_BOF:
        return False
    length = struct.unpack("<H", head[2:4])[0]
    sheet_type = struct.unpack("<H", head[6:8])[0]
    return length in (4, 6, 8, 16) and sheet_type in _BIFF_SHEET_TYPES


_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1A}


def _looks_like_text(head: bytes, complete: bool) -> bool:
    """Decodes as UTF-8/GB18030/UTF-16 text without control characters; a cut last character is fine."""
    if not head:
        return False
    text = decode_chinese_text(head, partial=not complete)
    if text is None:
        return False
    if "\x00" in text:
        return False
    controls = sum(1 for ch in text[:4096] if ord(ch) in _CONTROL)
    return controls * 100 <= len(text[:4096])


def _open_regular(path: Path) -> BinaryIO:
    """The file opened for reading without blocking, refused unless it is a regular file (checked on the
    descriptor, so a FIFO or device swapped in after the walk is never read)."""
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)
    )
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError("不是普通文件（管道、设备或套接字）")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def sniff(path: Path) -> Sniffed:
    """The format of the file at `path`, read from at most a few KB plus zip/OLE directories.

    Raises OSError when the file cannot be read (or is not a regular file); the caller turns that into
    an `unreadable` finding. Never raises anything else on hostile content.
    """
    ext = path.suffix.lower().lstrip(".")
    with _open_regular(path) as fh:
        head = fh.read(HEAD_BYTES)
        if not head:
            return Sniffed(FORMATS["empty"])
        if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
            return _zip_format(fh)
        if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            return _ole_format(fh, ext)
        complete = len(head) < HEAD_BYTES or not fh.read(1)
    if picture := _isobmff_picture(head):
        return Sniffed(FORMATS[picture])
    if _raw_biff(head):
        return Sniffed(FORMATS["xls"])
    kind = filetype.guess(head)
    if kind is not None and kind.extension in _FILETYPE_MAP:
        fmt_id = _FILETYPE_MAP[kind.extension]
        if fmt_id == "mp4" and head[8:12] == b"qt  ":
            fmt_id = "mov"
        return Sniffed(FORMATS[fmt_id])
    if head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"%PDF"):
        # filetype insists on %PDF at offset 0; scanners sometimes prepend a BOM or blank line.
        return Sniffed(FORMATS["pdf"])
    if _looks_like_text(head, complete):
        return Sniffed(FORMATS["csv" if ext == "csv" else "text"])
    return Sniffed(FORMATS["unknown"])


def encode_sniffed(sniffed: Sniffed) -> str:
    """A sniff result as text, to be remembered for an unchanged file (evidence/cache.py)."""
    return json.dumps([SNIFF_VERSION, sniffed.format.id, sniffed.encrypted, sniffed.detail], ensure_ascii=False)


def decode_sniffed(text: object) -> Sniffed | None:
    """The remembered result, or None when it is damaged or of another version."""
    try:
        version, fmt_id, encrypted, detail = json.loads(text)  # type: ignore[arg-type]
        if version != SNIFF_VERSION or fmt_id not in FORMATS:
            return None
        return Sniffed(FORMATS[fmt_id], encrypted=bool(encrypted), detail=str(detail))
    except (ValueError, TypeError):
        return None
