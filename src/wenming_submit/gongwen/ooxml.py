"""Low-level WordprocessingML helpers python-docx has no API for: fonts with w:eastAsia, fields.

Kept apart from the style sheet (gongwen.py) so the style sheet reads as a list of decisions.
"""

from __future__ import annotations

import re
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree  # type: ignore[import-untyped]

_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(rpr: Any, east_asian: str, latin: str, *, hint_east_asian: bool = False) -> None:
    """Write all four font slots on a w:rPr (CT_RPr) and drop theme-font attributes.

    Theme attributes win over named fonts in Word, and the default theme sends Chinese text to MS Mincho
    (python-docx #1601), so they must go.
    """
    rfonts = rpr.get_or_add_rFonts()
    for attr in _THEME_FONT_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:eastAsia"), east_asian)
    if hint_east_asian:
        rfonts.set(qn("w:hint"), "eastAsia")


def east_asian_font(rpr: Any) -> str | None:
    rfonts = None if rpr is None else rpr.find(qn("w:rFonts"))
    return None if rfonts is None else rfonts.get(qn("w:eastAsia"))


def _fld_char(run: Run, kind: str, *, dirty: bool = False) -> None:
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), kind)
    if dirty:
        fld.set(qn("w:dirty"), "true")
    run._r.append(fld)


def _instr(run: Run, instr: str) -> None:
    element = OxmlElement("w:instrText")
    element.set(qn("xml:space"), "preserve")
    element.text = f" {instr.strip()} "
    run._r.append(element)


def field_begin(paragraph: Paragraph, instr: str, *, dirty: bool = False) -> list[Run]:
    """Start a (possibly multi-paragraph) field: begin, instruction, separate. Returns the runs made."""
    runs = [paragraph.add_run(), paragraph.add_run(), paragraph.add_run()]
    _fld_char(runs[0], "begin", dirty=dirty)
    _instr(runs[1], instr)
    _fld_char(runs[2], "separate")
    return runs


def field_end(paragraph: Paragraph) -> Run:
    run = paragraph.add_run()
    _fld_char(run, "end")
    return run


def add_field(paragraph: Paragraph, instr: str, cached: str) -> list[Run]:
    """A complete simple field (PAGE, SEQ…) showing `cached` until something updates it."""
    runs = field_begin(paragraph, instr)
    runs.append(paragraph.add_run(cached))
    runs.append(field_end(paragraph))
    return runs


_SETTINGS_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
    "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping", "w:shapeDefaults", "w:decimalSymbol",
    "w:listSeparator",
)  # fmt: skip
"""Elements that follow w:updateFields in CT_Settings: Word rejects settings out of schema order."""


def insert_setting(settings: Any, element: Any) -> None:
    """Insert a w:settings child before the elements that must follow it."""
    insert_before(settings, element, _SETTINGS_AFTER_UPDATE_FIELDS)


def update_fields() -> Any:
    """<w:updateFields w:val="true"/>: Word offers to update all fields (the TOC) on open."""
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    return element


SECTPR_AFTER_PGNUMTYPE = (
    "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
    "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
)  # fmt: skip
TBLPR_AFTER_BORDERS = (
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
)


_SECTPR = qn("w:sectPr")


def append_block(body: Any, element: Any) -> None:
    """Append a paragraph or table to a body or cell, before the body's trailing w:sectPr (what python-docx
    does, without scanning the body for it)."""
    last = body[-1] if len(body) else None
    if last is not None and last.tag == _SECTPR:
        last.addprevious(element)
    else:
        body.append(element)


def insert_before(parent: Any, element: Any, successors: tuple[str, ...]) -> None:
    """Insert `element` before the first present child named in `successors` (else append).

    Word rejects parts whose children are out of schema order, so appending is not enough.
    """
    for tag in successors:
        later = parent.find(qn(tag))
        if later is not None:
            later.addprevious(element)
            return
    parent.append(element)


# -- runs written directly (constant time; the 汇编 writes hundreds of thousands)

_R, _RPR, _RSTYLE, _RFONTS, _T, _TAB, _BR = (
    qn(tag) for tag in ("w:r", "w:rPr", "w:rStyle", "w:rFonts", "w:t", "w:tab", "w:br")
)
_VAL, _XML_SPACE = qn("w:val"), qn("xml:space")
_FONT_ATTRS = (qn("w:ascii"), qn("w:hAnsi"), qn("w:cs"), qn("w:eastAsia"))
_FLD_CHAR, _FLD_CHAR_TYPE, _INSTR = qn("w:fldChar"), qn("w:fldCharType"), qn("w:instrText")
_RUN_BREAKS = re.compile(r"([\t\r\n])")


def append_text(r: Any, text: str) -> None:
    """Text into a w:r as python-docx writes it: w:t per stretch (xml:space="preserve" where it starts or
    ends with whitespace), w:tab for a tab, w:br for a line break."""
    for piece in _RUN_BREAKS.split(text):
        if not piece:
            continue
        if piece == "\t":
            etree.SubElement(r, _TAB)
        elif piece in "\r\n":
            etree.SubElement(r, _BR)
        else:
            t = etree.SubElement(r, _T)
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(_XML_SPACE, "preserve")


def font_run(p: Any, text: str | None, east_asian: str, latin: str, char_style_id: str | None = None) -> Any:
    """Append `<w:r><w:rPr>[rStyle]<w:rFonts …/></w:rPr>text</w:r>` to the w:p `p`; returns the w:r."""
    r = etree.SubElement(p, _R)
    rpr = etree.SubElement(r, _RPR)
    if char_style_id is not None:
        etree.SubElement(rpr, _RSTYLE).set(_VAL, char_style_id)
    rfonts = etree.SubElement(rpr, _RFONTS)
    for attr, value in zip(_FONT_ATTRS, (latin, latin, latin, east_asian), strict=True):
        rfonts.set(attr, value)
    if text:
        append_text(r, text)
    return r


def fast_field(p: Any, instr: str, cached: str, east_asian: str, latin: str) -> None:
    """`add_field` with every run's fonts set (as `set_fonts` on each run would), appended to the w:p `p`."""
    etree.SubElement(font_run(p, None, east_asian, latin), _FLD_CHAR).set(_FLD_CHAR_TYPE, "begin")
    element = etree.SubElement(font_run(p, None, east_asian, latin), _INSTR)
    element.set(_XML_SPACE, "preserve")
    element.text = f" {instr.strip()} "
    etree.SubElement(font_run(p, None, east_asian, latin), _FLD_CHAR).set(_FLD_CHAR_TYPE, "separate")
    font_run(p, cached, east_asian, latin)
    etree.SubElement(font_run(p, None, east_asian, latin), _FLD_CHAR).set(_FLD_CHAR_TYPE, "end")
