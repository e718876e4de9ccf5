"""How a style sheet is written into a document: style XML, document defaults, theme fonts.

gongwen.py holds the decisions (which fonts, sizes, spacing); this module only knows how to write them
so that Word and WPS honour them: explicit fonts with w:eastAsia everywhere, no theme-font attributes,
theme fonts rewritten to Chinese fonts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from lxml import etree  # type: ignore[import-untyped]

from wenming_submit.gongwen import ooxml


@dataclass(frozen=True)
class StyleSpec:
    name: str
    font: str
    size: float
    latin: str = "Times New Roman"
    bold: bool = False
    align: WD_ALIGN_PARAGRAPH | None = WD_ALIGN_PARAGRAPH.JUSTIFY
    indent_chars: int = 0
    """First-line indent in characters (of this style's size)."""
    left_chars: int = 0
    line: float | None = 28.95
    """Exact line spacing in points; None = single."""
    before: float = 0
    after: float = 0
    page_break_before: bool = False
    outline: int | None = None
    """Outline level (0 = level 1) written explicitly, so TOC \\u and the navigation pane never depend on
    the application knowing the built-in heading names."""
    keep_with_next: bool = False
    color: RGBColor | None = None
    toc_tab: bool = False
    kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH


def _style(document: Document, spec: StyleSpec) -> Any:
    try:
        return document.styles[spec.name]
    except KeyError:
        style = document.styles.add_style(spec.name, spec.kind)
        if spec.kind is WD_STYLE_TYPE.PARAGRAPH and spec.name != "Normal":
            style.base_style = document.styles["Normal"]
        return style


def _apply(style: Any, spec: StyleSpec, tab_stop: int) -> None:
    element = style.element
    for tag in ("w:pPr", "w:rPr"):
        for old in element.findall(qn(tag)):
            element.remove(old)
    font = style.font
    font.size = Pt(spec.size)
    font.bold = spec.bold
    font.color.rgb = spec.color or RGBColor(0, 0, 0)
    ooxml.set_fonts(element.get_or_add_rPr(), spec.font, spec.latin)
    if spec.kind is not WD_STYLE_TYPE.PARAGRAPH:
        return
    pf = style.paragraph_format
    if spec.line is None:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(spec.line)
    pf.space_before, pf.space_after = Pt(spec.before), Pt(spec.after)
    pf.alignment = spec.align
    pf.first_line_indent = Pt(spec.size * spec.indent_chars)
    pf.left_indent = Pt(spec.size * spec.left_chars)
    ind = element.pPr.find(qn("w:ind"))
    ind.set(qn("w:firstLineChars"), str(spec.indent_chars * 100))
    if spec.left_chars:
        ind.set(qn("w:leftChars"), str(spec.left_chars * 100))
    pf.page_break_before = spec.page_break_before or None
    if spec.outline is not None:
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(spec.outline))
        ooxml.insert_before(element.pPr, level, ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"))
    pf.keep_with_next = spec.keep_with_next or None
    pf.widow_control = True
    if spec.toc_tab:
        pf.tab_stops.add_tab_stop(tab_stop, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


def _fix_remaining_styles(document: Document, names: set[str], body_font: str, heading_font: str,
                          latin: str) -> None:  # fmt: skip
    """Every other style gets explicit fonts with w:eastAsia (their theme fonts would resolve to MS Mincho)."""
    for style in document.styles:
        if style.name in names or style.type is WD_STYLE_TYPE.LIST:
            continue
        rpr = style.element.get_or_add_rPr()
        if ooxml.east_asian_font(rpr) is None or rpr.find(qn("w:rFonts")).get(qn("w:asciiTheme")):
            ooxml.set_fonts(
                rpr, heading_font if style.name.lower().startswith("heading") else body_font, latin
            )


def _fix_defaults(document: Document, body_font: str, latin: str) -> None:
    """Document defaults: named fonts (no theme), 3号, zh-CN, no spacing after, no indent."""
    styles = document.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    ooxml.set_fonts(rpr, body_font, latin)
    for tag, value in (("w:sz", "32"), ("w:szCs", "32")):
        rpr.find(qn(tag)).set(qn("w:val"), value)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:eastAsia"), "zh-CN")
    ppr = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")


def _fix_theme(document: Document, body_font: str, heading_font: str, latin: str) -> None:
    """Rewrite the theme's major/minor fonts to Chinese fonts and drop the per-script list (ＭＳ 明朝…)."""
    package = document.part.package
    for part in package.iter_parts():
        if not str(part.partname).startswith("/word/theme/"):
            continue
        root = etree.fromstring(part.blob)
        a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
        for tag, east_asian in (("majorFont", heading_font), ("minorFont", body_font)):
            for font in root.iter(f"{a}{tag}"):
                for script_font in font.findall(f"{a}font"):
                    font.remove(script_font)
                for slot, name in (("latin", latin), ("ea", east_asian), ("cs", latin)):
                    element = font.find(f"{a}{slot}")
                    if element is not None:
                        element.set("typeface", name)
                hans = etree.Element(f"{a}font", script="Hans", typeface=east_asian)
                ext = font.find(f"{a}extLst")
                if ext is not None:
                    ext.addprevious(hans)  # schema order: latin, ea, cs, font*, extLst
                else:
                    font.append(hans)
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    lang = document.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    # Word 2010's stylesWithEffects copy of the styles still names theme fonts; nothing needs it.
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.drop_rel(rid)


def apply_style_sheet(document: Document, specs: Sequence[StyleSpec], *, body_font: str, heading_font: str,
                      latin: str, tab_stop: int, keep_existing: bool = False) -> None:  # fmt: skip
    """Create/overwrite the styles `specs`; with `keep_existing`, styles already in the document win."""
    names = {s.name for s in document.styles}
    for spec in specs:
        style = _style(document, spec)
        if not (keep_existing and spec.name in names):
            _apply(style, spec, tab_stop)
    _fix_remaining_styles(document, {s.name for s in specs}, body_font, heading_font, latin)
    if not keep_existing:
        _fix_defaults(document, body_font, latin)
    _fix_theme(document, body_font, heading_font, latin)


def write_font_table(document: Document, fonts: dict[str, str | None], latin: str) -> None:
    """Replace the template's font table (Symbol, Cambria, ＭＳ 明朝…) by the fonts the style sheet uses.

    `fonts`: Chinese font → the font Word/WPS should substitute when it is not installed (w:altName):
    Windows 10+ ships 仿宋 and 楷体 but not 仿宋_GB2312 and 楷体_GB2312.
    """
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    root = etree.Element(f"{{{w}}}fonts", nsmap={"w": w})
    for name, alt in [(latin, None), *fonts.items()]:
        font = etree.SubElement(root, f"{{{w}}}font", {f"{{{w}}}name": name})
        if alt:
            etree.SubElement(font, f"{{{w}}}altName", {f"{{{w}}}val": alt})
        chinese = name != latin
        etree.SubElement(font, f"{{{w}}}charset", {f"{{{w}}}val": "86" if chinese else "00"})
        etree.SubElement(font, f"{{{w}}}family", {f"{{{w}}}val": "modern" if chinese else "roman"})
        etree.SubElement(font, f"{{{w}}}pitch", {f"{{{w}}}val": "fixed" if chinese else "variable"})
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/word/fontTable.xml":
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
