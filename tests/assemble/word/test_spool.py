"""Finished body blocks leave the element tree (memory) and come back, byte for byte, when saved."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx.opc.oxml import serialize_part_xml
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]

from wenming_submit import gongwen
from wenming_submit.assemble.word.pictures import PictureSink
from wenming_submit.assemble.word.spool import BodySpool
from wenming_submit.gongwen.tables import add_table


def _document() -> Any:
    document = gongwen.new_document()
    gongwen.paragraph(document, "封面", gongwen.COVER_TITLE)
    gongwen.start_numbered_section(document)
    return document


def _content(document: Any, sink: PictureSink, files: Any, n: int) -> None:
    gongwen.heading(document, f"{n}、指标 <&> “引号”", 1, new_page=n > 1)
    gongwen.paragraph(document, "  正文\t制表\n换行 ")
    add_table(document, [["甲", "乙"], ["1", "2"]])
    para = gongwen.paragraph(document, "", gongwen.PICTURE)
    sink.add(para.add_run(), files.jpeg_bytes(seed=n), 914400, 685800, f"图{n}.jpg", border=True)
    gongwen.caption(document, "图", n, "说明")


def _saved_document_xml(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    with zipfile.ZipFile(out) as z:
        return z.read("word/document.xml")


def test_spooled_blocks_are_saved_exactly_as_the_whole_tree(files: Any) -> None:
    spooled, whole = _document(), _document()
    spool = BodySpool(spooled)
    assert spool.active
    for document in (spooled, whole):
        sink = PictureSink(document)
        for n in range(1, 4):
            _content(document, sink, files, n)
            if document is spooled:
                spool.flush()
    assert spool.active and len(spool.chunks) == 3
    assert len(spooled.element.body) == 4  # 封面, the section break, the marker, w:sectPr
    assert len(whole.element.body) == 3 + 3 * 5
    expected = serialize_part_xml(whole.element)
    assert b"wenming-spooled-body" not in expected and "指标 &lt;&amp;&gt;".encode() in expected
    assert _saved_document_xml(spooled) == expected
    assert _saved_document_xml(spooled) == expected  # saved twice (the TOC pass saves again)


def test_a_block_that_would_not_serialize_alike_stays_in_the_tree(files: Any) -> None:
    document = _document()
    spool = BodySpool(document)
    gongwen.paragraph(document, "第一段")
    spool.flush()
    odd = etree.SubElement(document.element.body, "{urn:example}odd", nsmap={"x": "urn:example"})
    document.element.body.find(qn("w:sectPr")).addprevious(odd)  # a block declaring its own namespace
    gongwen.paragraph(document, "第三段")
    spool.flush()
    assert not spool.active
    xml = _saved_document_xml(document)
    first, odd_at, third = xml.find("第一段".encode()), xml.find(b"x:odd"), xml.find("第三段".encode())
    assert 0 < first < odd_at < third
