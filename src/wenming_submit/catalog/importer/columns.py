"""Which row is the header, and which column holds which field, by the Chinese names cities use."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from wenming_submit.catalog.importer.grid import Cell, Grid
from wenming_submit.errors import UsageError

HEADER_SCAN_ROWS = 30

FIELD_LABELS: dict[str, str] = {
    "code": "编号",
    "category": "测评项目（分类）",
    "title": "指标名称",
    "content": "测评内容",
    "standard": "测评标准",
    "method": "测评方法",
    "requirement": "材料要求",
    "rules": "材料规则",
    "lead": "牵头单位",
    "units": "责任单位",
    "partners": "配合单位",
    "contact": "负责人（不导入）",
    "deadline": "完成时间",
    "per_unit": "各单位分别提交",
    "upload": "是否网上申报",
    "ignore": "（忽略）",
}
"""Fields a column can map to, with the name shown in the mapping printout."""

# Longer, more specific words first: a header matches the first field whose word it equals, then the
# first whose word it starts with, then contains.
VOCABULARY: list[tuple[str, tuple[str, ...]]] = [
    ("rules", ("材料规则",)),
    ("per_unit", ("各单位分别提交", "分别提交")),
    ("upload", ("是否网上申报", "是否需网上申报")),
    (
        "requirement",
        (
            "网上申报具体要求",
            "网上申报要求",
            "网报要求",
            "材料要求",
            "报送要求",
            "申报要求",
            "佐证材料",
            "需提供材料",
            "提供材料",
            "材料清单",
            "资料要求",
            "台账资料",
            "申报材料",
        ),
    ),
    ("code", ("指标编号", "测评编号", "项目编号", "指标代码", "编号", "序号", "代码", "编码")),
    ("lead", ("牵头单位", "牵头部门", "牵头领导单位", "牵头")),
    ("partners", ("配合单位", "配合部门", "协办单位", "协助单位", "配合")),
    ("units", ("责任单位", "责任部门", "承办单位", "落实单位", "主责单位", "实施单位", "单位")),
    ("contact", ("负责人", "联系人", "责任人", "分管领导", "联络员")),
    (
        "deadline",
        ("完成时间", "报送时间", "完成时限", "时间节点", "截止时间", "报送时限", "时限要求", "时间要求"),
    ),
    ("method", ("测评方法", "测评方式", "考核方法", "方法")),
    ("standard", ("测评标准", "评价标准", "考核标准", "测评细则", "标准")),
    ("content", ("测评内容", "考核内容", "内容")),
    ("title", ("指标名称", "测评指标", "三级指标", "指标", "名称", "任务")),
    ("category", ("测评类别", "测评项目", "一级指标", "二级指标", "类别", "项目", "分类")),
]
MULTI_COLUMN_FIELDS = {"category"}
IDENTITY_FIELDS = {"code", "title", "content", "standard", "category"}

_SPACES = re.compile(r"[\s\u3000]+")
_PARENS = re.compile(r"[(（][^)）]*[)）]")
_CHINESE_ALIASES = {words[0]: name for name, words in VOCABULARY} | {
    label: name for name, label in FIELD_LABELS.items()
}


def clean_header(text: str) -> str:
    """`责任单位\n（牵头单位列首位）` -> `责任单位`: no spaces, no parenthesised remarks, no trailing colon."""
    text = _SPACES.sub("", text)
    stripped = _PARENS.sub("", text)
    return (stripped or text).rstrip(":：*")


@functools.lru_cache(maxsize=4096)
def guess_field_ranked(header: str) -> tuple[str, int] | None:
    """(field, rank): rank orders how sure the guess is (exact word first, specific words first)."""
    text = clean_header(header)
    if not text or len(text) > 20:
        return None
    tests: tuple[Callable[[str, str], bool], ...] = (
        lambda t, w: t == w,
        lambda t, w: t.startswith(w),
        lambda t, w: w in t,
    )
    for level, test in enumerate(tests):
        for name, words in VOCABULARY:
            for position, word in enumerate(words):
                if test(text, word):
                    return name, level * 100 + position
    return None


def guess_field(header: str) -> str | None:
    ranked = guess_field_ranked(header)
    return ranked[0] if ranked else None


def field_name(value: str) -> str:
    """A field as the user typed it in --map: English name or a Chinese column word."""
    value = value.strip()
    if value in FIELD_LABELS:
        return value
    if value in ("-", "忽略", "不导入"):
        return "ignore"
    found = _CHINESE_ALIASES.get(value) or guess_field(value)
    if found is None:
        known = "、".join(f"{k}（{v}）" for k, v in FIELD_LABELS.items())
        raise UsageError(f"--map 中的字段「{value}」无法识别", hint=f"可用的字段：{known}")
    return found


def parse_overrides(items: tuple[str, ...] | list[str]) -> dict[str, str]:
    """`--map 列名=字段` options -> {cleaned header or column letter: field}."""
    result: dict[str, str] = {}
    for item in items:
        if "=" not in item:
            raise UsageError(
                f"--map 的写法应为 列名=字段，现为「{item}」", hint="例如 --map 具体要求=requirement"
            )
        column, _, target = item.partition("=")
        if not column.strip():
            raise UsageError(f"--map「{item}」缺少列名")
        result[clean_header(column) or column.strip()] = field_name(target)
    return result


def column_letter(index: int) -> str:
    """0-based column index -> Excel letter (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class ColumnMap:
    header_row: int
    """1-based row number of the header."""
    headers: list[str]
    fields: dict[int, str] = field(default_factory=dict)
    """0-based column -> field ('ignore' columns are left out)."""
    overridden: set[int] = field(default_factory=set)
    last_row: int = 0
    """1-based last header row: header_row + 1 for a two-row header, else header_row."""

    def __post_init__(self) -> None:
        self.last_row = self.last_row or self.header_row

    @property
    def rows_label(self) -> str:
        """`第 3 行` or `第 3–4 行`."""
        if self.last_row == self.header_row:
            return f"第 {self.header_row} 行"
        return f"第 {self.header_row}–{self.last_row} 行"

    def columns(self, name: str) -> list[int]:
        return [c for c, f in sorted(self.fields.items()) if f == name]

    def has(self, name: str) -> bool:
        return bool(self.columns(name))


def _row_fields(headers: list[str], overrides: dict[str, str]) -> tuple[dict[int, str], set[int]]:
    fields: dict[int, str] = {}
    ranks: dict[int, int] = {}
    overridden: set[int] = set()
    for index, header in enumerate(headers):
        key = clean_header(header)
        letter = column_letter(index)
        target = overrides[key] if key and key in overrides else overrides.get(letter)
        if target is not None:
            overridden.add(index)
            if target != "ignore":
                fields[index] = target
            continue
        ranked = guess_field_ranked(header) if header else None
        if ranked is None:
            continue
        guessed, rank = ranked
        taken = [c for c, f in fields.items() if f == guessed and c not in overridden]
        if taken and guessed not in MULTI_COLUMN_FIELDS:
            # 序号 | 指标编号: the more specific word wins; on a tie the first column does.
            if rank >= ranks[taken[0]]:
                continue
            del fields[taken[0]]
        elif guessed in fields.values() and guessed not in MULTI_COLUMN_FIELDS:
            continue  # a --map override already chose this field
        fields[index] = guessed
        ranks[index] = rank
    return fields, overridden


def find_header(grid: Grid, overrides: dict[str, str]) -> ColumnMap | None:
    """The first row (of the top 30) that names an identity column and at least one other field."""
    for index, row in enumerate(grid.rows[:HEADER_SCAN_ROWS]):
        headers = [cell.text for cell in row]
        distinct = {h for h in headers if h}
        if len(distinct) < 2:
            continue  # a title row merged across the table, or an empty row
        fields, overridden = _row_fields(headers, overrides)
        names = set(fields.values())
        if len(names) >= 2 and names & IDENTITY_FIELDS:
            found = ColumnMap(index + 1, headers, fields, overridden)
            if index + 1 < len(grid.rows):
                _second_header_row(found, row, grid.rows[index + 1], overrides)
            return found
    return None


def _second_header_row(
    columns: ColumnMap, top: list[Cell], below: list[Cell], overrides: dict[str, str]
) -> None:
    """`责任单位` merged across two columns with `牵头单位 | 配合单位` under it: the lower words win there."""
    number = columns.header_row + 1
    found: dict[int, str] = {}
    for index, cell in enumerate(below):
        if not cell.text or cell.origin[0] != number:
            continue  # empty, or a header cell merged down from the row above
        spans = top[index].origin[1] != index + 1 or (
            index + 1 < len(top) and top[index + 1].origin == top[index].origin
        )
        if not spans:
            return  # an ordinary data row
        key = clean_header(cell.text)
        target = overrides.get(key) or overrides.get(column_letter(index)) or guess_field(cell.text)
        if target is None:
            return
        found[index] = target
    if not found:
        return
    for index, target in found.items():
        columns.headers[index] = below[index].text
        columns.fields.pop(index, None)
        if target != "ignore":
            columns.fields[index] = target
    columns.last_row = number


def check_overrides_used(columns: ColumnMap, overrides: dict[str, str], sheet: str) -> None:
    known = {clean_header(h) for h in columns.headers if h} | {
        column_letter(i) for i in range(len(columns.headers))
    }
    for key in overrides:
        if key not in known:
            shown = "、".join(h for h in columns.headers if h)
            raise UsageError(
                f"--map 中的列「{key}」在工作表「{sheet}」的表头中找不到", hint=f"表头各列：{shown}"
            )
