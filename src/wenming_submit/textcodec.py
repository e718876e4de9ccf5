"""Decoding text files written on Chinese Windows machines.

UTF-8 (with or without BOM), UTF-16 LE/BE with a BOM (Notepad's "Unicode"), else GB18030 (a superset of
GBK and GB2312). A head read from a longer file may end in the middle of a multi-byte character:
`partial=True` tolerates that cut tail (decoded incrementally, the unfinished character left out).
Also: making text XML-safe for the Word and Excel writers (xml_text).
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
ENCODINGS = ("utf-8", "gb18030")


def _decode(data: bytes, encoding: str, partial: bool) -> str | None:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        # final=False keeps an unfinished multi-byte character at the end pending instead of failing on it.
        return decoder.decode(data, final=not partial)
    except UnicodeDecodeError:
        return None


def text_encoding(data: bytes, *, partial: bool = False) -> str | None:
    """The encoding `data` decodes in (utf-8-sig, utf-16, utf-8 or gb18030), or None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding if _decode(data, encoding, partial) is not None else None
    for encoding in ENCODINGS:
        if _decode(data, encoding, partial) is not None:
            return encoding
    return None


def decode_chinese_text(data: bytes, *, partial: bool = False) -> str | None:
    """The text of `data`, or None when it is none of the encodings above.

    `partial=True`: `data` is the head of a longer file and may end inside a character.
    """
    encoding = text_encoding(data, partial=partial)
    return None if encoding is None else _decode(data, encoding, partial)


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
