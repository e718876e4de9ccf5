"""manifest.json of the upload package, and `verify`: the package checked against it (like a BagIt bag).

The manifest holds no build time, so the same input gives the same manifest and the same zip.
"""

from __future__ import annotations

import json
import lzma
import os
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from wenming_submit import __version__
from wenming_submit.assemble.naming import is_inside
from wenming_submit.assemble.package import PackedFile
from wenming_submit.assemble.package_plan import PACKAGE_DIR, ExcludedFile
from wenming_submit.digest import sha256_file, sha256_stream
from wenming_submit.errors import ProjectError

MANIFEST_NAME = "manifest.json"
BUILD_MARKER = "网报材料清单.xlsx"
"""Written next to the zip by `wenming build` but not packed into it: its presence tells the build's own
folder (where a missing zip is a problem) from an unzipped package (which never has the zip beside it)."""
MANIFEST_VERSION = 1


def manifest_bytes(title: str, files: Sequence[PackedFile], *, zip_name: str | None, encoding: str,
                   excluded: Sequence[ExcludedFile] = ()) -> bytes:  # fmt: skip
    """The manifest: every packed file (with `masked` when it is a masked copy) and, under `excluded`,
    the files left out because of an error finding, with the reason."""
    document: dict[str, Any] = {
        "version": MANIFEST_VERSION,
        "tool": f"wenming-submit {__version__}",
        "title": title,
        "package": PACKAGE_DIR,
        "zip": zip_name,
        "zip_encoding": encoding,
        "files": [
            {k: v for k, v in asdict(f).items() if v is not None} for f in sorted(files, key=lambda f: f.path)
        ],
    }
    if excluded:
        document["excluded"] = [asdict(x) for x in sorted(excluded, key=lambda x: x.source)]
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@dataclass
class VerifyReport:
    checked: int = 0
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)
    """(path, reason)"""
    zip_problems: list[str] = field(default_factory=list)
    zip_name: str | None = None
    notes: list[str] = field(default_factory=list)
    """What was (not) checked and why, in Chinese (an unzipped package has no zip next to it)."""
    problems: list[str] = field(default_factory=list)
    """What makes the package untrustworthy as a whole (a symlinked folder, an unsafe path in the manifest)."""

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.changed or self.zip_problems or self.problems)


MAX_MANIFEST = 256 * 1048576
"""A manifest.json larger than this is not ours (a real one is about 300 bytes per file)."""


def _damaged(path: Path, what: str = "") -> ProjectError:
    return ProjectError(f"{MANIFEST_NAME} 已损坏，无法读取{what}", path=path, hint="请重新运行 wenming build")


def _valid_entry(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("path"), str)
        and isinstance(entry.get("size", 0), int)
        and isinstance(entry.get("sha256", ""), str)
    )


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST_NAME
    if not folder.is_dir():
        raise ProjectError(
            f"找不到文件夹 {folder}", hint="请指定 wenming build 生成的文件夹，如 output/<标题>"
        )
    if not path.is_file():
        raise ProjectError(
            f"{folder} 中没有 {MANIFEST_NAME}", hint="这不是 wenming build 生成的材料包，或清单已被删除"
        )
    if path.is_symlink():
        raise ProjectError(f"{MANIFEST_NAME} 是符号链接，未读取", path=path,
                           hint="wenming build 生成的清单是普通文件；请重新运行 wenming build")  # fmt: skip
    try:
        if path.stat().st_size > MAX_MANIFEST:
            raise _damaged(path, "（文件过大）")
        document = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: JSON nested thousands deep
        raise _damaged(path) from None
    except OSError as exc:
        raise ProjectError(f"无法读取 {MANIFEST_NAME}：{exc.strerror}", path=path) from None
    if not isinstance(document, dict):
        raise _damaged(path)
    files = document.get("files")
    if not isinstance(files, list) or not all(_valid_entry(f) for f in files):
        raise _damaged(path, "（files 不是文件列表）")
    for key in ("zip", "package"):
        if document.get(key) is not None and not isinstance(document[key], str):
            raise _damaged(path, f"（{key} 应为文字）")
    return dict(document)


