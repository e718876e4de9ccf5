"""A project with unit files as they really arrive (issue 12): LibreOffice-made .docx and .doc, a docx with
tables of uneven columns, camera names with a 图片说明.txt, a before/after series, a 1920×1080 screenshot,
a 照片汇总.docx of photos, a ledger with phone numbers, and a corrupt photo.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from wenming_submit.evidence.pii import id_check_digit

TOML = """[project]
title = "某某区2026年度创建全国文明城市网上申报材料"
organization = "某某区创文办"
district = "某某区"
contact = "李明"
phone = "0571-88886666"
[period]
start = 2026-01-01
end = 2026-12-31
"""

CATALOG = """
- code: "Ⅰ-1-1"
  title: 深入学习宣传贯彻习近平新时代中国特色社会主义思想
  standard: 组织开展理论学习，建立学习台账。
  lead: 区委宣传部
  units: [团区委]
  materials:
    - name: 文件通知
      kinds: [document]
    - name: 学习台账
      kinds: [spreadsheet]
    - name: 实景图片
      kinds: [image]
      min: 4
- code: "Ⅱ-2-1"
  title: 背街小巷环境整治
  standard: 背街小巷路面平整、无乱堆乱放。
  lead: 区城管局
  units: [区城管局]
  materials:
    - name: 工作方案
      kinds: [document]
    - name: 整治图片
      kinds: [image]
      min: 4
"""

PHONES = ("13812345678", "13987654321", "15011112222")
ID_NUMBER = "11010519900307123" + id_check_digit("11010519900307123")
LEGACY_TEXT = "团区委关于开展青年理论学习小组活动的通知（旧版格式）"
SCREENSHOT = "2026年4月2日 团区委网站 网页截图.png"
CAMERA = {  # camera name -> caption (dates out of name order on purpose)
    "IMG_20260318_0930.jpg": "2026年3月18日 团区委会议室 青年理论学习报告会",
    "IMG_20260305_1010.jpg": "2026年3月5日 青年之家 团员集中学习",
    "IMG_2.jpg": "2026年3月5日 青年之家 学习交流讨论",
}
BEFORE_AFTER = (
    ("2026年5月10日 幸福路 整治前.jpg", dt.datetime(2026, 5, 10, 9)),
    ("2026年5月20日 幸福路 整治后.jpg", dt.datetime(2026, 5, 20, 9)),
    ("2026年5月11日 和平巷 整治前.jpg", dt.datetime(2026, 5, 11, 9)),
    ("2026年5月21日 和平巷 整治后.jpg", dt.datetime(2026, 5, 21, 9)),
)


def _soffice(src: Path, target: str, outdir: Path) -> Path:
    profile = Path(tempfile.mkdtemp(prefix="lo-test-"))
    try:
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", target,
             "--outdir", str(outdir), str(src)],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return outdir / f"{src.stem}.{target.split(':')[0]}"


def _uneven_table_docx(path: Path, paragraphs: list[str]) -> None:
    """A python-docx file with a table whose source grid is 20/90/46 mm (a wide middle column)."""
    import docx
    from docx.shared import Mm

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    rows = [["序号", "学习内容", "时间"], *[[str(i), f"第{i}次学习：" + "学习党的创新理论，" * 3, f"3月{i}日"]
                                           for i in range(1, 6)]]  # fmt: skip
    table = document.add_table(rows=len(rows), cols=3)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for col, width in zip(table.columns, (Mm(20), Mm(90), Mm(46)), strict=True):
        for cell in col.cells:
            cell.width = width
    grid = table._tbl.tblGrid
    from docx.oxml.ns import qn

    for gc, width in zip(grid.findall(qn("w:gridCol")), (Mm(20), Mm(90), Mm(46)), strict=True):
        gc.set(qn("w:w"), str(int(width.twips)))
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))


def _photo_docx(path: Path, files: Any, tmp: Path) -> None:
    """照片汇总.docx: three photos, each with its caption in the paragraph below."""
    import docx
    from docx.shared import Cm

    document = docx.Document()
    document.add_paragraph("背街小巷整治照片汇总")
    for i, caption in enumerate(("2026年5月12日 长安巷 清理堆物", "2026年5月13日 长安巷 路面修补",
                                 "2026年5月14日 长安巷 整治完成")):  # fmt: skip
        picture = files.jpeg(tmp / f"in-docx-{i}.jpg", size=(1200, 900), seed=40 + i)
        document.add_picture(str(picture), width=Cm(12))
        document.add_paragraph(caption)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))


def make_realistic_project(root: Path, files: Any) -> Path:
    (root / "indicators").mkdir(parents=True)
    (root / "wenming.toml").write_text(TOML, encoding="utf-8")
    (root / "indicators" / "测评指标.yaml").write_text(CATALOG, encoding="utf-8")
    tmp = root.parent / "scratch"
    tmp.mkdir(exist_ok=True)
    a = root / "evidence" / "团区委" / "Ⅰ-1-1 理论学习"
    # A LibreOffice-made .docx with an uneven table, and a .doc LibreOffice made from a python-docx file.
    source = tmp / "学习方案.docx"
    _uneven_table_docx(source, ["团区委2026年理论学习方案。" * 3, "一、学习安排见下表。"])
    odt = _soffice(source, "odt", tmp)
    lo_docx = _soffice(odt, "docx:MS Word 2007 XML", tmp / "lo")
    (a / "文件通知").mkdir(parents=True)
    shutil.copyfile(lo_docx, a / "文件通知" / "团区委理论学习方案.docx")
    legacy_src = tmp / "青年学习通知.docx"
    files.docx(legacy_src, [LEGACY_TEXT, "请各基层团组织认真组织学习。联系人：王芳，电话 " + PHONES[2] + "。"])
    shutil.copyfile(_soffice(legacy_src, "doc", tmp), a / "文件通知" / "青年学习通知.doc")
    rows = [[dt.date(2026, 3, d + 1), f"团员{d}", "理论学习", PHONES[d % 2], ID_NUMBER if d == 0 else ""]
            for d in range(12)]  # fmt: skip
    files.xlsx(a / "学习台账" / "学习台账.xlsx", ["学习日期", "姓名", "内容", "联系电话", "身份证号"], rows,
               title="2026年青年理论学习台账")  # fmt: skip
    photos = a / "实景图片"
    for n, (name, _caption) in enumerate(CAMERA.items()):
        files.jpeg(photos / name, size=(1600, 1200), seed=20 + n, taken=dt.datetime(2026, 3, 20 - n, 9))
    (photos / "图片说明.txt").write_text("".join(f"{k} {v}\n" for k, v in CAMERA.items()), encoding="utf-8")
    files.png(photos / SCREENSHOT, size=(1920, 1080), seed=30)
    (photos / "2026年3月9日 青年之家 学习.jpg").write_bytes(b"\xff\xd8\xff\xe0 this is not a photo" * 10)
    b = root / "evidence" / "区城管局" / "Ⅱ-2-1 背街小巷"
    files.docx(b / "工作方案" / "背街小巷整治工作方案.docx", ["为改善背街小巷环境，制定本方案。" * 4])
    for n, (name, taken) in enumerate(BEFORE_AFTER):
        files.jpeg(b / "整治图片" / name, size=(1600, 1200), seed=50 + n, taken=taken)
    _photo_docx(b / "整治图片" / "照片汇总.docx", files, tmp)
    shutil.rmtree(tmp)
    return root


ALBUM = "照片汇总.docx"
