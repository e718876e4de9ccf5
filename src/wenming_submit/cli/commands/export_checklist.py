"""`wenming export-checklist`: the catalogue as a formatted Excel table that `wenming import` reads back."""

from __future__ import annotations

from pathlib import Path

import click

from wenming_submit.catalog.export import write_checklist
from wenming_submit.cli import handle_errors
from wenming_submit.cli.options import project_option
from wenming_submit.cli.session import load_project
from wenming_submit.errors import UsageError


@click.command(name="export-checklist")
@click.argument("out", metavar="清单.xlsx", type=click.Path(path_type=Path, dir_okay=False))
@project_option
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖它")
@handle_errors
def export_checklist(out: Path, project_dir: Path, force: bool) -> None:
    """把指标目录导出为 Excel 清单（任务分解表的样式，可打印，可再用 wenming import 导入）。"""
    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"输出文件 {out} 应以 .xlsx 结尾")
    if out.exists() and not force:
        raise UsageError(f"{out} 已存在，未覆盖", hint="换一个文件名，或加 --force 覆盖")
    project = load_project(project_dir)
    indicators = project.catalog.indicators
    write_checklist(indicators, out, f"{project.config.project.title}指标清单")
    click.echo(f"已写入 {out}（{len(indicators)} 个指标，{len(project.catalog.units)} 个责任单位）。")