def _symlink_on_the_way(folder: Path, rel: str) -> str | None:
    """The first part of `rel` below `folder` that is a symlink (verify never follows one), else None."""
    current = folder
    for part in rel.split("/"):
        current = current / part
        if current.is_symlink():
            return current.relative_to(folder).as_posix()
    return None


def _check_file(folder: Path, entry: dict[str, Any], report: VerifyReport) -> None:
    rel = str(entry["path"])
    if not is_inside(rel):
        report.changed.append((rel, "清单中的路径不安全（指向材料包之外），未读取"))
        return
    if (link := _symlink_on_the_way(folder, rel)) is not None:
        report.changed.append((rel, f"{link} 是符号链接（指向材料包之外的位置），未读取"))
        return
    path = folder / rel
    if not path.is_file():
        report.missing.append(rel)
        return
    report.checked += 1
    size = path.stat().st_size
    if size != entry.get("size"):
        report.changed.append((rel, f"大小不同（清单 {entry.get('size')} 字节，实际 {size} 字节）"))
    elif sha256_file(path) != entry.get("sha256"):
        report.changed.append((rel, "内容不同（SHA-256 不符）"))


_MEMBER_ERRORS = (RuntimeError, NotImplementedError, ValueError, EOFError, OSError, zlib.error, lzma.LZMAError,
                  zipfile.BadZipFile)  # fmt: skip
"""What reading one zip member can raise: encrypted (RuntimeError), an unsupported method, bad data."""


def _member_digest(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> str | None:
    if info.flag_bits & 0x1:
        return None  # encrypted: zipfile would ask for a password
    try:
        with zf.open(info) as fh:
            return sha256_stream(fh)
    except _MEMBER_ERRORS:
        return None


def _check_zip(zip_path: Path, expected: dict[str, str], manifest: bytes, report: VerifyReport) -> None:
    try:
        with zipfile.ZipFile(zip_path) as zf:
            names: dict[str, zipfile.ZipInfo] = {}
            for info in zf.infolist():
                name = info.filename
                if not info.flag_bits & 0x800:
                    name = name.encode("cp437", errors="replace").decode("gbk", errors="replace")
                if not name.endswith("/"):
                    names[name] = info
            for rel, digest in expected.items():
                info_or_none = names.get(rel)
                if info_or_none is None:
                    report.zip_problems.append(f"压缩包中缺少 {rel}")
                    continue
                actual = _member_digest(zf, info_or_none)
                if actual is None:
                    report.zip_problems.append(f"压缩包中 {rel} 无法读取（已加密、压缩方式不支持或数据损坏）")
                elif actual != digest:
                    report.zip_problems.append(f"压缩包中 {rel} 的内容与清单不符")
            for name in sorted(set(names) - set(expected) - {MANIFEST_NAME}):
                report.zip_problems.append(f"压缩包中多出 {name}")
            if MANIFEST_NAME not in names:
                report.zip_problems.append(f"压缩包中缺少 {MANIFEST_NAME}")
            else:
                info = names[MANIFEST_NAME]
                inside = _member_bytes(zf, info) if info.file_size <= MAX_MANIFEST else None
                if inside != manifest:
                    report.zip_problems.append(f"压缩包中的 {MANIFEST_NAME} 与文件夹中的不同")
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError) as exc:
        report.zip_problems.append(f"压缩包无法读取（{type(exc).__name__}），可能已损坏")


