"""One LibreOffice layout gives the TOC's page numbers and 网报材料汇编.pdf (assemble/word/layout.py).

The PDF is read back with pdfium: every number its TOC shows must be the printed page number ("— n —")
of the page the heading is really on.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest

from wenming_submit.assemble.word import TOC_PLACEHOLDER_PAGE, layout, pieces, texts, toc

from .conftest import Built, build

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TOC_LINE = re.compile(r"^(.+?)\.{3,}\s*(\d+)$")
FOOTER = re.compile(r"—\s*(\d+)\s*—\s*$")


def _pages(pdf: Path) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        out = []
        for page in doc:
            textpage = page.get_textpage()
            out.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
        return out
    finally:
        doc.close()


def _toc_lines(pages: list[str]) -> list[tuple[str, int]]:
    """(heading, shown page) of every TOC line on the pages before the first numbered page."""
    lines = []
    for text in pages:
        if FOOTER.search(text.strip()):
            break
        for line in text.splitlines():
            match = TOC_LINE.match(line.strip())
            if match:
                lines.append((match.group(1).strip(), int(match.group(2))))
    return lines


def _assert_toc_matches_pages(pdf: Path) -> None:
    pages = _pages(pdf)
    lines = _toc_lines(pages)
    assert len(lines) >= 6, lines
    by_number = {}
    for text in pages:
        match = FOOTER.search(text.strip())
        if match:
            by_number[int(match.group(1))] = "".join(text.split())
    assert by_number, "no numbered body pages"
    for heading, shown in lines:
        assert shown in by_number, (heading, shown)
        assert "".join(heading.split()) in by_number[shown], (heading, shown)


@pytest.fixture(scope="module")
def laid_out(sample_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return build(sample_project, tmp_path_factory.mktemp("layout-out"), split="indicator")


@pytest.mark.slow
@needs_soffice
def test_pdf_toc_shows_the_pages_the_headings_are_on(laid_out: Built) -> None:
    report = laid_out.report
    assert report.toc.value == "libreoffice", report.toc_note
    assert report.pdf is not None and report.pdf.is_file()
    _assert_toc_matches_pages(report.pdf)
    assert not any(shown == int(TOC_PLACEHOLDER_PAGE) for _, shown in _toc_lines(_pages(report.pdf)))


@pytest.mark.slow
@needs_soffice
def test_pdf_keeps_the_outline_pointing_at_the_headings(laid_out: Built) -> None:
    import pypdfium2 as pdfium

    assert laid_out.report.pdf is not None
    pages = ["".join(text.split()) for text in _pages(laid_out.report.pdf)]
    doc = pdfium.PdfDocument(str(laid_out.report.pdf))
    try:
        items = [(item.get_title(), item.get_dest()) for item in doc.get_toc()]
        targets = [(title, dest.get_index()) for title, dest in items if dest is not None]
    finally:
        doc.close()
    assert len(targets) >= 6
    for title, index in targets:
        assert "".join(title.split()) in pages[index], title


def _toc_links(pdf: Path) -> list[tuple[str, int]]:
    """(text under the link, target page index) of every link annotation on the pages before the body."""
    import pypdfium2 as pdfium
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    doc = pdfium.PdfDocument(str(pdf))
    try:
        out = []
        for index, page in enumerate(reader.pages):
            if FOOTER.search(_pages_text(doc, index).strip()):
                break
            for ref in page.get("/Annots") or []:
                annot = ref.get_object()
                if annot.get("/Subtype") != "/Link":
                    continue
                x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                textpage = doc[index].get_textpage()
                under = textpage.get_text_bounded(x0, y0, x1, y1)
                textpage.close()
                out.append(("".join(under.split()), reader.get_page_number(annot["/Dest"][0].get_object())))
        return out
    finally:
        doc.close()


def _pages_text(doc: Any, index: int) -> str:
    textpage = doc[index].get_textpage()
    try:
        return str(textpage.get_text_bounded())
    finally:
        textpage.close()


def assert_toc_lines_link_to_their_headings(pdf: Path) -> None:
    """Every TOC line is a link to the page its heading is on."""
    pages = ["".join(text.split()) for text in _pages(pdf)]
    lines = _toc_lines(_pages(pdf))
    links = _toc_links(pdf)
    assert len(links) == len(lines), (len(links), len(lines))
    for (heading, shown), (under, target) in zip(lines, links, strict=True):
        squashed = "".join(heading.split())
        assert under.startswith(squashed), (under, heading)
        assert squashed in pages[target] and FOOTER.search(_pages(pdf)[target].strip()).group(1) == str(shown)


@pytest.mark.slow
@needs_soffice
def test_pdf_toc_lines_link_to_their_headings(laid_out: Built) -> None:
    assert laid_out.report.pdf is not None
    assert_toc_lines_link_to_their_headings(laid_out.report.pdf)


@pytest.mark.slow
@needs_soffice
def test_docx_toc_and_split_volumes_carry_the_same_real_numbers(laid_out: Built) -> None:
    report = laid_out.report
    assert report.pdf is not None
    shown = dict(_toc_lines(_pages(report.pdf)))
    assert len(report.documents) > 1  # the 汇编 and its 分册
    for path in report.documents:
        document = docx.Document(str(path))
        lines = [p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("toc")]
        assert lines, path
        numbers = [line.rsplit("\t", 1) for line in lines]
        assert all(n.isdigit() and n != TOC_PLACEHOLDER_PAGE for _, n in numbers), (path, lines)
        assert texts.TOC_PENDING not in "".join(lines)
        if path == report.documents[0]:
            assert {" ".join(t.split()): int(n) for t, n in numbers} == {
                " ".join(t.split()): n for t, n in shown.items()
            }


@pytest.mark.slow
@needs_soffice
def test_front_matter_that_changes_page_count_falls_back_to_a_whole_export(
    sample_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The finished front matter comes out a page longer than in the layout (as when a longer number
    moves a line break): its pages cannot replace the layout's, so the whole 汇编 is exported again."""
    real = layout.write_front_matter
    calls: list[Path] = []

    def longer_on_second_call(document: Any, saved: Path, dest: Path) -> None:
        calls.append(dest)
        if len(calls) == 2:  # the finished front matter (the first one was laid out with the 汇编)
            extra = document.add_paragraph("附页")
            extra.paragraph_format.page_break_before = True
            body = document.element.body
            section_end = next(el for el in body if el.find(f"{W}pPr/{W}sectPr") is not None)
            section_end.addprevious(extra._p)  # an extra page at the end of the front matter
            real(document, saved, dest)
            body.remove(extra._p)
            return
        real(document, saved, dest)

    monkeypatch.setattr(layout, "write_front_matter", longer_on_second_call)
    built = build(sample_project, tmp_path / "out")
    assert len(calls) == 2
    assert built.report.pdf is not None and built.report.pdf.is_file()
    _assert_toc_matches_pages(built.report.pdf)
    assert not any("附页" in text for text in _pages(built.report.pdf))  # the 汇编 exported, not spliced


