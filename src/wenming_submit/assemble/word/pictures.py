"""Pictures in linear time, and photo preparation in parallel.

python-docx's `add_picture` looks for an identical image by scanning every image part already in the
package, relates it by scanning every relationship, and finds the next `wp:docPr` id by scanning the
whole document XML: three O(N) scans per picture, O(N²) for a 汇编 of photos. `PictureSink` keeps a
sha1 → rId cache and its own counters instead (the same fix as docxtpl PR #638), so identical images are
stored once and every picture gets a unique docPr id.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.shared import Emu, Mm
from docx.text.run import Run
from PIL import Image

from wenming_submit import gongwen
from wenming_submit.assemble.images import ImageError, encode_jpeg, fit, load_oriented
from wenming_submit.assemble.word import texts
from wenming_submit.textcodec import xml_text

PHOTO_DPI = 170
"""Resolution of photos at their placed size: sharp on paper, ~40–80 KB each."""
PHOTO_BOX = (Mm(74), Mm(85))
"""Largest placed size of a photo (width, height), two photos to a row of the 156 mm 版心."""
PHOTO_QUALITY = 80


def px_for(length: int, dpi: int = PHOTO_DPI) -> int:
    """Pixels needed to print `length` (EMU) at `dpi`."""
    return max(1, round(float(Emu(length).inches) * dpi))


@dataclass(frozen=True)
class Prepared:
    """A photo ready to embed: JPEG bytes and pixel size, or the reason it could not be used."""

    blob: bytes = b""
    size: tuple[int, int] = (0, 0)
    error: str | None = None


def _placed_px(path: Path) -> int:
    """Pixels the longer side needs at its placed size (a landscape photo is placed narrower than tall)."""
    try:
        with Image.open(path) as img:
            width, height = img.size
            if img.getexif().get(0x0112, 1) in (5, 6, 7, 8):
                width, height = height, width
    except Exception:  # unreadable: load_oriented will say why, in Chinese
        return px_for(PHOTO_BOX[1])
    return px_for(max(placed_size((width, height), PHOTO_BOX)))


def prepare_photo(path: Path, max_side_px: int | None = None) -> Prepared:
    """Decode upright, downscale to the placed size, re-encode. Never raises."""
    try:
        max_side_px = max_side_px or _placed_px(path)
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


def prepare_photos(paths: Iterable[Path], workers: int | None = None) -> dict[Path, Prepared]:
    """Prepare many photos on every core (decoding dominates the build time)."""
    unique = list(dict.fromkeys(paths))
    workers = workers or os.cpu_count() or 1
    if len(unique) < 8 or workers == 1:
        return {p: prepare_photo(p) for p in unique}
    with ProcessPoolExecutor(max_workers=workers, initializer=warnings.simplefilter, initargs=("ignore",)) as pool:
        return dict(zip(unique, pool.map(prepare_photo, unique, chunksize=4), strict=True))


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


def add_photo_grid(document: Document, sink: PictureSink, photos: list[Photo], counter: Counter) -> int:
    """Photos two to a row in a borderless table, each with a numbered caption. Returns failures."""
    half = gongwen.TEXT_WIDTH // 2
    table = gongwen.new_table(document, (len(photos) + 1) // 2, [half, half], borders=False)
    failures = 0
    for i, photo in enumerate(photos):
        row, col = divmod(i, 2)
        if col == 0:
            tr_pr = table._tbl.tr_lst[row].get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))
            row_cells = gongwen.cells(table, row)
        cell = row_cells[col]
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM  # captions of a row line up
        para = cell.paragraphs[0]
        if photo.prepared.error:
            failures += 1
            para.style = gongwen.PLACEHOLDER
            gongwen.add_text(para, texts.PHOTO_FAILED.format(name=photo.name, reason=photo.prepared.error))
            continue
        para.style = gongwen.PICTURE
        width, height = placed_size(photo.prepared.size, PHOTO_BOX)
        sink.add(para.add_run(), photo.prepared.blob, width, height, photo.name)
        gongwen.caption(cell, "图", counter.next("图"), photo.caption)
    return failures
