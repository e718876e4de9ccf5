"""A re-check with everything cached does not load jieba: the standards' key terms are kept in the check
cache (output/.cache/terms.json) and give the same findings (issue 14, warm re-check)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import review_samples as rs
from test_review import ev, make_project

from wenming_submit.check import review
from wenming_submit.check.run import CACHE_DIR, TERMS_FILE, run_check
from wenming_submit.project import open_project


def _fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a new `wenming check` process starts with: no terms known."""
    monkeypatch.setattr(review, "_TERMS", {})
    monkeypatch.setattr(review, "_PARTS", {})
    monkeypatch.setattr(review, "_memo_grew", False)


def _off_standard(root: Path) -> list[str]:
    return [f.message for f in run_check(open_project(root)).findings if f.code == "WM300"]


def test_recheck_takes_the_key_terms_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "p")
    rs.report_docx(ev(root, "说明报告/总结式说明报告.docx"), rs.SUMMARY_REPORT)
    _fresh_process(monkeypatch)
    first = _off_standard(root)
    assert first and first[0].startswith("说明报告未涉及测评标准中的：站点、注册、志愿者")
    saved = json.loads((root / "output" / CACHE_DIR / TERMS_FILE).read_text(encoding="utf-8"))
    assert saved["key"] == review.terms_memo_key() and rs.STANDARD in saved["terms"]

    _fresh_process(monkeypatch)

    def no_jieba() -> Any:
        raise AssertionError("jieba loaded although every term was cached")

    monkeypatch.setattr(review, "_jieba", no_jieba)
    assert _off_standard(root) == first


def test_a_memo_of_another_jieba_or_stop_list_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "p")
    rs.report_docx(ev(root, "说明报告/总结式说明报告.docx"), rs.SUMMARY_REPORT)
    _fresh_process(monkeypatch)
    first = _off_standard(root)
    memo = root / "output" / CACHE_DIR / TERMS_FILE
    data = json.loads(memo.read_text(encoding="utf-8"))
    data["key"] = "jieba 0.1; stop 0; v1"
    data["terms"] = {rs.STANDARD: ["不相干"]}  # would change the finding if it were believed
    memo.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    _fresh_process(monkeypatch)
    assert _off_standard(root) == first
    memo.write_text("{damaged", encoding="utf-8")
    _fresh_process(monkeypatch)
    assert _off_standard(root) == first
