"""`wenming scaffold`: create evidence/<单位>/<编号 指标名称>/ folders with a 材料要求.txt in each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from wenming_submit.cli import handle_errors
from wenming_submit.cli.options import date_type, project_option, unit_option
from wenming_submit.cli.session import load_project, resolve_filters
from wenming_submit.project.scaffold import scaffold as make_scaffold


@click.command()
@project_option
@unit_option
@click.option(
    "--deadline",
    type=date_type,
    metavar="YYYY-MM-DD",
    help="没有写完成时间的指标，在材料要求.txt 中写的截止日期（如 2026-06-30）",
)
@handle_errors
def scaffold(project_dir: Path, unit: str | None, deadline: dt.datetime | None) -> None:
    """为每个责任单位建好材料文件夹，每个文件夹里放一份“材料要求.txt”。

    已有的文件夹和文件不会改动；重新运行只补建新增的部分（例如指标目录更新之后）。
    """
    project = load_project(project_dir)
    unit_name, _ = resolve_filters(project, unit, None)
    result = make_scaffold(
        project.config, project.catalog, unit=unit_name, deadline=deadline.date() if deadline else None
    )
    root = project.config.root
    for path in result.created_dirs:
        click.echo(f"  新建文件夹 {path.relative_to(root)}")
    click.echo(
        f"新建 {len(result.created_dirs)} 个文件夹、{len(result.created_files)} 份材料要求.txt；"
        f"{len(result.existing)} 份材料要求.txt 已存在，未改动。"
    )
    for name, folder in result.renamed_units.items():
        click.secho(
            f"注意：单位名「{name}」含 Windows 不允许的字符，文件夹名用「{folder}」；"
            f"请在 wenming.toml 的 [units] 中把「{folder}」加为「{name}」的别名。",
            fg="yellow",
        )
