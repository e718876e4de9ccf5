"""Walk evidence/ and produce the Inventory: every file typed by content and assigned.

Read-only by construction: files are opened for reading only; links are never followed out of the tree.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from wenming_submit.catalog.model import Catalog
from wenming_submit.config import ProjectConfig
from wenming_submit.errors import ProjectError
from wenming_submit.evidence.archive_safety import member_name_parts
from wenming_submit.evidence.archives import ARCHIVE_FORMATS, MAX_DEPTH, MemberStore, open_archive
from wenming_submit.evidence.assign import Assigner
from wenming_submit.evidence.cache import stat_stamp
from wenming_submit.evidence.formats import FORMATS
from wenming_submit.evidence.model import EvidenceFile, Facts, Inventory, Role
from wenming_submit.evidence.names import (
    display_name,
    has_broken_encoding,
    is_temp_file,
    odd_folder_reason,
    odd_name_reason,
)
from wenming_submit.evidence.sniff import Sniffed, decode_sniffed, encode_sniffed, sniff
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
from wenming_submit.findings.codes_files import ARCHIVE_BOMB, ARCHIVE_EXPANDED, PATH_TOO_LONG
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


PATH_MAX_BYTES = 4096
"""Linux refuses a path of this many bytes (with its terminating NUL) in every call that takes one."""


def _too_long(path: Path) -> int:
    """The byte length of `path` when the OS would refuse it, else 0."""
    length = len(os.fsencode(os.path.abspath(path)))
    return length if length >= PATH_MAX_BYTES else 0


def _fwalk(top: Path, errors: list[OSError]) -> Iterator[tuple[str, list[str], list[str], int | None]]:
    """os.fwalk where the platform has it (POSIX); Windows walks by path (its limit is not PATH_MAX)."""
    if hasattr(os, "fwalk"):
        yield from os.fwalk(top, onerror=errors.append, follow_symlinks=False)
    else:  # pragma: no cover - Windows
        for dirpath, dirnames, filenames in os.walk(top, onerror=errors.append, followlinks=False):
            yield dirpath, dirnames, filenames, None


def _lstat(path: Path, name: str, dirfd: int | None) -> os.stat_result:
    return os.stat(name, dir_fd=dirfd, follow_symlinks=False) if dirfd is not None else os.lstat(path)


def _walk(evidence: Path) -> Iterator[tuple[Path, Issue | None]]:
    """Every file below `evidence` (links to files inside included), with a walk-level issue if any.

    Walked with directory descriptors (`os.fwalk`), so a folder nested deeper than the OS's path limit is
    reported (PATH_TOO_LONG) instead of crashing the walk.
    """
    root_real = evidence.resolve()
    errors: list[OSError] = []
    # Walk the real folder (an evidence/ that is itself a link, allowed with --allow-external-evidence, is
    # not followed by a walk that follows no links) and report paths as seen from the project.
    for dirpath, dirnames, filenames, dirfd in _fwalk(root_real, errors):
        dirnames.sort()
        base = evidence / Path(dirpath).relative_to(root_real)
        for name in list(dirnames):
            full = base / name
            if length := _too_long(full):
                dirnames.remove(name)
                yield full, PATH_TOO_LONG.issue(length=length)
                continue
            try:
                mode = _lstat(full, name, dirfd).st_mode
                if not stat.S_ISLNK(mode) and dirfd is not None:
                    os.close(os.open(name, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0), dir_fd=dirfd))
            except OSError as exc:
                dirnames.remove(name)
                yield full, UNREADABLE.issue(reason=_os_reason(exc))
                continue
            if stat.S_ISLNK(mode):
                dirnames.remove(name)
                # A link to a folder inside the tree: its files are scanned at their real place.
                if issue := _link_issue(full, root_real, folder=True):
                    yield full, issue
        for name in sorted(filenames):
            path = base / name
            if length := _too_long(path):
                yield path, PATH_TOO_LONG.issue(length=length)
                continue
            try:
                mode = _lstat(path, name, dirfd).st_mode
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
        where = Path(err.filename) if err.filename else evidence
        yield (where if where.is_absolute() else evidence), UNREADABLE.issue(reason=_os_reason(err))


class SniffMemo:
    """Formats found by earlier scans, by path and stamp (evidence/cache.py keeps them): an unchanged file
    is not opened again by a re-check. `fresh` and `gone` are what to save afterwards."""

    def __init__(self, known: dict[str, tuple[str, str]]) -> None:
        self.known = known
        self.fresh: list[tuple[str, str, str]] = []
        self._seen: set[str] = set()

    def sniff(self, path: Path, info: os.stat_result) -> Sniffed:
        key, stamp = str(path), stat_stamp(info)
        self._seen.add(key)
        entry = self.known.get(key)
        hit = decode_sniffed(entry[1]) if entry is not None and entry[0] == stamp else None
        if hit is not None and stat.S_ISREG(info.st_mode):
            return hit
        found = sniff(path)  # the stamp was taken before: a file changed meanwhile is sniffed again next time
        self.fresh.append((key, stamp, encode_sniffed(found)))
        return found

    @property
    def gone(self) -> list[str]:
        return [key for key in self.known if key not in self._seen]


def _facts(path: Path, mtime: float | None = None, memo: SniffMemo | None = None) -> tuple[Facts, list[Issue]]:
    try:
        info = path.stat()
        sniffed = sniff(path) if memo is None else memo.sniff(path, info)
    except OSError as exc:
        reason = _os_reason(exc)
        return Facts(format="unknown", kind="other", size=0, mtime=0.0), [UNREADABLE.issue(reason=reason)]
    facts = Facts(
        format=sniffed.format.id,
        kind=sniffed.format.kind,
        size=info.st_size,
        mtime=info.st_mtime if mtime is None else mtime,
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


def _describe(
    path: Path, project_root: Path, config: ProjectConfig, assigner: Assigner, memo: SniffMemo | None = None
) -> EvidenceFile:
    raw_parts = path.relative_to(project_root).parts
    parts = [display_name(p) for p in raw_parts]
    broken = any(has_broken_encoding(part) for part in raw_parts)
    return _describe_at(path, parts, parts[1:], config, assigner, broken=broken, memo=memo)


def _describe_at(
    path: Path, parts: list[str], segments: list[str], config: ProjectConfig, assigner: Assigner, *,
    broken: bool = False, mtime: float | None = None, memo: SniffMemo | None = None,
) -> EvidenceFile:
    """`parts`: the path users see (from "evidence" on); `segments`: the names below evidence/ that place
    the file (the same, except that an archive counts as a folder named by its stem)."""
    rel = "/".join(parts)
    name = segments[-1]
    role = _role(name, config)
    issues: list[Issue] = []
    if broken:
        issues.append(UNREADABLE.issue(reason="文件名编码损坏（可能来自压缩包或旧系统）"))
    if role is Role.ignored:
        # Not sniffed, but placed, so that `--unit`/`--indicator` still show the finding to its unit.
        return _ignored(path, rel, segments, assigner, (*issues, TEMP_FILE.issue()))
    facts, read_issues = _facts(path, mtime, memo)
    issues += read_issues
    if role is Role.evidence and (reason := odd_name_reason(name) or odd_folder_reason(segments[:-1])):
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
    indicator_folder = "/".join(parts[: folder_depth + 2]).removesuffix("!")
    sub = segments[depth + 1 :] if depth < len(segments) - 1 else [name]
    choice = Assigner.choose_material(indicator, sub, facts.format)
    if role is Role.waiver:
        # A waiver names the material it waives (in its name or folder), else it waives the whole item.
        named = Assigner.material_of(indicator, sub, "unknown")
        return EvidenceFile(path, rel, role, facts, unit=unit, unit_folder=placement.unit_folder,
                            indicator=indicator.code, indicator_folder=indicator_folder,
                            material_scope=named.name if named else None, issues=tuple(issues),
                            sub_path=tuple(sub))  # fmt: skip
    return EvidenceFile(
        path, rel, role, facts,
        unit=unit, unit_folder=placement.unit_folder,
        indicator=indicator.code, indicator_folder=indicator_folder,
        material=choice.material.name if choice.material else None,
        issues=tuple(issues), sub_path=tuple(sub),
        assigned_by=choice.by, assign_reason=choice.reason,
    )  # fmt: skip


def _is_archive(file: EvidenceFile) -> bool:
    """An archive to open: archive content under an archive's name. A .docx that is a plain zip (an
    OPC-broken document, or one missing its body) stays a document with its own findings."""
    if file.facts.format not in ARCHIVE_FORMATS or file.role is not Role.evidence:
        return False
    return file.name.rsplit(".", 1)[-1].lower() in ("zip", "7z", "rar")


_PLACEMENT_CODES = frozenset({NOT_A_FOLDER.code, UNKNOWN_UNIT.code, UNKNOWN_INDICATOR.code})


def _expand(
    archive: EvidenceFile, parts: list[str], segments: list[str], config: ProjectConfig, assigner: Assigner,
    depth: int = 1, store: MemberStore | None = None, memo: SniffMemo | None = None,
) -> list[EvidenceFile]:
    """An archive's members as files of the archive's folder (the archive itself kept as a helper file).

    `parts`/`segments` are the archive's own. A member's rel is `<archive rel>!/<member path>`; it is placed
    as if the archive were a folder named by its stem. With a `store`, members kept from an earlier run are
    not extracted again, and their formats come from the `memo` like any unchanged file's.
    """
    kept = tuple(i for i in archive.issues if i.code not in _PLACEMENT_CODES)
    facts = replace(archive.facts, extra={k: v for k, v in archive.facts.extra.items() if k != "sniff_detail"})
    container = replace(archive, role=Role.helper, material=None, facts=facts, assigned_by=None,
                        assign_reason=None)  # fmt: skip
    if depth > MAX_DEPTH:
        problem: Issue | None = ARCHIVE_BOMB.issue(reason=f"压缩包中套有 {depth} 层压缩包")
        opened = None
    else:
        opened = open_archive(archive.path, archive.facts.format, store=store)
        problem = opened.problem
    if problem is not None or opened is None:
        return [replace(container, issues=(*kept, problem or ARCHIVE_BOMB.issue(reason="无法读取")))]
    stem = segments[-1].rsplit(".", 1)[0] if "." in segments[-1] else segments[-1]
    members: list[EvidenceFile] = []
    for member, temp in opened.members:
        inner = [display_name(p) for p in member_name_parts(member.name)]
        if not inner:
            continue
        m_parts = [*parts[:-1], parts[-1] + "!", *inner]
        m_segments = [*segments[:-1], stem, *inner]
        f = _describe_at(temp, m_parts, m_segments, config, assigner, broken=member.broken_name,
                         mtime=archive.facts.mtime, memo=memo if store is not None else None)  # fmt: skip
        f = replace(f, archive_path=archive.path, member="/".join(inner))
        if _is_archive(f):
            members += _expand(f, m_parts, m_segments, config, assigner, depth + 1, store, memo)
        else:
            members.append(f)
    count = sum(1 for f in members if f.role is not Role.helper)
    return [replace(container, issues=(*kept, ARCHIVE_EXPANDED.issue(count=count))), *members]


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


def scan(
    config: ProjectConfig, catalog: Catalog, progress: Progress | None = None, memo: SniffMemo | None = None,
    members: MemberStore | None = None,
) -> Inventory:
    """Walk evidence/, sniff and assign every file. Never raises for a single bad file.

    `memo`: formats of earlier scans, used for unchanged files and updated with what this scan found.
    `members`: where archive members are kept between runs (else they are written afresh to a temporary
    folder, and sniffed every time)."""
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
            described = protect(_describe, path, project_root, config, assigner, memo)
            if isinstance(described, Failure):
                parts = [display_name(p) for p in path.relative_to(project_root).parts]
                described = _ignored(path, "/".join(parts), parts[1:], assigner, (failure_issue(described),))
                files.append(described)
            elif _is_archive(described):
                parts = [display_name(p) for p in path.relative_to(project_root).parts]
                files += _expand(described, parts, parts[1:], config, assigner, store=members, memo=memo)
            else:
                files.append(described)
        if progress is not None:
            progress(done, total)
    if members is not None:
        members.prune()
    files.sort(key=lambda f: f.rel)
    return Inventory(files=tuple(files), root=project_root)


__all__ = ["FORMATS", "Inventory", "SniffMemo", "list_files", "scan"]
