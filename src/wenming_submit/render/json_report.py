"""`check --format json`: the DESIGN §6 document."""

from __future__ import annotations

import json

from wenming_submit.check.result import CheckResult


def render_json(result: CheckResult) -> str:
    return json.dumps(result.to_json(), ensure_ascii=False, indent=2)
