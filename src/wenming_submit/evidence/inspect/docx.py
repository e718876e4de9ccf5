"""Word .docx: the body text (paragraphs and tables), pictures, and personal data, read from the zip.

The XML is parsed with defusedxml (no DTDs, no entities) straight from `word/document.xml`, capped; this
reads the same body text that python-docx would. The package is also walked the way python-docx, the
reader the 汇编 uses, walks it (`opc_problem`), so that a package python-docx refuses (no
[Content_Types].xml, broken relationships, a missing part) is reported by the check and not first met
in the build.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE

from wenming_submit.evidence.inspect.common import Inspected, PiiCollector, cjk_count
from wenming_submit.evidence.inspect.review_facts import docx_review
from wenming_submit.evidence.inspect.zipsafety import has_dtd, read_member, zip_problem
from wenming_submit.evidence.titles import title_from
from wenming_submit.findings.codes_content import CORRUPT, EMPTY_CONTENT, XML_ENTITIES, ZIP_BOMB

MAX_PARTS_SCANNED = 2000
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _main_part(zf: zipfile.ZipFile) -> str | None:
    names = zf.namelist()
    if "word/document.xml" in names:
        return "word/document.xml"
    return next((n for n in names if n.startswith("word/document") and n.endswith(".xml")), None)


def _xml_with_dtd(zf: zipfile.ZipFile) -> str | None:
    """The first XML part that declares a DTD or entities (python-docx parses every part it loads)."""
    for info in zf.infolist()[:MAX_PARTS_SCANNED]:
        if info.filename.endswith((".xml", ".rels")):
            with zf.open(info) as fh:
                if has_dtd(fh.read(4096)):
                    return info.filename
    return None


def _content_types(zf: zipfile.ZipFile) -> tuple[dict[str, str], dict[str, str]]:
    """(overrides by lower-case part name, defaults by lower-case extension) of [Content_Types].xml."""
    root = fromstring(read_member(zf, "[Content_Types].xml"), forbid_dtd=True)
    defaults, overrides = {}, {}
    for element in root:
        if element.tag.endswith("}Default"):
            defaults[element.get("Extension", "").lower()] = element.get("ContentType", "")
        elif element.tag.endswith("}Override"):
            overrides[element.get("PartName", "").lower()] = element.get("ContentType", "")
    return overrides, defaults


def opc_problem(zf: zipfile.ZipFile) -> str | None:
    """Why python-docx, the reader the 汇编 uses, would refuse this Word package (None when it opens).

    The walk of python-docx's own package reader (docx.opc.pkgreader): from the package relationships,
    every internal relationship target must be a member of the zip and have a content type; the part
    the officeDocument relationship names must be a WordprocessingML document. XML parts and
    relationships are read whole (so a damaged member fails its CRC here as it would there); pictures
    are only looked up, not inflated, which keeps this at a few milliseconds per file.
    """
    try:
        return _opc_walk(zf)
    except ParseError:
        return "文档包的内容类型或关系 XML 损坏"


def _opc_walk(zf: zipfile.ZipFile) -> str | None:
    names = set(zf.namelist())
    if "[Content_Types].xml" not in names:
        return "文档包缺少部件 [Content_Types].xml"
    overrides, defaults = _content_types(zf)

    def content_type(partname: str) -> str | None:
        return overrides.get(partname.lower()) or defaults.get(partname.rpartition(".")[2].lower())

    main: str | None = None
    visited: set[str] = set()
    pending = ["/"]
    while pending:
        source = pending.pop()
        folder, _, base = source.rpartition("/")
        rels_member = "_rels/.rels" if source == "/" else f"{folder.lstrip('/')}/_rels/{base}.rels".lstrip("/")
        if rels_member not in names:
            continue
        for rel in fromstring(read_member(zf, rels_member), forbid_dtd=True):
            if rel.get("TargetMode") == "External":
                continue
            target = posixpath.normpath(posixpath.join(folder or "/", rel.get("Target", "")))
            if source == "/" and rel.get("Type") == RELATIONSHIP_TYPE.OFFICE_DOCUMENT:
                main = target
            if target in visited:
                continue
            visited.add(target)
            member = target.lstrip("/")
            if member not in names:
                return f"文档包缺少部件 {member}"
            if content_type(target) is None:
                return f"部件 {member} 没有登记内容类型"
            if member.endswith((".xml", ".rels")):
                read_member(zf, member)  # python-docx reads every part: a damaged one fails here too
            pending.append(target)
    if main is None:
        return "文档包没有指向正文的关系"
    if content_type(main) != CONTENT_TYPE.WML_DOCUMENT_MAIN:
        return "正文部件的类型不是 Word 文档"
    return None


def inspect_docx(path: Path, *, opc: bool = True) -> Inspected:
    """`opc`: also open it with python-docx as the 汇编 does (not for .docm/.dotx, which it refuses)."""
    result = Inspected()
    try:
        with zipfile.ZipFile(path) as zf:
            if problem := zip_problem(zf):
                return Inspected(issues=[problem])
            if bad := _xml_with_dtd(zf):
                return Inspected(issues=[XML_ENTITIES.issue(part=bad)])
            part = _main_part(zf)
            if part is None:
                return Inspected(issues=[CORRUPT.issue(reason="缺少正文部分 word/document.xml")])
            data = read_member(zf, part)
            why = opc_problem(zf) if opc else None
    except ValueError as exc:
        return Inspected(issues=[ZIP_BOMB.issue(reason=str(exc))])
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, NotImplementedError, RuntimeError) as exc:
        return Inspected(issues=[CORRUPT.issue(reason=f"压缩结构损坏（{type(exc).__name__}）")])
    except zlib.error:
        return Inspected(issues=[CORRUPT.issue(reason="压缩数据损坏")])
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
    if why:
        return Inspected(issues=[CORRUPT.issue(reason=f"Word 无法打开：{why}")])
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
