"""The `wenming` command: a thin click shell over the pipeline stages.

One handler maps errors to exit codes: WenmingError (a user mistake) -> a Chinese message and exit 2,
no traceback; an OSError (disk full, no permission) -> what failed in Chinese, with the free space when
the disk is full, exit 2; anything else is a bug -> a short Chinese message, a crash log of its own in
the temp folder (`wenming-crash-<time>-<pid>.log`), exit 2. Errors Python can only report as "Exception
ignored" (in a finaliser, e.g. a half-written workbook) go into that log instead of onto the screen.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import traceback
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from wenming_submit import __version__
from wenming_submit.errors import EXIT_CANNOT_RUN, WenmingError, is_disk_full, os_error_reason

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(func: F) -> F:
    """Wrap a command: user errors become Chinese messages with exit 2, bugs a crash log."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except WenmingError as exc:
            click.secho(f"错误：{_terminal(exc)}", fg="red", err=True)
            sys.exit(EXIT_CANNOT_RUN)
        except OSError as exc:
            click.secho(f"错误：{_terminal(os_error_message(exc))}", fg="red", err=True)
            sys.exit(EXIT_CANNOT_RUN)
        except KeyboardInterrupt:
            click.secho("已中断。", fg="yellow", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:
            click.secho(f"程序内部错误：{type(exc).__name__}: {_terminal(exc)}", fg="red", err=True)
            try:
                log = _write_crash_log(exc)
            except OSError as log_error:
                click.secho(f"（详细信息无法写入临时文件夹：{log_error.strerror}）", err=True)
            else:
                click.secho(f"详细信息已写入 {log}，请把该文件发给维护人员。", err=True)
            sys.exit(EXIT_CANNOT_RUN)

    return wrapper  # type: ignore[return-value]


def _terminal(text: object) -> str:
    from wenming_submit.render.console import terminal_text

    return terminal_text(text)


def os_error_message(exc: OSError) -> str:
    """An OSError in Chinese: which file, why, what to do (disk full: how much space is left)."""
    name = exc.filename if isinstance(exc.filename, str) else None
    where = f" {name}" if name else ""
    if is_disk_full(exc):
        return (f"无法写入{where}：{os_error_reason(exc)}。\n"
                "  提示：请清理磁盘或把 [output] dir 改到空间足够的磁盘后重试；旧的输出保持不变")  # fmt: skip
    return (f"无法读写{where}：{os_error_reason(exc)}。\n"
            "  提示：请检查这个文件或文件夹是否存在、是否被其他程序占用，以及写入权限")  # fmt: skip


_unraisable: list[str] = []
"""Errors Python reported as "Exception ignored" during this run (kept for the crash log)."""


def _collect_unraisable(info: Any) -> None:
    if info.exc_value is not None:
        _unraisable.append("".join(traceback.format_exception(info.exc_value)))


def _write_crash_log(exc: BaseException) -> Path:
    """A log file of its own per crash, named by time and process id: earlier logs are never overwritten."""
    import datetime as dt
    import platform
    import tempfile

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    text = (
        f"wenming-submit {__version__}\nPython {platform.python_version()} {platform.platform()}\n"
        f"argv: {sys.argv}\n\n" + "".join(traceback.format_exception(exc))
    )
    if _unraisable:
        text += "\nExceptions ignored during the run:\n" + "\n".join(_unraisable)
    folder = Path(tempfile.gettempdir())
    for attempt in range(100):
        log = folder / f"wenming-crash-{stamp}-{os.getpid()}{f'-{attempt}' if attempt else ''}.log"
        try:
            with log.open("x", encoding="utf-8") as fh:
                fh.write(text)
            return log
        except FileExistsError:
            continue
    raise FileExistsError(log)


def _choices(text: str) -> str:
    return "、".join(re.findall(r"'([^']*)'", text))


_USAGE_MESSAGES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"Invalid value for '?([^':]+)'?: '?(.*?)'? is not one of (.*)\.$"),
     lambda m: f"选项 {m[1]} 的值「{m[2]}」无效，可选：{_choices(m[3])}"),
    (re.compile(r"Invalid value for '?([^':]+)'?: (?:File|Directory|Path) '(.*)' is a directory\.$"),
     lambda m: f"{m[1]}「{m[2]}」是文件夹，这里需要一个文件"),
    (re.compile(r"Invalid value for '?([^':]+)'?: (?:File|Directory|Path) '(.*)' is a file\.$"),
     lambda m: f"{m[1]}「{m[2]}」是文件，这里需要一个文件夹"),
    (re.compile(r"Invalid value for '?([^':]+)'?: (?:File|Directory|Path) '(.*)' does not exist\.$"),
     lambda m: f"{m[1]}「{m[2]}」不存在"),
    (re.compile(r"Invalid value for '?([^':]+)'?: '(.*)' does not match the formats? .*$"),
     lambda m: f"选项 {m[1]} 的值「{m[2]}」不是日期，请写作 2026-06-30"),
    (re.compile(r"Invalid value for '?([^':]+)'?: (.*)$"), lambda m: f"选项 {m[1]} 的值无效：{m[2]}"),
    (re.compile(r"No such option:? '?([^'\s]+?)'?\.?(?: Did you mean '?([^'?]+)'?\?)?$"),
     lambda m: f"没有这个选项：{m[1]}" + (f"（是不是 {m[2]}？）" if m[2] else "")),
    (re.compile(r"No such command '(.*)'\."), lambda m: f"没有这个命令：{m[1]}"),
    (re.compile(r"Missing argument '(.*)'\."), lambda m: f"缺少参数 {m[1]}"),
    (re.compile(r"Option '(.*)' requires an argument\."), lambda m: f"选项 {m[1]} 后面需要写一个值"),
    (re.compile(r"Got unexpected extra arguments? \((.*)\)"), lambda m: f"多余的参数：{m[1]}"),
]  # fmt: skip


