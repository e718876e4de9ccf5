"""Pictures in the upload package: which need re-encoding, and doing it within the size limit.

A picture is re-encoded only when it must be: a format the upload system does not take (HEIC, WEBP, BMP,
TIFF), a photo stored sideways (EXIF Orientation), or a file over the size limit. Compression first
lowers the JPEG quality, then the size, but never below the minimum resolution. The EXIF block (date
taken, camera) is kept, with the orientation reset, because reviewers look at the date.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from wenming_submit.assemble.images import ImageError, encode_jpeg, load_oriented
from wenming_submit.catalog.model import Material
from wenming_submit.config import ProjectConfig
from wenming_submit.evidence.model import EvidenceFile

CONVERT = {"heic": "HEIC", "webp": "WEBP", "bmp": "BMP", "tiff": "TIFF"}
"""Formats always converted to JPEG, with the label shown in the manifest."""
EXIF_HEADER = b"Exif\x00\x00"
QUALITIES = (90, 80)
MAX_ATTEMPTS = 7


@dataclass(frozen=True)
class ImagePlan:
    reason: str
    """Why the picture is re-encoded: `HEIC→JPEG`, `旋转`, `压缩`."""
    limit_bytes: int
    min_width: int
    min_height: int


class ConversionFailed(Exception):
    """The picture could not be decoded; the caller copies the original instead."""


def _orientation(file: EvidenceFile) -> int | None:
    if file.facts.orientation is not None or file.facts.inspected:
        return file.facts.orientation
    try:
        with Image.open(file.path) as img:  # reads the header only, never the pixels
            value = img.getexif().get(0x0112)
    except (OSError, ValueError, SyntaxError):
        return None
    return int(value) if isinstance(value, int) else None


def image_plan(file: EvidenceFile, material: Material | None, config: ProjectConfig) -> ImagePlan | None:
    """How to re-encode `file` for the package, or None to copy it byte for byte."""
    fmt = file.facts.format
    if file.facts.kind != "image" or fmt == "gif":  # GIFs may be animated: keep them as they are
        return None
    limits = config.limits.for_material(material, "image")
    limit = int(limits.max_mb * 1024 * 1024)
    if fmt in CONVERT:
        reason = f"{CONVERT[fmt]}→JPEG"
    elif fmt in ("jpeg", "png") and (_orientation(file) or 1) != 1:
        reason = "按 EXIF 方向旋转"
    elif file.facts.size > limit:
        reason = "压缩"
    else:
        return None
    return ImagePlan(reason, limit, limits.min_width, limits.min_height)


def _exif_of(img: Image.Image) -> bytes:
    data = img.info.get("exif")
    if not isinstance(data, bytes) or not data:
        return b""
    if not data.startswith(EXIF_HEADER):
        data = EXIF_HEADER + data
    return data if len(data) + 2 <= 0xFFFF else b""  # one APP1 segment at most; drop oversized blocks


def with_exif(jpeg: bytes, exif: bytes) -> bytes:
    """Insert an APP1 Exif segment after SOI (and after a JFIF APP0 segment when there is one)."""
    if not exif or jpeg[:2] != b"\xff\xd8":
        return jpeg
    at = 2
    if jpeg[2:4] == b"\xff\xe0":
        at = 4 + int.from_bytes(jpeg[4:6], "big")
    segment = b"\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif
    return jpeg[:at] + segment + jpeg[at:]


def _floor_scale(size: tuple[int, int], plan: ImagePlan) -> float:
    """The smallest scale that keeps the picture at the minimum resolution (either way round)."""
    long_side, short_side = max(size), min(size)
    long_min, short_min = max(plan.min_width, plan.min_height), min(plan.min_width, plan.min_height)
    return min(1.0, max(long_min / long_side, short_min / short_side))


def _encode_within(img: Image.Image, plan: ImagePlan, exif: bytes) -> tuple[bytes, float]:
    """JPEG bytes within the limit if possible; the scale used. Bounded number of attempts."""
    longest = max(img.size)
    floor = _floor_scale(img.size, plan)
    budget = plan.limit_bytes - len(exif) - 4
    data = b""
    for quality in QUALITIES:
        data = encode_jpeg(img, max_side_px=longest, quality=quality)
        if len(data) <= budget:
            return data, 1.0
    scale = max(floor, min(0.95, math.sqrt(budget / len(data)) * 0.95))
    for _ in range(MAX_ATTEMPTS - len(QUALITIES)):
        data = encode_jpeg(img, max_side_px=max(1, int(longest * scale)), quality=QUALITIES[-1])
        if len(data) <= budget or scale <= floor:
            break
        scale = max(floor, scale * 0.85)
    return data, scale


def convert_image(src: Path, dest: Path, plan: ImagePlan) -> tuple[str, dict[str, Any] | None]:
    """Write `src` upright as a JPEG within the plan's limit. Returns what was done and, when it is still
    over the limit, the parameters of the still-too-large finding.

    Raises ConversionFailed when the picture cannot be decoded.
    """
    try:
        img = load_oriented(src)
    except ImageError as exc:
        raise ConversionFailed(str(exc)) from exc
    exif = _exif_of(img)
    data, scale = _encode_within(img, plan, exif)
    data = with_exif(data, exif)
    dest.write_bytes(data)
    label = plan.reason
    problem = None
    if scale < 1.0:
        w, h = round(img.width * scale), round(img.height * scale)
        label += f"，缩小至约 {w}×{h}"
    if len(data) > plan.limit_bytes:
        w, h = round(img.width * scale), round(img.height * scale)
        params = {
            "width": w,
            "height": h,
            "size_mb": len(data) / 1048576,
            "limit_mb": plan.limit_bytes / 1048576,
        }
        problem = params
    return label, problem
