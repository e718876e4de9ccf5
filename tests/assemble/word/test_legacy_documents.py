"""A .doc from a unit without LibreOffice: the 汇编 says clearly what is missing (the merge after conversion
is tested end to end in test_realistic_outputs)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wenming_submit.assemble.word import soffice, texts

from .conftest import build, make_project

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"),
]
TEXT = "区文明办关于开展端午节活动的补充通知（旧版格式）"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import samplefiles

    root = make_project(tmp_path_factory.mktemp("legacy") / "proj", samplefiles)
    scratch = tmp_path_factory.mktemp("scratch")
    samplefiles.docx(scratch / "补充通知.docx", [TEXT])
    assert soffice.convert([scratch / "补充通知.docx"], "doc", scratch, scratch / "lo", 120) is None
    target = root / "evidence" / "区文明办" / "Ⅱ-3-2 我们的节日" / "活动方案" / "补充通知.doc"
    shutil.copyfile(scratch / "补充通知.doc", target)
    return root


def _text(built: object) -> str:
    return "\n".join(p.text for p in built.open().paragraphs)  # type: ignore[attr-defined]


def test_without_libreoffice_the_gap_is_named(project: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(soffice, "find_soffice", lambda: None)
    built = build(project, tmp_path / "a")
    text = _text(built)
    assert TEXT not in text and "补充通知.doc" in text and texts.NO_LIBREOFFICE in text
    skipped = build(project, tmp_path / "b", update_toc=False)
    assert texts.NO_CONVERSION in _text(skipped)
