"""`wenming build`: the Word 汇编, the Excel 清单 and the upload package (folder, manifest, zip)."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console

from wenming_submit.check.result import CheckResult
from wenming_submit.cli import handle_errors
from wenming_submit.cli.options import project_option, unit_option
from wenming_submit.cli.session import check_with_progress, load_project, record_or_warn, resolve_filters
from wenming_submit.errors import EXIT_OK, EXIT_PROBLEMS
from wenming_submit.findings.registry import SEVERITY_LABELS, Severity
from wenming_submit.render.console import summary_line, terminal_markup

if TYPE_CHECKING:
    from wenming_submit.assemble.pipeline import BuildOutcome
    from wenming_submit.assemble.word.report import WordReport

MAX_LISTED = 30


def _refuse(result: CheckResult, console: Console) -> None:
    errors = [f for f in result.findings if f.severity is Severity.error]
    console.print(f"[bold red]材料尚不完整：{summary_line(result)}。未生成材料。[/bold red]")
    for f in errors[:MAX_LISTED]:
        where = f.path or " · ".join(x for x in (f.unit, f.indicator, f.material) if x)
        console.print(f"  [red]{f.code}[/red] {terminal_markup(where)}：{terminal_markup(f.message)}", soft_wrap=True)
    if len(errors) > MAX_LISTED:
        console.print(f"  ……另有 {len(errors) - MAX_LISTED} 条，运行 wenming check 查看全部")
    console.print("请补齐或修正后重新生成；如需先生成一份不完整的版本供审阅，请加 --allow-incomplete。")


def _terminated(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _mb(size: int) -> str:
    return f"{size / 1048576:.1f} MB"


def _summary(outcome: BuildOutcome, result: CheckResult, zip_encoding: str, console: Console) -> None:
    folder = outcome.folder
    console.print(f"[bold green]已生成 {terminal_markup(folder)}[/bold green]（用时 {outcome.seconds:.1f} 秒）：")
    if outcome.word is not None:
        console.print(f"  Word 汇编：{terminal_markup(_describe_word(outcome.word))}")
        _word_placeholders(outcome.word, console)
    console.print(f"  Excel 清单：{terminal_markup(outcome.workbook.name)}（总览、单位进度、材料明细 {len(result.files)} 行、"
                  f"问题清单 {len(result.findings)} 条）")  # fmt: skip
    converted = f"，其中 {outcome.converted} 张图片已转为 JPEG、摆正或压缩" if outcome.converted else ""
    console.print(f"  上报材料/：{len(outcome.files)} 个文件，共 {_mb(outcome.package_bytes)}{converted}")
    console.print("  manifest.json：每个文件的来源、SHA-256 和大小（可用 wenming verify 核对）")
    zip_size = outcome.zip_path.stat().st_size if outcome.zip_path.exists() else 0
    label = "GBK（兼容旧版解压工具）" if zip_encoding == "gbk" else "UTF-8"
    console.print(f"  压缩包：{terminal_markup(outcome.zip_path.name)}（{_mb(zip_size)}，文件名编码 {label}）")
    for f in outcome.findings:
        console.print(f"  [yellow]{SEVERITY_LABELS[f.severity.value]} {f.code}[/yellow] {terminal_markup(f.path or '')}："
                      f"{terminal_markup(f.message)}",
                      soft_wrap=True)  # fmt: skip
    if result.exit_code != EXIT_OK:
        console.print(f"[yellow]注意：材料尚不完整（{summary_line(result)}），本次为不完整版本，"
                      "缺失和待补的材料已在清单中标出。[/yellow]")  # fmt: skip


def _describe_word(report: WordReport) -> str:
    """One line: documents, pictures, TOC, gaps."""
    if not report.documents:
        return "已生成"
    parts = [f"图片 {report.pictures} 张", f"PDF 页面 {report.pdf_pages} 页", f"表格 {report.tables} 个"]
    if report.attachments:
        parts.append(f"附件 {report.attachments} 项")
    if report.gaps:
        parts.append(f"缺失/待补 {report.gaps} 项已标出")
    text = f"{report.documents[0].name}（{'，'.join(parts)}）"
    if len(report.documents) > 1:
        text += f"，另有分册 {len(report.documents) - 1} 个"
    from wenming_submit.assemble.word.report import TocUpdate

    if report.toc is TocUpdate.libreoffice:
        return text + "；目录页码已由 LibreOffice 更新"
    return text + "；目录将在 Word 打开时更新" + (f"（{report.toc_note}）" if report.toc_note else "")


def _word_placeholders(report: WordReport, console: Console) -> None:
    for item in report.placeholders[:MAX_LISTED]:
        console.print(f"  [yellow]汇编中以占位说明代替[/yellow] {terminal_markup(item.path)}：{terminal_markup(item.reason)}")
    if len(report.placeholders) > MAX_LISTED:
        console.print(f"  ……另有 {len(report.placeholders) - MAX_LISTED} 处占位说明")


@click.command()
@project_option
@unit_option
@click.option("--allow-incomplete", is_flag=True, help="有缺失或错误时也生成（缺口在汇编和清单中标出）")
@click.option(
    "--split",
    type=click.Choice(["indicator", "unit"]),
    default=None,
    help="另外按指标（indicator）或按单位（unit）各生成一个 Word 分册，放在“分册”文件夹",
)
@click.option(
    "--zip-encoding",
    type=click.Choice(["utf-8", "gbk"]),
    default="utf-8",
    show_default=True,
    help="压缩包中文件名的编码；旧版 Windows 解压工具显示乱码时用 gbk",
)
@click.option("--no-toc", is_flag=True, help="不用 LibreOffice 排版更新目录页码（更快；目录在 Word 中打开时更新）")
@click.option("--no-history", is_flag=True, help="本次不记入进度历史（output/.history/）")
@handle_errors
def build(project_dir: Path, unit: str | None, allow_incomplete: bool, split: str | None,
          zip_encoding: str, no_toc: bool, no_history: bool) -> None:  # fmt: skip
    """生成 Word 汇编、Excel 清单和上报材料包（含 manifest.json 与压缩包）。

    输出到 output/<项目标题>/（--unit 时为 output/<项目标题>（<单位>）/）；生成过程中旧的输出保持不变，全部完成后才替换。

    用 wenming verify output/<项目标题> 可随时核对材料包是否被改动。

    退出码：0 材料完整；1 有错误未生成，或按 --allow-incomplete 生成了不完整版本；2 无法运行。
    """
    from wenming_submit.assemble.naming import check_pattern
    from wenming_submit.assemble.options import BuildOptions, IncompleteBuild
    from wenming_submit.assemble.pipeline import (
        build_output,  # Pillow/openpyxl/python-docx load only for build
    )

    console = Console(soft_wrap=True)
    project = load_project(project_dir)
    check_pattern(project.config.naming.pattern)  # a bad [naming] pattern fails before the long check
    unit_name, _ = resolve_filters(project, unit, None)
    options = BuildOptions(unit=unit_name, split=split, allow_incomplete=allow_incomplete, zip_encoding=zip_encoding,
                           update_toc=not no_toc)  # fmt: skip
    result = check_with_progress(project)
    if not no_history:
        record_or_warn(project.config, result, "build")
    # `kill` (SIGTERM) unwinds like Ctrl-C, so the temp folder goes and the previous output stays.
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        with Console(stderr=True).status("正在生成…") as status:
            outcome = build_output(project, result, options, say=lambda text: status.update(text))
    except IncompleteBuild as refused:  # errors, or requirements still partial/missing
        _refuse(refused.view, console)
        sys.exit(EXIT_PROBLEMS)
    finally:
        signal.signal(signal.SIGTERM, previous)
    _summary(outcome, outcome.view, zip_encoding, console)
    sys.exit(outcome.view.exit_code)
