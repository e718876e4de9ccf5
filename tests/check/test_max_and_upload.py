"""Issue 13: a material's `max` (too many files is a warning) and indicators with `upload: false`."""

from __future__ import annotations

from pathlib import Path

from testkit.core import Proj, findings, requirement
from wenming_submit.check.result import Status
from wenming_submit.findings.registry import Severity


def _set_catalog(proj: Proj, old: str, new: str) -> None:
    path = proj.root / "indicators" / "目录.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_more_files_than_max_is_a_warning_not_a_gap(proj: Proj) -> None:
    _set_catalog(proj, "        min: 2\n", "        min: 2\n        max: 3\n")
    proj.complete()
    for seed in (3, 4):
        proj.photo(
            f"区文明办/Ⅱ-3-2 我们的节日/实景图片/2026年3月{seed}日 广场 元宵节活动{seed}.jpg", seed=40 + seed
        )
    result = proj.check()
    req = requirement(result, "Ⅱ-3-2", "区文明办", "实景图片")
    assert (req.status, req.found) == (Status.complete, 4)
    (too_many,) = findings(result, "WM104")
    assert (too_many.kind, too_many.severity, too_many.unit, too_many.material) == (
        "insufficient", Severity.warning, "区文明办", "实景图片")  # fmt: skip
    assert "4 份" in too_many.message and "最多 3 份" in too_many.message
    assert result.exit_code == 0  # a warning never makes the check fail


def test_exactly_max_files_is_fine(proj: Proj) -> None:
    _set_catalog(proj, "        min: 2\n", "        min: 2\n        max: 2\n")
    proj.complete()
    assert findings(proj.check(), "WM104") == []


def test_upload_false_makes_no_requirement(proj: Proj) -> None:
    _set_catalog(
        proj,
        "    title: 网格化创建巡查\n",
        "    title: 网格化创建巡查\n    upload: false\n",
    )
    result = proj.check()
    assert {r.indicator for r in result.requirements} == {"Ⅱ-3-2"}
    assert not [f for f in result.findings if f.indicator == "Ⅲ—12"]


def test_upload_false_without_materials_loads(proj: Proj) -> None:
    path = proj.root / "indicators" / "实地考察.yaml"
    path.write_text(
        '- code: "Ⅴ-1"\n  title: 公共场所秩序\n  units: [区公安分局]\n  upload: false\n', encoding="utf-8"
    )
    result = proj.check()
    assert not [r for r in result.requirements if r.unit == "区公安分局"]
    assert not [f for f in result.findings if f.unit == "区公安分局"]


def test_upload_false_is_listed_in_the_overview_and_gets_no_notice(proj: Proj, tmp_path: Path) -> None:
    import openpyxl

    from wenming_submit.notify.notices import plan_notices
    from wenming_submit.project import open_project
    from wenming_submit.render.xlsx import write_workbook

    path = proj.root / "indicators" / "实地考察.yaml"
    path.write_text(
        '- code: "Ⅴ-1"\n  title: 公共场所秩序\n  units: [区公安分局]\n  upload: false\n', encoding="utf-8"
    )
    result = proj.check()
    assert "区公安分局" not in {n.unit for n in plan_notices(result).notices}
    workbook = write_workbook(
        result, open_project(proj.root).catalog, tmp_path / "清单.xlsx", project_root=proj.root
    )
    rows = [[c.value for c in row] for row in openpyxl.load_workbook(workbook)["总览"].iter_rows()]
    row = next(r for r in rows if r[0] == "Ⅴ-1")
    assert "不需网上申报" in row and "区公安分局" in row
