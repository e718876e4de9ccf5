"""A deterministic zip of the upload package: same files in, byte-identical zip out.

Entries are sorted, every timestamp is fixed, attributes are MS-DOS style, and already-compressed formats
are stored rather than deflated. Names are UTF-8 (flag bit 11) by default; `gbk` writes GBK names without
the flag for old Windows unzip tools, falling back to UTF-8 for a name GBK cannot spell.
"""

from __future__ import annotations

import shutil
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


def _info(name: str, *, gbk: bool, is_dir: bool) -> zipfile.ZipInfo:
    info = (_GbkInfo if gbk else zipfile.ZipInfo)(name, date_time=FIXED_TIME)
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


def write_zip(root: Path, members: Iterable[str], zip_path: Path, *, encoding: str = "utf-8") -> None:
    """Zip the files `members` (POSIX paths relative to `root`), with their folders, deterministically."""
    gbk = encoding == "gbk"
    files = sorted(set(members))
    folders = sorted(
        {str(parent) + "/" for m in files for parent in PurePosixPath(m).parents if str(parent) != "."}
    )
    with zipfile.ZipFile(zip_path, "w", allowZip64=True) as zf:
        for name in sorted([*folders, *files]):
            if name.endswith("/"):
                zf.writestr(_info(name, gbk=gbk, is_dir=True), b"")
                continue
            source = root / name
            info = _info(name, gbk=gbk, is_dir=False)
            info.file_size = source.stat().st_size
            with (
                open(source, "rb") as fin,
                zf.open(info, "w", force_zip64=info.file_size >= ZIP64_LIMIT) as fout,
            ):
                shutil.copyfileobj(fin, fout, 1 << 20)
