"""Assignment of a file to unit, indicator and material (DESIGN §3)."""

from __future__ import annotations

import pytest

from testkit.core import Proj, findings
from wenming_submit.catalog.model import Catalog, Indicator, Material
from wenming_submit.evidence.assign import Assigner
from wenming_submit.evidence.model import Role

MATERIALS = (
    Material(name="活动方案", kinds=("document", "pdf")),
    Material(name="实景图片", kinds=("image",), min=5),
    Material(name="说明报告", kinds=("document",), match=("情况报告",)),
    Material(name="巡查台账", kinds=("spreadsheet",), match=("台账", "巡查记录")),
)
CATALOG = Catalog(
    indicators=(
        Indicator(code="Ⅱ-3-2", title="我们的节日", units=("区文明办", "区教育局"), materials=MATERIALS),
        Indicator(code="Ⅱ-3", title="社会风尚", units=("区文明办",), materials=MATERIALS[:1]),
        Indicator(code="Ⅲ—12", title="网格化巡查", units=("区城管局",), materials=MATERIALS[3:]),
    ),
    aliases={
        "区文明办": "区文明办",
        "区教育局": "区教育局",
        "教育局": "区教育局",
        "区城管局": "区城管局",
        "区教育局团委": "区教育局团委",
    },
)
ASSIGNER = Assigner(CATALOG)


@pytest.mark.parametrize(
    ("segment", "unit"),
    [
        ("区教育局", "区教育局"),
        ("教育局", "区教育局"),  # alias
        (" 教育局 ", "区教育局"),
        ("01区教育局", "区教育局"),  # numbered
        ("03-区城管局（联络员张三）", "区城管局"),  # numbered and annotated
        ("区教育局团委", "区教育局团委"),  # the longest spelling wins
        ("区卫健委", None),
        ("局", None),
    ],
)
def test_unit_of(segment: str, unit: str | None) -> None:
    assert ASSIGNER.unit_of(segment) == unit


@pytest.mark.parametrize(
    ("segments", "unit", "code", "depth"),
    [
        (["区文明办", "Ⅱ-3-2 我们的节日", "a.jpg"], "区文明办", "Ⅱ-3-2", 1),
        (["教育局", "II—3—2 我们的节日", "实景图片", "a.jpg"], "区教育局", "Ⅱ-3-2", 1),
        (["区文明办", "2026年材料", "社会风尚", "Ⅱ-3-2 节日", "a.jpg"], "区文明办", "Ⅱ-3-2", 3),  # any depth
        (["区文明办", "Ⅱ-3 社会风尚", "a.docx"], "区文明办", "Ⅱ-3", 1),  # the shorter code at a boundary
        (["区文明办", "Ⅱ－３－２活动方案.docx"], "区文明办", "Ⅱ-3-2", 1),  # code in the file name
        (["区城管局", "Ⅲ-12 巡查", "台账.xlsx"], "区城管局", "Ⅲ—12", 1),
        (["区文明办", "工作总结.docx"], "区文明办", None, None),
        (["区卫健委", "Ⅱ-3-2 我们的节日", "a.jpg"], None, "Ⅱ-3-2", 1),
        (["资料", "区文明办", "Ⅱ-3-2 节日", "a.jpg"], "区文明办", "Ⅱ-3-2", 2),  # unit below a wrapper folder
    ],
)
def test_place(segments: list[str], unit: str | None, code: str | None, depth: int | None) -> None:
    placement = ASSIGNER.place(segments)
    assert placement.unit == unit
    assert (placement.indicator.code if placement.indicator else None) == code
    assert placement.indicator_depth == depth


IND = CATALOG.indicators[0]


@pytest.mark.parametrize(
    ("sub", "fmt", "material"),
    [
        (["实景图片", "a.jpg"], "jpeg", "实景图片"),  # by sub-folder
        (["活动方案.docx"], "docx", "活动方案"),  # by name
        (["2026年“我们的节日”活动方案（定稿）.pdf"], "pdf", "活动方案"),
        (["情况报告.pdf"], "pdf", "说明报告"),  # by a match keyword
        (["巡查记录2026.xlsx"], "xlsx", "巡查台账"),
        (["IMG_1234.jpg"], "jpeg", "实景图片"),  # the only material that takes images
        (["统计.xlsx"], "xlsx", "巡查台账"),  # the only material that takes spreadsheets
        (["会议纪要.docx"], "docx", None),  # fits 活动方案 and 说明报告: cannot tell
        (["实景图片", "活动方案.docx"], "docx", "活动方案"),  # the file name (closest) wins over the folder
        (["活动方案", "照片", "a.jpg"], "jpeg", "活动方案"),  # the nearest named folder wins
    ],
)
def test_material_of(sub: list[str], fmt: str, material: str | None) -> None:
    found = Assigner.material_of(IND, sub, fmt)
    assert (found.name if found else None) == material