def test_failed_layout_leaves_the_toc_for_word(
    sample_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No PDF from LibreOffice: the pending field comes back, never a TOC showing placeholder numbers."""
    monkeypatch.setattr(toc, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(toc, "convert_to_pdf", lambda *_args: "LibreOffice 超过 1 秒未完成")
    built = build(sample_project, tmp_path / "out")
    assert built.report.toc.value == "word-on-open"
    assert built.report.pdf is None
    document = built.open()
    text = "\n".join(p.text for p in document.paragraphs)
    assert texts.TOC_PENDING in text
    assert f"\t{TOC_PLACEHOLDER_PAGE}" not in text
    assert document.settings.element.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}updateFields"
    ) is not None


def test_front_matter_document_has_cover_and_toc_only(built: Built, tmp_path: Path) -> None:
    document = docx.Document(str(built.path))
    front = tmp_path / "front.docx"
    layout.write_front_matter(document, built.path, front)
    opened = docx.Document(str(front))
    text = "\n".join(p.text for p in opened.paragraphs)
    assert "目  录" in text and texts.TOC_PENDING in text
    assert "（一）" not in text  # no body heading
    assert len(opened.sections) == 1 and not opened.tables
    with zipfile.ZipFile(front) as zf:
        assert not [n for n in zf.namelist() if n.startswith("word/media/")]
    with zipfile.ZipFile(built.path) as zf:
        assert [n for n in zf.namelist() if n.startswith("word/media/")]  # the body has pictures


def _pdf(path: Path, pages: list[str]) -> Path:
    """A PDF whose pages show `pages` (one line each; "" is a blank page)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    for text in pages:
        c.setFont("STSong-Light", 12)
        if text:
            c.drawString(72, 700, text)
        c.showPage()
    c.save()
    return path


def test_body_start_is_the_first_numbered_page_and_the_body_opens_on_a_right_hand_page(tmp_path: Path) -> None:
    """LibreOffice laid out alone, the front matter can end in a blank page (the section-break paragraph
    pushed onto a page of its own) that the whole document does not have: the body still starts at the
    first "— 1 —" page. Three front pages get one blank page after them, so "— 1 —" is a right-hand
    (odd) page of the PDF in double-sided printing; two front pages get none."""
    laid = _pdf(tmp_path / "whole.pdf", ["封面", "目录 一、甲 ....888", "目录 （一）乙 ....888",
                                         "一、甲 — 1 —", "（一）乙 — 2 —"])  # fmt: skip
    front = _pdf(tmp_path / "front.pdf", ["封面", "目录 一、甲 ....1", "目录 （一）乙 ....2", ""])
    found = layout.locate_in_pdf(laid, front, [(1, "一、甲"), (2, "（一）乙")])
    assert found == (3, [1, 2])
    dest = tmp_path / "out.pdf"
    assert layout.splice(laid, front, found[0], dest)
    texts = ["".join(t.split()) for t in _pages(dest)]
    assert texts == ["封面", "目录一、甲....1", "目录（一）乙....2", "", "一、甲—1—", "（一）乙—2—"]

    even = _pdf(tmp_path / "even.pdf", ["封面", "目录 一、甲 ....888", "一、甲 — 1 —", "（一）乙 — 2 —"])
    even_front = _pdf(tmp_path / "even-front.pdf", ["封面", "目录 一、甲 ....1"])
    assert layout.splice(even, even_front, 2, dest)
    assert ["".join(t.split()) for t in _pages(dest)] == ["封面", "目录一、甲....1", "一、甲—1—", "（一）乙—2—"]


def test_a_whole_export_gets_the_blank_page_too(tmp_path: Path) -> None:
    whole = _pdf(tmp_path / "whole.pdf", ["封面", "目录 一、甲 ....1", "目录 （一）乙 ....2", "一、甲 — 1 —"])
    dest = tmp_path / "out.pdf"
    assert layout.open_body_on_the_right(whole, dest)
    assert ["".join(t.split()) for t in _pages(dest)] == ["封面", "目录一、甲....1", "目录（一）乙....2", "", "一、甲—1—"]
    unnumbered = _pdf(tmp_path / "none.pdf", ["封面", "正文"])
    assert not layout.open_body_on_the_right(unnumbered, tmp_path / "none-out.pdf")


def test_joined_pieces_open_the_body_on_a_right_hand_page(tmp_path: Path) -> None:
    front = _pdf(tmp_path / "front.pdf", ["封面", "目录 一、甲 ....1", "目录 二、乙 ....2", ""])
    one = _pdf(tmp_path / "p1.pdf", ["一、甲 — 1 —"])
    two = _pdf(tmp_path / "p2.pdf", ["二、乙 — 2 —"])
    dest = tmp_path / "joined.pdf"
    assert pieces.join(front, [one, two], [(1, "一、甲"), (1, "二、乙")], [1, 2], dest)
    pages = ["".join(t.split()) for t in _pages(dest)]
    assert pages == ["封面", "目录一、甲....1", "目录二、乙....2", "", "一、甲—1—", "二、乙—2—"]
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(dest))
    try:
        assert [(i.get_title(), i.get_dest().get_index()) for i in doc.get_toc()] == [("一、甲", 4), ("二、乙", 5)]
    finally:
        doc.close()


