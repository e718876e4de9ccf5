"""Archives a unit sends (.zip, .7z, .rar): inspected from their directory, members checked in place.

Nothing is ever extracted under evidence/. An archive's directory is read first and the archive is refused
before anything is inflated when it looks like a bomb (too many members, too much declared data, an absurd
compression ratio, members whose data overlap), when a member name leads out of the archive (zip-slip:
"../", an absolute path, a drive letter), or when it is encrypted (those rules: archive_safety.py).
Otherwise its members are written, one by one and with a byte cap, to the project's
`output/.cache/members/` (`MemberStore`: kept between runs, so a re-check of an unchanged archive only
reads its directory) or, without a cache, to a private temporary folder outside the project
(`member_root()`), so that every later step (sniffing, the inspectors in their worker processes,
duplicate hashing, the build) reads a member like any other file. The member's EvidenceFile
keeps the archive (`archive`) and the member name (`member`); `open_member(file)` gives a readable path
for it, materialising it again when the temporary copy is gone (e.g. when a later process holds a result
computed earlier).

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
import shutil
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from wenming_submit.evidence.archive_safety import (
    MAX_MEMBER,
    Member,
    Refused,
    clean_name,
    copy_capped,
    dictionary_problem,
    directory_problem,
    skipped_member,
)
from wenming_submit.findings.codes_files import (
    ARCHIVE_BOMB,
    ARCHIVE_ENCRYPTED,
    ARCHIVE_UNREADABLE,
)
from wenming_submit.findings.registry import Issue

ARCHIVE_FORMATS = frozenset({"zip", "7z", "rar"})
MAX_DEPTH = 2
"""An archive inside an archive is opened; one more level is refused."""
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


def _archive_key(archive: Path, *, full: bool = False) -> str:
    """A folder name for the members of this version of `archive` (`full`: its inode and change time too,
    for a folder kept between runs)."""
    st = archive.stat()
    key = f"{archive}\0{st.st_size}\0{st.st_mtime_ns}"
    if full:
        key += f"\0{st.st_ino}\0{st.st_ctime_ns}"
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:24]


def _archive_dir(archive: Path) -> Path:
    folder = member_root() / _archive_key(archive)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _member_target(folder: Path, index: int, member: Member) -> Path:
    """Where member `index` is written: its own numbered folder, keeping its base name (and extension)."""
    base = member.name.rsplit("/", 1)[-1]
    if len(base.encode("utf-8", "replace")) > 200:
        stem, dot, ext = base.rpartition(".")
        base = (stem[:40] + dot + ext[:16]) if dot else base[:60]
    return folder / str(index) / base


def _member_path(folder: Path, index: int, member: Member) -> Path:
    target = _member_target(folder, index, member)
    target.parent.mkdir(exist_ok=True)
    return target


class MemberStore:
    """Archive members kept between runs in `folder` (the project's output/.cache/members/), one folder per
    version of an archive, so that a re-check does not extract an unchanged archive again: it reads the
    archive's directory (and refuses a bad one exactly as before) and finds every member already written.

    A folder is written under a temporary name and renamed into place when complete, and a complete one is
    never removed while its version is in use: two checks started together on a new archive both extract
    it, the first to finish puts its copy in place and the other uses that one. A member whose copy is
    missing or has another size has its archive extracted again. `prune` removes the folders of
    archives this run did not open (changed or gone), once they are an hour old, so a check running at the
    same time on another version keeps its own.
    """

    STALE_SECONDS = 3600.0

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()

    def open(self, path: Path, opener: Callable[[Path, Path | None], Opened]) -> Opened:
        key = _archive_key(path, full=True)
        self.used.add(key)
        final = self.folder / key
        listed = opener(path, None)  # the directory and its safety rules: nothing is inflated yet
        if listed.problem is not None or not listed.members:
            return listed
        kept = self._kept(final, listed)
        if kept is not None:
            with contextlib.suppress(OSError):
                os.utime(final)
            return kept
        self.folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".part-{os.getpid()}-", dir=self.folder))
        try:
            opened = opener(path, staging)
            if opened.problem is not None:
                return opened
            if final.exists() and self._kept(final, listed) is None:
                self._retire(final)  # an incomplete or altered copy (a complete one may be in use: kept)
            try:
                os.rename(staging, final)
            except OSError:  # another check put the same version in place meanwhile: use theirs
                kept = self._kept(final, listed)
                if kept is None:
                    raise
                return kept
            return Opened(tuple((m, final / target.relative_to(staging)) for m, target in opened.members))
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _retire(self, final: Path) -> None:
        """Move `final` aside under a name of this process, then remove it."""
        retired = self.folder / f".part-{os.getpid()}-old-{final.name}"
        with contextlib.suppress(OSError):
            os.rename(final, retired)
        shutil.rmtree(retired, ignore_errors=True)

    @staticmethod
    def _kept(final: Path, listed: Opened) -> Opened | None:
        members = []
        for index, (member, _) in enumerate(listed.members):
            target = _member_target(final, index, member)
            try:
                if target.stat().st_size != member.size:
                    return None
            except OSError:
                return None
            members.append((member, target))
        return Opened(tuple(members))

    def prune(self) -> None:
        """Remove the folders of archive versions this run did not open, and staging folders of dead runs."""
        now = time.time()
        with contextlib.suppress(OSError):
            for entry in self.folder.iterdir():
                name = entry.name
                if name.startswith(".part-"):
                    pid = name[len(".part-") :].split("-", 1)[0]
                    if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
                        shutil.rmtree(entry, ignore_errors=True)
                    continue
                if name in self.used:
                    continue
                with contextlib.suppress(OSError):
                    if now - entry.stat().st_mtime > self.STALE_SECONDS:
                        shutil.rmtree(entry, ignore_errors=True)


# ------------------------------------------------------------------------------------------------ zip


def _copied(members: list[Member], folder: Path | None, open_member: Callable[[Any], IO[bytes]]) -> Opened:
    """The members that are evidence (not __MACOSX/, temp files), each copied into `folder` with its size cap;
    with no folder, only listed. The same for every archive format whose reader opens a member by key."""
    members = [m for m in members if not skipped_member(clean_name(m.name))]
    if folder is None:
        return Opened(tuple((m, Path()) for m in members))
    written = []
    for index, m in enumerate(members):
        target = _member_path(folder, index, m)
        with open_member(m.key) as src:
            copy_capped(src, target, m.size)
        written.append((m, target))
    return Opened(tuple(written))


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
        if problem := directory_problem(members, path.stat().st_size):
            return Opened(problem=problem)
        return _copied(members, folder, zf.open)


# ------------------------------------------------------------------------------------------------- 7z


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
            if problem := dictionary_problem(szf, sum(m.size for m in members)):
                return Opened(problem=problem)
    except py7zr.PasswordRequired:
        return Opened(problem=ARCHIVE_ENCRYPTED.issue())
    if problem := directory_problem(members, path.stat().st_size, solid_packed=packed):
        return Opened(problem=problem)
    members = [m for m in members if not skipped_member(clean_name(m.name))]
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
        raise Refused(ARCHIVE_BOMB.issue(reason="成员解压后超过声明的大小")) from exc
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
        if problem := directory_problem(members, path.stat().st_size):
            return Opened(problem=problem)
        return _copied(members, folder, rf.open)


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


def open_archive(path: Path, fmt: str, *, extract: bool = True, store: MemberStore | None = None) -> Opened:
    """List (and, with `extract`, write to the temporary folder, or to `store` when given) the members of
    the archive at `path`.

    Never raises for a bad archive: a bomb, zip-slip names, a password or damage come back as `problem`.
    """
    opener = _OPENERS.get(fmt)
    if opener is None:
        return Opened(problem=ARCHIVE_UNREADABLE.issue(reason="不支持的压缩格式"))
    folder = None
    try:
        if extract and store is not None:
            opened = store.open(path, opener)
        else:
            folder = _archive_dir(path) if extract else None
            opened = opener(path, folder)
        if opened.problem is None and not opened.members:
            result = Opened(problem=ARCHIVE_UNREADABLE.issue(reason="没有读出任何文件（空的或已损坏）"))
        else:
            return opened
    except Refused as refused:
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
