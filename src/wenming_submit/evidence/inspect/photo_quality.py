"""What a reviewer sees in a photo: sharpness, JPEG quality, chat-app copies, screenshots, watermark bands.

Measurements only (catalogue-independent, cached with the other facts under `Facts.extra["review"]`);
whether a value is a problem is judged in check/review.py against the thresholds of `[review]`.

- Blur: measured at a fixed working size (long edge 960-1024 px; JPEGs are decoded with `draft()` at
  the smallest DCT scale that still gives a long edge of at least DRAFT_EDGE, then reduced with a box
  filter to at most WORK_EDGE, so a 12 MP photo costs a 1/4-scale decode). Two numbers: the variance of the 4-neighbour Laplacian (the
  classic sharpness score, kept as a fact and shown in the message) and the re-blur metric of Crété-Roffet
  et al. (2007), which decides: blur the picture again with a 9-pixel box filter along each axis and see
  how much of its pixel-to-pixel variation survives. A sharp picture loses most of it (score near 0.1-0.3),
  a blurred one has little left to lose (0.5 and up). Unlike the Laplacian variance, it does not call a
  picture with large flat areas blurred: the demo's flat synthetic scenes have Laplacian variances of
  6-76 (a textured sharp photo has 300-450), but re-blur scores of 0.11-0.36, like other sharp pictures.
- JPEG quality: the luminance quantization table compared with the IJG standard table; the IJG scaling
  (q < 50: 5000/q %, else 200 - 2q %) is inverted from the ratio of the table sums, which does not
  depend on the order Pillow lists the 64 values in.
- Screenshot: a portrait picture without camera EXIF whose width is a common phone-screen width and whose
  aspect ratio is a phone's (>= 1.75), or (any width, ratio >= 1.6) whose top rows are a status bar: a flat
  band with marks at its left and right ends and none in the middle.
- Watermark / text overlay: in the top and bottom bands of the picture, the share of "stroke" pixels
  (bright pixels, >= 220, with a pixel over 90 grey levels darker two pixels away): the white text of
  水印相机 bars and platform marks leaves many such edges concentrated at an edge of the frame; textured
  scenes at 1200-2400 px reach 0.58 % in a band, the demo's photos 0.43 %, a 水印相机 bar 3 %.
  Dark text on a light band, and large diagonal marks across the middle, are not caught.
- 红头 and seal (evidence/inspect/official.py) only when at least 40 % of the picture is bright like paper
  (a photographed notice); the demo's scenes reach 15 %, so their seal search (a quarter of the cost) is
  skipped and recorded as "page": False.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from wenming_submit.evidence.inspect.official import page_marks

WORK_EDGE = 1024
"""Long edge, in pixels, at which sharpness and overlays are measured (about what a reviewer sees)."""
DRAFT_EDGE = 960
DECODE_MAX_PIXELS = 40_000_000

# IJG standard luminance quantization table (ITU T.81 Annex K), natural order.
_STD_LUMA = (
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
    14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
    18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
)  # fmt: skip
PHONE_WIDTHS = frozenset({720, 750, 828, 1080, 1125, 1170, 1179, 1242, 1284, 1290, 1440})
PHONE_RATIO = 1.75
PHONE_RATIO_BAR = 1.6
"""A portrait picture at least this tall (to its width) is searched for a status bar."""
BAND = 0.15
"""Share of the height searched at the top and at the bottom for a watermark band."""


def jpeg_quality(quantization: dict[int, Any] | None) -> int | None:
    """The IJG quality (1-100) a JPEG's luminance table corresponds to, or None without tables."""
    if not quantization or 0 not in quantization:
        return None
    table = list(quantization[0])
    if len(table) != 64:
        return None
    scale = 100.0 * sum(table) / sum(_STD_LUMA)  # percent of the standard table
    if scale <= 0:
        return None
    quality = 5000.0 / scale if scale > 100 else (200.0 - scale) / 2.0
    return int(max(1, min(100, round(quality))))


