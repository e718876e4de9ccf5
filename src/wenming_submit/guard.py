"""One bad file never stops the run: the one guard every per-file step runs under.

A per-file step (sniffing and assigning a file, inspecting it, merging it into the 汇编, writing its 清单
row, copying it into the package, writing a unit's notice) either returns its value or a `Failure`
saying what went wrong; the caller turns the failure into a finding for that file and goes on.

Two ways to run a step:

- `protect(fn, *args)`: in this process. Any exception (including MemoryError and RecursionError) becomes
  a Failure. Cheap; for steps that cannot hang or blow up memory on their own (the input was already
  read by a bounded worker, or the step only copies bytes).
- `Isolated.call(fn, *args)`: in a worker process with a time limit and a memory ceiling; a worker that
  runs over the time, dies, or hits the ceiling is killed and replaced, and the step is a Failure. For
  steps that parse a unit's file with a library (PDF rendering, reading a Word document or a ledger
  for the 汇编): those are where a 4 KB file can take minutes or gigabytes.

What is not a per-file problem is re-raised, never turned into a finding: a WenmingError (the run
itself cannot go on), a full or read-only disk, Ctrl-C.
"""

from __future__ import annotations

import contextlib
import errno
import multiprocessing
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Literal, TypeVar

from wenming_submit.errors import WenmingError

T = TypeVar("T")

MEMORY_LIMIT = 2 * 1024**3
"""Address space one worker may use (RLIMIT_AS). Normal files stay far below (a 200-page scanned PDF
renders in ~300 MB); a hostile file that would take 4 GB gets a MemoryError or dies, and costs one
worker. WENMING_MEMORY_LIMIT_MB overrides it (0 turns the ceiling off)."""
RUN_LEVEL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})
"""OS errors about where we write, not about the file being read: they stop the run."""

FailureKind = Literal["crashed", "timeout", "memory"]


@dataclass(frozen=True)
class Failure:
    """A per-file step that did not finish: why, in Chinese, ready for a finding's message."""

    kind: FailureKind
    reason: str
    seconds: float = 0.0
    """The time limit, for `timeout`."""


def memory_limit() -> int:
    """The ceiling in bytes (0: none)."""
    raw = os.environ.get("WENMING_MEMORY_LIMIT_MB")
    if raw is not None and raw.strip().isdigit():
        return int(raw) * 1024**2
    return MEMORY_LIMIT


def set_memory_ceiling(limit: int | None = None) -> None:
    """Cap this process's address space (POSIX; a no-op elsewhere). Call only in a worker process."""
    limit = memory_limit() if limit is None else limit
    if limit <= 0:
        return
    try:
        import resource
    except ImportError:  # Windows
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft == resource.RLIM_INFINITY or soft > limit:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _mb(limit: int) -> str:
    return f"{limit / 1024**3:g} GB" if limit >= 1024**3 else f"{limit // 1024**2} MB"


def is_run_level(exc: BaseException) -> bool:
    """Errors that must stop the run instead of becoming one file's finding."""
    if isinstance(exc, WenmingError):
        return True
    return isinstance(exc, OSError) and exc.errno in RUN_LEVEL_ERRNOS


def failure_of(exc: BaseException) -> Failure:
    """The Failure an exception of a per-file step stands for."""
    if isinstance(exc, MemoryError):
        return Failure("memory", f"占用内存超过上限（{_mb(memory_limit())}）")
    if isinstance(exc, RecursionError):
        return Failure("crashed", "文件结构嵌套过深")
    if isinstance(exc, OSError) and exc.strerror:
        return Failure("crashed", f"读写出错（{exc.strerror}）")
    return Failure("crashed", f"处理时出错（{type(exc).__name__}）")


