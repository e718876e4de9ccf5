"""Hostile text end to end: control characters and terminal escapes in file names and in catalogue text
pasted from Word (check, check --xlsx, build); a full disk while writing; one crash log per crash."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import docx
import openpyxl
from click.testing import CliRunner, Result

from testkit.core import Proj
from wenming_submit.cli import main

SRC = Path(__file__).resolve().parents[2] / "src"
PHOTOS = "区文明办/Ⅱ-3-2 我们的节日/实景图片"
HOSTILE = "2026年3月7日 \x1b]0;PWNED\x07\x1b[2J\x1b[31m 活动\x01\x0b[/bold].jpg"


def run(*args: str | Path) -> Result:
    return CliRunner(env={"COLUMNS": "200"}).invoke(main, [str(a) for a in args])


def _hostile(proj: Proj) -> None:
    proj.complete()
    proj.photo(f"{PHOTOS}/{HOSTILE}", seed=7)
    proj.raw(f"{PHOTOS}/坏\x07\x1b照片\u202egpj.jpg", b"")
    catalog = next((proj.root / "indicators").glob("*.yaml"))
    text = catalog.read_text(encoding="utf-8")
    text = text.replace("title: 开展“我们的节日”主题活动", 'title: "开展\\v“我们的节日”\\x07主题活动\\f"')
    text = text.replace("- name: 说明报告", '- name: "说明\\x1b报告"').replace("match: [情况报告]", "match: [说明报告]")
    catalog.write_text(text, encoding="utf-8")


def _clean(output: str) -> None:
    assert "Traceback" not in output and "程序内部错误" not in output, output
    assert not {"\x1b", "\x07", "\x01", "\x0b", "\u202e"} & set(output), repr(output)


def test_check_escapes_names_on_the_console(proj: Proj) -> None:
    _hostile(proj)
    res = run("check", "-C", proj.root, "-v", "--no-history")
    assert res.exit_code == 1, res.output
    _clean(res.output)
    assert "\\x1b]0;PWNED\\x07\\x1b[2J" in res.output  # visible, harmless
    assert "坏\\x07\\x1b照片\\u202egpj.jpg" in res.output and "说明\\x1b报告" in res.output


def test_check_xlsx_writes_such_names(proj: Proj, tmp_path: Path) -> None:
    _hostile(proj)
    report = tmp_path / "检查报告.xlsx"
    res = run("check", "-C", proj.root, "--no-history", "--xlsx", report)
    assert res.exit_code == 1, res.output
    _clean(res.output)
    wb = openpyxl.load_workbook(report)
    values = {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value}
    text = "\n".join(values)
    assert "坏\ufffd\ufffd照片\u202egpj.jpg" in text and "说明\ufffd报告" in text
    assert "开展\n“我们的节日”\ufffd主题活动\n" in text  # Word's \v and \f line/page breaks: new lines


def test_build_writes_such_names(proj: Proj) -> None:
    _hostile(proj)
    res = run("build", "-C", proj.root, "--no-toc", "--no-history", "--allow-incomplete")
    assert res.exit_code == 1, res.output
    _clean(res.output)
    folder = next(p for p in (proj.root / "output").iterdir() if p.is_dir() and not p.name.startswith("."))
    document = docx.Document(str(folder / "网报材料汇编.docx"))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "说明\ufffd报告" in body
    names = {str(c.value) for ws in openpyxl.load_workbook(folder / "网报材料清单.xlsx").worksheets
             for row in ws.iter_rows() for c in row if c.value}  # fmt: skip
    assert any("PWNED" in n and "\ufffd" in n for n in names)
    assert run("verify", folder).exit_code == 0


FULL_DISK = """
import errno, sys
sys.path.insert(0, {src!r})
import openpyxl.writer.excel as excel

def full(self, ws):
    raise OSError(errno.ENOSPC, "No space left on device")

excel.ExcelWriter.write_worksheet = full
from wenming_submit.cli import main
if __name__ == "__main__":
    sys.argv = ["wenming", "check", "-C", {root!r}, "--no-history", "--xlsx", {out!r}]
    main()
"""


def test_a_full_disk_while_writing_the_workbook(proj: Proj, tmp_path: Path) -> None:
    proj.complete()
    script = tmp_path / "full_disk.py"
    script.write_text(FULL_DISK.format(src=str(SRC), root=str(proj.root), out=str(tmp_path / "r.xlsx")))
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "磁盘空间不足" in proc.stderr and "只剩" in proc.stderr
    assert "Exception ignored" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert not (tmp_path / "r.xlsx").exists()


def test_a_full_disk_anywhere_else_is_a_chinese_message(proj: Proj, monkeypatch: Any) -> None:
    proj.complete()
    from wenming_submit.cli.commands import check as check_command

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(proj.root / "output" / "x"))

    monkeypatch.setattr(check_command, "record_or_warn", full)
    res = run("check", "-C", proj.root)
    assert res.exit_code == 2 and "磁盘空间不足" in res.output and "所在磁盘只剩" in res.output
    assert "No space" not in res.output and "Traceback" not in res.output


def test_every_crash_gets_its_own_log(proj: Proj, tmp_path: Path, monkeypatch: Any) -> None:
    proj.complete()
    from wenming_submit.cli.commands import check as check_command

    def bug(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(check_command, "render_console", bug)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    outputs = []
    for _ in range(3):
        res = run("check", "-C", proj.root, "--no-history")
        assert res.exit_code == 2 and "程序内部错误" in res.output
        outputs.append(res.output)
    logs = sorted(tmp_path.glob("wenming-crash-*.log"))
    assert len(logs) == 3
    assert all(f"-{os.getpid()}" in log.name for log in logs)
    assert all("ZeroDivisionError: a bug" in log.read_text(encoding="utf-8") for log in logs)
    assert [next(str(log) for log in logs if str(log) in out) for out in outputs] == [str(log) for log in logs]


def test_messages_naming_such_files_are_not_markup(proj: Proj) -> None:
    proj.complete()
    for text in ("[/x]", "[bold]粗[/bold]", "\x1b[2J"):
        proj.raw(f"{PHOTOS}/{text}.jpg", b"")
    res = run("build", "-C", proj.root, "--no-toc", "--no-history")
    assert res.exit_code == 1, res.output
    _clean(res.output)


def test_import_preview_shows_pasted_text_safely(tmp_path: Path) -> None:
    table = tmp_path / "任务书.csv"
    table.write_text("编号,指标名称,责任单位,材料要求\n"
                     "Ⅱ-3-2,我们的节日[/x]\x1b]0;标题\x07,区文明办,活动方案[bold]、实景图片\x1b[2J\n",
                     encoding="utf-8")  # fmt: skip
    res = run("import", table, "--out", tmp_path / "目录.yaml")
    assert res.exit_code == 0, res.output
    _clean(res.output)
    assert "我们的节日[/x]" in res.output
