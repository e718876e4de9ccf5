"""Errors that stop a command before it does any work, and the exit codes of every command.

Findings are results, not exceptions: a bad evidence file never raises. Exceptions are for problems
that make a run impossible (a broken wenming.toml or catalogue, a missing folder, a bad option).
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path
from typing import Any

EXIT_OK = 0
"""All requirements complete and no error findings."""
EXIT_PROBLEMS = 1
"""Gaps or error findings."""
EXIT_CANNOT_RUN = 2
"""The command could not run: bad config or catalogue, missing folder, bad option."""


class WenmingError(Exception):
    """Base of every error the CLI reports in Chinese and maps to exit code 2."""

    exit_code = EXIT_CANNOT_RUN

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.field = field
        self.hint = hint

    def location(self) -> str:
        """`文件 第N行 字段 x` — as much of the location as is known."""
        parts: list[str] = []
        if self.path:
            parts.append(self.path)
        if self.line:
            parts.append(f"第 {self.line} 行")
        if self.field:
            parts.append(f"字段 {self.field}")
        return "，".join(parts)

    def __str__(self) -> str:
        where = self.location()
        text = f"{where}：{self.message}" if where else self.message
        if self.hint:
            text += f"\n  提示：{self.hint}"
        return text


class ConfigError(WenmingError):
    """wenming.toml is malformed or holds an invalid value."""


class CatalogError(WenmingError):
    """A catalogue file (indicators/*.yaml) is malformed or inconsistent."""

    def __init__(
        self,
        message: str,
        *,
        problems: list[WenmingError] | None = None,
        path: Path | str | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, path=path, line=line, field=field, hint=hint)
        self.problems = problems or []

    def __str__(self) -> str:
        if not self.problems:
            return super().__str__()
        lines = [self.message]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class ProjectError(WenmingError):
    """The project folder itself is unusable (missing, not a folder, no evidence/)."""


class UsageError(WenmingError):
    """An option value that cannot be used (unknown unit, unknown indicator...)."""


def describe_validation_error(err: Any) -> str:
    """A pydantic error in Chinese: the kinds a hand-written TOML file really produces."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    table = {
        "missing": "缺少必填项",
        "greater_than": f"应大于 {ctx.get('gt')}，现为 {value!r}",
        "greater_than_equal": f"应不小于 {ctx.get('ge')}，现为 {value!r}",
        "date_from_datetime_parsing": f"不是有效日期：{value!r}（应写作 2025-01-01）",
        "date_parsing": f"不是有效日期：{value!r}（应写作 2025-01-01）",
        "date_type": f"不是有效日期：{value!r}（应写作 2025-01-01，不加引号）",
        "int_parsing": f"应为整数，现为 {value!r}",
        "int_type": f"应为整数，现为 {value!r}",
        "float_parsing": f"应为数字，现为 {value!r}",
        "string_type": f"应为文字（加引号），现为 {value!r}",
        "bool_type": f"应为 true 或 false，现为 {value!r}",
        "bool_parsing": f"应为 true 或 false，现为 {value!r}",
        "list_type": f"应为列表（如 [\"a\", \"b\"]），现为 {value!r}",
        "tuple_type": f"应为列表（如 [\"a\", \"b\"]），现为 {value!r}",
        "dict_type": "应为一个表（[名称] 下的若干项）",
        "model_type": f"应为若干“字段: 值”（如 name: 实景图片），现为 {value!r}",
        "model_attributes_type": f"应为若干“字段: 值”（如 name: 实景图片），现为 {value!r}",
        "extra_forbidden": "未知的字段（拼写错误？）",
        "enum": f"取值 {value!r} 无效，应为 {str(ctx.get('expected', '')).replace(' or ', ', ')} 之一",
        "too_short": f"不能为空（至少 {ctx.get('min_length', 1)} 项）",
        "string_too_short": "不能为空",
        "value_error": str(ctx.get("error", err.get("msg", ""))),
    }
    return table.get(kind, str(err.get("msg", "取值无效")))


# ---------------------------------------------------------------- OSError in Chinese

_DISK_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG)
_OS_REASONS = {
    errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.EROFS: "磁盘是只读的",
    errno.ENOENT: "文件或文件夹不存在", errno.EISDIR: "这是一个文件夹", errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENAMETOOLONG: "路径太长", errno.EMFILE: "同时打开的文件太多", errno.EIO: "磁盘读写出错",
    errno.EBUSY: "文件正被其他程序使用", errno.EPIPE: "输出已被关闭（如管道另一端的程序已退出）",
}  # fmt: skip


def is_disk_full(exc: OSError) -> bool:
    return exc.errno in _DISK_FULL


def _free_space(path: str | None) -> tuple[str, int] | None:
    """(folder, free bytes) of the nearest existing folder of `path` (the current folder when None)."""
    folder = Path(path).parent if path else Path.cwd()
    for candidate in (folder, *folder.parents):
        try:
            return str(candidate), shutil.disk_usage(candidate).free
        except OSError:
            continue
    return None


def os_error_reason(exc: OSError) -> str:
    """Why an OS call failed, in Chinese; a full disk says how much space is left where."""
    if is_disk_full(exc):
        name = exc.filename if isinstance(exc.filename, str) else None
        free = _free_space(name)
        return "磁盘空间不足" + (f"（{free[0]} 所在磁盘只剩 {free[1] / 1048576:.1f} MB）" if free else "")
    return _OS_REASONS.get(exc.errno or 0) or f"系统错误 {exc.errno or type(exc).__name__}"
