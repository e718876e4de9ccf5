"""Archives a unit sends (.zip, .7z, .rar): inspected from their directory, members checked in place.

Nothing is ever extracted under evidence/. An archive's directory is read first and the archive is refused
before anything is inflated when it looks like a bomb (too many members, too much declared data, an absurd
compression ratio, members whose data overlap), when a member name leads out of the archive (zip-slip:
"../", an absolute path, a drive letter), or when it is encrypted. Otherwise its members are written, one
by one and with a byte cap, to a private temporary folder outside the project (`member_root()`), so that
every later step (sniffing, the inspectors in their worker processes, duplicate hashing, the build) reads
a member like any other file. The member's EvidenceFile keeps the archive (`archive`) and the member name
(`member`); `open_member(file)` gives a readable path for it, materialising it again when the temporary
copy is gone (e.g. when a later process holds a result computed earlier).

Zip names without the UTF-8 flag are what Windows' built-in zip and most Chinese tools write: bytes in
the local code page (GBK). `zipfile` decodes them as cp437; they are re-encoded and decoded as UTF-8 when
that is valid, else GB18030.

Libraries: zipfile (standard library), py7zr (pure Python 7z, with an extraction size limit), rarfile (reads
RAR headers itself; extracting compressed RAR members needs `unrar`, `unar`, `bsdtar` or `7z` on the
machine — without one the finding asks the unit to unpack the archive).
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import re
import shutil
import tempfile
import threading
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from wenming_submit.findings.codes_files import (
    ARCHIVE_BOMB,
    ARCHIVE_ENCRYPTED,
    ARCHIVE_UNREADABLE,
    ARCHIVE_UNSAFE_NAME,
)
from wenming_submit.findings.registry import Issue

ARCHIVE_FORMATS = frozenset({"zip", "7z", "rar"})
MAX_MEMBERS = 10_000
MAX_TOTAL = 2 * 1024**3
"""Declared uncompressed bytes of all members together."""
MAX_MEMBER = 2 * 1024**3
MAX_RATIO = 100
"""Photos, PDFs and Office files barely compress; 100:1 on a member above RATIO_FLOOR is a bomb."""
RATIO_FLOOR = 1024 * 1024
MAX_DEPTH = 2
"""An archive inside an archive is opened; one more level is refused."""
_CHUNK = 1024 * 1024
_SKIPPED_DIRS = ("__MACOSX/",)


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


@dataclass(frozen=True)
class Opened:
    """An archive's members written to the temporary folder, or why it cannot be read."""

    members: tuple[tuple[Member, Path], ...] = ()
    problem: Issue | None = None


# ---------------------------------------------------------------------------------------------- names


def _decode_zip_name(info: zipfile.ZipInfo) -> tuple[str, bool]:
    """The member name as the unit wrote it, and whether its bytes were undecodable."""
    name = info.filename
    if info.flag_bits & 0x800 or name.isascii():
        return name, False
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name, False
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec), False
        except UnicodeDecodeError:
            continue
    return raw.decode("gb18030", "replace"), True


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


def _skipped(name: str) -> bool:
    """Folders, macOS resource forks and system files inside an archive: not material, not reported."""
    from wenming_submit.evidence.names import is_temp_file

    return name.startswith(_SKIPPED_DIRS) or is_temp_file(name.rsplit("/", 1)[-1])


# ----------------------------------------------------------------------------------------- temp folder

_root_lock = threading.Lock()
_root: Path | None = None


_PREFIX = "wenming-members-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process
        return True
    return True


def _remove_stale(temp: Path) -> None:
    """Folders left by a check that was killed (no exit handler ran): their process is gone.

    POSIX only: on Windows `os.kill(pid, 0)` would terminate the process instead of probing it.
    """
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        for folder in temp.glob(f"{_PREFIX}*-*"):
            pid = folder.name[len(_PREFIX) :].split("-", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)


