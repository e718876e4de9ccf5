"""CheckResult values built directly, so history tests control every count."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import wenming_submit.findings.codes_core  # noqa: F401  (registers WM1xx)
from wenming_submit.check.result import CheckResult, Requirement, Status
from wenming_submit.findings.finding import make_finding

MakeResult = Callable[..., CheckResult]


def build_result(
    statuses: dict[tuple[str, str], list[str]], *, errors: dict[str, int] | None = None
) -> CheckResult:
    """statuses: (unit, indicator) -> a status per material; errors: unit -> number of WM130 findings."""
    reqs = []
    findings = []
    for (unit, indicator), values in statuses.items():
        for n, status in enumerate(values):
            reqs.append(Requirement(indicator=indicator, unit=unit, material=f"材料{n}", status=Status(status),
                                    required=1, found=0 if status == "missing" else 1))  # fmt: skip
    for unit, count in (errors or {}).items():
        for n in range(count):
            findings.append(
                make_finding("WM130", path=f"evidence/{unit}/x{n}.docx", unit=unit, indicator="Ⅰ-1-1")
            )
    return CheckResult(title="测试项目", period=("2026-01-01", "2026-12-31"), requirements=tuple(reqs),
                       findings=tuple(findings))  # fmt: skip


@pytest.fixture
def make_result() -> MakeResult:
    return build_result
