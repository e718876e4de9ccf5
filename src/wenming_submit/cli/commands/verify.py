"""`wenming verify`: re-check a built package against its manifest.json (missing, extra, changed files)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console

from wenming_submit.cli import handle_errors
from wenming_submit.errors import EXIT_OK, EXIT_PROBLEMS
from wenming_submit.render.console import terminal_markup

if TYPE_CHECKING:
    from wenming_submit.assemble.manifest import VerifyReport


def _print(report: VerifyReport, path: Path, console: Console) -> None:
    folder = terminal_markup(path)
    for rel in report.missing:
        console.print(f"  [red]缺少[/red] {terminal_markup(rel)}", soft_wrap=True)
    for rel, reason in report.changed:
        console.print(f"  [red]已改动[/red] {terminal_markup(rel)}：{terminal_markup(reason)}", soft_wrap=True)
    for rel in report.extra:
        console.print(f"  [yellow]多出[/yellow] {terminal_markup(rel)}（清单中没有）", soft_wrap=True)
    for problem in report.problems:
        console.print(f"  [red]材料包[/red] {terminal_markup(problem)}", soft_wrap=True)
    for problem in report.zip_problems:
        console.print(f"  [red]压缩包[/red] {terminal_markup(problem)}", soft_wrap=True)
    if report.ok:
        zip_note = f"，压缩包 {terminal_markup(report.zip_name)} 与清单一致" if report.zip_name else ""
        console.print(
            f"[green]{folder}：{report.checked} 个文件与 manifest.json 完全一致{zip_note}。[/green]"
        )
    else:
        console.print(
            f"[bold red]{folder} 与 manifest.json 不一致：缺少 {len(report.missing)} 个，"
            f"改动 {len(report.changed)} 个，多出 {len(report.extra)} 个，压缩包问题 {len(report.zip_problems)} 处"
            + (f"，其他问题 {len(report.problems)} 处。" if report.problems else "。")
            + "[/bold red]\n请重新运行 wenming build 生成材料包，不要手工修改其中的文件。"
        )


@click.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@handle_errors
def verify(folder: Path) -> None:
    """核对材料包（wenming build 生成的 output/<标题>/）与其 manifest.json：缺少、多出、改动的文件。

    退出码：0 完全一致；1 有不一致；2 无法核对（不是材料包或清单损坏）。
    """
    from wenming_submit.assemble.manifest import verify_package

    report = verify_package(folder)
    _print(report, folder, Console(soft_wrap=True))
    sys.exit(EXIT_OK if report.ok else EXIT_PROBLEMS)
