"""init → import → check → scaffold on a fresh project without editing a file (issue 13)."""

from __future__ import annotations

import datetime as dt
import json
import os
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from catalog.importer.taskbook_tables import city_roman
from wenming_submit.catalog.load import load_catalog
from wenming_submit.cli import main
from wenming_submit.errors import EXIT_CANNOT_RUN, EXIT_OK, EXIT_PROBLEMS, CatalogError


def run(*args: str | Path, columns: int = 200) -> Result:
    return CliRunner(env={"COLUMNS": str(columns)}).invoke(main, [str(a) for a in args], prog_name="wenming")


def test_init_import_check_scaffold_without_hand_edits(tmp_path: Path) -> None:
    project = tmp_path / "某某区2026创文"
    table = city_roman(tmp_path / "任务分解表.xlsx")
    assert run("init", project).exit_code == EXIT_OK
    sample = project / "indicators" / "示例指标.yaml"
    assert sample.is_file()

    imported = run("import", table, "-C", project)
    assert imported.exit_code == EXIT_OK, imported.output
    assert (project / "indicators" / "导入.yaml").is_file()
    assert not sample.exists() and "已删除" in imported.stdout and "示例指标.yaml" in imported.stdout
    assert not (Path.cwd() / "indicators" / "导入.yaml").exists()

    checked = run("check", "-C", project, "--format", "json")
    assert checked.exit_code == EXIT_PROBLEMS, checked.output  # nothing handed in yet: gaps, not a failure
    document = json.loads(checked.stdout)
    assert {r["indicator"] for r in document["requirements"]} == {"Ⅱ-3-2", "II-3-3", "Ⅲ-12-2"}
    assert all(r["status"] == "missing" for r in document["requirements"])

    scaffolded = run("scaffold", "-C", project)
    assert scaffolded.exit_code == EXIT_OK, scaffolded.output
    assert (project / "evidence" / "区文明办" / "Ⅱ-3-2 开展“我们的节日”主题活动" / "材料要求.txt").is_file()
    assert (project / "evidence" / "区交警大队" / "Ⅲ-12-2 交通秩序").is_dir()

    title = tomllib.loads((project / "wenming.toml").read_text(encoding="utf-8"))["project"]["title"]
    assert title == "某某区2026创文网上申报材料"


