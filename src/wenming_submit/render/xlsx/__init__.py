"""The Excel 清单 (网报材料清单.xlsx, also `check --xlsx`): 总览, 单位进度, 材料明细, 问题清单,
and 进度趋势 when the caller passes the progress history (check.history.load_trends).

Written with openpyxl's write-only (streaming) workbook through a temp file beside the target, renamed
into place only when complete.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from wenming_submit import __version__
from wenming_submit.atomic import staged_file
from wenming_submit.catalog.model import Catalog
from wenming_submit.check.result import CheckResult
from wenming_submit.errors import ProjectError, is_disk_full, os_error_reason
from wenming_submit.history.store import HistoryTrends
from wenming_submit.render.xlsx.sheets import file_details, finding_list, overview, unit_progress
from wenming_submit.render.xlsx.table import write_table
from wenming_submit.render.xlsx.trend import TREND_SHEET, completion_chart, trend_table

WORKBOOK_NAME = "网报材料清单.xlsx"
SHEETS = ("总览", "单位进度", "材料明细", "问题清单")


def _workbook(
    result: CheckResult,
    catalog: Catalog,
    project_root: Path,
    workbook_dir: Path,
    trends: HistoryTrends | None,
) -> Workbook:
    wb = Workbook(write_only=True)
    wb.properties.title = result.title
    wb.properties.creator = f"wenming-submit {__version__}"
    for table in (
        overview(result, catalog),
        unit_progress(result, trends),
        file_details(result, catalog, project_root, workbook_dir),
        finding_list(result, project_root, workbook_dir),
    ):
        write_table(wb, table)
    if trends is not None and trends.snapshots:
        ws = write_table(wb, trend_table(trends, result.title))
        chart = completion_chart(ws, len(trends.series))
        if chart is not None:
            ws.add_chart(chart, "I2")
    return wb


def write_workbook(
    result: CheckResult,
    catalog: Catalog,
    path: Path,
    *,
    project_root: Path,
    trends: HistoryTrends | None = None,
) -> Path:
    """Write the sheets to `path` (atomically). Hyperlinks are relative to `path`'s folder.

    `trends` (check.history.load_trends): adds the trend columns to 单位进度 ("—" without history) and,
    once a check is recorded, the 进度趋势 sheet. None: neither (the plain four-sheet layout).
    """
    try:
        with staged_file(path) as temp:  # fails before any sheet is streamed when the folder is unusable
            wb = _workbook(result, catalog, project_root.resolve(), path.parent.resolve(), trends)
            wb.save(str(temp))
    except OSError as exc:
        raise ProjectError(
            f"无法写入 {path}：{os_error_reason(exc)}",
            hint="请清理磁盘或换一个空间足够的位置" if is_disk_full(exc)
            else "如果该文件正在 Excel 或 WPS 中打开，请先关闭；并检查文件夹是否存在、是否有写入权限",
        ) from None
    return path


__all__ = ["SHEETS", "TREND_SHEET", "WORKBOOK_NAME", "write_workbook"]
