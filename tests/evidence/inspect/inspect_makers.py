"""Hostile and phone-like files for the inspector tests (and the benchmark), made with real libraries.

`phone_jpeg` writes what a phone writes: a noisy photo with EXIF (Make, DateTime, DateTimeOriginal,
Orientation) and an IFD1 JPEG thumbnail of the whole frame. Pillow cannot write IFD1, so the TIFF
structure of the APP1 segment is assembled here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

import numpy as np
import samplefiles
from PIL import Image

ASCII, SHORT, LONG = 2, 3, 4


def _ifd(entries: list[tuple[int, int, int, bytes]], start: int, next_ifd: int) -> bytes:
    """One little-endian IFD at offset `start`; values longer than 4 bytes follow it."""
    data_at = start + 2 + 12 * len(entries) + 4
    head, data = [struct.pack("<H", len(entries))], b""
    for tag, kind, count, value in sorted(entries):
        if len(value) <= 4:
            head.append(struct.pack("<HHI", tag, kind, count) + value.ljust(4, b"\0"))
        else:
            head.append(struct.pack("<HHII", tag, kind, count, data_at + len(data)))
            data += value + (b"\0" if len(value) % 2 else b"")
    return b"".join(head) + struct.pack("<I", next_ifd) + data


def exif_with_thumbnail(
    thumb: bytes, *, taken: dt.datetime | None, orientation: int = 1, uid: str = ""
) -> bytes:
    def ascii_(text: str) -> bytes:
        return text.encode("ascii") + b"\0"

    stamp = ascii_(taken.strftime("%Y:%m:%d %H:%M:%S")) if taken else None
    exif_entries = [(0xA420, ASCII, 33, ascii_(hashlib.md5(uid.encode()).hexdigest()))]  # ImageUniqueID
    if stamp:
        exif_entries.append((0x9003, ASCII, len(stamp), stamp))
    ifd0_entries = [
        (0x010F, ASCII, 7, ascii_("HUAWEI")),
        (0x0112, SHORT, 1, struct.pack("<H", orientation)),
        (0x8769, LONG, 1, b""),  # patched below
    ]
    if stamp:
        ifd0_entries.append((0x0132, ASCII, len(stamp), stamp))
    size0 = len(_ifd(ifd0_entries, 8, 0))
    exif_at = 8 + size0
    ifd0_entries = [
        (t, k, c, struct.pack("<I", exif_at) if t == 0x8769 else v) for t, k, c, v in ifd0_entries
    ]
    size_exif = len(_ifd(exif_entries, exif_at, 0))
    ifd1_at = exif_at + size_exif
    ifd1_size = 2 + 12 * 3 + 4
    thumb_at = ifd1_at + ifd1_size
    ifd1 = _ifd([(0x0103, SHORT, 1, struct.pack("<H", 6)), (0x0201, LONG, 1, struct.pack("<I", thumb_at)),
                 (0x0202, LONG, 1, struct.pack("<I", len(thumb)))], ifd1_at, 0)  # fmt: skip
    tiff = b"II*\0" + struct.pack("<I", 8) + _ifd(ifd0_entries, 8, ifd1_at) + _ifd(exif_entries, exif_at, 0)
    return b"Exif\0\0" + tiff + ifd1 + thumb


def photo(size: tuple[int, int], seed: int, noise: float = 10.0) -> Image.Image:
    """A photo-like picture with sensor-like noise, so a 4032×3024 JPEG weighs a few MB like a real one."""
    img = samplefiles._picture(size, seed)
    if noise:
        arr = np.asarray(img, dtype=np.int16)
        rng = np.random.default_rng(seed)
        arr = np.clip(arr + rng.normal(0, noise, arr.shape), 0, 255).astype(np.uint8)
        img = Image.fromarray(arr)
    return img


def phone_jpeg(path: Path, img: Image.Image, *, taken: dt.datetime | None, uid: str = "", quality: int = 90,
               thumbnail: bool = True) -> Path:  # fmt: skip
    exif = b""
    if thumbnail:
        buf = io.BytesIO()
        small = img.copy()
        small.thumbnail((160, 120))
        small.save(buf, "JPEG", quality=80)
        exif = exif_with_thumbnail(buf.getvalue(), taken=taken, uid=uid)
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", quality=quality, exif=exif)
    return path


def zip_bomb_docx(path: Path, *, inflated_mb: int = 64, base: Path | None = None) -> Path:
    """A real docx (or the given office file) with an extra member of `inflated_mb` MB of zeros (~1000:1)."""
    made = base is None
    if base is None:
        base = samplefiles.docx(path.with_suffix(".base.docx"), ["正文"])
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        with dst.open("word/media/bomb.bin", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(inflated_mb):
                fh.write(chunk)
    if made:
        base.unlink()
    return path


def lying_zip_docx(path: Path) -> Path:
    """A docx whose central directory declares a 3 GB member (a bomb that hides its ratio)."""
    base = samplefiles.docx(path, ["正文"])
    data = bytearray(base.read_bytes())
    cd = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, cd + 24, 3_000_000_000)  # uncompressed size of the last member
    path.write_bytes(bytes(data))
    return path


def with_member(path: Path, base: Path, name: str, data: str) -> Path:
    """A copy of the office file `base` with one member replaced."""
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, data if info.filename == name else src.read(info))
    return path


def xxe_docx(path: Path) -> Path:
    base = samplefiles.docx(path.with_suffix(".base.docx"), ["正文"])
    evil = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&xxe;&b;</w:t></w:r></w:p></w:body></w:document>"
    )
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, evil if info.filename == "word/document.xml" else src.read(info))
    base.unlink()
    return path


def bomb_png(path: Path, width: int = 100_000, height: int = 100_000) -> Path:
    """A tiny PNG whose header declares `width`×`height` pixels (CRC fixed so it looks valid)."""
    png = bytearray(samplefiles.png(path, size=(8, 8)).read_bytes())
    struct.pack_into(">II", png, 16, width, height)
    struct.pack_into(">I", png, 29, zlib.crc32(bytes(png[12:29])))
    path.write_bytes(bytes(png))
    return path


def broken_xref_pdf(path: Path, text: str) -> Path:
    """A real text PDF whose xref table points everywhere but at its objects."""
    data = bytearray(samplefiles.pdf(path, [text]).read_bytes())
    start = data.rfind(b"xref")
    table_end = data.find(b"trailer", start)
    for i in range(start, table_end):
        if 0x30 <= data[i] <= 0x39 and data[i + 1 : i + 2] != b" " and random.Random(i).random() < 0.5:
            data[i] = 0x37
    path.write_bytes(bytes(data))
    return path


def encrypted_pdf(path: Path, text: str, *, user_password: str = "secret") -> Path:
    from pypdf import PdfReader, PdfWriter

    plain = samplefiles.pdf(path.with_suffix(".plain.pdf"), [text])
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-128")
    with path.open("wb") as fh:
        writer.write(fh)
    plain.unlink()
    return path


def truncated(src: Path, dst: Path, fraction: float) -> Path:
    data = src.read_bytes()
    dst.write_bytes(data[: int(len(data) * fraction)])
    return dst


def bit_flipped(src: Path, dst: Path, seed: int, flips: int = 20) -> Path:
    data = bytearray(src.read_bytes())
    rnd = random.Random(seed)
    for _ in range(flips):
        i = rnd.randrange(len(data))
        data[i] ^= 1 << rnd.randrange(8)
    dst.write_bytes(bytes(data))
    return dst
