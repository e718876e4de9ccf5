"""`wenming verify`: re-check a built package against its manifest.json (missing, extra, changed files)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console

from wenming_submit.cli import handle_errors
from wenming_submit.errors import EXIT_OK, EXIT_PROBLEMS, ProjectError
from wenming_submit.render.console import terminal_markup

if TYPE_CHECKING:
    from wenming_submit.assemble.manifest import VerifyReport


def _print(report: VerifyReport, what: str, console: Console) -> None:
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
    for note in report.notes:
        console.print(f"  [cyan]说明[/cyan] {terminal_markup(note)}", soft_wrap=True)
    if report.ok:
        zip_note = f"，压缩包 {terminal_markup(report.zip_name)} 与清单一致" if report.zip_name else ""
        console.print(
            f"[green]{terminal_markup(what)}：{report.checked} 个文件与 manifest.json 完全一致{terminal_markup(zip_note)}。[/green]"
        )
    else:
        console.print(
            f"[bold red]{terminal_markup(what)} 与 manifest.json 不一致：缺少 {len(report.missing)} 个，"
            f"改动 {len(report.changed)} 个，多出 {len(report.extra)} 个，压缩包问题 {len(report.zip_problems)} 处"
            + (f"，其他问题 {len(report.problems)} 处。" if report.problems else "。")
            + "[/bold red]\n请重新运行 wenming build 生成材料包，不要手工修改其中的文件。"
        )


@click.command()
@click.argument("target", metavar="材料包", type=click.Path(path_type=Path))
@handle_errors
def verify(target: Path) -> None:
    """核对 wenming build 生成的材料包与其 manifest.json：缺少、多出、改动的文件。

    材料包可以是材料包文件夹（output/<标题>/，或解压后的文件夹）、压缩包（<标题>.zip），
    或输出文件夹 output/（核对其中每一个材料包）。

    退出码：0 完全一致；1 有不一致；2 无法核对（不是材料包或清单损坏）。
    """
    from wenming_submit.assemble.manifest import MANIFEST_NAME, packages_in, verify_package, verify_zip

    console = Console(soft_wrap=True)
    if not target.exists():
        raise ProjectError(f"找不到 {target}", hint="请指定材料包文件夹、压缩包或 output 文件夹")
    checks: list[tuple[str, Callable[[], VerifyReport]]]
    if target.is_file():
        if target.suffix.lower() != ".zip":
            raise ProjectError(f"{target} 不是压缩包", hint="请指定 .zip 压缩包、材料包文件夹或 output 文件夹")
        console.print(f"核对压缩包 {terminal_markup(str(target))}（按其中的 manifest.json）")
        checks = [(f"压缩包 {target.name}", lambda: verify_zip(target))]
    elif (target / MANIFEST_NAME).is_file():
        console.print(f"核对材料包文件夹 {terminal_markup(str(target))}")
        checks = [(f"材料包 {target}", lambda: verify_package(target))]
    else:
        found = packages_in(target)
        if not found:
            raise ProjectError(
                f"{target} 中没有 {MANIFEST_NAME}，也没有含 {MANIFEST_NAME} 的材料包文件夹",
                hint="请指定 wenming build 生成的 output/<标题>/、其中的压缩包，或 output 文件夹",
            )
        console.print(f"核对输出文件夹 {terminal_markup(str(target))} 中的 {len(found)} 个材料包")
        checks = [(f"材料包 {folder}", functools.partial(verify_package, folder)) for folder in found]
    ok = True
    for what, check in checks:
        report = check()
        _print(report, what, console)
        ok = ok and report.ok
    sys.exit(EXIT_OK if ok else EXIT_PROBLEMS)
