"""Opening the archives units send (zip, 7z, rar) into a private temporary folder, safely.

The rules are the check's (evidence/inspect/zipsafety.py): the archive's directory is read first and the
archive is refused, before anything is extracted, when it declares a bomb (too many members, too many
bytes, an absurd ratio), when a member is protected by a password, or when a member's path leads out of
the archive (zip-slip: `..`, an absolute path, a drive letter) or is a link. Nothing is ever extracted
outside the temporary folder, and every member is copied with a byte cap.

Zip names: Windows' built-in zip and old WinRAR write names in the machine's code page (GBK on Chinese
Windows) without setting the UTF-8 flag (bit 11); `zipfile` then decodes them as cp437. They are turned
back into bytes and decoded as UTF-8 (some tools write UTF-8 without the flag) or else GB18030.

RAR needs an external program (unrar, unar, 7z or bsdtar) that `rarfile` drives; without one the archive
is reported with the instruction to extract it by hand.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from wenming_submit.evidence.inspect.zipsafety import (
    MAX_MEMBER,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_TOTAL,
    RATIO_FLOOR,
)
from wenming_submit.findings.codes_content import CORRUPT, ENCRYPTED, ZIP_BOMB
from wenming_submit.findings.codes_core import UNREADABLE
from wenming_submit.findings.registry import CheckSpec

ARCHIVE_FORMATS = ("zip", "7z", "rar")
RAR_BY_HAND = (
    "本机没有能解压 RAR 的程序（unrar、unar、7z 或 bsdtar），请先用 WinRAR 或 7-Zip 手工解压，"
    "再对解压出的文件夹运行 wenming intake"
)


class ArchiveRefused(Exception):
    """The archive is not opened; `message` says why in Chinese, finding-like (code and text)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def refusal(spec: CheckSpec, **params: object) -> ArchiveRefused:
    """A refusal worded like the check's finding (ZIP_BOMB unsafe, CORRUPT …)."""
    spec.check_params(params)
    return ArchiveRefused(f"{spec.code} {spec.message.format(**params)}")


@dataclass(frozen=True)
class Member:
    name: str
    """Path inside the archive, `/`-separated, as the unit's computer wrote it (decoded)."""
    size: int
    compressed: int | None
    directory: bool = False
    link: bool = False
    encrypted: bool = False


def zip_member_name(info: zipfile.ZipInfo) -> str:
    """The member's name: UTF-8 when flagged, else the raw bytes as UTF-8 or GB18030 (GBK) — see above."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:  # Python already decoded it some other way (metadata_encoding)
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def safe_parts(name: str) -> tuple[str, ...]:
    """The path parts of a member; raises ArchiveRefused for a path leading out of the archive."""
    text = name.replace("\\", "/")
    if text.startswith("/") or (len(text) > 1 and text[1] == ":"):
        raise refusal(ZIP_BOMB, reason=f"成员「{name}」是绝对路径（可能写到压缩包之外）")
    parts = tuple(p for p in PurePosixPath(text).parts if p not in ("", "."))
    if ".." in parts:
        raise refusal(ZIP_BOMB, reason=f"成员「{name}」的路径含“..”，指向压缩包之外")
    return parts


def check_members(members: list[Member], archive_size: int) -> None:
    """Refuse a bomb, a password or a zip-slip from the directory alone (raises ArchiveRefused)."""
    if len(members) > MAX_MEMBERS:
        raise refusal(ZIP_BOMB, reason=f"包含 {len(members)} 个文件")
    if any(m.encrypted for m in members):
        raise ArchiveRefused(
            f"{ENCRYPTED.code} 压缩包设置了密码，无法解压：请向单位要不带密码的压缩包，或手工解压后对文件夹运行 wenming intake"
        )
    total = 0
    for member in members:
        safe_parts(member.name)
        if member.link:
            raise refusal(ZIP_BOMB, reason=f"成员「{member.name}」是链接（可能指向压缩包之外）")
        total += member.size
        if member.size > MAX_MEMBER:
            raise refusal(ZIP_BOMB, reason=f"成员「{member.name}」声明解压后 {member.size // 2**20} MB")
        if member.compressed is not None:
            ratio = member.size / max(member.compressed, 1)
            if member.size > RATIO_FLOOR and ratio > MAX_RATIO:
                raise refusal(ZIP_BOMB, reason=f"成员「{member.name}」压缩比 {ratio:.0f}:1")
    if total > MAX_TOTAL:
        raise refusal(ZIP_BOMB, reason=f"解压后共 {total // 2**20} MB")
    if total > RATIO_FLOOR and total / max(archive_size, 1) > MAX_RATIO:
        raise refusal(ZIP_BOMB, reason=f"整体压缩比 {total / max(archive_size, 1):.0f}:1")


def _copy_capped(src: IO[bytes], target: Path, cap: int) -> None:
    """Copy at most `cap` bytes; a member that yields more than it declared is refused."""
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with target.open("xb") as out:
        while chunk := src.read(1 << 20):
            written += len(chunk)
            if written > cap:
                raise refusal(ZIP_BOMB, reason=f"成员「{target.name}」解压出的数据超过其声明的大小")
            out.write(chunk)


def _keep_time(target: Path, date_time: tuple[int, int, int, int, int, int]) -> None:
    """The member's own time stamp (local time, as zip keeps it): newer versions are told by it."""
    try:
        stamp = dt.datetime(*date_time).timestamp()
        os.utime(target, (stamp, stamp))
    except (ValueError, OverflowError, OSError):
        pass