def _member_bytes(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    if info.flag_bits & 0x1:
        return None
    try:
        return zf.read(info)
    except _MEMBER_ERRORS:
        return None


def _extra_files(folder: Path, package: str, listed: dict[str, Any], report: VerifyReport) -> None:
    """Files under the package folder the manifest does not list; symlinked folders are not followed."""
    if not is_inside(package):
        report.problems.append(f"清单中的材料包路径「{package}」不安全（指向材料包之外），未读取")
        return
    if (link := _symlink_on_the_way(folder, package)) is not None:
        report.problems.append(f"{link} 是符号链接（指向材料包之外的位置），未读取")
        return
    package_root = folder / package
    if not package_root.is_dir():
        return
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(package_root):  # followlinks=False
        base = Path(dirpath)
        links = [d for d in dirnames if (base / d).is_symlink()]
        for name in sorted(filenames + links):
            found.append((base / name).relative_to(folder).as_posix())
    report.extra.extend(rel for rel in sorted(found) if rel not in listed)


def verify_package(folder: Path) -> VerifyReport:
    """Compare the files under `folder` (and its zip) with its manifest: missing, extra, changed.

    Never follows a symlink inside the package (a package folder linked to /etc is reported, not read),
    and a damaged manifest (wrong types, JSON nested too deep) is a Chinese error, not a crash.
    """
    document = read_manifest(folder)
    report = VerifyReport(zip_name=document.get("zip"))
    listed = {str(f["path"]): f for f in document["files"]}
    for entry in listed.values():
        _check_file(folder, entry, report)
    _extra_files(folder, str(document.get("package") or PACKAGE_DIR), listed, report)
    zip_name = report.zip_name
    if zip_name and not is_inside(zip_name):
        report.zip_problems.append(f"清单中的压缩包路径「{zip_name}」不安全（指向材料包之外），未读取")
    elif zip_name:
        zip_path = folder / zip_name
        if _symlink_on_the_way(folder, zip_name) is not None:
            report.zip_problems.append(f"{zip_name} 是符号链接，未读取")
        elif zip_path.is_file():
            manifest = (folder / MANIFEST_NAME).read_bytes()
            _check_zip(zip_path, {k: str(v.get("sha256")) for k, v in listed.items()}, manifest, report)
        elif (folder / BUILD_MARKER).exists():
            report.zip_problems.append(f"找不到压缩包 {zip_name}")  # wenming build's folder lost its zip
        else:
            report.zip_name = None
            report.notes.append(f"这是解压后的材料包（旁边没有 {zip_name}），只核对了文件夹中的文件")
    return report


def verify_zip(zip_path: Path) -> VerifyReport:
    """Check a package zip on its own, against the manifest.json inside it."""
    try:
        with zipfile.ZipFile(zip_path) as zf:
            names = {_zip_name(info): info for info in zf.infolist() if not info.filename.endswith("/")}
            if MANIFEST_NAME not in names:
                raise ProjectError(
                    f"压缩包 {zip_path.name} 中没有 {MANIFEST_NAME}",
                    hint="这不是 wenming build 生成的压缩包",
                )
            manifest = zf.read(names[MANIFEST_NAME])
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ProjectError(f"压缩包 {zip_path} 无法读取：{exc}", hint="请重新下载或重新生成压缩包") from None
    try:
        document = json.loads(manifest.decode("utf-8"))
        files = document["files"]
        if not isinstance(files, list) or not all(isinstance(f, dict) and "path" in f for f in files):
            raise ValueError("files")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
        raise ProjectError(f"压缩包中的 {MANIFEST_NAME} 已损坏，无法读取", path=zip_path) from None
    report = VerifyReport(zip_name=zip_path.name)
    report.checked = len(files)
    _check_zip(zip_path, {str(f["path"]): str(f.get("sha256")) for f in files}, manifest, report)
    return report


def _zip_name(info: zipfile.ZipInfo) -> str:
    name = info.filename
    return name if info.flag_bits & 0x800 else name.encode("cp437").decode("gbk", errors="replace")


def packages_in(folder: Path) -> list[Path]:
    """Package folders (with a manifest.json) directly inside `folder`, e.g. the project's output/."""
    if not folder.is_dir():
        return []
    return sorted(child for child in folder.iterdir() if child.is_dir() and (child / MANIFEST_NAME).is_file())
