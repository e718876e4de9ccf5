"""Values produced by the evidence stage: what a file is, where it belongs, what is wrong with it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from wenming_submit.findings.registry import Issue


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
class SheetFacts:
    """A worksheet as a ledger: where its header is, its column names and the dates found per column.

    Kept independent of the catalogue: which column is the date column, which columns are required and
    how many rows a month needs are judged later (check/content.py) from these facts.
    """

    name: str
    header_row: int | None
    """1-based row of the header; None when no row looks like one."""
    columns: tuple[str, ...] = ()
    data_rows: int = 0
    """Non-blank rows below the header."""
    dates: dict[str, tuple[tuple[int, str], ...]] = field(default_factory=dict)
    """Column -> (row, ISO date or "" when the cell is filled but not a readable date), blank cells left out.

    Only columns that hold at least one date or whose name says 日期/时间 are kept.
    """
    truncated: bool = False
    """The sheet had more rows than the inspector reads."""


@dataclass(frozen=True)
class Facts:
    """What is known about a file's content. The scan fills the first block; deep inspection the rest.

    Everything here depends on the file alone (never on the catalogue), so it can be cached by path,
    size and mtime (evidence/cache.py) and judged against any material later.
    """

    format: str
    """Format id by content (see formats.FORMATS)."""
    kind: str
    size: int
    mtime: float
    encrypted: bool = False
    inspected: bool = False
    """True once the content inspectors have run (evidence/inspect)."""
    width: int | None = None
    height: int | None = None
    orientation: int | None = None
    """EXIF Orientation (1-8) of photos."""
    pages: int | None = None
    chars: int | None = None
    """Chinese characters of body text (documents, PDF text layer, text files)."""
    pictures: int | None = None
    """Pictures embedded in a document."""
    has_exif: bool | None = None
    date: dt.date | None = None
    """EXIF date of a photo (DateTimeOriginal, then DateTimeDigitized, then DateTime), else the date in
    the file name."""
    date_source: str | None = None
    """exif | name (a date written in the name, or the time a phone/WeChat/screenshot stamped in it)"""
    name_date: dt.date | None = None
    caption: str | None = None
    """A caption taken from the file name (camera names such as IMG_1234 are not captions)."""
    captions: dict[str, str] = field(default_factory=dict)
    """For 图片说明.txt/.xlsx helper files: file name -> caption."""
    sheets: tuple[SheetFacts, ...] = ()
    sha256: str | None = None
    phash: str | None = None
    """64-bit perceptual hash (hex) of a picture."""
    phash_center: str | None = None
    """The same of the picture's central 90 %: a lightly cropped copy hashes like the original's centre."""
    title: str | None = None
    """A document's own title: its first heading, else its first non-empty line (at most 100 characters)."""
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
    caption: str | None = None
    """A picture's caption as the check resolved it (see caption_source); renderers print this one."""
    caption_source: str | None = None
    """Where the caption came from: "文件名", or the path of the 图片说明.txt/.xlsx that gives it."""
    sub_path: tuple[str, ...] = ()
    """The folders below the indicator folder and the file name (last): what names the material."""
    assigned_by: str | None = None
    """How the material was chosen (check/match.py): folder | name | kind-word | title | type."""
    assign_reason: str | None = None
    """The same in Chinese, for the JSON files list: which word in which place chose the material."""
    archive_path: Path | None = None
    """For a member of an archive: the archive on disk (`path` is then a temporary copy, see
    evidence/archives.py `open_member`)."""
    member: str | None = None
    """For a member of an archive: its name inside the archive ("/"-separated)."""

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
