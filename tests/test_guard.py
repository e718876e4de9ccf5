"""The per-file guard (wenming_submit.guard): exceptions, time limits and the memory ceiling become Failures."""

from __future__ import annotations

import errno
import os
import time

import pytest

from wenming_submit.errors import ProjectError
from wenming_submit.guard import Failure, Isolated, protect


def _raise(exc: BaseException) -> None:
    raise exc


def test_protect_turns_any_exception_into_a_failure() -> None:
    assert protect(lambda: 1 + 1) == 2
    failure = protect(_raise, KeyError("x"))
    assert isinstance(failure, Failure) and failure.kind == "crashed" and "KeyError" in failure.reason
    assert protect(_raise, MemoryError()).kind == "memory"  # type: ignore[union-attr]
    assert protect(_raise, RecursionError()).kind == "crashed"  # type: ignore[union-attr]


def test_protect_lets_run_level_errors_through() -> None:
    with pytest.raises(ProjectError):
        protect(_raise, ProjectError("设置有误"))
    with pytest.raises(OSError):
        protect(_raise, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(KeyboardInterrupt):
        protect(_raise, KeyboardInterrupt())


def test_isolated_kills_a_step_past_its_time_limit_and_goes_on() -> None:
    with Isolated(time_limit=1.0) as worker:
        started = time.monotonic()
        failure = worker.call(time.sleep, 30)
        assert isinstance(failure, Failure) and failure.kind == "timeout" and failure.seconds == 1.0
        assert time.monotonic() - started < 10
        assert worker.call(sum, [1, 2, 3]) == 6  # a fresh worker took over


def test_isolated_memory_ceiling_is_a_failure_not_a_dead_run() -> None:
    if not hasattr(os, "fork"):
        pytest.skip("RLIMIT_AS is POSIX only")
    with Isolated(time_limit=30, memory=512 * 1024**2) as worker:
        failure = worker.call(bytearray, 2 * 1024**3)
        assert isinstance(failure, Failure) and failure.kind == "memory"
        assert worker.call(len, bytearray(10 * 1024**2)) == 10 * 1024**2


def test_isolated_worker_that_dies_is_a_failure_and_is_replaced() -> None:
    with Isolated(time_limit=30) as worker:
        failure = worker.call(os.abort)
        assert isinstance(failure, Failure) and failure.kind == "crashed"
        assert worker.call(abs, -4) == 4


def test_isolated_reraises_the_steps_expected_errors() -> None:
    with Isolated(time_limit=30) as worker:
        with pytest.raises(ValueError):
            worker.call(int, "不是数字", expected=(ValueError,))
        failure = worker.call(int, "不是数字")
        assert isinstance(failure, Failure) and "ValueError" in failure.reason
