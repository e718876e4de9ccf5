"""The 测评材料提交表 that fronts each indicator, ending with its 结论性说明."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import jinja2
from docx.document import Document
from docx.shared import Mm

from wenming_submit import gongwen
from wenming_submit.assemble.word import texts
from wenming_submit.catalog.model import Indicator
from wenming_submit.check.result import Requirement, Status
from wenming_submit.gongwen.tables import cells, new_table, set_cell

WIDTHS = [Mm(30), Mm(52), Mm(44), Mm(30)]
CONCLUSION_TEMPLATE = "结论性说明.txt.j2"


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("wenming_submit", "templates/word"),
        autoescape=False,
        keep_trailing_newline=False,
        undefined=jinja2.StrictUndefined,
    )


def default_conclusion(indicator: Indicator, requirements: Sequence[Requirement]) -> str:
    """The 结论性说明 from templates/word/结论性说明.txt.j2 when the units wrote none."""
    statuses = [r.status for r in requirements]
    units = list(dict.fromkeys(r.unit for r in requirements)) or list(indicator.units)
    text = (
        _environment()
        .get_template(CONCLUSION_TEMPLATE)
        .render(
            code=indicator.code,
            title=indicator.title,
            units=units,
            total=len(statuses),
            complete=statuses.count(Status.complete),
            waived=statuses.count(Status.waived),
            gaps=statuses.count(Status.partial) + statuses.count(Status.missing),
            files=sum(r.counted for r in requirements),
        )
    )
    return "".join(line.strip() for line in text.splitlines())


def status_text(req: Requirement) -> str:
    return texts.STATUS[req.status.value].format(short=max(req.required - req.counted, 0))


def _label_row(document: Document, table: object, row: int, label: str, value: str) -> None:
    row_cells = cells(table, row)  # type: ignore[arg-type]
    set_cell(row_cells[0], label, gongwen.TABLE_HEAD)
    merged = row_cells[1].merge(row_cells[3])
    set_cell(merged, value or texts.NONE)


def add_submission_table(document: Document, indicator: Indicator, requirements: Sequence[Requirement],
                         conclusion: str) -> int:  # fmt: skip
    """Write the table; returns how many requirements are gaps (marked 缺失/待补 in red)."""
    head = [
        (texts.ROW_CODE, indicator.code),
        (texts.ROW_TITLE, indicator.title),
        (texts.ROW_STANDARD, indicator.standard or indicator.content or ""),
        (texts.ROW_LEAD, indicator.lead or ""),
        (texts.ROW_UNITS, "、".join(indicator.units)),
    ]
    rows = len(head) + 1 + len(requirements) + 1
    table = new_table(document, rows, [int(w) for w in WIDTHS])
    for i, (label, value) in enumerate(head):
        _label_row(document, table, i, label, value)
    for cell, label in zip(cells(table, len(head)), texts.MATERIAL_HEADER, strict=True):
        set_cell(cell, label, gongwen.TABLE_HEAD)
    gaps = 0
    for offset, req in enumerate(requirements, len(head) + 1):
        material, unit, status, count = cells(table, offset)
        set_cell(material, req.material)
        set_cell(unit, req.unit)
        para = set_cell(status, "")
        if req.status.value in texts.GAP_STATUSES:
            gaps += 1
            gongwen.add_text(para, status_text(req), char_style=gongwen.GAP)
        else:
            gongwen.add_text(para, status_text(req))
        set_cell(count, f"{req.counted}/{req.required}")
    _label_row(document, table, rows - 1, texts.ROW_CONCLUSION, conclusion)
    return gaps
