"""Memory bombs in pictures: inspected under a memory ceiling well below what an unbounded decode takes."""

from __future__ import annotations

from pathlib import Path

import hostile
import pytest
from PIL import Image

from wenming_submit.evidence.inspect import images
from wenming_submit.evidence.inspect.common import Inspected
from wenming_submit.guard import Isolated

CEILING = 600 * 1024**2
"""Decoding the 17000² thumbnail takes ~870 MB, the 144 MP progressive frame ~900 MB."""


def _inspect(path: Path) -> Inspected:
    with Isolated(time_limit=60, memory=CEILING) as worker:
        outcome = worker.call(images.inspect_image, path, "jpeg")
    assert isinstance(outcome, Inspected), outcome
    return outcome


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_exif_thumbnail_declaring_a_huge_size_is_not_decoded(tmp_path: Path) -> None:
    path = hostile.exif_thumbnail_bomb_jpeg(tmp_path / "照片.jpg", side=17000)
    with Image.open(path) as img:
        _facts, thumb = images._exif_facts(img)
    assert thumb is not None  # the file does carry the thumbnail
    assert images._thumbnail_phash(thumb) is None
    inspected = _inspect(path)
    assert inspected.issues == []
    assert inspected.facts["width"] == 1024 and "phash" in inspected.facts  # hashed from the photo itself


def test_progressive_jpeg_declaring_144_megapixels_is_not_decoded(tmp_path: Path) -> None:
    path = hostile.progressive_header_bomb_jpeg(tmp_path / "照片.jpg", 12000, 12000)
    inspected = _inspect(path)
    assert (inspected.facts["width"], inspected.facts["height"]) == (12000, 12000)
    assert "phash" not in inspected.facts and inspected.issues == []


def test_normal_thumbnail_is_still_used(tmp_path: Path) -> None:
    path = hostile.exif_thumbnail_bomb_jpeg(tmp_path / "照片.jpg", side=160)
    with Image.open(path) as img:
        _facts, thumb = images._exif_facts(img)
    assert thumb is not None and images._thumbnail_phash(thumb) is not None
