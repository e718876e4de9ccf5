"""The four sheets of the Excel 清单 as tables of values, computed from a CheckResult (never re-checked)."""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from wenming_submit.catalog.model import Catalog
from wenming_submit.check.result import STATUS_LABELS, CheckResult, Requirement, Status
from wenming_submit.evidence.formats import FORMATS
from wenming_submit.evidence.model import EvidenceFile, Role
from wenming_submit.findings.finding import Finding
from wenming_submit.findings.registry import KIND_LABELS, SEVERITY_LABELS, Severity
from wenming_submit.guard import Failure, protect
from wenming_submit.history.store import HistoryTrends
from wenming_submit.render.xlsx.styles import Cell
from wenming_submit.render.xlsx.table import Column, Table
from wenming_submit.render.xlsx.trend import TREND_COLUMNS, trend_cells

DATE_SOURCES = {"exif": "拍摄信息", "name": "文件名", "ledger": "台账"}
TOOL_FILES = frozenset({"材料要求.txt"})
"""Files `wenming scaffold` writes into evidence folders: the tool's own, never listed as material."""
ROLE_LABELS = {Role.waiver: "无此项工作说明", Role.helper: "辅助文件", Role.ignored: "已忽略"}
ROLE_TONES = {Role.waiver: "waived", Role.helper: "muted", Role.ignored: "muted"}
NO_UPLOAD_LABEL = "不需网上申报"
"""Status shown in the 总览 for an indicator with `upload: false`."""
LINK_UNSAFE = {" ": "%20", "#": "%23", "%": "%25", "?": "%3F", "\\": "%5C"}


def _status_cell(status: Status) -> Cell:
    return Cell(STATUS_LABELS[status.value], tone=status.value)


def combined_status(reqs: Iterable[Requirement]) -> Status:
    statuses = {r.status for r in reqs}
    if not statuses or statuses == {Status.waived}:
        return Status.waived
    if statuses <= {Status.complete, Status.waived}:
        return Status.complete
    if statuses == {Status.missing} or statuses == {Status.missing, Status.waived}:
        return Status.missing
    return Status.partial


def _severity_counts(findings: Iterable[Finding]) -> tuple[int, int]:
    counts = Counter(f.severity for f in findings)
    return counts[Severity.error], counts[Severity.warning]


def overview(result: CheckResult, catalog: Catalog) -> Table:
    reqs_of: dict[str, list[Requirement]] = defaultdict(list)
    for req in result.requirements:
        reqs_of[req.indicator].append(req)
    findings_of: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        findings_of[finding.indicator or ""].append(finding)
    rows: list[list[object]] = []
    dated = any(r.due for r in result.requirements)  # the 截止日期/是否逾期 columns only when a 完成时间 is known
    done_total = required_total = 0
    units_shown = {r.unit for r in result.requirements}
    narrowed = units_shown < {u for ind in catalog.indicators if ind.upload for u in ind.units}  # --unit
    for ind in catalog.indicators:
        if not ind.upload:
            # Nothing to hand in online (实地考察 only): listed so the table is the whole 任务分解表.
            if not narrowed or units_shown & set(ind.units):
                rows.append([ind.code, ind.title, ind.lead or "", "、".join(ind.units), "", "",
                             Cell(NO_UPLOAD_LABEL, tone="muted"), 0, 0, *(("", "") if dated else ())])  # fmt: skip
            continue
        reqs = reqs_of.get(ind.code)
        if not reqs:
            continue  # narrowed away (--unit)
        done = sum(1 for r in reqs if r.status in (Status.complete, Status.waived))
        done_total, required_total = done_total + done, required_total + len(reqs)
        errors, warnings = _severity_counts(findings_of.get(ind.code, ()))
        rows.append([ind.code, ind.title, ind.lead or "", "、".join(ind.units), done, len(reqs),
                     _status_cell(combined_status(reqs)), errors, warnings, *(_due_cells(reqs) if dated else ())])  # fmt: skip
    errors, warnings = _severity_counts(result.findings)
    late = len(result.overdue)
    totals = ["合计", f"{len(rows)} 个指标", "", "", done_total, required_total,
              _status_cell(combined_status(result.requirements)), errors, warnings,
              *(("", Cell(f"逾期 {late} 项", tone="missing") if late else "") if dated else ())]  # fmt: skip
    columns = [Column("指标编号", 14), Column("指标名称", 40, wrap=True), Column("牵头单位", 16, wrap=True),
               Column("责任单位", 30, wrap=True), Column("已完成材料", 10), Column("要求材料", 10),
               Column("状态", 8), Column("错误", 8), Column("警告", 8),
               *((Column("截止日期", 12), Column("是否逾期", 14, wrap=True)) if dated else ())]  # fmt: skip
    return Table("总览", columns, rows, totals=totals, print_header=result.title)


