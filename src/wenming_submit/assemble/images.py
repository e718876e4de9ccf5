"""Image decoding and re-encoding shared by the Word 汇编 and the upload package.

`load_oriented` opens any image the evidence stage accepts (JPEG, PNG, WEBP, BMP, TIFF, GIF, HEIC),
applies the EXIF orientation (phones store sideways pixels plus a flag that Word ignores) and refuses
absurd sizes before decoding them. `encode_jpeg` downscales and re-encodes to plain baseline JPEG, which
every Word, WPS and upload system takes.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from PIL import Image, ImageOps

from wenming_submit.evidence.imaging import register_heif

MAX_PIXELS = 100_000_000
"""Refuse to decode more than this for the build (a 12 MP phone photo is 12 M; panoramas reach ~60 M);
the check's own ceiling is imaging.UNSAFE_PIXELS."""


class ImageError(Exception):
    """An image that cannot be used; `str(exc)` is a Chinese reason fit for a placeholder."""


def _flatten(img: Image.Image) -> Image.Image:
    """RGB on white: transparency (PNG/GIF/WEBP), palettes, CMYK and 16-bit greys all end up printable."""
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if img.mode == "I;16" or img.mode == "I":
        return img.point(lambda v: v / 256).convert("L")
    if img.mode not in ("RGB", "L"):
        return img.convert("RGB")
    return img


def load_oriented(path: Path | str | io.BytesIO, *, max_side_px: int | None = None) -> Image.Image:
    """Decode an image upright (EXIF orientation applied), as RGB or L.

    `max_side_px`: the largest side the caller will use; JPEGs are then decoded at a reduced DCT scale
    (`Image.draft`), several times faster and smaller in memory than a full decode. Raises ImageError.
    """
    register_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(path)
        width, height = img.size
        if width * height > MAX_PIXELS:
            raise ImageError(f"图片尺寸异常（{width}×{height} 像素），为防止耗尽内存未予处理")
        if max_side_px and img.format == "JPEG":
            img.draft("RGB", fit(img.size, max_side_px))
        if getattr(img, "n_frames", 1) > 1:
            img.seek(0)
        img.load()
        upright = ImageOps.exif_transpose(img) or img
        return _flatten(upright)
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError("图片尺寸异常，为防止耗尽内存未予处理") from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise ImageError(f"图片无法解码（{type(exc).__name__}），文件可能已损坏") from exc


def fit(size: tuple[int, int], max_side_px: int) -> tuple[int, int]:
    """`size` scaled down (never up) so that its longer side is at most `max_side_px`."""
    width, height = size
    scale = min(1.0, max_side_px / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def encode_jpeg(img: Image.Image, *, max_side_px: int, quality: int = 82) -> bytes:
    """Baseline JPEG bytes, downscaled so the longer side is at most `max_side_px`."""
    target = fit(img.size, max_side_px)
    if target != img.size:
        img = img.resize(target, Image.Resampling.LANCZOS, reducing_gap=2.0)
    if img.mode not in ("RGB", "L"):
        img = _flatten(img)
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=quality, optimize=False, progressive=False)
    return buffer.getvalue()
