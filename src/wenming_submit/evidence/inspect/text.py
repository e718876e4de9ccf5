"""Plain text (.txt/.csv/.md): decoded as UTF-8, UTF-16 (with BOM) or GB18030; characters counted, personal data found.

A 图片说明.txt is a helper file: its lines map picture names to captions.
"""

from __future__ import annotations

from pathlib import Path

from wenming_submit.evidence.captions import parse_caption_lines
from wenming_submit.evidence.inspect.common import Inspected, PiiCollector, cjk_count
from wenming_submit.evidence.inspect.review_facts import text_review
from wenming_submit.evidence.titles import title_from
from wenming_submit.textcodec import decode_chinese_text

MAX_TEXT = 8 * 1024 * 1024


def decode(data: bytes, *, partial: bool = False) -> str:
    """UTF-8/UTF-16/GB18030 text; `partial`: `data` is the head of a longer file (may end mid-character)."""
    return decode_chinese_text(data, partial=partial) or data.decode("utf-8", "replace")


def inspect_text(path: Path) -> Inspected:
    with path.open("rb") as fh:
        data = fh.read(MAX_TEXT)
        text = decode(data, partial=len(data) == MAX_TEXT)
    pii = PiiCollector()
    for number, line in enumerate(text.splitlines(), 1):
        pii.scan(line, f"第{number}行")
    facts: dict[str, object] = {"chars": cjk_count(text), **text_review(text)}  # review_facts.py
    if title := title_from(text.splitlines()):  # matching by meaning (check/match.py)
        facts["title"] = title
    captions = parse_caption_lines(text)
    if captions:
        facts["captions"] = captions
    return Inspected(facts=facts, issues=pii.issues())
