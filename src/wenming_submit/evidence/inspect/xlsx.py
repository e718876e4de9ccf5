"""Excel .xlsx: every sheet readable (openpyxl read-only), ledger facts per sheet, personal data in cells.

openpyxl parses the parts with defusedxml when it is installed (it is a dependency), and the zip's
directory is checked for bombs before openpyxl touches it.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from defusedxml import DefusedXmlException
from openpyxl.utils import get_column_letter

from wenming_submit.evidence.captions import parse_caption_lines
from wenming_submit.evidence.inspect.common import Inspected, PiiCollector
from wenming_submit.evidence.inspect.zipsafety import has_dtd, read_member, zip_problem
from wenming_submit.evidence.ledger import MAX_COLUMNS, MAX_ROWS, sheet_facts
from wenming_submit.evidence.spreadsheet import open_sheets
from wenming_submit.findings.codes_content import CORRUPT, EMPTY_CONTENT, ENCRYPTED, XML_ENTITIES, ZIP_BOMB
from wenming_submit.findings.registry import Issue

MAX_SHEETS = 20
MAX_PARTS_SCANNED = 2000


def _precheck(path: Path) -> Issue | None:
    try:
        with zipfile.ZipFile(path) as zf:
            if problem := zip_problem(zf):
                return problem
            for name in zf.namelist()[:MAX_PARTS_SCANNED]:
                if name.endswith((".xml", ".rels")):  # openpyxl parses shared strings, styles, rels… too
                    with zf.open(name) as fh:
                        if has_dtd(fh.read(4096)):
                            return XML_ENTITIES.issue(part=name)
            read_member(zf, "xl/workbook.xml")
    except ValueError as exc:
        return ZIP_BOMB.issue(reason=str(exc))
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, RuntimeError, NotImplementedError, zlib.error) as exc:
        return CORRUPT.issue(reason=f"压缩结构损坏（{type(exc).__name__}）")
    return None


def _scanning(
    rows: Iterator[Sequence[object]], sheet: str, pii: PiiCollector, captions: dict[str, str]
) -> Iterator[Sequence[object]]:
    """Pass the rows on while scanning cells for personal data and picture captions (图片说明.xlsx)."""
    for r, row in enumerate(rows, 1):
        if len(row) >= 2 and isinstance(row[0], str) and isinstance(row[1], str):
            captions.update(parse_caption_lines(f"{row[0].strip()}\t{row[1]}"))
        for c, value in enumerate(row[:MAX_COLUMNS], 1):
            if isinstance(value, str | int) and not isinstance(value, bool):
                text = str(value)
                if len(text) >= 11:
                    pii.scan(text, f"{sheet}!{get_column_letter(c)}{r}")
        yield row
        if r >= MAX_ROWS:
            break


def inspect_xlsx(path: Path) -> Inspected:
    if problem := _precheck(path):
        return Inspected(issues=[problem])
    return inspect_sheets(path, "xlsx")


def inspect_sheets(path: Path, format_id: str) -> Inspected:
    """Ledger facts, captions and personal data of every sheet, read through the one spreadsheet reader."""
    pii = PiiCollector()
    captions: dict[str, str] = {}
    sheets = []
    try:
        with open_sheets(path, format_id) as workbook:
            for sheet in workbook[:MAX_SHEETS]:
                rows = _scanning(sheet.rows, sheet.name, pii, captions)
                sheets.append(sheet_facts(sheet.name, rows))
                for _ in rows:  # finish the PII scan below the rows the ledger read
                    pass
    except DefusedXmlException:
        return Inspected(issues=[XML_ENTITIES.issue(part="工作簿")])
    except Exception as exc:  # openpyxl/xlrd raise many types (KeyError, TypeError…) on a broken workbook
        if "encrypted" in str(exc).lower():
            return Inspected(facts={"encrypted": True}, issues=[ENCRYPTED.issue()])
        return Inspected(issues=[CORRUPT.issue(reason=f"表格无法读取（{type(exc).__name__}）")])
    issues: list[Issue] = []
    if all(s.header_row is None and s.data_rows == 0 for s in sheets):
        issues.append(EMPTY_CONTENT.issue())
    facts: dict[str, object] = {"sheets": tuple(sheets)}
    if captions:
        facts["captions"] = captions
    return Inspected(facts=facts, issues=issues + pii.issues())
