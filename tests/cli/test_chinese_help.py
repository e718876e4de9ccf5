"""Every help page in Chinese, bare `wenming` prints the help and exits 0 (issue 13)."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner, Result

from wenming_submit.cli import all_commands, main

ENGLISH_BOILERPLATE = (
    "Usage:", "Options:", "Commands:", "Arguments:", "Positional arguments", "Show this message",
    "Show the version", "[default:", "default:", "[required]", "[OPTIONS]", "[ARGS]", "COMMAND", "env var",
)  # fmt: skip
ALLOWED_CAPS = {"JSON", "PDF", "HTML", "YAML", "XLSX", "CSV", "GBK", "UTF", "DOCX", "ZIP", "SHA", "WPS", "EXIF",
                "TOC", "YYYY", "MM", "DD"}  # fmt: skip
"""Upper-case words that are file formats or date patterns, not click's English metavars (TEXT, PATH…)."""


def run(*args: str, columns: int = 80) -> Result:
    return CliRunner(env={"COLUMNS": str(columns)}).invoke(main, list(args), prog_name="wenming")


def _english(text: str) -> list[str]:
    found = [word for word in ENGLISH_BOILERPLATE if word in text]
    found += [w for w in re.findall(r"\b[A-Z][A-Z_]{2,}\b", text) if w not in ALLOWED_CAPS]
    return found


@pytest.mark.parametrize("name", ["", *all_commands()])
def test_help_has_no_english_boilerplate(name: str) -> None:
    result = run(*([name] if name else []), "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("用法：wenming")
    assert "选项：" in result.stdout and "显示本帮助并退出。" in result.stdout
    assert _english(result.stdout) == [], result.stdout


def test_defaults_and_required_marks_are_chinese() -> None:
    out = run("check", "--help", columns=200).stdout
    assert "[默认：console]" in out and "[默认：.]" in out


def test_help_lines_fit_80_columns() -> None:
    from wenming_submit.cli import _width

    for name in ["", *all_commands()]:
        out = run(*([name] if name else []), "--help").stdout
        for line in out.splitlines():
            assert _width(line) <= 80, (name, line)


def test_bare_wenming_prints_help_and_exits_0() -> None:
    result = run()
    assert result.exit_code == 0, result.output
    assert "用法：wenming" in result.stdout and "命令：" in result.stdout and "import" in result.stdout
    assert "用法错误" not in result.output and result.stderr == ""


def test_version_in_chinese() -> None:
    result = run("--version")
    assert result.exit_code == 0 and "版本" in result.stdout and "version" not in result.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["scaffold", "--deadline", "下周"], "不是日期"),
        (["check", "--format", "xml"], "可选：console、json"),
        (["import"], "缺少参数"),
    ],
)
def test_usage_errors_are_chinese(args: list[str], words: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert words in result.stderr and _english(result.stderr) == [], result.stderr
