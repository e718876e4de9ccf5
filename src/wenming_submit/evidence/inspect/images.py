"""Pictures: dimensions, EXIF date and orientation, a real decode at reduced size, a perceptual hash.

Memory stays bounded: the declared pixel count is checked before decoding (a decompression bomb is
refused unread), JPEGs are decoded with `draft()` at the scale of the review measurements (1/4 for a
12 MP photo), and other formats are decoded only below DECODE_MAX_PIXELS. A phone JPEG carries a small
EXIF thumbnail of the whole frame; when it does and the file ends with its EOI marker (so it is not
truncated), the thumbnail is what is hashed. Without a thumbnail, or when the end of the file is not an
EOI marker, the photo itself is decoded, once: the same picture gives the phash and the measurements.
"""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path
from typing import Any

import imagehash
from PIL import ExifTags, Image, ImageStat, UnidentifiedImageError

from wenming_submit.evidence.dates import parse_exif_date
from wenming_submit.evidence.imaging import UNSAFE_PIXELS, register_heif
from wenming_submit.evidence.inspect.common import Inspected
from wenming_submit.evidence.inspect.photo_quality import decode_for_work, photo_metrics, to_work_size
from wenming_submit.findings.codes_content import CORRUPT, IMAGE_BOMB

MAX_PIXELS = UNSAFE_PIXELS
DECODE_MAX_PIXELS = 40_000_000
"""Non-JPEG pictures larger than this are verified, not decoded (RGBA at 40 MP is 160 MB). Progressive
JPEGs too: libjpeg keeps the coefficients of the whole frame for a multi-scan decode, whatever `draft()`
asks for (a 144 MP progressive JPEG allocates ~900 MB)."""
THUMB_MAX_PIXELS = 1_000_000
"""An EXIF thumbnail is 160×120 in practice; a larger declared size is not decoded (a 17000² thumbnail in a
16 KB JPEG would take ~2 GB), and the photo itself is decoded instead (at 1/8 scale)."""
THUMB_DRAFT_PIXELS = 250_000
"""Above this (bigger than any camera's thumbnail) the thumbnail is decoded at 1/4 scale too."""
_DATE_TAGS = ((ExifTags.IFD.Exif, 0x9003), (ExifTags.IFD.Exif, 0x9004), (None, 0x0132))


def _exif_facts(img: Image.Image) -> tuple[dict[str, Any], bytes | None]:
    """has_exif, the date and orientation, and the embedded JPEG thumbnail if any."""
    try:
        exif = img.getexif()
    except Exception:  # a malformed EXIF block is not worth failing the picture over
        return {"has_exif": False}, None
    facts: dict[str, Any] = {"has_exif": len(exif) > 0}
    for ifd, tag in _DATE_TAGS:
        value = exif.get_ifd(ifd).get(tag) if ifd is not None else exif.get(tag)
        if day := parse_exif_date(value):
            facts["date"], facts["date_source"] = day, "exif"
            break
    orientation = exif.get(0x0112)
    if isinstance(orientation, int) and 1 <= orientation <= 8:
        facts["orientation"] = orientation
    thumb = None
    raw = img.info.get("exif")
    try:
        ifd1 = exif.get_ifd(ExifTags.IFD.IFD1)
    except Exception:
        ifd1 = {}
    offset, length = ifd1.get(0x0201), ifd1.get(0x0202)
    if (
        isinstance(raw, bytes)
        and isinstance(offset, int)
        and isinstance(length, int)
        and 0 < length < 200_000
    ):
        start = 6 + offset if raw.startswith(b"Exif") else offset
        candidate = raw[start : start + length]
        if candidate.startswith(b"\xff\xd8"):
            thumb = candidate
    return facts, thumb


