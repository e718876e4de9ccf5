"""Zip containers (docx/xlsx/pptx/OFD) checked from their central directory before anything is inflated.

A zip bomb declares (or, lying, inflates to) far more than it holds. Members are refused when the
declared total or a single member is over the limits, or a member's declared ratio is absurd. Reads go
through `read_member`, which never returns more than its cap: `zipfile` itself stops at the declared size,
and the cap stops a member that declares a huge size within the limits.
"""

from __future__ import annotations

import zipfile

from wenming_submit.findings.codes_content import ZIP_BOMB
from wenming_submit.findings.registry import Issue

MAX_MEMBERS = 10_000
MAX_TOTAL = 512 * 1024 * 1024
"""Declared uncompressed bytes of all members together."""
MAX_MEMBER = 256 * 1024 * 1024
MAX_RATIO = 200
"""Office XML compresses 5-30x; 200x on a member larger than RATIO_FLOOR is not an office file."""
RATIO_FLOOR = 4 * 1024 * 1024
XML_CAP = 64 * 1024 * 1024
"""Most bytes of one XML part read for text."""


def zip_problem(zf: zipfile.ZipFile) -> Issue | None:
    """An `unsafe` issue (WM204) when the archive's directory declares a bomb, else None."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        return ZIP_BOMB.issue(reason=f"包含 {len(infos)} 个部件")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_MEMBER:
            return ZIP_BOMB.issue(reason=f"部件 {info.filename} 声明解压后 {info.file_size // 2**20} MB")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            return ZIP_BOMB.issue(reason=f"部件 {info.filename} 压缩比 {ratio:.0f}:1")
    if total > MAX_TOTAL:
        return ZIP_BOMB.issue(reason=f"解压后共 {total // 2**20} MB")
    return None


def read_member(zf: zipfile.ZipFile, name: str, cap: int = XML_CAP) -> bytes:
    """At most `cap` bytes of a member; raises ValueError when it holds more (treated as unsafe)."""
    with zf.open(name) as fh:
        data = fh.read(cap + 1)
    if len(data) > cap:
        raise ValueError(f"部件 {name} 超过 {cap // 2**20} MB")
    return data


def has_dtd(data: bytes) -> bool:
    """Office XML never carries a DOCTYPE; one that does is trying entity tricks (XXE, billion laughs)."""
    return b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]
