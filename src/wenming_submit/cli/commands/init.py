"""`wenming init`: create a new project folder."""

from __future__ import annotations

from pathlib import Path

import click

from wenming_submit.cli import handle_errors
from wenming_submit.project.init import init_project


@click.command()
@click.argument("folder", metavar="项目文件夹", type=click.Path(path_type=Path))
@click.option("--title", help="项目标题（默认：<文件夹名><年份>年度创建全国文明城市网上申报材料）")
@handle_errors
def init(folder: Path, title: str | None) -> None:
    """新建一个项目文件夹：设置文件、示例指标目录、evidence/ 和 output/。"""
    written = init_project(folder, title=title)
    click.echo(f"已创建项目 {folder}：")
    for path in written:
        click.echo(f"  {path}")
    click.echo(
        f"下一步：wenming import 任务分解表.xlsx -C {folder} 导入城市的任务分解表（会取代示例目录），"
        f"然后 wenming scaffold -C {folder} 为各单位建好材料文件夹，材料放齐后运行 wenming check -C {folder}。"
    )
