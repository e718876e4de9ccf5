"""`wenming notify`: a 催报/整改通知 per unit that still has something to fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from rich.console import Console

from wenming_submit.cli import handle_errors
from wenming_submit.cli.options import date_type, project_option, unit_option
from wenming_submit.cli.session import (
    check_with_progress,
    load_project,
    record_or_warn,
    resolve_filters,
    stderr,
)
from wenming_submit.errors import UsageError
from wenming_submit.notify.notices import NOTICE_DIR, plan_notices, render_text, write_docx_notices
from wenming_submit.render.console import terminal_markup, terminal_text

DEFAULT_DAYS = 7


def _deadline(value: dt.datetime | None, today: dt.date) -> dt.date:
    if value is None:
        return today + dt.timedelta(days=DEFAULT_DAYS)
    day = value.date()
    if day < today:
        raise UsageError(f"截止日期 {day} 早于今天", hint="请用 --deadline 指定今天以后的日期，如 2026-12-15")
    return day


@click.command()
@project_option
@unit_option
@click.option("--deadline", type=date_type,
    metavar="YYYY-MM-DD",
              help=f"截止日期，如 2026-12-15（默认 {DEFAULT_DAYS} 天后）")  # fmt: skip
@click.option("--format", "output_format", type=click.Choice(["docx", "text"]), default="docx", show_default=True,
              help="docx：每个单位一份公文格式的 Word 通知，写入 output/通知/；text：纯文本，直接输出，便于粘贴到工作群")  # fmt: skip
@click.option("--no-history", is_flag=True, help="本次检查不记入进度历史")
@handle_errors
def notify(project_dir: Path, unit: str | None, deadline: dt.datetime | None, output_format: str,
           no_history: bool) -> None:  # fmt: skip
    """给还有缺失或问题的单位生成催报/整改通知。

    措辞来自模板，可在项目文件夹的 templates/notify/ 中放同名文件（notice_docx.j2、notice_text.j2）修改。
    """
    today = dt.date.today()
    day = _deadline(deadline, today)
    project = load_project(project_dir, quiet=output_format == "text")
    unit_name, _ = resolve_filters(project, unit, None)
    result = check_with_progress(project, quiet=output_format == "text")
    if not no_history:
        record_or_warn(project.config, result, "notify")
    plan = plan_notices(result, unit=unit_name, catalog=project.catalog)
    if output_format == "text":
        if plan.notices:
            click.echo(terminal_text(render_text(plan, project.config, deadline=day, today=today)), nl=False)
        _report_rest(plan.clean_units, plan.unaddressed, bool(plan.notices), stderr)
        return
    console = Console()
    if plan.notices:
        written = write_docx_notices(
            plan, project.config, deadline=day, today=today, only_unit=unit_name is not None
        )
        console.print(f"已生成 {len(written)} 份通知（截止日期 {day.year}年{day.month}月{day.day}日），"
                      f"在 {terminal_markup(project.config.output_dir / NOTICE_DIR)}：")  # fmt: skip
        for path, notice in zip(written, plan.notices, strict=True):
            console.print(f"  {terminal_markup(path.name)}（{len(notice.items)} 项问题）", soft_wrap=True)
    _report_rest(plan.clean_units, plan.unaddressed, bool(plan.notices), console)


def _report_rest(clean: tuple[str, ...], unaddressed: int, any_notice: bool, console: Console) -> None:
    if clean:
        console.print(f"以下单位材料齐全且没有问题，不生成通知：{terminal_markup('、'.join(clean))}", soft_wrap=True)
    if not any_notice:
        console.print("没有需要催报或整改的单位。")
    if unaddressed:
        console.print(
            f"[yellow]另有 {unaddressed} 条问题无法归属到单位（如未知文件夹），请运行 wenming check 查看。[/yellow]"
        )
