"""The one registry of finding codes (DESIGN §5, a contract): code, kind, severity, Chinese text.

Every check is declared once with `register(...)`: a stable code (never reused), its DESIGN kind, its
default severity, the Chinese message and hint templates (str.format fields filled from the finding's
parameters) and a doc string giving the bad case and the fix. `docs/checks.md` is generated from here.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


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


KIND_LABELS: dict[str, str] = {
    "missing": "缺少材料", "insufficient": "材料不充分", "unassigned": "无法归类", "unknown-unit": "未知单位",
    "wrong-type": "格式不符", "extension-mismatch": "扩展名不符", "corrupt": "文件损坏", "encrypted": "加密文件",
    "empty": "空文件", "too-large": "文件过大", "low-resolution": "分辨率不足", "out-of-period": "不在测评周期内",
    "caption": "图片说明", "naming": "命名不规范", "duplicate": "重复文件", "near-duplicate": "疑似重复照片",
    "pii": "个人信息", "temp-file": "临时文件", "legacy-format": "旧格式", "ledger-columns": "台账缺列",
    "ledger-frequency": "台账频次不足", "unsafe": "不安全文件", "unreadable": "无法读取",
}  # fmt: skip
"""Every kind in Chinese, for whatever a person reads (清单, dashboard, notices)."""
assert set(KIND_LABELS) == set(KINDS), "every finding kind needs a Chinese label"


LOCATION_FIELDS = frozenset({"indicator", "unit", "material", "path"})
"""Template fields filled from where a finding is, not from its parameters."""


@dataclass(frozen=True)
class Issue:
    """A problem seen while scanning, inspecting or judging a file: a registered code and its parameters.

    Made by `CheckSpec.issue(...)`, which checks the parameters against the message templates; the check
    stage turns an Issue into a Finding with its Chinese texts. Plain data, so it can be cached as JSON.
    """

    code: str
    params: dict[str, Any] = field(default_factory=dict)


def _fields(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


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
    unreadable: bool = False
    """The file's content could not be read: it has no facts worth judging against its material."""

    @property
    def fields(self) -> frozenset[str]:
        """The parameters the message and hint need (besides the finding's location)."""
        return frozenset((_fields(self.message) | _fields(self.hint)) - LOCATION_FIELDS)

    def check_params(self, params: dict[str, Any]) -> None:
        """Raise ValueError when a parameter is missing or unknown: a misnamed field fails loudly."""
        given = set(params) - LOCATION_FIELDS
        missing, unknown = self.fields - given, given - self.fields
        if missing or unknown:
            raise ValueError(f"{self.code}: missing parameters {sorted(missing)}, unknown {sorted(unknown)}")

    def issue(self, **params: Any) -> Issue:
        """This problem seen on a file, with the parameters its texts need."""
        self.check_params(params)
        return Issue(self.code, params)


REGISTRY: dict[str, CheckSpec] = {}


def register(
    code: str, kind: str, severity: Severity, name: str, *, message: str, hint: str, doc: str,
    unreadable: bool = False,
) -> CheckSpec:
    if code in REGISTRY:
        raise ValueError(f"finding code {code} registered twice")
    if kind not in KINDS:
        raise ValueError(f"{code}: kind {kind!r} is not in the DESIGN §5 vocabulary")
    spec = CheckSpec(code, kind, severity, name, message, hint, doc, unreadable)
    REGISTRY[code] = spec
    return spec


def spec(code: str) -> CheckSpec:
    return REGISTRY[code]
