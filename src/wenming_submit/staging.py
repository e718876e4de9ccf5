"""Build into a temporary folder beside the target and swap it in only when complete.

An interrupted build (an exception, Ctrl-C, a full disk) removes its temporary folder and leaves the
previous output exactly as it was. Where the platform has it (Linux: renameat2 with RENAME_EXCHANGE) the
swap is one atomic exchange of the two folders; elsewhere it is two renames: the old output renamed
away to `.<name>.old-*`, the new one renamed in. A build killed with SIGKILL between those two renames
leaves no target: the next build restores the `.old-*` folder first, then removes the other leftovers.

Only one build at a time writes into an output folder: `output_lock` holds an OS lock (flock, or
msvcrt on Windows) on `<output>/.wenming.lock` for the whole staged build, so one build can never delete
another's staging folder. A second build waits a few seconds, then gives up with a clear message.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from wenming_submit.atomic import normal_mode
from wenming_submit.errors import ProjectError

LOCK_NAME = ".wenming.lock"
LOCK_WAIT = 5.0
"""Seconds a build waits for another one to finish before it gives up."""
SPACE_MARGIN = 20 * 1048576
"""Free space kept in reserve beyond a build's estimate (bytes)."""


def _remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def _leftovers(target: Path, kind: str) -> list[Path]:
    found = target.parent.glob(f".{target.name}.{kind}-*")
    return [p for p in found if p.is_dir() and not p.is_symlink()]


def recover(target: Path) -> Path | None:
    """When a killed swap left no `target` but its `.old-*` folder, put that folder back; returns it."""
    if target.exists() or target.is_symlink() or not target.parent.is_dir():
        return None
    olds = sorted(_leftovers(target, "old"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    if not olds:
        return None
    os.replace(olds[0], target)
    return olds[0]


def clean_leftovers(target: Path) -> None:
    """Restore a swapped-away output (see `recover`), then remove the temp/old folders a killed build left."""
    if not target.parent.is_dir():
        return
    recover(target)
    for kind in ("tmp", "old"):
        for leftover in _leftovers(target, kind):
            _remove(leftover)


# ---------------------------------------------------------------- the swap

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_renameat2: Any = None
"""libc's renameat2, looked up once (False: not available)."""


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two existing paths (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    global _renameat2
    if _renameat2 is None:
        _renameat2 = False
        if sys.platform.startswith("linux"):
            with contextlib.suppress(OSError, AttributeError, TypeError):
                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
                func = libc.renameat2
                func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
                func.restype = ctypes.c_int
                _renameat2 = func
    if not _renameat2:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM):
        return False  # a file system (or sandbox) without RENAME_EXCHANGE: fall back to two renames
    raise OSError(code, os.strerror(code), str(b))


def _swap(staging: Path, target: Path) -> None:
    if not (target.exists() or target.is_symlink()):
        os.replace(staging, target)
        return
    if not target.is_dir() or target.is_symlink():
        raise ProjectError(
            f"{target} 已存在，但不是文件夹",
            hint="请删除或改名这个文件，再重新生成",
        )
    if _exchange(staging, target):
        _remove(staging)  # now holds the old output; if this is killed, the next build removes it
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.rmdir(old)
    os.replace(target, old)
    try:
        os.replace(staging, target)  # a SIGKILL just before this line is undone by the next build's recover()
    except BaseException:
        os.replace(old, target)
        raise
    _remove(old)


# ---------------------------------------------------------------- one build at a time

_held: dict[Path, int] = {}
"""Lock files this process holds, with a count (a build's staged folder re-enters its command's lock)."""


def _try_lock(handle: IO[str]) -> bool:
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, getattr(errno, "EDEADLOCK", -1)):
            return False
        raise


def _holder(path: Path) -> str:
    with contextlib.suppress(OSError, UnicodeDecodeError):
        pid = path.read_text(encoding="utf-8").strip()
        if pid.isdigit():
            return f"（进程号 {pid}）"
    return ""


@contextmanager
def output_lock(folder: Path, *, wait: float | None = None) -> Iterator[None]:
    """Hold the lock on output folder `folder` (created if missing); re-entrant within one process.

    Waits up to `wait` seconds (LOCK_WAIT) for another build to finish, then raises ProjectError.
    """
    key = folder.resolve()
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    lock_path = key / LOCK_NAME
    try:
        key.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a+", encoding="utf-8")  # noqa: SIM115 - held across the yield
    except OSError as exc:
        raise ProjectError(
            f"无法在输出文件夹 {folder} 中创建锁文件：{exc.strerror}", hint="请检查磁盘空间和写入权限"
        ) from None
    try:
        deadline = time.monotonic() + (LOCK_WAIT if wait is None else wait)
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                raise ProjectError(
                    f"另一个生成任务正在进行{_holder(lock_path)}，正在写入 {folder}",
                    hint="请等它结束后再运行；同一个项目一次只能运行一个生成任务（build、notify）",
                )
            time.sleep(0.2)
        with contextlib.suppress(OSError):
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
        _held[key] = 1
        try:
            yield
        finally:
            del _held[key]
    finally:
        handle.close()  # closing the descriptor releases the lock


# ---------------------------------------------------------------- space


def ensure_space(folder: Path, needed: int, what: str) -> None:
    """Refuse to start writing `needed` bytes (plus a margin) into `folder` when its disk has less free."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return  # cannot tell: the write itself reports a full disk
    if free < needed + SPACE_MARGIN:
        raise ProjectError(
            f"磁盘空间不足：生成{what}约需 {_mb(needed + SPACE_MARGIN)}，{folder} 所在磁盘只剩 {_mb(free)}",
            hint="请清理磁盘，或在 wenming.toml 的 [output] dir 中改用空间足够的磁盘；原有的输出保持不变",
        )


def _mb(size: int) -> str:
    return f"{size / 1048576:.1f} MB"


@contextmanager
def staged_folder(target: Path, *, needed: int = 0, what: str = "") -> Iterator[Path]:
    """Yield an empty temp folder beside `target`; on success it becomes `target`, else it is removed.

    Holds the output folder's lock throughout. `needed`: the bytes the caller expects to write, checked
    against the free space before anything is written (`what` names the output in the message).
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProjectError(
            f"无法创建输出文件夹 {target.parent}：{exc.strerror}", hint="请检查磁盘空间和写入权限"
        ) from None
    with output_lock(target.parent):
        clean_leftovers(target)
        if needed:
            ensure_space(target.parent, needed, what or target.name)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        try:
            normal_mode(staging, 0o777)
            yield staging
            _swap(staging, target)
        except BaseException:
            _remove(staging)
            raise