def _ends_with_eoi(path: Path) -> bool:
    with path.open("rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(size - 64, 0))
        tail = fh.read().rstrip(b"\x00\r\n ")
    return tail.endswith(b"\xff\xd9")


CENTER_MARGIN = 0.05
MIN_DETAIL = 4.0
"""Least grey-level standard deviation (0-255, on a 32×32 copy) for a perceptual hash to mean anything."""


def _phash(img: Image.Image) -> dict[str, str]:
    """pHash of the whole picture and of its central 90 % (see evidence/duplicates.py)."""
    grey = img.convert("L")
    if ImageStat.Stat(grey.resize((32, 32))).stddev[0] < MIN_DETAIL:
        return {}  # a flat picture (one colour): its hash would match every other flat picture
    w, h = grey.size
    dx, dy = int(w * CENTER_MARGIN), int(h * CENTER_MARGIN)
    center = grey.crop((dx, dy, w - dx, h - dy))
    return {"phash": str(imagehash.phash(grey)), "phash_center": str(imagehash.phash(center))}


def _decode(path: Path, fmt: str, width: int, height: int) -> tuple[dict[str, str], Image.Image | None]:
    """Decode once (raises on truncated/corrupt data): the phash of the picture, and the picture as the
    review measurements want it (photo_quality.decode_for_work), or None when it is not decoded.

    A JPEG is decoded at the working scale (1/4 for a 12 MP photo); its phash is taken from that picture
    reduced to 1/8 of the photo's size, what a 1/8 DCT-scaled decode gives (its pixels are the means of the
    8×8 blocks), so one decode serves both.
    """
    big = width * height > DECODE_MAX_PIXELS
    if fmt == "jpeg":
        with Image.open(path) as img:
            if big and _progressive(img):
                return {}, None
        rgb = decode_for_work(path, fmt, width, height)
        if rgb is None:
            return {}, None
        scale = max(1, round(width / max(rgb.width, 1)))
        grey = rgb.convert("L")
        if (factor := max(1, 8 // scale)) > 1:
            grey = grey.reduce(factor)
        return _phash(grey), rgb
    with Image.open(path) as img:
        if big:
            img.verify()
            return {}, None
        img.load()
        return _phash(img), to_work_size(img.convert("RGB"))


def _progressive(img: Image.Image) -> bool:
    return bool(img.info.get("progressive") or img.info.get("progression"))


def _thumbnail_phash(thumb: bytes) -> dict[str, str] | None:
    """The phash of the EXIF thumbnail, decoded at reduced size; None when its declared size is absurd."""
    try:
        small = Image.open(io.BytesIO(thumb))
    except Image.DecompressionBombError:  # declares even more than our own ceiling: not worth a look
        return None
    with small:
        width, height = small.size
        if width * height > THUMB_MAX_PIXELS or small.format != "JPEG":
            return None
        if width * height > THUMB_DRAFT_PIXELS:
            small.draft("RGB", (max(width // 4, 1), max(height // 4, 1)))
        small.load()
        return _phash(small)


def inspect_image(path: Path, fmt: str) -> Inspected:
    if fmt == "heic":
        register_heif()
    try:
        with warnings.catch_warnings():
            # Pillow warns above MAX_IMAGE_PIXELS (our own check below names the size) and refuses above
            # twice that, before we ever see the size.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                width, height = img.size
                if width * height > MAX_PIXELS:
                    return Inspected(issues=[IMAGE_BOMB.issue(pixels=f"{width}×{height}")])
                facts, thumb = _exif_facts(img)
            facts.update(width=width, height=height)
            if fmt == "png":
                with Image.open(path) as img:
                    img.verify()  # chunk CRCs
            hashed = None
            if fmt == "jpeg" and thumb is not None and _ends_with_eoi(path):
                hashed = _thumbnail_phash(thumb)
            decoded = None
            if hashed is None:
                hashed, decoded = _decode(path, fmt, width, height)
            facts.update(hashed)
            # Review measurements (sharpness, JPEG quality, screenshot, overlay, 红头/seal): photo_quality.py
            facts.update(photo_metrics(path, fmt, width, height, bool(facts.get("has_exif")), decoded))
    except Image.DecompressionBombError as exc:
        # Pillow refuses before we see the size; its message carries the pixel count.
        found = re.search(r"\((\d+) pixels\)", str(exc))
        pixels = f"{int(found.group(1)):,} 像素" if found else "超大尺寸"
        return Inspected(issues=[IMAGE_BOMB.issue(pixels=pixels)])
    except UnidentifiedImageError:
        return Inspected(issues=[CORRUPT.issue(reason="图片格式无法识别")])
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError) as exc:
        reason = "图片数据不完整（文件被截断）" if "truncated" in str(exc) else f"图片数据损坏（{exc}）"
        return Inspected(issues=[CORRUPT.issue(reason=reason[:120])])
    return Inspected(facts=facts)
