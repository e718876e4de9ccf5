"""The safety rules for archive members, applied to an archive's directory before anything is inflated:
limits against bombs (member count, declared size, compression ratio, overlapping data, a 7z dictionary
too large to allocate), zip-slip names ("../", an absolute path, a drive letter), encryption, and a byte
cap while a member is copied out. evidence/archives.py reads the formats and applies these.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from wenming_submit.findings.codes_files import ARCHIVE_BOMB, ARCHIVE_ENCRYPTED, ARCHIVE_UNSAFE_NAME
from wenming_submit.findings.registry import Issue

MAX_MEMBERS = 10_000
MAX_TOTAL = 2 * 1024**3
"""Declared uncompressed bytes of all members together."""
MAX_MEMBER = 2 * 1024**3
MAX_RATIO = 100
"""Photos, PDFs and Office files barely compress; 100:1 on a member above RATIO_FLOOR is a bomb."""
RATIO_FLOOR = 1024 * 1024
CHUNK = 1024 * 1024
SKIPPED_DIRS = ("__MACOSX/",)


@dataclass(frozen=True)
class Member:
    name: str
    """Decoded, NFC, "/"-separated path inside the archive (what users see after `!/`)."""
    key: str
    """The name the library knows the member by."""
    size: int
    packed: int | None = None
    """Compressed bytes (None where the format does not say per member, e.g. solid 7z)."""
    encrypted: bool = False
    broken_name: bool = False
    """The name's bytes decode neither as UTF-8 nor as GB18030."""


# ---------------------------------------------------------------------------------------------- names


_DRIVE = re.compile(r"^[A-Za-z]:")


def unsafe_name(name: str) -> bool:
    """A member name that would land outside the folder it is extracted to (zip-slip)."""
    text = name.replace("\\", "/")
    if text.startswith("/") or _DRIVE.match(text) or "\x00" in text:
        return True
    return any(part == ".." for part in text.split("/"))


def clean_name(name: str) -> str:
    """ "/" separators (old Windows tools write "\\"), NFC, no empty or "." parts."""
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    return unicodedata.normalize("NFC", "/".join(parts))


def skipped_member(name: str) -> bool:
    """Folders, macOS resource forks and system files inside an archive: not material, not reported."""
    from wenming_submit.evidence.names import is_temp_file

    return name.startswith(SKIPPED_DIRS) or is_temp_file(name.rsplit("/", 1)[-1])


def member_name_parts(name: str) -> list[str]:
    return list(PurePosixPath(clean_name(name)).parts)


# -------------------------------------------------------------------------------------- safety checks


def bomb_problem(members: list[Member], archive_size: int, *, solid_packed: int | None = None) -> Issue | None:
    if len(members) > MAX_MEMBERS:
        return ARCHIVE_BOMB.issue(reason=f"包含 {len(members)} 个文件")
    total = sum(m.size for m in members)
    if total > MAX_TOTAL:
        return ARCHIVE_BOMB.issue(reason=f"声明解压后共 {total // 2**20} MB")
    for m in members:
        if m.size > MAX_MEMBER:
            return ARCHIVE_BOMB.issue(reason=f"{m.name} 声明解压后 {m.size // 2**20} MB")
        if m.packed is not None and m.size > RATIO_FLOOR and m.size / max(m.packed, 1) > MAX_RATIO:
            return ARCHIVE_BOMB.issue(reason=f"{m.name} 压缩比 {m.size / max(m.packed, 1):.0f}:1")
    packed = sum(m.packed or 0 for m in members)
    if packed > archive_size + 1024:
        return ARCHIVE_BOMB.issue(reason="成员的数据相互重叠")
    if solid_packed is not None and total > RATIO_FLOOR and total / max(solid_packed, 1) > MAX_RATIO:
        return ARCHIVE_BOMB.issue(reason=f"压缩比 {total / max(solid_packed, 1):.0f}:1")
    return None


def name_problem(members: list[Member]) -> Issue | None:
    bad = [m.name for m in members if unsafe_name(m.name)]
    if bad:
        shown = "、".join(bad[:3]) + (f" 等 {len(bad)} 个" if len(bad) > 3 else "")
        return ARCHIVE_UNSAFE_NAME.issue(names=shown)
    return None


def copy_capped(src: IO[bytes], dest: Path, limit: int) -> None:
    """Copy at most `limit` bytes; a member that inflates beyond what it declared is a bomb."""
    written = 0
    with dest.open("wb") as out:
        while chunk := src.read(CHUNK):
            written += len(chunk)
            if written > limit:
                raise Refused(ARCHIVE_BOMB.issue(reason="成员解压后超过声明的大小"))
            out.write(chunk)


class Refused(Exception):
    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.code)
        self.issue = issue


def directory_problem(members: list[Member], archive_size: int, solid_packed: int | None = None) -> Issue | None:
    if problem := name_problem(members):
        return problem
    if any(m.encrypted for m in members):
        return ARCHIVE_ENCRYPTED.issue()
    return bomb_problem(members, archive_size, solid_packed=solid_packed)


MAX_DICTIONARY = 256 * 1024**2
"""LZMA allocates the dictionary the header declares before reading any data; 7-Zip's "ultra" uses 64 MB
and shrinks it to the data's size for small archives."""


def _dictionary(coder: dict[str, Any]) -> int:
    """The dictionary an LZMA/LZMA2 coder of a 7z folder declares (0 for other coders)."""
    props = coder.get("properties") or b""
    if coder.get("method") == b"!" and len(props) >= 1:  # LZMA2: one byte
        code = min(props[0], 40)
        return (2 | (code & 1)) << (code // 2 + 11)
    if coder.get("method") == b"\x03\x01\x01" and len(props) >= 5:  # LZMA: lc/lp/pb byte + 4-byte size
        return int.from_bytes(props[1:5], "little")
    return 0


def dictionary_problem(szf: Any, total: int) -> Issue | None:
    try:
        folders = szf.header.main_streams.unpackinfo.folders
        largest = max((_dictionary(c) for f in folders for c in f.coders), default=0)
    except (AttributeError, TypeError, ValueError):
        return None
    if largest > MAX_DICTIONARY and largest > 2 * total:
        return ARCHIVE_BOMB.issue(reason=f"解压需要 {largest // 2**20} MB 内存")
    return None
