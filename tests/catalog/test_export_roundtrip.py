"""import -> YAML -> load_catalog, and export-checklist -> import, give back the same catalogue."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import yaml
from click.testing import CliRunner
from importer.taskbook_tables import city_dotted, city_reordered, city_roman

from wenming_submit.catalog.dump import dump_indicators
from wenming_submit.catalog.export import display_width, write_checklist
from wenming_submit.catalog.importer import import_table
from wenming_submit.catalog.load import load_catalog
from wenming_submit.catalog.model import Indicator
from wenming_submit.cli import main

MAKERS = (city_roman, city_reordered, city_dotted)


def _all_tables(folder: Path) -> list[Indicator]:
    return [ind for make in MAKERS for ind in import_table(make(folder / f"{make.__name__}.xlsx")).indicators]


def test_yaml_loads_back_to_the_same_indicators(tmp_path: Path) -> None:
    indicators = _all_tables(tmp_path)
    folder = tmp_path / "indicators"
    folder.mkdir()
    text = dump_indicators(indicators, "由测试导入\n第二行")
    (folder / "导入.yaml").write_text(text, encoding="utf-8")
    assert list(load_catalog(folder).indicators) == indicators
    assert text.startswith("# 由测试导入\n# 第二行\n")
    assert "实景图片" in text and "\\u" not in text  # readable Chinese, not escapes
    first = yaml.safe_load(text)[0]
    assert list(first) == ["code", "title", "category", "content", "standard", "method", "lead", "units",
                           "deadline", "requirement", "materials"]  # fmt: skip
    assert "  units: [区委宣传部, 区文明办, 区教育局]" in text


def test_init_example_round_trips(tmp_path: Path, repo_root: Path) -> None:
    example = repo_root / "src/wenming_submit/templates/init/示例指标.yaml"
    original = load_catalog(_folder_with(example, tmp_path / "a")).indicators
    dumped = tmp_path / "b"
    dumped.mkdir()
    (dumped / "x.yaml").write_text(dump_indicators(original), encoding="utf-8")
    assert load_catalog(dumped).indicators == original


def _folder_with(file: Path, folder: Path) -> Path:
    folder.mkdir(parents=True)
    shutil.copy(file, folder / file.name)
    return folder


def test_checklist_reimports_to_the_same_catalogue(tmp_path: Path, repo_root: Path) -> None:
    example = load_catalog(
        _folder_with(repo_root / "src/wenming_submit/templates/init/示例指标.yaml", tmp_path / "e")
    )
    indicators = [*_all_tables(tmp_path), *example.indicators[1:]]  # example's Ⅱ-3-2 repeats the table's
    out = write_checklist(indicators, tmp_path / "清单.xlsx", "某某区指标清单")
    assert import_table(out).indicators == indicators


def test_checklist_is_formatted_for_print(tmp_path: Path) -> None:
    indicators = _all_tables(tmp_path)
    weird = indicators[0].model_copy(update={"title": '=HYPERLINK("x")', "per_unit": False})
    out = write_checklist([weird, *indicators[1:]], tmp_path / "清单.xlsx", "某某区指标清单")
    ws = openpyxl.load_workbook(out)["指标清单"]
    headers = [c.value for c in ws[2]]
    assert headers[:4] == ["编号", "测评类别", "测评项目", "指标名称"]
    assert "材料规则" in headers and "责任单位" in headers
    assert ws["A1"].value == "某某区指标清单"
    assert ws.freeze_panes == "B3"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == "$2:$2"
    assert ws["A2"].font.bold and ws.cell(3, headers.index("测评标准") + 1).alignment.wrap_text
    title_cell = ws.cell(3, headers.index("指标名称") + 1)
    assert title_cell.value == '=HYPERLINK("x")' and title_cell.data_type == "s"
    assert ws.cell(3, headers.index("各单位分别提交") + 1).value == "否"
    width = ws.column_dimensions["D"].width
    # 10 CJK characters need 20 columns (capped at 18), not the 12 a len()-based width would give
    assert display_width("未成年人思想道德建设") == 20 and width == 18
    reimported = import_table(out).indicators
    assert reimported[0].title == '=HYPERLINK("x")' and reimported[0].per_unit is False


def test_cli_import_then_export_then_import(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    runner = CliRunner(env={"COLUMNS": "200"})  # rich wraps table cells to the terminal width
    assert runner.invoke(main, ["init", str(project)]).exit_code == 0
    (project / "indicators" / "示例指标.yaml").unlink()
    table = city_roman(tmp_path / "任务分解表.xlsx")
    out = project / "indicators" / "导入.yaml"
    result = runner.invoke(main, ["import", str(table), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "第 3 行是表头" in result.output and "网上申报具体要求" in result.output
    assert "每月巡查不少于2次" in result.output  # unparsed text shown in the preview
    assert out.exists()
    before = out.read_bytes()
    again = runner.invoke(main, ["import", str(table), "--out", str(out)])
    assert again.exit_code == 2 and "已存在" in again.output and out.read_bytes() == before
    assert runner.invoke(main, ["import", str(table), "--out", str(out), "--force"]).exit_code == 0
    dry = runner.invoke(main, ["import", str(table), "--out", str(tmp_path / "none.yaml"), "--dry-run"])
    assert dry.exit_code == 0 and not (tmp_path / "none.yaml").exists()
    assert not list((project / "indicators").glob(".wenming-*"))  # no temp file left behind

    sheet = tmp_path / "清单.xlsx"
    result = runner.invoke(main, ["export-checklist", str(sheet), "-C", str(project)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["export-checklist", str(sheet), "-C", str(project)]).exit_code == 2
    catalogue = load_catalog(project / "indicators")
    assert import_table(sheet).indicators == list(catalogue.indicators)
