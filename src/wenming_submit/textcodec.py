"""Decoding text files written on Chinese Windows machines: UTF-8 (with or without BOM), else GB18030;
and making text XML-safe for the Word and Excel writers (xml_text)."""

from __future__ import annotations

import re

ENCODINGS = ("utf-8-sig", "gb18030")


def decode_chinese_text(data: bytes) -> str | None:
    """The text of `data`, or None when it is neither UTF-8 nor GB18030 (a superset of GBK and GB2312)."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


# Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF): openpyxl and
# python-docx refuse them. \v and \f are Word's manual line and page breaks in pasted text: kept as LF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_BREAKS = {"\x0b": "\n", "\x0c": "\n"}


def xml_text(text: str) -> str:
    """`text` as an Excel cell or Word run can hold it: XML-illegal characters become U+FFFD (line and
    page breaks from Word become LF). The one place the writers make user text XML-safe."""
    if not _XML_ILLEGAL.search(text):
        return text
    return _XML_ILLEGAL.sub(lambda m: _XML_BREAKS.get(m[0], "\ufffd"), text)
