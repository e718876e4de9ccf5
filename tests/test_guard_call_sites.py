"""Every per-file step runs under the guard: one file that breaks a step becomes a finding (or a marked row
or notice) for that file, and the others are handled as usual. Each test breaks the step for one file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from wenming_submit.assemble import package
from wenming_submit.assemble.package import write_package
from wenming_submit.assemble.package_plan import plan_package
from wenming_submit.evidence import scan as scan_module
from wenming_submit.notify import notices
from wenming_submit.project import open_project
from wenming_submit.render.xlsx import sheets, write_workbook

BAD = "区教育局/Ⅱ-3-2 我们的节日/实景图片/2026年3月5日 广场 元宵节活动.jpg"


def _break_for(name: str, real: Any) -> Any:
    def broken(*args: Any, **kwargs: Any) -> Any:
        if any(name in str(a) for a in args) or any(name in str(getattr(a, "name", "")) for a in args):
            raise IndexError("library bug")
        return real(*args, **kwargs)

    return broken


def test_scan_sniff_crash_is_a_finding_for_that_file(proj: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    proj.complete()
    monkeypatch.setattr(scan_module, "sniff", _break_for(BAD, scan_module.sniff))
    result = proj.check()
    bad = [f for f in result.findings if f.path and f.path.endswith(BAD)]
    assert [f.code for f in bad] == ["WM208"]
    assert len(result.files) == 10  # every other file scanned as usual


def test_package_copy_failure_is_a_build_finding(proj: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    proj.complete()
    project = open_project(proj.root)
    result = proj.check()
    entries = plan_package(result, project.catalog, project.config)
    monkeypatch.setattr(package, "clone_or_copy", _break_for(BAD, package.clone_or_copy))
    packed = write_package(entries, tmp_path)
    assert len(packed.files) == len(entries) - 1
    failed = [f for f in packed.findings if f.code == "WM404"]
    assert len(failed) == 1 and failed[0].path and failed[0].path.endswith(BAD) and "上报材料包" in failed[0].message
    assert not any(BAD in p.path for p in packed.files)


def test_a_broken_xlsx_row_is_marked_and_the_others_written(proj: Any, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    proj.complete()
    project = open_project(proj.root)
    result = proj.check()
    monkeypatch.setattr(sheets, "_size_text", _break_for(BAD, sheets._size_text))
    path = tmp_path / "清单.xlsx"
    write_workbook(result, project.catalog, path, project_root=proj.root)
    ws = openpyxl.load_workbook(path)["材料明细"]
    texts = ["\t".join(str(c) for c in row if c is not None) for row in ws.iter_rows(values_only=True)]
    assert sum("本行生成出错" in t for t in texts) == 1
    assert sum("已计入" in t for t in texts) >= 9


def test_a_unit_whose_notice_breaks_still_gets_one(proj: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    proj.raw("区教育局/Ⅱ-3-2 我们的节日/活动方案.docx", b"not a docx")
    proj.raw("区文明办/Ⅱ-3-2 我们的节日/活动方案.docx", b"not a docx")
    project = open_project(proj.root)
    result = proj.check()
    plan = notices.plan_notices(result)
    real = notices.notice_document

    def broken(parts: dict[str, list[str]], items: Any) -> Any:
        if any("区教育局" in line for line in parts.get("addressee", [])) and items:
            raise ValueError("All strings must be XML compatible")
        return real(parts, items)

    monkeypatch.setattr(notices, "notice_document", broken)
    written = notices.write_docx_notices(plan, project.config, deadline=dt.date(2026, 12, 15),
                                         today=dt.date(2026, 11, 29))  # fmt: skip
    assert len(written) == len(plan.notices) >= 2
    import docx

    texts = {p.name: "\n".join(x.text for x in docx.Document(str(p)).paragraphs) for p in written}
    edu = next(t for n, t in texts.items() if "区教育局" in n)
    assert "未能写入通知" in edu
    assert all("未能写入通知" not in t for n, t in texts.items() if "区教育局" not in n)


def test_check_json_stays_json_when_a_reader_prints(proj: Any, tmp_path: Path) -> None:
    """xlrd prints "WARNING *** file size …" to stdout for a truncated .xls; `check --format json` must stay
    JSON (workers' stdout goes nowhere)."""
    import json
    import shutil
    import subprocess
    import sys

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is needed to make a real .xls")
    source = proj.xlsx("区城管局/Ⅲ—12 网格化创建巡查/巡查台账.xlsx")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "xls",
                    "--outdir", str(tmp_path), str(source)], capture_output=True, timeout=180, check=True)  # fmt: skip
    source.unlink()
    data = (tmp_path / "巡查台账.xls").read_bytes()
    proj.raw("区城管局/Ⅲ—12 网格化创建巡查/巡查台账.xls", data[: len(data) - 5])
    done = subprocess.run([sys.executable, "-c", "from wenming_submit.cli import main; main()", "check",
                           "--format", "json", "--no-history", "-C", str(proj.root)],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["version"] == 1
    assert "WARNING" not in done.stdout + done.stderr