def member_root() -> Path:
    """This process's private folder for archive members (removed at exit, or by the next check when
    this one is killed)."""
    global _root
    with _root_lock:
        if _root is None or not _root.is_dir():
            temp = Path(tempfile.gettempdir())
            _remove_stale(temp)
            _root = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", dir=temp))
            atexit.register(shutil.rmtree, _root, True)
        return _root


def _archive_dir(archive: Path) -> Path:
    st = archive.stat()
    key = f"{archive}\0{st.st_size}\0{st.st_mtime_ns}".encode("utf-8", "surrogateescape")
    folder = member_root() / hashlib.sha256(key).hexdigest()[:24]
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _member_path(folder: Path, index: int, member: Member) -> Path:
    """Where member `index` is written: its own numbered folder, keeping its base name (and extension)."""
    base = member.name.rsplit("/", 1)[-1]
    if len(base.encode("utf-8", "replace")) > 200:
        stem, dot, ext = base.rpartition(".")
        base = (stem[:40] + dot + ext[:16]) if dot else base[:60]
    target = folder / str(index) / base
    target.parent.mkdir(exist_ok=True)
    return target


# -------------------------------------------------------------------------------------- safety checks


def _bomb(members: list[Member], archive_size: int, *, solid_packed: int | None = None) -> Issue | None:
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


def _name_problem(members: list[Member]) -> Issue | None:
    bad = [m.name for m in members if unsafe_name(m.name)]
    if bad:
        shown = "、".join(bad[:3]) + (f" 等 {len(bad)} 个" if len(bad) > 3 else "")
        return ARCHIVE_UNSAFE_NAME.issue(names=shown)
    return None


def _copy_capped(src: IO[bytes], dest: Path, limit: int) -> None:
    """Copy at most `limit` bytes; a member that inflates beyond what it declared is a bomb."""
    written = 0
    with dest.open("wb") as out:
        while chunk := src.read(_CHUNK):
            written += len(chunk)
            if written > limit:
                raise _Refused(ARCHIVE_BOMB.issue(reason="成员解压后超过声明的大小"))
            out.write(chunk)


class _Refused(Exception):
    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.code)
        self.issue = issue


# ------------------------------------------------------------------------------------------------ zip


def _zip_members(zf: zipfile.ZipFile) -> list[Member]:
    out = []
    for info in zf.infolist():
        name, broken = _decode_zip_name(info)
        if info.is_dir() or name.endswith(("/", "\\")):
            continue
        out.append(
            Member(name, info.filename, info.file_size, info.compress_size, bool(info.flag_bits & 1), broken)
        )
    return out


def _open_zip(path: Path, folder: Path | None) -> Opened:
    with zipfile.ZipFile(path) as zf:
        members = _zip_members(zf)
        if problem := _checks(members, path.stat().st_size):
            return Opened(problem=problem)
        members = [m for m in members if not _skipped(clean_name(m.name))]
        if folder is None:
            return Opened(tuple((m, Path()) for m in members))
        written = []
        for index, m in enumerate(members):
            target = _member_path(folder, index, m)
            with zf.open(m.key) as src:
                _copy_capped(src, target, m.size)
            written.append((m, target))
        return Opened(tuple(written))


def _checks(members: list[Member], archive_size: int, solid_packed: int | None = None) -> Issue | None:
    if problem := _name_problem(members):
        return problem
    if any(m.encrypted for m in members):
        return ARCHIVE_ENCRYPTED.issue()
    return _bomb(members, archive_size, solid_packed=solid_packed)


# ------------------------------------------------------------------------------------------------- 7z


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


def _dictionary_problem(szf: Any, total: int) -> Issue | None:
    try:
        folders = szf.header.main_streams.unpackinfo.folders
        largest = max((_dictionary(c) for f in folders for c in f.coders), default=0)
    except (AttributeError, TypeError, ValueError):
        return None
    if largest > MAX_DICTIONARY and largest > 2 * total:
        return ARCHIVE_BOMB.issue(reason=f"解压需要 {largest // 2**20} MB 内存")
    return None


