"""Pictures in linear time, and photo preparation in parallel.

python-docx's `add_picture` looks for an identical image by scanning every image part already in the
package, relates it by scanning every relationship, and finds the next `wp:docPr` id by scanning the
whole document XML: three O(N) scans per picture, O(N²) for a 汇编 of photos. `PictureSink` keeps a
sha1 → rId cache and its own counters instead (the same fix as docxtpl PR #638), so identical images are
stored once and every picture gets a unique docPr id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.shared import Emu, Mm, Pt
from docx.text.run import Run
from PIL import Image

from wenming_submit import gongwen
from wenming_submit.assemble.images import ImageError, encode_jpeg, fit, load_oriented
from wenming_submit.assemble.word import texts
from wenming_submit.evidence.imaging import register_heif
from wenming_submit.gongwen.tables import cells, new_table
from wenming_submit.textcodec import xml_text

PHOTO_DPI = 170
"""Resolution of photos at their placed size: sharp on paper, ~40–80 KB each."""
PHOTO_BOX = (Mm(74), Mm(85))
"""Largest placed size of a photo (width, height), two photos to a row of the 156 mm 版心."""
PHOTO_QUALITY = 80
WIDE_BOX = (Mm(150), Mm(110))
"""Largest placed size of a screenshot or a wide picture: the full 版心 width."""


def px_for(length: int, dpi: int = PHOTO_DPI) -> int:
    """Pixels needed to print `length` (EMU) at `dpi`."""
    return max(1, round(float(Emu(length).inches) * dpi))


@dataclass(frozen=True)
class Prepared:
    """A photo ready to embed: JPEG bytes and pixel size, or the reason it could not be used."""

    blob: bytes = b""
    size: tuple[int, int] = (0, 0)
    error: str | None = None


def _placed_px(path: Path, box: tuple[int, int] = PHOTO_BOX) -> int:
    """Pixels the longer side needs at its placed size (a landscape photo is placed narrower than tall)."""
    register_heif()  # else a HEIC photo's size is unknown here, in a worker that has not decoded one yet
    try:
        with Image.open(path) as img:
            width, height = img.size
            if img.getexif().get(0x0112, 1) in (5, 6, 7, 8):
                width, height = height, width
    except Exception:  # unreadable: load_oriented will say why, in Chinese
        return px_for(box[1])
    return px_for(max(placed_size((width, height), box)))


def prepare_photo(path: Path, max_side_px: int | None = None, *, wide: bool = False) -> Prepared:
    """Decode upright, downscale to the placed size (`wide`: full text width), re-encode. Never raises."""
    try:
        max_side_px = max_side_px or _placed_px(path, WIDE_BOX if wide else PHOTO_BOX)
        img = load_oriented(path, max_side_px=max_side_px)
        # JPEG draft decoding lands a little above the target (4032 / 8 = 504 for 495): keep that size
        # rather than pay for a resize that changes nothing visible.
        if max(img.size) <= max_side_px * 1.25:
            max_side_px = max(img.size)
        blob = encode_jpeg(img, max_side_px=max_side_px, quality=PHOTO_QUALITY)
        return Prepared(blob, fit(img.size, max_side_px))
    except ImageError as exc:
        return Prepared(error=str(exc))
    except OSError as exc:
        return Prepared(error=f"图片无法读取（{exc.strerror or exc}）")


PHOTO_TIME_LIMIT = 60.0
"""Seconds one photo may take to decode and re-encode (a 50 MP photo takes about 1 s)."""


def prepare_job(path: Path, wide: bool) -> Prepared:
    """`prepare_photo` as a worker job (positional arguments)."""
    return prepare_photo(path, wide=wide)


def placed_size(size: tuple[int, int], box: tuple[int, int]) -> tuple[Emu, Emu]:
    """The largest size with `size`'s aspect ratio inside `box` (EMU)."""
    width, height = size
    scale = min(box[0] / width, box[1] / height)
    return Emu(int(width * scale)), Emu(int(height * scale))


_BORDER = (
    '<a:ln xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" w="6350">'
    '<a:solidFill><a:srgbClr val="808080"/></a:solidFill></a:ln>'
)


