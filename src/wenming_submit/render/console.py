"""The console report of `wenming check`: per unit, per indicator, every problem, one summary line."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from wenming_submit.check.registry import SEVERITY_LABELS
from wenming_submit.check.result import STATUS_LABELS, CheckResult, Requirement

STATUS_STYLES = {"complete": "green", "partial": "yellow", "missing": "bold red", "waived": "cyan"}
SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "dim"}


def _status(req: Requirement) -> Text:
    return Text(STATUS_LABELS[req.status.value], style=STATUS_STYLES[req.status.value])


def _unit_table(unit: str, reqs: list[Requirement]) -> Table:
    done = sum(1 for r in reqs if r.status.value in ("complete", "waived"))
    table = Table(title=f"{unit}（{done}/{len(reqs)} 项完成）", title_justify="left", expand=False)
    table.add_column("指标", no_wrap=True)
    table.add_column("材料", overflow="fold")
    table.add_column("状态", no_wrap=True)
    table.add_column("份数", justify="right", no_wrap=True)
    last = None
    for req in reqs:
        table.add_row(req.indicator if req.indicator != last else "", req.material, _status(req),
                      f"{req.found}/{req.required}")  # fmt: skip
        last = req.indicator
    return table


def summary_line(result: CheckResult) -> str:
    s = result.summary
    return (
        f"共 {s.requirements} 项材料要求：完整 {s.complete}，部分 {s.partial}，缺失 {s.missing}，免报 {s.waived}；"
        f"文件 {s.files} 个；错误 {s.errors}，警告 {s.warnings}"
    )


def render_console(result: CheckResult, console: Console, *, verbose: bool = False) -> None:
    by_unit: dict[str, list[Requirement]] = defaultdict(list)
    for req in result.requirements:
        by_unit[req.unit].append(req)
    for unit, reqs in by_unit.items():
        console.print(_unit_table(unit, reqs))
        console.print()

    shown = [f for f in result.findings if verbose or f.severity.value != "info"]
    if shown:
        table = Table(title=f"问题清单（{len(shown)} 条）", title_justify="left", show_lines=False)
        table.add_column("级别", no_wrap=True)
        table.add_column("代码", no_wrap=True)
        table.add_column("位置", overflow="fold", ratio=2)
        table.add_column("问题与处理办法", overflow="fold", ratio=3)
        for f in shown:
            where = f.path or " · ".join(x for x in (f.unit, f.indicator, f.material) if x)
            body = Group(Text(f.message), Text("→ " + f.hint, style="dim"))
            table.add_row(Text(SEVERITY_LABELS[f.severity.value], style=SEVERITY_STYLES[f.severity.value]),
                          f.code, where, body)  # fmt: skip
        console.print(table)
    style = "green" if result.exit_code == 0 else "yellow"
    console.print(Panel(summary_line(result), style=style, expand=False))
