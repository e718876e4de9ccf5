"""Each inspector on good and bad real files, called directly (what a worker process runs)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import inspect_makers as makers
import pytest
from make_demo import ole2_file

from wenming_submit.evidence.inspect import inspect_one
from wenming_submit.evidence.sniff import sniff

TEXT = "本单位按照全区统一部署，组织志愿者在幸福社区开展我们的节日主题活动，群众参与热情高。" * 6


def hanzi(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def codes(result: Any) -> set[str]:
    return {i.code for i in result.issues}


def test_docx_text_tables_pictures(files: Any, tmp_path: Path) -> None:
    pic = files.jpeg(tmp_path / "p.jpg", size=(200, 150))
    path = files.docx(
        tmp_path / "a.docx", [TEXT], title="情况说明", table=[["时间", "地点"], ["五月", "社区"]], image=pic
    )
    result = inspect_one(path, "docx")
    assert codes(result) == set()
    assert result.facts["chars"] == hanzi("情况说明" + TEXT + "时间地点五月社区")
    assert result.facts["pictures"] == 1


def test_docx_without_text_or_pictures_is_empty(files: Any, tmp_path: Path) -> None:
    assert codes(inspect_one(files.docx(tmp_path / "blank.docx", []), "docx")) == {"WM203"}


def test_docx_with_only_a_picture_is_not_empty(files: Any, tmp_path: Path) -> None:
    pic = files.jpeg(tmp_path / "p.jpg", size=(200, 150))
    assert codes(inspect_one(files.docx(tmp_path / "pic.docx", [], image=pic), "docx")) == set()


def test_xlsx_ledger_under_a_merged_title(files: Any, tmp_path: Path) -> None:
    rows = [[dt.date(2025, 3, 2), "张伟", "无", "—"], ["五月中旬", "李娜", "乱停车", "已整改"]]
    path = files.xlsx(
        tmp_path / "台账.xlsx",
        ["巡查\n时间", "巡查人员", "发现问题", "整改情况"],
        rows,
        title="2025年巡查台账",
    )
    result = inspect_one(path, "xlsx")
    (sheet,) = result.facts["sheets"]
    assert sheet.header_row == 2
    assert sheet.columns == ("巡查时间", "巡查人员", "发现问题", "整改情况")
    assert sheet.data_rows == 2
    assert sheet.dates["巡查时间"] == ((3, "2025-03-02"), (4, ""))


def test_text_pdf_pages_and_chars(files: Any, tmp_path: Path) -> None:
    result = inspect_one(files.pdf(tmp_path / "a.pdf", [TEXT, TEXT]), "pdf")
    assert codes(result) == set()
    assert result.facts["pages"] == 2
    assert result.facts["chars"] == 2 * hanzi(TEXT)


def test_scanned_pdf_has_pages_and_no_text(files: Any, tmp_path: Path) -> None:
    result = inspect_one(files.scanned_pdf(tmp_path / "scan.pdf", pages=2), "pdf")
    assert (result.facts["pages"], result.facts["chars"], codes(result)) == (2, 0, set())


def test_pdf_with_user_password_is_encrypted(tmp_path: Path) -> None:
    result = inspect_one(makers.encrypted_pdf(tmp_path / "e.pdf", TEXT), "pdf")
    assert codes(result) == {"WM202"}


def test_pdf_with_owner_password_only_opens(tmp_path: Path) -> None:
    result = inspect_one(makers.encrypted_pdf(tmp_path / "o.pdf", TEXT, user_password=""), "pdf")
    assert codes(result) == set()
    assert result.facts["pages"] == 1


def test_pdf_with_broken_xref_is_repaired_or_reported(tmp_path: Path) -> None:
    result = inspect_one(makers.broken_xref_pdf(tmp_path / "x.pdf", TEXT), "pdf")
    assert codes(result) <= {"WM201"}
    assert result.facts.get("pages") == 1 or codes(result) == {"WM201"}


def test_half_a_pdf_is_corrupt_or_partial(files: Any, tmp_path: Path) -> None:
    cut = makers.truncated(files.pdf(tmp_path / "a.pdf", [TEXT]), tmp_path / "cut.pdf", 0.4)
    result = inspect_one(cut, "pdf")
    assert "WM201" in codes(result) or result.facts.get("pages", 0) >= 0


def test_jpeg_exif_date_orientation_and_size(files: Any, tmp_path: Path) -> None:
    path = files.jpeg(tmp_path / "a.jpg", size=(1200, 900), taken=dt.datetime(2025, 5, 12, 9), orientation=6)
    facts = inspect_one(path, "jpeg").facts
    assert (facts["width"], facts["height"], facts["orientation"]) == (1200, 900, 6)
    assert (facts["date"], facts["date_source"], facts["has_exif"]) == (dt.date(2025, 5, 12), "exif", True)
    assert len(facts["phash"]) == 16


def test_jpeg_without_exif(files: Any, tmp_path: Path) -> None:
    facts = inspect_one(files.png(tmp_path / "a.png"), "png").facts
    assert facts["has_exif"] is False and "date" not in facts


@pytest.mark.parametrize("thumbnail", [True, False])
def test_truncated_jpeg_is_corrupt(tmp_path: Path, thumbnail: bool) -> None:
    whole = makers.phone_jpeg(
        tmp_path / "a.jpg", makers.photo((1200, 900), 1), taken=None, thumbnail=thumbnail
    )
    assert codes(inspect_one(whole, "jpeg")) == set()
    cut = makers.truncated(whole, tmp_path / "cut.jpg", 0.6)
    result = inspect_one(cut, "jpeg")
    assert codes(result) == {"WM201"}
    assert "截断" in result.issues[0].params["reason"]


def test_truncated_png_is_corrupt(files: Any, tmp_path: Path) -> None:
    cut = makers.truncated(files.png(tmp_path / "a.png", size=(600, 400)), tmp_path / "cut.png", 0.7)
    assert codes(inspect_one(cut, "png")) == {"WM201"}


@pytest.mark.parametrize("fmt", ["WEBP", "HEIC", "GIF", "TIFF", "BMP"])
def test_other_image_formats_are_recognised_and_decoded(files: Any, tmp_path: Path, fmt: str) -> None:
    path = files.image(tmp_path / f"a.{fmt.lower()}", fmt, size=(640, 480))
    fmt_id = sniff(path).format.id
    result = inspect_one(path, fmt_id)
    assert codes(result) == set()
    assert (result.facts["width"], result.facts["height"]) == (640, 480)
    assert result.facts.get("phash")


def test_decompression_bomb_png_is_refused(tmp_path: Path) -> None:
    result = inspect_one(makers.bomb_png(tmp_path / "bomb.png"), "png")
    assert codes(result) == {"WM205"}


def test_large_but_sane_declared_png_is_refused_by_our_limit(tmp_path: Path) -> None:
    result = inspect_one(makers.bomb_png(tmp_path / "big.png", 13_000, 13_000), "png")
    assert codes(result) == {"WM205"}
    assert result.issues[0].params["pixels"] == "13000×13000"


def test_zip_bomb_docx_is_refused_before_inflating(tmp_path: Path) -> None:
    result = inspect_one(makers.zip_bomb_docx(tmp_path / "bomb.docx"), "docx")
    assert codes(result) == {"WM204"}
    assert "压缩比" in result.issues[0].params["reason"]


def test_zip_declaring_gigabytes_is_refused(tmp_path: Path) -> None:
    result = inspect_one(makers.lying_zip_docx(tmp_path / "lie.docx"), "docx")
    assert codes(result) == {"WM204"}


def test_xxe_docx_is_refused_without_expanding(tmp_path: Path) -> None:
    result = inspect_one(makers.xxe_docx(tmp_path / "xxe.docx"), "docx")
    assert codes(result) == {"WM206"}
    assert "chars" not in result.facts


def test_hostile_xlsx_is_refused(files: Any, tmp_path: Path) -> None:
    ledger = files.xlsx(tmp_path / "a.xlsx", ["日期", "内容"], [["2025-01-02", "巡查"]])
    bomb = makers.zip_bomb_docx(tmp_path / "bomb.xlsx", base=ledger)
    assert codes(inspect_one(bomb, "xlsx")) == {"WM204"}
    evil = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>')  # fmt: skip
    xxe = makers.with_member(tmp_path / "xxe.xlsx", ledger, "xl/worksheets/sheet1.xml", evil)
    assert codes(inspect_one(xxe, "xlsx")) == {"WM206"}


def test_password_protected_docx_is_encrypted_in_a_check(project: Any) -> None:
    ole2_file(project.path("evidence/区文明办/Ⅱ-3-2 我们的节日/活动方案", "方案.docx"),
              {"EncryptionInfo": b"\4\0" * 20, "EncryptedPackage": b"\0" * 200})  # fmt: skip
    run = project.check()
    assert "WM202" in run.codes("方案.docx")
    assert len(run.requirement("区文明办", "活动方案").accepted) == 0


def test_text_file_chars_and_captions(tmp_path: Path) -> None:
    path = tmp_path / "图片说明.txt"
    path.write_text("IMG_0001.jpg 2025年5月12日 幸福社区 志愿者开展垃圾分类宣传\n备注\n", encoding="gb18030")
    facts = inspect_one(path, "text").facts
    assert facts["captions"] == {"IMG_0001.jpg": "2025年5月12日 幸福社区 志愿者开展垃圾分类宣传"}
    assert facts["chars"] == 20


def test_copy_is_inspected_like_the_original(files: Any, tmp_path: Path) -> None:
    a = files.docx(tmp_path / "a.docx", [TEXT])
    b = tmp_path / "b.docx"
    shutil.copyfile(a, b)
    assert inspect_one(a, "docx") == inspect_one(b, "docx")
