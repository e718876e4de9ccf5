"""`wenming build` as one call: Word 汇编, Excel 清单, upload package, manifest and zip, staged and swapped.

Everything is written into `output/.<title>.tmp-*` and becomes `output/<title>/` only when every step
succeeded; the previous output stays in place until then.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from wenming_submit.assemble import naming
from wenming_submit.assemble.archive import ENCODINGS, not_gbk, write_zip
from wenming_submit.assemble.manifest import MANIFEST_NAME, manifest_bytes
from wenming_submit.assemble.package import Entry, PackedFile, plan_package, write_package
from wenming_submit.assemble.word import build_word
from wenming_submit.assemble.word.report import WordReport
from wenming_submit.check.result import CheckResult
from wenming_submit.errors import EXIT_OK, EXIT_PROBLEMS, ProjectError, UsageError, WenmingError
from wenming_submit.findings import codes_build
from wenming_submit.findings.finding import Finding, make_finding
from wenming_submit.history.store import load_trends
from wenming_submit.project import Project
from wenming_submit.render.xlsx import WORKBOOK_NAME, write_workbook
from wenming_submit.staging import staged_folder

WordBuilder = Callable[..., WordReport]

WORD_BUILDER: WordBuilder = build_word
"""Looked up at call time so that tests can swap it (e.g. to skip the LibreOffice TOC pass)."""

Say = Callable[[str], None]


class IncompleteBuild(WenmingError):
    """build_output without allow_incomplete on a result with gaps or errors."""

    exit_code = EXIT_PROBLEMS


@dataclass(frozen=True)
class BuildOutcome:
    folder: Path
    workbook: Path
    zip_path: Path
    files: tuple[PackedFile, ...]
    findings: tuple[Finding, ...]
    """Problems met while packaging (WM4xx); the check's own findings stay in the CheckResult."""
    word: WordReport | None
    """What the Word 汇编 build did; None when the caller skipped it (word_builder=None)."""
    seconds: float

    @property
    def converted(self) -> int:
        return sum(1 for f in self.files if f.converted)

    @property
    def package_bytes(self) -> int:
        return sum(f.size for f in self.files)


def output_folder(project: Project, unit: str | None) -> Path:
    """`output/<title>/`, or `output/<title>（<unit>）/` for one unit's review copy (never the same folder)."""
    title = project.config.project.title
    if not unit:
        return project.config.output_dir / naming.title_folder(title)
    suffix = naming.safe_component(f"（{unit}）", max_len=naming.MAX_TITLE // 2)
    head = naming.title_folder(title)[: naming.MAX_TITLE - len(suffix)].rstrip(" .")
    return project.config.output_dir / naming.title_folder(head + suffix)


def _quiet(_: str) -> None:
    return None


@dataclass(frozen=True)
class BuildOptions:
    unit: str | None = None
    split: str | None = None
    allow_incomplete: bool = False
    zip_encoding: str = "utf-8"


def build_output(
    project: Project,
    result: CheckResult,
    *,
    unit: str | None = None,
    split: str | None = None,
    allow_incomplete: bool = False,
    zip_encoding: str = "utf-8",
    say: Say = _quiet,
    word_builder: WordBuilder | Literal["installed"] | None = "installed",
) -> BuildOutcome:
    """Build everything for `result` (narrowed to `unit` when given) into the output folder.

    `word_builder`: "installed" uses build.word.build_word (WORD_BUILDER); None skips the 汇编.
    """
    builder = WORD_BUILDER if word_builder == "installed" else word_builder  # looked up now: tests patch it
    if zip_encoding not in ENCODINGS:
        raise UsageError(f"不支持的压缩包文件名编码「{zip_encoding}」", hint="可选 utf-8 或 gbk")
    options = BuildOptions(unit, split, allow_incomplete, zip_encoding)
    started = time.perf_counter()
    view = result.narrowed(unit=unit) if unit else result
    if view.exit_code != EXIT_OK and not allow_incomplete:
        raise IncompleteBuild(
            f"材料尚不完整（缺失 {view.summary.missing} 项、部分 {view.summary.partial} 项、错误 {view.summary.errors} 条），未生成",
            hint="请先运行 wenming check 查看并补齐；确需先出一版时加 --allow-incomplete",
        )
    entries = plan_package(view, project.catalog, project.config)  # naming problems surface before any write
    target = output_folder(project, unit)
    try:
        outcome = _build(project, view, target, entries, options, say, builder)
    except OSError as exc:  # disk full, permissions, a file vanished: the previous output is still in place
        where = f"（{exc.filename}）" if exc.filename else ""
        raise ProjectError(
            f"生成失败：{exc.strerror or exc}{where}。原有的 {target} 未被改动",
            hint="请检查磁盘空间和写入权限；若上次生成的汇编、清单正在 Word/Excel/WPS 中打开，请先关闭再重试",
        ) from None
    return replace(outcome, seconds=time.perf_counter() - started)


def _build(
    project: Project,
    view: CheckResult,
    target: Path,
    entries: list[Entry],
    options: BuildOptions,
    say: Say,
    word_builder: WordBuilder | None,
) -> BuildOutcome:
    zip_name = f"{target.name}.zip"
    word_report = None
    with staged_folder(target) as staging:
        if word_builder is not None:
            say("正在生成 Word 汇编…")
            word_report = word_builder(project, view, staging, unit=options.unit, split=options.split,
                                       allow_incomplete=options.allow_incomplete)  # fmt: skip
        say(f"正在整理上报材料（{len(entries)} 个文件）…")
        packed = write_package(entries, staging)
        findings = list(packed.findings)
        (staging / MANIFEST_NAME).write_bytes(
            manifest_bytes(view.title, packed.files, zip_name=zip_name, encoding=options.zip_encoding)
        )
        members = [f.path for f in packed.files] + [MANIFEST_NAME]
        if options.zip_encoding == "gbk":
            findings += [make_finding(codes_build.NAME_NOT_GBK, name=name) for name in not_gbk(members)]
        say("正在生成 Excel 清单…")
        # The 问题清单 also lists what the packaging met (WM4xx), after the check's own findings.
        listed = view.model_copy(update={"findings": view.findings + tuple(findings)}) if findings else view
        trends = load_trends(project.config, view, unit=options.unit)  # empty without readable history
        write_workbook(listed, project.catalog, staging / WORKBOOK_NAME, project_root=project.config.root,
                       trends=trends)  # fmt: skip
        say("正在打包压缩文件…")
        write_zip(staging, members, staging / zip_name, encoding=options.zip_encoding)
    return BuildOutcome(
        folder=target,
        workbook=target / WORKBOOK_NAME,
        zip_path=target / zip_name,
        files=packed.files,
        findings=tuple(findings),
        word=word_report,
        seconds=0.0,
    )
