"""A deterministic zip of the upload package: same files in, byte-identical zip out.

Entries are sorted, every entry carries the same timestamp (the newest input's modification time, so an
unzipped folder shows a real date, never 1980-01-01), attributes are MS-DOS style, and already-compressed formats
are stored rather than deflated. Names are UTF-8 (flag bit 11) by default; `gbk` writes GBK names without
the flag for old Windows unzip tools, falling back to UTF-8 for a name GBK cannot spell.
"""

from __future__ import annotations

import shutil
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
STORED_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".mp4", ".mov", ".m4v", ".zip", ".rar", ".7z",
     ".docx", ".xlsx", ".pptx", ".ofd"}
)  # fmt: skip
"""Formats that are compressed already: deflating them again costs time and saves nothing."""
ENCODINGS = ("utf-8", "gbk")
UTF8_FLAG = 0x800
ZIP64_LIMIT = 1 << 31


class _GbkInfo(zipfile.ZipInfo):
    """A ZipInfo whose name is written in GBK without the UTF-8 flag, when GBK can spell it."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # zipfile's private naming hook
        try:
            return self.filename.encode("gbk"), self.flag_bits & ~UTF8_FLAG
        except UnicodeEncodeError:
            return self.filename.encode("utf-8"), self.flag_bits | UTF8_FLAG


def newest_mtime(paths: Iterable[Path]) -> tuple[int, int, int, int, int, int]:
    """The newest modification time of `paths` as a zip date-time (local time, even seconds), or FIXED_TIME."""
    newest = 0.0
    for path in paths:
        try:
            newest = max(newest, path.stat().st_mtime)
        except OSError:
            continue
    if newest <= 0:
        return FIXED_TIME
    t = time.localtime(newest)
    stamp = (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec - t.tm_sec % 2)
    return stamp if 1980 <= stamp[0] <= 2107 else FIXED_TIME


def _info(name: str, *, gbk: bool, is_dir: bool, stamp: tuple[int, int, int, int, int, int] = FIXED_TIME
          ) -> zipfile.ZipInfo:  # fmt: skip
    info = (_GbkInfo if gbk else zipfile.ZipInfo)(name, date_time=stamp)
    info.create_version = info.extract_version = 20
    if gbk:
        # "Made by MS-DOS": Windows tools then read the name in the OEM code page (GBK on Chinese Windows).
        info.create_system = 0
        info.external_attr = 0x10 if is_dir else 0
    else:
        # "Made by Unix" with the UTF-8 flag: Info-ZIP would transcode DOS names from CP437 otherwise.
        info.create_system = 3
        info.external_attr = ((0o40755 << 16) | 0x10) if is_dir else (0o100644 << 16)
    suffix = PurePosixPath(name).suffix.lower()
    info.compress_type = zipfile.ZIP_STORED if is_dir or suffix in STORED_SUFFIXES else zipfile.ZIP_DEFLATED
    return info


def not_gbk(names: Iterable[str]) -> list[str]:
    """Names that GBK cannot spell (written in UTF-8 even in a GBK zip)."""
    bad = []
    for name in names:
        try:
            name.encode("gbk")
        except UnicodeEncodeError:
            bad.append(name)
    return bad


def write_zip(root: Path, members: Iterable[str], zip_path: Path, *, encoding: str = "utf-8",
              stamp: tuple[int, int, int, int, int, int] = FIXED_TIME) -> None:  # fmt: skip
    """Zip the files `members` (POSIX paths relative to `root`), with their folders, deterministically;
    every entry dated `stamp` (pass `newest_mtime` of the inputs)."""
    gbk = encoding == "gbk"
    files = sorted(set(members))
    folders = sorted(
        {str(parent) + "/" for m in files for parent in PurePosixPath(m).parents if str(parent) != "."}
    )
    with zipfile.ZipFile(zip_path, "w", allowZip64=True) as zf:
        for name in sorted([*folders, *files]):
            if name.endswith("/"):
                zf.writestr(_info(name, gbk=gbk, is_dir=True, stamp=stamp), b"")
                continue
            source = root / name
            info = _info(name, gbk=gbk, is_dir=False, stamp=stamp)
            info.file_size = source.stat().st_size
            with (
                open(source, "rb") as fin,
                zf.open(info, "w", force_zip64=info.file_size >= ZIP64_LIMIT) as fout,
            ):
                shutil.copyfileobj(fin, fout, 1 << 20)
