"""Word .docx: the body text (paragraphs and tables), pictures, and personal data, read from the zip.

The XML is parsed with defusedxml (no DTDs, no entities) straight from `word/document.xml`, capped; this
reads the same body text that python-docx would. The file is then also opened with python-docx, the
reader the 汇编 uses, so that a package python-docx refuses (no [Content_Types].xml, broken
relationships) is reported by the check and not first met in the build.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import PartFactory
from docx.opc.pkgreader import PackageReader
from docx.oxml.parser import parse_xml

from wenming_submit.evidence.inspect.common import Inspected, PiiCollector, cjk_count
from wenming_submit.evidence.inspect.zipsafety import has_dtd, read_member, zip_problem
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


def opc_problem(path: Path) -> str | None:
    """Why python-docx, the reader the 汇编 uses, cannot open this Word file (None when it can).

    Its own package reader reads [Content_Types].xml, the relationships and every part; the main part
    must be a Word document, and the parts python-docx loads as XML (styles, numbering, settings, headers,
    footers, comments, properties) must parse with its parser. That is what `docx.Document()` does, less
    building the object tree, at a seventh of the cost.
    """
    try:
        reader = PackageReader.from_file(str(path))  # type: ignore[no-untyped-call]
        main = next((rel.target_partname for source, rel in reader.iter_srels()
                     if source == "/" and rel.reltype == RELATIONSHIP_TYPE.OFFICE_DOCUMENT), None)  # fmt: skip
        if main is None:
            return "文档包没有指向正文的关系"
        for partname, content_type, _reltype, blob in reader.iter_sparts():
            if partname == main and content_type != CONTENT_TYPE.WML_DOCUMENT_MAIN:
                return "正文部件的类型不是 Word 文档"
            if content_type in PartFactory.part_type_for and partname != main:
                parse_xml(blob)
    except PackageNotFoundError:
        return "不是完整的 Word 文档包"
    except KeyError as exc:
        named = re.search(r"named '([^']+)'", str(exc))
        return f"文档包缺少部件 {named.group(1)}" if named else "文档包缺少必需的部件"
    except Exception as exc:  # lxml XMLSyntaxError, zipfile errors, AttributeError on broken rels…
        return f"文档包结构错误（{type(exc).__name__}）"
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
    if opc and (why := opc_problem(path)):
        return Inspected(issues=[CORRUPT.issue(reason=f"Word 无法打开：{why}")])
    pictures = sum(1 for _ in root.iter(f"{W}drawing")) + sum(1 for _ in root.iter(f"{W}pict"))
    body_text = "".join(texts)
    result.facts.update(chars=cjk_count(body_text), pictures=pictures)
    if not body_text.strip() and pictures == 0:
        result.issues.append(EMPTY_CONTENT.issue())
    result.issues += pii.issues()
    return result
