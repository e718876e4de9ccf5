"""Unit files are read ahead by two guarded workers, in the order the 汇编 is written (issue 14)."""

from __future__ import annotations

import datetime as dt
import operator
import time
from pathlib import Path

import pytest

from wenming_submit.assemble.options import BuildOptions, gate
from wenming_submit.assemble.word import WordReport, document
from wenming_submit.assemble.word import readers as reading
from wenming_submit.check.run import run_check
from wenming_submit.guard import Failure
from wenming_submit.project import open_project

from .snapshot import make_snapshot_project


def test_results_come_in_order_with_bounded_look_ahead() -> None:
    with reading.Readers() as readers:
        stream = readers.stream(reading.Job(operator.add, (n, 1000)) for n in range(30))
        assert len(stream._pending) == reading.READ_AHEAD  # not all 30 at once
        got = []
        for n in range(30):
            got.append(stream.call(operator.add, n, 1000))
            assert len(stream._pending) <= reading.READ_AHEAD
        assert got == [n + 1000 for n in range(30)]
        assert stream.unplanned == 0
        # A read the plan did not foresee still runs (it only costs a wait).
        assert stream.call(operator.mul, 6, 7) == 42
        assert stream.unplanned == 1


def test_each_read_keeps_its_time_limit_and_the_others_go_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "READ_TIME_LIMIT", 1.0)
    jobs = [
        reading.Job(time.sleep, (30,)),
        reading.Job(operator.add, (1, 2)),
        reading.Job(operator.add, (3, 4)),
    ]
    started = time.monotonic()
    with reading.Readers() as readers:
        stream = readers.stream(jobs)
        slow = stream.call(time.sleep, 30)
        assert stream.call(operator.add, 1, 2) == 3
        assert stream.call(operator.add, 3, 4) == 7
    assert isinstance(slow, Failure) and slow.kind == "timeout"
    assert time.monotonic() - started < 20


def test_expected_errors_are_raised_where_the_result_is_taken() -> None:
    with reading.Readers() as readers:
        stream = readers.stream([reading.Job(operator.truediv, (1, 0), (ZeroDivisionError,))])
        with pytest.raises(ZeroDivisionError):
            stream.call(operator.truediv, 1, 0, expected=(ZeroDivisionError,))


def test_the_plan_foresees_every_read_of_the_汇编(files: object, tmp_path: Path) -> None:
    """plan() walks the files as the writing does: every read was read ahead, none waited on its own."""
    root = make_snapshot_project(tmp_path / "proj", files)
    project = open_project(root)
    view = gate(run_check(project), BuildOptions(allow_incomplete=True))
    report = WordReport()
    with reading.Readers() as readers:
        composer = document.Composer(project.config, view, report, None, record=True, readers=readers)
        composer.compose("汇编", list(project.catalog.indicators), dt.date(2026, 11, 29))
        photos = len(readers.photos)
    assert composer.unplanned == 0
    assert photos == 7 and report.album_pictures == 2 and report.pdf_pages >= 10
