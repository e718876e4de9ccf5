"""The reviewer's measurements (issue 17) on files built for the purpose (scripts/review_samples.py):
each good/bad pair lands on opposite sides of the default threshold in `[review]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import review_samples as rs

from wenming_submit.config import ReviewSection
from wenming_submit.evidence.inspect import inspect_one
from wenming_submit.evidence.inspect.photo_quality import jpeg_quality
from wenming_submit.evidence.report_text import text_facts
from wenming_submit.evidence.sniff import sniff

RULES = ReviewSection()


def extra(path: Path) -> dict[str, Any]:
    inspected = inspect_one(path, sniff(path).format.id)
    assert inspected.issues == []
    return dict(inspected.facts["extra"])


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    t = tmp_path_factory.mktemp("photos")
    made = {
        "sharp": rs.sharp_photo(t / "sharp.jpg"),
        "blurred": rs.blurred_photo(t / "blurred.jpg"),
        "q95": rs.sharp_photo(t / "q95.jpg", quality=95),
        "q20": rs.sharp_photo(t / "q20.jpg", quality=20),
        "chat": rs.chat_copy(t / "chat.jpg"),
        "screenshot": rs.screenshot(t / "shot.png"),
        "watermarked": rs.watermarked_photo(t / "watermarked.jpg"),
    }
    return {name: extra(path)["review"] for name, path in made.items()}


def test_blur_separates_a_sharp_photo_from_its_blurred_copy(photos: dict[str, dict[str, Any]]) -> None:
    sharp, blurred = photos["sharp"], photos["blurred"]
    assert sharp["blur"] < 0.2 < RULES.blur_max <= 0.45 < 0.5 < blurred["blur"]
    assert sharp["sharpness"] > 100 * blurred["sharpness"]  # the Laplacian variance agrees
    assert sharp["work_size"] == "1024×768"  # measured at the fixed working size


def test_jpeg_quality_is_read_back_from_the_quantization_tables(photos: dict[str, dict[str, Any]]) -> None:
    assert photos["q95"]["jpeg_quality"] == 95
    assert photos["q20"]["jpeg_quality"] == 20
    assert photos["chat"]["jpeg_quality"] == 80
    assert photos["screenshot"].get("jpeg_quality") is None  # PNG
    assert jpeg_quality(None) is None and jpeg_quality({0: [1] * 64}) >= 99


def test_screenshot_size_is_recognised_only_for_phone_screens(photos: dict[str, dict[str, Any]]) -> None:
    assert photos["screenshot"]["screen_size"] == "1080×2340"
    assert all("screen_size" not in photos[name] for name in ("sharp", "chat", "watermarked"))


def test_watermark_band_stands_out_at_the_bottom(photos: dict[str, dict[str, Any]]) -> None:
    mark = photos["watermarked"]["overlay"]
    assert mark["bottom"] > 1.5 * RULES.overlay_min and mark["bottom"] > 10 * mark["middle"]
    for name in ("sharp", "q95", "chat", "blurred"):
        overlay = photos[name]["overlay"]
        assert max(overlay["top"], overlay["bottom"]) < RULES.overlay_min / 2, name


@pytest.mark.parametrize(("header", "seal"), [(True, True), (True, False), (False, True), (False, False)])
def test_scanned_notice_red_header_and_seal(tmp_path: Path, header: bool, seal: bool) -> None:
    official = extra(rs.scanned_notice(tmp_path / "通知.pdf", red_header=header, with_seal=seal))["official"]
    assert (official["red_header"] >= 10 * RULES.red_header_min) is header
    assert (official["red_header"] == 0) is not header
    assert (official["seal"]["circularity"] >= RULES.seal_min) is seal
    if seal:
        assert 0.15 < official["seal"]["diameter"] < 0.35  # a 4 cm seal on an A4 page


def test_a_red_rectangle_is_not_a_seal(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    page = Image.new("RGB", rs.A4, "white")
    ImageDraw.Draw(page).rectangle([700, 1200, 1000, 1500], outline=rs.RED, width=10)  # a square stamp
    ImageDraw.Draw(page).rectangle([200, 1300, 600, 1340], fill=rs.RED)  # a red line of text
    page.save(tmp_path / "stamp.pdf", "PDF", resolution=150)
    assert extra(tmp_path / "stamp.pdf")["official"]["seal"]["circularity"] < 0.5


def test_word_notice_red_header_is_its_red_title_run(tmp_path: Path) -> None:
    red = extra(rs.notice_docx(tmp_path / "红头.docx", red_header=True))
    plain = extra(rs.notice_docx(tmp_path / "无红头.docx", red_header=False, number=None, issuer=None))
    assert red["official"]["red_header_runs"] == 1 and plain["official"]["red_header_runs"] == 0
    assert red["report"]["doc_number"] == "示教发〔2026〕12号" and red["report"]["issuer"]
    assert plain["report"]["doc_number"] is None


def test_report_text_counts_data_sources_and_style() -> None:
    summary = text_facts("".join(rs.SUMMARY_REPORT))
    explanation = text_facts("".join(rs.EXPLANATION_REPORT))
    assert (summary["figures"], summary["dates"], summary["sources"]) == (0, 0, 0)
    assert explanation["figures"] >= 12 and explanation["dates"] >= 3 and explanation["sources"] >= 3
    assert explanation["statistics"] >= 10 and "1260场次" in explanation["statistic_examples"]
    assert summary["summary_phrases"] > 10 * max(summary["explanation_phrases"], 1)
    assert explanation["explanation_phrases"] > 10 and explanation["summary_phrases"] == 0
    vague = text_facts("组织开展活动二十余场次，参与群众三千余人次，发布信息四十余条。明确一名联络员。")
    assert (vague["figures"], vague["statistics"]) == (3, 0)  # 概数 are data, not statistics; “一名” is neither


def test_doc_number_forms() -> None:
    for text in ("示教发〔2026〕12号", "某发[2026]3号", "示政办（2025）第7号", "〔2026〕 12 号"):
        assert text_facts(f"关于印发的通知 {text} 各单位：").get("doc_number"), text
    assert text_facts("2026年12号楼").get("doc_number") is None


def test_status_bar_finds_a_screenshot_of_any_size_but_not_portrait_photos(tmp_path: Path) -> None:
    odd = extra(rs.screenshot(tmp_path / "odd.png", size=(1000, 2200)))["review"]
    assert odd.get("status_bar") is True and "screen_size" not in odd  # 1000 px is no phone width
    for seed in range(4):  # portrait photos without EXIF (a chat copy of a phone photo held upright)
        path = rs.save_jpeg(rs.scene(seed, (900, 1600)), tmp_path / f"portrait{seed}.jpg", exif=False)
        assert "status_bar" not in extra(path)["review"], seed


def test_a_photographed_notice_is_measured_like_a_scan_and_a_scene_is_no_page(tmp_path: Path) -> None:
    for header, seal in ((True, True), (False, False)):
        rs.notice_pages(red_header=header, with_seal=seal, pages=1)[0].save(tmp_path / "notice.jpg", quality=88)
        official = extra(tmp_path / "notice.jpg")["official"]
        assert (official["red_header"] >= RULES.red_header_min) is header
        assert (official["seal"]["circularity"] >= RULES.seal_min) is seal
    assert extra(rs.sharp_photo(tmp_path / "scene.jpg"))["official"]["page"] is False
