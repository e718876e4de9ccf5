"""The one registry of finding codes (DESIGN §5, a contract): code, kind, severity, Chinese text.

Every check is declared once with `register(...)`: a stable code (never reused), its DESIGN kind, its
default severity, the Chinese message and hint templates (str.format fields filled from the finding's
parameters) and a doc string giving the bad case and the fix. `docs/checks.md` is generated from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    error = "error"
    """Blocks a clean build."""
    warning = "warning"
    """Shown; does not block."""
    info = "info"
    """Noted only."""


SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}

KINDS = (
    "missing", "insufficient", "unassigned", "unknown-unit", "wrong-type", "extension-mismatch",
    "corrupt", "encrypted", "empty", "too-large", "low-resolution", "out-of-period", "caption",
    "naming", "duplicate", "near-duplicate", "pii", "temp-file", "legacy-format", "ledger-columns",
    "ledger-frequency", "unsafe", "unreadable",
)  # fmt: skip


@dataclass(frozen=True)
class CheckSpec:
    code: str
    kind: str
    severity: Severity
    name: str
    """Dotted English name, e.g. `completeness.missing`."""
    message: str
    hint: str
    doc: str
    """The bad case and the fix, in Chinese, for docs/checks.md."""


REGISTRY: dict[str, CheckSpec] = {}


def register(
    code: str, kind: str, severity: Severity, name: str, *, message: str, hint: str, doc: str
) -> CheckSpec:
    if code in REGISTRY:
        raise ValueError(f"finding code {code} registered twice")
    if kind not in KINDS:
        raise ValueError(f"{code}: kind {kind!r} is not in the DESIGN §5 vocabulary")
    spec = CheckSpec(code, kind, severity, name, message, hint, doc)
    REGISTRY[code] = spec
    return spec


def spec(code: str) -> CheckSpec:
    return REGISTRY[code]