def protect(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | Failure:
    """`fn(*args, **kwargs)`, or the Failure its exception stands for (run-level errors re-raised)."""
    try:
        return fn(*args, **kwargs)
    except Exception as exc:
        if is_run_level(exc):
            raise
        return failure_of(exc)


# -- worker processes


def quiet_worker(limit: int | None = None) -> None:
    """What every worker process does first: the memory ceiling, and no library warnings on the user's
    console (they are English, and a hostile file is reported as a finding instead)."""
    import sys
    import warnings

    warnings.simplefilter("ignore")
    # Some readers print debug text (xlrd: "WARNING *** file size…"): a worker's stdout would land in the
    # middle of `check --format json`. Workers report through their pipe only.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (lives as long as the worker)
    except OSError:
        pass
    set_memory_ceiling(limit)


def _serve(conn: Connection, limit: int, preload: tuple[str, ...]) -> None:
    quiet_worker(limit)
    import importlib

    for module in preload:  # the libraries the steps use, loaded while the parent does other work
        importlib.import_module(module)
    conn.send(None)
    while True:
        job = conn.recv()
        if job is None:
            return
        fn, args, expected = job
        try:
            reply: tuple[str, Any] = ("ok", fn(*args))
        except expected as exc:  # the step's own, expected error (e.g. ValueError with a Chinese reason)
            reply = ("raise", exc)
        except BaseException as exc:
            reply = ("fail", failure_of(exc))
        try:
            conn.send(reply)
        except Exception as exc:  # an unpicklable result or exception
            del reply
            conn.send(("fail", failure_of(exc)))


def context() -> Any:
    """The fork server where there is one (workers start in milliseconds, inherit no threads), else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


class Isolated:
    """One worker process running steps one at a time, with a time limit and a memory ceiling per step.

    Use as a context manager; the worker starts on the first call and is replaced after a failure.
    When no worker can be started at all (a broken environment), steps run in this process under
    `protect` (no time limit), so the run still finishes.
    """

    START_TIMEOUT = 60.0

    def __init__(self, *, time_limit: float, memory: int | None = None, preload: tuple[str, ...] = ()) -> None:
        self.time_limit = time_limit
        self.memory = memory_limit() if memory is None else memory
        self.preload = preload
        """Modules the worker imports before it says ready (outside any step's time limit)."""
        self._conn: Connection | None = None
        self._process: Any = None
        self._ready = False
        self._broken = False

    def __enter__(self) -> Isolated:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the worker now without waiting for it (its imports overlap the caller's work)."""
        if self._conn is not None or self._broken:
            return
        ctx = context()
        conn, child = ctx.Pipe()
        process = ctx.Process(target=_serve, args=(child, self.memory, self.preload), daemon=True)
        try:
            process.start()
        except Exception:
            self._broken = True
            return
        finally:
            child.close()
        self._conn, self._process, self._ready = conn, process, False

    def _start(self) -> bool:
        """A worker that said ready; False when none can be started."""
        self.start()
        if self._conn is None:
            return False
        if self._ready:
            return True
        try:
            if self._conn.poll(self.START_TIMEOUT):
                self._conn.recv()
                self._ready = True
                return True
        except (EOFError, OSError):
            pass
        self._drop()
        self._broken = True
        return False

    @staticmethod
    def _kill(conn: Connection, process: Any) -> None:
        if process.is_alive():
            process.kill()
        process.join()
        conn.close()

    def _drop(self) -> None:
        if self._conn is not None:
            self._kill(self._conn, self._process)
        self._conn = self._process = None
        self._ready = False

    def kill(self) -> None:
        """Stop the worker at once, even in the middle of a step (the run is being abandoned)."""
        self._drop()

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.send(None)
                self._process.join(timeout=2)
            except OSError:
                pass
        self._drop()

    def call(
        self, fn: Callable[..., T], *args: Any, expected: tuple[type[Exception], ...] = ()
    ) -> T | Failure:
        """`fn(*args)` in the worker. `expected` exceptions are re-raised here as they are; any other
        exception, the time limit, the memory ceiling or the worker dying is a Failure.

        `fn`, its arguments and its result must be picklable (module-level functions, plain data).
        """
        if not self._start():
            try:
                return protect(fn, *args)
            except expected:
                raise
        assert self._conn is not None
        try:
            self._conn.send((fn, args, expected))
        except (OSError, EOFError):
            self._drop()
            return Failure("crashed", "处理进程异常退出")
        deadline = time.monotonic() + self.time_limit
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not self._conn.poll(min(left, 1.0)):
                if time.monotonic() < deadline:
                    continue
                self._drop()
                return Failure("timeout", f"超过 {self.time_limit:g} 秒仍未完成", self.time_limit)
            try:
                status, value = self._conn.recv()
            except (EOFError, OSError):
                self._process.join(timeout=2)
                code = self._process.exitcode
                self._drop()
                if code is not None and code < 0 and self.memory:
                    return Failure("crashed", "处理进程异常退出（可能是内存不足）")
                return Failure("crashed", "处理进程异常退出")
            if status == "ok":
                return value  # type: ignore[no-any-return]
            if status == "raise":
                raise value
            if value.kind == "memory":
                self._drop()  # a worker that ran out of address space may be left fragmented
            return value  # type: ignore[no-any-return]
