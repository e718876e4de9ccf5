"""A document's own title, as matching by meaning reads it (check/match.py): its first non-empty line.

Chinese official documents (公文) put the title first ("关于开展……活动的通知"); a red-header file puts the
issuing unit before it, which is just as useful for telling whose document it is. Headings such as
"一、" further down are not titles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_TITLE = 100
_SPACES = re.compile(r"\s+")


def title_from(lines: Iterable[str], limit: int = 20) -> str | None:
    """The first line with text among the first `limit` lines, spaces collapsed, at most MAX_TITLE chars."""
    for number, line in enumerate(lines):
        if number >= limit:
            break
        text = _SPACES.sub(" ", line).strip()
        if text:
            return text[:MAX_TITLE]
    return None
