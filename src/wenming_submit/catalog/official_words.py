"""Words of a 材料要求 that ask for a stamped or 红头 document (issue 17): `import` sets the material's
`seal` / `red_header` from them, and check/review.py then looks for the seal and the red header."""

from __future__ import annotations

import re
from collections.abc import Iterable

SEAL = re.compile(r"盖章|加盖|印章|公章|签章|扫描件|盖公章")
RED_HEADER = re.compile(r"红头")
DOCUMENT_KINDS = frozenset({"document", "pdf", "any"})


def official_flags(requirement: str, kinds: Iterable[str]) -> dict[str, bool]:
    """{"seal": True} / {"red_header": True} for a document material whose requirement names them."""
    if not DOCUMENT_KINDS & set(kinds):
        return {}
    flags = {}
    if SEAL.search(requirement):
        flags["seal"] = True
    if RED_HEADER.search(requirement):
        flags["red_header"] = True
    return flags
