"""File-name rules: temp/system files, helper files, waivers, and names that will not survive upload."""

from __future__ import annotations

import re
import unicodedata

_TEMP_NAMES = {".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db", ".localized", "icon\r"}
_TEMP_SUFFIXES = (".tmp", ".crdownload", ".part", ".download", ".partial", ".!ut", ".td", ".lnk", ".url", ".swp")
_TEMP_PREFIXES = ("~$", ".~", "._", "~wrl")
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]")


def is_temp_file(name: str) -> bool:
    lower = name.lower()
    return (
        lower in _TEMP_NAMES
        or lower.startswith(_TEMP_PREFIXES)
        or lower.endswith(_TEMP_SUFFIXES)
        or (lower.startswith(".~lock.") and lower.endswith("#"))
    )


def has_broken_encoding(name: str) -> bool:
    """Python keeps undecodable bytes of a file name as lone surrogates (PEP 383), which strict UTF-8
    refuses to encode."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
"""Text-direction controls: U+202E makes "照片\u202egpj.exe" show as "照片exe.jpg"."""
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)", re.IGNORECASE)
"""Names Windows keeps for devices, with any extension ("aux.docx" cannot be created there either)."""


def reserved_name_reason(name: str) -> str | None:
    """Names the upload package has to rename: direction controls and Windows device names."""
    if _BIDI.search(name):
        return "含文字方向控制字符（可让扩展名显示得与实际不同）"
    if _RESERVED.match(name.strip()):
        return f"“{name.split('.', 1)[0]}”是 Windows 的保留名称"
    return None


def odd_folder_reason(folders: list[str]) -> str | None:
    """The same for the folders a file sits in (only what Windows cannot create or shows misleadingly)."""
    for folder in folders:
        if reason := reserved_name_reason(folder.removesuffix("!")):
            return f"文件夹{reason}"
    return None


def odd_name_reason(name: str) -> str | None:
    """Why a name would trouble Windows or the upload system, in Chinese; None when it is fine."""
    if reason := reserved_name_reason(name):
        return reason
    if _EMOJI.search(name):
        return "含表情符号"
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        return "含控制字符"
    if "\u3000" in name:
        return "含全角空格"
    stem = name.rsplit(".", 1)[0]
    if stem != stem.strip() or name != name.strip():
        return "首尾有空格"
    if re.search(r'[<>:"|?*\\]', name):
        return "含 Windows 不允许的字符"
    return None


def display_name(name: str) -> str:
    """NFC form (macOS writes NFD), with undecodable bytes shown as �."""
    if has_broken_encoding(name):
        name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return unicodedata.normalize("NFC", name)
