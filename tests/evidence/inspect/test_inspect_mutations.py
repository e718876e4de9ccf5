"""Bad input never crashes, never hangs: truncated, bit-flipped and mislabelled versions of real files.

A fixed mutation set (deterministic, so a failure reproduces): every real sample cut at 5/50/95 %,
three seeds of 20 random bit flips, and each file handed to every other format's inspector.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import inspect_makers as makers
import pytest

from wenming_submit.evidence.inspect import inspect_one
from wenming_submit.evidence.inspect.common import Inspected

FORMATS = ("docx", "xlsx", "pdf", "jpeg", "png", "webp", "heic", "gif", "tiff", "text")
IMAGES = ("jpeg", "png", "webp", "heic", "gif", "tiff")
PER_FILE_SECONDS = 5.0


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    import samplefiles as f

    d = tmp_path_factory.mktemp("orig")
    text = "我们的节日主题活动说明，联系电话13812345678。" * 20
    out = {
        "docx": f.docx(d / "a.docx", [text], table=[["甲", "乙"], ["丙", "丁"]]),
        "xlsx": f.xlsx(
            d / "a.xlsx", ["巡查时间", "巡查人员"], [[dt.date(2025, 1, 2), "张伟"]] * 30, title="台账"
        ),
        "pdf": f.pdf(d / "a.pdf", [text, text]),
        "jpeg": makers.phone_jpeg(d / "a.jpg", makers.photo((640, 480), 2), taken=dt.datetime(2025, 5, 1)),
        "png": f.png(d / "a.png", size=(320, 240)),
        "webp": f.image(d / "a.webp", "WEBP", size=(320, 240)),
        "heic": f.image(d / "a.heic", "HEIC", size=(320, 240)),
        "gif": f.image(d / "a.gif", "GIF", size=(320, 240)),
        "tiff": f.image(d / "a.tiff", "TIFF", size=(320, 240)),
        "text": d / "a.txt",
    }
    out["text"].write_text(text, encoding="utf-8")
    return out


def _timed(path: Path, fmt: str) -> Inspected:
    start = time.monotonic()
    result = inspect_one(path, fmt)
    assert time.monotonic() - start < PER_FILE_SECONDS, f"{path.name} as {fmt} took too long"
    assert isinstance(result, Inspected)
    return result


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("fraction", [0.05, 0.5, 0.95])
def test_truncated(originals: dict[str, Path], tmp_path: Path, fmt: str, fraction: float) -> None:
    src = originals[fmt]
    result = _timed(makers.truncated(src, tmp_path / f"cut{src.suffix}", fraction), fmt)
    if fmt in ("docx", "xlsx", "jpeg", "png") or (fmt == "pdf" and fraction <= 0.5):
        # The zip directory / JPEG EOI / PNG IEND / PDF trailer sits at the end: cutting it is found.
        assert "WM201" in {i.code for i in result.issues} or (fmt == "pdf" and result.facts.get("pages"))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_bit_flipped(originals: dict[str, Path], tmp_path: Path, fmt: str, seed: int) -> None:
    src = originals[fmt]
    _timed(makers.bit_flipped(src, tmp_path / f"flip{src.suffix}", seed), fmt)


@pytest.mark.parametrize("actual", FORMATS)
def test_mislabelled(originals: dict[str, Path], actual: str) -> None:
    for claimed in FORMATS:
        if claimed != actual:
            result = _timed(originals[actual], claimed)
            found = {i.code for i in result.issues}
            if claimed in IMAGES and actual in IMAGES:
                assert not found  # Pillow reads pictures by their content, whatever they claim
            elif claimed != "text":
                assert found & {"WM201", "WM203"}, f"{actual} read as {claimed}"


def test_results_are_picklable_for_the_workers(originals: dict[str, Path]) -> None:
    import pickle

    for fmt, path in originals.items():
        result: Any = inspect_one(path, fmt)
        assert pickle.loads(pickle.dumps(result)) == result
