"""Worker processes with a time limit per file.

`concurrent.futures.ProcessPoolExecutor` cannot stop one running task: a file that makes a library loop
would hold the check forever, and killing the executor's processes breaks every other task in flight.
This pool is the small part of it we need: one pipe per worker, one file at a time per worker, so a file
that runs past the limit costs exactly one worker, which is killed and replaced. A worker that dies
(a crash in a C library) is replaced the same way. Workers are forked from a fork server that has
imported the inspectors once (`preload.py`): nothing of the parent (threads of the progress bar, open
files) is inherited, and a replacement worker starts in milliseconds.
"""

from __future__ import annotations

import multiprocessing
import time
import warnings
from collections import deque
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from wenming_submit.evidence.inspect import inspect_one
from wenming_submit.evidence.inspect.common import Inspected
from wenming_submit.findings.codes_content import CRASHED, TIMED_OUT
from wenming_submit.findings.registry import Issue
from wenming_submit.guard import quiet_worker

Job = tuple[int, str, str]
"""(index, path, format id)"""
TIME_LIMIT = 30.0
"""Seconds one file may take; a 300-page PDF takes about 2 s on a slow laptop."""


def _serve(conn: Connection) -> None:
    # Library warnings (a PDF's odd xref, openpyxl's unsupported extensions) are not for the console: the
    # findings say what matters about a file.
    warnings.simplefilter("ignore")
    # Importing the inspectors before saying "ready" keeps import time out of the first file's limit.
    from wenming_submit.evidence.inspect import preload  # noqa: F401

    quiet_worker()  # memory ceiling: a file that would take gigabytes gets a MemoryError (WM209) or costs this worker
    conn.send(None)
    while True:
        job: Job | None = conn.recv()
        if job is None:
            return
        index, path, fmt = job
        conn.send((index, inspect_one(Path(path), fmt)))


MAX_START_FAILURES = 3
"""Workers that die before saying "ready" (no fork server, a broken environment): after this many, the
remaining files are inspected in this process instead of replacing workers forever."""

DEPTH = 2
"""Files queued per worker: the next one is already in its pipe when it finishes one, so no worker idles
on a round trip. The worker reads them in order, so the next file's clock starts when a result arrives."""


class _Worker:
    def __init__(self, ctx: Any) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.jobs: deque[Job] = deque()
        self.started = 0.0
        """When the first of `jobs` started (as far as the parent can tell)."""

    def send(self, job: Job) -> None:
        if not self.jobs:
            self.started = time.monotonic()
        self.jobs.append(job)
        self.conn.send(job)

    def finished(self) -> None:
        self.jobs.popleft()
        self.started = time.monotonic()

    def stop(self, *, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                kill = True
        self.process.join(timeout=0 if kill else 2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _has_fork_server() -> bool:
    return "forkserver" in multiprocessing.get_all_start_methods()


def context() -> Any:
    """The fork server context, preloading the inspectors; `prewarm` starts it early.

    Windows has no fork server: there each worker is spawned and imports the inspectors itself
    (slower to start, same behaviour).
    """
    if not _has_fork_server():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["wenming_submit.evidence.inspect.preload"])
    return ctx


def prewarm() -> None:
    """Start the fork server (and its imports) now, e.g. while the scan runs in this process."""
    if not _has_fork_server():
        return
    from multiprocessing import forkserver

    context()
    forkserver.ensure_running()


def run_jobs(
    jobs: Sequence[Job],
    on_result: Callable[[int, Inspected], None],
    *,
    workers: int,
    time_limit: float = TIME_LIMIT,
) -> None:
    """Inspect every job in worker processes, calling `on_result` in the parent as each one ends."""
    ctx = context()
    pending = deque(jobs)
    pool = [_Worker(ctx) for _ in range(max(1, min(workers, len(jobs))))]
    start_failures = 0
    try:
        while pending or any(w.jobs for w in pool):
            for w in pool:
                while w.ready and len(w.jobs) < DEPTH and pending:
                    w.send(pending.popleft())
            busy = [w.started + time_limit for w in pool if w.jobs]
            timeout = max(0.0, min(busy) - time.monotonic()) if busy else 1.0
            for conn in wait([w.conn for w in pool], timeout=min(timeout, 1.0)):
                w = next(w for w in pool if w.conn is conn)
                try:
                    message = w.conn.recv()
                except (EOFError, OSError):
                    if not w.ready:
                        start_failures += 1
                        if start_failures >= MAX_START_FAILURES:
                            _inspect_here(pool, pending, on_result)
                            return
                    _replace(pool, w, ctx, on_result, pending, CRASHED.issue())
                    continue
                if message is None:
                    w.ready = True
                else:
                    w.finished()
                    on_result(*message)
            now = time.monotonic()
            for w in list(pool):
                if w.jobs and now - w.started > time_limit:
                    _replace(pool, w, ctx, on_result, pending, TIMED_OUT.issue(seconds=f"{time_limit:g}"))
    finally:
        for w in pool:
            w.stop(kill=bool(w.jobs))


def _replace(
    pool: list[_Worker],
    w: _Worker,
    ctx: Any,
    on_result: Callable[[int, Inspected], None],
    pending: deque[Job],
    issue: Issue,
) -> None:
    """Kill `w`, blame the file it was reading, give the files queued behind it to the others."""
    w.stop(kill=True)
    pool[pool.index(w)] = _Worker(ctx)
    if w.jobs:
        culprit, *innocent = w.jobs
        pending.extendleft(reversed(innocent))
        on_result(culprit[0], Inspected(issues=[issue]))


def _inspect_here(pool: list[_Worker], pending: deque[Job], on_result: Callable[[int, Inspected], None]) -> None:
    """Workers cannot start: inspect what is left in this process (no per-file time limit)."""
    left = [job for w in pool for job in w.jobs] + list(pending)
    for w in pool:
        w.stop(kill=True)
        w.jobs.clear()
    pending.clear()
    for index, path, fmt in left:
        on_result(index, inspect_one(Path(path), fmt))
