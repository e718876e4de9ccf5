"""Fixtures of the portal tests (helpers in portalkit.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from portalkit import Server, make_project, start_process


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One portal for the API, security and browser tests (each test uses its own file names)."""
    import signal

    import samplefiles

    root = make_project(tmp_path_factory.mktemp("portal") / "项目", samplefiles)
    process, srv = start_process(root, "--max-request-mb", "8")
    try:
        yield srv
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
