"""Dates in names and captions, camera names, caption parts, 图片说明 files."""

from __future__ import annotations

import datetime as dt

import pytest

from wenming_submit.evidence.captions import (
    caption_from_name,
    is_camera_name,
    missing_parts,
    parse_caption_lines,
)
from wenming_submit.evidence.dates import find_date, mentions_time

MAY_12 = dt.date(2025, 5, 12)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2025-05-12 活动.jpg", MAY_12), ("20250512_活动.jpg", MAY_12), ("2025年5月12日 社区.jpg", MAY_12),
        ("2025.5.12 活动.docx", MAY_12), ("活动2025_05_12.pdf", MAY_12), ("２０２５年５月１２日.jpg", MAY_12),
        ("2025/5/12", MAY_12), ("IMG_20251312.jpg", None), ("12345678.jpg", None), ("2025年度总结.docx", None),
        ("2025-02-30 活动.jpg", None), ("编号 120250512 活动", None),
    ],
)  # fmt: skip
def test_find_date(name: str, expected: dt.date | None) -> None:
    assert find_date(name) == expected


@pytest.mark.parametrize(
    "stem",
    ["IMG_1234", "DSC_0001", "DSCN0042", "mmexport1699999999123", "微信图片_20250512101010", "Screenshot_2025-05-12",
     "wx_camera_1699999999", "P50512-101010", "12345", "IMG_1234 (2)", "照片 3", "PXL_20250512_101010123"],
)  # fmt: skip
def test_camera_names(stem: str) -> None:
    assert is_camera_name(stem)
    assert caption_from_name(stem + ".jpg") is None


def test_a_real_caption_is_kept() -> None:
    assert (
        caption_from_name("2025年5月12日 幸福社区 垃圾分类宣传（2）.jpg")
        == "2025年5月12日 幸福社区 垃圾分类宣传"
    )
    assert not is_camera_name("幸福社区活动")


@pytest.mark.parametrize(
    ("caption", "missing"),
    [
        ("2025年5月12日 幸福社区 志愿者开展垃圾分类宣传", []),
        ("5月12日在人民广场开展文明交通劝导", ["人物"]),
        ("5月12日 人民广场 志愿者开展文明交通劝导", []),
        ("幸福社区 志愿者开展垃圾分类宣传", ["时间"]),
        ("2025-05-12 开展垃圾分类宣传活动", ["地点", "人物"]),
        ("2025-05-12 幸福社区", ["人物", "主题"]),
        ("20250512 张伟等在区图书馆开展读书分享会", []),
        ("2026年3月3日 解放路 公益广告", ["人物"]),
    ],
)
def test_caption_parts(caption: str, missing: list[str]) -> None:
    assert missing_parts(caption, ("时间", "地点", "人物", "主题")) == missing


def test_time_mentions() -> None:
    assert (
        mentions_time("2025年5月 社区活动")
        and mentions_time("5月12日 活动")
        and not mentions_time("五月 活动")
    )


def test_caption_lines() -> None:
    text = "\ufeffIMG_0001.jpg：2025年5月12日 幸福社区 宣传\nDSC_2.JPG\t5月1日 广场 劳动节\n说明文字\nabc.docx 不是图片\n"
    assert parse_caption_lines(text) == {
        "IMG_0001.jpg": "2025年5月12日 幸福社区 宣传",
        "DSC_2.JPG": "5月1日 广场 劳动节",
    }


def test_caption_lines_for_names_with_spaces() -> None:
    text = "IMG_0012 (2).jpg 2025年5月12日 幸福社区 宣传\r\n照片 3.JPEG\t5月1日 广场：劳动节 a.jpg\r\nx.png\t\r\n"
    assert parse_caption_lines(text) == {
        "IMG_0012 (2).jpg": "2025年5月12日 幸福社区 宣传",
        "照片 3.JPEG": "5月1日 广场：劳动节 a.jpg",
    }
