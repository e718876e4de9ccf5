"""Duplicates and near-duplicates on real photos: the NEAR_DISTANCE threshold is held to its claim.

Photos are noisy 1600×1200 phone-like JPEGs with EXIF thumbnails; their variants are what units do to
photos: re-save at quality 60 without EXIF, shrink to a third, WeChat-style 1080 px, crop 5 % on every
side, crop 3 % off one side. Each variant must stay within NEAR_DISTANCE of its original; distinct photos
must stay beyond it. (Measured on 30 photos, not asserted: 3 % off every side is caught 29 times in 30,
5 % off one side about half the time; distinct photos were 18+ bits apart.)
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from dataclasses import replace
from pathlib import Path
from typing import Any

import inspect_makers as makers
import pytest
from inspect_project import PHOTOS
from PIL import Image

from wenming_submit.evidence.duplicates import NEAR_DISTANCE, distance
from wenming_submit.evidence.inspect import inspect_one
from wenming_submit.evidence.model import Facts

SEEDS = range(1, 9)


def _variants(img: Image.Image) -> dict[str, Image.Image]:
    w, h = img.size

    def resave(im: Image.Image, quality: int) -> Image.Image:
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=quality)
        return Image.open(io.BytesIO(buf.getvalue()))

    return {
        "q60": resave(img, 60),
        "third": img.resize((w // 3, h // 3)),
        "wechat": resave(img.resize((1080, 1080 * h // w)), 70),
        "crop5": img.crop((int(w * 0.05), int(h * 0.05), int(w * 0.95), int(h * 0.95))),
        "left3": img.crop((int(w * 0.03), 0, w, h)),
    }


def _facts(path: Path) -> Facts:
    return replace(Facts(format="jpeg", kind="image", size=0, mtime=0), **inspect_one(path, "jpeg").facts)


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Facts, dict[str, Facts]]]:
    d = tmp_path_factory.mktemp("photos")
    out = {}
    for seed in SEEDS:
        img = makers.photo((1600, 1200), seed)
        original = _facts(makers.phone_jpeg(d / f"{seed}.jpg", img, taken=dt.datetime(2025, 5, seed)))
        variants = {}
        for name, variant in _variants(img).items():
            path = d / f"{seed}-{name}.jpg"
            variant.convert("RGB").save(path, "JPEG", quality=85)
            variants[name] = _facts(path)
        out[seed] = (original, variants)
    return out


def test_variants_of_a_photo_are_near(photos: dict[int, tuple[Facts, dict[str, Facts]]]) -> None:
    for seed, (original, variants) in photos.items():
        for name, facts in variants.items():
            d = distance(original, facts)
            assert d is not None and d <= NEAR_DISTANCE, f"photo {seed} {name}: {d} bits"


def test_different_photos_are_not_near(photos: dict[int, tuple[Facts, dict[str, Facts]]]) -> None:
    for a, b in itertools.combinations(photos, 2):
        d = distance(photos[a][0], photos[b][0])
        assert d is not None and d > NEAR_DISTANCE, f"photos {a} and {b}: {d} bits"


def test_near_duplicate_pair_is_reported_in_a_check(project: Any) -> None:
    img = makers.photo((1600, 1200), 5)
    makers.phone_jpeg(project.path(PHOTOS, "2025-05-12 幸福社区 志愿者开展垃圾分类宣传.jpg"), img,
                      taken=dt.datetime(2025, 5, 12))  # fmt: skip
    other = "evidence/区教育局/Ⅱ-3-2 我们的节日/实景图片"
    small = img.crop((40, 30, 1560, 1170)).resize((1080, 810))
    small.save(project.path(other, "2025-06-01 实验小学 师生开展节日活动.jpg"), "JPEG", quality=70)
    makers.phone_jpeg(project.path(PHOTOS, "2025-05-20 人民广场 志愿者开展文明劝导.jpg"), makers.photo((1600, 1200), 6),
                      taken=dt.datetime(2025, 5, 20))  # fmt: skip
    run = project.check()
    near = [f for f in run.result.findings if f.kind == "near-duplicate"]
    assert len(near) == 1
    assert near[0].path.endswith("师生开展节日活动.jpg") and "志愿者开展垃圾分类宣传.jpg" in near[0].message
    assert near[0].severity == "warning"
    assert not [f for f in run.result.findings if f.kind == "duplicate"]
