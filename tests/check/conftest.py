"""Fixtures of the check tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from match_project import MatchProject


@pytest.fixture
def mproj(tmp_path: Path) -> MatchProject:
    """A project with 文件通知/活动方案/说明报告/实景图片 for two units, checked end to end."""
    return MatchProject(tmp_path / "项目")
