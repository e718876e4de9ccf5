"""The portal's view of the project: the latest check, kept fresh, and each unit's part of it.

Every change (upload, withdrawal, caption) asks for a result computed by a check that *started after*
the change. Checks run one at a time through the normal pipeline (check.run.run_check, with its cache,
so only new files are read); requests that arrive while one runs share the next one, so eight units
uploading at once cost two checks, not eight.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from wenming_submit.catalog.model import Indicator, Material
from wenming_submit.check.result import CheckResult, Counts, Requirement
from wenming_submit.check.run import run_check
from wenming_submit.digest import sha256_file
from wenming_submit.evidence.model import EvidenceFile
from wenming_submit.findings.finding import Finding
from wenming_submit.portal.store import Review
from wenming_submit.project import Project


class Checker:
    def __init__(self, project: Project) -> None:
        self.project = project
        self._cond = threading.Condition()
        self._requested = 0
        self._completed = 0
        self._running = False
        self._result: CheckResult | None = None
        self.runs = 0

    def latest(self) -> CheckResult:
        """The last result (a first check is run if there is none)."""
        with self._cond:
            if self._result is not None:
                return self._result
        return self.fresh()

    def fresh(self) -> CheckResult:
        """A result from a check that started after this call."""
        with self._cond:
            self._requested += 1
            mine = self._requested
            while self._completed < mine:
                if self._running:
                    self._cond.wait()
                    continue
                self._running = True
                started_for = self._requested
                self._cond.release()
                try:
                    result = run_check(self.project)
                except BaseException:
                    self._cond.acquire()
                    self._running = False
                    self._cond.notify_all()
                    raise
                self._cond.acquire()
                self._result, self._completed, self._running = result, started_for, False
                self.runs += 1
                self._cond.notify_all()
            assert self._result is not None
            return self._result


@dataclass
class FileView:
    file: EvidenceFile
    findings: list[Finding]
    review: Review | None
    uploaded_by: str | None
    """Login that uploaded it through the portal, None for files placed by hand."""


@dataclass
class SlotView:
    indicator: Indicator
    material: Material
    requirement: Requirement | None
    files: list[FileView] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    """Findings of the material without a file (missing, too few)."""


@dataclass
class ItemView:
    indicator: Indicator
    slots: list[SlotView]
    findings: list[Finding]
    """Findings of the item that name no material and no file."""


def current_reviews(reviews: dict[str, Review], files: tuple[EvidenceFile, ...]) -> dict[str, Review]:
    """The reviews of these files, each marked whether it is about the file's present content."""
    out = {}
    for ev in files:
        review = reviews.get(ev.rel)
        if review is None:
            continue
        if review.sha256 is not None:
            try:
                same = sha256_file(ev.path) == review.sha256
            except OSError:
                same = False
            review = replace(review, current=same)
        out[ev.rel] = review
    return out


def unit_items(project: Project, result: CheckResult, unit: str, reviews: dict[str, Review],
               uploads: dict[str, Any]) -> tuple[list[ItemView], list[FileView]]:  # fmt: skip
    """The unit's items in catalogue order, each material with its requirement, files and findings; plus
    the unit's files the check could not put into any slot."""
    view = result.narrowed(unit=unit)
    reviews = current_reviews(reviews, view.files)
    by_path: dict[str, list[Finding]] = defaultdict(list)
    loose: dict[tuple[str | None, str | None], list[Finding]] = defaultdict(list)
    for f in view.findings:
        if f.path:
            by_path[f.path].append(f)
        else:
            loose[(f.indicator, f.material)].append(f)
    reqs = {(r.indicator, r.material): r for r in view.requirements}
    files: dict[tuple[str | None, str | None], list[FileView]] = defaultdict(list)
    for ev in view.files:
        if ev.role.value == "helper":
            continue
        fv = FileView(ev, by_path.get(ev.rel, []), reviews.get(ev.rel),
                      uploads[ev.rel]["login"] if ev.rel in uploads else None)  # fmt: skip
        files[(ev.indicator, ev.material if ev.role.value == "evidence" else ev.material_scope)].append(fv)
    items: list[ItemView] = []
    placed: set[int] = set()
    for ind in project.catalog.indicators:
        if unit not in ind.units:
            continue
        slots = []
        for m in ind.materials:
            slot_files = files.get((ind.code, m.name), [])
            placed.update(id(f) for f in slot_files)
            slots.append(SlotView(ind, m, reqs.get((ind.code, m.name)), slot_files, loose.get((ind.code, m.name), [])))
        item_files = files.get((ind.code, None), [])
        items.append(ItemView(ind, slots, loose.get((ind.code, None), [])))
        if item_files:
            slots[0].files.extend(f for f in item_files if id(f) not in placed)
            placed.update(id(f) for f in item_files)
    others = [f for group in files.values() for f in group if id(f) not in placed]
    return items, others


def unit_counts(result: CheckResult) -> list[tuple[str, Counts]]:
    """Per unit: requirement statuses and finding severities, as the dashboard counts them."""
    units: dict[str, tuple[list[Requirement], list[Finding]]] = {}
    for r in result.requirements:
        units.setdefault(r.unit, ([], []))[0].append(r)
    for f in result.findings:
        if f.unit in units:
            units[f.unit][1].append(f)
    return [(u, Counts.of(reqs, finds)) for u, (reqs, finds) in units.items()]


def me_document(result: CheckResult, unit: str | None) -> dict[str, Any]:
    """`GET /api/me`: the unit's part of the `check --format json` document (DESIGN §6, §8)."""
    view = result.narrowed(unit=unit) if unit else result
    doc = view.to_json()
    return {"unit": unit, "project": doc["project"], "summary": doc["summary"],
            "requirements": doc["requirements"], "findings": doc["findings"]}  # fmt: skip