def _due_cells(reqs: list[Requirement]) -> tuple[object, object]:
    """截止日期 and 是否逾期 of one indicator, read from its requirements (the check decided `overdue`)."""
    due = next((r.due for r in reqs if r.due), None)
    if due is None:
        return "—", ""
    late = sum(1 for r in reqs if r.overdue)
    return due, Cell(f"逾期 {late} 项", tone="missing") if late else "否"


def unit_progress(result: CheckResult, trends: HistoryTrends | None = None) -> Table:
    """Worst first. With `trends` (even empty) the trend columns follow 完成率, "—" where there is no history."""
    by_unit: dict[str, list[Requirement]] = defaultdict(list)
    for req in result.requirements:
        by_unit[req.unit].append(req)
    stats = []
    for unit, reqs in by_unit.items():
        counts = Counter(r.status for r in reqs)
        done = (counts[Status.complete] + counts[Status.waived]) / len(reqs)
        stats.append((done, -counts[Status.missing], -counts[Status.partial], unit, reqs, counts))
    stats.sort(key=lambda s: s[:4])  # worst first: lowest share done, then most missing
    rows: list[list[object]] = []
    for done, _, _, unit, reqs, counts in stats:
        tone = "complete" if done >= 1 else "missing" if done < 0.5 else "partial"
        rows.append([unit, len({r.indicator for r in reqs}), len(reqs), counts[Status.complete],
                     counts[Status.partial], counts[Status.missing], counts[Status.waived], Cell(done, tone=tone),
                     *(trend_cells(trends, unit) if trends is not None else ())])  # fmt: skip
    columns = [Column("单位", 24, wrap=True), Column("承担指标", 10), Column("材料要求", 10), Column("完整", 8),
               Column("部分", 8), Column("缺失", 8), Column("免报", 8),
               Column("完成率", 16, number_format="0%"), *(TREND_COLUMNS if trends is not None else ())]  # fmt: skip
    return Table("单位进度", columns, rows, data_bar="完成率", print_header=result.title)


def link_prefix(project_root: Path, workbook_dir: Path) -> str:
    """The way from the workbook's folder to the project root (`../..`), or the absolute root across drives."""
    try:
        prefix = os.path.relpath(project_root, workbook_dir)
    except ValueError:  # another drive on Windows: no relative path exists
        prefix = str(project_root.resolve())
    return prefix.replace(os.sep, "/")


def relative_link(prefix: str, rel: str) -> str:
    """A link to an evidence file (`rel` is relative to the project root) that works when both move together."""
    link = rel if prefix == "." else f"{prefix}/{rel}"
    return "".join(LINK_UNSAFE.get(ch, ch) for ch in link)


def _size_text(file: EvidenceFile) -> str:
    f = file.facts
    if f.width and f.height:
        return f"{f.width}×{f.height}"
    if f.pages:
        return f"{f.pages} 页"
    return ""