def test_a_heading_wrapped_over_two_toc_lines_links_both_and_a_lost_one_is_skipped(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from wenming_submit.assemble.word import toclinks

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = tmp_path / "wrapped.pdf"
    c = canvas.Canvas(str(pdf), pagesize=A4)
    for page in (["封面 某某区"], ["目 录", "一、Ⅲ-1-1 开展文明交通劝导和公共场所", "秩序整治行动....................1",
                                  "（一）测评材料提交表.............1", "（二）实景图片....................2"],
                 ["一、Ⅲ-1-1 开展文明交通劝导和公共场所秩序整治行动", "（一）测评材料提交表", "— 1 —"],
                 ["（二）实景图片", "— 2 —"]):  # fmt: skip
        c.setFont("STSong-Light", 12)
        for n, line in enumerate(page):
            c.drawString(72, 700 - 24 * n, line)
        c.showPage()
    c.save()
    headings = [(1, "一、Ⅲ-1-1 开展文明交通劝导和公共场所秩序整治行动"), (2, "（一）测评材料提交表"),
                (2, "（九）目录里没有的标题"), (2, "（二）实景图片")]  # fmt: skip
    assert toclinks.add_links(pdf, headings, [1, 1, 1, 2]) == 4
    links = _toc_links(pdf)
    assert [target for _, target in links] == [2, 2, 2, 3]
    assert links[0][0].startswith("一、Ⅲ-1-1") and links[1][0].startswith("秩序整治行动")
