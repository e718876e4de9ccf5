"""Finding: one problem, as data (DESIGN §5). Built only through the registry."""

from __future__ import annotations

import string
from typing import Any

from pydantic import BaseModel, ConfigDict

from wenming_submit.findings.registry import REGISTRY, CheckSpec, Severity


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    kind: str
    severity: Severity
    path: str | None = None
    indicator: str | None = None
    unit: str | None = None
    material: str | None = None
    message: str
    hint: str

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.error


class _Lenient(dict[str, Any]):
    """Missing template fields show as empty text instead of raising in the middle of a report."""

    def __missing__(self, key: str) -> str:
        return ""


def _fill(template: str, params: dict[str, Any]) -> str:
    try:
        return string.Formatter().vformat(template, (), _Lenient(params))
    except (ValueError, TypeError):
        # A format spec that does not fit the value ({size_mb:.1f} with a missing value).
        return template.format_map(_Lenient({k: str(v) for k, v in params.items()}))


def make_finding(
    spec: CheckSpec | str,
    *,
    path: str | None = None,
    indicator: str | None = None,
    unit: str | None = None,
    material: str | None = None,
    severity: Severity | None = None,
    **params: Any,
) -> Finding:
    """A Finding from a registered spec (or its code), its message and hint filled from the parameters."""
    if isinstance(spec, str):
        spec = REGISTRY[spec]
    spec.check_params(params)
    values = {"indicator": indicator or "", "unit": unit or "", "material": material or "", **params}
    return Finding(
        code=spec.code,
        kind=spec.kind,
        severity=severity or spec.severity,
        path=path,
        indicator=indicator,
        unit=unit,
        material=material,
        message=_fill(spec.message, values),
        hint=_fill(spec.hint, values),
    )