def usage_message(exc: click.UsageError) -> str:
    """click's English usage errors in Chinese (the common ones; anything else is shown as click says it)."""
    text = exc.format_message()
    for pattern, render in _USAGE_MESSAGES:
        if match := pattern.search(text):
            return render(match)
    return text


_HELP_TEXTS = {
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
}
_SECTIONS = {"Options": "选项", "Commands": "命令", "Positional arguments": "参数", "Arguments": "参数"}
_METAVARS = {"TEXT": "文字", "PATH": "路径", "FILE": "文件", "DIRECTORY": "文件夹", "INTEGER": "整数",
             "FLOAT": "数字", "BOOLEAN": "是/否", "FILENAME": "文件名", "UUID": "编号"}  # fmt: skip
_METAVAR_RE = re.compile(r"\b(" + "|".join(_METAVARS) + r")\b")
_EXTRAS_RE = re.compile(r"\[(default|required|env var)(?:: ([^\]]*))?\]")


def _metavars(text: str) -> str:
    text = text.replace("[OPTIONS]", "[选项]").replace("COMMAND", "命令").replace("[ARGS]", "[参数]")
    return _METAVAR_RE.sub(lambda m: _METAVARS[m[1]], text)


_NO_LINE_START = set("，。；：、）」』”’！？》")
"""Punctuation that may not start a line: the character before it moves to the next line with it."""


