"""wenming.toml that used to give internal errors: deep nesting, reference_docx outside or not a .docx,
a naming pattern asking for a billion-character field."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from wenming_submit.cli import main as cli
from wenming_submit.config import load_config, reference_docx_path
from wenming_submit.errors import ConfigError


def _project(tmp_path: Path, toml: str) -> Path:
    root = tmp_path / "项目"
    (root / "indicators").mkdir(parents=True)
    (root / "evidence").mkdir()
    (root / "indicators" / "目录.yaml").write_text(
        "- code: A-1\n  title: 一\n  units: [区教育局]\n  materials: [{name: 方案}]\n", encoding="utf-8"
    )
    (root / "wenming.toml").write_text(toml, encoding="utf-8")
    return root


def test_toml_nested_100k_deep_is_a_chinese_error(tmp_path: Path) -> None:
    root = _project(tmp_path, "a = " + "[" * 100_000 + "]" * 100_000 + "\n")
    result = CliRunner().invoke(cli, ["check", "-C", str(root)])
    assert result.exit_code == 2 and "嵌套过深" in result.output and "程序内部错误" not in result.output


@pytest.mark.parametrize("value", ["/etc/passwd", "../外面.docx"])
def test_reference_docx_outside_the_project_is_refused(tmp_path: Path, value: str) -> None:
    root = _project(tmp_path, f'[build]\nreference_docx = "{value}"\n')
    docx.Document().save(str(tmp_path / "外面.docx"))
    with pytest.raises(ConfigError, match="不在项目文件夹中"):
        reference_docx_path(load_config(root)[0])


def test_reference_docx_that_is_not_a_docx_is_refused_by_build(tmp_path: Path) -> None:
    root = _project(tmp_path, '[build]\nreference_docx = "模板.docx"\n')
    (root / "模板.docx").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "-C", str(root), "--allow-incomplete", "--no-toc"])
    assert result.exit_code == 2, result.output
    assert "不是 Word 文档" in result.output and "程序内部错误" not in result.output
    assert not any((root / "output").glob("*/网报材料汇编.docx"))


def test_reference_docx_that_is_a_real_docx_is_accepted(tmp_path: Path) -> None:
    root = _project(tmp_path, '[build]\nreference_docx = "模板.docx"\n')
    docx.Document().save(str(root / "模板.docx"))
    assert reference_docx_path(load_config(root)[0]) == (root / "模板.docx").resolve()


@pytest.mark.parametrize("pattern", ["{n:999999999}", "{code}_{unit:.99999}", "{n:>{n}}"])
def test_naming_pattern_with_an_absurd_width_is_refused_at_once(tmp_path: Path, pattern: str) -> None:
    root = _project(tmp_path, f'[naming]\npattern = "{pattern}"\n')
    for command in (["check"], ["build", "--allow-incomplete", "--no-toc"]):
        result = CliRunner().invoke(cli, [*command, "-C", str(root)])
        assert result.exit_code == 2, result.output
        assert "命名规则" in result.output and "程序内部错误" not in result.output


def test_naming_check_pattern_refuses_widths_too() -> None:
    from wenming_submit.assemble.naming import check_pattern

    with pytest.raises(ConfigError, match="宽度"):
        check_pattern("{code}_{n:0999d}")
    check_pattern("{code}_{unit}_{material}_{n:03d}")
