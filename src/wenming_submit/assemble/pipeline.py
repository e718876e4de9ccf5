"""`wenming build` as one call: Word 汇编, Excel 清单, upload package, manifest and zip, staged and swapped.

Everything is written into `output/.<title>.tmp-*` and becomes `output/<title>/` only when every step
succeeded; the previous output stays in place until then.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from wenming_submit.assemble import naming
from wenming_submit.assemble.archive import newest_mtime, not_gbk, write_zip
from wenming_submit.assemble.manifest import MANIFEST_NAME, manifest_bytes
from wenming_submit.assemble.options import DEFAULT_OPTIONS, BuildOptions, gate
from wenming_submit.assemble.package import PackedFile, PackResult, mask_legacy_documents, write_package
from wenming_submit.assemble.package_plan import Entry, PackagePlan
from wenming_submit.assemble.package_plan import plan as plan_package_and_exclusions
from wenming_submit.assemble.word import build_word
from wenming_submit.assemble.word.report import WordReport
from wenming_submit.check.result import CheckResult
from wenming_submit.check.reuse import write_reuse_index
from wenming_submit.errors import ProjectError, os_error_reason
from wenming_submit.findings import codes_build
from wenming_submit.findings.finding import Finding, make_finding
from wenming_submit.history.store import load_trends
from wenming_submit.project import Project
from wenming_submit.render.xlsx import WORKBOOK_NAME, write_workbook
from wenming_submit.staging import staged_folder

Say = Callable[[str], None]


@dataclass(frozen=True)
class BuildOutcome:
    folder: Path
    workbook: Path
    zip_path: Path
    files: tuple[PackedFile, ...]
    findings: tuple[Finding, ...]
    """Problems met while packaging (WM4xx); the check's own findings stay in the CheckResult."""
    word: WordReport | None
    """What the Word 汇编 build did; None when the options left it out."""
    seconds: float
    view: CheckResult
    """The result the outputs were built from (seen from the unit, when one was given)."""

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


def build_output(project: Project, result: CheckResult, options: BuildOptions = DEFAULT_OPTIONS,
                 say: Say = _quiet) -> BuildOutcome:  # fmt: skip
    """Build everything for `result` (seen from `options.unit`) into the output folder.

    Raises IncompleteBuild, before writing anything, when the result has gaps or errors and
    `options.allow_incomplete` is not set.
    """
    started = time.perf_counter()
    view = gate(result, options)
    plan = plan_package_and_exclusions(view, project.catalog, project.config)  # naming problems: before any write
    target = output_folder(project, options.unit)
    try:
        outcome = _build(project, view, target, plan, options, say)
    except OSError as exc:  # disk full, permissions, a file vanished: the previous output is still in place
        where = f"（{exc.filename}）" if exc.filename else ""
        raise ProjectError(
            f"生成失败：{os_error_reason(exc)}{where}。原有的 {target} 未被改动",
            hint="请检查磁盘空间和写入权限；若上次生成的汇编、清单正在 Word/Excel/WPS 中打开，请先关闭再重试",
        ) from None
    return replace(outcome, seconds=time.perf_counter() - started)


def _package(project: Project, entries: list[Entry], staging: Path, cancel: threading.Event
             ) -> tuple[PackResult, tuple[PackedFile, ...], list[Finding]]:  # fmt: skip
    """The upload package in `staging`: (what write_package did, the files after masking, masking findings)."""
    packed = write_package(entries, staging, cancel=cancel)
    files = packed.files
    legacy_findings: list[Finding] = []
    if project.config.privacy.mask:
        work = staging / ".mask-work"
        try:
            files, legacy_findings = mask_legacy_documents(files, entries, staging, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return packed, files, legacy_findings


def _build(
    project: Project,
    view: CheckResult,
    target: Path,
    plan: PackagePlan,
    options: BuildOptions,
    say: Say,
) -> BuildOutcome:
    entries, excluded = plan.entries, plan.excluded
    zip_name = f"{target.name}.zip"
    word_report = None
    # Space check before any write: the package copies the inputs and the zip holds them again (the 汇编's
    # recompressed pictures and pages stay well below a third copy).
    needed = sum(e.source.facts.size for e in entries) * (3 if options.word else 2)
    with staged_folder(target, needed=needed, what="材料") as staging:
        if options.word:
            say("正在生成 Word 汇编…")
        say(f"正在整理上报材料（{len(entries)} 个文件）…")
        # The package (copies, hashes, re-encodes: I/O and C code that releases the GIL) is written on a
        # thread while this one builds the Word 汇编 (Python, one core).
        cancel = threading.Event()
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="package")
        try:
            package = pool.submit(_package, project, entries, staging, cancel)
            if options.word:
                word_report = build_word(project, view, staging, options)
            packed, files, legacy_findings = package.result()
        except BaseException:
            cancel.set()  # and wait: nothing may write into the staging folder once it is removed
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        findings = [
            make_finding(codes_build.NOT_PACKED, path=x.source, indicator=x.indicator, unit=x.unit,
                         material=x.material, reason=x.reason)
            for x in excluded
        ] + list(packed.findings) + legacy_findings + (word_report.findings if word_report else [])  # fmt: skip
        manifest = manifest_bytes(
            view.title, files, zip_name=zip_name, encoding=options.zip_encoding, excluded=excluded
        )
        (staging / MANIFEST_NAME).write_bytes(manifest)
        members = [f.path for f in files] + [MANIFEST_NAME]
        write_reuse_index(staging, view.title, files, view.files)  # for the next cycle: check/reuse.py
        if options.zip_encoding == "gbk":
            findings += [make_finding(codes_build.NAME_NOT_GBK, name=name) for name in not_gbk(members)]
        say("正在生成 Excel 清单…")
        # The 问题清单 also lists what the packaging met (WM4xx), after the check's own findings.
        listed = view.model_copy(update={"findings": view.findings + tuple(findings)}) if findings else view
        trends = load_trends(project.config, view, unit=options.unit)  # empty without readable history
        write_workbook(listed, project.catalog, staging / WORKBOOK_NAME, project_root=project.config.root,
                       trends=trends)  # fmt: skip
        say("正在打包压缩文件…")
        write_zip(staging, members, staging / zip_name, encoding=options.zip_encoding,
                  stamp=newest_mtime(f.path for f in view.files))  # fmt: skip
    return BuildOutcome(
        folder=target,
        workbook=target / WORKBOOK_NAME,
        zip_path=target / zip_name,
        files=files,
        findings=tuple(findings),
        word=word_report,
        seconds=0.0,
        view=view,
    )
