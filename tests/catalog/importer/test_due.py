"""The 任务分解表's 完成时间 column becomes the indicator's `due` (DESIGN §4), every phrasing a city uses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from wenming_submit.catalog.importer import import_table
from wenming_submit.catalog.importer.cells import is_ongoing
from wenming_submit.catalog.model import Indicator

PHRASINGS = [
    ("2026年6月30日前", dt.date(2026, 6, 30)),
    ("2026年9月底", dt.date(2026, 9, 30)),
    ("2026年10月", dt.date(2026, 10, 31)),
    ("2026年2月底前", dt.date(2026, 2, 28)),
    ("常态化", None),
    ("长期坚持", None),
]


def _table(tmp_path: Path, deadlines: list[str]) -> Path:
    path = tmp_path / "任务分解表.csv"
    lines = ["编号,指标名称,材料要求,责任单位,完成时间"]
    lines += [f"Ⅱ-3-{n},指标{n},工作方案,区文明办,{text}" for n, text in enumerate(deadlines, start=1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_each_phrasing_becomes_due(tmp_path: Path) -> None:
    result = import_table(_table(tmp_path, [text for text, _ in [*PHRASINGS, ("待定", None)]]))
    assert [i.deadline for i in result.indicators] == [*(day for _, day in PHRASINGS), None]
    # 常态化/长期 is ongoing work, said as such; only the unreadable text is "not imported"
    sheet = result.sheets[0].sheet
    assert [n for n in result.notes if "完成时间" in n] == [
        f"工作表「{sheet}」第 6 行：完成时间「常态化」是常态化工作，不设截止日期",
        f"工作表「{sheet}」第 7 行：完成时间「长期坚持」是常态化工作，不设截止日期",
        f"工作表「{sheet}」第 8 行：完成时间「待定」不是具体日期，未导入",
    ]


@pytest.mark.parametrize(("text", "ongoing"), [("常态化", True), ("长期", True), ("2026年10月", False), ("待定", False)])
def test_ongoing_words(text: str, ongoing: bool) -> None:
    assert is_ongoing(text) is ongoing


def test_yaml_spells_it_due() -> None:
    data = {"code": "Ⅱ-3-2", "title": "我们的节日", "units": ["区文明办"], "materials": [{"name": "方案"}]}
    assert Indicator.model_validate(data | {"due": "2026-09-30"}).deadline == dt.date(2026, 9, 30)
    assert Indicator.model_validate(data | {"deadline": "2026-09-30"}).deadline == dt.date(2026, 9, 30)
    with pytest.raises(ValueError, match="due 与 deadline 只能写一个"):
        Indicator.model_validate(data | {"due": "2026-09-30", "deadline": "2026-10-31"})
