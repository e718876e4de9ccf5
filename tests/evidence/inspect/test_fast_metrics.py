"""The fast review measurements give what the textbook formulas give (issue 14: same verdicts, less time)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageFilter
from scipy import ndimage
from scipy.ndimage import uniform_filter1d

from wenming_submit.evidence.inspect import official
from wenming_submit.evidence.inspect.images import _decode, _phash
from wenming_submit.evidence.inspect.photo_quality import laplacian_variance, reblur_score


def _reblur_reference(grey: np.ndarray, size: int = 9) -> float:
    """Crété-Roffet as written: blur each axis with a box filter, compare the neighbour differences."""
    worst = 0.0
    grey = grey.astype(np.float64)
    for view in (grey, grey.T):
        if view.shape[1] < 2:
            continue
        blurred = uniform_filter1d(view, size, axis=1)
        d_orig = np.abs(np.diff(view, axis=1))
        d_blur = np.abs(np.diff(blurred, axis=1))
        total = float(d_orig.sum())
        if total <= 0:
            return 1.0
        kept = float(np.maximum(0.0, d_orig - d_blur).sum())
        worst = max(worst, (total - kept) / total)
    return worst


def _scene(seed: int, shape: tuple[int, int] = (90, 130)) -> np.ndarray:
    rng = np.random.default_rng(seed)
    img = Image.fromarray(rng.integers(0, 256, shape, dtype=np.uint8)).filter(ImageFilter.GaussianBlur(seed % 4))
    return np.asarray(img, dtype=np.int16)


@pytest.mark.parametrize("seed", range(6))
def test_reblur_and_laplacian_match_the_formulas(seed: int) -> None:
    grey = _scene(seed)
    assert reblur_score(grey) == pytest.approx(_reblur_reference(grey), abs=1e-9)
    f = grey.astype(np.float64)
    lap = f[1:-1, :-2] + f[1:-1, 2:] + f[:-2, 1:-1] + f[2:, 1:-1] - 4 * f[1:-1, 1:-1]
    assert laplacian_variance(grey) == pytest.approx(float(lap.var()), rel=1e-9)


def test_reblur_separates_sharp_from_blurred_and_flat() -> None:
    sharp = _scene(0)
    blurred = np.asarray(Image.fromarray(sharp.astype(np.uint8)).filter(ImageFilter.GaussianBlur(4)), dtype=np.int16)
    assert reblur_score(sharp) < 0.3 < reblur_score(blurred)
    assert reblur_score(np.full((20, 20), 7, dtype=np.int16)) == 1.0


@pytest.mark.parametrize("seed", range(8))
def test_seal_closing_and_fill_match_scipy(seed: int) -> None:
    rng = np.random.default_rng(seed)
    mask = rng.random((60 + seed * 9, 80 + seed * 5)) < 0.03 + 0.03 * seed
    mask[:, :2] |= seed % 2 == 0  # marks touching the edge of the picture
    expected = ndimage.binary_fill_holes(
        ndimage.binary_closing(mask, structure=np.ones((5, 5), dtype=bool), iterations=2)
    )
    assert np.array_equal(official._fill_holes(official._closing(mask, official.CLOSING)), expected)


def test_one_decode_gives_the_phash_of_a_one_eighth_decode(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(3)
    small = Image.fromarray(rng.integers(0, 256, (60, 80, 3), dtype=np.uint8))
    photo = small.resize((2400, 1800), Image.Resampling.BICUBIC)
    path = tmp_path / "p.jpg"
    photo.save(path, quality=90)
    with Image.open(path) as img:
        img.draft("RGB", (300, 225))
        img.load()
        eighth = _phash(img)
    hashed, decoded = _decode(path, "jpeg", 2400, 1800)
    assert decoded is not None and decoded.size == (1200, 900)  # one decode, at 1/2: the working scale
    distance = bin(int(hashed["phash"], 16) ^ int(eighth["phash"], 16)).count("1")
    assert distance <= 2
