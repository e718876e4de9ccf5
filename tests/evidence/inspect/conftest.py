"""Fixtures of the content-check tests; the project builder and makers live in importable modules."""

from __future__ import annotations

from pathlib import Path

import pytest
from inspect_project import ProjectDir


@pytest.fixture
def project(tmp_path: Path) -> ProjectDir:
    """An empty project (wenming.toml, catalogue, evidence/) to drop real files into."""
    return ProjectDir(tmp_path / "项目")
