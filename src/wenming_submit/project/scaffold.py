"""`wenming scaffold`: ready-made evidence folders, one per unit and item, each with a 材料要求.txt.

The one place that creates anything under evidence/, and only new folders and new 材料要求.txt files: an
existing file is never opened for writing (the new file is linked into place, which fails when the name is
taken). Folders a unit already has for an item (found by code, and the unit by name or alias) are reused,
so re-running after a catalogue update adds only what is new.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from wenming_submit.catalog.codes import code_at_start
from wenming_submit.catalog.model import Catalog, Indicator, Material
from wenming_submit.config import ProjectConfig

REQUIREMENT_FILE = "材料要求.txt"
TEMPLATE = "材料要求.txt.j2"
UNIT_MAX = 30
ITEM_MAX = 40
MATERIAL_MAX = 30
MANY_FILES = 3
"""A material asking for this many files (or any photos) gets its own sub-folder."""

_FULL_WIDTH = str.maketrans({"\\": "＼", "/": "／", ":": "：", "*": "＊", "?": "？", '"': "“", "<": "《",
                             ">": "》", "|": "｜"})  # fmt: skip
_QUOTED = re.compile(r'"([^"]*)"')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_SPACES = re.compile(r"[\s\u3000]+")
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}


def safe_name(text: str, limit: int) -> str:
    """A folder name Windows accepts: no \\/:*?"<>| (full-width look-alikes instead), no control
    characters, no trailing dots or spaces, not a reserved device name, at most `limit` characters."""
    name = _QUOTED.sub(r"“\1”", unicodedata.normalize("NFC", text)).translate(_FULL_WIDTH)
    name = _SPACES.sub(" ", _CONTROL.sub(" ", name)).strip()
    if len(name) > limit:
        name = name[: limit - 1].rstrip() + "…"
    name = name.rstrip(". ").lstrip()
    if name.split(".")[0].upper() in _RESERVED:
        name = f"{name}_"
    return name or "_"


def item_folder_name(indicator: Indicator) -> str:
    code = safe_name(indicator.code, ITEM_MAX)
    title = safe_name(indicator.title, max(8, ITEM_MAX - len(code) - 1))
    return f"{code} {title}"


def needs_subfolder(material: Material) -> bool:
    return material.min >= MANY_FILES or "image" in material.kinds


@dataclass
class ScaffoldResult:
    created_dirs: list[Path] = field(default_factory=list)
    created_files: list[Path] = field(default_factory=list)
    existing: list[Path] = field(default_factory=list)
    renamed_units: dict[str, str] = field(default_factory=dict)
    """Unit name -> folder name, when the name had characters Windows does not allow."""


def _template() -> jinja2.Template:
    text = (
        resources.files("wenming_submit")
        .joinpath("templates", "scaffold", TEMPLATE)
        .read_text(encoding="utf-8")
    )
    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False
    )
    return env.from_string(text)


class _Scaffolder:
    def __init__(self, config: ProjectConfig, catalog: Catalog, deadline: dt.date | None) -> None:
        self.config = config
        self.catalog = catalog
        self.deadline = deadline
        self.template = _template()
        self.result = ScaffoldResult()
        self._listing: dict[Path, list[Path]] = {}

    def children(self, folder: Path) -> list[Path]:
        """Sub-folders of `folder`, listed once per run (a county catalogue means thousands of look-ups)."""
        if folder not in self._listing:
            found = sorted(c for c in folder.iterdir() if c.is_dir()) if folder.is_dir() else []
            self._listing[folder] = found
        return self._listing[folder]

    def unit_dir(self, unit: str) -> Path:
        root = self.config.evidence_dir
        for child in self.children(root):
            if self.catalog.canonical_unit(unicodedata.normalize("NFC", child.name)) == unit:
                return child
        name = safe_name(unit, UNIT_MAX)
        if name != unit:
            self.result.renamed_units[unit] = name
        return root / name

    def item_dir(self, unit_dir: Path, indicator: Indicator) -> Path:
        for child in self.children(unit_dir):
            if code_at_start(child.name, [indicator.key]) == indicator.key:
                return child
        return unit_dir / item_folder_name(indicator)

    def mkdir(self, path: Path) -> None:
        if path.is_dir():
            return
        missing = [path, *(p for p in path.parents if not p.exists())]
        path.mkdir(parents=True)
        self.result.created_dirs.append(path)
        for folder in missing:
            if folder.parent in self._listing:
                self._listing[folder.parent].append(folder)

    def write_new(self, path: Path, text: str) -> None:
        """Create `path` with `text` unless it exists; never opens an existing file for writing."""
        if path.exists():
            self.result.existing.append(path)
            return
        fd, temp = tempfile.mkstemp(prefix=".wenming-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8-sig", newline="\r\n") as handle:
                handle.write(text)
            os.link(temp, path)  # fails with FileExistsError instead of replacing
            self.result.created_files.append(path)
        except FileExistsError:
            self.result.existing.append(path)
        finally:
            Path(temp).unlink(missing_ok=True)

    def material_values(self, material: Material, item_dir: Path) -> dict[str, Any]:
        kinds = [str(k) for k in material.kinds]
        extensions = (
            [] if "any" in kinds else [e for k in kinds for e in getattr(self.config.extensions, k, ())]
        )
        return {"name": material.name, "kinds": kinds, "extensions": list(dict.fromkeys(extensions)),
                "min": material.min, "max": material.max, "min_chars": material.min_chars, "caption": list(material.caption),
                "note": material.note, "subfolder": needs_subfolder(material),
                "folder": self.material_dir(item_dir, material).name}  # fmt: skip

    def material_dir(self, item_dir: Path, material: Material) -> Path:
        for child in self.children(item_dir):
            if material.name in unicodedata.normalize("NFC", child.name):
                return child
        return item_dir / safe_name(material.name, MATERIAL_MAX)

    def render(
        self, unit: str, indicator: Indicator, materials: list[dict[str, Any]], material_only: bool
    ) -> str:
        limits = self.config.limits
        deadline = indicator.deadline or self.deadline
        return self.template.render(
            unit=unit, code=indicator.code, title=indicator.title, lead=indicator.lead, per_unit=indicator.per_unit,
            deadline=deadline.isoformat() if deadline else None, standard=indicator.standard,
            requirement=indicator.requirement, materials=materials, material_only=material_only,
            period_start=self.config.period.start.isoformat(), period_end=self.config.period.end.isoformat(),
            image_max_mb=f"{limits.image_max_mb:g}", image_min_width=limits.image_min_width,
            image_min_height=limits.image_min_height, organization=self.config.project.organization,
        )  # fmt: skip

    def item(self, unit: str, indicator: Indicator) -> None:
        item_dir = self.item_dir(self.unit_dir(unit), indicator)
        self.mkdir(item_dir)
        values = [self.material_values(m, item_dir) for m in indicator.materials]
        self.write_new(item_dir / REQUIREMENT_FILE, self.render(unit, indicator, values, material_only=False))
        for value in values:
            if not value["subfolder"]:
                continue
            sub = item_dir / value["folder"]
            self.mkdir(sub)
            self.write_new(sub / REQUIREMENT_FILE, self.render(unit, indicator, [value], material_only=True))


def scaffold(
    config: ProjectConfig, catalog: Catalog, *, unit: str | None = None, deadline: dt.date | None = None
) -> ScaffoldResult:
    """Create what is missing of evidence/<unit>/<code 指标名称>/[<材料>/] with 材料要求.txt files.

    `unit` must be a canonical unit name (resolve aliases first); `deadline` is used for items that have
    none of their own.
    """
    worker = _Scaffolder(config, catalog, deadline)
    for indicator in catalog.indicators:
        if not indicator.upload:
            continue  # nothing to hand in online: no folder to fill
        for name in indicator.units:
            if unit is None or name == unit:
                worker.item(name, indicator)
    return worker.result
