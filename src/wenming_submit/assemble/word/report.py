"""What a Word build did: files written, pictures placed, placeholders and why, how the TOC was made."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from wenming_submit.findings.finding import Finding


class TocUpdate(StrEnum):
    libreoffice = "libreoffice"
    """LibreOffice laid the document out and the TOC shows its page numbers."""
    word_on_open = "word-on-open"
    """The TOC field is marked dirty and the document asks Word to update fields on open."""


@dataclass(frozen=True)
class Placeholder:
    """A file (or part of one) shown as a placeholder instead of its content."""

    path: str
    reason: str


@dataclass
class WordReport:
    documents: list[Path] = field(default_factory=list)
    """Every .docx written (the whole 汇编 first, then the 分册)."""
    pictures: int = 0
    """Photos and pictures from unit documents placed in the whole 汇编 (PDF pages not included)."""
    pdf_pages: int = 0
    tables: int = 0
    attachments: int = 0
    """Entries of the 附件 lists (files not shown, or not shown completely)."""
    placeholders: list[Placeholder] = field(default_factory=list)
    toc: TocUpdate = TocUpdate.word_on_open
    toc_note: str = ""
    """Why LibreOffice did not update the TOC, when it did not."""
    gaps: int = 0
    """Requirements marked 缺失/待补."""
    pdf: Path | None = None
    """网报材料汇编.pdf, exported by LibreOffice after the TOC was filled; None without LibreOffice."""
    convert_note: str = ""
    """Why .doc/.wps/.rtf/.odt files could not be converted (no LibreOffice, a failure), when they could not."""
    album_pictures: int = 0
    """Pictures taken out of Word files sent as photo materials (照片汇总.docx)."""
    converted: int = 0
    """Legacy documents merged after conversion by LibreOffice."""
    masked: dict[str, int] = field(default_factory=dict)
    """Evidence path -> personal numbers masked in the 汇编 (`[privacy] mask`)."""
    layout_seconds: float = 0.0
    export_seconds: float = 0.0
    findings: list[Finding] = field(default_factory=list)
    """Unit files the per-file guard stopped (WM404–WM406), in the whole 汇编."""
