"""Free-text 材料要求 -> material rules; codes and cells as cities write them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from wenming_submit.catalog.codes import normalize_code, split_leading_code, tidy_code
from wenming_submit.catalog.importer.cells import parse_deadline, split_methods, split_units
from wenming_submit.catalog.importer.columns import guess_field
from wenming_submit.catalog.importer.requirements_text import parse_requirement


def _rules(text: str) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in m.model_dump(exclude_defaults=True, exclude={"note"}).items()}
        for m in parse_requirement(text).materials
    ]


CASES: list[tuple[str, list[dict[str, Any]], list[str]]] = [
    ("实景图片5张以上，注明时间、地点、主题",
     [{"name": "实景图片", "kinds": ("image",), "min": 5, "caption": ("时间", "地点", "主题")}], []),
    ("说明报告500字", [{"name": "说明报告", "kinds": ("document",), "min_chars": 500}], []),
    ("文件通知/制度文件", [{"name": "文件通知", "kinds": ("document", "pdf"), "match": ("制度文件",)}], []),
    ("台账/统计表", [{"name": "台账", "kinds": ("spreadsheet",), "match": ("统计表",)}], []),
    ("视频", [{"name": "视频", "kinds": ("video",)}], []),
    ("1.活动方案；2.实景图片3张以上（注明时间、地点、人物、主题）；3.情况说明，不少于300字",
     [{"name": "活动方案", "kinds": ("document", "pdf")},
      {"name": "实景图片", "kinds": ("image",), "min": 3, "caption": ("时间", "地点", "人物", "主题")},
      {"name": "情况说明", "kinds": ("document",), "min_chars": 300}], []),
    ("活动方案及实景图片五张以上",
     [{"name": "活动方案", "kinds": ("document", "pdf")}, {"name": "实景图片", "kinds": ("image",), "min": 5}], []),
    ("开展情况说明（300字以内）", [{"name": "开展情况说明", "kinds": ("document",)}], []),
    ("照片或视频", [{"name": "照片", "kinds": ("image", "video"), "match": ("视频",)}], []),
    ("视频1段；巡查台账，每月巡查不少于2次",
     [{"name": "视频", "kinds": ("video",)}, {"name": "巡查台账", "kinds": ("spreadsheet",)}], ["每月巡查不少于2次"]),
    ("按要求提供佐证材料", [{"name": "佐证材料"}], []),
    ("每月开展不少于2次巡查活动", [], ["每月开展不少于2次巡查活动"]),
    ("实景照片2组，工作总结1份", [{"name": "实景照片", "kinds": ("image",), "min": 2},
                                  {"name": "工作总结", "kinds": ("document",)}], []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "rules", "unparsed"), CASES, ids=[c[0][:12] for c in CASES])
def test_requirement_text(text: str, rules: list[dict[str, Any]], unparsed: list[str]) -> None:
    assert _rules(text) == rules
    assert parse_requirement(text).unparsed == unparsed


def test_each_material_keeps_its_clause_verbatim() -> None:
    parsed = parse_requirement("1.活动方案；2.实景图片5张以上，注明时间、地点、主题")
    assert [m.note for m in parsed.materials] == ["活动方案", "实景图片5张以上，注明时间、地点、主题"]


def test_repeated_names_are_numbered() -> None:
    assert [m.name for m in parse_requirement("实景图片3张；实景图片5张").materials] == [
        "实景图片",
        "实景图片2",
    ]


@pytest.mark.parametrize(
    ("raw", "tidy"),
    [("Ⅱ-3-2", "Ⅱ-3-2"), ("II—3—2", "II-3-2"), ("3.2.1", "3.2.1"), ("Ⅲ-12 2)", "Ⅲ-12-2"), ("Ⅲ-12（2）", "Ⅲ-12-2"),
     ("３．２．１．", "3.2.1"), ("Ⅱ - 3 - 2", "Ⅱ-3-2"), ("7.0", "7"), ("Ⅳ－２", "Ⅳ-2"), ("第三项", None), ("", None)],
)  # fmt: skip
def test_tidy_code(raw: str, tidy: str | None) -> None:
    assert tidy_code(raw) == tidy
    if raw in ("Ⅱ-3-2", "II—3—2", "3.2.1", "Ⅱ - 3 - 2", "Ⅳ－２"):
        assert normalize_code(tidy) == normalize_code(raw)  # still the same code for the check


def test_split_leading_code() -> None:
    assert split_leading_code("Ⅱ-3-2 开展活动") == ("Ⅱ-3-2", "开展活动")
    assert split_leading_code("3.2.1、志愿服务") == ("3.2.1", "志愿服务")
    assert split_leading_code("1、志愿服务") is None  # list numbering, not a code
    assert split_leading_code("2025年工作总结") is None


def test_unit_cells() -> None:
    cell = "区委宣传部（牵头）\n区文明办、区教育局；各镇（街道），团区委 区交警大队(牵头)"
    units = split_units(cell)
    assert units.units == ("区委宣传部", "区文明办", "区教育局", "各镇（街道）", "团区委", "区交警大队")
    assert units.leads == ("区委宣传部", "区交警大队")
    assert split_units("牵头单位：区卫健委").leads == ("区卫健委",)


def test_method_and_deadline_cells() -> None:
    assert split_methods("1)材料审核 2)材料审核、问卷调查") == ("材料审核", "问卷调查")
    assert parse_deadline("2026年6月底") == dt.date(2026, 6, 30)
    assert parse_deadline("2026年2月底前") == dt.date(2026, 2, 28)
    assert parse_deadline("2026.6.30") == dt.date(2026, 6, 30)
    assert parse_deadline("2026-06-30前完成") == dt.date(2026, 6, 30)
    assert parse_deadline("长期坚持") is None


@pytest.mark.parametrize(
    ("header", "field"),
    [("序号", "code"), ("指标\n编号", "code"), ("网上申报具体要求", "requirement"), ("报送要求", "requirement"),
     ("责任单位（牵头单位列首位）", "units"), ("牵头单位", "lead"), ("配合单位", "partners"), ("负责人", "contact"),
     ("完成时间", "deadline"), ("报送时间", "deadline"), ("测评项目", "category"), ("测评内容", "content"),
     ("测评标准", "standard"), ("指标名称", "title"), ("测评方法", "method"), ("备注", None)],
)  # fmt: skip
def test_header_words(header: str, field: str | None) -> None:
    assert guess_field(header) == field
