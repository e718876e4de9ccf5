"""Across files: identical content (sha256) and the same photo re-encoded/resized/cropped (pHash).

Identical files are found by size first, then by a hash of their first and last 64 KB, and only files
still alike are hashed whole (sha256, cached). Near
duplicates compare 64-bit perceptual hashes (ImageHash `phash`) of the whole picture and of its central
90 %, so a copy cropped by a few percent meets the original's centre. NEAR_DISTANCE = 6 was measured on
30 noisy phone-like photos (tests/inspect/test_inspect_crossfile.py asserts the claims): re-saving at
quality 60 moves the distance by at most 2 bits, shrinking to a third by 4, a WeChat-style 1080 px
re-encode by 2, cropping 5 % on every side by 2, 3 % off one side by 6; 3 % off every side is caught 29
times in 30 and 5 % off one side about half the time. Distinct photos were at least 18 bits apart, but
the flat synthetic scenes of the demo come as close as 8, which is why the threshold is not higher.
A picture with almost no detail (one flat colour: grey-level deviation under MIN_DETAIL on a 32×32 copy,
evidence/inspect/images.py) gets no perceptual hash: two flat pictures of different colours hash alike.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from wenming_submit.digest import sha256_file
from wenming_submit.evidence.cache import InspectionCache, evidence_stamp
from wenming_submit.evidence.model import EvidenceFile, Facts, Inventory, Role
from wenming_submit.findings.codes_content import DUPLICATE_ELSEWHERE, DUPLICATE_SAME, NEAR_DUPLICATE
from wenming_submit.findings.registry import Issue

NEAR_DISTANCE = 6
_BLOCK = 256
"""Largest Hamming distance (of 64 bits) between the pHashes of two pictures taken for the same photo."""


def sha256_of(file: EvidenceFile) -> str:
    return sha256_file(file.path)


QUICK_BYTES = 64 * 1024


def quick_digest(file: EvidenceFile) -> str | None:
    """sha256 of the first and last 64 KB: files of equal size that differ usually differ there (EXIF,
    thumbnails, zip directories), so only true candidates are read whole."""
    try:
        with file.path.open("rb") as fh:
            head = fh.read(QUICK_BYTES)
            if file.facts.size > 2 * QUICK_BYTES:
                fh.seek(-QUICK_BYTES, 2)
            tail = fh.read(QUICK_BYTES)
    except OSError:
        return None
    return hashlib.sha256(head + tail).hexdigest()


def _same_place(a: EvidenceFile, b: EvidenceFile) -> bool:
    return (a.indicator, a.unit, a.material) == (b.indicator, b.unit, b.material) and a.material is not None


def find_duplicates(
    files: Sequence[EvidenceFile],
    hash_of: Callable[[EvidenceFile], str | None],
    known: Callable[[EvidenceFile], str | None] = lambda f: None,
) -> dict[str, list[Issue]]:
    """rel -> duplicate issues: each copy points at a twin in its own material (WM250) or the original."""
    by_size: dict[int, list[EvidenceFile]] = defaultdict(list)
    for f in files:
        if f.role is Role.evidence and f.facts.size > 0:
            by_size[f.facts.size].append(f)
    candidates: list[list[EvidenceFile]] = []
    for group in by_size.values():
        if len(group) < 2:
            continue
        if group[0].facts.size <= 2 * QUICK_BYTES or all(known(f) for f in group):
            candidates.append(group)  # small, or hashed whole by an earlier check (cached)
            continue
        by_quick: dict[str, list[EvidenceFile]] = defaultdict(list)
        for f in group:
            if digest := quick_digest(f):
                by_quick[digest].append(f)
        candidates += [same for same in by_quick.values() if len(same) > 1]
    issues: dict[str, list[Issue]] = defaultdict(list)
    for group in candidates:
        by_hash: dict[str, list[EvidenceFile]] = defaultdict(list)
        for f in group:
            if digest := hash_of(f):
                by_hash[digest].append(f)
        for same in by_hash.values():
            # The oldest file is taken for the original (a copy gets a new mtime), then path order.
            first, *copies = sorted(same, key=lambda f: (f.facts.mtime, f.rel))
            seen = [first]
            for copy in copies:
                twin = next((f for f in seen if _same_place(f, copy)), None)
                if twin is not None:
                    issues[copy.rel].append(DUPLICATE_SAME.issue(other=twin.rel))
                else:
                    issues[copy.rel].append(DUPLICATE_ELSEWHERE.issue(other=first.rel))
                seen.append(copy)
    return issues


def _bits(phash: str) -> int | None:
    try:
        return int(phash, 16) & 0xFFFFFFFFFFFFFFFF
    except ValueError:
        return None


def distance(a: Facts, b: Facts) -> int | None:
    """The near-duplicate distance of two pictures' hashes (what find_near_duplicates compares)."""
    bits = [_bits(h) if h else None for h in (a.phash, a.phash_center, b.phash, b.phash_center)]
    aw, ac, bw, bc = bits
    if aw is None or bw is None:
        return None
    ac, bc = ac if ac is not None else aw, bc if bc is not None else bw
    return min((aw ^ bw).bit_count(), (ac ^ bw).bit_count(), (aw ^ bc).bit_count())


