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
from collections import deque
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from wenming_submit.evidence.inspect import inspect_one
from wenming_submit.evidence.inspect.common import Inspected
from wenming_submit.evidence.model import Issue

Job = tuple[int, str, str]
"""(index, path, format id)"""
TIME_LIMIT = 30.0
"""Seconds one file may take; a 300-page PDF takes about 2 s on a slow laptop."""


def _serve(conn: Connection) -> None:
    # Importing the inspectors before saying "ready" keeps import time out of the first file's limit.
    from wenming_submit.evidence.inspect import preload  # noqa: F401

    conn.send(None)
    while True:
        job: Job | None = conn.recv()
        if job is None:
            return
        index, path, fmt = job
        conn.send((index, inspect_one(Path(path), fmt)))


class _Worker:
    def __init__(self, ctx: Any) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.job: Job | None = None
        self.started = 0.0

    def send(self, job: Job) -> None:
        self.job, self.started = job, time.monotonic()
        self.conn.send(job)

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


def run_jobs(
    jobs: Sequence[Job],
    on_result: Callable[[int, Inspected], None],
    *,
    workers: int,
    time_limit: float = TIME_LIMIT,
) -> None:
    """Inspect every job in worker processes, calling `on_result` in the parent as each one ends."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["wenming_submit.evidence.inspect.preload"])
    pending = deque(jobs)
    pool = [_Worker(ctx) for _ in range(max(1, min(workers, len(jobs))))]
    try:
        while pending or any(w.job is not None for w in pool):
            for w in pool:
                if w.ready and w.job is None and pending:
                    w.send(pending.popleft())
            busy = [w.started + time_limit for w in pool if w.job is not None]
            timeout = max(0.0, min(busy) - time.monotonic()) if busy else 1.0
            for conn in wait([w.conn for w in pool], timeout=min(timeout, 1.0)):
                w = next(w for w in pool if w.conn is conn)
                try:
                    message = w.conn.recv()
                except (EOFError, OSError):
                    _replace(pool, w, ctx, on_result, Issue("WM208"))
                    continue
                if message is None:
                    w.ready = True
                else:
                    w.job = None
                    on_result(*message)
            now = time.monotonic()
            for w in list(pool):
                if w.job is not None and now - w.started > time_limit:
                    _replace(pool, w, ctx, on_result, Issue("WM207", {"seconds": f"{time_limit:g}"}))
    finally:
        for w in pool:
            w.stop(kill=w.job is not None)


def _replace(
    pool: list[_Worker], w: _Worker, ctx: Any, on_result: Callable[[int, Inspected], None], issue: Issue
) -> None:
    job = w.job
    w.stop(kill=True)
    pool[pool.index(w)] = _Worker(ctx)
    if job is not None:
        on_result(job[0], Inspected(issues=[issue]))
