"""Assign a file to unit, indicator and material by its path (DESIGN §3)."""

from __future__ import annotations

import functools
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

        `sub_segments` are the folders below the indicator folder plus the file name (last). Only literal
        names count here (waivers use this: "无此项工作说明" must not read as a 说明报告).
        """
        literal = _literal(indicator, sub_segments)
        return literal.material if literal else _by_type(indicator, format_id).material

    @staticmethod
    def choose_material(
        indicator: Indicator, sub_segments: list[str], format_id: str, title: str | None = None
    ) -> Choice:
        """The material of an evidence file, and why (DESIGN §3, extended: matching by meaning).

        In order: a material's name or `match` word in the sub-path (closest to the file first); the usual
        words of the material's kind (通知/印发/方案 for a 文件通知, 报告/总结 for a 说明报告, 登记表/统计表
        for a 台账) in the sub-path, the rightmost word deciding ("…方案的通知" is a notice); the same in
        the document's own title; else the only material that takes the file's type.
        """
        kinds = material_kinds_of(FORMATS[format_id])
        if literal := _literal(indicator, sub_segments):
            return literal
        for depth, segment in enumerate(reversed(sub_segments)):
            where = "文件名" if depth == 0 else f"文件夹“{segment}”"
            if found := _by_words(
                indicator, _stem(segment) if depth == 0 else segment, kinds, "kind-word", where
            ):
                return found
        if title:
            if literal := _literal(indicator, [title], by="title", where=f"文档标题“{title[:30]}”"):
                return literal
            if found := _by_words(indicator, title, kinds, "title", f"文档标题“{title[:30]}”"):
                return found
        return _by_type(indicator, format_id)


@dataclass(frozen=True)
class Choice:
    """A material chosen for a file, how (`by`: folder | name | kind-word | title | type) and why (Chinese)."""

    material: Material | None
    by: str | None = None
    reason: str | None = None


_FAMILIES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("通知", "文件", "制度", "意见", "办法", "规定", "通报"),
     ("通知", "印发", "文件", "方案", "意见", "办法", "制度", "规定", "决定", "通报")),
    (("方案", "计划"), ("方案", "计划")),
    (("报告", "说明", "总结", "汇报", "情况"), ("报告", "说明", "总结", "汇报", "小结", "情况")),
    (("台账", "登记", "统计", "记录", "清单", "名册", "表格"),
     ("台账", "登记表", "统计表", "记录表", "花名册", "名册", "清单", "明细表", "登记", "统计")),
    (("图片", "照片", "影像", "相片"), ("照片", "图片", "相片", "影像")),
)  # fmt: skip
"""(words in a material's name that make it of a kind, the words files of that kind are named with)."""


def kind_words(material: Material) -> frozenset[str]:
    """The usual words of the kinds the material belongs to (by its name and `match` words)."""
    return _kind_words((material.name, *material.match))


@functools.lru_cache(maxsize=4096)
def _kind_words(names: tuple[str, ...]) -> frozenset[str]:
    """Asked for every material of the indicator of every file the scan places: computed once per name."""
    return frozenset(w for triggers, words in _FAMILIES if any(t in n for t in triggers for n in names)
                     for w in words)  # fmt: skip


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name else name


def _literal(
    indicator: Indicator, segments: list[str], *, by: str | None = None, where: str = ""
) -> Choice | None:
    for depth, segment in enumerate(reversed(segments)):
        best: tuple[int, Material, str] | None = None
        for material in indicator.materials:
            for word in material.keywords:
                if word and word in segment and (best is None or len(word) > best[0]):
                    best = (len(word), material, word)
        if best:
            how = by or ("name" if depth == 0 else "folder")
            place = where or ("文件名" if depth == 0 else f"文件夹“{segment}”")
            return Choice(best[1], how, f"{place}含“{best[2]}”")
    return None


def _by_words(indicator: Indicator, text: str, kinds: set[str], by: str, where: str) -> Choice | None:
    """The material whose kind words appear in `text`; the rightmost (then longest) word decides."""
    hits = sorted({(text.rfind(w) + len(w), len(w), w) for m in indicator.materials for w in kind_words(m)
                   if w in text}, reverse=True)  # fmt: skip
    for _, _, word in hits:
        fitting = [m for m in indicator.materials if word in kind_words(m)
                   and (not kinds or "other" in kinds or any(m.accepts_kind(k) for k in kinds))]  # fmt: skip
        if not fitting:
            continue
        direct = [m for m in fitting if word in m.name]
        pick = direct if len(direct) == 1 else fitting
        if len(pick) == 1:
            return Choice(pick[0], by, f"{where}含“{word}”（{pick[0].name}的常用词）")
        return None  # the deciding word fits several materials: ambiguous
    return None


def _by_type(indicator: Indicator, format_id: str) -> Choice:
    fmt = FORMATS[format_id]
    kinds = material_kinds_of(fmt)
    fitting = [m for m in indicator.materials if any(m.accepts_kind(k) for k in kinds)]
    specific = [m for m in fitting if "any" not in m.kinds]
    for group in (specific, fitting):
        if len(group) == 1:
            return Choice(group[0], "type", f"按文件类型（{fmt.label}）只能是这项材料")
    return Choice(None)