def decode_for_work(path: Path, fmt: str, width: int, height: int) -> Image.Image | None:
    """The picture in RGB as decoded: a JPEG at the smallest DCT scale whose long edge is still at least
    DRAFT_EDGE (a 12 MP photo at 1/4), another format at full size, or None when it is too large to decode.
    Raises on truncated or corrupt data. `to_work_size` makes the working image of it."""
    long_edge = max(width, height)
    with Image.open(path) as img:
        if fmt == "jpeg" and long_edge > WORK_EDGE:
            # Ask for 15/16 of the working size: a 4032 px photo then decodes at 1/4 scale (1008 px), not at
            # 1/2 (2016 px) — four times less work for a working size that differs by 2 %.
            factor = DRAFT_EDGE / long_edge
            img.draft("RGB", (max(int(width * factor), 1), max(int(height * factor), 1)))
        elif width * height > DECODE_MAX_PIXELS:
            return None
        return img.convert("RGB")


def to_work_size(rgb: Image.Image) -> Image.Image:
    """`rgb` with its long edge at most WORK_EDGE (box filter)."""
    if max(rgb.size) > WORK_EDGE:
        factor = WORK_EDGE / max(rgb.size)
        size = (max(round(rgb.width * factor), 1), max(round(rgb.height * factor), 1))
        rgb = rgb.resize(size, Image.Resampling.BOX)
    return rgb


def working_image(path: Path, fmt: str, width: int, height: int) -> Image.Image | None:
    """The picture in RGB, long edge at most WORK_EDGE, decoded as cheaply as possible."""
    rgb = decode_for_work(path, fmt, width, height)
    return None if rgb is None else to_work_size(rgb)


def laplacian_variance(grey: np.ndarray) -> float:
    """Variance of the 4-neighbour Laplacian of 8-bit grey levels, from exact integer sums."""
    if grey.shape[0] < 3 or grey.shape[1] < 3:
        return 0.0
    g = grey.astype(np.int16, copy=False)
    lap = g[1:-1, :-2] + g[1:-1, 2:]  # in place from here on: |lap| <= 1020 fits int16
    lap += g[:-2, 1:-1]
    lap += g[2:, 1:-1]
    lap -= 4 * g[1:-1, 1:-1]
    n = lap.size
    mean = int(lap.sum(dtype=np.int64)) / n
    flat = lap.astype(np.int32).ravel()
    return float(int(np.einsum("i,i->", flat, flat, dtype=np.int64)) / n - mean * mean)


