"""Promises about the project itself: every command is documented, code passes lint and strict typing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wenming_submit.cli import all_commands, main

ROOT = Path(__file__).resolve().parents[1]


def test_every_command_has_chinese_help_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all_commands(), "no sub-commands registered"
    for name, command in all_commands().items():
        assert command.help and any("\u4e00" <= ch <= "\u9fff" for ch in command.help), name
        assert f"`wenming {name}" in readme, f"README does not document `wenming {name}`"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in readme and "<!-- test-command -->" in ci
    block = readme.split("<!-- test-command -->", 1)[1].split("```")[1]
    assert "pytest" in block


@pytest.mark.slow
def test_ruff_is_clean() -> None:
    if shutil.which("ruff", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests", "scripts", "bench"],
                         cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.slow
def test_mypy_strict_is_clean() -> None:
    pytest.importorskip("mypy")
    run = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["check", "--format", "xml"], "选项 --format 的值「xml」无效，可选：console、json"),
        (["check", "--nope"], "没有这个选项：--nope"),
        (["nosuch"], "没有这个命令：nosuch"),
        (["init"], "缺少参数 项目文件夹"),
    ],
)
def test_usage_mistakes_are_reported_in_chinese_with_exit_2(args: list[str], expected: str) -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert expected in result.output and "用法错误" in result.output
    assert "Error:" not in result.output and "Traceback" not in result.output
