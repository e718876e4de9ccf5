"""Build into a temporary folder beside the target and swap it in only when complete.

An interrupted build (an exception, Ctrl-C, a full disk) removes its temporary folder and leaves the
previous output exactly as it was. The swap is two renames on the same file system: the old output is
renamed away, the new one renamed in, then the old one deleted. Leftovers of a build killed with
SIGKILL (`.<name>.tmp-*` / `.<name>.old-*`) are cleaned up by the next build.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from wenming_submit.atomic import normal_mode
from wenming_submit.errors import ProjectError


def _remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def clean_leftovers(target: Path) -> None:
    """Remove temp/old folders a killed build left beside `target`."""
    parent = target.parent
    if not parent.is_dir():
        return
    for prefix in (f".{target.name}.tmp-", f".{target.name}.old-"):
        for leftover in parent.glob(prefix + "*"):
            if leftover.is_dir() and not leftover.is_symlink():
                _remove(leftover)


def _swap(staging: Path, target: Path) -> None:
    old: Path | None = None
    if target.exists() or target.is_symlink():
        if not target.is_dir() or target.is_symlink():
            raise ProjectError(
                f"{target} 已存在，但不是文件夹",
                hint="请删除或改名这个文件，再重新生成",
            )
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.rmdir(old)
        os.replace(target, old)
    try:
        os.replace(staging, target)
    except BaseException:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        _remove(old)


@contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """Yield an empty temp folder beside `target`; on success it becomes `target`, else it is removed."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProjectError(
            f"无法创建输出文件夹 {target.parent}：{exc.strerror}", hint="请检查磁盘空间和写入权限"
        ) from None
    clean_leftovers(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        normal_mode(staging, 0o777)
        yield staging
        _swap(staging, target)
    except BaseException:
        _remove(staging)
        raise
