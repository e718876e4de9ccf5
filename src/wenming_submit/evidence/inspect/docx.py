"""Word .docx: the body text (paragraphs and tables), pictures, and personal data, read from the zip.

The XML is parsed with defusedxml (no DTDs, no entities) straight from `word/document.xml`, capped; this
is ~30x faster than opening the file with python-docx, which matters for ten thousand files, and reads the
same body text that python-docx would.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from wenming_submit.evidence.inspect.common import Inspected, PiiCollector, cjk_count
from wenming_submit.evidence.inspect.review_facts import docx_review
from wenming_submit.evidence.inspect.zipsafety import has_dtd, read_member, zip_problem
from wenming_submit.evidence.titles import title_from
from wenming_submit.findings.codes_content import CORRUPT, EMPTY_CONTENT, XML_ENTITIES, ZIP_BOMB

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _main_part(zf: zipfile.ZipFile) -> str | None:
    names = zf.namelist()
    if "word/document.xml" in names:
        return "word/document.xml"
    return next((n for n in names if n.startswith("word/document") and n.endswith(".xml")), None)


def inspect_docx(path: Path) -> Inspected:
    result = Inspected()
    try:
        with zipfile.ZipFile(path) as zf:
            if problem := zip_problem(zf):
                return Inspected(issues=[problem])
            part = _main_part(zf)
            if part is None:
                return Inspected(issues=[CORRUPT.issue(reason="缺少正文部分 word/document.xml")])
            data = read_member(zf, part)
    except ValueError as exc:
        return Inspected(issues=[ZIP_BOMB.issue(reason=str(exc))])
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, NotImplementedError) as exc:
        return Inspected(issues=[CORRUPT.issue(reason=f"压缩结构损坏（{exc}）")])
    if has_dtd(data):
        return Inspected(issues=[XML_ENTITIES.issue(part=part)])
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        return Inspected(issues=[XML_ENTITIES.issue(part=part)])
    except ParseError as exc:
        return Inspected(issues=[CORRUPT.issue(reason=f"正文 XML 损坏（{exc}）")])
    body = root.find(f"{W}body")
    pii = PiiCollector()
    texts: list[str] = []
    paragraph = table = 0
    for child in body if body is not None else ():
        if child.tag == f"{W}p":
            paragraph += 1
            text = _text(child)
            texts.append(text)
            pii.scan(text, f"第{paragraph}段")
        elif child.tag == f"{W}tbl":
            table += 1
            for r, row in enumerate(child.iter(f"{W}tr"), 1):
                for c, cell in enumerate(row.findall(f"{W}tc"), 1):
                    text = _text(cell)
                    texts.append(text)
                    pii.scan(text, f"表格{table}第{r}行第{c}列")
    pictures = sum(1 for _ in root.iter(f"{W}drawing")) + sum(1 for _ in root.iter(f"{W}pict"))
    body_text = "".join(texts)
    result.facts.update(chars=cjk_count(body_text), pictures=pictures)
    if title := title_from(texts):  # matching by meaning (check/match.py)
        result.facts["title"] = title
    result.facts.update(docx_review(root, "\n".join(texts)))  # review measurements: review_facts.py
    if not body_text.strip() and pictures == 0:
        result.issues.append(EMPTY_CONTENT.issue())
    result.issues += pii.issues()
    return result
