"""Shared fixtures. `samplefiles` (scripts/samplefiles.py) makes real files with real libraries."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # testkit

pytest_plugins = ["testkit.core", "testkit.package", "testkit.browser"]

import samplefiles  # noqa: E402


@pytest.fixture
def files() -> object:
    """The sample file makers (scripts/samplefiles.py)."""
    return samplefiles


@pytest.fixture
def repo_root() -> Path:
    return ROOT


RENDERING_TOOLS = ("soffice", "pdftotext", "pdftoppm", "chromium", "chromedriver", "7z")


def pytest_sessionstart(session: pytest.Session) -> None:
    """In CI the rendering tests must run, not skip: fail at once when `.ci/run` did not install a tool."""
    import os
    import shutil

    if os.environ.get("CI"):
        missing = [tool for tool in RENDERING_TOOLS if shutil.which(tool) is None]
        if missing:
            raise pytest.UsageError(f"CI is set but these tools are missing: {', '.join(missing)} (see .ci/run)")
