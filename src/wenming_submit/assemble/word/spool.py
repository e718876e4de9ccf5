"""The 汇编's finished indicators kept as compressed XML until the document is saved (main-process memory)."""

from __future__ import annotations

import zlib
from typing import Any

from docx.document import Document
from docx.opc.oxml import serialize_part_xml
from docx.oxml.ns import qn
from docx.parts.document import DocumentPart
from lxml import etree  # type: ignore[import-untyped]


class BodySpool:
    """Finished body blocks kept as compressed XML instead of lxml elements (the main process's memory).

    The element tree of a 汇编 costs about ten times its XML: ~500 MB for 1,000 photos' worth. Blocks
    after `start` (the front matter and the TOC stay in the tree: the TOC is filled in later) are
    serialized when an indicator is finished and dropped from the tree; a marker stands where they were,
    and the document part's XML is spliced back together when it is saved, byte for byte what the whole
    tree would serialize to. Anything unexpected (a block that would not serialize as part of the whole)
    stops the spooling; the rest of the document simply stays in the tree.
    """

    def __init__(self, document: Document) -> None:
        self.body = document.element.body
        self.chunks: list[bytes] = []
        self.active = False
        part = document.part
        if type(part) is not DocumentPart or self._last() is None:
            return
        self.marker = etree.ProcessingInstruction("wenming-spooled-body")
        self._last().addprevious(self.marker)
        self.marker_xml: bytes = etree.tostring(self.marker, with_tail=False)
        probe = etree.SubElement(self.body, qn("w:p"))
        text: bytes = etree.tostring(probe, encoding="UTF-8", xml_declaration=False)
        self.body.remove(probe)
        name = b"<" + text[1:].split(b" ", 1)[0].rstrip(b"/>")
        if not text.startswith(name) or not text.endswith(b"/>"):
            self.body.remove(self.marker)
            return
        self.declarations = text[len(name) : -2]
        """The namespace declarations lxml copies from the root onto a block serialized on its own."""
        part.__class__ = SpooledDocumentPart
        part._spool = self  # type: ignore[attr-defined]
        self.active = True

    def _last(self) -> Any:
        try:
            last = self.body[-1]
        except IndexError:
            return None
        return last if last.tag == qn("w:sectPr") else None

    def flush(self) -> None:
        """Spool every block between the marker and the body's w:sectPr."""
        if not self.active:
            return
        pieces = []
        block = self.marker.getnext()
        while block is not None and block.tag != qn("w:sectPr"):
            xml: bytes = etree.tostring(block, encoding="UTF-8", xml_declaration=False)
            prefix = block.prefix.encode() + b":" if block.prefix else b""
            head = b"<" + prefix + etree.QName(block).localname.encode()
            rest = xml[len(head) :]
            if not (xml.startswith(head) and rest.startswith(self.declarations)
                    and rest[len(self.declarations) : len(self.declarations) + 1] in (b" ", b">", b"/")):  # fmt: skip
                self.active = False  # this block and the rest stay in the tree, after the marker
                break
            pieces.append(head + rest[len(self.declarations) :])
            following = block.getnext()
            self.body.remove(block)
            block = following
        if pieces:
            self.chunks.append(zlib.compress(b"".join(pieces), 1))

    def splice(self, xml: bytes) -> bytes:
        """The document part's XML with the spooled blocks back in place of the marker."""
        before, marker, after = xml.partition(self.marker_xml)
        if not marker:
            raise RuntimeError("spooled body marker missing from document.xml")
        return b"".join([before, *(zlib.decompress(chunk) for chunk in self.chunks), after])


class SpooledDocumentPart(DocumentPart):
    """A DocumentPart whose body is partly spooled (BodySpool): its blob splices it back."""

    _spool: BodySpool

    @property
    def blob(self) -> bytes:
        return self._spool.splice(serialize_part_xml(self._element))
