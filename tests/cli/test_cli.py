"""`wenming check` through click's CliRunner: exit codes, JSON contract, narrowing, Chinese errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from testkit.core import Proj
from wenming_submit.check.run import run_check
from wenming_submit.cli import all_commands, main
from wenming_submit.errors import EXIT_CANNOT_RUN, EXIT_OK, EXIT_PROBLEMS
from wenming_submit.project import open_project


def run(*args: str | Path) -> Result:
    # A wide terminal so that the summary line is not wrapped.
    return CliRunner(env={"COLUMNS": "200"}).invoke(main, [str(a) for a in args])


def check_json(proj: Proj, *args: str) -> tuple[int, dict[str, Any]]:
    result = run("check", "-C", proj.root, "--format", "json", *args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def test_exit_0_when_complete(proj: Proj) -> None:
    proj.complete()
    result = run("check", "-C", proj.root)
    assert result.exit_code == EXIT_OK, result.output
    assert "共 8 项材料要求：完整 8，部分 0，缺失 0，免报 0" in result.stdout
    assert "区文明办（3/3 项完成）" in result.stdout


def test_exit_1_with_gaps_and_the_report_in_chinese(proj: Proj) -> None:
    proj.complete()
    (proj.root / "evidence" / "区文明办" / "Ⅱ-3-2 我们的节日" / "活动方案.docx").unlink()
    proj.raw("区文明办/Ⅱ-3-2 我们的节日/~$说明报告.docx", b"x")
    result = run("check", "-C", proj.root)
    assert result.exit_code == EXIT_PROBLEMS
    out = result.stdout
    for text in ("缺失", "WM101", "缺少材料「活动方案」", "WM131", "问题清单", "完整 7，部分 0，缺失 1"):
        assert text in out, text
    assert "Traceback" not in result.output


def test_json_contract_shape(proj: Proj) -> None:
    proj.complete()
    (
        proj.root
        / "evidence"
        / "区教育局"
        / "Ⅱ-3-2 我们的节日"
        / "实景图片"
        / "2026年3月6日 社区 元宵节活动.jpg"
    ).unlink()
    for path in (proj.root / "evidence" / "区城管局" / "Ⅲ—12 网格化创建巡查").rglob("*.*"):
        path.unlink()
    proj.pdf("区城管局/Ⅲ—12 网格化创建巡查/无此项工作说明.pdf")
    proj.raw("区文明办/Ⅱ-3-2 我们的节日/empty.pdf", b"")
    code, doc = check_json(proj)
    assert code == EXIT_PROBLEMS
    assert {"version", "project", "summary", "requirements", "findings"} <= set(doc)
    assert set(doc) <= {"version", "project", "summary", "requirements", "findings", "files"}  # files: optional
    for entry in doc.get("files", []):
        assert {"path", "role", "unit", "indicator", "material", "format", "assigned_by", "reason"} <= set(entry)
    assert doc["version"] == 1
    assert doc["project"] == {
        "title": "测试区2026年度创文网上申报材料",
        "period": ["2025-11-01", "2026-10-31"],
    }
    summary_keys = ("requirements", "complete", "partial", "missing", "waived", "files", "errors", "warnings")
    assert set(doc["summary"]) == set(summary_keys)
    assert all(type(doc["summary"][k]) is int for k in summary_keys)
    assert doc["summary"]["partial"] == 1
    for req in doc["requirements"]:
        assert {"indicator", "unit", "material", "status", "required", "found", "files"} <= set(req)
        assert set(req) <= {"indicator", "unit", "material", "status", "required", "found", "files", "accepted",
                            "counted", "waiver"}
        assert req["status"] in ("complete", "partial", "missing", "waived")
        assert type(req["required"]) is int and type(req["found"]) is int
        assert isinstance(req["files"], list) and all(f.startswith("evidence/") for f in req["files"])
        assert req["found"] == len(req["files"])
    partial = next(r for r in doc["requirements"] if r["status"] == "partial")
    assert (partial["indicator"], partial["unit"], partial["material"]) == ("Ⅱ-3-2", "区教育局", "实景图片")
    assert (partial["required"], partial["found"]) == (2, 1)
    waived = [r for r in doc["requirements"] if r["status"] == "waived"]
    assert waived and all(r["waiver"].endswith("无此项工作说明.pdf") for r in waived)
    finding_keys = {"code", "kind", "severity", "path", "indicator", "unit", "material", "message", "hint"}
    for finding in doc["findings"]:
        assert set(finding) == finding_keys
        assert finding["severity"] in ("error", "warning", "info")
        assert finding["code"].startswith("WM") and finding["message"] and finding["hint"]
        assert finding["path"] is None or finding["path"].startswith("evidence/")
    empty = next(f for f in doc["findings"] if f["code"] == "WM130")
    assert (empty["kind"], empty["path"]) == ("empty", "evidence/区文明办/Ⅱ-3-2 我们的节日/empty.pdf")


def test_json_equals_the_library_result(proj: Proj) -> None:
    proj.complete()
    proj.docx("区文明办/Ⅱ-3-2 我们的节日/会议纪要.docx")
    _, doc = check_json(proj)
    assert doc == json.loads(json.dumps(run_check(open_project(proj.root)).to_json(), ensure_ascii=False))


def test_unit_narrowing_by_alias_and_indicator_by_another_spelling(proj: Proj) -> None:
    proj.complete()
    (proj.root / "evidence" / "区文明办" / "Ⅱ-3-2 我们的节日" / "活动方案.docx").unlink()
    (proj.root / "evidence" / "区教育局" / "Ⅱ-3-2 我们的节日" / "活动方案.docx").unlink()
    code, doc = check_json(proj, "--unit", "教育局", "--indicator", "II—3—2")
    assert code == EXIT_PROBLEMS
    assert {(r["unit"], r["indicator"]) for r in doc["requirements"]} == {("区教育局", "Ⅱ-3-2")}
    assert len(doc["requirements"]) == 3
    assert [(f["code"], f["unit"]) for f in doc["findings"]] == [("WM101", "区教育局")]
    code, doc = check_json(proj, "--unit", "区城管局")
    assert code == EXIT_OK  # the narrowed view decides the exit code
    assert {r["indicator"] for r in doc["requirements"]} == {"Ⅲ—12"}
    code, doc = check_json(proj, "-i", "Ⅲ-12")
    assert code == EXIT_OK and len(doc["requirements"]) == 2


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--unit", "区卫健委", "没有名为「区卫健委」的责任单位"),
        ("--indicator", "Ⅸ-9-9", "没有编号为「Ⅸ-9-9」"),
    ],
)
def test_unknown_filter_is_exit_2_in_chinese(proj: Proj, option: str, value: str, words: str) -> None:
    proj.complete()
    result = run("check", "-C", proj.root, option, value)
    assert result.exit_code == EXIT_CANNOT_RUN
    assert words in result.stderr and "错误：" in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


def test_bad_catalogue_is_exit_2_with_file_line_and_field(proj: Proj) -> None:
    catalog = proj.root / "indicators" / "目录.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("min: 2", "min: -1"), encoding="utf-8")
    result = run("check", "-C", proj.root)
    assert result.exit_code == EXIT_CANNOT_RUN
    assert "目录.yaml，第 14 行，字段 第1项（Ⅱ-3-2）.materials[2].min：" in result.stderr
    assert "应不小于 0" in result.stderr and "Traceback" not in result.output


def test_bad_config_is_exit_2(proj: Proj) -> None:
    (proj.root / "wenming.toml").write_text(
        "[period]\nstart = 2026-10-31\nend = 2025-11-01\n", encoding="utf-8"
    )
    result = run("check", "-C", proj.root)
    assert result.exit_code == EXIT_CANNOT_RUN
    assert "wenming.toml，第 1 行" in result.stderr and "早于开始日期" in result.stderr


@pytest.mark.parametrize("what", ["missing", "file"])
def test_evidence_folder_problems_are_exit_2(proj: Proj, what: str) -> None:
    (proj.root / "evidence").rmdir()
    if what == "file":
        (proj.root / "evidence").write_text("x", encoding="utf-8")
    result = run("check", "-C", proj.root)
    assert result.exit_code == EXIT_CANNOT_RUN
    assert ("找不到材料文件夹" if what == "missing" else "但它是一个文件") in result.stderr


def test_missing_project_folder_is_exit_2(tmp_path: Path) -> None:
    result = run("check", "-C", tmp_path / "nowhere")
    assert result.exit_code == EXIT_CANNOT_RUN
    assert "Traceback" not in result.output


def test_every_command_has_help() -> None:
    for name, command in all_commands().items():
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert command.help, name
