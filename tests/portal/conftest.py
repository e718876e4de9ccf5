"""Fixtures of the portal tests (helpers in portalkit.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from portalkit import Server, make_project, start


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    import samplefiles

    root = make_project(tmp_path_factory.mktemp("portal") / "项目", samplefiles)
    thread, srv = start(root, max_request_mb=8)
    with thread:
        yield srv
