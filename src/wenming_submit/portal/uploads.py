"""Files in and out of evidence/: only ever added, never overwritten; withdrawn files move out.

An upload is first streamed into a staging file in `.wenming/staging/` (portal/receiving.py) — inside
the project, outside evidence/, on the same file system. Once the request is complete, each staged file
is sniffed by content (evidence.sniff), held against the material's kinds and the `[limits]` of its
kind, and hard-linked under a safe, unique name into the material's folder (`os.link` refuses to
replace an existing name, so no race can overwrite a file; a clash gets " (2)").
A kill -9 at any moment therefore leaves either nothing or a complete file under evidence/; whatever is
left in staging is removed at the next start.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
import shutil
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from wenming_submit.atomic import place_new
from wenming_submit.catalog.model import Catalog, Indicator, Material
from wenming_submit.config import ProjectConfig
from wenming_submit.evidence.formats import FORMATS, MATERIAL_KIND_LABELS, material_kinds_of
from wenming_submit.evidence.names import display_name, is_temp_file
from wenming_submit.evidence.sniff import sniff
from wenming_submit.intake.archives import ARCHIVE_FORMATS, ArchiveRefused, extract
from wenming_submit.intake.place import Placer, copy_name, file_name
from wenming_submit.portal import WITHDRAWN_DIR
from wenming_submit.portal.receiving import Received, StagedFile, UploadError, staging_dir
from wenming_submit.textcodec import decode_chinese_text

MAX_SUFFIX = 999
CAPTION_FILE = "图片说明.txt"
CAPTION_MAX = 200


# ---------------------------------------------------------------- names

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_name(sent: str) -> str:
    """A safe file name from what the browser sent: the last path segment only, NFC, no control or
    bidi characters, no `..`, no separators, no reserved device names, not hidden, Windows-safe."""
    name = unicodedata.normalize("NFC", sent).replace("\\", "/").rsplit("/", 1)[-1]
    name = _CONTROL.sub("", name).strip()
    while ".." in name:
        name = name.replace("..", ".")
    name = name.lstrip(". ")
    name = file_name(name) if name else ""
    if not name or name in {"_", "."}:
        name = "未命名文件"
    return name


# ---------------------------------------------------------------- placing


@dataclass(frozen=True)
class Placed:
    path: str
    """Relative to the project root, as `check` reports it."""
    sha256: str
    size: int
    original: str


@dataclass(frozen=True)
class Rejected:
    name: str
    reason: str


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Intake:
    """Places staged files for one project; one lock so that names are handed out one at a time."""

    def __init__(self, config: ProjectConfig, catalog: Catalog) -> None:
        self.config = config
        self.catalog = catalog
        self.root = config.root
        self._lock = threading.Lock()

    def limit_bytes(self, material: Material, kind: str) -> int:
        return int(self.config.limits.for_material(material, kind).max_mb * 2**20)

    def largest_limit(self) -> int:
        limits = self.config.limits
        return int(max(limits.max_mb(k) for k in ("image", "document", "pdf", "spreadsheet", "video", "other")) * 2**20)

    def _rel(self, path: Path) -> str:
        return "/".join(display_name(p) for p in path.relative_to(self.root).parts)

    def _refusal(self, staged: Path, name: str, material: Material) -> str | None:
        """Why this staged file may not go into `material`'s folder, or None."""
        if is_temp_file(name):
            return "这是临时文件或系统文件，不是材料"
        try:
            fmt = sniff(staged).format
        except OSError:
            return "读取失败，请重新上传"
        if fmt.id == "empty":
            return "文件是空的（0 字节），请检查后重新上传"
        kinds = material_kinds_of(fmt)
        if not any(material.accepts_kind(k) for k in kinds):
            wanted = "、".join(MATERIAL_KIND_LABELS.get(k.value, k.value) for k in material.kinds)
            return f"内容是{fmt.label}，本项材料要求{wanted}"
        size = staged.stat().st_size
        limit = self.limit_bytes(material, fmt.kind)
        if size > limit:
            return f"文件 {size / 2**20:.1f} MB，超过本项材料的上限 {limit / 2**20:g} MB，请压缩后再上传"
        return None

    def place(
        self, unit: str, indicator: Indicator, material: Material, received: Received
    ) -> tuple[list[Placed], list[Rejected]]:
        """Move each staged file (zip/7z/rar: each member) into the material's folder."""
        placed: list[Placed] = []
        rejected: list[Rejected] = []
        try:
            for staged in received.files:
                name = clean_name(staged.original)
                fmt = _sniffed(staged.path)
                if fmt in ARCHIVE_FORMATS and not material.accepts_kind("archive"):
                    self._place_archive(unit, indicator, material, staged, fmt, placed, rejected)
                    continue
                self._place_one(unit, indicator, material, staged.path, name, staged.original, placed, rejected)
        finally:
            received.discard()
        return placed, rejected

    def _place_archive(self, unit: str, indicator: Indicator, material: Material, staged: StagedFile, fmt: str,
                       placed: list[Placed], rejected: list[Rejected]) -> None:  # fmt: skip
        dest = Path(tempfile.mkdtemp(prefix="archive-", dir=staging_dir(self.root)))
        try:
            try:
                members = extract(staged.path, fmt, dest)
            except ArchiveRefused as exc:
                rejected.append(Rejected(staged.original, f"压缩包未解压：{exc.message}"))
                return
            for member, path in members:
                label = f"{staged.original} › {member}"
                name = clean_name(member)
                if is_temp_file(name) or (name in self.config.check.ignore_names and name != CAPTION_FILE):
                    continue
                self._place_one(unit, indicator, material, path, name, label, placed, rejected)
        finally:
            shutil.rmtree(dest, ignore_errors=True)

    def _place_one(self, unit: str, indicator: Indicator, material: Material, staged: Path, name: str,
                   original: str, placed: list[Placed], rejected: list[Rejected]) -> None:  # fmt: skip
        reason = self._refusal(staged, name, material)
        if reason is not None:
            rejected.append(Rejected(original, reason))
            return
        with self._lock:
            placer = Placer(self.config, self.catalog)
            _, folder = placer.folder(unit, indicator, material)
            fmt = _sniffed(staged)
            got = placer.reads_back(folder / name, fmt)
            if got != (unit, indicator.code, material.name):
                rejected.append(Rejected(original, "文件名中含有其他单位、指标或材料的名称，放入后会被算到别处，请改名后再上传"))
                return
            folder.mkdir(parents=True, exist_ok=True)
            target = None
            for n in range(1, MAX_SUFFIX + 1):
                candidate = folder / (name if n == 1 else copy_name(name, n))
                if place_new(staged, candidate):
                    target = candidate
                    break
            if target is None:
                rejected.append(Rejected(original, "该文件夹中同名文件太多，请改名后再上传"))
                return
            _fsync_dir(folder)
        with target.open("rb") as fh:
            sha = hashlib.file_digest(fh, "sha256").hexdigest()
        placed.append(Placed(self._rel(target), sha, target.stat().st_size, original))

    # ---------------------------------------------------------------- withdrawing

    def withdraw(self, source: Path, rel: str) -> str:
        """Move a file out of evidence/ into `已撤回/<time>/<its path below evidence>`; returns the new
        relative path. Never deletes; refuses to replace anything."""
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H-%M-%S") + f" {secrets.token_hex(2)}"
        below = Path(*source.relative_to(self.config.evidence_dir).parts)
        target = self.root / WITHDRAWN_DIR / stamp / below
        with self._lock:
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                raise FileExistsError(target)
            os.rename(source, target)
            _fsync_dir(source.parent)
        return self._rel(target)

    # ---------------------------------------------------------------- captions

    def append_caption(self, picture: Path, caption: str) -> Path:
        """Append `名称<TAB>说明` to 图片说明.txt beside the picture, in the file's own encoding and line ends
        (Notepad's GB18030 stays GB18030); a later line for the same picture wins over earlier ones."""
        text = " ".join(_CONTROL.sub(" ", caption).split())[:CAPTION_MAX]
        if not text:
            raise UploadError(422, "说明不能为空")
        target = picture.parent / CAPTION_FILE
        with self._lock:
            encoding, newline, ends_clean = "utf-8", "\r\n", True
            if target.exists():
                data = target.read_bytes()
                if data and decode_chinese_text(data) is not None:
                    try:
                        data.decode("utf-8-sig")
                    except UnicodeDecodeError:
                        encoding = "gb18030"
                    newline = "\r\n" if b"\r\n" in data or b"\n" not in data else "\n"
                    ends_clean = data.endswith(b"\n")
            payload = ("" if ends_clean else newline) + f"{picture.name}\t{text}" + newline
            with target.open("ab") as fh:
                fh.write(payload.encode(encoding, "replace"))
                fh.flush()
                os.fsync(fh.fileno())
        return target


def _sniffed(path: Path) -> str:
    try:
        return sniff(path).format.id
    except OSError:
        return "unknown"


__all__ = ["FORMATS", "Intake", "Placed", "Rejected", "clean_name"]
