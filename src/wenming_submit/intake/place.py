"""Where a file goes under evidence/, what is already there, and whether the scanner reads it back right.

Folders a unit already has are reused (the unit's folder found by name or alias, the item's by code, the
material's by name), as `wenming scaffold` does; new ones are named the scaffold's way. Every proposed
path is read back with the scanner's own rule (evidence.assign) and must give the same unit, indicator
and material, so that what intake files is what `wenming check` counts.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from wenming_submit.catalog.codes import code_at_start
from wenming_submit.catalog.model import Catalog, Indicator, Material
from wenming_submit.config import ProjectConfig
from wenming_submit.evidence.assign import Assigner
from wenming_submit.evidence.names import display_name
from wenming_submit.evidence.scan import list_files
from wenming_submit.intake.sources import sha256_file
from wenming_submit.project.scaffold import MATERIAL_MAX, UNIT_MAX, item_folder_name, safe_name

NAME_MAX = 100
_COPY_SUFFIX = re.compile(r"\s*[（(]\d+[)）]$")


def copy_name(name: str, n: int) -> str:
    """`照片.jpg` -> `照片 (2).jpg`: the clash suffix Windows itself uses."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        return f"{name} ({n})"
    return f"{stem} ({n}).{ext}"


def same_name_key(name: str) -> str:
    """Names compared for "another version of the same file": NFC, case folded, copy suffix dropped."""
    stem, dot, ext = unicodedata.normalize("NFC", name).rpartition(".")
    stem = stem if dot else ext
    return _COPY_SUFFIX.sub("", stem).strip().casefold() + (f".{ext.casefold()}" if dot else "")


def file_name(name: str) -> str:
    """A Windows-safe file name keeping the extension."""
    stem, dot, ext = display_name(name).rpartition(".")
    if not dot or not stem:
        return safe_name(name, NAME_MAX)
    return f"{safe_name(stem, NAME_MAX)}.{safe_name(ext, 10)}"


class EvidenceIndex:
    """The files already under evidence/: by size (sha256 computed only for sizes that could match)."""

    def __init__(self, config: ProjectConfig) -> None:
        self.root = config.root
        self.evidence = config.evidence_dir
        self._by_size: dict[int, list[Path]] = defaultdict(list)
        self._sha: dict[Path, str] = {}
        if self.evidence.is_dir():
            for path, issue in list_files(self.evidence):
                if issue is None:
                    try:
                        self._by_size[path.stat().st_size].append(path)
                    except OSError:
                        continue

    def sha256(self, path: Path) -> str | None:
        if path not in self._sha:
            try:
                self._sha[path] = sha256_file(path)
            except OSError:
                return None
        return self._sha[path]

    def find(self, size: int, sha256: str) -> Path | None:
        for path in self._by_size.get(size, ()):
            if self.sha256(path) == sha256:
                return path
        return None

    def add(self, path: Path, size: int, sha256: str) -> None:
        self._by_size[size].append(path)
        self._sha[path] = sha256

    def rel(self, path: Path) -> str:
        return "/".join(display_name(p) for p in path.relative_to(self.root).parts)


class Placer:
    def __init__(self, config: ProjectConfig, catalog: Catalog) -> None:
        self.config = config
        self.catalog = catalog
        self.assigner = Assigner(catalog)
        self._children: dict[Path, list[Path]] = {}

    def children(self, folder: Path) -> list[Path]:
        if folder not in self._children:
            self._children[folder] = sorted(c for c in folder.iterdir() if c.is_dir()) if folder.is_dir() else []
        return self._children[folder]

    def folder(self, unit: str, indicator: Indicator, material: Material) -> tuple[Path, Path]:
        """(the unit's item folder, the material folder in it) — existing ones reused."""
        evidence = self.config.evidence_dir
        unit_dir = next((c for c in self.children(evidence) if self.assigner.unit_of(display_name(c.name)) == unit),
                        evidence / safe_name(unit, UNIT_MAX))  # fmt: skip
        item_dir = next((c for c in self.children(unit_dir) if code_at_start(c.name, [indicator.key]) == indicator.key),
                        unit_dir / item_folder_name(indicator))  # fmt: skip
        material_dir = next((c for c in self.children(item_dir) if material.name in display_name(c.name)),
                            item_dir / safe_name(material.name, MATERIAL_MAX))  # fmt: skip
        return item_dir, material_dir

    def reads_back(self, target: Path, format_id: str) -> tuple[str | None, str | None, str | None]:
        """(unit, indicator code, material) the scanner gives a file at `target` (DESIGN §3)."""
        segments = [display_name(p) for p in target.relative_to(self.config.evidence_dir).parts]
        placement = self.assigner.place(segments)
        if placement.indicator is None or placement.indicator_depth is None:
            return placement.unit, None, None
        depth = placement.indicator_depth
        sub = segments[depth + 1 :] if depth < len(segments) - 1 else [segments[-1]]
        material = Assigner.material_of(placement.indicator, sub, format_id)
        return placement.unit, placement.indicator.code, material.name if material else None

    def versions(self, item_dir: Path, name: str) -> list[Path]:
        """Files anywhere in the unit's item folder that look like another version of `name` (the same name,
        maybe with a copy suffix)."""
        if not item_dir.is_dir():
            return []
        key = same_name_key(name)
        return sorted(p for p in item_dir.rglob("*") if same_name_key(p.name) == key and p.is_file()
                      and not p.is_symlink())  # fmt: skip
