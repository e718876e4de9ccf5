"""Images: upright, downscaled, bounded; pictures added in linear time, stored once, unique ids."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import docx
import pytest
from PIL import Image

from wenming_submit import gongwen
from wenming_submit.assemble.images import ImageError, encode_jpeg, load_oriented
from wenming_submit.assemble.word.pictures import PictureSink, prepare_photo


def test_load_oriented_applies_exif_rotation(files: Any, tmp_path: Path) -> None:
    path = files.jpeg(tmp_path / "p.jpg", size=(1600, 1200), orientation=6)
    img = load_oriented(path)
    assert img.size == (1200, 1600)


def test_load_oriented_reads_heic_and_flattens_transparency(files: Any, tmp_path: Path) -> None:
    assert load_oriented(files.image(tmp_path / "p.heic", "HEIC")).mode == "RGB"
    rgba = Image.new("RGBA", (40, 30), (255, 0, 0, 0))
    rgba.save(tmp_path / "t.png")
    flat = load_oriented(tmp_path / "t.png")
    assert flat.mode == "RGB" and flat.getpixel((0, 0)) == (255, 255, 255)


def test_draft_decoding_and_encode_jpeg_bound_size(files: Any, tmp_path: Path) -> None:
    path = files.jpeg(tmp_path / "big.jpg", size=(4000, 3000))
    img = load_oriented(path, max_side_px=500)
    assert 500 <= max(img.size) < 4000  # decoded at a reduced DCT scale
    blob = encode_jpeg(img, max_side_px=500, quality=80)
    assert max(Image.open(io.BytesIO(blob)).size) == 500


def test_undecodable_and_absurd_images_raise_image_error(tmp_path: Path) -> None:
    (tmp_path / "bad.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 50)
    with pytest.raises(ImageError, match="无法解码"):
        load_oriented(tmp_path / "bad.jpg")
    huge = tmp_path / "huge.png"
    Image.new("1", (12_000, 10_000)).save(huge)
    with pytest.raises(ImageError, match="尺寸异常"):
        load_oriented(huge)
    assert prepare_photo(tmp_path / "bad.jpg").error


def test_sink_stores_identical_images_once_with_unique_ids(files: Any, tmp_path: Path) -> None:
    document = gongwen.new_document()
    sink = PictureSink(document)
    a, b = files.jpeg_bytes(seed=1), files.jpeg_bytes(seed=2)
    for blob in (a, b, a, a):
        sink.add(document.add_paragraph().add_run(), blob, gongwen.Mm(20), gongwen.Mm(15))
    path = tmp_path / "d.docx"
    document.save(str(path))
    reopened = docx.Document(str(path))
    ids = reopened.element.body.xpath(".//wp:docPr/@id")
    assert len(ids) == 4 == len(set(ids))
    assert sink.stored == 2
    assert len(reopened.inline_shapes) == 4


def test_sink_is_linear(files: Any) -> None:
    """Distinct images: 4× the pictures must cost far less than 16× the time (python-docx is quadratic)."""
    blobs = [files.jpeg_bytes(seed=i) for i in range(800)]
    small = _sink_run_distinct(blobs[:200])
    large = _sink_run_distinct(blobs)
    assert large < small * 8


def _sink_run_distinct(blobs: list[bytes]) -> float:
    """Seconds spent in PictureSink.add alone (paragraphs are made first: python-docx's own cost)."""
    best = float("inf")
    for _ in range(2):
        document = gongwen.new_document()
        runs = [document.add_paragraph().add_run() for _ in blobs]
        sink = PictureSink(document)
        start = time.perf_counter()
        for run, blob in zip(runs, blobs, strict=True):
            sink.add(run, blob, gongwen.Mm(20), gongwen.Mm(15))
        best = min(best, time.perf_counter() - start)
    return best


def test_a_heic_photo_gets_the_same_size_in_a_fresh_worker(files: Any, tmp_path: Path) -> None:
    """A reader worker that has not decoded a HEIC yet must still see its size (else the photo is placed
    at another size, and which worker gets it decides: the 汇编 was not the same from build to build)."""
    import subprocess
    import sys

    from wenming_submit.assemble.word.pictures import prepare_photo

    photo = files.image(tmp_path / "2026年4月5日 实验小学 清明祭扫.heic", "HEIC", seed=7)
    fresh = subprocess.run(
        [sys.executable, "-c", "import sys; from pathlib import Path; "
         "from wenming_submit.assemble.word.pictures import prepare_photo; "
         "print(*prepare_photo(Path(sys.argv[1])).size)", str(photo)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert tuple(int(n) for n in fresh.stdout.split()) == prepare_photo(photo).size
