"""`wenming import`: the city's 任务分解表 -> indicators/导入.yaml, with a preview of every parse."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from wenming_submit.atomic import write_text_atomic
from wenming_submit.catalog.dump import dump_indicators
from wenming_submit.catalog.importer import ImportResult, ParsedItem, import_table
from wenming_submit.catalog.load import load_catalog, sample_files
from wenming_submit.catalog.model import Material
from wenming_submit.cli import handle_errors
from wenming_submit.cli.options import project_option
from wenming_submit.config import load_config
from wenming_submit.errors import CatalogError, UsageError
from wenming_submit.evidence.formats import MATERIAL_KIND_LABELS
from wenming_submit.render.console import terminal_markup, terminal_text


def describe_material(material: Material) -> str:
    """`实景图片：图片 3～5 份，说明含 时间/地点/主题` — one line of the preview."""
    parts = ["/".join(MATERIAL_KIND_LABELS[str(k)] for k in material.kinds)]
    if material.max is not None:
        parts.append(f"{material.min}～{material.max} 份")
    elif material.min != 1:
        parts.append(f"≥{material.min} 份")
    if material.min_chars:
        parts.append(f"≥{material.min_chars} 字")
    if material.caption:
        parts.append("说明含 " + "/".join(material.caption))
    if material.match:
        parts.append("也认 " + "/".join(material.match))
    return f"{material.name}：{'，'.join(parts)}"


def _cell(text: str) -> Text:
    """Spreadsheet text (often pasted from Word) as a table cell: never markup, no terminal controls."""
    return Text(terminal_text(text))


def _print_mapping(result: ImportResult, console: Console) -> None:
    for sheet in result.sheets:
        console.print(f"工作表「{terminal_markup(sheet.sheet)}」{sheet.columns.rows_label}是表头，各列导入为：")
        table = Table()
        table.add_column("列", no_wrap=True)
        table.add_column("表头", overflow="fold")
        table.add_column("导入为", overflow="fold")
        for letter, header, label in sheet.mapping():
            style = "dim" if label.startswith("（未使用）") or "不导入" in label else ""
            table.add_row(letter, terminal_markup(header.replace("\n", " ")), terminal_markup(label), style=style)
        console.print(table)


def _print_item(item: ParsedItem, console: Console) -> None:
    """One indicator as a block of lines that wrap at any width (a table truncates every cell at 80 columns)."""
    ind = item.indicator
    units = "、".join(f"{u}（牵头）" if u == ind.lead else u for u in ind.units)
    if ind.lead and ind.lead not in ind.units:
        units = f"{ind.lead}（牵头）、{units}"
    rows = "、".join(str(r) for r in item.rows)
    code = ind.code + ("（自动编号）" if item.generated_code else "")
    console.print(f"[bold]{terminal_markup(code)}[/bold]  {terminal_markup(ind.title)}  [dim]（工作表「{terminal_markup(item.sheet)}」第 {rows} 行）[/dim]")
    console.print(f"    责任单位：{terminal_markup(units)}")
    if not ind.upload:
        console.print("    [cyan]不需网上申报（upload: false）：不建材料要求，不发催报通知[/cyan]")
    for number, material in enumerate(ind.materials, 1):
        console.print(f"    材料{number}　{terminal_markup(describe_material(material))}")
    for text in item.unparsed:
        console.print(f"    [yellow]未识别（原文保留在 YAML 中）：{terminal_markup(text)}[/yellow]")


def _print_preview(result: ImportResult, console: Console) -> None:
    console.print(f"共识别 {len(result.items)} 个指标，请逐项核对材料规则：")
    for item in result.items:
        console.print()
        _print_item(item, console)
    console.print()
    for note in result.notes:
        console.print(f"[yellow]注意：{terminal_markup(note)}[/yellow]")
    for name, places in result.undefined_groups.items():
        console.print(
            f"[yellow]注意：责任单位「{terminal_markup(name)}」（{terminal_markup('；'.join(places))}）像是一组单位，"
            "但 wenming.toml 的 [units.groups] 中没有定义它，已作为一个单位导入。要展开为具体单位，请在 "
            f"wenming.toml 中写明，例如：\n  \\[units.groups]\n  \"{terminal_markup(name)}\" = [\"东城街道\", \"西城街道\"]\n"
            "然后加 --force 重新导入。[/yellow]"
        )


DEFAULT_OUT = "导入.yaml"


def _header(result: ImportResult) -> str:
    sheets = "、".join(s.sheet for s in result.sheets)
    return (
        f"由 wenming import 从 {result.path.name}（工作表：{sheets}）导入，{dt.date.today().isoformat()}。\n"
        "materials 是从「材料要求」原文自动识别的，请逐项核对；原文保存在 requirement 和各材料的 note 中。\n"
        "字段说明见 wenming init 生成的 示例指标.yaml。"
    )


@click.command(name="import")
@click.argument("table", metavar="任务分解表", type=click.Path(path_type=Path, dir_okay=False))
@project_option
@click.option("--sheet", help="只导入这个工作表（默认：所有找得到表头的工作表）")
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="写入的指标目录文件，相对于项目文件夹（默认：indicators/导入.yaml）",
)
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="列名=字段",
    help="指定某列导入为哪个字段，可多次使用，如 --map 具体要求=材料要求 --map 负责人=忽略",
)
@click.option("--dry-run", is_flag=True, help="只显示识别结果，不写文件")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖它")
@handle_errors
def import_command(
    table: Path,
    project_dir: Path,
    sheet: str | None,
    out: Path | None,
    mapping: tuple[str, ...],
    dry_run: bool,
    force: bool,
) -> None:
    """从城市下发的任务分解表（.xlsx/.xls/.csv）导入指标目录。

    自动找到表头行，按列名识别编号、指标名称、测评标准、材料要求、责任单位等列，把材料要求原文识别成
    材料规则（图片几张、说明报告多少字、文件/台账/视频），写入前列出全部识别结果供核对。
    wenming init 生成的示例目录（示例指标.yaml）在写入后自动删除。
    """
    config, _ = load_config(project_dir)
    target = config.indicators_dir / DEFAULT_OUT if out is None else project_dir / out
    if target.exists() and not force and not dry_run:
        raise UsageError(f"{target} 已存在，未覆盖", hint="换一个 --out 文件名，或加 --force 覆盖")
    result = import_table(table, sheet=sheet, overrides=mapping, groups=config.unit_groups)
    console = Console()
    _print_mapping(result, console)
    _print_preview(result, console)
    folder = target.parent
    samples = [p for p in sample_files(sorted(folder.glob("*.y*ml"))) if p != target] if folder.is_dir() else []
    if dry_run:
        for sample in samples:
            console.print(f"将删除示例目录 {terminal_markup(str(sample))}。", soft_wrap=True)
        console.print("[cyan]试运行（--dry-run），未写入任何文件。[/cyan]")
        return
    write_text_atomic(target, dump_indicators(result.indicators, _header(result)))
    console.print(f"[green]已写入 {terminal_markup(str(target))}（{len(result.items)} 个指标）。[/green]", soft_wrap=True)
    for sample in samples:
        sample.unlink()
        console.print(f"已删除 wenming init 生成的示例目录 {terminal_markup(str(sample))}（由导入的目录取代）。", soft_wrap=True)
    try:
        load_catalog(folder, config.units, groups=config.unit_groups)
    except CatalogError as exc:
        console.print(
            f"[yellow]注意：{terminal_markup(str(folder))} 中的指标目录现在有问题，wenming check 会报错：\n{terminal_markup(str(exc))}[/yellow]"
        )
