"""PDF: opens (pypdf, lenient about broken xref tables), pages countable, password found, text counted.

An encrypted PDF that opens with the empty user password (only editing or printing restricted) is
read like any other; one that needs a password is `encrypted`. AES needs the `cryptography` package.

Text is read from at most TEXT_PAGES pages: enough to count a 说明报告's characters and to find personal
data in a form, while a 300-page scanned 汇编 costs no more than its page count.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from wenming_submit.evidence.inspect.common import Inspected, PiiCollector, cjk_count
from wenming_submit.evidence.inspect.review_facts import pdf_review
from wenming_submit.evidence.titles import title_from
from wenming_submit.findings.codes_content import CORRUPT, EMPTY_CONTENT, ENCRYPTED
from wenming_submit.findings.registry import Issue

TEXT_PAGES = 50
logging.getLogger("pypdf").setLevel(logging.ERROR)


def inspect_pdf(path: Path) -> Inspected:
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            return Inspected(facts={"encrypted": True}, issues=[ENCRYPTED.issue()])
        pages = len(reader.pages)
    except (FileNotDecryptedError, DependencyError):
        # DependencyError: an AES-encrypted file and no `cryptography` (a declared dependency; belt and braces).
        return Inspected(facts={"encrypted": True}, issues=[ENCRYPTED.issue()])
    except (PdfReadError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, NotImplementedError) as exc:  # fmt: skip
        return Inspected(issues=[CORRUPT.issue(reason=f"PDF 结构损坏（{type(exc).__name__}）")])
    if pages == 0:
        return Inspected(facts={"pages": 0}, issues=[EMPTY_CONTENT.issue()])
    pii = PiiCollector()
    chars = 0
    unreadable = 0
    texts: list[str] = []
    title = None
    for number in range(min(pages, TEXT_PAGES)):
        try:
            text = reader.pages[number].extract_text() or ""
        except Exception:  # a broken content stream on one page: count it, keep the rest
            unreadable += 1
            continue
        chars += cjk_count(text)
        texts.append(text)
        title = title or title_from(text.splitlines())  # matching by meaning (check/match.py)
        pii.scan(text, f"第{number + 1}页")
    issues: list[Issue] = []
    if unreadable == min(pages, TEXT_PAGES):
        issues.append(CORRUPT.issue(reason="所有页面的内容都无法读取"))
    facts: dict[str, object] = {"pages": pages, "chars": chars} | ({"title": title} if title else {})
    facts |= pdf_review(path, pages, "\n".join(texts))  # review measurements: review_facts.py
    return Inspected(facts=facts, issues=issues + pii.issues())
