"""The review measurements of documents, one call per inspector (docx, pdf, text), as fact updates.

Each returns `{"extra": {...}}`: "report" (evidence/report_text.py: text sample, data, sources, 文号)
and, where it can be seen, "official" (红头 and seal: evidence/inspect/official.py). PDFs are rendered
for that only when they are plain scans (little text; first and last page draw image XObjects and
nothing else), which keeps hostile or heavy vector PDFs out of the inspection time; a text PDF's 红头 is
not measured (its 文号 and issuer are).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from wenming_submit.evidence.inspect.official import pdf_marks
from wenming_submit.evidence.report_text import text_facts

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADER_PARAGRAPHS = 4
"""A 红头 is in the first paragraphs of a Word notice: the issuer's name set in red."""
RENDER_MAX_PAGES = 60
"""PDFs longer than this are not rendered (a notice is a few pages; a 汇编 is not a notice)."""


def _is_red(color: str) -> bool:
    if len(color) != 6:
        return False
    try:
        r, g, b = (int(color[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return False
    return r >= 140 and r - g >= 60 and r - b >= 60


def _red_header_runs(root: Any) -> int:
    """Red text runs in the first paragraphs of the body (a Word 红头: "某某局文件" in red)."""
    body = root.find(f"{W}body")
    if body is None:
        return 0
    red = 0
    for paragraph in list(body.iter(f"{W}p"))[:HEADER_PARAGRAPHS]:
        for run in paragraph.iter(f"{W}r"):
            color = run.find(f"{W}rPr/{W}color")
            text = "".join(t.text or "" for t in run.iter(f"{W}t")).strip()
            if color is not None and text and _is_red(str(color.get(f"{W}val", "")).upper()):
                red += 1
    return red


def docx_review(root: Any, text: str) -> dict[str, Any]:
    official: dict[str, Any] = {}
    with contextlib.suppress(Exception):  # a malformed run property is no reason to fail the document
        official["red_header_runs"] = _red_header_runs(root)
    return {"extra": {"report": text_facts(text), "official": official}}


SCAN_CHARS_PER_PAGE = 50
"""Less text than this per page: a scan, whose 红头 and seal can only be seen by rendering it."""


def _plain_scan(path: Path, pages: int) -> bool:
    """Every page to render draws its picture directly: image XObjects only, no nested forms. Rendering is
    then cheap; a page of nested Form XObjects can keep PDFium busy for minutes, so it is not rendered."""
    from pypdf import PdfReader

    reader = PdfReader(path, strict=False)
    for index in sorted({0, pages - 1}):
        resources = reader.pages[index].get("/Resources") or {}
        xobjects = resources.get_object().get("/XObject") if hasattr(resources, "get_object") else None
        if not xobjects:
            return False
        subtypes = {str(x.get_object().get("/Subtype")) for x in xobjects.get_object().values()}
        if subtypes != {"/Image"}:
            return False
    return True


def pdf_review(path: Path, pages: int, text: str) -> dict[str, Any]:
    extra: dict[str, Any] = {"report": text_facts(text)}
    scanned = len(text.strip()) < SCAN_CHARS_PER_PAGE * max(pages, 1)
    if scanned and 0 < pages <= RENDER_MAX_PAGES:
        # pdfium may refuse what pypdf read: then no marks are measured and none are guessed
        with contextlib.suppress(Exception):
            if _plain_scan(path, pages):
                extra.update(pdf_marks(path, pages))
    return {"extra": extra}


def text_review(text: str) -> dict[str, Any]:
    return {"extra": {"report": text_facts(text)}}
