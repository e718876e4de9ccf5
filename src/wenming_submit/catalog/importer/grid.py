"""Read a 任务分解表 (.xlsx, legacy .xls, .csv) into plain grids of cell values.

Merged cells are filled from their top-left cell, and every cell remembers that origin: rows that share a
merged code cell belong to one indicator, while the same code typed twice is a duplicate. Files that
cannot be read (WPS .et, password-protected workbooks, web pages saved as .xls) fail with a Chinese
message that says what to do.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wenming_submit.errors import CatalogError
from wenming_submit.guard import Failure, protect
from wenming_submit.textcodec import decode_chinese_text

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
CellValue = str | dt.date | None

MAX_ROWS = 20_000
"""Rows read per sheet: a 任务分解表 has a few hundred. A sheet declaring a cell at XFD1048576 would
otherwise be filled out to 17 billion cells."""
MAX_COLS = 200
"""Columns read per sheet (a 任务分解表 has about 10–20)."""
SAVE_AS_XLSX = "请用 Excel 或 WPS 打开该文件，选择「文件 → 另存为」，文件类型选「Excel 工作簿（*.xlsx）」，再导入另存的文件"


@dataclass(frozen=True)
class Cell:
    value: CellValue
    origin: tuple[int, int]
    """(row, column) of the cell the value came from: itself, or the top-left cell of its merged range."""

    @property
    def text(self) -> str:
        if self.value is None:
            return ""
        if isinstance(self.value, dt.date):
            return self.value.isoformat()
        return self.value.strip()


@dataclass
class Grid:
    """One sheet: `rows[i][j]` is row i+1, column j+1, as the user sees them in Excel."""

    sheet: str
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass
class Workbook:
    path: Path
    grids: list[Grid]
    charts: list[str] = field(default_factory=list)
    """Names of chart sheets (no cells to read)."""


def _plain(value: Any) -> CellValue:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if text.strip() else None


def _grid(sheet: str, values: list[list[Any]], merges: list[tuple[int, int, int, int]]) -> Grid:
    """Cells from 0-based `values`; merges are (min_row, max_row, min_col, max_col), 1-based inclusive."""
    width = max((len(r) for r in values), default=0)
    rows = [
        [Cell(_plain(row[c]) if c < len(row) else None, (r + 1, c + 1)) for c in range(width)]
        for r, row in enumerate(values)
    ]
    for min_row, max_row, min_col, max_col in merges:
        if min_row > len(rows) or min_col > width:
            continue
        top = rows[min_row - 1][min_col - 1]
        for r in range(min_row, min(max_row, len(rows)) + 1):
            for c in range(min_col, min(max_col, width) + 1):
                rows[r - 1][c - 1] = Cell(top.value, (min_row, min_col))
    return Grid(sheet, rows)


def _read_xlsx(path: Path) -> Workbook:
    import zipfile

    import openpyxl
    from openpyxl.chartsheet import Chartsheet

    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise CatalogError(
            f"无法读取 Excel 文件（{type(exc).__name__}）", path=path, hint=SAVE_AS_XLSX
        ) from None
    grids: list[Grid] = []
    charts: list[str] = []
    for sheet in book.sheetnames:
        ws = book[sheet]
        if isinstance(ws, Chartsheet):
            charts.append(sheet)
            continue
        values = _xlsx_values(ws)
        merges = [(m.min_row, m.max_row, m.min_col, m.max_col) for m in ws.merged_cells.ranges]
        grids.append(_grid(sheet, values, merges))
    return Workbook(path, grids, charts)


def _xlsx_values(ws: Any) -> list[list[Any]]:
    """The sheet's values within MAX_ROWS × MAX_COLS, from the cells that exist (never the declared size)."""
    cells = getattr(ws, "_cells", None)
    if isinstance(cells, dict):
        used = [(r, c) for (r, c), cell in cells.items() if cell.value is not None and r <= MAX_ROWS and c <= MAX_COLS]
        height = max((r for r, _ in used), default=0)
        width = max((c for _, c in used), default=0)
    else:
        height, width = min(ws.max_row or 0, MAX_ROWS), min(ws.max_column or 0, MAX_COLS)
    if not height or not width:
        return []
    return [list(row) for row in ws.iter_rows(min_row=1, max_row=height, min_col=1, max_col=width, values_only=True)]


