"""Reading the units' files for the 汇编: in guarded worker processes, ahead of the writing, in its order.

Every read (a Word or text document, a PDF's pages, a ledger, a photo to prepare, an album's pictures)
runs in a worker under wenming_submit.guard (a time limit and a memory ceiling per file, a Failure when
one is hit). `Readers` keeps READ_WORKERS of them; `Readers.stream(jobs)` reads up to READ_AHEAD files
ahead of the one being written, so reading and writing use both cores.
"""

from __future__ import annotations

import queue
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wenming_submit.assemble.word.ledger import Ledger, read_ledger
from wenming_submit.assemble.word.narrative import Blocks, DocPicture, extract_pictures, read_docx, read_text
from wenming_submit.assemble.word.pictures import PHOTO_BOX, PHOTO_DPI, PHOTO_TIME_LIMIT, Prepared, px_for
from wenming_submit.evidence.model import SheetFacts
from wenming_submit.guard import Isolated

# -- per-file isolation (wenming_submit.guard): every unit file is read in a worker process with a time
# limit and a memory ceiling, and contributes at most MAX_DOCUMENT_WEIGHT to the 汇编.
READ_TIME_LIMIT = 60.0
"""Seconds one unit file may take to be read for the 汇编 (10 PDF pages render in ~2 s)."""
MAX_DOCUMENT_WEIGHT = 1500
"""What one unit document may put into the 汇编: a paragraph or a table row counts 1, a picture 20 (about
60 pages of text). Writing 100,000 paragraphs would take the 汇编 over ten minutes."""
NOTE_DOCUMENT_CUT = "内容较多，汇编中只收录了前 {shown} 段（含表格、图片），其余 {rest} 段见附件原件"
WORKER_PRELOAD = ("wenming_submit.assemble.word.readers", "pypdfium2")


def _weight(kind: str, value: object) -> int:
    if kind == "table" and isinstance(value, list):
        return max(1, len(value))
    return 20 if kind == "picture" else 1


def cap_blocks(blocks: Blocks, budget: int = MAX_DOCUMENT_WEIGHT) -> Blocks:
    """At most `budget` worth of a document's blocks; a note (naming the 附件) says what was left out."""
    for index, (kind, value) in enumerate(blocks.items):
        budget -= _weight(kind, value)
        if budget < 0:
            rest = len(blocks.items) - index
            blocks.items = blocks.items[:index]
            blocks.notes.append(NOTE_DOCUMENT_CUT.format(shown=index, rest=rest))
            break
    return blocks


READ_WORKERS = 2
"""Worker processes reading unit files (and preparing photos) while the main process writes the 汇编."""
READ_AHEAD = 8
"""Files read ahead of the one being written: enough to keep both workers busy, few enough that what
waits in memory stays small (a read PDF is up to ten page images)."""


@dataclass(frozen=True)
class Job:
    """One read of a unit file, run in a worker under the guard."""

    fn: Callable[..., Any]
    args: tuple[Any, ...]
    expected: tuple[type[Exception], ...] = ()
    photo: bool = False
    """A photo to prepare (PHOTO_TIME_LIMIT) rather than a document to read (READ_TIME_LIMIT)."""


class Readers:
    """READ_WORKERS guarded worker processes (wenming_submit.guard.Isolated: a time limit and a memory
    ceiling per file, a Failure when one is hit), shared by the 汇编 and its 分册, started now so their
    imports overlap the caller's work. `stream(jobs)` reads ahead in document order."""

    def __init__(self, count: int = READ_WORKERS) -> None:
        self._idle: queue.SimpleQueue[Isolated] = queue.SimpleQueue()
        self._workers = [Isolated(time_limit=READ_TIME_LIMIT, preload=WORKER_PRELOAD) for _ in range(count)]
        for worker in self._workers:
            worker.start()
            self._idle.put(worker)
        self._pool = ThreadPoolExecutor(max_workers=count, thread_name_prefix="wenming-read")
        self.photos: dict[Path, Prepared] = {}
        """Photos prepared so far (the 分册 reuse those of the 汇编)."""

    def _run(self, job: Job) -> Any:
        worker = self._idle.get()
        try:
            worker.time_limit = PHOTO_TIME_LIMIT if job.photo else READ_TIME_LIMIT
            return worker.call(job.fn, *job.args, expected=job.expected)
        finally:
            self._idle.put(worker)

    def submit(self, job: Job) -> Future[Any]:
        return self._pool.submit(self._run, job)

    def call(self, fn: Callable[..., Any], *args: Any, expected: tuple[type[Exception], ...] = ()) -> Any:
        """One read now (outside any stream), waiting for its result."""
        return self.submit(Job(fn, args, expected)).result()

    def stream(self, jobs: Iterable[Job]) -> ReadAhead:
        return ReadAhead(self, iter(jobs))

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        for worker in self._workers:
            worker.close()

    def abort(self) -> None:
        """Stop now (the build failed or was interrupted): kill the workers rather than wait for them."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        for worker in self._workers:
            worker.kill()

    def __enter__(self) -> Readers:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


class ReadAhead:
    """The results of `jobs` in their order, at most READ_AHEAD of them read ahead of the one asked for.

    `call` takes the next planned read when it is the one asked for (the plan and the writing walk the
    files in the same order); any other read runs on its own, so a plan that went wrong costs time only.
    """

    def __init__(self, readers: Readers, jobs: Iterator[Job]) -> None:
        self._readers = readers
        self._jobs = jobs
        self._pending: deque[tuple[Job, Future[Any]]] = deque()
        self.unplanned = 0
        """Reads asked for that the plan did not foresee (0 when the plan is right)."""
        self._fill()

    def _fill(self) -> None:
        while len(self._pending) < READ_AHEAD:
            try:
                job = next(self._jobs, None)
            except Exception:  # a planning bug must not cost a file: the reads still run, unplanned
                job = None
            if job is None:
                self._jobs = iter(())
                return
            self._pending.append((job, self._readers.submit(job)))

    def call(self, fn: Callable[..., Any], *args: Any, expected: tuple[type[Exception], ...] = ()) -> Any:
        """`Isolated.call`'s contract: the result, a Failure, or an `expected` exception raised here."""
        if self._pending:
            job, future = self._pending[0]
            if job.fn is fn and job.args == args:
                self._pending.popleft()
                self._fill()
                return future.result()
        self.unplanned += 1
        return self._readers.call(fn, *args, expected=expected)

    def drain(self) -> None:
        """Wait for reads planned but not asked for (none when the plan is right)."""
        for _job, future in self._pending:
            future.cancel()
        self._pending.clear()


def read_narrative_capped(path: Path, format_id: str) -> Blocks:
    """A unit's Word/text document as capped blocks (runs in the worker)."""
    return cap_blocks(read_docx(path) if format_id == "docx" else read_text(path))


def read_ledger_job(path: Path, format_id: str, sheets: tuple[SheetFacts, ...]) -> Ledger:
    return read_ledger(path, format_id, sheets)


ALBUM_MAX_SIDE_PX = px_for(PHOTO_BOX[1], PHOTO_DPI)


def read_album(path: Path) -> list[DocPicture]:
    """The pictures of a 照片汇总.docx (runs in a worker)."""
    return extract_pictures(path, ALBUM_MAX_SIDE_PX)
