"""`wenming progress`: per unit, how things moved since the first check and since the last one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from wenming_submit.cli import handle_errors
from wenming_submit.cli.options import project_option, unit_option
from wenming_submit.cli.session import load_project, resolve_filters
from wenming_submit.history.store import (
    Snapshot,
    UnitTrend,
    load_snapshots,
    unit_trends,
)
from wenming_submit.render.console import terminal_text


def _delta(value: int, *, good_when_up: bool) -> Text:
    if value == 0:
        return Text("—", style="dim")
    good = (value > 0) == good_when_up
    return Text(f"{value:+d}", style="green" if good else "red")


def _local(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def render_progress(snapshots: list[Snapshot], trends: list[UnitTrend], console: Console) -> None:
    table = Table(
        title=f"进度趋势（共 {len(snapshots)} 次检查：{_local(snapshots[0].taken_at)} 至 {_local(snapshots[-1].taken_at)}）",
        title_justify="left",
    )
    table.caption = "缺失、错误：首次 → 最近；较上次、本周：新完成的项数"
    table.add_column("单位", overflow="fold", min_width=8)
    table.add_column("完成", justify="right", no_wrap=True)
    table.add_column("缺失", justify="right", no_wrap=True)
    table.add_column("部分", justify="right", no_wrap=True)
    table.add_column("错误", justify="right", no_wrap=True)
    table.add_column("较上次", justify="right", no_wrap=True)
    table.add_column("本周", justify="right", no_wrap=True)
    for t in trends:
        table.add_row(
            Text(terminal_text(t.unit)),
            f"{t.now.done}/{t.now.requirements}（{t.now.ratio:.0%}）",
            f"{t.first.missing} → {t.now.missing}",
            str(t.now.partial),
            f"{t.first.errors} → {t.now.errors}",
            _delta(t.now.done - t.previous.done, good_when_up=True),
            _delta(t.now.done - t.week_ago.done, good_when_up=True),
        )
    console.print(table)
    for t in trends:
        console.print(Text(terminal_text(t.line())), soft_wrap=True)


@click.command()
@project_option
@unit_option
@handle_errors
def progress(project_dir: Path, unit: str | None) -> None:
    """各单位材料进度的变化：与第一次检查、上一次检查、一周前相比。

    数据来自每次 wenming check 记录在 output/.history/ 中的快照。
    """
    project = load_project(project_dir)
    unit_name, _ = resolve_filters(project, unit, None)
    snapshots = load_snapshots(project.config, per_unit=True)
    console = Console()
    if not snapshots:
        console.print("还没有进度记录：请先运行 wenming check（每次检查会自动记录一次）。")
        return
    trends = unit_trends(snapshots, unit_name)
    if not trends:
        console.print(Text(f"最近一次检查中没有「{terminal_text(unit_name)}」的材料要求。"))
        return
    render_progress(snapshots, trends, console)
    if len(snapshots) == 1:
        console.print("[dim]只有一次检查记录，再检查一次后即可看到变化。[/dim]")
