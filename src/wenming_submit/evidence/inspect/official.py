"""Official documents seen as pictures: is there a 红头 (red title band) and a red seal?

Plain image analysis on a small RGB rendering (a scanned PDF page rendered with pypdfium2, or a photo
of a notice), with numpy and scipy.ndimage:

- red pixels: R >= 140 and R exceeds both G and B by at least 60;
- 红头: the red-pixel share (percent) of the top 30 % of the first page;
- seal: the red mask is closed (so the ring, star and text of a seal become one blob), split into
  connected components, and each roughly square component larger than 6 % of the page width is tested
  for a circle: almost no pixels outside the inscribed circle (the corners of its box), a ring of pixels
  near the circle's edge, and that ring covering most directions around the centre. The best
  component's circularity (0-1) is kept; a red title line or a rectangular red stamp scores low.

Measurements only; check/review.py decides what is missing for a material with `red_header`/`seal`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from scipy import ndimage

RENDER_WIDTH = 600
"""Pixels across a rendered page: a seal of 4 cm on A4 is ~115 px, a 红头 line ~25 px tall."""
HEADER_REGION = 0.30
MIN_SEAL = 0.06
"""Smallest seal diameter, as a share of the page width (a 4 cm seal on A4 is 0.19)."""
ANGLE_BINS = 36


def red_mask(rgb: np.ndarray) -> np.ndarray:
    r, g, b = (rgb[..., i].astype(np.int16) for i in range(3))
    return (r >= 140) & (r - g >= 60) & (r - b >= 60)


def header_share(rgb: np.ndarray) -> float:
    """Percent of red pixels in the top HEADER_REGION of the page."""
    top = red_mask(rgb[: max(int(rgb.shape[0] * HEADER_REGION), 1)])
    return round(100.0 * float(top.mean()), 2) if top.size else 0.0


def _circularity(component: np.ndarray) -> float:
    """0..1: how much a component (boolean box) looks like a seal: round outline, nothing in the corners."""
    h, w = component.shape
    ys, xs = np.nonzero(component)
    if len(xs) == 0:
        return 0.0
    cy, cx, radius = (h - 1) / 2.0, (w - 1) / 2.0, (h + w) / 4.0
    dist = np.hypot(ys - cy, xs - cx) / radius
    outside = float((dist > 1.08).mean())
    ring = dist > 0.75
    if not ring.any():
        return 0.0
    angles = np.arctan2(ys[ring] - cy, xs[ring] - cx)
    bins = np.unique(((angles + np.pi) / (2 * np.pi) * ANGLE_BINS).astype(int) % ANGLE_BINS)
    coverage = len(bins) / ANGLE_BINS
    return round(max(0.0, coverage * (1.0 - 4.0 * outside)), 3)


CLOSING = 9
"""Side of the square the red mask is closed with: a 5×5 square applied twice (the ring, star and text of a
seal become one blob)."""


def _closing(mask: np.ndarray, side: int) -> np.ndarray:
    """Binary closing by a side×side square, nothing outside the picture (scipy's binary_closing with
    border_value 0), as separable running maxima and minima: a square is a row times a column."""
    grown = mask.astype(np.uint8)
    for axis in (0, 1):
        grown = ndimage.maximum_filter1d(grown, side, axis=axis, mode="constant", cval=0)
    for axis in (0, 1):
        grown = ndimage.minimum_filter1d(grown, side, axis=axis, mode="constant", cval=0)
    return grown.astype(bool)


def _fill_holes(mask: np.ndarray) -> np.ndarray:
    """scipy's binary_fill_holes in one labelling pass: background regions (4-connected) that do not reach
    the edge of the picture are holes."""
    background, count = ndimage.label(~mask)
    filled = np.ones(count + 1, dtype=bool)  # per label: part of the filled mask?
    filled[np.concatenate((background[0], background[-1], background[:, 0], background[:, -1]))] = False
    filled[0] = True  # the mask itself
    holes: np.ndarray = filled[background]
    return holes


def seal_score(rgb: np.ndarray) -> dict[str, Any]:
    """The most seal-like red blob: its circularity and diameter (share of the width)."""
    mask = red_mask(rgb)
    width = rgb.shape[1]
    if int(mask.sum()) < (MIN_SEAL * width) ** 2 * 0.2:  # less red than the thinnest ring of the smallest seal
        return {"circularity": 0.0, "diameter": 0.0}
    closed = _fill_holes(_closing(mask, CLOSING)) | mask
    labels, _count = ndimage.label(closed)
    best = {"circularity": 0.0, "diameter": 0.0}
    for where in ndimage.find_objects(labels):
        if where is None:
            continue
        h, w = where[0].stop - where[0].start, where[1].stop - where[1].start
        if min(h, w) < MIN_SEAL * width or not 0.75 <= h / w <= 1.33:
            continue
        # The outline as drawn (not the filled blob): ring pixels of the seal's own red mask.
        score = _circularity(mask[where])
        if score > best["circularity"]:
            best = {"circularity": score, "diameter": round(max(h, w) / width, 3)}
    return best


def page_marks(first: Image.Image, last: Image.Image | None) -> dict[str, Any]:
    """红头 share on the first page and the seal on the last (or only) page."""
    first_rgb = np.asarray(_small(first))
    last_rgb = first_rgb if last is None else np.asarray(_small(last))
    return {"red_header": header_share(first_rgb), "seal": seal_score(last_rgb)}


def _small(img: Image.Image) -> Image.Image:
    rgb = img.convert("RGB")
    if rgb.width > RENDER_WIDTH:
        rgb = rgb.resize((RENDER_WIDTH, max(round(rgb.height * RENDER_WIDTH / rgb.width), 1)),
                         Image.Resampling.BOX)  # fmt: skip
    return rgb


def pdf_marks(path: Path, pages: int) -> dict[str, Any]:
    """Render the first and last page small and measure them: `{"extra": {"official": {...}}}`."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        rendered = []
        for index in sorted({0, pages - 1}):
            page = pdf[index]
            try:
                scale = RENDER_WIDTH / max(page.get_width(), 1.0)
                rendered.append(page.render(scale=scale).to_pil())
            finally:
                page.close()
    finally:
        pdf.close()
    marks = page_marks(rendered[0], rendered[-1] if len(rendered) > 1 else None)
    return {"official": marks}
