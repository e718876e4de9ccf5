"""The 汇编 reads each unit file under the guard: a hostile file costs its own placeholder, never the build."""

from __future__ import annotations

import time
from pathlib import Path

import docx
import hostile
import pytest

from wenming_submit.assemble.word import readers as document
from wenming_submit.assemble.word.narrative import Blocks

from .conftest import build


def test_cap_blocks_keeps_the_budget_and_names_the_attachment() -> None:
    blocks = Blocks(items=[("p", f"第{n}段") for n in range(5000)])
    capped = document.cap_blocks(blocks, budget=100)
    assert len(capped.items) == 100
    assert capped.notes and "附件" in capped.notes[-1] and "4900" in capped.notes[-1]
    small = document.cap_blocks(Blocks(items=[("p", "一段")]), budget=100)
    assert small.notes == []


def test_hostile_files_cost_their_own_placeholder_and_the_build_goes_on(
    proj: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(document, "READ_TIME_LIMIT", 3.0)
    root: Path = proj.root  # type: ignore[attr-defined]
    proj.complete()  # type: ignore[attr-defined]
    base = root / "evidence" / "区文明办" / "Ⅱ-3-2 我们的节日"
    # 活动方案: a 4 KB PDF whose nested Form XObjects take PDFium minutes to draw.
    (base / "活动方案.docx").unlink()
    hostile.nested_xobject_pdf(base / "活动方案.pdf", depth=12)
    # 说明报告: 20,000 paragraphs (100,000 took the 汇编 over ten minutes before the cap).
    (base / "说明报告.pdf").unlink()
    hostile.many_paragraphs_docx(base / "说明报告.docx", 20_000)

    started = time.monotonic()
    built = build(root, tmp_path / "out", update_toc=False)
    assert time.monotonic() - started < 120

    codes = {(f.code, f.path.rsplit("/", 1)[-1]) for f in built.report.findings if f.path}
    # PDFium runs into the 3 s limit (WM405) or, on a loaded machine, the worker's memory ceiling first
    # (WM404/WM406): either way the file is stopped on its own and the build goes on.
    assert {("WM405", "活动方案.pdf"), ("WM404", "活动方案.pdf"), ("WM406", "活动方案.pdf")} & codes
    assert any(p.path.endswith("活动方案.pdf") for p in built.report.placeholders)
    text = "\n".join(p.text for p in docx.Document(str(built.path)).paragraphs)
    assert "见附件原件" in text and "其余" in text
    assert 100 < text.count("这是一段测试文字") <= document.MAX_DOCUMENT_WEIGHT
    # The other unit's files are in the 汇编 as usual.
    assert "区教育局“我们的节日”活动方案" in text
