"""Values produced by the evidence stage: what a file is, where it belongs, what is wrong with it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Issue:
    """A problem seen while scanning or inspecting a file: a registered finding code and its parameters.

    The evidence stage knows the codes (strings) but not the Chinese texts; the check stage turns an Issue
    into a Finding through the registry.
    """

    code: str
    params: dict[str, Any] = field(default_factory=dict)


class Role(StrEnum):
    evidence = "evidence"
    """A material file."""
    waiver = "waiver"
    """A 无此项工作说明 that waives a material or an item."""
    helper = "helper"
    """材料要求.txt, 图片说明.txt...: read by the tool, not submitted."""
    ignored = "ignored"
    """Temp/system files and links out of the tree: reported, never counted or packed."""


@dataclass(frozen=True)
class Facts:
    """What is known about a file's content. The scan fills the first block; deep inspection the rest."""

    format: str
    """Format id by content (see formats.FORMATS)."""
    kind: str
    size: int
    mtime: float
    encrypted: bool = False
    width: int | None = None
    height: int | None = None
    pages: int | None = None
    chars: int | None = None
    """Chinese characters of body text (documents)."""
    date: dt.date | None = None
    date_source: str | None = None
    """exif | name | ledger"""
    caption: str | None = None
    sha256: str | None = None
    phash: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class EvidenceFile:
    path: Path
    """Absolute path on disk (as the OS spells it)."""
    rel: str
    """Path relative to the project root, POSIX separators, NFC — what users and reports see."""
    role: Role
    facts: Facts
    unit: str | None = None
    """Canonical unit name."""
    unit_folder: str | None = None
    """The first path segment under evidence/ (what the unit called its folder)."""
    indicator: str | None = None
    """Indicator code as the catalogue writes it."""
    indicator_folder: str | None = None
    """Path of the indicator folder relative to the project root (for hints)."""
    material: str | None = None
    material_scope: str | None = None
    """For waivers: the material they waive, or None for the whole item."""
    issues: tuple[Issue, ...] = ()

    @property
    def name(self) -> str:
        return self.rel.rsplit("/", 1)[-1]

    def with_issues(self, *issues: Issue) -> EvidenceFile:
        return replace(self, issues=self.issues + issues)


@dataclass(frozen=True)
class Inventory:
    """Every file under evidence/, assigned as far as possible, in path order."""

    files: tuple[EvidenceFile, ...]
    root: Path
