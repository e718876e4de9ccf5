"""Shared fixtures. `samplefiles` (scripts/samplefiles.py) makes real files with real libraries."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import samplefiles  # noqa: E402


@pytest.fixture
def files() -> object:
    """The sample file makers (scripts/samplefiles.py)."""
    return samplefiles


@pytest.fixture
def repo_root() -> Path:
    return ROOT
