"""The free-text 材料要求 of a 任务分解表 turned into material rules, where the text is clear.

"实景图片5张以上，注明时间、地点、主题" -> image, min 5, caption [时间, 地点, 主题]; "说明报告500字" -> document,
min_chars 500; "文件通知/制度文件" -> [document, pdf]; "台账/统计表" -> spreadsheet; "视频" -> video. Each
material keeps the clause it came from in `note`; what matches no rule is returned as unparsed text so the
preview can show it and the catalogue keeps it (the indicator's `requirement` holds the whole text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from wenming_submit.catalog.model import Material
from wenming_submit.catalog.official_words import official_flags

# (keywords, kinds, name used when the text around the keyword makes no good name)
KIND_WORDS: list[tuple[tuple[str, ...], tuple[str, ...], str]] = [
    (
        (
            "实景图片",
            "实景照片",
            "现场图片",
            "现场照片",
            "活动图片",
            "活动照片",
            "图片",
            "照片",
            "相片",
            "截图",
        ),
        ("image",),
        "实景图片",
    ),
    (("视频", "影像资料", "影像", "录像"), ("video",), "视频"),
    (
        ("台账", "统计表格", "统计表", "登记表", "花名册", "名册", "一览表", "汇总表", "明细表", "表格"),
        ("spreadsheet",),
        "台账",
    ),
    (
        (
            "说明报告",
            "情况说明",
            "说明材料",
            "书面说明",
            "工作总结",
            "总结报告",
            "工作报告",
            "汇报材料",
            "报告",
            "总结",
        ),
        ("document",),
        "说明报告",
    ),
    (
        (
            "文件通知",
            "规范文件",
            "制度文件",
            "红头文件",
            "文件",
            "通知",
            "制度",
            "方案",
            "规划",
            "意见",
            "办法",
            "细则",
            "纪要",
            "会议记录",
            "规定",
            "公约",
            "章程",
            "计划",
        ),
        ("document", "pdf"),
        "文件通知",
    ),
    (("佐证材料", "证明材料", "相关材料", "印证材料", "资料"), ("any",), "佐证材料"),
]
_WORDS = sorted(
    ((w, kinds, default) for words, kinds, default in KIND_WORDS for w in words), key=lambda t: -len(t[0])
)
_WORD_KINDS = {w: (kinds, default) for w, kinds, default in reversed(_WORDS)}
_WORD_RE = re.compile("|".join(re.escape(w) for w, _, _ in _WORDS))
"""Longest word first: at each position the regex takes the longest keyword that starts there."""
CAPTION_WORDS = (
    "时间",
    "地点",
    "人物",
    "主讲人",
    "主题",
    "背景",
    "事由",
    "内容",
    "参与人员",
    "参加人员",
    "人数",
    "活动名称",
    "单位",
)

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUM = r"(\d+|[零一二两三四五六七八九十百千]{1,6})"
_RANGE_SEP = r"(?:[-－~～〜—–]|至|到)"
_ALL_UNITS = "张幅组字段个条部份篇套本"
_CLAUSE_SPLIT = re.compile(r"[；;。\n\r]+")
_NUMBERING = re.compile(
    r"(?:(?<=^)|(?<=[\s；;。，,：:]))(?:\d{1,2}\s*[.、．)）](?!\d)|[(（]\d{1,2}[)）]|[①-⑳])"
)
_CAPTION = re.compile(
    r"[（(]?(?:并|须|需|要)?(?:注明|标明|标注|写明|注清|附注|配以|配有|配)(?:文字说明|图片说明|说明)?[:：]?"
    r"(?P<parts>[\u4e00-\u9fff]{1,6}(?:[、，,和及与/][\u4e00-\u9fff]{1,6})*)(?:等要素|等)?[）)]?"
)
_LIMIT_BELOW = ("以内", "以下", "不超过", "内", "之内")
_LIMIT_BEFORE = ("不超过", "不多于", "最多", "控制在", "至多")
_VERBS = re.compile(
    r"^(?:按要求|根据要求|按照要求)?(?:需|须|应|要)?(?:提供|上传|报送|提交|附上?|上报|整理)?(?:相关|有关|本单位|单位)?(?:的)?"
)
_QUANTITY = re.compile(
    rf"(?:不少于|至少|不低于|最少|不超过|不多于|最多|至多|控制在)?\s*{_NUM}\s*[{_ALL_UNITS}]?"
    rf"(?:\s*{_RANGE_SEP}\s*{_NUM})?\s*[{_ALL_UNITS}](?:及以上|以上|以内|以下|左右|之内)?"
)


@dataclass
class ParsedRequirement:
    materials: list[Material] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)


@dataclass
class _Draft:
    name: str
    kinds: tuple[str, ...]
    note: str
    match: list[str] = field(default_factory=list)
    min: int | None = None
    max: int | None = None
    min_chars: int | None = None
    caption: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "kinds": list(self.kinds), "note": self.note}
        if self.min is not None:
            data["min"] = self.min
        if self.max is not None:
            data["max"] = self.max
        if self.min_chars is not None:
            data["min_chars"] = self.min_chars
        if self.caption:
            data["caption"] = list(self.caption)
        if self.match:
            data["match"] = self.match
        return data


def _number(text: str) -> int:
    """`12` -> 12; `十` -> 10, `二十五` -> 25, `五百` -> 500, `两` -> 2."""
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for ch in text:
        if ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            digit = _CN_DIGITS.get(ch, 0)
    return total + (digit or 0)


def _bounds(text: str, units: str) -> tuple[int | None, int | None]:
    """(lowest, highest) number of `units` the text asks for; None where it sets no bound.

    `3-5张`, `3～5张`, `三至五张` -> (3, 5); `5张以上`, `不少于5张`, `至少五张` -> (5, None);
    `不超过5张`, `5张以内` -> (None, 5).
    """
    for found in re.finditer(rf"{_NUM}\s*[{units}]?\s*{_RANGE_SEP}\s*{_NUM}\s*[{units}]", text):
        low, high = _number(found.group(1)), _number(found.group(2))
        if 0 < low <= high:
            return low, high
    lowest = highest = None
    for found in re.finditer(rf"{_NUM}\s*[{units}]", text):
        value = _number(found.group(1))
        if value <= 0:
            continue
        after = text[found.end() : found.end() + 3]
        before = text[max(0, found.start() - 4) : found.start()].rstrip()
        if after.startswith(_LIMIT_BELOW) or before.endswith(_LIMIT_BEFORE):
            highest = highest or value
        else:
            lowest = lowest or value
    return lowest, highest


def _quantity(text: str, units: str) -> int | None:
    """`5张以上` -> 5; `300字以内` -> None (an upper limit is not a minimum)."""
    return _bounds(text, units)[0]


def _caption_parts(raw: str) -> tuple[str, ...]:
    parts: list[str] = []
    for piece in re.split(r"[、，,和及与/]", raw):
        piece = piece.strip().removesuffix("等要素").removesuffix("等")
        if not piece:
            continue
        if len(piece) > 3:  # "时间地点主题" written without separators
            known = [w for w in CAPTION_WORDS if w in piece]
            if known:
                parts += sorted(known, key=piece.index)
                continue
        parts.append(piece)
    return tuple(dict.fromkeys(parts))


def _split_outside_parens(text: str, separators: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += ch in "(（"
        depth = max(0, depth - (ch in ")）"))
        if depth == 0 and ch in separators:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [*parts, current]


def _hits(segment: str) -> list[tuple[int, int, tuple[str, ...], str]]:
    """Non-overlapping keyword hits (start, end, kinds, default name); adjacent hits count as one."""
    taken = [(m.start(), m.end(), *_WORD_KINDS[m.group(0)]) for m in _WORD_RE.finditer(segment)]
    taken.sort()
    merged: list[tuple[int, int, tuple[str, ...], str]] = []
    for hit in taken:
        if merged and merged[-1][1] >= hit[0]:
            prev = merged[-1]
            keep = prev if prev[2] != ("any",) else hit
            merged[-1] = (prev[0], hit[1], keep[2], keep[3])
        else:
            merged.append(hit)
    return merged


def _name(segment: str, end: int, keyword: str, default: str) -> str:
    text = _QUANTITY.sub("", re.sub(r"[（(][^）)]*[）)]", "", segment[:end]))
    text = _VERBS.sub("", text.strip(" ：:")).strip(" ：:的")
    text = re.sub(r"[\\/:*?\"<>|]", "", text)
    if 2 <= len(text) <= 10:
        return text
    if len(keyword) <= 2:
        return default if len(text) < 2 else text[-4:]
    return keyword


def _segment_drafts(segment: str, clause: str) -> list[_Draft]:
    drafts: list[_Draft] = []
    for alternative_group in _split_on_conjunctions(segment):
        alternatives = [a for a in re.split(r"[/／]|或", alternative_group) if a.strip()]
        found = [(a, _hits(a)) for a in alternatives]
        found = [(a, h) for a, h in found if h]
        if not found:
            continue
        first_text, first_hits = found[0]
        start, end, kinds, default = first_hits[0]
        draft = _Draft(_name(first_text, end, first_text[start:end], default), kinds, clause)
        for text, hits in found[1:]:
            s, e, more, dflt = hits[0]
            draft.kinds = tuple(dict.fromkeys((*draft.kinds, *more)))
            other = _name(text, e, text[s:e], dflt)
            if other != draft.name and other not in draft.match:
                draft.match.append(other)
        if draft.kinds != ("any",) and "any" in draft.kinds:
            draft.kinds = tuple(k for k in draft.kinds if k != "any")
        _apply_quantities(draft, alternative_group)
        drafts.append(draft)
    return drafts


def _split_on_conjunctions(segment: str) -> list[str]:
    if len(_hits(segment)) < 2 or "/" in segment or "／" in segment:
        return [segment]
    return [p for p in re.split(r"以及|及|和|与|并", segment) if p.strip()]


def _apply_quantities(draft: _Draft, text: str) -> bool:
    """Set min / min_chars from numbers in `text`; True when something was applied."""
    applied = False
    for kind, units in (("image", "张幅组"), ("video", "段个条部")):
        if kind not in draft.kinds:
            continue
        lowest, highest = _bounds(text, units)
        if lowest is not None:
            draft.min, applied = lowest, True
        if highest is not None:
            draft.max, applied = highest, True
    if "document" in draft.kinds or "any" in draft.kinds:
        chars = _quantity(text, "字")
        if chars is not None:
            draft.min_chars, applied = chars, True
    if draft.min is None and draft.max is None:
        lowest, highest = _bounds(text, "份篇套本")
        if lowest is not None:
            draft.min, applied = lowest, True
        if highest is not None:
            draft.max, applied = highest, True
    return applied


def clauses(text: str) -> list[str]:
    """The requirement split into its numbered or ；-separated clauses."""
    marked = _NUMBERING.sub("\n", text)
    return [c.strip(" ，,、：:") for c in _CLAUSE_SPLIT.split(marked) if c.strip(" ，,、：:")]


def _parse_clause(clause: str, drafts: list[_Draft], unparsed: list[str]) -> None:
    caption: tuple[str, ...] = ()
    found = _CAPTION.search(clause)
    body = clause
    if (
        found
        and _hits(clause[: found.start()])
        and any(k == ("image",) for _, _, k, _ in _hits(clause[: found.start()]))
    ):
        caption = _caption_parts(found.group("parts"))
        body = clause[: found.start()] + "，" + clause[found.end() :]
    new: list[_Draft] = []
    for segment in _split_outside_parens(body, "、，,"):
        segment = segment.strip()
        if not segment:
            continue
        made = _segment_drafts(segment, clause)
        if made:
            new += made
        elif not (new and _apply_quantities(new[-1], segment)) and not _QUANTITY.fullmatch(segment):
            unparsed.append(segment)
    for draft in new:
        if caption and "image" in draft.kinds:
            draft.caption = caption
    drafts += new


def parse_requirement(text: str | None) -> ParsedRequirement:
    """Material rules read from a 材料要求 cell; never raises, never drops text."""
    result = ParsedRequirement()
    if not text or not text.strip():
        return result
    drafts: list[_Draft] = []
    for clause in clauses(text):
        _parse_clause(clause, drafts, result.unparsed)
    names: dict[str, int] = {}
    for draft in drafts:
        count = names.get(draft.name, 0) + 1
        names[draft.name] = count
        if count > 1:
            draft.name = f"{draft.name}{count}"
        flags = official_flags(draft.note, draft.kinds)  # 盖章/红头 -> seal/red_header (catalog/official_words.py)
        result.materials.append(Material.model_validate(draft.as_dict() | flags))
    return result
