"""Small hostile files, made in a few milliseconds, for the regression tests and bench/fuzz.py.

Each one reproduces a way one unit's file used to hang, crash or blow up a whole run (issue 18).
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

from PIL import Image


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF with a correct xref from numbered object bodies (object 1 is the catalog)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def nested_xobject_pdf(path: Path, depth: int = 14, fanout: int = 4) -> Path:
    """One page drawing a Form XObject that draws the next one `fanout` times, `depth` levels deep:
    a 3 KB file that makes PDFium draw fanout**depth shapes (minutes, gigabytes)."""
    first = 5
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X %d 0 R >> >>"
        b" /Contents 4 0 R >>" % first,
        _stream(b"", b"q 595 0 0 842 0 0 cm /X Do Q"),
    ]
    for level in range(depth):
        if level == depth - 1:
            data = b"0 0 1 rg 0.1 0.1 0.8 0.8 re f"
            resources = b""
        else:
            draws = []
            for k in range(fanout):
                x, y = (k % 2) * 0.5, (k // 2 % 2) * 0.5
                draws.append(b"q 0.55 0 0 0.55 %.2f %.2f cm /X Do Q" % (x, y))
            data = b"\n".join(draws)
            resources = b"/Resources << /XObject << /X %d 0 R >> >>" % (first + level + 1)
        objects.append(_stream(b"/Type /XObject /Subtype /Form /BBox [0 0 1 1] " + resources, data))
    path.write_bytes(_pdf(objects))
    return path


def _jpeg(size: tuple[int, int], **options: object) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (120, 140, 160)).save(buf, "JPEG", quality=80, **options)
    return buf.getvalue()


def declare_jpeg_size(data: bytes, width: int, height: int) -> bytes:
    """The JPEG with its SOF marker claiming another size (the scan data stays that of the small one)."""
    i = 2
    while i + 4 < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2 : i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2, 0xC9, 0xCA):
            return data[: i + 5] + struct.pack(">HH", height, width) + data[i + 9 :]
        i += 2 + length
    raise ValueError("no SOF marker")


def exif_thumbnail_bomb_jpeg(path: Path, side: int = 17000) -> Path:
    """A small photo whose EXIF thumbnail (IFD1) declares `side`×`side` pixels."""
    thumb = declare_jpeg_size(_jpeg((160, 120)), side, side)
    # TIFF: header, IFD0 with no entries, IFD1 with JPEGInterchangeFormat(+Length), then the thumbnail.
    ifd0 = 8
    ifd1 = ifd0 + 2 + 12 + 4
    data_at = ifd1 + 2 + 2 * 12 + 4
    tiff = b"II*\x00" + struct.pack("<I", ifd0)
    tiff += struct.pack("<H", 1) + struct.pack("<HHIHH", 0x0112, 3, 1, 1, 0) + struct.pack("<I", ifd1)
    tiff += struct.pack("<H", 2)
    tiff += struct.pack("<HHII", 0x0201, 4, 1, data_at) + struct.pack("<HHII", 0x0202, 4, 1, len(thumb))
    tiff += struct.pack("<I", 0) + thumb
    buf = io.BytesIO()
    Image.new("RGB", (1024, 768), (90, 120, 60)).save(buf, "JPEG", quality=80, exif=b"Exif\x00\x00" + tiff)
    path.write_bytes(buf.getvalue())
    return path


def progressive_header_bomb_jpeg(path: Path, width: int = 12000, height: int = 12000) -> Path:
    """A progressive JPEG declaring width×height (144 MP): libjpeg allocates coefficients for all of it."""
    path.write_bytes(declare_jpeg_size(_jpeg((64, 64), progressive=True), width, height))
    return path


def alias_bomb_yaml(path: Path, levels: int = 9) -> Path:
    """The "billion laughs" YAML: 1 KB that stands for 9**levels strings."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 9) + "]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def far_cell_xlsx(path: Path, rows: list[list[str]] | None = None) -> Path:
    """An xlsx whose only far cell is XFD1048576 (declared size: 17 billion cells)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows or []:
        ws.append(row)
    ws["XFD1048576"] = "x"
    wb.save(path)
    return path


def many_paragraphs_docx(path: Path, paragraphs: int = 100_000) -> Path:
    """A Word document of `paragraphs` short paragraphs (varied enough to pass the zip-bomb ratio check)."""
    import random

    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    rng = random.Random(paragraphs)
    body = "".join(f"<w:p><w:r><w:t>这是一段测试文字{rng.getrandbits(40):x}。</w:t></w:r></w:p>"
                   for _ in range(paragraphs))
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                start = text.index("<w:body>") + len("<w:body>")
                data = (text[:start] + body + text[start:]).encode("utf-8")
            dst.writestr(item, data)
    return path
