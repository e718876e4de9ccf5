"""`wenming notify` with hostile input: a project template that reaches for os.system, control characters
in file names and pasted catalogue text, a full disk."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner, Result

from wenming_submit.cli import main

NOTICES = Path("output") / "通知"
ESCAPES = [
    "{{ cycler.__init__.__globals__.os.system('touch ' ~ marker) }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ lipsum.__globals__['os'].system('touch ' ~ marker) }}",
    "{{ notice.__class__.__init__.__globals__ }}",
]


def run(*args: str | Path) -> Result:
    return CliRunner(env={"COLUMNS": "200"}).invoke(main, [str(a) for a in args])


@pytest.mark.parametrize(
    ("expression", "output_format"),
    [(ESCAPES[0], "text"), (ESCAPES[1], "docx"), (ESCAPES[2], "docx"), (ESCAPES[3], "text")],
)
def test_project_templates_run_sandboxed(project: Path, tmp_path: Path, expression: str, output_format: str) -> None:
    marker = tmp_path / "pwned"
    custom = project / "templates" / "notify"
    custom.mkdir(parents=True)
    body = expression.replace("marker", repr(str(marker)))
    name = "notice_text.j2" if output_format == "text" else "notice_docx.j2"
    template = body if output_format == "text" else "{% block title %}" + body + "{% endblock %}"
    (custom / name).write_text(template, encoding="utf-8")
    res = run("notify", "-C", project, "--no-history", "--format", output_format)
    assert res.exit_code == 2, res.output
    assert "通知模板试图访问不允许的内容" in res.output and name in res.output
    assert "Traceback" not in res.output and "程序内部错误" not in res.output
    assert not marker.exists()


def test_a_template_error_of_its_own_is_named(project: Path) -> None:
    custom = project / "templates" / "notify"
    custom.mkdir(parents=True)
    (custom / "notice_text.j2").write_text("{{ 1 // 0 }}", encoding="utf-8")
    res = run("notify", "-C", project, "--no-history", "--format", "text")
    assert res.exit_code == 2 and "通知模板运行出错" in res.output and "notice_text.j2" in res.output


def test_control_characters_in_names_and_catalogue_text(project: Path, files: Any) -> None:
    ev = project / "evidence" / "区教育局" / "Ⅱ-3-2 我们的节日" / "实景图片"
    files.jpeg(ev / "2026年2月10日 \x1b]0;标题\x07\x1b[2J 活动\x01\x0b.jpg", seed=3)
    (ev / "坏\x07照片.jpg").write_bytes(b"")
    catalog = project / "indicators" / "目录.yaml"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("title: 开展“我们的节日”主题活动", 'title: "开展\\v“我们的节日”\\x07主题活动"')
                       .replace("- name: 工作台账", '- name: "工作\\x1b台账"'), encoding="utf-8")  # fmt: skip
    res = run("notify", "-C", project, "--no-history")
    assert res.exit_code == 0, res.output
    assert "\x1b" not in res.output and "\x07" not in res.output
    document = docx.Document(str(project / NOTICES / "区教育局_催报整改通知.docx"))
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "坏\ufffd照片.jpg" in cells and "工作\ufffd台账" in cells
    res = run("notify", "-C", project, "--no-history", "--format", "text")
    assert res.exit_code == 0 and "\x1b" not in res.output and "工作\\x1b台账" in res.output


def test_a_full_disk_is_a_chinese_message(project: Path, monkeypatch: Any) -> None:
    import docx.document

    def full(self: object, path: str) -> None:
        Path(path).write_bytes(b"PK")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(docx.document.Document, "save", full)
    res = run("notify", "-C", project, "--no-history")
    assert res.exit_code == 2, res.output
    assert "磁盘空间不足" in res.output and "只剩" in res.output and " MB" in res.output
    assert "Traceback" not in res.output and "No space left" not in res.output
    assert not (project / NOTICES).exists()
    assert not [p for p in (project / "output").iterdir() if ".tmp-" in p.name]
