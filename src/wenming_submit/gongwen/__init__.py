"""The style sheet of every Word document the tool writes: GB/T 9704-2012 (党政机关公文格式).

One place for page size, margins, fonts, sizes and spacing. `new_document()` returns a styled, empty
document; the helpers below (headings, body text, captions, fields, page-number footers), with
`gongwen.tables` (tables) and `gongwen.front_matter` (cover, TOC), are what the 汇编 and the notices
write with, so they never set fonts or sizes themselves.

Decisions worth knowing:
- Every style carries explicit fonts including `w:eastAsia`, the theme fonts are rewritten to real
  Chinese fonts, and theme-font attributes are removed, so Word/WPS never fall back to MS Mincho or warn
  about a missing theme font.
- Runs written through `add_text` repeat their paragraph style's fonts (with `w:eastAsia`). Heading
  runs are the one exception: they carry no run properties at all, so nothing leaks into the TOC.
- The first-line indent lives in the body and heading styles only, never in Normal or the document
  defaults, so tables, captions and pictures are not indented.
- Paragraphs holding pictures use the 图片 style with single line spacing: exact spacing would clip them.
- Heading styles never break the page themselves (notices reuse them); `heading(..., new_page=True)`
  sets page-break-before on one paragraph. Outline levels are written into the heading styles.
- A project may bring its own reference .docx (wenming.toml `[build] reference_docx`): its styles and
  page set-up win, and only the styles it lacks are added from STYLES.
"""

from __future__ import annotations

import datetime as dt
import weakref
from pathlib import Path
from typing import Any, Protocol

import docx
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree  # type: ignore[import-untyped]

from wenming_submit.gongwen import ooxml, styling
from wenming_submit.gongwen.ooxml import add_field as add_field
from wenming_submit.gongwen.ooxml import field_begin as field_begin
from wenming_submit.gongwen.ooxml import field_end as field_end
from wenming_submit.gongwen.styling import StyleSpec
from wenming_submit.textcodec import xml_text

# Fonts (the names Chinese government offices have installed; LibreOffice substitutes on Linux).
SONG = "宋体"
FANGSONG = "仿宋_GB2312"
HEI = "黑体"
KAI = "楷体_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
LATIN = "Times New Roman"