def _problems(findings: list[Finding]) -> Cell:
    if not findings:
        return Cell("")
    worst = min(findings, key=lambda f: list(Severity).index(f.severity)).severity
    text = "\n".join(f"【{SEVERITY_LABELS[f.severity.value]}】{f.message}" for f in findings)
    return Cell(text, tone=worst.value)


def file_details(result: CheckResult, catalog: Catalog, project_root: Path, workbook_dir: Path) -> Table:
    counted = {path for req in result.requirements for path in req.accepted}
    prefix = link_prefix(project_root, workbook_dir)
    findings_of: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        if finding.path:
            findings_of[finding.path].append(finding)
    order = {ind.code: i for i, ind in enumerate(catalog.indicators)}
    shown = [f for f in result.files if not (f.role is Role.helper and f.name in TOOL_FILES)]
    files = sorted(shown, key=lambda f: (order.get(f.indicator or "", len(order)), f.unit or "",
                                                f.material or "", f.rel))  # fmt: skip

    def row(file: EvidenceFile) -> list[object]:
        facts = file.facts
        if file.role is Role.evidence:
            status = (
                Cell("已计入", tone="complete") if file.rel in counted else Cell("未计入", tone="missing")
            )
        else:
            status = Cell(ROLE_LABELS[file.role], tone=ROLE_TONES[file.role])
        link = relative_link(prefix, file.rel)
        date = facts.date
        return [
            file.indicator or "", file.unit or file.unit_folder or "", file.material or file.material_scope or "",
            Cell(file.name, link=link), FORMATS[facts.format].label if facts.format in FORMATS else facts.format,
            round(facts.size / 1024, 1), _size_text(file), date,
            DATE_SOURCES.get(facts.date_source or "", facts.date_source or "") if date else "",
            file.caption or "", status, _problems(findings_of.get(file.rel, [])), facts.sha256 or "", file.rel,
        ]  # fmt: skip

    rows = []
    for file in files:  # one file's row never stops the 清单 (wenming_submit.guard)
        made = protect(row, file)
        rows.append(made if not isinstance(made, Failure) else
                    [file.indicator or "", file.unit or "", file.material or "", file.rel, "", None, "", None, "",
                     "", Cell("未计入", tone="missing"), f"本行生成出错（{made.reason}）", "", file.rel])  # fmt: skip
    columns = [Column("指标", 12), Column("单位", 16, wrap=True), Column("材料", 14, wrap=True),
               Column("文件名", 40, wrap=True), Column("类型（按内容）", 16, wrap=True),
               Column("大小(KB)", 10, number_format="#,##0.0"), Column("页数/像素", 12),
               Column("日期", 12, number_format="yyyy-mm-dd"), Column("日期来源", 8),
               Column("图片说明", 30, wrap=True), Column("状态", 10), Column("问题", 50, wrap=True),
               Column("校验码", 20), Column("路径", 50, wrap=True)]  # fmt: skip
    # SHA-256 and the path are for checking on screen; the printed page keeps the columns a person reads.
    return Table("材料明细", columns, rows, print_header=result.title, print_columns=len(columns) - 2)


def finding_list(result: CheckResult, project_root: Path, workbook_dir: Path) -> Table:
    rows = []
    prefix = link_prefix(project_root, workbook_dir)
    for f in result.findings:
        file = Cell(f.path, link=relative_link(prefix, f.path)) if f.path else ""
        rows.append([Cell(SEVERITY_LABELS[f.severity.value], tone=f.severity.value), f.code,
                     KIND_LABELS.get(f.kind, "其他"),
                     f.unit or "", f.indicator or "", f.material or "", file, f.message, f.hint])  # fmt: skip
    columns = [Column("级别", 6), Column("代码", 8), Column("类型", 16), Column("单位", 16, wrap=True),
               Column("指标", 12), Column("材料", 14, wrap=True), Column("文件", 40, wrap=True),
               Column("问题", 50, wrap=True), Column("处理办法", 50, wrap=True)]  # fmt: skip
    return Table("问题清单", columns, rows, print_header=result.title)
