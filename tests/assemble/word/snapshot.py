"""A normalized, readable dump of a built 汇编's document.xml, to pin its content while the code that writes
it changes (issue 14): per body block in order, paragraphs (style name, direct paragraph properties, runs
with their text, fields, character style and fonts, pictures with extent and the sha1 of their image) and
tables (grid, borders, per row its flags, per cell its width, alignment, merge and paragraphs), then the
sections with their page set-up and footers.

The project is `conftest.make_project` plus what it lacks: a 照片汇总.docx album, a corrupt photo, a
screenshot shown at full width, a text file and a ledger with a phone number (masked).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]

from .conftest import make_project

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def make_snapshot_project(root: Path, files: Any) -> Path:
    make_project(root, files)
    a = root / "evidence" / "区文明办" / "Ⅱ-3-2 我们的节日"
    (a / "实景图片" / "2026年6月9日 区文化馆 坏照片.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a photo" * 10)
    files.png(a / "实景图片" / "2026年6月8日 区文明办网站 网页截图.png", size=(1920, 1080), seed=30)
    album = docx.Document()
    album.add_paragraph("端午活动照片汇总")
    for i, caption in enumerate(("2026年6月12日 社区 包粽子", "2026年6月13日 社区 赛龙舟")):
        picture = files.jpeg(root / "素材" / f"album-{i}.jpg", size=(1200, 900), seed=40 + i)
        album.add_picture(str(picture))
        album.add_paragraph(caption)
    album.save(str(a / "实景图片" / "照片汇总.docx"))
    c = root / "evidence" / "区文明办" / "Ⅲ-1-1 文明引导"
    (c / "工作方案" / "文明引导工作说明.txt").write_text(
        "一、设置文明引导标识。\n\n二、联系人：王芳，电话 13812345678。\n", encoding="utf-8"
    )
    b = root / "evidence" / "区教育局" / "Ⅱ-3-2 我们的节日"
    rows = [
        [dt.date(2026, 4, d + 1), f"教师{d}", "13987654321" if d == 0 else "", "已完成"] for d in range(5)
    ]
    files.xlsx(
        b / "巡查台账" / "教育局巡查台账.xlsx", ["日期", "姓名", "电话", "情况"], rows, title="巡查台账"
    )
    return root


def _attrs(element: etree._Element) -> str:
    """`tag[a=v,…]` with namespace prefixes dropped, children in order: a compact property list."""
    name = etree.QName(element).localname
    attrs = ",".join(f"{etree.QName(k).localname}={v}" for k, v in sorted(element.attrib.items()))
    children = [_attrs(c) for c in element if isinstance(c.tag, str)]
    text = f"[{attrs}]" if attrs else ""
    return str(name) + text + (f"({' '.join(children)})" if children else "")


class Dumper:
    def __init__(self, path: Path) -> None:
        self.document = docx.Document(str(path))
        styles = self.document.styles.element
        self.style_names = {
            s.get(qn("w:styleId")): s.find(qn("w:name")).get(qn("w:val"))
            for s in styles.findall(qn("w:style"))
        }
        self.related = self.document.part.related_parts

    def style(self, ppr_or_rpr: etree._Element | None, tag: str) -> str | None:
        if ppr_or_rpr is None:
            return None
        element = ppr_or_rpr.find(qn(tag))
        if element is None:
            return None
        sid = element.get(qn("w:val"))
        return str(self.style_names.get(sid, f"?{sid}"))

    def picture(self, drawing: etree._Element) -> dict[str, Any]:
        extent = drawing.find(f".//{WP}extent")
        doc_pr = drawing.find(f".//{WP}docPr")
        blip = drawing.find(f".//{A}blip")
        blob = self.related[blip.get(f"{R}embed")].blob
        return {
            "picture": [int(extent.get("cx")), int(extent.get("cy"))],
            "sha1": hashlib.sha1(blob).hexdigest(),
            "name": doc_pr.get("name"),
            "border": drawing.find(f".//{A}ln") is not None,
        }

    def run(self, r: etree._Element) -> dict[str, Any]:
        out: dict[str, Any] = {}
        parts: list[str] = []
        for child in r:
            tag = etree.QName(child).localname
            if tag == "rPr":
                continue
            if tag == "t":
                parts.append(child.text or "")
            elif tag == "tab":
                parts.append("\t")
            elif tag == "br":
                parts.append("<page>" if child.get(qn("w:type")) == "page" else "\n")
            elif tag == "fldChar":
                parts.append(
                    f"<{child.get(qn('w:fldCharType'))}{' dirty' if child.get(qn('w:dirty')) else ''}>"
                )
            elif tag == "instrText":
                parts.append(f"<instr {child.text}>")
            elif tag == "drawing":
                out.update(self.picture(child))
            else:
                parts.append(f"<{tag}>")
        out["text"] = "".join(parts)
        rpr = r.find(qn("w:rPr"))
        if rpr is not None:
            char_style = self.style(rpr, "w:rStyle")
            if char_style:
                out["char_style"] = char_style
            rest = [_attrs(c) for c in rpr if c.tag != qn("w:rStyle")]
            if rest:
                out["rpr"] = " ".join(rest)
        return out

    def paragraph(self, p: etree._Element) -> dict[str, Any]:
        ppr = p.find(qn("w:pPr"))
        out: dict[str, Any] = {"style": self.style(ppr, "w:pStyle")}
        if ppr is not None:
            rest = [_attrs(c) for c in ppr if c.tag not in (qn("w:pStyle"), qn("w:sectPr"))]
            if rest:
                out["ppr"] = " ".join(rest)
            if ppr.find(qn("w:sectPr")) is not None:
                out["section"] = self.section(ppr.find(qn("w:sectPr")))
        out["runs"] = [self.run(r) for r in p.iter(qn("w:r"))]
        return out

    def table(self, tbl: etree._Element) -> dict[str, Any]:
        tbl_pr = tbl.find(qn("w:tblPr"))
        out: dict[str, Any] = {
            "table": _attrs(tbl_pr),
            "grid": [int(c.get(qn("w:w"))) for c in tbl.find(qn("w:tblGrid"))],
            "rows": [],
        }
        for tr in tbl.findall(qn("w:tr")):
            tr_pr = tr.find(qn("w:trPr"))
            row: dict[str, Any] = {"trpr": _attrs(tr_pr) if tr_pr is not None else "", "cells": []}
            for tc in tr.findall(qn("w:tc")):
                tc_pr = tc.find(qn("w:tcPr"))
                row["cells"].append({
                    "tcpr": _attrs(tc_pr) if tc_pr is not None else "",
                    "paragraphs": [self.paragraph(p) for p in tc.findall(qn("w:p"))],
                })  # fmt: skip
            out["rows"].append(row)
        return out

    def section(self, sect_pr: etree._Element) -> dict[str, Any]:
        out: dict[str, Any] = {"sectpr": " ".join(_attrs(c) for c in sect_pr if c.tag not in (
            qn("w:headerReference"), qn("w:footerReference")))}  # fmt: skip
        footers = {}
        for ref in sect_pr.findall(qn("w:footerReference")):
            part = self.related[ref.get(qn("r:id"))]
            footers[ref.get(qn("w:type"))] = [self.paragraph(p) for p in part.element.iter(qn("w:p"))]
        out["footers"] = footers
        return out

    def dump(self) -> list[dict[str, Any]]:
        blocks = []
        for child in self.document.element.body:
            if child.tag == qn("w:p"):
                blocks.append(self.paragraph(child))
            elif child.tag == qn("w:tbl"):
                blocks.append(self.table(child))
            elif child.tag == qn("w:sectPr"):
                blocks.append({"body_section": self.section(child)})
            else:
                blocks.append({"other": etree.QName(child).localname})
        return blocks


def dump(path: Path) -> list[dict[str, Any]]:
    return Dumper(path).dump()


def lines(blocks: list[dict[str, Any]]) -> list[str]:
    """One JSON object per block per line: diffs show the blocks that changed."""
    return [json.dumps(b, ensure_ascii=False, sort_keys=True) for b in blocks]
