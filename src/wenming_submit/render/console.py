"""The console report of `wenming check`: per unit, per indicator, every problem, one summary line."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from wenming_submit.check.result import STATUS_LABELS, CheckResult, Requirement
from wenming_submit.findings.finding import Finding
from wenming_submit.findings.registry import SEVERITY_LABELS

STATUS_STYLES = {"complete": "green", "partial": "yellow", "missing": "bold red", "waived": "cyan"}
SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "dim"}

# What a file name or pasted text must not send to a terminal: C0/C1 controls (ESC starts colour, title
# and screen-clearing sequences; CR overwrites the line) and the bidi controls that reorder what is shown.
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: object) -> str:
    """`text` safe to print: control and bidi characters shown as \\x1b / \\u202e (tab and LF kept)."""
    value = str(text)
    return _TERMINAL_UNSAFE.sub(_escape_char, value) if _TERMINAL_UNSAFE.search(value) else value


def terminal_markup(text: object) -> str:
    """`text` to put inside a rich markup string: escaped like terminal_text, and `[...]` not taken as markup."""
    return escape(terminal_text(text))


def _status(req: Requirement) -> Text:
    return Text(STATUS_LABELS[req.status.value], style=STATUS_STYLES[req.status.value])


def _count(req: Requirement) -> str:
    """Files that count of the required, and how many were handed in when some of them do not count."""
    text = f"{req.counted}/{req.required}"
    return f"{text}（交 {req.found}）" if req.found > req.counted else text


def _unit_table(unit: str, reqs: list[Requirement]) -> Table:
    done = sum(1 for r in reqs if r.status.value in ("complete", "waived"))
    table = Table(title=f"{terminal_markup(unit)}（{done}/{len(reqs)} 项完成）", title_justify="left", expand=False)
    table.add_column("指标", no_wrap=True)
    table.add_column("材料", overflow="fold")
    table.add_column("状态", no_wrap=True)
    table.add_column("份数", justify="right", no_wrap=True)
    dated = any(r.due for r in reqs)
    if dated:
        table.add_column("截止", no_wrap=True)
    last = None
    for req in reqs:
        cells = [Text(terminal_text(req.indicator) if req.indicator != last else ""),
                 Text(terminal_text(req.material)), _status(req), Text(_count(req))]  # fmt: skip
        if dated:
            cells.append(_due(req))
        table.add_row(*cells)
        last = req.indicator
    return table


def _due(req: Requirement) -> Text:
    if not req.due:
        return Text("—", style="dim")
    return Text(f"{req.due} 已逾期", style="bold red") if req.overdue else Text(req.due)


def _overdue(result: CheckResult, console: Console) -> None:
    """The items past their 完成时间 and still not met, one line each."""
    late = result.overdue
    if not late:
        return
    console.rule(f"逾期未完成（{len(late)} 项）", align="left", style="red")
    for r in late:
        console.print(Text(f"  {terminal_text(r.unit)} · {terminal_text(r.indicator)} · {terminal_text(r.material)}"
                           f"（{STATUS_LABELS[r.status.value]}）：完成时间 {r.due}，已逾期", style="red"),
                      soft_wrap=True)  # fmt: skip
    console.print()


def summary_line(result: CheckResult) -> str:
    s = result.summary
    return (
        f"共 {s.requirements} 项材料要求：完整 {s.complete}，部分 {s.partial}，缺失 {s.missing}，免报 {s.waived}；"
        f"文件 {s.files} 个；错误 {s.errors}，警告 {s.warnings}"
    )


def _indicator_table(result: CheckResult) -> Table:
    """One row per indicator: how many of its requirements are met, and who is still short."""
    rows: dict[str, list[Requirement]] = defaultdict(list)
    for req in result.requirements:
        rows[req.indicator].append(req)
    table = Table(title="各指标情况", title_justify="left")
    table.add_column("指标", no_wrap=True)
    table.add_column("完成", justify="right", no_wrap=True)
    table.add_column("未完成的单位与材料", overflow="fold")
    for code, reqs in rows.items():
        done = sum(1 for r in reqs if r.status.value in ("complete", "waived"))
        open_items = [f"{terminal_text(r.unit)}·{terminal_text(r.material)}（{STATUS_LABELS[r.status.value]}）" for r in reqs
                      if r.status.value in ("partial", "missing")]  # fmt: skip
        style = "green" if not open_items else "yellow"
        table.add_row(Text(terminal_text(code)), Text(f"{done}/{len(reqs)}", style=style),
                      Text("、".join(open_items) or "—"))
    return table


def _problems(result: CheckResult, console: Console, verbose: bool) -> None:
    """Problems grouped by unit, each as message / hint / file lines: readable at any terminal width."""
    shown = [f for f in result.findings if verbose or f.severity.value != "info"]
    if not shown:
        return
    console.rule(f"问题清单（{len(shown)} 条）", align="left")
    by_unit: dict[str, list[Finding]] = defaultdict(list)
    for finding in shown:
        by_unit[finding.unit or "未归属单位"].append(finding)
    for unit, findings in by_unit.items():
        counts = Counter(SEVERITY_LABELS[f.severity.value] for f in findings)
        console.print(Text(f"■ {terminal_text(unit)}（" + "，".join(f"{k} {v}" for k, v in counts.items()) + "）", style="bold"))
        for f in findings:
            line = Text("  ")
            line.append(SEVERITY_LABELS[f.severity.value], style=SEVERITY_STYLES[f.severity.value])
            line.append(f" {f.code}  ")
            line.append(terminal_text(" · ".join(x for x in (f.indicator, f.material) if x)), style="bold")
            console.print(line)
            console.print(Text(f"      {terminal_text(f.message)}"), soft_wrap=True)
            console.print(Text(f"      → {terminal_text(f.hint)}", style="cyan"), soft_wrap=True)
            if f.path:
                console.print(Text(f"      {terminal_text(f.path)}", style="dim"), soft_wrap=True)
        console.print()


def render_console(result: CheckResult, console: Console, *, verbose: bool = False) -> None:
    by_unit: dict[str, list[Requirement]] = defaultdict(list)
    for req in result.requirements:
        by_unit[req.unit].append(req)
    for unit, reqs in by_unit.items():
        console.print(_unit_table(unit, reqs))
        console.print()
    if len(by_unit) > 1:
        console.print(_indicator_table(result))
        console.print()
    _overdue(result, console)
    _problems(result, console, verbose)
    style = "green" if result.exit_code == 0 else "yellow"
    console.print(Panel(summary_line(result), style=style, expand=False))
