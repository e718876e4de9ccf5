"""The one photo order (汇编 grid and package numbering): date, natural sort, before/after pairs, wide rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from wenming_submit.assemble.photo_order import display_order, photo_rows
from wenming_submit.evidence.model import EvidenceFile, Facts, Role


def photo(name: str, caption: str | None = None, *, size: tuple[int, int] = (1600, 1200),
          taken: dt.date | None = None) -> EvidenceFile:  # fmt: skip
    facts = Facts(format="jpeg", kind="image", size=1, mtime=0, width=size[0], height=size[1], date=taken)
    return EvidenceFile(Path(name), f"evidence/u/x/{name}", Role.evidence, facts, caption=caption)


def names(files: list[EvidenceFile]) -> list[str]:
    return [f.name for f in files]


def test_caption_date_then_exif_then_natural_sort() -> None:
    files = [
        photo("IMG_20260318.jpg", "2026年3月18日 会议室 报告会"),
        photo("IMG_20260305.jpg", "3月5日 青年之家 学习", taken=dt.date(2026, 3, 20)),  # caption wins over EXIF
        photo("现场_10.jpg", taken=dt.date(2026, 3, 1)),
        photo("现场_2.jpg", taken=dt.date(2026, 3, 1)),
        photo("无日期.jpg"),
    ]
    assert names(display_order(files)) == [
        "现场_2.jpg", "现场_10.jpg", "IMG_20260305.jpg", "IMG_20260318.jpg", "无日期.jpg",
    ]  # fmt: skip


def test_before_after_pairs_share_a_row_and_wide_pictures_get_their_own() -> None:
    files = [
        photo("2026年5月20日 幸福路 整治后.jpg"),
        photo("2026年5月10日 幸福路 整治前.jpg"),
        photo("2026年5月11日 和平巷 整治前.jpg"),
        photo("2026年5月21日 和平巷 整治后.jpg"),
        photo("2026年5月1日 网站 网页截图.png", size=(1280, 1000)),  # wide by name
        photo("2026年5月2日 全景.jpg", size=(1920, 1080)),  # wide by shape
        photo("2026年5月3日 街道 巡查.jpg"),
    ]
    rows = photo_rows(files)
    shapes = [([f.name.split(" ")[1] for f in r.files], r.pair, r.wide) for r in rows]
    assert shapes == [
        (["网站"], False, True),
        (["全景.jpg"], False, True),
        (["街道"], False, False),
        (["幸福路", "幸福路"], True, False),
        (["和平巷", "和平巷"], True, False),
    ]
    assert all("整治前" in r.files[0].name and "整治后" in r.files[1].name for r in rows if r.pair)
