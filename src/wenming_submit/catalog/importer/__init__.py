"""Import the city's 任务分解表 (.xlsx / .xls / .csv) as catalogue indicators.

`import_table` reads every sheet (or the one named), finds each header row, maps columns by their
Chinese names (with `--map` overrides), and turns the rows into validated Indicator models. All problems
are collected and raised together, each naming the sheet and the row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wenming_submit.catalog.codes import normalize_code
from wenming_submit.catalog.importer.columns import (
    FIELD_LABELS,
    ColumnMap,
    check_overrides_used,
    column_letter,
    find_header,
    parse_overrides,
)
from wenming_submit.catalog.importer.grid import Grid, read_workbook
from wenming_submit.catalog.importer.rows import ParsedItem, RowProblem, read_rows
from wenming_submit.catalog.model import Indicator
from wenming_submit.errors import CatalogError, UsageError, WenmingError
from wenming_submit.guard import Failure, protect

__all__ = ["ImportResult", "ParsedItem", "SheetImport", "import_table"]

NO_HEADER_HINT = (
    "表头行应包含 序号/编号、指标名称/测评内容、材料要求、责任单位 等列名中的至少两个；"
    "列名不同时可用 --map 列名=字段 指定，例如 --map 具体内容=content"
)


@dataclass
class SheetImport:
    sheet: str
    columns: ColumnMap
    items: list[ParsedItem]

    def mapping(self) -> list[tuple[str, str, str]]:
        """(column letter, header text, field label) for every non-empty header cell."""
        rows = []
        for index, header in enumerate(self.columns.headers):
            if not header and index not in self.columns.fields:
                continue
            name = self.columns.fields.get(index)
            label = FIELD_LABELS[name] if name else "（未使用）"
            if index in self.columns.overridden:
                label += "（--map 指定）"
            rows.append((column_letter(index), header, label))
        return rows


@dataclass
class ImportResult:
    path: Path
    sheets: list[SheetImport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What was skipped or not taken over, in Chinese (shown before writing)."""
    undefined_groups: dict[str, list[str]] = field(default_factory=dict)
    """Unit names that look like a group of units but [units.groups] does not define -> where they are."""

    @property
    def items(self) -> list[ParsedItem]:
        return [item for sheet in self.sheets for item in sheet.items]

    @property
    def indicators(self) -> list[Indicator]:
        return [item.indicator for item in self.items]


def _pick_grids(grids: list[Grid], charts: list[str], sheet: str | None, path: Path) -> list[Grid]:
    if sheet is None:
        return grids
    if sheet in charts:
        raise CatalogError(
            f"工作表「{sheet}」是图表，不是表格", path=path, hint="请用 --sheet 指定存放任务分解表的工作表"
        )
    for grid in grids:
        if grid.sheet == sheet:
            return [grid]
    names = "、".join(g.sheet for g in grids) or "（无）"
    raise UsageError(f"{path} 中没有名为「{sheet}」的工作表", hint=f"现有工作表：{names}")


def _duplicates(items: list[ParsedItem], path: Path) -> list[WenmingError]:
    seen: dict[str, list[ParsedItem]] = {}
    for item in items:
        seen.setdefault(normalize_code(item.indicator.code), []).append(item)
    problems: list[WenmingError] = []
    for same in seen.values():
        if len(same) < 2:
            continue
        places = "、".join(f"工作表「{i.sheet}」第 {i.rows[0]} 行（{i.indicator.code}）" for i in same)
        problems.append(
            CatalogError(
                f"编号「{same[0].indicator.code}」重复：{places}",
                path=path,
                hint="每个指标编号只能出现一次；罗马数字、全角数字和各种横线视为相同。同一指标分多行时请合并编号单元格",
            )
        )
    return problems


def _as_error(problem: RowProblem, path: Path) -> CatalogError:
    return CatalogError(
        f"工作表「{problem.sheet}」第 {problem.row} 行：{problem.message}", path=path, hint=problem.hint
    )


def import_table(
    path: Path,
    *,
    sheet: str | None = None,
    overrides: list[str] | tuple[str, ...] = (),
    groups: dict[str, list[str]] | None = None,
) -> ImportResult:
    """Indicators read from the 任务分解表 at `path`; raises CatalogError naming every bad sheet/row.

    `groups` (wenming.toml [units.groups]) expands a unit group such as 各街道办事处 into its members; a
    name that looks like a group but is not defined stays one unit and is listed in `undefined_groups`.
    """
    outcome = protect(_import_table, path, sheet, overrides, groups)
    if isinstance(outcome, Failure):  # a reader or parser choked on a hostile file: one Chinese error
        raise CatalogError(f"无法导入该表格（{outcome.reason}）", path=path,
                           hint="请用 Excel 或 WPS 打开该文件，另存为 .xlsx 后再导入")  # fmt: skip
    return outcome


def _import_table(path: Path, sheet: str | None, overrides: list[str] | tuple[str, ...],
                  groups: dict[str, list[str]] | None) -> ImportResult:  # fmt: skip
    mapping = parse_overrides(overrides)
    book = read_workbook(path)
    grids = _pick_grids(book.grids, book.charts, sheet, path)
    result = ImportResult(path)
    result.notes += [f"工作表「{name}」是图表，已跳过" for name in book.charts if sheet is None]
    problems: list[WenmingError] = []
    counter = [0]
    without_header: list[str] = []
    for grid in grids:
        columns = find_header(grid, mapping)
        if columns is None:
            without_header.append(grid.sheet)
            continue
        if sheet is not None or len(grids) == 1:
            check_overrides_used(columns, mapping, grid.sheet)
        rows = read_rows(grid, columns, counter, groups)
        problems += [_as_error(p, path) for p in rows.problems]
        result.notes += rows.notes
        for name, numbers in rows.undefined_groups.items():
            where = "、".join(str(n) for n in numbers)
            result.undefined_groups.setdefault(name, []).append(f"工作表「{grid.sheet}」第 {where} 行")
        result.sheets.append(SheetImport(grid.sheet, columns, rows.items))
    if not result.sheets:
        if not grids and book.charts:
            raise CatalogError(
                f"工作簿中只有图表（{'、'.join(book.charts)}），没有表格",
                path=path,
                hint="请导出包含任务分解表的工作簿",
            )
        shown = "、".join(f"「{name}」" for name in without_header)
        raise CatalogError(f"工作表{shown}中找不到表头行", path=path, hint=NO_HEADER_HINT)
    result.notes += [f"工作表「{name}」中没有找到表头，已跳过" for name in without_header]
    if counter[0]:
        result.notes.append(f"表中没有编号列，已按行的顺序编号 1–{counter[0]}（可在 YAML 中改成城市的编号）")
    problems += _duplicates(result.items, path)
    if problems:
        raise CatalogError(f"任务分解表有 {len(problems)} 处问题，请修改后重新导入：", problems=problems)
    if not result.items:
        raise CatalogError("表头下面没有任何指标行", path=path, hint="请确认选择了正确的工作表（--sheet）")
    return result