def find_near_duplicates(files: Sequence[EvidenceFile], skip: set[str]) -> dict[str, list[Issue]]:
    """rel -> one near-duplicate issue naming the closest earlier picture within NEAR_DISTANCE.

    The distance of two pictures is the smallest of whole-vs-whole, centre-vs-whole and whole-vs-centre,
    so a copy cropped by a few percent still meets its original. `skip` holds exact copies.
    """
    keyed = []
    for f in sorted(files, key=lambda f: (f.facts.mtime, f.rel)):  # the older picture is the original
        if f.role is Role.evidence and f.facts.phash and f.rel not in skip:
            whole_bits, center_bits = _bits(f.facts.phash), _bits(f.facts.phash_center or f.facts.phash)
            if whole_bits is not None and center_bits is not None:
                keyed.append((f, whole_bits, center_bits))
    if len(keyed) < 2:
        return {}
    whole = np.array([w for _, w, _ in keyed], dtype=np.uint64)
    center = np.array([c for _, _, c in keyed], dtype=np.uint64)
    issues: dict[str, list[Issue]] = {}
    n = len(keyed)
    for start in range(1, n, _BLOCK):
        # A block of rows against every picture: memory O(block × n), not a 100 MB matrix for 10,000 photos.
        rows = np.arange(start, min(start + _BLOCK, n))
        row_whole, row_center = whole[rows, None], center[rows, None]
        d = np.minimum(
            np.bitwise_count(whole ^ row_whole),
            np.minimum(np.bitwise_count(center ^ row_whole), np.bitwise_count(whole ^ row_center)),
        )
        d[np.arange(n)[None, :] >= rows[:, None]] = 255  # only earlier pictures count as originals
        nearest = d.argmin(axis=1)
        for j, i in zip(rows.tolist(), nearest.tolist(), strict=True):
            if int(d[j - start, i]) <= NEAR_DISTANCE:
                other = keyed[i][0]
                issues[keyed[j][0].rel] = [
                    NEAR_DUPLICATE.issue(other=other.rel)
                ]
    return issues


def cross_file(inventory: Inventory, cache_dir: Path | None, version: int) -> Inventory:
    """The inventory with duplicate and near-duplicate issues added; sha256 values are cached."""
    cache = InspectionCache(cache_dir, version)
    try:
        known = cache.load_hashes()
        fresh: list[tuple[str, str, str]] = []
        stamps: dict[str, str | None] = {}

        def cached(f: EvidenceFile) -> str | None:
            entry = known.get(f.rel)
            if entry is None:
                return None
            if f.rel not in stamps:
                stamps[f.rel] = evidence_stamp(f)
            return entry[1] if entry[0] == stamps[f.rel] else None

        def hash_of(f: EvidenceFile) -> str | None:
            if digest := cached(f):
                return digest
            stamp = stamps[f.rel] if f.rel in stamps else evidence_stamp(f)  # before reading the file
            try:
                digest = sha256_of(f)
            except OSError:
                return None
            if stamp is not None:
                fresh.append((f.rel, stamp, digest))
            return digest

        copies = find_duplicates(inventory.files, hash_of, cached)
        cache.save_hashes(fresh)
    finally:
        cache.close()
    near = find_near_duplicates(inventory.files, set(copies))
    files = []
    for f in inventory.files:
        extra = copies.get(f.rel, []) + near.get(f.rel, [])
        files.append(f.with_issues(*extra) if extra else f)
    return replace(inventory, files=tuple(files))
