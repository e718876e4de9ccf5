"""Reuse across cycles: files submitted in an earlier cycle, found again in this one.

`wenming build` writes `reuse-index.json` next to `manifest.json` (not into the zip): for every packed
file its package path, the evidence file it came from, the SHA-256 and size of both, and for pictures
the perceptual hashes the check computed (whole picture and central 90 %). The next cycle lists earlier
outputs in wenming.toml:

    [history]
    previous = ["../2025年度/output/某区2025年度…/manifest.json"]

A listed manifest is read with the index beside it; without one (an output of an older tool) the
manifest's own SHA-256 list still finds byte-identical copies. Identical content is WM330; a picture
whose pHash is within NEAR_DISTANCE of an earlier one (resized, re-encoded, lightly cropped) is WM331.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from wenming_submit.config import ProjectConfig
from wenming_submit.digest import sha256_file
from wenming_submit.errors import ConfigError
from wenming_submit.evidence.duplicates import NEAR_DISTANCE
from wenming_submit.evidence.model import EvidenceFile
from wenming_submit.findings.codes_review import REUSED, REUSED_SIMILAR
from wenming_submit.findings.registry import Issue

INDEX_NAME = "reuse-index.json"
INDEX_VERSION = 1
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")


def cycle_label(title: str, fallback: str) -> str:
    found = _YEAR.search(title or "")
    return f"{found.group(1)}年度" if found else fallback


@dataclass(frozen=True)
class Entry:
    cycle: str
    path: str
    """Where the file was in that cycle's package (or its evidence path)."""
    sha256: tuple[str, ...]
    size: tuple[int, ...]
    phash: int | None = None
    phash_center: int | None = None


def _bits(value: object) -> int | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return int(value, 16) & 0xFFFFFFFFFFFFFFFF
    except ValueError:
        return None


@dataclass
class ReuseIndex:
    entries: list[Entry] = field(default_factory=list)
    _by_size: dict[int, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    _hashes: tuple[list[Entry], np.ndarray, np.ndarray] | None = None
    """Earlier pictures and their whole/centre pHashes as uint64 arrays (built on first use)."""

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)
        self._hashes = None
        for size in set(entry.size):
            self._by_size[size].append(entry)

    def _pictures(self) -> tuple[list[Entry], np.ndarray, np.ndarray]:
        if self._hashes is None:
            pictures = [e for e in self.entries if e.phash is not None]
            whole = np.array([e.phash for e in pictures], dtype=np.uint64)
            center = np.array([e.phash if e.phash_center is None else e.phash_center for e in pictures],
                              dtype=np.uint64)  # fmt: skip
            self._hashes = (pictures, whole, center)
        return self._hashes

    @classmethod
    def load(cls, config: ProjectConfig) -> ReuseIndex:
        index = cls()
        for listed in config.history.previous:
            path = (config.root / listed).resolve()
            for entry in _read(path, listed):
                index.add(entry)
        return index

    def issues(self, file: EvidenceFile) -> list[Issue]:
        if not self.entries:
            return []
        candidates = self._by_size.get(file.facts.size, [])
        if candidates:
            digest = file.facts.sha256 or _sha(file.path)
            for entry in candidates:
                if digest in entry.sha256:
                    what = "照片" if file.facts.kind == "image" else "文件"
                    return [REUSED.issue(what=what, cycle=entry.cycle, previous=entry.path)]
        return self._similar(file)

    def _similar(self, file: EvidenceFile) -> list[Issue]:
        whole = _bits(file.facts.phash)
        if whole is None or file.facts.kind != "image":
            return []
        center = _bits(file.facts.phash_center) or whole
        pictures, earlier_whole, earlier_center = self._pictures()
        if not pictures:
            return []
        mine_whole, mine_center = np.uint64(whole), np.uint64(center)
        # The same three comparisons as evidence/duplicates.distance, against every earlier picture at once.
        d = np.minimum.reduce([np.bitwise_count(earlier_whole ^ mine_whole),
                               np.bitwise_count(earlier_whole ^ mine_center),
                               np.bitwise_count(earlier_center ^ mine_whole)])  # fmt: skip
        best = int(np.argmin(d))
        if int(d[best]) > NEAR_DISTANCE:
            return []
        entry = pictures[best]
        return [REUSED_SIMILAR.issue(cycle=entry.cycle, previous=entry.path, distance=int(d[best]))]


def _sha(path: Path) -> str | None:
    try:
        return sha256_file(path)
    except OSError:
        return None


def _load_json(path: Path, listed: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"[history] previous 中的 {listed} 不存在", path="wenming.toml", field="history.previous",
            hint="请填写往年 wenming build 生成的 manifest.json 的路径（相对于项目文件夹），或删去这一项",
        ) from None
    except (OSError, ValueError, UnicodeDecodeError):
        raise ConfigError(
            f"[history] previous 中的 {listed} 无法读取（不是有效的 JSON）", path="wenming.toml",
            field="history.previous", hint="请指向往年 wenming build 生成的 manifest.json",
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(f"[history] previous 中的 {listed} 不是材料包清单", path="wenming.toml",
                          field="history.previous", hint="请指向往年 wenming build 生成的 manifest.json")  # fmt: skip
    return data


def _read(path: Path, listed: str) -> list[Entry]:
    document = _load_json(path, listed)
    if document.get("kind") != "reuse-index" and (path.parent / INDEX_NAME).is_file():
        document = _load_json(path.parent / INDEX_NAME, listed)
    cycle = str(document.get("cycle") or cycle_label(str(document.get("title", "")), path.parent.name))
    entries = []
    for item in document.get("files") or []:
        if not isinstance(item, dict):
            continue
        shas = tuple(str(item[k]) for k in ("sha256", "source_sha256") if item.get(k))
        sizes = tuple(int(item[k]) for k in ("size", "source_size") if isinstance(item.get(k), int))
        entries.append(Entry(cycle=cycle, path=str(item.get("path", "")), sha256=shas, size=sizes,
                             phash=_bits(item.get("phash")), phash_center=_bits(item.get("phash_center"))))  # fmt: skip
    return entries


class Packed(Protocol):
    """What the build packed (assemble.package.PackedFile): package path, evidence path, SHA-256, size."""

    @property
    def path(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def size(self) -> int: ...


def reuse_index_bytes(title: str, files: Sequence[Packed], evidence: Sequence[EvidenceFile]) -> bytes:
    """The index the next cycle reads (see the module doc), from what the build packed."""
    by_rel = {f.rel: f for f in evidence}
    rows = []
    for packed in sorted(files, key=lambda f: f.path):
        row: dict[str, Any] = {"path": packed.path, "source": packed.source, "sha256": packed.sha256,
                               "size": packed.size}  # fmt: skip
        source = by_rel.get(packed.source)
        if source is not None:
            row["source_size"] = source.facts.size
            row["source_sha256"] = source.facts.sha256 or _sha(source.path)
            if source.facts.phash:
                row["phash"] = source.facts.phash
                row["phash_center"] = source.facts.phash_center or source.facts.phash
        rows.append(row)
    document = {"kind": "reuse-index", "version": INDEX_VERSION, "title": title,
                "cycle": cycle_label(title, title), "files": rows}  # fmt: skip
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_reuse_index(folder: Path, title: str, files: Sequence[Packed], evidence: Sequence[EvidenceFile]) -> None:
    (folder / INDEX_NAME).write_bytes(reuse_index_bytes(title, files, evidence))
