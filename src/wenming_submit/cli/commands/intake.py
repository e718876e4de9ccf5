"""`wenming intake`: propose where each file of a pile goes, write the plan, and with --apply copy."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from wenming_submit.cli import handle_errors
from wenming_submit.cli.options import project_option
from wenming_submit.cli.session import load_project, resolve_filters
from wenming_submit.errors import EXIT_OK, EXIT_PROBLEMS
from wenming_submit.intake import IntakeResult, Status, read_plan, run_intake

_STYLES = {Status.refused: "red", Status.undecided: "red", Status.replacement: "yellow", Status.ready: "green",
           Status.copied: "green", Status.filed: "dim", Status.skipped: "dim"}  # fmt: skip


def _table(result: IntakeResult) -> Table:
    table = Table(title="收件归档" + ("结果" if result.applied else "预览（未复制任何文件）"), show_lines=False)
    for name in ("状态", "可信度", "来源", "单位", "指标", "材料", "理由 / 缺少什么"):
        table.add_column(name, overflow="fold")
    for p in result.proposals:
        why = "；".join(p.missing) if p.missing else p.reason
        table.add_row(
            f"[{_STYLES[p.status]}]{p.status}[/]", f"{p.confidence}%", p.item.source, p.unit.value or "—",
            p.indicator.value or "—", p.material.value or "—", why,
        )  # fmt: skip
    return table


@click.command()
@click.argument("inbox", metavar="收件箱", type=click.Path(path_type=Path))
@project_option
@click.option("--unit", "-u", help="这批文件都来自这个单位（全称或别名），例如某单位的一封邮件")
@click.option("--indicator", "-i", help="这批文件都属于这个指标（编号，如 Ⅱ-3-2）")
@click.option("--plan", "plan_path", type=click.Path(path_type=Path, dir_okay=False),
              help="按改正过的归档计划表（wenming intake 生成的 .xlsx）处理")  # fmt: skip
@click.option("--apply", "apply", is_flag=True, help="把有把握的文件复制到 evidence/（只复制，不移动、不覆盖）")
@handle_errors
def intake(
    inbox: Path, project_dir: Path, unit: str | None, indicator: str | None, plan_path: Path | None, apply: bool
) -> None:
    """把邮件、微信、U 盘收来的一堆文件（文件夹或 zip/7z/rar 压缩包）归入 evidence/<单位>/<编号 名称>/<材料>/。

    先列出每个文件的单位、指标、材料、理由和可信度（没把握的排在前面），并写成 output/归档计划.xlsx；
    可在表中改正后用 --plan 交回。加 --apply 才复制：只复制有把握的文件，从不移动、不覆盖（重名加序号），
    每复制一个记入 output/收件记录.csv。evidence/ 中已有的相同文件不再复制；同名的新版本只列为替换候选。

    退出码：0 全部已归档或无事可做；1 还有待定的文件；2 无法运行。
    """
    project = load_project(project_dir)
    unit_name, code = resolve_filters(project, unit, indicator)
    plan = read_plan(plan_path) if plan_path is not None else None
    result = run_intake(project, inbox, unit=unit_name, indicator=code, plan=plan, apply=apply)
    console = Console(soft_wrap=False)
    console.print(_table(result))
    root = project.config.root
    counts = "，".join(f"{status} {result.count(status)}" for status in Status if result.count(status))
    click.echo(f"共 {len(result.proposals)} 个文件：{counts or '无'}。")
    for warning in result.warnings:
        click.secho(f"注意：{warning}", fg="yellow", err=True)
    plan_rel = result.plan_path.relative_to(root) if result.plan_path.is_relative_to(root) else result.plan_path
    click.echo(f"归档计划已写入 {plan_rel}（可改正单位、指标编号、材料和“处理”列）。")
    if result.applied:
        copied = result.count(Status.copied)
        log_rel = result.log_path.relative_to(root) if result.log_path.is_relative_to(root) else result.log_path
        click.echo(f"已复制 {copied} 个文件到 evidence/" + (f"，记录在 {log_rel}。" if copied else "。"))
    elif result.count(Status.ready) or any(p.decision == "归档" for p in result.pending):
        click.echo(f"确认无误后运行：wenming intake {inbox} --plan {plan_rel} --apply")
    if result.pending:
        click.secho(f"还有 {len(result.pending)} 个文件待定，见上表“缺少什么”。", fg="yellow")
    raise SystemExit(EXIT_PROBLEMS if result.pending else EXIT_OK)
