"""Files that appear whole or not at all: written beside the target, renamed onto it only on success."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def normal_mode(path: Path, mode: int) -> None:
    """mkdtemp/mkstemp create private (0700/0600) entries; outputs should look like any other file."""
    os.chmod(path, mode & ~current_umask())


@contextmanager
def staged_file(target: Path) -> Iterator[Path]:
    """Yield a temp path beside `target` (same suffix); renamed onto `target` only on success."""
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}.tmp-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        normal_mode(temp, 0o666)
        yield temp
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_text_atomic(target: Path, text: str) -> Path:
    """Write UTF-8 text (LF line ends) to `target` through a temp file; creates missing parent folders."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with staged_file(target) as temp:
        temp.write_text(text, encoding="utf-8", newline="\n")
    return target


def place_new(source: Path, target: Path) -> bool:
    """Give `source`'s content the name `target` unless that name is taken; True when placed. Never replaces.

    A hard link fails when the name exists, so nothing can be overwritten even by a race. Where there are no
    hard links (FAT/exFAT, some network shares) the file is renamed instead: Windows' rename refuses to
    replace; elsewhere the name is checked first (callers that race hold their own lock). After a rename
    `source` is gone; after a link the caller removes it.
    """
    try:
        os.link(source, target)
        return True
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
    if os.name == "nt":
        try:
            os.rename(source, target)
            return True
        except FileExistsError:
            return False
    if target.exists() or target.is_symlink():
        return False
    os.rename(source, target)
    return True
