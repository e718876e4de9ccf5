"""What a reader finds in the 汇编: cover, 提交表, merged text, photos with numbered captions, ledgers."""

from __future__ import annotations

import re
import zipfile

from docx.oxml.ns import qn

from wenming_submit import gongwen

from .conftest import CONCLUSION, PLAN_TEXT, Built


def _texts(doc: object) -> list[str]:
    return [p.text for p in doc.paragraphs]  # type: ignore[attr-defined]


def test_cover_has_title_unit_period_and_date(built: Built) -> None:
    doc = built.open()
    cover = [p.text for p in doc.paragraphs[:6]]
    assert cover[0] == "某某区2026年度\n创建全国文明城市网上申报材料"  # between words, 梯形 (GB/T 9704)
    assert doc.paragraphs[0].style.name == gongwen.COVER_TITLE
    assert "某某区创文办" in cover
    assert "测评周期：2026年1月1日至2026年12月31日" in cover
    assert "2026年11月29日" in cover
    assert doc.core_properties.title == "某某区2026年度创建全国文明城市网上申报材料"
    assert doc.core_properties.author == "某某区创文办"


def test_submission_table_lists_materials_status_and_conclusion(built: Built) -> None:
    doc = built.open()
    table = doc.tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0][:2] == ["指标编号", "Ⅱ-3-2"]
    assert rows[1][1] == "开展“我们的节日”主题活动"
    assert rows[2][1].startswith("围绕春节")
    assert rows[3][1] == "区委宣传部"
    assert rows[4][1] == "区文明办、区教育局"
    assert rows[5] == ["材料名称", "责任单位", "提交情况", "文件数"]
    body = {(r[0], r[1]): (r[2], r[3]) for r in rows[6:-1]}
    assert body[("实景图片", "区文明办")] == ("已提交", "4/3")
    assert body[("实景图片", "区教育局")] == ("待补（还差2份）", "1/3")
    assert body[("巡查台账", "区教育局")] == ("缺失", "0/1")
    assert rows[-1][0] == "结论性说明"
    assert "尚有2项缺失或待补" in rows[-1][1]  # from templates/word/结论性说明.txt.j2
    # gaps are red (the 缺失标记 character style), complete rows are not
    red = [
        r.text
        for r in table._tbl.iter(qn("w:r"))
        if r.rPr is not None and r.rPr.find(qn("w:rStyle")) is not None
    ]
    assert sorted(red) == ["待补（还差2份）", "缺失"]
    assert built.report.gaps == 3


def test_unit_conclusion_file_replaces_template(built: Built) -> None:
    doc = built.open()
    second = doc.tables[-1] if len(doc.tables) else None
    conclusions = [t.rows[-1].cells[1].text for t in doc.tables if t.rows[0].cells[0].text == "指标编号"]
    assert second is not None and conclusions[1] == CONCLUSION


def test_narrative_merged_as_body_text_and_table(built: Built) -> None:
    doc = built.open()
    merged = [p for p in doc.paragraphs if p.text == PLAN_TEXT]
    assert merged and merged[0].style.name == gongwen.BODY
    assert all(r.font.size is None and not r.bold for r in merged[0].runs)  # source formatting stripped
    tables = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert ["包粽子", "6月19日", "社区"] in tables


def test_pictures_inside_unit_documents_are_kept(built: Built) -> None:
    doc = built.open()
    paragraphs = doc.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == PLAN_TEXT)
    end = next(i for i, p in enumerate(paragraphs) if i > start and p.style.name.startswith("Heading"))
    following = paragraphs[start:end]
    pictures = [p for p in following if p.style.name == gongwen.PICTURE and p._p.xpath(".//pic:pic")]
    assert len(pictures) == 1


def test_photos_two_per_row_with_numbered_seq_captions(built: Built) -> None:
    doc = built.open()
    captions = [p for p in doc.paragraphs if p.style.name == gongwen.CAPTION]
    cells = {id(c._tc): c for t in doc.tables for row in t.rows for c in row.cells}  # a merged cell once
    cell_captions = [
        p for c in cells.values() for p in c.paragraphs if p.style.name == gongwen.CAPTION and p.text.startswith("图")
    ]  # fmt: skip
    numbers = [int(re.match(r"图(\d+)", p.text).group(1)) for p in cell_captions]  # type: ignore[union-attr]
    assert numbers == list(range(1, 7))  # 4 + 1 (HEIC) + 1 (PNG)
    assert "图1  2026年6月1日 区文化馆 端午活动1" in [p.text for p in cell_captions]
    assert all("SEQ 图" in p._p.xml for p in cell_captions)
    # one table per row (LibreOffice keeps a heading with the whole table): two photos side by side
    grid = next(t for t in doc.tables if any("图1" in c.text for c in t.rows[0].cells))
    assert len(grid.columns) == 2 and len(grid.rows) == 1 and "图2" in grid.rows[0].cells[1].text
    assert 'w:val="nil"' in grid._tbl.tblPr.xml  # borderless
    assert captions  # PDF page captions live in the body
    # the rotated photo (EXIF orientation 6) is placed portrait
    inline = grid.rows[0].cells[1]._tc.xpath(".//wp:extent")[0]
    assert int(inline.get("cy")) > int(inline.get("cx"))


def test_pictures_unique_ids_downscaled_and_stored_once(built: Built) -> None:
    doc = built.open()
    ids = doc.element.body.xpath(".//wp:docPr/@id")
    assert len(ids) == len(set(ids)) == built.report.pictures + built.report.pdf_pages
    assert built.report.pictures == 7  # 6 photos + the picture inside the unit's .docx
    with zipfile.ZipFile(built.path) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        sizes = [z.getinfo(n).file_size for n in media]
    assert len(media) == len(ids)  # all distinct here
    assert max(sizes) < 250_000


def test_pdf_pages_capped_and_ledger_capped_with_attachment_list(built: Built) -> None:
    texts = _texts(built.open())
    assert "教育局活动方案（第1页，共2页）" in texts
    assert "关于印发文明引导工作方案的通知（第10页，共12页）" in texts
    assert not any("第11页" in t for t in texts)
    assert "（以下第11—12页从略，全文见附件）" in texts
    assert "（共80行，此处列出前60行，全部内容见附件）" in texts
    assert "附件：1.巡查台账.xlsx（全表80行）" in texts
    assert "附件：1.关于印发文明引导工作方案的通知.pdf（全文12页）" in texts
    assert built.report.pdf_pages == 12


def test_ledger_as_table_with_header_and_dates(built: Built) -> None:
    doc = built.open()
    ledger = next(t for t in doc.tables if t.rows[0].cells[0].text == "巡查时间")
    assert [c.text for c in ledger.rows[0].cells] == ["巡查时间", "巡查人员", "发现问题", "整改情况"]
    assert ledger.rows[1].cells[0].text == "2026年3月1日"
    assert len(ledger.rows) == 61
    assert "表1  2026年巡查台账" in _texts(doc)


def test_gaps_are_marked_in_the_body(built: Built) -> None:
    texts = _texts(built.open())
    assert "【缺失】区教育局尚未提交“巡查台账”（至少需要1份）。" in texts
    assert "【待补】区教育局的“实景图片”只有1份，至少需要3份。" in texts
