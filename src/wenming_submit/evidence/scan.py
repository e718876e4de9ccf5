"""Walk evidence/ and produce the Inventory: every file typed by content and assigned.

Read-only by construction: files are opened for reading only; links are never followed out of the tree.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from wenming_submit.catalog.model import Catalog
from wenming_submit.config import ProjectConfig
from wenming_submit.errors import ProjectError
from wenming_submit.evidence.assign import Assigner
from wenming_submit.evidence.formats import FORMATS
from wenming_submit.evidence.model import EvidenceFile, Facts, Inventory, Role
from wenming_submit.evidence.names import display_name, has_broken_encoding, is_temp_file, odd_name_reason
from wenming_submit.evidence.sniff import sniff
from wenming_submit.findings.codes_content import failure_issue
from wenming_submit.findings.codes_core import (
    LINK_OUTSIDE,
    NOT_A_FOLDER,
    ODD_NAME,
    TEMP_FILE,
    UNKNOWN_INDICATOR,
    UNKNOWN_UNIT,
    UNREADABLE,
)
from wenming_submit.findings.registry import Issue
from wenming_submit.guard import Failure, protect

Progress = Callable[[int, int], None]


_OS_REASONS = {
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.ENOENT: "文件不存在（检查期间被移动或删除）",
    errno.EIO: "读取出错（磁盘、U 盘或网盘故障）",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.ELOOP: "链接循环指向自身",
}


def _os_reason(exc: OSError) -> str:
    """The OS error in Chinese where we know it; else the system's own words."""
    return _OS_REASONS.get(exc.errno or 0) or exc.strerror or str(exc)


