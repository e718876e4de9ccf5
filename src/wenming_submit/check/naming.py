"""Evidence names against `[naming] pattern` when `[naming] check = true` (WM280).

The pattern is the one the upload package uses ("{code}_{unit}_{material}_{n:02d}"): `{code}` matches
the indicator code in any spelling (Ⅱ/II, full-width digits, any dash), `{unit}` the unit's name or an
alias, `{material}` the material's name, `{n…}` a number, any other field any text.
"""

from __future__ import annotations

import re
import string

from wenming_submit.catalog.codes import normalize_code
from wenming_submit.evidence.model import EvidenceFile
from wenming_submit.findings.codes_content import NAMING
from wenming_submit.findings.registry import Issue


def _regex(pattern: str) -> re.Pattern[str]:
    parts = []
    for literal, field, _spec, _conv in string.Formatter().parse(pattern):
        parts.append(re.escape(literal))
        if field is None:
            continue
        name = "n" if field == "n" else field if field in ("code", "unit", "material") else None
        parts.append(r"(?P<n>\d+)" if name == "n" else f"(?P<{name}>.+?)" if name else ".+?")
    return re.compile("^" + "".join(parts) + "$")


def _example(pattern: str, file: EvidenceFile) -> str:
    values = {"code": file.indicator or "", "unit": file.unit or "", "material": file.material or "", "n": 1}
    try:
        return pattern.format_map(values)
    except (KeyError, ValueError, IndexError):
        return pattern


def naming_issues(file: EvidenceFile, pattern: str, aliases: dict[str, str]) -> list[Issue]:
    stem = file.name.rsplit(".", 1)[0] if "." in file.name else file.name
    try:
        match = _regex(pattern).match(stem)
    except (ValueError, re.error):
        return []
    ok = match is not None
    if match:
        found = match.groupdict()
        if "code" in found and normalize_code(found["code"]) != normalize_code(file.indicator or ""):
            ok = False
        if "unit" in found and aliases.get(found["unit"], found["unit"]) != file.unit:
            ok = False
        if "material" in found and found["material"] != file.material:
            ok = False
    if ok:
        return []
    return [NAMING.issue(pattern=pattern, example=_example(pattern, file))]
