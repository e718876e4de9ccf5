"""The pile: every file of an inbox folder (or archive), archives opened into a temporary folder.

Read-only on the inbox: files are opened for reading; links are not followed; archives are extracted
into a private temporary folder (intake/archives.py) that the caller removes.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from wenming_submit.config import ProjectConfig
from wenming_submit.evidence.captions import CAPTION_FILES, parse_caption_lines
from wenming_submit.evidence.names import display_name, is_temp_file
from wenming_submit.evidence.sniff import sniff
from wenming_submit.intake.archives import ARCHIVE_FORMATS, ArchiveRefused, extract
from wenming_submit.textcodec import decode_chinese_text

MAX_DEPTH = 3
"""Archives inside archives are opened this deep; deeper ones are left as they are."""


class Kind(StrEnum):
    evidence = "evidence"
    temp = "temp"
    """~$x.docx, Thumbs.db, partial downloads."""
    helper = "helper"
    """材料要求.txt, 图片说明.txt … (read, not filed)."""
    refused = "refused"
    """An archive that was not opened, a link, an unreadable or empty file."""


@dataclass(frozen=True)
class Incoming:
    source: str
    """Where it came from, relative to the inbox's parent: `收件箱/新建文件夹/a.jpg`,
    `收件箱/教育局.zip/新建文件夹/a.jpg` (an archive member)."""
    path: Path
    """Where its bytes are now: in the inbox, or extracted into the temporary folder."""
    folders: tuple[str, ...]
    """Folder names from the inbox down to the file (outermost first), inside archives too."""
    archives: tuple[str, ...]
    """Names of the archives it was taken from, outermost first."""
    kind: Kind
    format: str = "unknown"
    size: int = 0
    mtime: float = 0.0
    sha256: str = ""
    problem: str | None = None
    """For refused items: why, in Chinese."""
    captions: dict[str, str] = field(default_factory=dict)
    """Captions of 图片说明.txt/.xlsx in the same folder (file name -> caption)."""

    @property
    def name(self) -> str:
        return self.source.rsplit("/", 1)[-1]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def read_caption_file(path: Path) -> dict[str, str]:
    """File name -> caption from a 图片说明.txt (UTF-8 or GBK) or 图片说明.xlsx (first two columns)."""
    try:
        if path.suffix.lower() == ".txt":
            return parse_caption_lines(decode_chinese_text(path.read_bytes()) or "")
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            lines = [
                f"{row[0]}\t{row[1]}"
                for row in wb.worksheets[0].iter_rows(max_row=2000, max_col=2, values_only=True)
                if len(row) >= 2 and isinstance(row[0], str) and isinstance(row[1], str)
            ]
        finally:
            wb.close()
        return parse_caption_lines("\n".join(lines))
    except Exception:  # a broken helper file only costs its captions
        return {}


class _Collector:
    def __init__(self, config: ProjectConfig, temp_root: Path) -> None:
        self.config = config
        self.temp_root = temp_root
        self.items: list[Incoming] = []
        self._archives = 0

    def walk(self, root: Path, label: str, folders: tuple[str, ...], archives: tuple[str, ...], depth: int) -> None:
        """Every file below `root`; `label` is the source prefix, `folders` the folder names above `root`."""
        entries: list[tuple[Path, tuple[str, ...]]] = []
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames.sort()
            base = Path(dirpath)
            rel_dirs = tuple(display_name(p) for p in base.relative_to(root).parts)
            for name in list(dirnames):
                if (base / name).is_symlink():
                    dirnames.remove(name)
                    self._refuse(f"{label}/{'/'.join((*rel_dirs, display_name(name)))}", base / name,
                                 (*folders, *rel_dirs), archives, "是链接，不跟随（请复制真实文件）")  # fmt: skip
            entries += [(base / name, rel_dirs) for name in sorted(filenames)]
        captions: dict[Path, dict[str, str]] = {}
        for path, _ in entries:
            if display_name(path.name) in CAPTION_FILES and path.is_file() and not path.is_symlink():
                captions.setdefault(path.parent, {}).update(read_caption_file(path))
        for path, rel_dirs in entries:
            self.file(path, f"{label}/{'/'.join((*rel_dirs, display_name(path.name)))}", (*folders, *rel_dirs),
                      archives, depth, captions.get(path.parent, {}))  # fmt: skip

    def _refuse(self, source: str, path: Path, folders: tuple[str, ...], archives: tuple[str, ...], why: str) -> None:
        self.items.append(Incoming(source, path, folders, archives, Kind.refused, problem=why))

    def file(
        self, path: Path, source: str, folders: tuple[str, ...], archives: tuple[str, ...], depth: int,
        captions: dict[str, str],
    ) -> None:  # fmt: skip
        name = display_name(path.name)
        try:
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                return self._refuse(source, path, folders, archives, "是链接，不跟随（请复制真实文件）")
            if not stat.S_ISREG(mode):
                return self._refuse(source, path, folders, archives, "不是普通文件")
            if is_temp_file(name):
                self.items.append(Incoming(source, path, folders, archives, Kind.temp))
                return None
            info = path.stat()
            fmt = sniff(path).format.id
            digest = sha256_file(path)
        except OSError as exc:
            return self._refuse(source, path, folders, archives, f"无法读取：{exc.strerror or exc}")
        item = Incoming(source, path, folders, archives, Kind.evidence, fmt, info.st_size, info.st_mtime, digest,
                        captions=captions)  # fmt: skip
        if name in self.config.check.ignore_names:
            self.items.append(Incoming(source, path, folders, archives, Kind.helper, fmt, info.st_size,
                                       info.st_mtime, digest))  # fmt: skip
        elif fmt == "empty":
            self._refuse(source, path, folders, archives, "空文件（0 字节），可能没有下载或复制完整")
        elif fmt in ARCHIVE_FORMATS and depth < MAX_DEPTH:
            self._archive(item, depth)
        else:
            self.items.append(item)
        return None

    def _archive(self, item: Incoming, depth: int) -> None:
        self._archives += 1
        dest = self.temp_root / f"a{self._archives}"
        try:
            members = extract(item.path, item.format, dest)
        except ArchiveRefused as exc:
            self._refuse(item.source, item.path, item.folders, item.archives, f"压缩包未解压：{exc.message}")
            return
        archives = (*item.archives, item.name)
        self.walk(dest, item.source, item.folders, archives, depth + 1) if members else None


def collect(inbox: Path, config: ProjectConfig, temp_root: Path) -> list[Incoming]:
    """Every file of `inbox` (a folder, an archive or a single file), archives opened under `temp_root`."""
    collector = _Collector(config, temp_root)
    label = display_name(inbox.resolve().name) or "收件"
    if inbox.is_dir():
        collector.walk(inbox, label, (label,), (), 0)
    else:
        collector.file(inbox, label, (), (), 0, {})
    return collector.items


def temp_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="wenming-intake-"))
