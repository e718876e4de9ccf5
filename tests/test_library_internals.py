"""The two private library internals we rely on, checked loudly (pyproject pins the versions below 3.2/2).

render/xlsx/table.py overrides openpyxl's WriteOnlyWorksheet._values_to_row and registers the sheet with
Workbook._add_sheet (the public append costs seconds per 10,000 rows); gongwen/styling.py replaces the
theme part's bytes through Part._blob (python-docx has no public setter). If an upgrade changes either,
these tests fail instead of the outputs silently losing speed or the theme fonts.
"""

from __future__ import annotations

from pathlib import Path

import docx
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from wenming_submit.render.xlsx import table as xlsx_table
from wenming_submit.render.xlsx.styles import StyleBook


def test_openpyxl_write_only_internals_are_there_and_used(tmp_path: Path) -> None:
    assert callable(getattr(WriteOnlyWorksheet, "_values_to_row", None))
    wb = Workbook(write_only=True)
    assert callable(getattr(wb, "_add_sheet", None))
    ws = xlsx_table._new_sheet(wb, "表")
    assert type(ws).__name__ == "_CellSheet"  # the fast path, not the public fallback
    book = StyleBook(ws)
    ws.append([book.make("甲", wrap=False, number_format=None), book.make(3, wrap=False, number_format=None)])
    wb.save(tmp_path / "t.xlsx")
    assert [c.value for c in load_workbook(tmp_path / "t.xlsx")["表"][1]] == ["甲", 3]


def test_python_docx_theme_part_blob_is_what_is_saved(tmp_path: Path) -> None:
    from wenming_submit import gongwen

    document = docx.Document()
    gongwen.apply_style_sheet(document)
    theme = next(p for p in document.part.package.iter_parts() if p.partname.endswith("theme1.xml"))
    assert isinstance(getattr(theme, "_blob", None), bytes) and theme.blob is theme._blob
    assert "Hans" in theme.blob.decode("utf-8")  # our rewrite reached the bytes that get saved
    document.save(str(tmp_path / "t.docx"))
