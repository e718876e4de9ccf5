"""Decoding text files written on Chinese Windows machines: UTF-8 (with or without BOM), else GB18030."""

from __future__ import annotations

ENCODINGS = ("utf-8-sig", "gb18030")


def decode_chinese_text(data: bytes) -> str | None:
    """The text of `data`, or None when it is neither UTF-8 nor GB18030 (a superset of GBK and GB2312)."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
