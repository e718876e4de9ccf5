"""The 归档计划 workbook: the proposal as a table the coordinator corrects and passes back with `--plan`.

Sheet 归档计划, one row per file, unsure ones first. The coordinator may change 单位, 指标编号, 材料 and
处理 (归档 / 跳过 / 待定); everything else is for reading. Rows are matched back to the files by 来源 and
checked by sha256, so a file that changed since is judged afresh. Sheet 选项 lists the units, indicators
and materials the cells may take (drop-down lists on 单位, 指标编号 and 处理).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from wenming_submit.atomic import staged_file
from wenming_submit.catalog.model import Catalog
from wenming_submit.errors import ProjectError
from wenming_submit.intake.match import Decision, Proposal, Status

PLAN_NAME = "归档计划.xlsx"
SHEET = "归档计划"
COLUMNS = (
    ("序号", 6), ("状态", 9), ("可信度", 8), ("来源", 48), ("单位", 14), ("指标编号", 11), ("材料", 14),
    ("处理", 8), ("缺少什么", 48), ("理由", 60), ("归档位置", 56), ("sha256", 20),
)  # fmt: skip
EDITABLE = ("单位", "指标编号", "材料", "处理")
_FILLS = {
    Status.refused: "F4CCCC", Status.undecided: "FCE4D6", Status.replacement: "FFF2CC",
    Status.ready: "E2EFDA", Status.copied: "C6E0B4", Status.filed: "EDEDED", Status.skipped: "EDEDED",
}  # fmt: skip


def _text(value: object) -> str:
    """Cell text that starts with = + - @ would be a formula in Excel: written as text (DESIGN §7)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def plan_row(n: int, p: Proposal) -> list[object]:
    return [
        n, str(p.status), p.confidence, _text(p.item.source), p.unit.value or "", p.indicator.value or "",
        p.material.value or "", str(p.decision), "；".join(p.missing), _text(p.reason), p.destination or "",
        p.item.sha256,
    ]  # fmt: skip


def write_plan(path: Path, proposals: list[Proposal], catalog: Catalog) -> Path:
    """Write the plan workbook atomically; a file open in Excel is a clear error, not a crash."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([name for name, _ in COLUMNS])
    for n, proposal in enumerate(proposals, 1):
        ws.append(plan_row(n, proposal))
        fill = PatternFill("solid", fgColor=_FILLS[proposal.status])
        ws.cell(row=n + 1, column=2).fill = fill
    bold = Font(bold=True)
    editable = PatternFill("solid", fgColor="DDEBF7")
    for col, (name, width) in enumerate(COLUMNS, 1):
        cell = ws.cell(row=1, column=col)
        cell.font = bold
        if name in EDITABLE:
            cell.fill = editable
        ws.column_dimensions[get_column_letter(col)].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column in (4, 9, 10, 11))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(len(proposals) + 1, 2)}"
    ws.print_options.gridLines = True
    ws.page_setup.orientation = "landscape"
    ws.print_title_rows = "1:1"

    options = wb.create_sheet("选项")
    options.append(["单位", "指标编号", "指标名称", "材料（按指标）", "处理"])
    units = catalog.units
    rows = max(len(units), len(catalog.indicators), 3)
    for i in range(rows):
        ind = catalog.indicators[i] if i < len(catalog.indicators) else None
        options.append([
            units[i] if i < len(units) else None,
            ind.code if ind else None,
            ind.title if ind else None,
            "、".join(m.name for m in ind.materials) if ind else None,
            [d.value for d in Decision][i] if i < len(Decision) else None,
        ])  # fmt: skip
    for letter, width in zip("ABCDE", (16, 12, 40, 50, 8), strict=True):
        options.column_dimensions[letter].width = width
    last = len(proposals) + 1
    if proposals:
        for column, ref in (("E", f"$A$2:$A${len(units) + 1}"), ("F", f"$B$2:$B${len(catalog.indicators) + 1}"),
                            ("H", f"$E$2:$E${len(Decision) + 1}")):  # fmt: skip
            dv = DataValidation(type="list", formula1=f"选项!{ref}", allow_blank=True, showErrorMessage=False)
            ws.add_data_validation(dv)
            dv.add(f"{column}2:{column}{last}")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with staged_file(path) as temp:
            wb.save(str(temp))
    except PermissionError:
        raise ProjectError(f"无法写入 {path}", hint="该文件可能正在 Excel/WPS 中打开，请关闭后重试") from None
    return path


@dataclass(frozen=True)
class PlanRow:
    source: str
    sha256: str
    unit: str
    indicator: str
    material: str
    decision: str


def _cell(value: object) -> str:
    text = "" if value is None else str(value).strip()
    return text[1:] if text.startswith("'") else text


def read_plan(path: Path) -> dict[str, PlanRow]:
    """来源 -> row of a plan workbook; raises ProjectError (exit 2) when it is not a plan."""
    if not path.is_file():
        raise ProjectError(f"找不到归档计划 {path}", hint="请先不带 --plan 运行 wenming intake 生成计划表")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise ProjectError(f"无法打开归档计划 {path}（{type(exc).__name__}）",
                           hint="请确认它是 wenming intake 生成的 .xlsx，并已在 Excel/WPS 中保存关闭") from None  # fmt: skip
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = [_cell(v) for v in next(rows, ())]
        needed = ("来源", "单位", "指标编号", "材料", "处理")
        if any(name not in header for name in needed):
            raise ProjectError(f"{path} 不是归档计划：缺少列 {'、'.join(n for n in needed if n not in header)}",
                               hint="请使用 wenming intake 生成的计划表，只修改单位、指标编号、材料和处理列")  # fmt: skip
        col = {name: header.index(name) for name in header if name}
        out: dict[str, PlanRow] = {}
        for row in rows:
            cells = [_cell(v) for v in row]
            cells += [""] * (len(header) - len(cells))
            source = cells[col["来源"]]
            if source:
                out[source] = PlanRow(
                    source, cells[col["sha256"]] if "sha256" in col else "", cells[col["单位"]],
                    cells[col["指标编号"]], cells[col["材料"]], cells[col["处理"]],
                )  # fmt: skip
        return out
    finally:
        wb.close()
