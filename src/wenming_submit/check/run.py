"""The check pipeline as one call: config + catalogue -> scan -> inspect -> cross-file -> judge -> assess."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from wenming_submit.check.assess import assess
from wenming_submit.check.content import judge
from wenming_submit.check.match import match
from wenming_submit.check.result import CheckResult
from wenming_submit.check.review import load_terms_memo, terms_memo, terms_memo_key
from wenming_submit.evidence.archives import MemberStore
from wenming_submit.evidence.cache import CACHE_FILE, InspectionCache
from wenming_submit.evidence.duplicates import cross_file
from wenming_submit.evidence.inspect import INSPECTOR_VERSION
from wenming_submit.evidence.inspect.pool import prewarm
from wenming_submit.evidence.inspect.stage import InspectStats, inspect_inventory
from wenming_submit.evidence.model import Inventory
from wenming_submit.evidence.scan import Progress, SniffMemo, scan
from wenming_submit.findings import codes  # noqa: F401  (completes the finding registry)
from wenming_submit.project import Project

CACHE_DIR = ".cache"
"""Below the output folder: output/.cache/inspect.sqlite3."""
MEMBERS_DIR = "members"
"""Below the cache folder: archive members kept between runs (evidence/archives.py `MemberStore`)."""
TERMS_FILE = "terms.json"
"""Below the cache folder: the key terms of the standards (check/review.py), so that a re-check does not
load jieba's dictionary."""


StageProgress = Callable[[str, int, int], None]
"""progress(stage, done, total), stage being "scan" or "inspect"."""


def _for_stage(progress: StageProgress | None, stage: str) -> Progress | None:
    if progress is None:
        return None
    return lambda done, total: progress(stage, done, total)


def run_check(
    project: Project, progress: StageProgress | None = None, stats: InspectStats | None = None,
    today: dt.date | None = None,
) -> CheckResult:
    """Scan, inspect (parallel, cached), cross-file checks, judge against the materials, assess.

    `progress(stage, done, total)` is called during the scan and during inspection; `stats`, when given,
    receives how many files came from the cache and how many were read.
    """
    config = project.config
    cache_dir = config.output_dir / CACHE_DIR if project.use_cache else None
    if cache_dir is None or not (cache_dir / CACHE_FILE).exists():
        prewarm()  # a first check reads everything: the workers' imports overlap the scan
    inventory = _scan(project, cache_dir, progress)
    inventory, counted = inspect_inventory(inventory, cache_dir=cache_dir, progress=_for_stage(progress, "inspect"),
                                           time_limit=project.time_limit)  # fmt: skip
    if stats is not None:
        stats.files, stats.cached, stats.inspected = counted.files, counted.cached, counted.inspected
    inventory = match(project.catalog, inventory)
    inventory = cross_file(inventory, cache_dir, INSPECTOR_VERSION)
    key = _load_terms(cache_dir)
    inventory = judge(config, project.catalog, inventory)
    _save_terms(cache_dir, key)
    return assess(config, project.catalog, inventory, today=today)


def _load_terms(cache_dir: Path | None) -> str | None:
    """Terms memo of earlier runs into check/review.py; the memo's key (None without a cache)."""
    if cache_dir is None:
        return None
    key = terms_memo_key()
    with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
        data = json.loads((cache_dir / TERMS_FILE).read_text(encoding="utf-8"))
        if data.get("key") == key:
            load_terms_memo(data)
    return key


def _save_terms(cache_dir: Path | None, key: str | None) -> None:
    """Save the memo when this run found new terms; a cache that cannot be written is no error."""
    if cache_dir is None or key is None or (memo := terms_memo()) is None:
        return
    from wenming_submit.atomic import write_text_atomic

    with contextlib.suppress(OSError):
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_text_atomic(cache_dir / TERMS_FILE, json.dumps({"key": key, **memo}, ensure_ascii=False))


def _scan(project: Project, cache_dir: Path | None, progress: StageProgress | None) -> Inventory:
    """The scan, with the formats of unchanged files taken from the cache (a re-check opens no file)."""
    if cache_dir is None:
        return scan(project.config, project.catalog, _for_stage(progress, "scan"))
    cache = InspectionCache(cache_dir, INSPECTOR_VERSION)
    try:
        memo = SniffMemo(cache.load_sniffs())
        inventory = scan(project.config, project.catalog, _for_stage(progress, "scan"), memo,
                         MemberStore(cache_dir / MEMBERS_DIR))  # fmt: skip
        cache.save_sniffs(memo.fresh, memo.gone)
    finally:
        cache.close()
    return inventory
