"""Readers that turn unit files into what the 汇编 shows: ledgers and plain-text narratives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from wenming_submit.assemble.word.ledger import MAX_ROWS, read_ledger
from wenming_submit.assemble.word.narrative import read_docx, read_text


def test_xlsx_ledger_title_row_header_dates_and_cap(files: Any, tmp_path: Path) -> None:
    rows = [[dt.datetime(2026, 1, 1) + dt.timedelta(days=i), f"人员{i}", 3.0] for i in range(MAX_ROWS + 5)]
    path = files.xlsx(tmp_path / "台账.xlsx", ["日期", "人员", "次数"], rows, title="2026年志愿服务台账")
    ledger = read_ledger(path, "xlsx")
    assert ledger.title == "2026年志愿服务台账"
    assert ledger.header == ["日期", "人员", "次数"]
    assert ledger.rows[0] == ["2026年1月1日", "人员0", "3"]
    assert ledger.total_rows == MAX_ROWS + 5 and len(ledger.rows) == MAX_ROWS


def test_csv_in_gb18030_and_text_narrative(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes("巡查时间,发现问题\n2026-03-01,占道经营\n".encode("gb18030"))
    ledger = read_ledger(tmp_path / "a.csv", "csv")
    assert ledger.header == ["巡查时间", "发现问题"] and ledger.rows == [["2026-03-01", "占道经营"]]
    (tmp_path / "说明.txt").write_bytes("　　我单位认真组织开展活动。\n\n第二段。".encode("gb18030"))
    assert read_text(tmp_path / "说明.txt").items == [("p", "我单位认真组织开展活动。"), ("p", "第二段。")]


def test_broken_ledger_and_non_docx_give_chinese_reasons(tmp_path: Path) -> None:
    (tmp_path / "x.xlsx").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ValueError, match="表格无法读取"):
        read_ledger(tmp_path / "x.xlsx", "xlsx")
    (tmp_path / "y.docx").write_bytes(b"not a zip")
    with pytest.raises(ValueError, match="文档无法打开"):
        read_docx(tmp_path / "y.docx")


def test_toc_locate_pages_in_order_and_tolerates_a_few_misses() -> None:
    from wenming_submit.assemble.word.toc import locate

    pages = [
        "封面",
        "目录",
        "一、甲指标（一）测评材料提交表",
        "正文",
        "（二）实景图片",
        "二、乙指标",
    ]  # as page_texts gives them
    heads = [(1, "一、甲 指标"), (2, "（一）测评材料提交表"), (2, "（二）实景图片"), (1, "二、乙 指标")]
    assert locate(pages, heads) == [1, 1, 3, 4]
    assert locate(pages, [(1, "一、甲 指标"), (1, "不存在的标题")]) is None
