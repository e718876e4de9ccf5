"""The data rows of one sheet, below its header, as Indicator models.

Spacer rows are skipped, a row whose cells hold one merged text is a section heading (or, starting with
注/备注/说明, a notes row), and rows that share one merged code cell are one indicator. Every problem names
the sheet and the row as the user sees them in Excel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import ValidationError

from wenming_submit.catalog.codes import split_leading_code, tidy_code
from wenming_submit.catalog.importer.cells import (
    is_ongoing,
    parse_deadline,
    short_title,
    split_methods,
    split_units,
)
from wenming_submit.catalog.importer.columns import ColumnMap, guess_field
from wenming_submit.catalog.importer.grid import Cell, Grid
from wenming_submit.catalog.importer.requirements_text import parse_requirement
from wenming_submit.catalog.model import Indicator
from wenming_submit.errors import describe_validation_error

_NOTES = re.compile(r"^\s*(注|备注|说明|附注|填表说明|附件)\s*[0-9一二三:：、.．]")
_FOOTER = re.compile(
    r"^\s*(填表人|制表人|填报人|审核人|审核|联系人|联系电话|分管领导|单位负责人|日期)\s*[:：]"
)
_HEADING_NUMBER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[(（][一二三四五六七八九十]+[)）])\s*"
)
FALLBACK_MATERIAL = "佐证材料"
NO_UPLOAD_TEXT = re.compile(r"(?:无需|不需要?|不用|无须|不须)(?:进行)?(?:网上申报|网报|上传|报送|提供|提交)")
"""`实地考察，无需网上申报`: the item has nothing to hand in online."""
UPLOAD_METHODS = ("材料审核", "网上申报", "资料审核", "材料审查", "网报")
"""A 测评方法 with none of these (实地考察, 问卷调查 only) has nothing to hand in online."""
NO_WORDS = ("否", "不需", "不需要", "无需", "不需网上申报", "no", "false", "0")
GROUP_LIKE = re.compile(r"^各.{1,12}$|成员单位|相关单位")
"""Names that stand for several units (各街道办事处, 各镇（街道）, 各成员单位)."""
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class RowProblem:
    sheet: str
    row: int
    message: str
    hint: str | None = None


@dataclass
class ParsedItem:
    sheet: str
    rows: list[int]
    indicator: Indicator
    unparsed: list[str] = field(default_factory=list)
    generated_code: bool = False


@dataclass
class SheetRows:
    items: list[ParsedItem] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    undefined_groups: dict[str, list[int]] = field(default_factory=dict)
    """Unit names that look like a group ([units.groups] does not define them) -> rows they are on."""


@dataclass
class _Group:
    rows: list[int]
    cells: list[list[Cell]]
    code: str | None
    code_origin: tuple[int, int] | None
    section: str | None
    title_from_code: str | None = None
    generated: bool = False


class _Sheet:
    def __init__(
        self, grid: Grid, columns: ColumnMap, counter: list[int], groups: dict[str, list[str]]
    ) -> None:
        self.grid = grid
        self.columns = columns
        self.counter = counter
        self.unit_groups = groups
        self.out = SheetRows()

    def text(self, row: list[Cell], name: str) -> str:
        parts = [row[c].text for c in self.columns.columns(name) if c < len(row) and row[c].text]
        return "\n".join(dict.fromkeys(parts))

    def joined(self, group: _Group, name: str) -> str:
        return "\n".join(dict.fromkeys(t for row in group.cells if (t := self.text(row, name))))

    def problem(self, row: int, message: str, hint: str | None = None) -> None:
        self.out.problems.append(RowProblem(self.grid.sheet, row, message, hint))

    def _kind_of_row(self, number: int, row: list[Cell]) -> str:
        """'data', 'empty', 'heading', 'notes' or 'header' (a header repeated on a new printed page)."""
        own = [c for c in row if c.text and c.origin[0] == number]
        if not own:
            return "empty"  # blank, or only cells merged down from above
        texts = {c.text for c in row if c.text}
        if any(_FOOTER.match(c.text) for c in own[:1]):
            return "notes"  # 填表人：… 联系电话：… under the table
        origins = {c.origin for c in own}
        if len(texts) == 1 and (len(origins) == 1 or len(own) == 1):
            text = texts.pop()
            if _NOTES.match(text) or text.startswith(("注：", "注:", "备注")):
                return "notes"
            if tidy_code(text) is None:
                return "heading"
        header_like = sum(1 for c in row if c.text and guess_field(c.text) and c.text in self.columns.headers)
        if header_like >= 2:
            return "header"
        return "data"

    def groups(self) -> list[_Group]:
        groups: list[_Group] = []
        section: str | None = None
        for index in range(self.columns.last_row, len(self.grid.rows)):
            number, row = index + 1, self.grid.rows[index]
            kind = self._kind_of_row(number, row)
            if kind == "heading":
                section = _HEADING_NUMBER.sub("", next(c.text for c in row if c.text))
                continue
            if kind == "notes":
                self.out.notes.append(f"工作表「{self.grid.sheet}」第 {number} 行是备注，未导入")
                continue
            if kind != "data":
                continue
            group = self._start_group(number, row, section)
            if group is None:
                continue
            last = groups[-1] if groups else None
            if last and group.code_origin and last.code_origin == group.code_origin:
                last.rows.append(number)
                last.cells.append(row)
            else:
                groups.append(group)
        return groups

    def _start_group(self, number: int, row: list[Cell], section: str | None) -> _Group | None:
        if self.columns.has("code"):
            cell = row[self.columns.columns("code")[0]]
            if not cell.text:
                self.problem(
                    number, "缺少编号", "请在编号列填写指标编号；若该行是上一项的续行，请合并编号单元格"
                )
                return None
            code = tidy_code(cell.text)
            if code is not None:
                return _Group([number], [row], code, cell.origin, section)
            leading = split_leading_code(cell.text)
            if leading is None:
                self.problem(
                    number, f"编号「{cell.text}」无法识别", "编号应写作 Ⅱ-3-2、II—3—2 或 3.2.1 这样的形式"
                )
                return None
            return _Group(
                [number], [row], leading[0], cell.origin, section, title_from_code=leading[1] or None
            )
        for name in ("title", "content", "standard"):
            text = self.text(row, name)
            leading = split_leading_code(text) if text else None
            if leading:
                cell = row[self.columns.columns(name)[0]]
                title = leading[1] if name == "title" else None
                return _Group([number], [row], leading[0], cell.origin, section, title_from_code=title)
        self.counter[0] += 1
        return _Group([number], [row], str(self.counter[0]), None, section, generated=True)

    def build(self, group: _Group) -> ParsedItem | None:
        first = group.rows[0]
        data, unparsed = self._fields(group)
        if data is None:
            return None
        try:
            indicator = Indicator.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                where = "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(
                    "."
                )
                self.problem(first, f"{where}：{describe_validation_error(err)}")
            return None
        return ParsedItem(self.grid.sheet, group.rows, indicator, unparsed, group.generated)

    def _fields(self, group: _Group) -> tuple[dict[str, Any] | None, list[str]]:
        first = group.rows[0]
        content = self.joined(group, "content") or None
        standard = self.joined(group, "standard") or None
        title = group.title_from_code or self.joined(group, "title") or short_title(content or standard or "")
        category = [group.section] if group.section else []
        for row in group.cells[:1]:
            for column in self.columns.columns("category"):
                value = row[column].text
                if value and value not in category and value != title:
                    category.append(value)
        if not title:
            self.problem(first, "缺少指标名称（指标名称、测评内容、测评标准都是空的）")
            return None, []
        data: dict[str, Any] = {
            "code": group.code,
            "title": title,
            "category": category,
            "content": content,
            "standard": standard,
            "method": split_methods(self.joined(group, "method")),
        }
        if not self._people(group, data):
            return None, []
        self._deadline(group, data)
        requirement = self.joined(group, "requirement") or None
        data["requirement"] = requirement
        unparsed = self._materials(group, data, requirement)
        if unparsed is None:
            return None, []
        return {k: v for k, v in data.items() if v not in (None, [], ())}, unparsed

    def _people(self, group: _Group, data: dict[str, Any]) -> bool:
        listed = split_units(self.joined(group, "units"))
        partners = split_units(self.joined(group, "partners"))
        leads = split_units(self.joined(group, "lead"))
        # With a 责任单位 list the lead stays apart (DESIGN §4); without one the lead does the work itself.
        first = listed.units or leads.units
        units = list(dict.fromkeys(self._expand(group.rows[0], (*first, *partners.units))))
        if not units:
            self.problem(
                group.rows[0], "没有责任单位", "请在表中填写责任单位，或用 --map 指定哪一列是责任单位"
            )
            return False
        data["units"] = units
        data["lead"] = (leads.units or listed.leads or (None,))[0]
        return True

    def _expand(self, row: int, names: tuple[str, ...]) -> list[str]:
        """Unit groups defined in wenming.toml [units.groups] replaced by their members."""
        units: list[str] = []
        for name in names:
            members = self.unit_groups.get(name)
            if members:
                units += members
                continue
            if GROUP_LIKE.search(name):
                self.out.undefined_groups.setdefault(name, []).append(row)
            units.append(name)
        return units

    def _deadline(self, group: _Group, data: dict[str, Any]) -> None:
        for column in self.columns.columns("deadline"):
            for number, row in zip(group.rows, group.cells, strict=True):
                cell = row[column]
                if cell.value is None:
                    continue
                day = parse_deadline(cell.value)
                if is_ongoing(cell.value):  # 常态化 / 长期: ongoing work, no due date (said, not an error)
                    self.out.notes.append(
                        f"工作表「{self.grid.sheet}」第 {number} 行：完成时间「{cell.text}」是常态化工作，不设截止日期"
                    )
                    return
                if day is None:
                    self.out.notes.append(
                        f"工作表「{self.grid.sheet}」第 {number} 行：完成时间「{cell.text}」不是具体日期，未导入"
                    )
                else:
                    data["deadline"] = day
                return

    def _no_upload(self, group: _Group, data: dict[str, Any], requirement: str | None) -> str | None:
        """Why the item has nothing to hand in online ("table", "text" or "method"), or None when it has:
        said so in a 是否网上申报 column, in the requirement text, or a 测评方法 without 材料审核/网上申报."""
        said = self.joined(group, "upload").strip().lower()
        if said:
            return "table" if said in NO_WORDS else None
        if requirement and NO_UPLOAD_TEXT.search(requirement):
            return "text"
        methods = data.get("method") or ()
        if methods and not any(word in m for m in methods for word in UPLOAD_METHODS):
            return "method"
        return None

    def _materials(self, group: _Group, data: dict[str, Any], requirement: str | None) -> list[str] | None:
        rules = self.joined(group, "rules")
        per_unit = self.joined(group, "per_unit")
        if per_unit:
            data["per_unit"] = per_unit.strip().lower() not in ("否", "no", "false", "0", "不需要")
        why = self._no_upload(group, data, requirement)
        if why is not None:
            data["upload"] = False
            data["materials"] = []
            listed = parse_requirement(requirement).materials if why == "method" and requirement else []
            if any(str(k) != "any" for m in listed for k in m.kinds):
                methods = "、".join(data.get("method") or ()) or "（无）"
                self.out.notes.append(
                    f"工作表「{self.grid.sheet}」第 {group.rows[0]} 行（{group.code}）：测评方法为{methods}，"
                    "不含材料审核/网上申报，按“不需网上申报”导入（upload: false）；材料要求原文保留在 requirement 中，"
                    "如确需网上申报，请删去 upload: false 并补写 materials"
                )
            return []
        if rules:
            try:
                loaded = yaml.load(rules, Loader=_LOADER)  # a (C)SafeLoader
            except yaml.YAMLError as exc:
                self.problem(group.rows[0], f"材料规则不是有效的 YAML：{exc}")
                return None
            data["materials"] = loaded
            return []
        parsed = parse_requirement(requirement)
        if parsed.materials:
            data["materials"] = parsed.materials
        else:
            data["materials"] = [{"name": FALLBACK_MATERIAL, "kinds": ["any"], "note": requirement}]
        return parsed.unparsed


def read_rows(
    grid: Grid, columns: ColumnMap, counter: list[int], groups: dict[str, list[str]] | None = None
) -> SheetRows:
    """Indicators of the sheet; `counter` numbers rows of tables without a code column across sheets;
    `groups` ([units.groups]) expands a unit group into its members."""
    sheet = _Sheet(grid, columns, counter, groups or {})
    for group in sheet.groups():
        item = sheet.build(group)
        if item is not None:
            sheet.out.items.append(item)
    return sheet.out
