"""Opening a project and running the check with a progress bar: shared by check, build and friends."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from wenming_submit.catalog.codes import normalize_code
from wenming_submit.check.result import CheckResult
from wenming_submit.check.run import run_check
from wenming_submit.config import ProjectConfig
from wenming_submit.errors import UsageError
from wenming_submit.history.store import HistoryError, record_snapshot
from wenming_submit.locations import check_evidence_location, inside_evidence
from wenming_submit.project import Project, open_project
from wenming_submit.render.console import terminal_markup

stderr = Console(stderr=True)


def allow_external_evidence() -> bool:
    """The global `wenming --allow-external-evidence` flag of the running command (False outside click)."""
    from wenming_submit.cli import ALLOW_EXTERNAL_EVIDENCE

    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.meta.get(ALLOW_EXTERNAL_EVIDENCE))


def load_project(project_dir: Path, *, quiet: bool = False) -> Project:
    """Open the project for a command; refuses an output folder inside evidence/ (config.load_config) and
    an evidence/ outside the project (unless --allow-external-evidence) before anything is written."""
    project = open_project(project_dir)
    check_evidence_location(project.config, allow_external=allow_external_evidence())
    if not quiet:
        for warning in project.warnings:
            stderr.print(f"[yellow]注意：{terminal_markup(warning)}[/yellow]")
    return project


def check_with_progress(project: Project, *, quiet: bool = False) -> CheckResult:
    if quiet:
        return run_check(project)
    labels = {"scan": "正在清点文件", "inspect": "正在检查内容"}
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def advance(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        return run_check(project, advance)


def resolve_filters(project: Project, unit: str | None, indicator: str | None) -> tuple[str | None, str | None]:
    """Turn --unit/--indicator as typed into the catalogue's spelling; unknown values are usage errors."""
    unit_name = None
    if unit is not None:
        unit_name = project.catalog.canonical_unit(unit.strip())
        if unit_name is None:
            known = "、".join(project.catalog.units)
            raise UsageError(f"没有名为「{unit}」的责任单位", hint=f"已知单位：{known}")
    code = None
    if indicator is not None:
        found = project.catalog.indicator(indicator)
        if found is None:
            raise UsageError(
                f"没有编号为「{indicator}」（规范化为 {normalize_code(indicator)}）的指标",
                hint="编号写法如 Ⅱ-3-2；罗马数字、全角数字和各种横线都可以",
            )
        code = found.code
    return unit_name, code


def refuse_inside_evidence(config: ProjectConfig, path: Path, option: str) -> None:
    """A file the user names for output (check --xlsx, dashboard --output) must not go into evidence/."""
    if inside_evidence(config, path):
        raise UsageError(
            f"{option} 指定的 {path} 在材料文件夹 evidence/ 之内，检查和生成命令从不往 evidence/ 中写文件",
            hint="请换一个 evidence/ 以外的位置，如 output/ 或桌面",
        )


def record_or_warn(config: ProjectConfig, result: CheckResult, command: str) -> None:
    """Record a progress snapshot; a history problem never fails the command that computed the result."""
    try:
        record_snapshot(config, result, command=command)
    except HistoryError as exc:
        stderr.print(f"[yellow]注意：未能记录本次进度（{terminal_markup(exc.message)}），可加 --no-history 跳过[/yellow]")
