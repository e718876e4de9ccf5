"""OpenDocument text and spreadsheets (.odt/.ods, what LibreOffice and WPS save by default).

The 汇编 attaches them rather than merging them, so what matters is that they open: the zip directory is
checked for bombs, every member is read within the caps (zipfile checks each member's CRC, so a damaged
part is found), no XML part declares entities, and content.xml parses. The text of an .odt is counted
and searched for personal data like any other document's.
"""

from __future__ import annotations

import lzma
import zipfile
import zlib
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from wenming_submit.evidence.inspect.common import Inspected, PiiCollector, cjk_count
from wenming_submit.evidence.inspect.zipsafety import has_dtd, read_member, zip_problem
from wenming_submit.findings.codes_content import CORRUPT, EMPTY_CONTENT, XML_ENTITIES, ZIP_BOMB

MAX_MEMBERS_READ = 2000
_TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def inspect_odf(path: Path, fmt: str) -> Inspected:
    try:
        with zipfile.ZipFile(path) as zf:
            if problem := zip_problem(zf):
                return Inspected(issues=[problem])
            if "content.xml" not in zf.namelist():
                return Inspected(issues=[CORRUPT.issue(reason="缺少内容部分 content.xml")])
            content = b""
            for info in zf.infolist()[:MAX_MEMBERS_READ]:
                if info.is_dir():
                    continue
                data = read_member(zf, info.filename)  # reads it whole: a CRC mismatch raises here
                if info.filename.endswith(".xml") and has_dtd(data):
                    return Inspected(issues=[XML_ENTITIES.issue(part=info.filename)])
                if info.filename == "content.xml":
                    content = data
    except ValueError as exc:
        return Inspected(issues=[ZIP_BOMB.issue(reason=str(exc))])
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, RuntimeError, NotImplementedError, zlib.error,
            lzma.LZMAError) as exc:  # fmt: skip
        return Inspected(issues=[CORRUPT.issue(reason=f"压缩结构损坏（{type(exc).__name__}）")])
    try:
        root = fromstring(content, forbid_dtd=True)
    except DefusedXmlException:
        return Inspected(issues=[XML_ENTITIES.issue(part="content.xml")])
    except ParseError:
        return Inspected(issues=[CORRUPT.issue(reason="内容 XML 损坏")])
    if fmt != "odt":
        return Inspected()
    pii = PiiCollector()
    texts = []
    for number, paragraph in enumerate(root.iter(f"{_TEXT_NS}p"), 1):
        text = "".join(paragraph.itertext())
        texts.append(text)
        pii.scan(text, f"第{number}段")
    body = "".join(texts)
    issues = [] if body.strip() else [EMPTY_CONTENT.issue()]
    return Inspected(facts={"chars": cjk_count(body)}, issues=issues + pii.issues())