def _open_7z(path: Path, folder: Path | None) -> Opened:
    import py7zr
    from py7zr.io import Py7zIO, WriterFactory

    try:
        with py7zr.SevenZipFile(path, mode="r") as szf:
            encrypted = szf.needs_password()
            infos = [i for i in szf.list() if not i.is_directory]
            members = [
                Member(i.filename, i.filename, int(i.uncompressed or 0), None, encrypted) for i in infos
            ]
            packed = sum(int(i.compressed or 0) for i in infos) or path.stat().st_size
            if problem := _dictionary_problem(szf, sum(m.size for m in members)):
                return Opened(problem=problem)
    except py7zr.PasswordRequired:
        return Opened(problem=ARCHIVE_ENCRYPTED.issue())
    if problem := _checks(members, path.stat().st_size, solid_packed=packed):
        return Opened(problem=problem)
    members = [m for m in members if not _skipped(clean_name(m.name))]
    if folder is None:
        return Opened(tuple((m, Path()) for m in members))
    targets = {m.key: _member_path(folder, i, m) for i, m in enumerate(members)}
    limit = sum(m.size for m in members) + 1

    class _FileIO(Py7zIO):
        def __init__(self, target: Path) -> None:
            self._fh = target.open("wb")
            self._size = 0

        def write(self, s: bytes | bytearray) -> int:
            self._size += len(s)
            return self._fh.write(s)

        def read(self, size: int | None = None) -> bytes:
            return b""

        def seek(self, offset: int, whence: int = 0) -> int:
            return 0

        def flush(self) -> None:
            self._fh.flush()

        def size(self) -> int:
            return self._size

        def close(self) -> None:
            self._fh.close()

    opened: list[_FileIO] = []

    class _Factory(WriterFactory):
        def create(self, filename: str) -> Py7zIO:
            target = targets.get(filename)
            io_ = _FileIO(target if target is not None else Path(os.devnull))
            opened.append(io_)
            return io_

    try:
        with py7zr.SevenZipFile(path, mode="r", max_extract_size=limit) as szf:
            szf.extract(targets=list(targets), factory=_Factory())
    except py7zr.DecompressionBombError as exc:
        raise _Refused(ARCHIVE_BOMB.issue(reason="成员解压后超过声明的大小")) from exc
    finally:
        for io_ in opened:
            with contextlib.suppress(OSError):
                io_.close()
    missing = [m.name for m in members if not targets[m.key].exists()]
    if missing:
        return Opened(problem=ARCHIVE_UNREADABLE.issue(reason=f"无法取出 {missing[0]}"))
    return Opened(tuple((m, targets[m.key]) for m in members))


# ------------------------------------------------------------------------------------------------ rar


def _open_rar(path: Path, folder: Path | None) -> Opened:
    import rarfile

    with rarfile.RarFile(str(path)) as rf:
        if rf.needs_password():
            return Opened(problem=ARCHIVE_ENCRYPTED.issue())
        infos = [i for i in rf.infolist() if not i.is_dir()]
        members = [Member(i.filename, i.filename, int(i.file_size or 0), int(i.compress_size or 0),
                          i.needs_password()) for i in infos]  # fmt: skip
        if problem := _checks(members, path.stat().st_size):
            return Opened(problem=problem)
        members = [m for m in members if not _skipped(clean_name(m.name))]
        if folder is None:
            return Opened(tuple((m, Path()) for m in members))
        written = []
        for index, m in enumerate(members):
            target = _member_path(folder, index, m)
            with rf.open(m.key) as src:
                _copy_capped(src, target, m.size)
            written.append((m, target))
        return Opened(tuple(written))


# ----------------------------------------------------------------------------------------------- API

_OPENERS = {"zip": _open_zip, "7z": _open_7z, "rar": _open_rar}


