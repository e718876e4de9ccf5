"""CheckResult: everything a check found, and the JSON contract of DESIGN §6.

Renderers (console, JSON, Excel, HTML, Word) read this and never re-compute anything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from wenming_submit.check.match import file_entries
from wenming_submit.errors import EXIT_OK, EXIT_PROBLEMS
from wenming_submit.evidence.model import EvidenceFile
from wenming_submit.findings.finding import Finding

JSON_VERSION = 1


class Status(StrEnum):
    complete = "complete"
    partial = "partial"
    missing = "missing"
    waived = "waived"


STATUS_LABELS = {"complete": "完整", "partial": "部分", "missing": "缺失", "waived": "免报"}


class Requirement(BaseModel):
    """One (indicator, unit, material) the checklist asks for, and how far it is met."""

    model_config = ConfigDict(frozen=True)

    indicator: str
    """The code as the catalogue writes it."""
    unit: str
    material: str
    status: Status
    required: int
    found: int
    """How many items were handed in: every assigned file, good or not (a Word photo album counts its
    pictures)."""
    files: tuple[str, ...] = ()
    """The assigned files (`found` of them)."""
    accepted: tuple[str, ...] = ()
    """The assigned files that count: those without an error finding. `status` is computed from these."""
    counted: int = 0
    """How many of the `required` items the accepted files make (a Word photo album counts its pictures)."""
    waiver: str | None = None
    """Path of the 无此项工作说明 when waived."""
    due: str | None = None
    """The indicator's 完成时间 as an ISO date; None: no date (常态化)."""
    overdue: bool = False
    """Past `due` on the day of the check and still partial or missing (computed once, in the check)."""


class Summary(BaseModel):
    model_config = ConfigDict(frozen=True)

    requirements: int = 0
    complete: int = 0
    partial: int = 0
    missing: int = 0
    waived: int = 0
    files: int = 0
    errors: int = 0
    warnings: int = 0


@dataclass(frozen=True)
class Counts:
    """Requirement statuses and finding severities of one cell (or a sum of cells)."""

    complete: int = 0
    partial: int = 0
    missing: int = 0
    waived: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0

    @classmethod
    def of(cls, requirements: Iterable[Requirement], findings: Iterable[Finding]) -> Counts:
        statuses = Counter(r.status.value for r in requirements)
        severities = Counter(f.severity.value for f in findings)
        return cls(complete=statuses["complete"], partial=statuses["partial"], missing=statuses["missing"],
                   waived=statuses["waived"], errors=severities["error"], warnings=severities["warning"],
                   infos=severities["info"])  # fmt: skip

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def requirements(self) -> int:
        return self.complete + self.partial + self.missing + self.waived

    @property
    def done(self) -> int:
        """Requirements that need no more work (complete or waived)."""
        return self.complete + self.waived

    @property
    def ratio(self) -> float:
        return self.done / self.requirements if self.requirements else 1.0



class CheckResult(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    title: str
    period: tuple[str, str]
    requirements: tuple[Requirement, ...]
    findings: tuple[Finding, ...]
    files: tuple[EvidenceFile, ...] = ()
    """The inventory the result was computed from (for Excel/Word); not part of the JSON contract."""

    @property
    def summary(self) -> Summary:
        c = Counts.of(self.requirements, self.findings)
        return Summary(
            requirements=c.requirements, complete=c.complete, partial=c.partial, missing=c.missing,
            waived=c.waived, files=sum(1 for f in self.files if f.role.value == "evidence"),
            errors=c.errors, warnings=c.warnings,
        )

    @property
    def overdue(self) -> tuple[Requirement, ...]:
        """The requirements past their 完成时间 and still not met."""
        return tuple(r for r in self.requirements if r.overdue)

    @property
    def exit_code(self) -> int:
        s = self.summary
        return EXIT_PROBLEMS if (s.partial or s.missing or s.errors) else EXIT_OK

    def narrowed(self, *, unit: str | None = None, indicator: str | None = None) -> CheckResult:
        """The same result seen from one unit and/or one indicator (codes compared as written)."""

        def keep(item_unit: str | None, item_indicator: str | None) -> bool:
            return (unit is None or item_unit == unit) and (indicator is None or item_indicator == indicator)

        return self.model_copy(
            update={
                "requirements": tuple(r for r in self.requirements if keep(r.unit, r.indicator)),
                "findings": tuple(f for f in self.findings if keep(f.unit, f.indicator)),
                "files": tuple(f for f in self.files if keep(f.unit, f.indicator)),
            }
        )

    def to_json(self) -> dict[str, Any]:
        """The `check --format json` document (DESIGN §6, a contract)."""
        return {
            "version": JSON_VERSION,
            "project": {"title": self.title, "period": list(self.period)},
            "summary": self.summary.model_dump(),
            "requirements": [r.model_dump(mode="json", exclude={"waiver", "due", "overdue"}) | _waiver(r) | _due(r) for r in self.requirements],
            "findings": [f.model_dump(mode="json") for f in self.findings],
            # issue 11 (matching by meaning): optional list of where each file was placed and why
            "files": file_entries(self.files),
        }


def _waiver(req: Requirement) -> dict[str, Any]:
    return {"waiver": req.waiver} if req.waiver else {}


def _due(req: Requirement) -> dict[str, Any]:
    """Optional fields of the contract: only items with a 完成时间 carry `due` and `overdue`."""
    return {"due": req.due, "overdue": req.overdue} if req.due else {}
