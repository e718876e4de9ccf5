"""What every inspector shares: its result type, Chinese character counting, and PII collection."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from wenming_submit.evidence.pii import find_pii
from wenming_submit.findings.codes_content import PII_CARD, PII_ID, PII_MOBILE
from wenming_submit.findings.registry import Issue

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
PII_SPECS = {"id": PII_ID, "mobile": PII_MOBILE, "card": PII_CARD}
PII_SHOWN = 3
"""Places listed per kind; the count tells the rest."""


@dataclass
class Inspected:
    """Fact updates (field name -> value of evidence.model.Facts) and the issues an inspector found."""

    facts: dict[str, Any] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


def cjk_count(text: str) -> int:
    return len(_CJK.findall(text))


class PiiCollector:
    """Gathers masked personal numbers with where they were seen, one issue per kind."""

    def __init__(self) -> None:
        self._places: dict[str, list[str]] = {k: [] for k in PII_SPECS}

    def scan(self, text: str, where: str) -> None:
        for hit in find_pii(text):
            self._places[hit.kind].append(f"{where} {hit.masked}")

    def issues(self) -> list[Issue]:
        out = []
        for kind, places in self._places.items():
            if places:
                shown = "；".join(places[:PII_SHOWN])
                more = f" 等 {len(places)} 处" if len(places) > PII_SHOWN else ""
                out.append(PII_SPECS[kind].issue(count=len(places), places=shown + more))
        return out