def test_scan_assigns_by_alias_numbered_folder_and_depth(proj: Proj) -> None:
    proj.photo("01教育局/2026年/Ⅱ－3－2 我们的节日/实景图片/2026年3月5日 学校 元宵.jpg")
    proj.docx("文明办（联络员李娜）/Ⅱ-3-2/活动方案.docx")
    proj.xlsx("区城管局/Ⅲ-12 巡查/巡查台账2026.xlsx")
    result = proj.check()
    placed = {f.rel.split("/")[1]: f for f in result.files}
    photo = placed["01教育局"]
    assert (photo.unit, photo.unit_folder, photo.indicator, photo.material) == (
        "区教育局", "01教育局", "Ⅱ-3-2", "实景图片",
    )  # fmt: skip
    assert photo.indicator_folder == "evidence/01教育局/2026年/Ⅱ－3－2 我们的节日"
    plan = placed["文明办（联络员李娜）"]
    assert (plan.unit, plan.indicator, plan.material) == ("区文明办", "Ⅱ-3-2", "活动方案")
    ledger = placed["区城管局"]
    assert (ledger.unit, ledger.indicator, ledger.material) == ("区城管局", "Ⅲ—12", "巡查台账")
    assert not [f for f in result.findings if f.kind in ("unassigned", "unknown-unit")]


def test_waiver_for_the_whole_item_and_for_one_material(proj: Proj) -> None:
    proj.pdf("区文明办/Ⅱ-3-2 我们的节日/无此项工作说明.pdf")
    proj.docx("区教育局/Ⅱ-3-2 我们的节日/活动方案.docx")
    proj.pdf("区教育局/Ⅱ-3-2 我们的节日/实景图片/实景图片无此项工作说明.pdf")
    result = proj.check()
    waivers = {f.unit: f for f in result.files if f.role is Role.waiver}
    assert waivers["区文明办"].material_scope is None
    assert waivers["区教育局"].material_scope == "实景图片"
    statuses = {(r.unit, r.material): r.status.value for r in result.requirements if r.indicator == "Ⅱ-3-2"}
    assert statuses == {
        ("区文明办", "活动方案"): "waived", ("区文明办", "实景图片"): "waived", ("区文明办", "说明报告"): "waived",
        ("区教育局", "活动方案"): "complete", ("区教育局", "实景图片"): "waived", ("区教育局", "说明报告"): "missing",
    }  # fmt: skip
    waived = findings(result, "WM103")
    assert len(waived) == 4 and all(f.severity.value == "info" for f in waived)
    req = next(r for r in result.requirements if r.unit == "区教育局" and r.material == "实景图片")
    assert req.waiver == "evidence/区教育局/Ⅱ-3-2 我们的节日/实景图片/实景图片无此项工作说明.pdf"
    # A waiver is not evidence: it is not counted and not flagged as a wrong type.
    assert not findings(result, "WM120")


def test_files_are_enough_even_with_a_waiver(proj: Proj) -> None:
    proj.complete()
    proj.pdf("区文明办/Ⅱ-3-2 我们的节日/无此项工作说明.pdf")
    result = proj.check()
    assert {r.status.value for r in result.requirements} == {"complete"}


def test_not_responsible_unit_is_a_warning(proj: Proj) -> None:
    proj.xlsx("区教育局/Ⅲ—12 巡查/巡查台账.xlsx")
    (finding,) = findings(proj.check(), "WM112")
    assert finding.severity.value == "warning" and finding.unit == "区教育局" and finding.indicator == "Ⅲ—12"


def test_per_unit_false_counts_any_responsible_unit(proj: Proj) -> None:
    catalog = proj.root / "indicators" / "目录.yaml"
    text = catalog.read_text(encoding="utf-8").replace(
        "    lead: 区文明办\n", "    lead: 区文明办\n    per_unit: false\n"
    )
    catalog.write_text(text, encoding="utf-8")
    proj.docx("区教育局/Ⅱ-3-2 我们的节日/活动方案.docx")
    result = proj.check()
    plan = [r for r in result.requirements if r.indicator == "Ⅱ-3-2" and r.material == "活动方案"]
    assert len(plan) == 1
    assert (plan[0].unit, plan[0].status.value, plan[0].files) == (
        "区文明办", "complete", ("evidence/区教育局/Ⅱ-3-2 我们的节日/活动方案.docx",),
    )  # fmt: skip
