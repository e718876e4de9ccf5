"""Issue 13: ranges and bounds in 材料要求, items with nothing to hand in online, unit groups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from wenming_submit.catalog.importer import import_table
from wenming_submit.catalog.load import load_catalog
from wenming_submit.catalog.model import Indicator


def _table(path: Path, rows: list[list[Any]], header: list[str] | None = None) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["某某市创建全国文明城市网上申报任务分解表"])
    ws.append(header or ["序号", "测评内容", "测评方法", "网上申报具体要求", "责任单位"])
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def _photos(indicator: Indicator) -> tuple[int, int | None]:
    (material,) = indicator.materials
    assert material.kinds == ("image",)
    return material.min, material.max


PHRASES = [
    ("实景图片3-5张", (3, 5)),
    ("实景图片3～5张", (3, 5)),
    ("实景图片3~5张", (3, 5)),
    ("实景图片3至5张", (3, 5)),
    ("实景图片三至五张", (3, 5)),
    ("实景图片三到五张", (3, 5)),
    ("实景图片二至十张", (2, 10)),
    ("实景图片5张以上", (5, None)),
    ("实景图片五张以上", (5, None)),
    ("实景图片不少于5张", (5, None)),
    ("实景图片不少于十二张", (12, None)),
    ("实景图片至少5张", (5, None)),
    ("实景图片至少两张", (2, None)),
    ("实景图片不超过8张", (1, 8)),
    ("实景图片不超过二十张", (1, 20)),
    ("实景图片10张以内", (1, 10)),
]


@pytest.mark.parametrize(("text", "bounds"), PHRASES, ids=[p[0] for p in PHRASES])
def test_every_range_and_bound_phrasing(tmp_path: Path, text: str, bounds: tuple[int, int | None]) -> None:
    path = _table(tmp_path / "表.xlsx", [["Ⅱ-3-2", "我们的节日", "材料审核", text + "，注明时间、地点", "区文明办"]])
    (indicator,) = import_table(path).indicators
    assert _photos(indicator) == bounds
    assert indicator.materials[0].caption == ("时间", "地点")


def test_all_phrasings_in_one_table_round_trip_through_yaml(tmp_path: Path) -> None:
    from wenming_submit.catalog.dump import dump_indicators

    rows = [[f"Ⅱ-3-{n}", f"指标{n}", "材料审核", text, "区文明办"] for n, (text, _) in enumerate(PHRASES, 1)]
    indicators = import_table(_table(tmp_path / "表.xlsx", rows)).indicators
    assert [_photos(i) for i in indicators] == [bounds for _, bounds in PHRASES]
    folder = tmp_path / "indicators"
    folder.mkdir()
    (folder / "导入.yaml").write_text(dump_indicators(indicators), encoding="utf-8")
    assert "    max: 5\n" in (folder / "导入.yaml").read_text(encoding="utf-8")
    assert list(load_catalog(folder).indicators) == indicators


def test_video_and_document_counts(tmp_path: Path) -> None:
    path = _table(tmp_path / "表.xlsx", [["Ⅱ-3-2", "节日", "材料审核", "视频1-2段；工作总结不超过3份；说明报告不少于五百字", "区文明办"]])
    (indicator,) = import_table(path).indicators
    video, summary, report = indicator.materials
    assert (video.kinds, video.min, video.max) == (("video",), 1, 2)
    assert (summary.min, summary.max) == (1, 3)
    assert report.min_chars == 500 and report.max is None


def test_nothing_to_upload(tmp_path: Path) -> None:
    rows = [
        ["Ⅴ-1", "公共场所秩序", "实地考察", "实地考察，无需网上申报", "区公安分局"],
        ["Ⅴ-2", "窗口服务", "实地考察、问卷调查", "", "区政务服务中心"],
        ["Ⅴ-3", "交通秩序", "材料审核、实地考察", "实地考察为主，无需网上申报", "区交警大队"],
        ["Ⅴ-4", "志愿服务", "材料审核、实地考察", "工作方案", "区文明办"],
        ["Ⅴ-5", "公益广告", "实地考察", "公益广告实景图片5张", "区城管局"],
        ["Ⅴ-6", "网上申报", "网上申报", "", "区委宣传部"],
    ]
    result = import_table(_table(tmp_path / "表.xlsx", rows))
    upload = {i.code: i.upload for i in result.indicators}
    assert upload == {"Ⅴ-1": False, "Ⅴ-2": False, "Ⅴ-3": False, "Ⅴ-4": True, "Ⅴ-5": False, "Ⅴ-6": True}
    for ind in result.indicators:
        if not ind.upload:
            assert ind.materials == ()  # never a required 佐证材料
    assert result.indicators[0].requirement == "实地考察，无需网上申报"  # the text is kept
    # 实地考察 only, but the text names real materials: imported as upload: false, and the preview says why.
    assert any("Ⅴ-5" in note and "upload: false" in note for note in result.notes)
    assert not any("Ⅴ-1" in note for note in result.notes)


def test_unit_groups_expand_when_defined_and_are_reported_when_not(tmp_path: Path) -> None:
    rows = [
        ["Ⅱ-1", "志愿服务", "材料审核", "工作方案", "区文明办、各街道办事处"],
        ["Ⅱ-2", "文明家庭", "材料审核", "工作方案", "各镇（街道）"],
        ["Ⅱ-3", "道德讲堂", "材料审核", "工作方案", "各成员单位"],
    ]
    path = _table(tmp_path / "表.xlsx", rows)
    groups = {"各街道办事处": ["东城街道", "西城街道"], "各镇（街道）": ["东城街道", "西城街道", "南山镇"]}
    result = import_table(path, groups=groups)
    assert [i.units for i in result.indicators] == [
        ("区文明办", "东城街道", "西城街道"),
        ("东城街道", "西城街道", "南山镇"),
        ("各成员单位",),
    ]
    assert list(result.undefined_groups) == ["各成员单位"]
    assert result.undefined_groups["各成员单位"] == ["工作表「Sheet」第 5 行"]
    plain = import_table(path)
    assert set(plain.undefined_groups) == {"各街道办事处", "各镇（街道）", "各成员单位"}
    assert plain.indicators[0].units == ("区文明办", "各街道办事处")


def test_upload_column_from_an_exported_checklist_round_trips(tmp_path: Path) -> None:
    from wenming_submit.catalog.export import write_checklist

    rows = [
        ["Ⅴ-1", "公共场所秩序", "实地考察", "实地考察，无需网上申报", "区公安分局"],
        ["Ⅴ-4", "志愿服务", "材料审核", "实景图片3-5张", "区文明办"],
    ]
    indicators = import_table(_table(tmp_path / "表.xlsx", rows)).indicators
    checklist = write_checklist(indicators, tmp_path / "清单.xlsx", "清单")
    assert import_table(checklist).indicators == indicators
