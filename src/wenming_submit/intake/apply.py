"""Copying into evidence/ (only ever adding) and the intake log.

A file is copied into a temporary name in the destination folder and then *linked* to its final name:
`os.link` fails when the name is taken, so nothing under evidence/ is ever overwritten, even by a race;
the clash gets the next free ` (2)`, ` (3)` suffix. The source is never moved or changed; its time stamp
is kept. Where the file system has no hard links (FAT/exFAT USB drives), Windows' `os.rename` (which also
refuses to replace) or, elsewhere, an existence check followed by a rename is used.

The log, `output/收件记录.csv`, gets one line per file added: 时间, 来源, sha256, 归档位置, 理由. CSV (UTF-8 with
BOM) because the coordinator opens it in Excel/WPS as is and because a line is appended per copy — an
interrupted run leaves every copy it made logged, and nothing is ever rewritten.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import tempfile
from pathlib import Path

from wenming_submit.atomic import place_new
from wenming_submit.errors import ProjectError
from wenming_submit.intake.place import copy_name

LOG_NAME = "收件记录.csv"
LOG_HEADER = ("时间", "来源", "sha256", "归档位置", "理由")
MAX_SUFFIX = 999


def copy_new(source: Path, folder: Path, name: str) -> Path:
    """Copy `source` into `folder` as `name`, or `name (2)`… when taken; never replaces anything."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=".~wenming-intake-", suffix=".tmp", dir=folder)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            shutil.copyfileobj(src, out, 1 << 20)
        os.chmod(temp, 0o644)
        stat = source.stat()
        os.utime(temp, (stat.st_atime, stat.st_mtime))
        for n in range(1, MAX_SUFFIX + 1):
            target = folder / (name if n == 1 else copy_name(name, n))
            if place_new(temp, target):
                return target
        raise ProjectError(f"{folder} 中同名文件太多（{name}）", hint="请整理该文件夹后再收件")
    finally:
        temp.unlink(missing_ok=True)


def append_log(log: Path, rows: list[tuple[str, str, str, str]]) -> None:
    """Append (来源, sha256, 归档位置, 理由) rows with the current time; creates the file with a header."""
    if not rows:
        return
    log.parent.mkdir(parents=True, exist_ok=True)
    new = not log.exists() or log.stat().st_size == 0
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if new:
        writer.writerow(LOG_HEADER)
    now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    for row in rows:
        writer.writerow((now, *row))
    with log.open("a", encoding="utf-8", newline="") as fh:
        fh.write(("\ufeff" if new else "") + buffer.getvalue())
        fh.flush()
        os.fsync(fh.fileno())


def read_log(log: Path) -> list[dict[str, str]]:
    if not log.exists():
        return []
    with log.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))