def test_a_kept_sample_next_to_a_real_catalogue_is_ignored_with_a_warning(tmp_path: Path) -> None:
    project = tmp_path / "p"
    assert run("init", project).exit_code == EXIT_OK
    assert run("import", city_roman(tmp_path / "表.xlsx"), "-C", project, "--out", "indicators/城市.yaml").exit_code == 0
    # A sample written again (say, copied back from another project) still gives way to the real catalogue.
    (project / "indicators" / "示例指标.yaml").write_text(
        (Path(__file__).parents[2] / "src/wenming_submit/templates/init/示例指标.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    result = run("check", "-C", project)
    assert result.exit_code == EXIT_PROBLEMS, result.output
    assert "示例指标.yaml 是 wenming init 生成的示例目录" in result.stderr


def test_the_sample_alone_is_the_catalogue(tmp_path: Path) -> None:
    assert run("init", tmp_path / "p").exit_code == EXIT_OK
    assert [i.code for i in load_catalog(tmp_path / "p" / "indicators").indicators] == ["Ⅱ-3-2"]


def test_codes_colliding_across_files_name_the_file_to_remove(tmp_path: Path) -> None:
    folder = tmp_path / "indicators"
    folder.mkdir()
    one = '- code: "Ⅱ-3-2"\n  title: 我们的节日\n  units: [区文明办]\n  materials: [{name: 活动方案}]\n'
    two = one + '- code: "Ⅱ-3-3"\n  title: 志愿服务\n  units: [团区委]\n  materials: [{name: 台账}]\n'
    (folder / "旧目录.yaml").write_text(one, encoding="utf-8")
    (folder / "导入.yaml").write_text(two, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(folder)
    (problem,) = caught.value.problems
    assert "指标编号「Ⅱ-3-2」重复" in problem.message
    assert problem.hint is not None and f"请删除 {folder / '旧目录.yaml'}" in problem.hint


def test_import_into_a_project_folder_elsewhere(tmp_path: Path) -> None:
    project = tmp_path / "项目"
    project.mkdir()
    table = city_roman(tmp_path / "表.xlsx")
    here = tmp_path / "别处"
    here.mkdir()
    cwd = Path.cwd()
    os.chdir(here)
    try:
        result = run("import", table, "-C", project)
    finally:
        os.chdir(cwd)
    assert result.exit_code == EXIT_OK, result.output
    assert (project / "indicators" / "导入.yaml").is_file() and not (here / "indicators").exists()
    again = run("import", table, "-C", project)
    assert again.exit_code == EXIT_CANNOT_RUN and "已存在" in again.stderr


def test_preview_wraps_at_80_columns_instead_of_truncating(tmp_path: Path) -> None:
    result = run("import", city_roman(tmp_path / "表.xlsx"), "-C", tmp_path, "--dry-run", columns=80)
    assert result.exit_code == EXIT_OK, result.output
    assert "…" not in result.stdout
    flat = result.stdout.replace("\n", "").replace(" ", "")
    for text in ("开展“我们的节日”主题活动", "区委宣传部（牵头）、区文明办、区教育局", "说明含时间/地点/主题",
                 "每月巡查不少于2次"):  # fmt: skip
        assert text in flat, text


def test_preview_warns_about_an_undefined_unit_group_and_the_toml_expands_it(tmp_path: Path) -> None:
    table = tmp_path / "表.csv"
    table.write_text("编号,指标名称,材料要求,责任单位\nⅡ-1,志愿服务,工作方案,各街道办事处\n", encoding="utf-8")
    result = run("import", table, "-C", tmp_path, "--dry-run")
    assert result.exit_code == EXIT_OK
    assert "「各街道办事处」" in result.stdout and "[units.groups]" in result.stdout
    (tmp_path / "wenming.toml").write_text('[units.groups]\n"各街道办事处" = ["东城街道", "西城街道"]\n', encoding="utf-8")
    result = run("import", table, "-C", tmp_path)
    assert result.exit_code == EXIT_OK, result.output
    assert "[units.groups]" not in result.stdout
    assert load_catalog(tmp_path / "indicators").indicators[0].units == ("东城街道", "西城街道")
    (tmp_path / "evidence").mkdir()
    checked = run("check", "-C", tmp_path, "--format", "json")
    assert {r["unit"] for r in json.loads(checked.stdout)["requirements"]} == {"东城街道", "西城街道"}


def test_groups_in_a_hand_written_catalogue_expand_on_load(tmp_path: Path) -> None:
    (tmp_path / "wenming.toml").write_text(
        '[units]\n"东城街道" = ["东城"]\n\n[units.groups]\n"各街道办事处" = ["东城街道", "西城街道"]\n', encoding="utf-8"
    )
    (tmp_path / "indicators").mkdir()
    (tmp_path / "indicators" / "a.yaml").write_text(
        '- code: "Ⅱ-1"\n  title: 志愿服务\n  units: [各街道办事处]\n  materials: [{name: 工作方案}]\n', encoding="utf-8"
    )
    (tmp_path / "evidence").mkdir()
    result = run("check", "-C", tmp_path, "--format", "json")
    assert result.exit_code == EXIT_PROBLEMS, result.output
    assert "未知的配置项" not in result.stderr
    assert [r["unit"] for r in json.loads(result.stdout)["requirements"]] == ["东城街道", "西城街道"]


@pytest.mark.parametrize(
    ("folder", "title"),
    [
        ("某某区2026创文", "某某区2026创文网上申报材料"),
        ("城东街道", f"城东街道{dt.date.today().year}年度创建全国文明城市网上申报材料"),
        ("某某区创文", f"某某区{dt.date.today().year}年度创文网上申报材料"),
        ("某某区2026年度创建全国文明城市网上申报材料", "某某区2026年度创建全国文明城市网上申报材料"),
    ],
)
def test_init_title_does_not_repeat_the_folder_name(tmp_path: Path, folder: str, title: str) -> None:
    assert run("init", tmp_path / folder).exit_code == EXIT_OK
    data = tomllib.loads((tmp_path / folder / "wenming.toml").read_text(encoding="utf-8"))
    assert data["project"]["title"] == title
