"""The outputs print the facts the check resolved, never their own re-derivation (issue 10's two bugs)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from openpyxl import Workbook, load_workbook

from wenming_submit.assemble.options import BuildOptions
from wenming_submit.assemble.pipeline import build_output
from wenming_submit.render.xlsx import WORKBOOK_NAME

CAPTIONS = {
    "IMG_0001.jpg": "2025年6月1日 区实验小学操场 学生诵读经典",
    "IMG_0002.jpg": "2025年6月2日 区实验小学礼堂 老师讲解端午习俗",
    "IMG_0003.jpg": "2025年6月3日 区实验小学 包粽子体验活动",
}
HEADER = ["学习时间", "学习内容", "参加人员"]


def _project(project_factory: Any, files: Any) -> Path:
    root: Path = project_factory()
    photos = root / "evidence" / "区教育局" / "Ⅱ-3-2 我们的节日" / "实景图片"
    for old in photos.iterdir():
        old.unlink()
    for n, name in enumerate(CAPTIONS):
        files.jpeg(photos / name, size=(1024, 768), seed=40 + n)
    (photos / "图片说明.txt").write_text(
        "".join(f"{name}\t{caption}\n" for name, caption in CAPTIONS.items()), encoding="utf-8"
    )
    ledger = root / "evidence" / "区文明办" / "Ⅰ-1-1 中心组学习" / "学习台账.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["2025年理论学习中心组学习台账"])
    ws.merge_cells("A1:C1")
    ws.append(["填报单位：区文明办", None, "填报日期：2025年12月"])
    ws.append(HEADER)
    ws.append(["2025-03-01", "学习贯彻全会精神", "全体班子成员"])
    ws.append(["2025-04-02", "专题研讨", "全体班子成员"])
    wb.save(ledger)
    return root


def test_caption_from_the_caption_file_reaches_the_word_and_the_excel(
    project_factory: Any, files: Any, checked: Any
) -> None:
    project, result = checked(_project(project_factory, files))
    photos = {f.name: f for f in result.files if f.name in CAPTIONS}
    assert {n: f.caption for n, f in photos.items()} == CAPTIONS
    assert {f.caption_source for f in photos.values()} == {
        "evidence/区教育局/Ⅱ-3-2 我们的节日/实景图片/图片说明.txt"
    }
    assert not [f for f in result.findings if f.kind == "caption" and f.path and "IMG_" in f.path]

    outcome = build_output(project, result, BuildOptions(update_toc=False))
    document = docx.Document(str(outcome.folder / "网报材料汇编.docx"))
    cell_text = {p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs}
    for caption in CAPTIONS.values():
        assert any(text.endswith(caption) and text.startswith("图") for text in cell_text), caption
    assert not any("IMG_000" in text for text in cell_text)

    sheet = load_workbook(outcome.folder / WORKBOOK_NAME)["材料明细"]
    header = [c.value for c in sheet[1]]
    column = header.index("图片说明")
    shown = {row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(CAPTIONS.values()) <= shown


def test_ledger_header_under_a_title_and_a_filler_line_is_the_same_in_check_and_word(
    project_factory: Any, files: Any, checked: Any
) -> None:
    project, result = checked(_project(project_factory, files))
    ledger = next(f for f in result.files if f.name == "学习台账.xlsx")
    assert ledger.facts.sheets[0].header_row == 3
    assert ledger.facts.sheets[0].columns == tuple(HEADER)

    outcome = build_output(project, result, BuildOptions(update_toc=False))
    document = docx.Document(str(outcome.folder / "网报材料汇编.docx"))
    tables = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert HEADER in tables
    assert not any(row and row[0].startswith("填报单位") for row in tables)
