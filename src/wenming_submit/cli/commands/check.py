"""`wenming check`: the completeness and format check."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click
from rich.console import Console

from wenming_submit.cli import handle_errors
from wenming_submit.cli.options import indicator_option, project_option, unit_option
from wenming_submit.cli.session import (
    check_with_progress,
    load_project,
    record_or_warn,
    refuse_inside_evidence,
    resolve_filters,
)
from wenming_submit.render.console import render_console
from wenming_submit.render.json_report import render_json


@click.command()
@project_option
@unit_option
@indicator_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["console", "json"]),
    default="console",
    show_default=True,
    help="输出格式：console 表格，json 供其他程序读取",
)
@click.option("--verbose", "-v", is_flag=True, help="同时列出提示级别的信息")
@click.option("--no-cache", is_flag=True, help="不使用检查缓存（output/.cache/），重新读取每个文件的内容")
@click.option("--no-history", is_flag=True, help="本次检查不记入进度历史（output/.history/）")
@click.option(
    "--xlsx",
    "xlsx_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="同时把检查结果写成 Excel（总览、单位进度、材料明细、问题清单），如 检查报告.xlsx",
)
@handle_errors
def check(
    project_dir: Path,
    unit: str | None,
    indicator: str | None,
    output_format: str,
    verbose: bool,
    no_history: bool,
    xlsx_path: Path | None,
    no_cache: bool,
) -> None:
    """检查材料是否齐全、格式是否合规。

    退出码：0 全部完整且无错误；1 有缺失或错误；2 无法运行（配置或目录有误）。
    """
    quiet = output_format == "json"
    project = load_project(project_dir, quiet=quiet)
    if xlsx_path is not None:
        refuse_inside_evidence(project.config, xlsx_path, "--xlsx")
    if no_cache:
        project = dataclasses.replace(project, use_cache=False)
    unit_name, code = resolve_filters(project, unit, indicator)
    result = check_with_progress(project, quiet=quiet)
    if not no_history:
        record_or_warn(project.config, result, "check")
    view = result.narrowed(unit=unit_name, indicator=code)
    if output_format == "json":
        click.echo(render_json(view))
    else:
        render_console(view, Console(), verbose=verbose)
    if xlsx_path is not None:
        from wenming_submit.history.store import load_trends
        from wenming_submit.render.xlsx import write_workbook

        # Compared with the recorded checks; with --no-history this result is the (unrecorded) last point.
        trends = load_trends(project.config, view, unit=unit_name, indicator=code)
        write_workbook(view, project.catalog, xlsx_path, project_root=project.config.root, trends=trends)
        click.echo(f"已写入 {xlsx_path}", err=True)
    sys.exit(view.exit_code)