def _resolve(path: Path) -> Path | None:
    """Where a link leads; None for a link loop (Python raises RuntimeError for those)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def _link_issue(path: Path, root_real: Path, *, folder: bool) -> Issue | None:
    """The issue of a link: loop, out of the tree, or dangling; None for a good link inside the tree."""
    target = _resolve(path)
    if target is None:
        return UNREADABLE.issue(reason="链接循环指向自身")
    if not target.is_relative_to(root_real):
        return LINK_OUTSIDE.issue(target=str(target))
    if not folder and not target.is_file():
        return UNREADABLE.issue(reason="链接指向的文件不存在")
    return None


def _walk(evidence: Path) -> Iterator[tuple[Path, Issue | None]]:
    """Every file below `evidence` (links to files inside included), with a walk-level issue if any."""
    root_real = evidence.resolve()
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(evidence, onerror=errors.append, followlinks=False):
        dirnames.sort()
        base = Path(dirpath)
        for name in list(dirnames):
            if (base / name).is_symlink():
                dirnames.remove(name)
                # A link to a folder inside the tree: its files are scanned at their real place.
                if issue := _link_issue(base / name, root_real, folder=True):
                    yield base / name, issue
        for name in sorted(filenames):
            path = base / name
            try:
                mode = path.lstat().st_mode
            except OSError as exc:
                yield path, UNREADABLE.issue(reason=_os_reason(exc))
                continue
            if stat.S_ISLNK(mode):
                if issue := _link_issue(path, root_real, folder=False):
                    yield path, issue
                    continue
            elif not stat.S_ISREG(mode):
                # Opening a FIFO would block the scan forever; devices and sockets are no evidence either.
                yield path, UNREADABLE.issue(reason="不是普通文件（管道、设备或套接字）")
                continue
            yield path, None
    for err in errors:
        yield Path(err.filename or evidence), UNREADABLE.issue(reason=_os_reason(err))


def _facts(path: Path) -> tuple[Facts, list[Issue]]:
    try:
        info = path.stat()
        sniffed = sniff(path)
    except OSError as exc:
        reason = _os_reason(exc)
        return Facts(format="unknown", kind="other", size=0, mtime=0.0), [UNREADABLE.issue(reason=reason)]
    facts = Facts(
        format=sniffed.format.id,
        kind=sniffed.format.kind,
        size=info.st_size,
        mtime=info.st_mtime,
        encrypted=sniffed.encrypted,
        extra={"sniff_detail": sniffed.detail} if sniffed.detail else {},
    )
    return facts, []


def _role(name: str, config: ProjectConfig) -> Role:
    if is_temp_file(name):
        return Role.ignored
    if name in config.check.ignore_names:
        return Role.helper
    if any(word in name for word in config.check.waiver_names):
        return Role.waiver
    return Role.evidence


def _describe(path: Path, project_root: Path, config: ProjectConfig, assigner: Assigner) -> EvidenceFile:
    rel_parts = [display_name(p) for p in path.relative_to(project_root).parts]
    rel = "/".join(rel_parts)
    segments = rel_parts[1:]  # below evidence/
    name = segments[-1]
    role = _role(name, config)
    issues: list[Issue] = []
    if any(has_broken_encoding(part) for part in path.relative_to(project_root).parts):
        issues.append(UNREADABLE.issue(reason="文件名编码损坏（可能来自压缩包或旧系统）"))
    if role is Role.ignored:
        # Not sniffed, but placed, so that `--unit`/`--indicator` still show the finding to its unit.
        return _ignored(path, rel, segments, assigner, (*issues, TEMP_FILE.issue()))
    facts, read_issues = _facts(path)
    issues += read_issues
    if role is Role.evidence and (reason := odd_name_reason(name)):
        issues.append(ODD_NAME.issue(reason=reason))
    if len(segments) == 1:
        return EvidenceFile(path, rel, role, facts, issues=(*issues, NOT_A_FOLDER.issue()))

    placement = assigner.place(segments)
    unit = placement.unit
    indicator = placement.indicator
    if unit is None:
        issues.append(UNKNOWN_UNIT.issue(segment=segments[0]))
    if indicator is None or placement.indicator_depth is None:
        issues.append(UNKNOWN_INDICATOR.issue(unit_folder=placement.unit_folder or segments[0]))
        return EvidenceFile(path, rel, role, facts, unit=unit, unit_folder=placement.unit_folder,
                            issues=tuple(issues))  # fmt: skip
    depth = placement.indicator_depth
    folder_depth = depth if depth < len(segments) - 1 else depth - 1
    indicator_folder = "/".join(rel_parts[: folder_depth + 2])
    sub = segments[depth + 1 :] if depth < len(segments) - 1 else [name]
    material = Assigner.material_of(indicator, sub, facts.format)
    if role is Role.waiver:
        # A waiver names the material it waives (in its name or folder), else it waives the whole item.
        named = Assigner.material_of(indicator, sub, "unknown")
        return EvidenceFile(path, rel, role, facts, unit=unit, unit_folder=placement.unit_folder,
                            indicator=indicator.code, indicator_folder=indicator_folder,
                            material_scope=named.name if named else None, issues=tuple(issues))  # fmt: skip
    return EvidenceFile(
        path, rel, role, facts,
        unit=unit, unit_folder=placement.unit_folder,
        indicator=indicator.code, indicator_folder=indicator_folder,
        material=material.name if material else None,
        issues=tuple(issues),
    )  # fmt: skip


def _ignored(
    path: Path, rel: str, segments: list[str], assigner: Assigner, issues: tuple[Issue, ...]
) -> EvidenceFile:
    """A file that is reported but never counted: temp files, links out of the tree, unreadable entries."""
    facts = Facts(format="unknown", kind="other", size=0, mtime=0.0)
    if len(segments) < 2:
        return EvidenceFile(path, rel, Role.ignored, facts, issues=issues)
    placement = assigner.place(segments)
    indicator = placement.indicator.code if placement.indicator else None
    return EvidenceFile(path, rel, Role.ignored, facts, unit=placement.unit, unit_folder=placement.unit_folder,
                        indicator=indicator, issues=issues)  # fmt: skip


def list_files(evidence: Path) -> list[tuple[Path, Issue | None]]:
    if not evidence.exists():
        raise ProjectError(
            f"找不到材料文件夹 {evidence}",
            hint="请在项目文件夹中建立 evidence 文件夹，按 evidence/<单位>/<指标编号 名称>/ 放入材料",
        )
    if not evidence.is_dir():
        raise ProjectError(f"{evidence} 应是文件夹，但它是一个文件", hint="请删除或改名该文件，再建立 evidence 文件夹")
    return list(_walk(evidence))


def scan(config: ProjectConfig, catalog: Catalog, progress: Progress | None = None) -> Inventory:
    """Walk evidence/, sniff and assign every file. Never raises for a single bad file."""
    project_root = config.root
    entries = list_files(config.evidence_dir)
    assigner = Assigner(catalog)
    files: list[EvidenceFile] = []
    total = len(entries)
    for done, (path, walk_issue) in enumerate(entries, 1):
        if walk_issue is not None:
            parts = [display_name(p) for p in path.relative_to(project_root).parts]
            files.append(_ignored(path, "/".join(parts), parts[1:], assigner, (walk_issue,)))
        else:  # sniffing and assigning one file never stops the scan (wenming_submit.guard)
            described = protect(_describe, path, project_root, config, assigner)
            if isinstance(described, Failure):
                parts = [display_name(p) for p in path.relative_to(project_root).parts]
                described = _ignored(path, "/".join(parts), parts[1:], assigner, (failure_issue(described),))
            files.append(described)
        if progress is not None:
            progress(done, total)
    files.sort(key=lambda f: f.rel)
    return Inventory(files=tuple(files), root=project_root)


__all__ = ["FORMATS", "Inventory", "list_files", "scan"]