def reblur_score(grey: np.ndarray, size: int = 9) -> float:
    """Crété-Roffet no-reference blur metric: 0 (sharp) .. 1 (blurred), the worse of the two axes.

    On 8-bit grey levels in exact integer arithmetic: the step between neighbours of the picture blurred
    with a `size`-pixel box (edges mirrored) is (p[i + size] - p[i]) / size of the mirrored row p, so the
    blurred picture is never built, and the variation kept is counted in units of 1/size.
    """
    g = grey.astype(np.int16, copy=False)
    worst = 0.0
    for axis in (1, 0):  # along rows, then along columns
        n = g.shape[axis]
        if n < 2:
            continue
        d_orig = np.abs(np.diff(g, axis=axis))
        total = int(d_orig.sum(dtype=np.int64))
        if total <= 0:
            return 1.0  # a flat picture shows nothing at all
        widths = [(0, 0), (0, 0)]
        widths[axis] = (size // 2, size - 1 - size // 2)
        mirrored = np.pad(g, widths, mode="symmetric")
        ahead = mirrored[:, size:] if axis == 1 else mirrored[size:]
        behind = mirrored[:, : n - 1] if axis == 1 else mirrored[: n - 1]
        d_blur = np.abs(ahead - behind)  # size × the blurred picture's step
        kept = int(np.maximum(0, size * d_orig - d_blur).sum(dtype=np.int64)) / size
        worst = max(worst, (total - kept) / total)
    return worst


STROKE_BRIGHT = 220
STROKE_STEP = 90


def _stroke_mask(grey: np.ndarray) -> np.ndarray:
    """Bright pixels (>= 220) with a pixel over 90 grey levels darker two pixels away, across or down:
    the edges of white overlay text. Natural bright edges (sky over a roof, a white shirt) are lines, not
    the dense strokes of a line of text."""
    mask = np.zeros(grey.shape, dtype=bool)
    if grey.shape[0] < 5 or grey.shape[1] < 5:
        return mask
    bright = grey >= STROKE_BRIGHT
    for axis in (0, 1):
        g, b, m = (np.swapaxes(a, 0, axis) for a in (grey, bright, mask))
        step = g[2:] - g[:-2]
        m[:-2] |= b[:-2] & (step < -STROKE_STEP)
        m[2:] |= b[2:] & (step > STROKE_STEP)
    return mask


def overlay_scores(grey: np.ndarray) -> dict[str, float]:
    """Stroke share (percent of pixels) in the top band, the bottom band and the middle of the picture."""
    mask = _stroke_mask(grey)
    h = grey.shape[0]
    band = max(int(h * BAND), 1)
    top, bottom, middle = mask[:band], mask[h - band :], mask[band : h - band]
    return {"top": _share(top), "bottom": _share(bottom), "middle": _share(middle)}


def _share(part: np.ndarray) -> float:
    return round(100.0 * float(part.mean()), 2) if part.size else 0.0


PAPER_MIN = 0.4
"""Share of bright pixels (grey >= 180) from which a picture may be a page (a photographed or scanned notice)."""


def paper_share(grey: np.ndarray) -> float:
    return float((grey >= 180).mean()) if grey.size else 0.0


STATUS_BAR = (0.005, 0.035)
"""Rows (share of the height) where a phone's status bar sits."""


def status_bar(grey: np.ndarray) -> bool:
    """A phone status bar along the top: a flat band with marks at its left (the time) and at its right
    (signal, Wi-Fi, battery) and nothing in between."""
    h, w = grey.shape
    band = grey[int(h * STATUS_BAR[0]) : max(int(h * STATUS_BAR[1]), int(h * STATUS_BAR[0]) + 3)]
    if band.size == 0 or w < 20:
        return False
    flat = np.abs(band - float(np.median(band))) < 12
    left, middle, right = flat[:, : int(w * 0.3)], flat[:, int(w * 0.35) : int(w * 0.65)], flat[:, int(w * 0.6) :]
    return bool(
        flat.mean() >= 0.85 and middle.mean() >= 0.98 and (1 - left.mean()) >= 0.02 and (1 - right.mean()) >= 0.02
    )


def photo_metrics(
    path: Path, fmt: str, width: int, height: int, has_exif: bool, decoded: Image.Image | None = None
) -> dict[str, Any]:
    """Review measurements of one picture, as `{"extra": {"review": {...}, "official": {...}}}`.

    `decoded`: the picture as `decode_for_work` made it, when the caller already decoded it (else it is
    decoded here). Runs after the picture decoded cleanly: an unexpected failure here (an odd mode, a
    library quirk) means no measurements, never a "corrupt" finding on a good photo.
    """
    try:
        return _metrics(path, fmt, width, height, has_exif, decoded)
    except Exception:
        return {}


def _metrics(
    path: Path, fmt: str, width: int, height: int, has_exif: bool, decoded: Image.Image | None
) -> dict[str, Any]:
    review: dict[str, Any] = {}
    if fmt == "jpeg":
        with Image.open(path) as img:
            review["jpeg_quality"] = jpeg_quality(getattr(img, "quantization", None))
    portrait_w, portrait_h = min(width, height), max(width, height)
    if (
        not has_exif
        and height > width
        and portrait_w in PHONE_WIDTHS
        and portrait_h / portrait_w >= PHONE_RATIO
    ):
        review["screen_size"] = f"{width}×{height}"
    extra: dict[str, Any] = {"review": review}
    rgb = working_image(path, fmt, width, height) if decoded is None else to_work_size(decoded)
    if rgb is not None:
        grey = np.asarray(rgb.convert("L"), dtype=np.int16)  # grey levels as integers: exact arithmetic
        review["sharpness"] = round(laplacian_variance(grey), 1)
        if not has_exif and height >= PHONE_RATIO_BAR * width and status_bar(grey):
            review["status_bar"] = True
        review["blur"] = round(reblur_score(grey), 3)
        review["overlay"] = overlay_scores(grey)
        review["work_size"] = f"{rgb.width}×{rgb.height}"
        if paper_share(grey) >= PAPER_MIN:  # a photographed notice: 红头 and seal in one picture
            extra["official"] = page_marks(rgb, None)
        else:  # not a page: no seal search (a quarter of the cost), nothing that could pass for one either
            extra["official"] = {"red_header": 0.0, "seal": {"circularity": 0.0, "diameter": 0.0}, "page": False}
    return {"extra": extra}
