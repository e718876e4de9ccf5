"""The 汇编 looks like GB/T 9704-2012: page, margins, fonts (w:eastAsia), spacing, headings, footers."""

from __future__ import annotations

import zipfile

from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from wenming_submit import gongwen

from .conftest import Built


def _east_asian(rpr: object) -> str | None:
    rfonts = None if rpr is None else rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    return None if rfonts is None else rfonts.get(qn("w:eastAsia"))


def test_page_is_a4_with_gbt9704_margins(built: Built) -> None:
    doc = built.open()
    for section in doc.sections:
        assert abs(section.page_width - Mm(210)) < Mm(0.5)
        assert abs(section.page_height - Mm(297)) < Mm(0.5)
        assert abs(section.top_margin - Mm(37)) < Mm(0.5)
        assert abs(section.bottom_margin - Mm(35)) < Mm(0.5)
        assert abs(section.left_margin - Mm(28)) < Mm(0.5)
        assert abs(section.right_margin - Mm(26)) < Mm(0.5)


def test_body_and_heading_styles(built: Built) -> None:
    doc = built.open()
    body = doc.styles[gongwen.BODY]
    assert body.font.size == Pt(16)
    assert _east_asian(body.element.rPr) == "仿宋_GB2312"
    assert body.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert abs(body.paragraph_format.line_spacing.pt - 28.95) < 0.05
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert body.element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    expected = {
        "Heading 1": "黑体",
        "Heading 2": "楷体_GB2312",
        "Heading 3": "仿宋_GB2312",
        "Heading 4": "仿宋_GB2312",
    }
    for name, font in expected.items():
        style = doc.styles[name]
        assert _east_asian(style.element.rPr) == font, name
        assert style.font.size == Pt(16)
        assert not style.font.bold
        assert style.font.color.rgb == gongwen.RGBColor(0, 0, 0)
    title = doc.styles[gongwen.COVER_TITLE]
    assert _east_asian(title.element.rPr) == "方正小标宋简体"
    assert doc.styles[gongwen.TITLE].font.size == Pt(22)  # 2号


def test_every_style_names_an_east_asian_font_and_no_theme_fonts(built: Built) -> None:
    doc = built.open()
    for style in doc.styles:
        rpr = style.element.rPr
        if style.type == 4:  # numbering styles carry no run properties
            continue
        assert _east_asian(rpr), style.name
        rfonts = rpr.find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsiaTheme")) is None, style.name
        assert rfonts.get(qn("w:asciiTheme")) is None, style.name
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert _east_asian(defaults) == "仿宋_GB2312"


def test_theme_fonts_rewritten(built: Built) -> None:
    with zipfile.ZipFile(built.path) as z:
        theme = z.read("word/theme/theme1.xml").decode("utf-8")
        settings = z.read("word/settings.xml").decode("utf-8")
        font_table = z.read("word/fontTable.xml").decode("utf-8")
        assert "word/stylesWithEffects.xml" not in z.read("word/_rels/document.xml.rels").decode()
    assert "ＭＳ" not in theme and "明朝" not in theme and "맑은" not in theme
    assert '<a:ea typeface="黑体"/>' in theme and '<a:ea typeface="仿宋_GB2312"/>' in theme
    assert 'w:eastAsia="zh-CN"' in settings
    assert "明朝" not in font_table and "Cambria" not in font_table
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in font_table


def test_runs_carry_east_asian_font_and_headings_carry_none(built: Built) -> None:
    doc = built.open()
    body = doc.element.body
    headings = 0
    for p in body.iter(qn("w:p")):
        style = p.pPr.pStyle.val if p.pPr is not None and p.pPr.pStyle is not None else ""
        for r in p.iter(qn("w:r")):
            if r.find(qn("w:t")) is None:
                continue
            if style.startswith("Heading"):
                headings += 1
                assert r.rPr is None, "heading runs must not carry direct formatting (it leaks into the TOC)"
            else:
                assert _east_asian(r.rPr), f"run without w:eastAsia in {style}: {r.xpath('string(.)')}"
    assert headings > 10


def test_heading_levels_follow_gbt9704_numbering(built: Built) -> None:
    doc = built.open()
    heads = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert heads[0] == ("Heading 1", "一、Ⅱ-3-2 开展“我们的节日”主题活动")
    assert heads[1] == ("Heading 2", "（一）测评材料提交表")
    assert ("Heading 2", "（二）活动方案") in heads
    assert ("Heading 3", "1.区文明办") in heads
    assert ("Heading 4", "（1）端午节活动方案") in heads
    assert ("Heading 1", "二、Ⅲ-1-1 公共场所文明引导") in heads
    for level, name in enumerate(("Heading 1", "Heading 2", "Heading 3", "Heading 4")):
        assert doc.styles[name].element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(level)
    firsts = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert not firsts[0].paragraph_format.page_break_before  # follows the section break
    assert all(p.paragraph_format.page_break_before for p in firsts[1:])  # each indicator on a new page


def test_page_number_footers_odd_right_even_left(built: Built) -> None:
    doc = built.open()
    assert doc.settings.odd_and_even_pages_header_footer
    body = doc.sections[-1]
    odd, even = body.footer.paragraphs[0], body.even_page_footer.paragraphs[0]
    assert odd.alignment == gongwen.WD_ALIGN_PARAGRAPH.RIGHT
    assert even.alignment == gongwen.WD_ALIGN_PARAGRAPH.LEFT
    for para in (odd, even):
        xml = para._p.xml
        assert "PAGE" in xml and "— " in para.text and " —" in para.text
        assert para.style.font.size == Pt(14)
        assert _east_asian(para.style.element.rPr) == "宋体"
    assert body._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    cover = doc.sections[0]
    assert cover._sectPr.find(qn("w:footerReference")) is None  # no number on cover and TOC


def test_toc_field_left_for_word_when_not_laid_out(built: Built) -> None:
    with zipfile.ZipFile(built.path) as z:
        document = z.read("word/document.xml").decode("utf-8")
        settings = z.read("word/settings.xml").decode("utf-8")
    assert 'TOC \\o "1-2"' in document
    assert "<w:updateFields" in settings
    assert built.report.toc.value == "word-on-open"
