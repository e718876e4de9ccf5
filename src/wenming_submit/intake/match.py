"""The proposal: for every incoming file, its unit, indicator and material, why, and how sure.

Units are found with the scanner's own rule (evidence.assign.Assigner.unit_of: a unit name or alias in
the text, longest spelling first); indicators by a code the text starts with or contains (catalog codes,
normalised: Ⅱ/II, full-width digits, every dash) or by the indicator's title (or its quoted core,
“我们的节日”); materials by a material's name or `match` keywords, else by the file's type
(Assigner.material_of). What the names say (file, folders, archive) decides before what the content
says (title, first lines, sheet title row, photo caption); two different answers at the deciding level
are a conflict left for the coordinator. `--unit` / `--indicator` decide outright.

Confidence is the weakest of the three (each from the kind of clue that decided it, SCORES in clues.py);
a file with something missing or in conflict has confidence 0 and is listed first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from wenming_submit.catalog.codes import code_at_start
from wenming_submit.catalog.model import Catalog, Indicator, Material
from wenming_submit.evidence.assign import Assigner
from wenming_submit.evidence.formats import FORMATS
from wenming_submit.intake.clues import NAME, Clue, clues_of
from wenming_submit.intake.sources import Incoming, Kind

OPTION_SCORE = 100
TYPE_SCORE = 60
TITLE_PENALTY = 5
"""A title match is a little less sure than a code."""


class Status(StrEnum):
    ready = "可归档"
    undecided = "待定"
    replacement = "替换候选"
    filed = "已归档"
    copied = "已复制"
    skipped = "跳过"
    refused = "拒收"


STATUS_ORDER = {Status.refused: 0, Status.undecided: 1, Status.replacement: 2, Status.ready: 3,
                Status.copied: 4, Status.filed: 5, Status.skipped: 6}  # fmt: skip


class Decision(StrEnum):
    file = "归档"
    skip = "跳过"
    pending = "待定"


@dataclass(frozen=True)
class Hit:
    value: str
    clue: Clue
    words: str
    score: int
    rank: int
    """Lower decides first: clue level, then (for indicators) code before title."""

    def choice(self, what: str) -> Choice:
        shown = self.clue.text if len(self.clue.text) <= 30 else self.clue.text[:29] + "…"
        words = f"「{self.words}」" if self.words and self.words != self.clue.text else ""
        return Choice(self.value, f"{self.clue.where}「{shown}」", f"{words}→ {what} {self.value}", self.score)


@dataclass(frozen=True)
class Choice:
    """One dimension (unit, indicator or material) of a proposal."""

    value: str | None = None
    clue: str = ""
    """Where the answer was read: 文件夹名「教育局」, 文件类型（JPEG 图片）; empty for a decision taken."""
    detail: str = ""
    """What was read there: 「教育局」→ 单位 区教育局."""
    score: int = 0
    candidates: tuple[str, ...] = ()
    """Two or more equally good answers: a conflict."""


@dataclass(frozen=True)
class Proposal:
    item: Incoming
    unit: Choice = Choice()
    indicator: Choice = Choice()
    material: Choice = Choice()
    status: Status = Status.undecided
    decision: Decision = Decision.pending
    missing: tuple[str, ...] = ()
    """What is missing or wrong, in Chinese, one sentence each."""
    notes: tuple[str, ...] = ()
    """Other reasons: already filed as …, same as …, replaces …"""
    destination: str | None = None
    """Project-relative path it goes to (or went to)."""
    existing: str | None = None
    """For already filed / replacement candidates: the evidence file concerned."""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def confidence(self) -> int:
        if self.status in (Status.refused, Status.undecided) or self.missing:
            return 0
        return min(self.unit.score, self.indicator.score, self.material.score)

    @property
    def reason(self) -> str:
        """Each clue once with what it gave: 文档标题「…」：「区教育局」→ 单位 区教育局，→ 指标 Ⅱ-3-2."""
        grouped: dict[str, list[str]] = {}
        for choice in (self.unit, self.indicator, self.material):
            if choice.detail:
                grouped.setdefault(choice.clue, []).append(choice.detail)
        parts = [clue + ("" if not clue or details[0].startswith("→") else "：") + "，".join(details)
                 for clue, details in grouped.items()]  # fmt: skip
        return "；".join([*parts, *self.notes])

    def sort_key(self) -> tuple[int, int, str]:
        return (STATUS_ORDER[self.status], self.confidence, self.item.source)


def _plain(text: str) -> str:
    """For title comparison: NFKC, no spaces, quotes or punctuation."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\"'“”‘’「」『』《》〈〉()（）\[\]【】,，.。、:：;；!！?？·_\-—–]+", "", text)


