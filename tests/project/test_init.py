"""`wenming init`: a new project that loads and checks at once; never overwrites an existing one."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from click.testing import CliRunner

from wenming_submit.catalog.load import load_catalog
from wenming_submit.cli import main
from wenming_submit.config import load_config
from wenming_submit.errors import EXIT_CANNOT_RUN, EXIT_PROBLEMS


def test_init_creates_a_working_project(tmp_path: Path) -> None:
    target = tmp_path / "示范区创文"
    result = CliRunner().invoke(main, ["init", str(target), "--title", "示范区2026年度创文材料"])
    assert result.exit_code == 0, result.output
    assert "已创建项目" in result.stdout
    for rel in ("wenming.toml", "indicators/示例指标.yaml", "使用说明.txt"):
        assert (target / rel).is_file(), rel
    assert (target / "evidence").is_dir() and not any((target / "evidence").iterdir())
    assert (target / "output").is_dir()

    data = tomllib.loads((target / "wenming.toml").read_text(encoding="utf-8"))
    assert data["project"]["title"] == "示范区2026年度创文材料"
    assert data["naming"]["pattern"] == "{code}_{unit}_{material}_{n:02d}"
    year = dt.date.today().year
    assert (data["period"]["start"], data["period"]["end"]) == (dt.date(year, 1, 1), dt.date(year, 12, 31))
    config, warnings = load_config(target)
    assert warnings == [] and config.project.title == "示范区2026年度创文材料"

    catalog = load_catalog(target / "indicators")
    assert [ind.code for ind in catalog.indicators] == ["Ⅱ-3-2"]
    guide = (target / "使用说明.txt").read_text(encoding="utf-8")
    assert "示范区2026年度创文材料" in guide and "wenming check" in guide and "无此项工作说明" in guide

    check = CliRunner().invoke(main, ["check", "-C", str(target)])
    assert check.exit_code == EXIT_PROBLEMS  # every material is still missing
    assert "缺失" in check.stdout


def test_default_title_uses_the_folder_name(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "城东街道")])
    assert result.exit_code == 0
    title = tomllib.loads((tmp_path / "城东街道" / "wenming.toml").read_text(encoding="utf-8"))["project"][
        "title"
    ]
    assert title == f"城东街道{dt.date.today().year}年度创建全国文明城市网上申报材料"


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "p"
    assert CliRunner().invoke(main, ["init", str(target)]).exit_code == 0
    toml = target / "wenming.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "# 我的修改\n", encoding="utf-8")
    before = toml.read_bytes()
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == EXIT_CANNOT_RUN
    assert "已经是一个 wenming 项目" in result.stderr and "Traceback" not in result.output
    assert toml.read_bytes() == before


def test_init_on_a_file_is_exit_2(tmp_path: Path) -> None:
    target = tmp_path / "p.txt"
    target.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == EXIT_CANNOT_RUN
    assert "不是文件夹" in result.stderr


def test_init_keeps_existing_evidence(tmp_path: Path) -> None:
    target = tmp_path / "p"
    photo = target / "evidence" / "区文明办" / "a.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8\xff")
    assert CliRunner().invoke(main, ["init", str(target)]).exit_code == 0
    assert photo.read_bytes() == b"\xff\xd8\xff"


def test_init_does_not_overwrite_files_left_from_before(tmp_path: Path) -> None:
    target = tmp_path / "p"
    catalogue = target / "indicators" / "示例指标.yaml"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text("# 我自己的目录\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 0
    assert catalogue.read_text(encoding="utf-8") == "# 我自己的目录\n"
    assert "示例指标.yaml" not in result.stdout and (target / "wenming.toml").is_file()