def _width(text: str) -> int:
    """Columns `text` takes in a terminal: CJK characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fold(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` columns, CJK-aware; ASCII words are not split when avoidable."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for token in re.findall(r"\[[^\]\n]{0,30}\]|[\x21-\x7e]+|\s+|.", paragraph):
            if _width(line + token) <= width or not line:
                line += token
                continue
            if token in _NO_LINE_START and len(line) > 1:
                line, token = line[:-1], line[-1] + token  # the punctuation takes the last character along
            lines.append(line.rstrip())
            line = token.lstrip()
        lines.append(line.rstrip())
    return lines


def _extras(text: str) -> str:
    """`[default: console]` -> `[默认：console]`; `[required]` -> `[必填]`."""
    words = {"default": "默认", "required": "必填", "env var": "环境变量"}
    return _EXTRAS_RE.sub(lambda m: f"[{words[m[1]]}" + (f"：{m[2]}]" if m[2] is not None else "]"), text)


class ChineseHelpFormatter(click.HelpFormatter):
    """click's help page with every piece of its own English (Usage, Options, defaults, the help option) in
    Chinese. The texts come from click itself; this translates them where they are written out."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, _metavars(args), "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_SECTIONS.get(heading, heading)}：\n")

    def write_text(self, text: str) -> None:
        """Paragraphs re-flowed by display width: lines of one paragraph are joined (without a space between
        Chinese characters), paragraphs stay apart."""
        indent = " " * self.current_indent
        paragraphs = re.split(r"\n\s*\n", text.strip("\n"))
        for number, paragraph in enumerate(paragraphs):
            if number:
                self.write("\n")
            joined = ""
            for line in paragraph.splitlines():
                line = line.strip()
                both_ascii = joined and joined[-1].isascii() and line[:1].isascii()
                joined += (" " if both_ascii else "") + line
            for line in _fold(joined, max(self.width - self.current_indent, 20)):
                self.write(f"{indent}{line}\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """Definition lists aligned and wrapped by display width (click counts a CJK character as one)."""
        shown = [(_metavars(term), _extras(_HELP_TEXTS.get(text, text))) for term, text in rows]
        first = min(max((_width(term) for term, _ in shown), default=0), col_max)
        room = max(self.width - self.current_indent - first - col_spacing, 20)
        for term, text in shown:
            self.write(" " * self.current_indent + term)
            if not text:
                self.write("\n")
                continue
            if _width(term) <= first:
                self.write(" " * (first - _width(term) + col_spacing))
            else:
                self.write("\n" + " " * (self.current_indent + first + col_spacing))
            lines = _fold(text, room)
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (self.current_indent + first + col_spacing) + line + "\n")


class ChineseContext(click.Context):
    formatter_class = ChineseHelpFormatter


class LazyGroup(click.Group):
    """A group whose sub-commands are imported on first use, in the order COMMANDS lists them.

    Usage mistakes (unknown option, bad choice, missing argument) are reported in Chinese, exit 2.
    """

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        # Always non-standalone: usage errors come back to us instead of being printed by click in English.
        # Library UserWarnings (openpyxl, pypdf, Pillow…) are not for a coordinator's console.
        previous_hook, sys.unraisablehook = sys.unraisablehook, _collect_unraisable
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "wenming"
            click.secho(f"用法错误：{usage_message(exc)}", fg="red", err=True)
            click.echo(f"运行 {command} --help 查看用法。", err=True)
            sys.exit(EXIT_CANNOT_RUN)
        except click.Abort:
            click.secho("已中断。", fg="yellow", err=True)
            sys.exit(130)
        finally:
            # As a program, keep the hook until exit: the half-written workbook of a failed write is often
            # collected only at interpreter shutdown. Inside a host (pytest, an embedding app) give theirs back.
            if previous_hook is not sys.__unraisablehook__:
                sys.unraisablehook = previous_hook

    def list_commands(self, ctx: click.Context) -> list[str]:
        from wenming_submit.cli.commands import COMMANDS

        return list(COMMANDS)

    context_class = ChineseContext

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        from wenming_submit.cli.commands import COMMANDS

        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attr = COMMANDS[cmd_name].split(":")
            command = getattr(importlib.import_module(module), attr)
            command.context_class = ChineseContext  # its --help in Chinese too
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "--version", "-V", prog_name="wenming", message="%(prog)s 版本 %(version)s")
@click.option(
    "--allow-external-evidence",
    is_flag=True,
    help="允许 evidence/ 指向项目文件夹之外（如符号链接到其他磁盘）；写在命令名之前，如 wenming --allow-external-evidence check",
)
@click.pass_context
def main(ctx: click.Context, allow_external_evidence: bool) -> None:
    """wenming：创建全国文明城市网上申报材料的检查与汇编工具。

    在项目文件夹中运行 wenming 命令，或用 -C 项目文件夹 指定；wenming 命令 --help 查看该命令的全部选项。
    """
    ctx.meta[ALLOW_EXTERNAL_EVIDENCE] = allow_external_evidence
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())  # bare `wenming`: the help page, exit 0


ALLOW_EXTERNAL_EVIDENCE = "wenming.allow_external_evidence"
"""Key in click's context meta: the global --allow-external-evidence flag (read by cli.session)."""


def all_commands() -> dict[str, click.Command]:
    """Every sub-command, imported (for documentation and tests)."""
    with click.Context(main) as ctx:
        return {name: cmd for name in main.list_commands(ctx) if (cmd := main.get_command(ctx, name))}
