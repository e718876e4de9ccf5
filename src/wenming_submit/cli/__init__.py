"""The `wenming` command: a thin click shell over the pipeline stages.

One handler maps errors to exit codes: WenmingError (a user mistake) -> a Chinese message and exit 2,
no traceback; anything else is a bug -> a short Chinese message, a crash log in output/, exit 2.
"""

from __future__ import annotations

import importlib
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from wenming_submit import __version__
from wenming_submit.errors import EXIT_CANNOT_RUN, WenmingError

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(func: F) -> F:
    """Wrap a command: user errors become Chinese messages with exit 2, bugs a crash log."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except WenmingError as exc:
            click.secho(f"错误：{exc}", fg="red", err=True)
            sys.exit(EXIT_CANNOT_RUN)
        except KeyboardInterrupt:
            click.secho("已中断。", fg="yellow", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:
            log = _write_crash_log(exc)
            click.secho(f"程序内部错误：{type(exc).__name__}: {exc}", fg="red", err=True)
            click.secho(f"详细信息已写入 {log}，请把该文件发给维护人员。", err=True)
            sys.exit(EXIT_CANNOT_RUN)

    return wrapper  # type: ignore[return-value]


def _write_crash_log(exc: BaseException) -> Path:
    import platform
    import tempfile

    log = Path(tempfile.gettempdir()) / "wenming-crash.log"
    text = (
        f"wenming-submit {__version__}\nPython {platform.python_version()} {platform.platform()}\n"
        f"argv: {sys.argv}\n\n" + "".join(traceback.format_exception(exc))
    )
    log.write_text(text, encoding="utf-8")
    return log


class LazyGroup(click.Group):
    """A group whose sub-commands are imported on first use, in the order COMMANDS lists them."""

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
def main() -> None:
    """wenming：创建全国文明城市网上申报材料的检查与汇编工具。"""


def all_commands() -> dict[str, click.Command]:
    """Every sub-command, imported (for documentation and tests)."""
    with click.Context(main) as ctx:
        return {name: cmd for name in main.list_commands(ctx) if (cmd := main.get_command(ctx, name))}