def _zip_is_link(info: zipfile.ZipInfo) -> bool:
    return info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16)


def _extract_zip(path: Path, dest: Path) -> list[tuple[str, Path]]:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            members = [
                Member(zip_member_name(i), i.file_size, i.compress_size, i.is_dir(), _zip_is_link(i),
                       bool(i.flag_bits & 0x1))
                for i in infos
            ]  # fmt: skip
            check_members(members, path.stat().st_size)
            out: list[tuple[str, Path]] = []
            for info, member in zip(infos, members, strict=True):
                if member.directory:
                    continue
                target = dest.joinpath(*safe_parts(member.name))
                with zf.open(info) as src:
                    _copy_capped(src, target, member.size)
                _keep_time(target, info.date_time)
                out.append(("/".join(safe_parts(member.name)), target))
            return out
    except (zipfile.BadZipFile, EOFError, NotImplementedError, ValueError) as exc:
        raise refusal(CORRUPT, reason=f"压缩包结构损坏（{exc}）") from None


def _extract_7z(path: Path, dest: Path) -> list[tuple[str, Path]]:
    import py7zr
    from py7zr.exceptions import Bad7zFile, PasswordRequired

    try:
        with py7zr.SevenZipFile(path, mode="r") as archive:
            if archive.needs_password():
                check_members([Member("", 0, 0, encrypted=True)], 0)
            infos = archive.list()
            members = [
                Member(i.filename, int(i.uncompressed or 0), i.compressed, bool(i.is_directory),
                       bool(i.is_symlink))
                for i in infos
            ]  # fmt: skip
            check_members(members, path.stat().st_size)
            archive.extractall(path=dest)
    except PasswordRequired:
        check_members([Member("", 0, 0, encrypted=True)], 0)
    except (Bad7zFile, EOFError, ValueError, KeyError, OSError, NotImplementedError) as exc:
        raise refusal(CORRUPT, reason=f"7z 压缩包无法解压（{type(exc).__name__}）") from None
    return [("/".join(safe_parts(m.name)), dest.joinpath(*safe_parts(m.name))) for m in members
            if not m.directory and dest.joinpath(*safe_parts(m.name)).is_file()]  # fmt: skip


def rar_tool_available() -> bool:
    import rarfile

    try:
        rarfile.tool_setup()
    except rarfile.RarCannotExec:
        return False
    return True


def _extract_rar(path: Path, dest: Path) -> list[tuple[str, Path]]:
    import rarfile

    try:
        with rarfile.RarFile(str(path)) as archive:
            if archive.needs_password():
                check_members([Member("", 0, 0, encrypted=True)], 0)
            infos = archive.infolist()
            members = [
                Member(i.filename or "", int(i.file_size or 0), i.compress_size, i.is_dir(), i.is_symlink(),
                       i.needs_password())
                for i in infos
            ]  # fmt: skip
            check_members(members, path.stat().st_size)
            if not rar_tool_available():
                raise ArchiveRefused(RAR_BY_HAND)
            out: list[tuple[str, Path]] = []
            for info, member in zip(infos, members, strict=True):
                if member.directory:
                    continue
                target = dest.joinpath(*safe_parts(member.name))
                with archive.open(info) as src:
                    _copy_capped(src, target, member.size)
                out.append(("/".join(safe_parts(member.name)), target))
            return out
    except rarfile.RarCannotExec:
        raise ArchiveRefused(RAR_BY_HAND) from None
    except (rarfile.Error, EOFError, OSError) as exc:
        raise ArchiveRefused(f"{CORRUPT.code} RAR 压缩包无法解压（{exc}）；{RAR_BY_HAND}") from None


EXTRACTORS: dict[str, Callable[[Path, Path], list[tuple[str, Path]]]] = {
    "zip": _extract_zip,
    "7z": _extract_7z,
    "rar": _extract_rar,
}


def extract(path: Path, format_id: str, dest: Path) -> list[tuple[str, Path]]:
    """(member path, extracted file) for every file of the archive, in archive order.

    Raises ArchiveRefused (nothing usable extracted) with the reason in Chinese. `dest` is removed by the
    caller; on a refusal it may hold part of the archive.
    """
    try:
        return EXTRACTORS[format_id](path, dest)
    except ArchiveRefused:
        shutil.rmtree(dest, ignore_errors=True)
        raise
    except OSError as exc:
        shutil.rmtree(dest, ignore_errors=True)
        raise ArchiveRefused(f"{UNREADABLE.code} 无法解压：{exc.strerror or exc}") from None