_CODE_START = re.compile(r"(?<![0-9A-Za-z.\-－—–])[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅰⅱⅲⅳⅴIVXivx0-9０-９]")


class Matcher:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.assigner = Assigner(catalog)
        self._by_key = {ind.key: ind for ind in catalog.indicators}
        self._codes = sorted(self._by_key, key=len, reverse=True)
        self._titles: list[tuple[str, Indicator]] = []
        for ind in catalog.indicators:
            plain = _plain(ind.title)
            if len(plain) >= 4:
                self._titles.append((plain, ind))
            for quoted in re.findall(r"[“\"「](.+?)[”\"」]", ind.title):
                if len(_plain(quoted)) >= 3 and _plain(quoted) != plain:
                    self._titles.append((_plain(quoted), ind))

    # --- units ---------------------------------------------------------------------------------------
    def unit_hits(self, clues: Iterable[Clue]) -> list[Hit]:
        hits = []
        for clue in clues:
            unit = self.assigner.unit_of(clue.text)
            if unit:
                spelling = next((s for s, u in self.catalog.aliases.items() if u == unit and s in clue.text), unit)
                hits.append(Hit(unit, clue, spelling, clue.score, clue.level))
        return hits

    # --- indicators ----------------------------------------------------------------------------------
    def codes_in(self, text: str) -> list[tuple[str, str]]:
        """(normalised code, as written) for each catalogue code the text starts with or contains."""
        found: dict[str, str] = {}
        for m in _CODE_START.finditer(text):
            key = code_at_start(text[m.start() :], self._codes)
            if key and key not in found:
                found[key] = self._by_key[key].code
        return list(found.items())

    def indicator_hits(self, clues: Iterable[Clue]) -> list[Hit]:
        hits = []
        for clue in clues:
            for key, written in self.codes_in(clue.text):
                hits.append(Hit(self._by_key[key].code, clue, written, clue.score, clue.level * 2))
            plain = _plain(clue.text)
            for title, ind in self._titles:
                if title in plain:
                    hits.append(Hit(ind.code, clue, title, clue.score - TITLE_PENALTY, clue.level * 2 + 1))
        return hits

    # --- materials -----------------------------------------------------------------------------------
    @staticmethod
    def material_hits(indicator: Indicator, clues: list[Clue], format_id: str) -> tuple[list[Hit], list[str]]:
        """Keyword hits of materials that accept the file's type; plus notes on keywords that don't fit."""
        kinds = {FORMATS[format_id].kind, "document"} if FORMATS[format_id].kind == "pdf" else {FORMATS[format_id].kind}
        hits: list[Hit] = []
        notes: list[str] = []
        for order, clue in enumerate(clues):
            best: tuple[int, Material, str] | None = None
            for material in indicator.materials:
                for word in material.keywords:
                    if word and word in clue.text and (best is None or len(word) > best[0]):
                        best = (len(word), material, word)
            if best is None:
                continue
            material, word = best[1], best[2]
            if not any(material.accepts_kind(k) for k in kinds):
                notes.append(f"{clue.where}写的是「{word}」，但文件是{FORMATS[format_id].label}")
                continue
            # The file name and the folder closest to it decide first (as the scanner reads a path).
            hits.append(Hit(material.name, clue, word, clue.score, clue.level * 100 + order))
        return hits, notes


def _decide(hits: list[Hit], what: str) -> Choice:
    if not hits:
        return Choice()
    best = min(h.rank for h in hits)
    top = [h for h in hits if h.rank == best]
    values = list(dict.fromkeys(h.value for h in top))
    if len(values) > 1:
        return Choice(None, candidates=tuple(values))
    return max(top, key=lambda h: h.score).choice(what)


