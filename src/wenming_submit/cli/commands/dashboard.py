"""`wenming dashboard`: check, then write output/进度看板.html (one file, works offline)."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from wenming_submit.cli import handle_errors
from wenming_submit.cli.options import project_option
from wenming_submit.cli.session import (
    check_with_progress,
    load_project,
    record_or_warn,
    refuse_inside_evidence,
    stderr,
)
from wenming_submit.history.store import HistoryError, load_snapshots
from wenming_submit.render.dashboard import DASHBOARD_FILE, render_dashboard, write_dashboard


@click.command()
@project_option
@click.option(
    "--output",
    "-o",
    "output",
    type=click.Path(path_type=Path, dir_okay=False),
    help=f"输出文件（默认 output/{DASHBOARD_FILE}）",
)
@click.option("--no-history", is_flag=True, help="本次检查不记入进度历史")
@handle_errors
def dashboard(project_dir: Path, output: Path | None, no_history: bool) -> None:
    """生成进度看板（一个 HTML 文件，不联网即可打开、发送或打印）。

    包含总体完成率、各单位进度（从低到高）、单位 × 指标矩阵、完成率趋势和可筛选的问题清单。
    """
    project = load_project(project_dir)
    if output is not None:
        refuse_inside_evidence(project.config, output, "--output")
    result = check_with_progress(project)
    if not no_history:
        record_or_warn(project.config, result, "dashboard")
    try:
        snapshots = load_snapshots(project.config, per_unit=True)
    except HistoryError as exc:
        stderr.print(f"[yellow]注意：无法读取进度历史（{exc.message}），看板中不显示趋势[/yellow]")
        snapshots = []
    titles = {ind.code: ind.title for ind in project.catalog.indicators}
    html = render_dashboard(result, snapshots, titles=titles)
    target = write_dashboard(html, output or project.config.output_dir / DASHBOARD_FILE)
    s = result.summary
    Console().print(
        f"已生成进度看板：{target}（{len(html.encode('utf-8')) / 1024:.0f} KB；"
        f"材料项 {s.requirements}，缺失 {s.missing}，问题 {len(result.findings)} 条）"
    )
