"""Real sample files made with real libraries: used by the demo generator, the benchmarks and the tests.

Every function writes one file and returns its path. Content is deterministic for the same arguments.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw


def docx(path: Path, paragraphs: Sequence[str], *, title: str | None = None,
         table: Sequence[Sequence[str]] | None = None, image: Path | None = None) -> Path:  # fmt: skip
    import docx as python_docx
    from docx.shared import Cm

    document = python_docx.Document()
    if title:
        document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = str(value)
    if image:
        document.add_picture(str(image), width=Cm(8))
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def xlsx(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]], *,
         title: str | None = None, sheet: str = "Sheet1") -> Path:  # fmt: skip
    """A ledger the way units make them: optional merged title row above the header."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(header), 1))
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))
    return path


def _picture(size: tuple[int, int], seed: int) -> Image.Image:
    """A photo-like picture: gradient sky, ground, a few shapes; different per seed."""
    rnd = random.Random(seed)
    w, h = size
    img = Image.new("RGB", size)
    top = (rnd.randint(60, 140), rnd.randint(120, 200), rnd.randint(180, 255))
    ground = (rnd.randint(40, 120), rnd.randint(90, 160), rnd.randint(30, 90))
    gradient = Image.linear_gradient("L").resize((w, h))
    img = Image.composite(Image.new("RGB", size, ground), Image.new("RGB", size, top), gradient)
    draw = ImageDraw.Draw(img)
    for _ in range(6):
        x, y = rnd.randint(0, w), rnd.randint(h // 3, h)
        r = rnd.randint(w // 30, w // 8)
        colour = (rnd.randint(0, 255), rnd.randint(0, 255), rnd.randint(0, 255))
        draw.rectangle([x - r, y - 2 * r, x + r, y], fill=colour)
    return img


def jpeg(path: Path, *, size: tuple[int, int] = (1600, 1200), seed: int = 0,
         taken: dt.datetime | None = None, orientation: int | None = None, quality: int = 85) -> Path:  # fmt: skip
    """A JPEG with EXIF DateTimeOriginal (when `taken`) and Orientation (when given)."""
    img = _picture(size, seed)
    exif = Image.Exif()
    if taken is not None:
        stamp = taken.strftime("%Y:%m:%d %H:%M:%S")
        exif[0x0132] = stamp  # DateTime
        exif.get_ifd(0x8769)[0x9003] = stamp  # DateTimeOriginal
        exif[0x010F] = "HUAWEI"
    if orientation is not None:
        exif[0x0112] = orientation
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", quality=quality, exif=exif.tobytes())
    return path


def png(path: Path, *, size: tuple[int, int] = (800, 600), seed: int = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    _picture(size, seed).save(path, "PNG")
    return path


def image(path: Path, fmt: str, *, size: tuple[int, int] = (1024, 768), seed: int = 0) -> Path:
    """Any Pillow-writable format (WEBP, BMP, TIFF, GIF) or HEIC via pillow-heif."""
    path.parent.mkdir(parents=True, exist_ok=True)
    img = _picture(size, seed)
    if fmt.upper() in ("HEIC", "HEIF"):
        import pillow_heif

        pillow_heif.register_heif_opener()
        img.save(path, "HEIF")
    else:
        img.save(path, fmt.upper())
    return path


def pdf(path: Path, pages: Sequence[str], *, title: str | None = None) -> Path:
    """A text PDF with Chinese text (reportlab's built-in CID font STSong-Light, no font file needed)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    width, height = A4
    for text in pages:
        y = height - 72
        if title:
            c.setFont("STSong-Light", 18)
            c.drawCentredString(width / 2, y, title)
            y -= 40
        c.setFont("STSong-Light", 12)
        for line in [text[i : i + 36] for i in range(0, len(text), 36)]:
            c.drawString(72, y, line)
            y -= 20
        c.showPage()
    c.save()
    return path


def scanned_pdf(path: Path, *, pages: int = 1, seed: int = 0) -> Path:
    """A PDF of page images, like a scanned 红头文件 (no text layer)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    images = []
    for i in range(pages):
        page = Image.new("RGB", (827, 1169), "white")
        draw = ImageDraw.Draw(page)
        draw.rectangle([80, 90, 747, 100], fill=(200, 0, 0))
        rnd = random.Random(seed * 100 + i)
        for row in range(20):
            y = 160 + row * 40
            draw.rectangle([100, y, 100 + rnd.randint(300, 620), y + 12], fill=(60, 60, 60))
        images.append(page)
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=100)
    return path


def jpeg_bytes(size: tuple[int, int] = (64, 48), seed: int = 0) -> bytes:
    buf = io.BytesIO()
    _picture(size, seed).save(buf, "JPEG")
    return buf.getvalue()
