"""docs/checks.md is generated from the registry and must be current; the content codes are complete."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from wenming_submit.findings import codes_content
from wenming_submit.findings.codes import all_specs
from wenming_submit.findings.registry import KINDS

ROOT = Path(__file__).resolve().parents[3]


def _generator() -> object:
    spec = importlib.util.spec_from_file_location("gen_checks_doc", ROOT / "scripts" / "gen_checks_doc.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_checks_doc_is_current() -> None:
    expected = _generator().render()  # type: ignore[attr-defined]
    actual = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/checks.md 已过期：请运行 python scripts/gen_checks_doc.py"


def test_every_code_is_documented() -> None:
    text = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    for spec in all_specs():
        assert f"## {spec.code}\n" in text
        assert spec.doc and spec.message and spec.hint


def test_content_codes_are_wm2xx_with_every_kind_the_issue_names() -> None:
    specs = [v for v in vars(codes_content).values() if hasattr(v, "code") and hasattr(v, "kind")]
    assert all(re.fullmatch(r"WM2\d\d", s.code) for s in specs)
    kinds = {s.kind for s in specs}
    assert {"corrupt", "encrypted", "empty", "legacy-format", "low-resolution", "out-of-period", "caption",
            "insufficient", "pii", "ledger-columns", "ledger-frequency", "unsafe", "duplicate",
            "near-duplicate"} <= kinds <= set(KINDS)  # fmt: skip


def test_codes_are_string_literals_only_in_the_vocabulary() -> None:
    """Code that raises a finding references its spec object; only findings/ spells "WMxxx"."""
    src = ROOT / "src" / "wenming_submit"
    offenders = {
        str(path.relative_to(src)): sorted(set(re.findall(r'"(WM\d{3})"', path.read_text(encoding="utf-8"))))
        for path in src.rglob("*.py")
        if path.parent.name != "findings"
    }
    assert not {k: v for k, v in offenders.items() if v}


def test_spec_issue_checks_its_parameters_against_the_templates() -> None:
    from wenming_submit.findings.codes_content import LOW_RESOLUTION, TOO_SHORT

    issue = TOO_SHORT.issue(chars=120, min_chars=500)
    assert issue.code == TOO_SHORT.code and issue.params == {"chars": 120, "min_chars": 500}
    with pytest.raises(ValueError, match="missing parameters"):
        TOO_SHORT.issue(char=120, min_chars=500)  # a misnamed field
    with pytest.raises(ValueError, match="unknown"):
        LOW_RESOLUTION.issue(width=1, height=1, min_width=2, min_height=2, depth=8)
    assert TOO_SHORT.fields == {"chars", "min_chars"}
