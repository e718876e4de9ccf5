"""A re-check opens no unchanged file to tell its format: the scan's answers are kept in the check cache
by path and stamp (issue 14, warm re-check). A changed file, a damaged row or another sniff version is
sniffed again, and a file gone from evidence/ leaves the cache."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from inspect_project import PHOTOS, PLANS, REPORTS

from wenming_submit.evidence import scan as scan_module
from wenming_submit.evidence.cache import CACHE_FILE

TEXT = "本单位组织志愿者在幸福社区开展我们的节日主题活动，群众参与热情高涨。" * 8


def _fill(project: Any, files: Any) -> None:
    files.docx(project.path(REPORTS, "报告.docx"), [TEXT])
    files.pdf(project.path(PLANS, "方案.pdf"), [TEXT])
    files.jpeg(project.path(PHOTOS, "2025-05-12 幸福社区 志愿者开展宣传.jpg"))


def _rows(project: Any) -> dict[str, str]:
    with sqlite3.connect(project.root / "output" / ".cache" / CACHE_FILE) as db:
        return dict(db.execute("SELECT path, data FROM sniffs1").fetchall())


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    opened: list[Path] = []
    real = scan_module.sniff

    def counted(path: Path) -> Any:
        opened.append(path)
        return real(path)

    monkeypatch.setattr(scan_module, "sniff", counted)
    return opened


def test_recheck_sniffs_nothing_and_finds_the_same(project: Any, files: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _fill(project, files)
    opened = _counting(monkeypatch)
    first = project.check()
    assert len(opened) == 3 and len(_rows(project)) == 3
    opened.clear()
    second = project.check()
    assert opened == []
    assert second.result.findings == first.result.findings
    assert second.result.requirements == first.result.requirements


def test_changed_damaged_and_gone_files(project: Any, files: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _fill(project, files)
    project.check()
    opened = _counting(monkeypatch)
    report = project.root / REPORTS / "报告.docx"
    files.pdf(report, [TEXT])  # a PDF under a .docx name: the format must follow the new content
    os.utime(report, (time.time() + 5, time.time() + 5))
    plan = project.root / PLANS / "方案.pdf"
    with sqlite3.connect(project.root / "output" / ".cache" / CACHE_FILE) as db:
        db.execute("UPDATE sniffs1 SET data = '[1, \"no-such-format\"' WHERE path = ?", (str(plan),))
    (project.root / PHOTOS / "2025-05-12 幸福社区 志愿者开展宣传.jpg").unlink()
    run = project.check()
    assert sorted(p.name for p in opened) == sorted(["方案.pdf", "报告.docx"])
    assert next(f for f in run.result.files if f.name == "报告.docx").facts.format == "pdf"
    assert sorted(Path(p).name for p in _rows(project)) == sorted(["报告.docx", "方案.pdf"])
