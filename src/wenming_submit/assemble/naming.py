"""Names that are safe on Windows and can never leave the output folder.

Every name written into the upload package comes from the catalogue or the evidence, so anything may be in
it: `..`, slashes, `CON`, control characters, 300-character titles. A name is reduced to one path
component (no separators survive), cut to a length budget, and never ends in a dot or a space.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from wenming_submit.config import format_spec_problem
from wenming_submit.errors import ConfigError

FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
SPACES = re.compile(r"\s+")
RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{i}" for i in "123456789¹²³"}
    | {f"LPT{i}" for i in "123456789¹²³"}
)
"""Device names Windows refuses as a file name, with or without an extension."""

MAX_TITLE = 60
"""Characters of the output folder (the project title)."""
MAX_FOLDER = 50
"""Characters of an indicator folder `<code 名称>`."""
MAX_FILE = 90
"""Characters of a file name in the package, extension included."""
MAX_RELATIVE = 200
"""Characters of a path inside the zip, so `C:\\Users\\…\\Desktop\\<zip>\\` + it stays under 260."""

PATTERN_FIELDS = ("code", "unit", "material", "n", "title", "name", "ext")


def safe_component(text: str, *, max_len: int = MAX_FILE, fallback: str = "_") -> str:
    """One file or folder name: no separators or reserved characters, no `..`, not a device name."""
    name = unicodedata.normalize("NFC", text)
    name = SPACES.sub(" ", name)  # tabs and line breaks (in catalogue titles) become one space
    name = FORBIDDEN.sub("_", name).strip(" .")
    if not name:
        name = fallback
    if name.split(".", 1)[0].strip().upper() in RESERVED:
        name = "_" + name
    if len(name) > max_len:
        name = name[:max_len].rstrip(" .") or fallback
    return name


def safe_file_name(stem: str, ext: str, *, max_len: int = MAX_FILE) -> str:
    """`stem.ext` made safe; the stem is cut so the extension always survives."""
    ext = safe_component(ext.lower().lstrip("."), max_len=10, fallback="") if ext else ""
    suffix = f".{ext}" if ext else ""
    stem = safe_component(stem, max_len=max(1, max_len - len(suffix)))
    return stem + suffix


def indicator_folder(code: str, title: str) -> str:
    return safe_component(f"{code} {title}", max_len=MAX_FOLDER)


def title_folder(title: str) -> str:
    return safe_component(title, max_len=MAX_TITLE, fallback="网报材料")


def check_pattern(pattern: str) -> None:
    """Reject a `[naming] pattern` that names unknown fields or cannot be formatted, before any work."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None]
    except ValueError as exc:
        raise ConfigError(
            f"[naming] pattern「{pattern}」格式错误：{exc}",
            path="wenming.toml",
            hint="花括号要成对，例如 {code}_{unit}_{material}_{n:02d}",
        ) from None
    if problem := format_spec_problem(pattern):
        raise ConfigError(
            f"[naming] pattern「{pattern[:80]}」中 {problem}",
            path="wenming.toml",
            hint="序号写作 {n:02d}（两位，不足补 0）；文字字段一般不需要格式，例如 {code}_{unit}_{material}_{n:02d}",
        )
    unknown = [f for f in fields if f.split(".")[0].split("[")[0] not in PATTERN_FIELDS]
    if unknown or not fields:
        raise ConfigError(
            f"[naming] pattern「{pattern}」中有未知的字段：{'、'.join(unknown) or '（没有任何字段）'}",
            path="wenming.toml",
            hint="可用字段：" + "、".join("{" + f + "}" for f in PATTERN_FIELDS),
        )
    render_stem(pattern, {"code": "Ⅰ-1", "unit": "单位", "material": "材料", "n": 1, "title": "标题",
                          "name": "原名", "ext": "jpg"})  # fmt: skip


def render_stem(pattern: str, values: Mapping[str, Any]) -> str:
    """The pattern filled in; the caller makes the result safe."""
    try:
        return pattern.format_map(dict(values))
    except (KeyError, ValueError, TypeError, IndexError, AttributeError) as exc:
        raise ConfigError(
            f"[naming] pattern「{pattern}」无法生成文件名：{exc}",
            path="wenming.toml",
            hint="例如 {code}_{unit}_{material}_{n:02d}；{n} 是序号（整数），其余是文字",
        ) from None


class UniqueNames:
    """Hands out names unique within one folder, compared the way Windows does (case-insensitive)."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def claim(self, name: str) -> str:
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        candidate, i = name, 2
        while candidate.casefold() in self._taken:
            tail = f"({i})"
            candidate = f"{stem[: MAX_FILE - len(tail) - len(ext) - 1]}{tail}{dot}{ext}"
            i += 1
        self._taken.add(candidate.casefold())
        return candidate


def is_inside(relative: str) -> bool:
    """A package path that stays inside its root: relative, no `..`, no drive, no empty part."""
    parts = relative.split("/")
    return (
        not PurePosixPath(relative).is_absolute()
        and ":" not in relative
        and "\\" not in relative
        and all(part not in ("", ".", "..") for part in parts)
        and len(relative) <= MAX_RELATIVE
    )
