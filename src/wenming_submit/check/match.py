"""Matching by meaning: the second assignment pass, after inspection, when a document's title is known.

The scan places each file by its path (unit, indicator, and a first guess at the material). Here, with
the inspected facts, every evidence file's material is chosen again by the one rule
(`Assigner.choose_material`: literal name, the usual words of the material's kind, the document's own
title, the file type), and the reason is kept on the file for the JSON `files` list. A file whose name or
title names another unit of the catalogue and not its own gets a warning ("疑似区文明办的材料").
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from wenming_submit.catalog.model import Catalog, Indicator
from wenming_submit.evidence.assign import Assigner
from wenming_submit.evidence.model import EvidenceFile, Inventory, Role
from wenming_submit.findings.codes_files import OTHER_UNIT
from wenming_submit.findings.registry import Issue

_ISSUING_WORDS = ("通知", "印发", "转发")
"""An upstream notice in every unit's folder names the lead unit that sent it: not another unit's file."""


class UnitNames:
    """Finds the units a text names: longest spellings first, each match blanked out so "区教育局团委"
    is not read as "区教育局" too."""

    def __init__(self, catalog: Catalog) -> None:
        spellings = {s: u for s, u in catalog.aliases.items() if len(s) >= 2}
        self._spellings = sorted(spellings.items(), key=lambda kv: len(kv[0]), reverse=True)

    def named(self, text: str) -> list[str]:
        found: list[str] = []
        for spelling, unit in self._spellings:
            if spelling in text:
                text = text.replace(spelling, "\0" * len(spelling))
                if unit not in found:
                    found.append(unit)
        return found


def other_unit_issue(file: EvidenceFile, indicator: Indicator | None, names: UnitNames) -> Issue | None:
    """OTHER_UNIT when the file's name (or else its title) names other units and not its own."""
    if file.unit is None:
        return None
    stem = file.name.rsplit(".", 1)[0]
    for where, text in (("文件名", stem), ("文档标题", file.facts.title or "")):
        named = names.named(text)
        if not named or file.unit in named:
            continue
        other = named[0]
        if indicator is not None and other == indicator.lead and any(w in text for w in _ISSUING_WORDS):
            continue
        return OTHER_UNIT.issue(other=other, where=where, unit=file.unit)
    return None


def match(catalog: Catalog, inventory: Inventory) -> Inventory:
    """Every evidence file's material chosen with its inspected facts, and other units' files warned."""
    by_code = {ind.code: ind for ind in catalog.indicators}
    names = UnitNames(catalog)
    files = []
    for f in inventory.files:
        if f.role is Role.evidence and f.indicator in by_code:
            indicator = by_code[f.indicator or ""]
            if f.sub_path:
                choice = Assigner.choose_material(indicator, list(f.sub_path), f.facts.format, f.facts.title)
                f = replace(f, material=choice.material.name if choice.material else None,
                            assigned_by=choice.by, assign_reason=choice.reason)  # fmt: skip
            if issue := other_unit_issue(f, indicator, names):
                f = f.with_issues(issue)
        files.append(f)
    return replace(inventory, files=tuple(files))


def file_entries(files: tuple[EvidenceFile, ...]) -> list[dict[str, Any]]:
    """The optional `files` list of the JSON report: where each file was placed, and why.

    One entry per file that is not ignored: path, role, unit, indicator, material, `assigned_by`
    (folder | name | kind-word | title | type, or null) with `reason` in Chinese, the photo date with
    `date_source` (exif | name), and for an archive member the archive it sits in.
    """
    out: list[dict[str, Any]] = []
    for f in files:
        if f.role is Role.ignored:
            continue
        entry: dict[str, Any] = {"path": f.rel, "role": f.role.value, "unit": f.unit, "indicator": f.indicator,
                                 "material": f.material if f.role is Role.evidence else f.material_scope,
                                 "format": f.facts.format, "assigned_by": f.assigned_by,
                                 "reason": f.assign_reason}  # fmt: skip
        if f.facts.title:
            entry["title"] = f.facts.title
        if f.facts.date is not None:
            entry["date"], entry["date_source"] = f.facts.date.isoformat(), f.facts.date_source
        if f.member is not None and f.archive_path is not None:
            entry["archive"] = f.rel.split("!/", 1)[0]
            entry["member"] = f.member
        out.append(entry)
    return out