def _reason(exc: BaseException) -> str:
    name = type(exc).__name__
    if name in ("RarCannotExec", "NoCrypto"):
        return "本机没有解压 RAR 的工具（unrar、bsdtar 或 7z）"
    if name == "UnsupportedCompressionMethodError" or isinstance(exc, NotImplementedError):
        return "使用了不支持的压缩方法"
    if "CRC" in str(exc) or "crc" in name.lower():
        return "校验和不符，文件已损坏"
    return f"结构损坏（{name}）"


def open_archive(path: Path, fmt: str, *, extract: bool = True) -> Opened:
    """List (and, with `extract`, write to the temporary folder) the members of the archive at `path`.

    Never raises for a bad archive: a bomb, zip-slip names, a password or damage come back as `problem`.
    """
    opener = _OPENERS.get(fmt)
    if opener is None:
        return Opened(problem=ARCHIVE_UNREADABLE.issue(reason="不支持的压缩格式"))
    folder = None
    try:
        folder = _archive_dir(path) if extract else None
        opened = opener(path, folder)
        if opened.problem is None and not opened.members:
            result = Opened(problem=ARCHIVE_UNREADABLE.issue(reason="没有读出任何文件（空的或已损坏）"))
        else:
            return opened
    except _Refused as refused:
        result = Opened(problem=refused.issue)
    except MemoryError:
        result = Opened(problem=ARCHIVE_BOMB.issue(reason="解压时占用内存过多"))
    except RuntimeError as exc:
        # zipfile raises RuntimeError for an encrypted member it was asked to read without a password.
        encrypted = "encrypted" in str(exc) or "password" in str(exc).lower()
        result = Opened(problem=ARCHIVE_ENCRYPTED.issue() if encrypted else
                        ARCHIVE_UNREADABLE.issue(reason=_reason(exc)))  # fmt: skip
    except OSError as exc:
        if folder is not None and isinstance(exc, OSError) and exc.errno == 28:
            reason = "临时文件夹空间不足"
        else:
            reason = _reason(exc)
        result = Opened(problem=ARCHIVE_UNREADABLE.issue(reason=reason))
    except Exception as exc:  # zlib.error, LZMAError, BadZipFile, py7zr/rarfile errors: a damaged archive
        result = Opened(problem=ARCHIVE_UNREADABLE.issue(reason=_reason(exc)))
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
    return result


def open_member(file: Any) -> Path:
    """A readable path holding the bytes of an EvidenceFile, also for an archive member.

    For a file on disk this is `file.path`. For a member (`file.archive_path` set) it is the temporary copy
    written by the scan, written again from the archive when it is gone. Raises OSError when the member
    cannot be had (the archive changed or is gone).
    """
    archive: Path | None = getattr(file, "archive_path", None)
    member: str | None = getattr(file, "member", None)
    if archive is None or member is None:
        return Path(file.path)
    path = Path(file.path)
    if path.is_file():
        return path
    outer = archive
    if outer.suffix == "" or not outer.is_file():  # a member of a member: open its container first
        raise FileNotFoundError(2, "压缩包已不存在", str(archive))
    fmt = {".zip": "zip", ".7z": "7z", ".rar": "rar"}.get(outer.suffix.lower(), "zip")
    for m, target in open_archive(outer, fmt).members:
        if m.name == member or clean_name(m.name) == member:
            return target
    raise FileNotFoundError(2, "压缩包中找不到该文件", f"{archive}!/{member}")


def member_bytes(file: Any, cap: int = MAX_MEMBER) -> bytes:
    """The bytes of an EvidenceFile (or archive member), at most `cap`."""
    with open_member(file).open("rb") as fh:
        data = fh.read(cap + 1)
    if len(data) > cap:
        raise ValueError("文件超过读取上限")
    return data


def member_name_parts(name: str) -> list[str]:
    return list(PurePosixPath(clean_name(name)).parts)
