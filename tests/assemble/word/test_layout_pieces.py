"""A long 汇编 laid out by LibreOffice piece by piece (assemble/word/pieces.py).

The piece size is made tiny so the sample project's indicators each become a piece; the PDF must then be
what a whole-document layout gives: the same pages, the TOC numbers on the pages the headings are on,
page numbers running on across the pieces, bookmarks on the headings, and the same docx.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from wenming_submit.assemble.word import pieces, toc

from .conftest import Built, build
from .test_layout_pass import (
    FOOTER,
    _assert_toc_matches_pages,
    _pages,
    assert_toc_lines_link_to_their_headings,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"),
]


def _numbers(pdf: Path) -> list[int]:
    found = [FOOTER.search(text.strip()) for text in _pages(pdf)]
    return [int(m.group(1)) for m in found if m]


def _outline(pdf: Path) -> list[tuple[str, int]]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [(item.get_title(), item.get_dest().get_index()) for item in doc.get_toc() if item.get_dest()]
    finally:
        doc.close()


def _toc_texts(built: Built) -> list[str]:
    document = built.open()
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("toc")]


@pytest.fixture(scope="module")
def whole(sample_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(sample_project, tmp_path_factory.mktemp("whole"))


@pytest.fixture(scope="module")
def in_pieces(sample_project: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, list[int]]:
    """The same 汇编 with every indicator its own piece; also the pages LibreOffice gave each piece."""
    seen: list[int] = []
    real_lay_out = pieces.lay_out

    def spy(*args: Any, **kwargs: Any) -> Any:
        laid_out = real_lay_out(*args, **kwargs)
        if laid_out is not None:
            seen.extend(len(toc.page_texts(pdf)) for pdf in laid_out.pdfs)
        return laid_out

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pieces.cut, "__defaults__", (1,))  # every indicator a piece of its own
        mp.setattr(pieces, "lay_out", spy)
        built = build(sample_project, tmp_path_factory.mktemp("pieces"))
    return built, seen


def test_the_body_was_laid_out_in_pieces(in_pieces: tuple[Built, list[int]]) -> None:
    built, seen = in_pieces
    indicators = {r.indicator for r in built.result.requirements}
    assert len(indicators) >= 2
    assert len(seen) == len(indicators), "every indicator should have been its own piece"
    assert built.report.toc.value == "libreoffice", built.report.toc_note
    assert built.report.pdf is not None and built.report.pdf.is_file()


def test_pieces_give_the_same_pdf_pages_and_numbers_as_one_layout(in_pieces: tuple[Built, list[int]],
                                                                  whole: Built) -> None:  # fmt: skip
    built, _ = in_pieces
    assert built.report.pdf is not None and whole.report.pdf is not None
    numbered = _numbers(built.report.pdf)
    assert numbered == list(range(1, len(numbered) + 1)), numbered  # runs on across the pieces
    assert numbered == _numbers(whole.report.pdf)
    squash = ["".join(t.split()) for t in _pages(built.report.pdf)]
    assert squash == ["".join(t.split()) for t in _pages(whole.report.pdf)]
    _assert_toc_matches_pages(built.report.pdf)
    assert_toc_lines_link_to_their_headings(built.report.pdf)
    assert _toc_texts(built) == _toc_texts(whole)


def test_pieces_pdf_has_bookmarks_on_the_headings(in_pieces: tuple[Built, list[int]]) -> None:
    built, _ = in_pieces
    assert built.report.pdf is not None
    outline = _outline(built.report.pdf)
    pages = ["".join(text.split()) for text in _pages(built.report.pdf)]
    assert len(outline) >= 6
    for title, index in outline:
        assert "".join(title.split()) in pages[index], title


def test_a_failed_piece_falls_back_to_one_layout(sample_project: Path, tmp_path: Path) -> None:
    calls: list[Path] = []
    real = toc.convert_to_pdf

    def failing(paths: list[Path], outdir: Path, timeout: float, workdir: Path | None = None) -> str | None:
        calls.extend(paths)
        if any(p.name == "piece-001.docx" for p in paths):
            return "LibreOffice 未能转换 piece-001.docx"
        return real(paths, outdir, timeout, workdir)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pieces.cut, "__defaults__", (1,))
        mp.setattr(toc, "convert_to_pdf", failing)
        built = build(sample_project, tmp_path)
    assert any(p.name == "piece-001.docx" for p in calls)
    assert any(p == built.path for p in calls), "the whole 汇编 should have been laid out after the failure"
    assert built.report.toc.value == "libreoffice"
    assert built.report.pdf is not None
    _assert_toc_matches_pages(built.report.pdf)
