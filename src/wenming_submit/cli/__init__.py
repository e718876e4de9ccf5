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
from collections.abc import Callable, Sequence
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
        previous_hook, sys.unraisablehook = sys.unraisablehook, _collect_unraisable
        try:
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

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        from wenming_submit.cli.commands import COMMANDS

        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attr = COMMANDS[cmd_name].split(":")
            command = getattr(importlib.import_module(module), attr)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wenming")
@click.option(
    "--allow-external-evidence",
    is_flag=True,
    help="允许 evidence/ 指向项目文件夹之外（如符号链接到其他磁盘）；写在命令名之前，如 wenming --allow-external-evidence check",
)
@click.pass_context
def main(ctx: click.Context, allow_external_evidence: bool) -> None:
    """wenming：创建全国文明城市网上申报材料的检查与汇编工具。"""
    ctx.meta[ALLOW_EXTERNAL_EVIDENCE] = allow_external_evidence


ALLOW_EXTERNAL_EVIDENCE = "wenming.allow_external_evidence"
"""Key in click's context meta: the global --allow-external-evidence flag (read by cli.session)."""


def all_commands() -> dict[str, click.Command]:
    """Every sub-command, imported (for documentation and tests)."""
    with click.Context(main) as ctx:
        return {name: cmd for name in main.list_commands(ctx) if (cmd := main.get_command(ctx, name))}