def _read_xls(path: Path) -> Workbook:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, logfile=io.StringIO(), verbosity=0)
    except Exception as exc:  # xlrd raises many types (struct.error, KeyError, …) on a damaged file
        reason = str(exc) if isinstance(exc, xlrd.XLRDError) else type(exc).__name__
        raise CatalogError(f"无法读取旧版 Excel 文件（{reason[:100]}）", path=path, hint=SAVE_AS_XLSX) from None
    grids = []
    for sheet in book.sheets():
        values: list[list[Any]] = []
        for r in range(min(sheet.nrows, MAX_ROWS)):
            row: list[Any] = []
            for c in range(min(sheet.ncols, MAX_COLS)):
                cell = sheet.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    row.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                    row.append(None)
                else:
                    row.append(cell.value)
            values.append(row)
        merges = [(r0 + 1, r1, c0 + 1, c1) for r0, r1, c0, c1 in sheet.merged_cells]
        grids.append(_grid(sheet.name, values, merges))
    return Workbook(path, grids)


def _read_csv(path: Path, data: bytes) -> Workbook:
    text = decode_chinese_text(data)
    if text is None:
        raise CatalogError("CSV 文件的编码无法识别（既不是 UTF-8 也不是 GBK）", path=path, hint=SAVE_AS_XLSX)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        values = [row[:MAX_COLS] for row, _ in zip(csv.reader(io.StringIO(text), dialect), range(MAX_ROWS), strict=False)]
    except csv.Error as exc:
        reason = "有单元格内容过长（超过 128 KB）" if "field larger" in str(exc) else "格式错误（引号不成对等）"
        raise CatalogError(f"CSV 文件{reason}，无法读取", path=path, hint=SAVE_AS_XLSX) from None
    return Workbook(path, [_grid(path.stem, values, [])])


def _ole_streams(path: Path) -> set[str]:
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            return {"/".join(entry) for entry in ole.listdir()}
    except Exception:  # olefile raises OSError, ValueError, struct.error… on a damaged header
        return set()


def read_workbook(path: Path) -> Workbook:
    """Every sheet of the table at `path`, by content first and extension second.

    Runs under the per-file guard: whatever a damaged file makes a reader raise is a CatalogError.
    """
    outcome = protect(_read_workbook, path)
    if isinstance(outcome, Failure):
        raise CatalogError(f"无法读取该表格（{outcome.reason}）", path=path, hint=SAVE_AS_XLSX)
    return outcome


def _read_workbook(path: Path) -> Workbook:
    if not path.exists():
        raise CatalogError(f"文件 {path} 不存在", hint="请检查文件名和路径")
    if path.is_dir():
        raise CatalogError(f"{path} 是文件夹", hint="请指定任务分解表文件（.xlsx）")
    suffix = path.suffix.lower()
    if suffix == ".et" or suffix == ".ett":
        raise CatalogError("WPS 表格文件（.et）无法直接导入", path=path, hint=SAVE_AS_XLSX)
    if suffix in (".ods", ".numbers", ".xlsb"):
        raise CatalogError(f"不支持 {suffix} 格式的表格", path=path, hint=SAVE_AS_XLSX)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"无法读取：{exc.strerror}", path=path) from None
    if not data.strip():
        raise CatalogError("文件是空的", path=path)
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(path)
    if data.startswith(OLE2_MAGIC):
        streams = _ole_streams(path)
        if "EncryptedPackage" in streams:
            raise CatalogError(
                "表格设置了打开密码，无法读取",
                path=path,
                hint="请用 Excel 或 WPS 输入密码打开，在「文件 → 信息 → 保护工作簿」中取消密码后另存，再导入",
            )
        if "Workbook" in streams or "Book" in streams:
            return _read_xls(path)
        raise CatalogError(
            "文件不是 Excel 表格（可能是 WPS .et 或其他 Office 文件）", path=path, hint=SAVE_AS_XLSX
        )
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<html", b"<!doctype", b"<table", b"<?xml", b"mime-version")):
        raise CatalogError(
            "文件实际是网页或 XML 格式（常见于从系统导出的“.xls”）", path=path, hint=SAVE_AS_XLSX
        )
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(path, data)
    raise CatalogError("无法识别的表格格式", path=path, hint="支持 .xlsx、.xls 和 .csv；" + SAVE_AS_XLSX)