def _decide_material(hits: list[Hit]) -> Choice:
    """Materials: the first clue in reading order that names one decides (ranks are unique per clue)."""
    if not hits:
        return Choice()
    return min(hits, key=lambda h: h.rank).choice("材料")


@dataclass(frozen=True)
class Fixed:
    """What the coordinator decided: `--unit`/`--indicator`, or cells of the plan (already validated)."""

    unit: Choice | None = None
    indicator: Choice | None = None
    material: Choice | None = None


def fixed_choice(value: str, what: str, by: str) -> Choice:
    """A decision taken by `by` (--unit, --indicator, 计划表)."""
    return Choice(value, "", f"{by} 指定{what} {value}", OPTION_SCORE)


def propose_one(matcher: Matcher, item: Incoming, fixed: Fixed) -> Proposal:
    """The unit, indicator and material of one evidence file (no file-system look-ups here)."""
    if item.kind is Kind.refused:
        return Proposal(item, status=Status.refused, missing=(item.problem or "无法处理",))
    if item.kind is Kind.temp:
        return Proposal(item, status=Status.skipped, decision=Decision.skip,
                        notes=("临时文件或系统文件，不是材料，不收",))  # fmt: skip
    if item.kind is Kind.helper:
        return Proposal(item, status=Status.skipped, decision=Decision.skip,
                        notes=("说明文件，已用于识别，不单独归档",))  # fmt: skip
    clues = clues_of(item)
    missing: list[str] = []
    notes: list[str] = []

    unit = fixed.unit or _decide(matcher.unit_hits(clues), "单位")
    if unit.candidates:
        missing.append(f"同时像是多个单位（{'、'.join(unit.candidates)}）：请用 --unit 指定，或在计划表中选定单位")
    elif unit.value is None:
        missing.append("无法判断单位：请用 --unit 指定，或在文件名中写明单位")

    indicator = fixed.indicator or _decide(matcher.indicator_hits(clues), "指标")
    if indicator.candidates:
        missing.append(f"同时符合多个指标（{'、'.join(indicator.candidates)}）：请在计划表中选定一个指标")
    elif indicator.value is None:
        missing.append("无法判断指标：请用 --indicator 指定，或在文件名中写明指标编号（如 Ⅱ-3-2）")

    material = Choice()
    ind = matcher.catalog.indicator(indicator.value) if indicator.value else None
    if ind is not None:
        if fixed.material:
            material = fixed.material
        else:
            hits, kind_notes = Matcher.material_hits(ind, clues, item.format)
            material = _decide_material([h for h in hits if h.clue.level == NAME] or hits)
            if material.value is None:
                by_type = Assigner.material_of(ind, [], item.format)
                if by_type is not None:
                    label = FORMATS[item.format].label
                    material = Choice(by_type.name, f"文件类型（{label}）", f"→ 材料 {by_type.name}", TYPE_SCORE)
                else:
                    notes += kind_notes
            if material.value is None:
                choices = "、".join(m.name for m in ind.materials)
                missing.append(f"无法判断是指标 {ind.code} 的哪项材料（可选：{choices}）："
                               "请在文件名中写明材料名称，或在计划表中填写")  # fmt: skip
        if unit.value and unit.value not in ind.units and unit.value != ind.lead:
            missing.append(f"{unit.value}不是指标 {ind.code} 的责任单位：请核对单位或指标")
    status = Status.undecided if missing else Status.ready
    decision = Decision.pending if missing else Decision.file
    return Proposal(item, unit, indicator, material, status, decision, tuple(missing), tuple(notes))


def with_status(p: Proposal, status: Status, *, note: str | None = None, decision: Decision | None = None,
                **changes: object) -> Proposal:  # fmt: skip
    notes = (*p.notes, note) if note else p.notes
    if decision is None:
        decision = {Status.ready: Decision.file, Status.undecided: Decision.pending,
                    Status.replacement: Decision.pending, Status.refused: Decision.pending}.get(status, Decision.skip)  # fmt: skip
    return replace(p, status=status, notes=notes, decision=decision, **changes)  # type: ignore[arg-type]
