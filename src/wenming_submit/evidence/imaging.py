"""Pillow set-up shared by inspection and the build: one pixel ceiling, HEIC support on demand.

Pillow's decompression-bomb limit is process-global, so it is set here once rather than by each module
that opens pictures (two modules setting it to different values made the limit depend on import order).
"""

from __future__ import annotations

import functools

from PIL import Image

UNSAFE_PIXELS = 150_000_000
"""Over this the picture is a decompression bomb or a mistake (a 48 MP phone photo is a third of it)."""

Image.MAX_IMAGE_PIXELS = UNSAFE_PIXELS


@functools.cache
def register_heif() -> None:
    """Teach Pillow to open HEIC/HEIF (iPhone photos); imported lazily, registered once per process."""
    import pillow_heif

    pillow_heif.register_heif_opener()
