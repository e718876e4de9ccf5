"""Low-level WordprocessingML helpers python-docx has no API for: fonts with w:eastAsia, fields.

Kept apart from the style sheet (gongwen.py) so the style sheet reads as a list of decisions.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

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