class PictureSink:
    """Adds pictures to one document without python-docx's quadratic scans."""

    def __init__(self, document: Document) -> None:
        self._part = document.part
        self._package = self._part.package
        self._by_sha1: dict[str, tuple[str, DocxImage]] = {}
        used = {str(p.partname) for p in self._package.iter_parts()}
        self._used_names = used
        self._image_no = 0
        self._rid_no = len(self._part.rels)
        ids = [int(v) for v in document.element.xpath("//@id") if str(v).isdigit()]
        self._shape_id = max(ids, default=0)
        self.stored = 0
        """Distinct image parts added."""
        self.placed = 0

    def _next_partname(self, ext: str) -> PackURI:
        while True:
            self._image_no += 1
            name = f"/word/media/image{self._image_no}.{ext}"
            if name not in self._used_names:
                self._used_names.add(name)
                return PackURI(name)

    def _next_rid(self) -> str:
        while True:
            self._rid_no += 1
            rid = f"rId{self._rid_no}"
            if rid not in self._part.rels:
                return rid

    def _relate(self, blob: bytes) -> tuple[str, DocxImage]:
        sha1 = hashlib.sha1(blob).hexdigest()
        known = self._by_sha1.get(sha1)
        if known:
            return known
        image = DocxImage.from_blob(blob)
        part = ImagePart.from_image(image, self._next_partname(image.ext))
        rid = self._next_rid()
        self._part.rels.add_relationship(RT.IMAGE, part, rid)
        self._by_sha1[sha1] = (rid, image)
        self.stored += 1
        return rid, image

    def add(self, run: Run, blob: bytes, width: int, height: int, name: str = "image.jpg", *,
            border: bool = False) -> None:  # fmt: skip
        """Place `blob` (JPEG/PNG bytes) inline in `run` at width × height EMU; `border`: thin grey frame."""
        rid, _image = self._relate(blob)
        self._shape_id += 1
        inline = CT_Inline.new_pic_inline(self._shape_id, rid, xml_text(name), Emu(width), Emu(height))
        if border:
            sp_pr = inline.xpath(".//pic:spPr")[0]
            sp_pr.append(parse_xml(_BORDER))
        run._r.add_drawing(inline)
        self.placed += 1


@dataclass(frozen=True)
class Photo:
    """One photo cell of the grid: the prepared image and the caption text (without 图N)."""

    prepared: Prepared
    caption: str
    name: str


class Counter:
    """Running numbers for captions (图1, 图2…; 表1…), shared by a whole document."""

    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def next(self, label: str) -> int:
        self.values[label] = self.values.get(label, 0) + 1
        return self.values[label]


def _spacer(document: Document) -> None:
    """A 2 pt paragraph between two grid tables (adjacent tables would merge into one in Word)."""
    para = gongwen.paragraph(document, "", gongwen.NORMAL)
    fmt = para.paragraph_format
    fmt.line_spacing, fmt.space_before, fmt.space_after = Pt(2), Pt(0), Pt(0)


def add_photo_grid(document: Document, sink: PictureSink, photos: list[Photo], counter: Counter,
                   rows: Sequence[tuple[int, bool]] | None = None) -> int:  # fmt: skip
    """Photos in borderless tables, each with a numbered caption. Returns failures.

    `rows` gives (photos in the row, wide) per row, in order (assemble/photo_order.photo_rows); by default
    two to a row. Every row is a table of its own (a two-photo row has two columns; a row of one picture
    one column of the full text width, where a wide picture fills it and an ordinary photo stays centred).
    LibreOffice keeps a keep-with-next heading with the *whole* following table, and when that table is
    longer than a page (or has merged cells) it leaves the heading alone on a page: one-row tables avoid
    both. Rows never split across pages, and no page break is forced before the grid.
    """
    if rows is None:
        rows = [(min(2, len(photos) - i), False) for i in range(0, len(photos), 2)]
    groups = [[row] for row in rows]
    failures = 0
    start = 0
    for g, group in enumerate(groups):
        if g:
            _spacer(document)
        columns = 2 if group[0][0] == 2 else 1
        widths = [int(gongwen.TEXT_WIDTH) // 2] * 2 if columns == 2 else [int(gongwen.TEXT_WIDTH)]
        table = new_table(document, len(group), widths, borders=False, cant_split=True)
        for r, (count, wide) in enumerate(group):
            for cell, photo in zip(cells(table, r), photos[start : start + count], strict=False):
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM  # captions of a row line up
                para = cell.paragraphs[0]
                if photo.prepared.error:
                    failures += 1
                    gongwen.set_style(para, gongwen.PLACEHOLDER)
                    gongwen.add_text(para, texts.PHOTO_FAILED.format(name=photo.name, reason=photo.prepared.error))
                    continue
                gongwen.set_style(para, gongwen.PICTURE)
                width, height = placed_size(photo.prepared.size, WIDE_BOX if wide else PHOTO_BOX)
                sink.add(para.add_run(), photo.prepared.blob, width, height, photo.name)
                gongwen.caption(cell, "图", counter.next("图"), photo.caption)
            start += count
    return failures
