"""The inspect stage: facts for every file worth reading, from the cache or from worker processes.

Runs between scan and assess. Only the file's content is looked at here; whether a fact is a problem
for the material the file belongs to is judged later (check/content.py), so a change to the catalogue
never needs a re-inspection.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from wenming_submit.evidence.cache import InspectionCache, decode, encode, evidence_stamp
from wenming_submit.evidence.captions import caption_from_name
from wenming_submit.evidence.dates import name_date
from wenming_submit.evidence.formats import FORMATS
from wenming_submit.evidence.inspect import INSPECTED_FORMATS, INSPECTOR_VERSION
from wenming_submit.evidence.inspect.common import Inspected
from wenming_submit.evidence.inspect.pool import TIME_LIMIT, run_jobs
from wenming_submit.evidence.model import EvidenceFile, Facts, Inventory, Role
from wenming_submit.findings.codes_content import CORRUPT, ENCRYPTED
from wenming_submit.findings.registry import Issue

Progress = Callable[[int, int], None]
_READ_ROLES = (Role.evidence, Role.waiver, Role.helper)


@dataclass
class InspectStats:
    files: int = 0
    """Files whose content was looked at (from the cache or fresh)."""
    cached: int = 0
    inspected: int = 0
    """Files read by an inspector in this run (cache misses)."""


def _name_facts(file: EvidenceFile) -> dict[str, object]:
    facts: dict[str, object] = {}
    if day := name_date(file.name):  # also phone/WeChat stamps (issue 11)
        facts["name_date"] = day
    if file.facts.kind == "image" and (caption := caption_from_name(file.name)):
        facts["caption"] = caption
    return facts


_BINARY_EXTENSIONS = frozenset(
    ext for fmt in FORMATS.values() if fmt.id not in ("text", "csv", "rtf") for ext in fmt.extensions
) - {"txt", "csv", "md"}
"""Extensions of formats with a signature: content that matches no format under such a name is damaged."""


def _scan_level_issues(file: EvidenceFile) -> list[Issue]:
    """What the sniff already knows: password-protected Office files, zip/OLE files that do not open, and
    files named as a known binary format whose content is no format at all (the header is damaged)."""
    facts = file.facts
    if facts.encrypted:
        return [ENCRYPTED.issue()]
    detail = str(facts.extra.get("sniff_detail", ""))
    if facts.format in ("zip", "ole") and detail:
        return [CORRUPT.issue(reason=detail)]
    ext = file.name.rsplit(".", 1)[-1].lower() if "." in file.name.strip(".") else ""
    if facts.format == "unknown" and ext in _BINARY_EXTENSIONS:
        return [CORRUPT.issue(reason=f"内容不是 .{ext} 文件应有的格式（文件头已损坏）")]
    return []


def _merge(file: EvidenceFile, inspected: Inspected | None) -> EvidenceFile:
    updates: dict[str, object] = {"inspected": True, **_name_facts(file)}
    issues = _scan_level_issues(file)
    if inspected is not None:
        updates.update(inspected.facts)
        issues += inspected.issues
    if updates.get("date") is None and updates.get("name_date") is not None:
        updates["date"], updates["date_source"] = updates["name_date"], "name"
    # Built directly rather than with dataclasses.replace: this runs for every file of every check.
    facts = Facts(**(vars(file.facts) | updates))
    return EvidenceFile(**(vars(file) | {"facts": facts, "issues": file.issues + tuple(issues)}))


def _wanted(file: EvidenceFile) -> bool:
    return file.role in _READ_ROLES and file.facts.format in INSPECTED_FORMATS and not file.facts.encrypted


def inspect_inventory(
    inventory: Inventory,
    *,
    cache_dir: Path | None,
    progress: Progress | None = None,
    workers: int | None = None,
    time_limit: float = TIME_LIMIT,
) -> tuple[Inventory, InspectStats]:
    """The inventory with content facts and issues added; `cache_dir=None` reads every file afresh."""
    files = list(inventory.files)
    wanted = [i for i, f in enumerate(files) if _wanted(f)]
    cache = InspectionCache(cache_dir, INSPECTOR_VERSION)
    stats = InspectStats(files=len(wanted))
    try:
        known = cache.load()
        results: dict[int, Inspected] = {}
        jobs = []
        stamps: dict[int, str | None] = {}
        for i in wanted:
            f = files[i]
            entry = known.get(f.rel)
            stamps[i] = stamp = evidence_stamp(f)  # taken before reading: a later change is a miss
            hit = decode(entry[1]) if entry is not None and stamp is not None and entry[0] == stamp else None
            if hit is not None:
                results[i] = hit
            else:
                jobs.append((i, str(f.path), f.facts.format))
        stats.cached = len(results)
        done = len(results)
        if progress is not None:
            progress(done, len(wanted))
        fresh: list[tuple[str, str, str]] = []

        def collect(index: int, inspected: Inspected) -> None:
            nonlocal done
            results[index] = inspected
            f = files[index]
            # Time-outs are cached too: the same bytes would hold the next check up just as long.
            if (stamp := stamps[index]) is not None:
                fresh.append((f.rel, stamp, encode(inspected)))
            done += 1
            if progress is not None:
                progress(done, len(wanted))
            if len(fresh) >= 500:
                cache.save(fresh)
                fresh.clear()

        if jobs:
            run_jobs(jobs, collect, workers=workers or os.cpu_count() or 2, time_limit=time_limit)
        cache.save(fresh)
        stats.inspected = len(jobs)
    finally:
        cache.close()
    merged = [_merge(f, results.get(i)) if f.role in _READ_ROLES else f for i, f in enumerate(files)]
    return replace(inventory, files=tuple(merged)), stats