ZIHAO: dict[str, float] = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16, "小三": 15,
    "四号": 14, "小四": 12, "五号": 10.5, "小五": 9,
}  # fmt: skip
"""字号 → points."""

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
TEXT_WIDTH = Emu(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
"""版心 width, 156 mm."""
TEXT_HEIGHT = Emu(PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM)
"""版心 height, 225 mm."""
LINE_PITCH = Pt(28.95)
"""225 mm / 22 lines."""
FOOTER_DISTANCE = Mm(23)
"""Page number 7 mm below the 版心 (35 mm − 7 mm − one 4号 line)."""

# Style names (Word's built-in names where one exists, so Word shows them in its own gallery and TOC).
NORMAL = "Normal"
BODY = "Body Text"
TITLE = "Title"
HEADINGS = ("Heading 1", "Heading 2", "Heading 3", "Heading 4")
CAPTION = "Caption"
PICTURE = "图片"
TABLE_TEXT = "表格文字"
TABLE_HEAD = "表格表头"
COVER_TITLE = "封面标题"
COVER_TEXT = "封面文字"
TOC_TITLE = "目录标题"
TOC_LEVELS = ("toc 1", "toc 2", "toc 3")
PLACEHOLDER = "占位说明"
FOOTER = "Footer"
GAP = "缺失标记"
"""Character style: red, bold — gaps in the 提交表 (缺失/待补)."""

RED = RGBColor(0xC0, 0x00, 0x00)

TOC_DEPTH = 2
"""Heading levels listed in the TOC: 一、 and （一）. With ~125 indicators a level-3 TOC runs to dozens
of pages; the navigation pane still shows every level."""
TOC_INSTR = f'TOC \\o "1-{TOC_DEPTH}" \\h \\z \\u'


_CENTER = WD_ALIGN_PARAGRAPH.CENTER
STYLES: tuple[StyleSpec, ...] = (
    StyleSpec(NORMAL, FANGSONG, 16),
    StyleSpec(BODY, FANGSONG, 16, indent_chars=2),
    StyleSpec(TITLE, XIAOBIAOSONG, 22, align=_CENTER, line=36, after=14.5),
    StyleSpec(HEADINGS[0], HEI, 16, indent_chars=2, keep_with_next=True, outline=0),
    StyleSpec(HEADINGS[1], KAI, 16, indent_chars=2, keep_with_next=True, outline=1),
    StyleSpec(HEADINGS[2], FANGSONG, 16, indent_chars=2, keep_with_next=True, outline=2),
    StyleSpec(HEADINGS[3], FANGSONG, 16, indent_chars=2, keep_with_next=True, outline=3),
    StyleSpec(CAPTION, FANGSONG, 14, align=_CENTER, line=22, after=6),
    StyleSpec(PICTURE, FANGSONG, 16, align=_CENTER, line=None, before=6, keep_with_next=True),
    StyleSpec(TABLE_TEXT, FANGSONG, 12, align=WD_ALIGN_PARAGRAPH.LEFT, line=20),
    StyleSpec(TABLE_HEAD, HEI, 12, align=_CENTER, line=20),
    StyleSpec(COVER_TITLE, XIAOBIAOSONG, 26, align=_CENTER, line=48, before=150, after=60),
    StyleSpec(COVER_TEXT, KAI, 16, align=_CENTER, line=36),
    StyleSpec(TOC_TITLE, XIAOBIAOSONG, 22, align=_CENTER, line=36, after=14.5),
    StyleSpec(TOC_LEVELS[0], HEI, 16, align=WD_ALIGN_PARAGRAPH.LEFT, toc_tab=True),
    StyleSpec(TOC_LEVELS[1], KAI, 16, align=WD_ALIGN_PARAGRAPH.LEFT, left_chars=2, toc_tab=True),
    StyleSpec(TOC_LEVELS[2], FANGSONG, 16, align=WD_ALIGN_PARAGRAPH.LEFT, left_chars=4, toc_tab=True),
    StyleSpec(PLACEHOLDER, KAI, 14, align=WD_ALIGN_PARAGRAPH.LEFT, line=None, before=4, after=4, color=RED),
    StyleSpec(FOOTER, SONG, 14, latin=SONG, align=None, line=None),
    StyleSpec(GAP, FANGSONG, 12, bold=True, color=RED, kind=WD_STYLE_TYPE.CHARACTER),
)
SPECS: dict[str, StyleSpec] = {s.name: s for s in STYLES}


class Container(Protocol):
    """Anything paragraphs can be added to: the document body or a table cell."""

    def add_paragraph(self, text: str = "", style: str | None = None) -> Paragraph: ...


# ---------------------------------------------------------------- styles


ALT_FONTS: dict[str, str | None] = {
    SONG: None,
    FANGSONG: "仿宋",
    HEI: None,
    KAI: "楷体",
    XIAOBIAOSONG: "宋体",
}
"""Font table entries: what to substitute where a font is missing (new Windows lacks the _GB2312 fonts)."""


def apply_style_sheet(document: Document, *, keep_existing: bool = False) -> None:
    """Create/overwrite the styles of STYLES; with `keep_existing`, styles a reference file has win."""
    styling.apply_style_sheet(document, STYLES, body_font=FANGSONG, heading_font=HEI, latin=LATIN,
                              tab_stop=TEXT_WIDTH, keep_existing=keep_existing)  # fmt: skip
    if not keep_existing:
        styling.write_font_table(document, ALT_FONTS, LATIN)


# ---------------------------------------------------------------- page and sections


def set_page(section: Section) -> None:
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance, section.footer_distance = Mm(15), FOOTER_DISTANCE
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    # No snap-to-grid: exact spacing sets the body's 22 lines; tables and captions keep their own spacing.
    grid.attrib.pop(qn("w:type"), None)
    grid.set(qn("w:linePitch"), str(int(LINE_PITCH.pt * 20)))


def _page_number(paragraph: Paragraph, *, odd: bool) -> None:
    paragraph.style = FOOTER
    pf = paragraph.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    if odd:
        pf.right_indent = Pt(14)
    else:
        pf.left_indent = Pt(14)
    dash = add_text(paragraph, "— ")
    ooxml.set_fonts(dash._r.get_or_add_rPr(), SONG, SONG, hint_east_asian=True)
    for run in add_field(paragraph, "PAGE", "1"):
        ooxml.set_fonts(run._r.get_or_add_rPr(), SONG, SONG)
    dash = add_text(paragraph, " —")
    ooxml.set_fonts(dash._r.get_or_add_rPr(), SONG, SONG, hint_east_asian=True)


def set_page_numbers(document: Document, section: Section, *, restart: bool = True) -> None:
    """ "— 1 —" footers: odd pages right, even pages left (GB/T 9704 7.5)."""
    document.settings.odd_and_even_pages_header_footer = True
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.text = ""
        _page_number(paragraph, odd=odd)
    if restart:
        pg = section._sectPr.find(qn("w:pgNumType"))
        if pg is None:
            pg = OxmlElement("w:pgNumType")
            ooxml.insert_before(section._sectPr, pg, ooxml.SECTPR_AFTER_PGNUMTYPE)
        pg.set(qn("w:start"), "1")


def new_document(reference: Path | None = None, *, page_numbers: bool = True) -> Document:
    """An empty document with the GB/T 9704 style sheet, A4 page set up and (optionally) page numbers.

    `reference`: a .docx whose styles and page set-up win (its body text is dropped); the styles it
    lacks are added from STYLES.
    """
    document = docx.Document(str(reference)) if reference else docx.Document()
    body = document.element.body
    for element in list(body):
        if element.tag != qn("w:sectPr"):
            body.remove(element)
    apply_style_sheet(document, keep_existing=reference is not None)
    set_properties(document, title="", author="")
    if reference is None:
        set_page(document.sections[0])
    if page_numbers:
        set_page_numbers(document, document.sections[0])
    return document


def set_properties(document: Document, *, title: str, author: str) -> None:
    """File properties (Word's 文件→信息): our title and unit instead of the template's "python-docx"."""
    props = document.core_properties
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    title, author = xml_text(title), xml_text(author)
    props.title, props.author, props.last_modified_by = title, author, author
    props.comments, props.subject, props.keywords, props.category = "", "", "", ""
    props.created = props.modified = now
    props.revision = 1


def start_numbered_section(document: Document) -> Section:
    """A new page and section whose pages are numbered from 1 (body after cover and TOC)."""
    section: Section = document.add_section(WD_SECTION.NEW_PAGE)
    set_page_numbers(document, section)
    return section


# ---------------------------------------------------------------- text
#
# The 汇编 writes hundreds of thousands of paragraphs, runs and cells. python-docx's generic API costs
# O(document) per call there: `add_paragraph` looks for w:sectPr by scanning the whole body, and the
# `style` setter and getter resolve the style name through every style of the document. The helpers
# below write the same elements directly with lxml (same elements, attributes and order as python-docx
# writes) and resolve each style name once per document part (`_Styles`).

_PPR, _PSTYLE, _R = qn("w:pPr"), qn("w:pStyle"), qn("w:r")
_VAL, _PAGE_BREAK_BEFORE = qn("w:val"), qn("w:pageBreakBefore")


class _Styles:
    """Style ids and fonts of one document part, each looked up once (python-docx scans all styles)."""

    def __init__(self, part: Any) -> None:
        self.part = part
        self.ids: dict[tuple[str, WD_STYLE_TYPE], str | None] = {}
        self.fonts: dict[str | None, tuple[str, str]] = {}

    def id(self, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str | None:
        """The style id written for `name` (None for the default style, which is never written)."""
        key = (name, kind)
        try:
            return self.ids[key]
        except KeyError:
            sid: str | None = self.part.get_style_id(name, kind)
            self.ids[key] = sid
            return sid

    def fonts_of(self, style_id: str | None) -> tuple[str, str]:
        """(East Asian, Latin) font of the paragraph style `style_id` (None: the default style)."""
        try:
            return self.fonts[style_id]
        except KeyError:
            style = self.part.get_style(style_id, WD_STYLE_TYPE.PARAGRAPH)
            fonts = self.fonts[style_id] = _style_object_fonts(style)
            return fonts


_STYLES: weakref.WeakKeyDictionary[Any, _Styles] = weakref.WeakKeyDictionary()


def _styles(part: Any) -> _Styles:
    styles = _STYLES.get(part)
    if styles is None:
        styles = _STYLES[part] = _Styles(part)
    return styles


def _style_object_fonts(style: BaseStyle | None) -> tuple[str, str]:
    while style is not None:
        spec = SPECS.get(style.name or "")
        if spec is not None:
            return spec.font, spec.latin
        rpr = style.element.rPr
        east_asian = ooxml.east_asian_font(rpr)
        if east_asian:
            rfonts = rpr.find(qn("w:rFonts"))
            return east_asian, rfonts.get(qn("w:ascii")) or LATIN
        style = style.base_style  # type: ignore[attr-defined]
    return FANGSONG, LATIN


def style_id(part: Any, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str | None:
    """The style id python-docx would write for the style `name` in `part`'s document (None: default)."""
    return _styles(part).id(name, kind)


def paragraph_fonts(part: Any, paragraph_style_id: str | None) -> tuple[str, str]:
    """(East Asian, Latin) font of a paragraph style given by id (None: the default style)."""
    return _styles(part).fonts_of(paragraph_style_id)


def style_fonts(paragraph: Paragraph) -> tuple[str, str]:
    """(East Asian, Latin) font of the paragraph's style, following based-on links."""
    return _styles(paragraph.part).fonts_of(paragraph._p.style)


def set_style(paragraph: Paragraph, style: str) -> None:
    """`paragraph.style = style` without python-docx's lookup through every style of the document."""
    p = paragraph._p
    sid = _styles(paragraph.part).id(style)
    ppr = p.get_or_add_pPr()
    pstyle = ppr.find(_PSTYLE)
    if sid is None:
        if pstyle is not None:
            ppr.remove(pstyle)
        return
    if pstyle is None:
        pstyle = ppr.makeelement(_PSTYLE)
        ppr.insert(0, pstyle)
    pstyle.set(_VAL, sid)


def add_text(paragraph: Paragraph, text: str, *, char_style: str | None = None) -> Run:
    """A run carrying its East Asian font explicitly (w:eastAsia), as WPS and Word both honour it."""
    styles = _styles(paragraph.part)
    if char_style in SPECS:
        east_asian, latin = SPECS[char_style].font, LATIN
    else:
        east_asian, latin = styles.fonts_of(paragraph._p.style)
    char_sid = styles.id(char_style, WD_STYLE_TYPE.CHARACTER) if char_style else None
    return Run(ooxml.font_run(paragraph._p, xml_text(text), east_asian, latin, char_sid), paragraph)


def _new_paragraph(container: Container, style: str) -> Paragraph:
    """An empty paragraph of `style` at the end of `container` (before the body's w:sectPr), as
    `container.add_paragraph(style=style)` makes it, in constant time."""
    if isinstance(container, Document):
        parent: Any = container._body
        body = container.element.body
    elif isinstance(container, _Cell):
        parent, body = container, container._tc
    else:
        return container.add_paragraph(style=style)
    sid = _styles(parent.part).id(style)
    p = OxmlElement("w:p")
    ppr = etree.SubElement(p, _PPR)
    if sid is not None:
        etree.SubElement(ppr, _PSTYLE).set(_VAL, sid)
    ooxml.append_block(body, p)
    return Paragraph(p, parent)


def paragraph(container: Container, text: str = "", style: str = BODY) -> Paragraph:
    """A paragraph of `style` (body text by default: 仿宋 3号, indented two characters)."""
    para = _new_paragraph(container, style)
    if text:
        add_text(para, text)
    return para


def heading(container: Container, text: str, level: int, *, new_page: bool = False) -> Paragraph:
    """A heading of level 1–4 (一、/（一）/1./（1）: the caller writes the number).

    No run formatting (it would leak into the TOC). `new_page` sets "page break before" on this
    paragraph only, so a 汇编 starts each indicator on a new page while notices reuse the same style.
    """
    para = _new_paragraph(container, HEADINGS[level - 1])
    p = para._p
    if new_page:
        etree.SubElement(p.pPr, _PAGE_BREAK_BEFORE)
    text = xml_text(text)
    r = etree.SubElement(p, _R)
    if text:
        ooxml.append_text(r, text)
    return para


def page_break(container: Container) -> None:
    para = _new_paragraph(container, NORMAL)
    para.add_run().add_break(WD_BREAK.PAGE)


def caption(container: Container, label: str, number: int, text: str) -> Paragraph:
    """ "图1 text" with the number as a SEQ field (Word renumbers on update; we write the right value)."""
    para = _new_paragraph(container, CAPTION)
    add_text(para, label)
    ooxml.fast_field(para._p, f"SEQ {label} \\* ARABIC", str(number), FANGSONG, LATIN)
    add_text(para, f"  {text}")
    return para
