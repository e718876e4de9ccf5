"""Assign a file to unit, indicator and material by its path (DESIGN §3)."""

from __future__ import annotations

from dataclasses import dataclass

from wenming_submit.catalog.codes import code_at_start
from wenming_submit.catalog.model import Catalog, Indicator, Material
from wenming_submit.evidence.formats import FORMATS, material_kinds_of


@dataclass(frozen=True)
class Placement:
    unit: str | None
    unit_folder: str | None
    indicator: Indicator | None
    indicator_depth: int | None
    """Index of the segment that named the indicator."""


class Assigner:
    """Holds the lookup tables built once from the catalogue."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._by_key = {ind.key: ind for ind in catalog.indicators}
        self._codes = sorted(self._by_key, key=len, reverse=True)
        # Longest spelling first so "区教育局团委" is not taken for "区教育局".
        self._aliases = sorted(catalog.aliases.items(), key=lambda kv: len(kv[0]), reverse=True)
        # Folder names repeat for every file inside them: look each one up once.
        self._unit_cache: dict[str, str | None] = {}
        self._code_cache: dict[str, str | None] = {}

    def unit_of(self, segment: str) -> str | None:
        if segment not in self._unit_cache:
            self._unit_cache[segment] = self._unit_of(segment)
        return self._unit_cache[segment]

    def _code_of(self, segment: str) -> str | None:
        if segment not in self._code_cache:
            self._code_cache[segment] = code_at_start(segment, self._codes)
        return self._code_cache[segment]

    def _unit_of(self, segment: str) -> str | None:
        exact = self.catalog.aliases.get(segment.strip())
        if exact:
            return exact
        # Folders are often numbered or annotated: "01区教育局", "区教育局（联络员张三）".
        for spelling, unit in self._aliases:
            if len(spelling) >= 2 and spelling in segment:
                return unit
        return None

    def place(self, segments: list[str]) -> Placement:
        """`segments` are the parts under evidence/, the file name last."""
        unit = unit_folder = None
        for segment in segments[:-1]:
            unit = self.unit_of(segment)
            if unit:
                unit_folder = segment
                break
        for depth, segment in enumerate(segments):
            key = self._code_of(segment)
            if key:
                return Placement(unit, unit_folder, self._by_key[key], depth)
        return Placement(unit, unit_folder, None, None)

    @staticmethod
    def material_of(indicator: Indicator, sub_segments: list[str], format_id: str) -> Material | None:
        """The material named in the sub-path (folders closest to the file win), else by file type.

        `sub_segments` are the folders below the indicator folder plus the file name (last).
        """
        for segment in reversed(sub_segments):
            best: tuple[int, Material] | None = None
            for material in indicator.materials:
                for word in material.keywords:
                    if word and word in segment and (best is None or len(word) > best[0]):
                        best = (len(word), material)
            if best:
                return best[1]
        kinds = material_kinds_of(FORMATS[format_id])
        fitting = [m for m in indicator.materials if any(m.accepts_kind(k) for k in kinds)]
        specific = [m for m in fitting if "any" not in m.kinds]
        if len(specific) == 1:
            return specific[0]
        if len(fitting) == 1:
            return fitting[0]
        return None
