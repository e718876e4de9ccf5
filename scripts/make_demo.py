"""Generate the demo project at the repository root: wenming.toml, indicators/*.yaml and evidence/**.

Deterministic: fixed seeds, fixed dates, reportlab `invariant=True`, zip members and PDF dates pinned, so
running it twice gives the same bytes. Mostly complete, with deliberate gaps and problems (see PROBLEMS)
so that `wenming check` has something to say. Run from anywhere:

    python scripts/make_demo.py            # rewrites <repo>/wenming.toml, indicators/, evidence/
    python scripts/make_demo.py --target /tmp/demo

The tool itself never writes under evidence/; this script is the demo's author, not the tool.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import struct
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import imagehash
import samplefiles
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
FIXED_ZIP_TIME = (2026, 1, 1, 8, 0, 0)
FIXED_STAMP = "2026-01-01T08:00:00Z"
PHOTO_SIZE = (1000, 750)
PHOTO_QUALITY = 65
MIN_PHASH_DISTANCE = 18

# The deliberate problems, as (what, where) — tests/core/test_demo.py asserts each is found.
PROBLEMS = {
    "missing": "区民政局 · Ⅱ—2—3 · 说明报告 没有提交",
    "insufficient": "教育局/Ⅱ-3-2 实景图片只有 3 张（要求 5 张）",
    "waiver": "区民政局/Ⅳ-4-2 心理健康教育/关于心理健康教育无此项工作说明.pdf",
    "doc-renamed": "区文明办/Ⅰ—3—2 诚信建设/区诚信建设工作制度.docx 实为 .doc",
    "png-as-jpg": "城管局/Ⅲ-3-1/实景图片 中一张 PNG 存为 .jpg",
    "temp-file": "区委宣传部/Ⅰ-1-1/~$党史学习教育说明报告.docx",
    "empty": "06团区委/II-1-1/说明报告（空文件）.docx",
    "out-of-period": "区文明办/Ⅱ-3-2/实景图片 中一张拍摄于 2025-09-28",
    "no-caption": "城管局/Ⅲ-8-1/实景图片/IMG_1234.jpg",
    "unknown-unit": "区卫健委/Ⅱ-4-1 文明交通/…",
    "no-indicator": "教育局/2026年上半年工作总结.docx",
    "wrong-type": "城管局/Ⅲ-8-1/实景图片/垃圾分类照片汇总.docx",
    "unassigned-material": "区委宣传部/Ⅰ-1-1/会议纪要.docx（文件通知还是说明报告？）",
    "odd-name": "城管局/Ⅲ-3-1/实景图片 中一张名字含全角空格",
    "near-duplicate": "教育局/Ⅱ-4-1/实景图片 中一张是城管局同一照片缩小后的副本",
    "ledger-frequency": "城管局/Ⅲ—12 巡查台账 2026年6月只有 1 条（每月至少 2 条）",
    "legacy-format": "区诚信建设工作制度.docx（旧版 .doc）",
}

WENMING_TOML = """\
# 示范区 2026 年度创文网上申报材料（wenming 演示项目，由 scripts/make_demo.py 生成）

[project]
title = "示范区2026年度创建全国文明城市网上申报材料"
organization = "示范区创文办"
district = "示范区"

[period]                              # 测评周期
start = 2025-11-01
end = 2026-10-31

[limits]
image_max_mb = 5
image_min_width = 800
image_min_height = 600
document_max_mb = 20
pdf_max_mb = 20
spreadsheet_max_mb = 20
video_max_mb = 200

[naming]
pattern = "{code}_{unit}_{material}_{n:02d}"

[check]
waiver_names = ["无此项工作说明", "无此项工作"]

# 单位的其他叫法：各单位建文件夹时常用简称
[units]
"区教育局" = ["教育局", "区教体局"]
"团区委" = ["共青团示范区委员会"]
"""

IDEOLOGY_YAML = """\
# 测评项目一：思想道德建设（摘自示范区创文任务分解表）
- code: "Ⅰ-1-1"
  title: 深入开展党史学习教育
  category: [思想道德建设, 理论武装]
  content: 深入学习宣传贯彻党的创新理论，常态化长效化开展党史学习教育。
  standard: 制定年度学习计划，开展专题宣讲、主题党日等活动，覆盖机关、学校、社区。
  method: [材料审核]
  lead: 区委宣传部
  units: [区委宣传部, 区教育局, 团区委]
  requirement: 文件通知；说明报告500字以上；实景图片3张以上，注明时间、地点、主题。
  materials:
    - name: 文件通知
      kinds: [document, pdf]
      match: [通知, 计划]
    - name: 说明报告
      kinds: [document]
      min_chars: 500
    - name: 实景图片
      kinds: [image]
      min: 3
      caption: [时间, 地点, 主题]

- code: "Ⅰ-1-3"
  title: 新时代文明实践中心（所、站）建设
  category: [思想道德建设, 文明实践]
  standard: 区有中心、街道有所、社区有站，常态化开展文明实践活动。
  method: [材料审核, 实地考察]
  lead: 区委宣传部
  units: [区委宣传部, 区文明办]
  materials:
    - name: 工作方案
      kinds: [document, pdf]
    - name: 实景图片
      kinds: [image]
      min: 3
      caption: [时间, 地点, 主题]

- code: "Ⅰ-2-1"
  title: 社会主义核心价值观公益广告宣传
  category: [思想道德建设, 核心价值观]
  standard: 主次干道、公共场所、交通站点等设置公益广告，数量充足、维护良好。
  method: [材料审核, 实地考察]
  lead: 区委宣传部
  units: [区委宣传部, 区城管局]
  materials:
    - name: 工作方案
      kinds: [document, pdf]
    - name: 实景图片
      kinds: [image]
      min: 5
      caption: [时间, 地点, 主题]
    - name: 公益广告点位统计表
      kinds: [spreadsheet]
      columns: [序号, 点位名称, 广告内容, 设置形式, 设置时间]
      match: [点位, 统计表]

- code: "Ⅰ—3—2"
  title: 诚信建设
  category: [思想道德建设, 诚信建设]
  standard: 建立健全守信激励和失信惩戒机制，开展诚信主题宣传教育。
  method: [材料审核]
  lead: 区文明办
  units: [区文明办, 区民政局]
  materials:
    - name: 制度文件
      kinds: [document, pdf]
      match: [制度, 办法]
    - name: 说明报告
      kinds: [document]
      min_chars: 300

- code: "Ⅰ-4-1"
  title: 创文资金保障
  category: [组织领导, 保障机制]
  standard: 创建工作经费列入年度财政预算，专款专用。
  method: [材料审核]
  lead: 区文明办
  units: [区文明办]
  per_unit: false
  materials:
    - name: 财政预算文件
      kinds: [pdf]
      match: [预算]
    - name: 资金使用情况统计表
      kinds: [spreadsheet]
      match: [资金]
"""

CUSTOMS_YAML = """\
# 测评项目二：社会风尚
- code: "Ⅱ-3-2"
  title: 开展“我们的节日”主题活动
  category: [社会风尚, 文明风尚]
  standard: 围绕春节、元宵、清明、端午、七夕、中秋、重阳等传统节日开展主题活动。
  method: [材料审核]
  lead: 区委宣传部
  units: [区文明办, 区教育局]
  requirement: 活动方案；实景图片5张以上，注明时间、地点、人物、主题；说明报告500字以上。
  materials:
    - name: 活动方案
      kinds: [document, pdf]
    - name: 实景图片
      kinds: [image]
      min: 5
      caption: [时间, 地点, 主题]
    - name: 说明报告
      kinds: [document]
      min_chars: 500

- code: "II-1-1"
  title: 学雷锋志愿服务
  category: [社会风尚, 志愿服务]
  standard: 志愿服务组织健全，常态化开展学雷锋志愿服务活动，活动记录完整。
  method: [材料审核, 网上申报]
  lead: 区文明办
  units: [团区委, 区民政局]
  materials:
    - name: 活动方案
      kinds: [document, pdf]
      match: [方案, 计划]
    - name: 实景图片
      kinds: [image]
      min: 5
      caption: [时间, 地点, 主题]
    - name: 志愿服务台账
      kinds: [spreadsheet]
      columns: [服务时间, 服务地点, 服务内容, 参与人数]
      date_column: 服务时间
      per_month_min: 1
      match: [台账, 服务记录]
    - name: 说明报告
      kinds: [document]
      min_chars: 300
      per_unit: false

- code: "Ⅱ—2—3"
  title: 推进移风易俗
  category: [社会风尚, 移风易俗]
  standard: 红白理事会、村规民约作用发挥明显，婚事新办、丧事简办。
  method: [材料审核]
  lead: 区民政局
  units: [区民政局]
  materials:
    - name: 工作方案
      kinds: [document, pdf]
    - name: 说明报告
      kinds: [document]
      min_chars: 500
    - name: 实景图片
      kinds: [image]
      min: 3
      caption: [时间, 地点, 主题]

- code: "Ⅱ-4-1"
  title: 文明交通
  category: [社会风尚, 文明交通]
  standard: 开展文明交通宣传教育，机动车礼让斑马线，非机动车、行人守法出行。
  method: [材料审核, 实地考察]
  lead: 区城管局
  units: [区城管局, 区教育局]
  materials:
    - name: 实景图片
      kinds: [image]
      min: 3
      caption: [时间, 地点, 主题]
    - name: 说明报告
      kinds: [document]
      min_chars: 300

- code: "Ⅱ-6-1"
  title: 网络文明建设
  category: [社会风尚, 网络文明]
  standard: 开展网络文明宣传，培育积极健康的网络文化。
  method: [材料审核, 网络媒体调查]
  lead: 区委宣传部
  units: [区委宣传部]
  materials:
    - name: 说明报告
      kinds: [document]
      min_chars: 300
    - name: 网页截图
      kinds: [image]
      min: 3
      match: [截图]
"""

ENVIRONMENT_YAML = """\
# 测评项目三：城市环境（本文件同时登记城管局的别名）
units:
  - name: 区城管局
    aliases: [城管局, 区综合行政执法局]

indicators:
  - code: "Ⅲ—12"
    title: 网格化创建巡查
    category: [城市环境, 长效管理]
    standard: 建立网格化巡查机制，每月巡查不少于2次，问题整改闭环。
    method: [材料审核]
    lead: 区城管局
    units: [区城管局]
    materials:
      - name: 巡查台账
        kinds: [spreadsheet]
        columns: [巡查时间, 巡查人员, 巡查点位, 发现问题, 整改情况]
        date_column: 巡查时间
        per_month_min: 2
        match: [台账, 巡查记录]
      - name: 整改前后对比照片
        kinds: [image]
        min: 3
        match: [整改]

  - code: "Ⅲ-8-1"
    title: 生活垃圾分类
    category: [城市环境, 垃圾分类]
    standard: 推行生活垃圾分类，居民小区、公共机构、学校分类设施齐全。
    method: [材料审核, 实地考察]
    lead: 区城管局
    units: [区城管局, 区教育局]
    materials:
      - name: 工作方案
        kinds: [document, pdf]
      - name: 实景图片
        kinds: [image]
        min: 5
        caption: [时间, 地点, 主题]
      - name: 垃圾分类统计台账
        kinds: [spreadsheet]
        match: [台账, 统计]

  - code: "Ⅲ-3-1"
    title: 背街小巷环境整治
    category: [城市环境, 市容环境]
    standard: 背街小巷路面平整、无乱堆乱放、无乱贴乱画。
    method: [实地考察, 材料审核]
    lead: 区城管局
    units: [区城管局]
    materials:
      - name: 实景图片
        kinds: [image]
        min: 5
        caption: [时间, 地点, 主题]
      - name: 说明报告
        kinds: [document]
        min_chars: 300
"""

MINORS_YAML = """\
# 未成年人思想道德建设测评体系（区级分解）
- code: "Ⅳ-1-1"
  title: 未成年人思想道德建设工作机制
  category: [未成年人思想道德建设, 组织领导]
  standard: 成立工作领导小组，制定年度工作要点，定期研究部署。
  method: [材料审核]
  lead: 区教育局
  units: [区教育局, 团区委]
  materials:
    - name: 文件通知
      kinds: [document, pdf]
      match: [通知, 要点]
    - name: 说明报告
      kinds: [document]
      min_chars: 500

- code: "Ⅳ-2-3"
  title: 新时代好少年学习宣传
  category: [未成年人思想道德建设, 典型宣传]
  method: [材料审核]
  lead: 区文明办
  units: [区教育局]
  materials:
    - name: 活动方案
      kinds: [document, pdf]
    - name: 实景图片
      kinds: [image]
      min: 3
      caption: [时间, 地点, 主题]

- code: "Ⅳ-3-1"
  title: 乡村学校少年宫建设
  category: [未成年人思想道德建设, 阵地建设]
  method: [材料审核, 实地考察]
  lead: 区教育局
  units: [区教育局]
  materials:
    - name: 说明报告
      kinds: [document]
      min_chars: 300
    - name: 少年宫活动统计表
      kinds: [spreadsheet]

- code: "Ⅳ-4-2"
  title: 心理健康教育
  category: [未成年人思想道德建设, 心理健康]
  method: [材料审核]
  lead: 区教育局
  units: [区教育局, 区民政局]
  materials:
    - name: 说明报告
      kinds: [document]
      min_chars: 300
    - name: 实景图片
      kinds: [image]
      min: 3
      caption: [时间, 地点, 主题]
"""

CATALOGUE = {
    "01-思想道德建设.yaml": IDEOLOGY_YAML,
    "02-社会风尚.yaml": CUSTOMS_YAML,
    "03-城市环境.yaml": ENVIRONMENT_YAML,
    "04-未成年人思想道德建设.yaml": MINORS_YAML,
}

# Folder each unit uses under evidence/ (aliases and numbering on purpose).
FOLDERS = {
    "区委宣传部": "区委宣传部",
    "区文明办": "区文明办",
    "区教育局": "教育局",
    "区城管局": "城管局",
    "区民政局": "区民政局",
    "团区委": "06团区委（联络员王敏）",
}

PLACES = {
    "区委宣传部": ["区新时代文明实践中心", "区融媒体中心", "人民广场"],
    "区文明办": ["东风街道文明实践所", "滨河社区", "区文化馆"],
    "区教育局": ["区实验小学", "示范区第二中学", "育才幼儿园"],
    "区城管局": ["解放路", "幸福里小区", "城东农贸市场"],
    "区民政局": ["区养老服务中心", "阳光社区", "区婚姻登记处"],
    "团区委": ["区青少年宫", "和平社区", "区图书馆"],
}


# --- writing helpers ---------------------------------------------------------------------------------


def pin_zip(path: Path) -> None:
    """Rewrite an OOXML zip with fixed member times and fixed core-property dates."""
    with zipfile.ZipFile(path) as zf:
        members = [(info.filename, zf.read(info.filename)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            if name == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*", rf"\g<1>{FIXED_STAMP}", text)
                data = text.encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)


def pin_pdf_dates(path: Path) -> None:
    """Pillow stamps PDFs with the current time; replace it (same length, so offsets stay valid)."""
    data = path.read_bytes()
    data = re.sub(rb"\(D:\d{14}Z\)", b"(D:20260101080000Z)", data)
    path.write_bytes(data)


WORD97_STREAMS = {
    # A Word 97 FIB head (wIdent 0xA5EC, nFib 0xC1, zh-CN, table stream 1Table) and the text, with the
    # table stream it names: enough for the check to see a readable, unencrypted .doc.
    "WordDocument": struct.pack("<HHHHHHHI", 0xA5EC, 0x00C1, 0, 0x0804, 0, 0x0200, 0x00BF, 0) + b"\0" * 16
    + "区诚信建设工作制度".encode("utf-16-le").ljust(4096, b"\0"),  # 4096+: a regular stream, like Word's
    "1Table": b"\0" * 64,
    "\x05SummaryInformation": b"\0" * 64,
}


def ole2_file(path: Path, streams: dict[str, bytes]) -> Path:
    """A minimal but valid OLE2 compound file (what .doc/.xls/.wps are), with the given streams.

    Version 3, 512-byte sectors; every stream is padded to at least 4096 bytes so it lives in regular
    sectors (no mini stream). olefile and LibreOffice's sniffer read it; it is not a full Word document.
    """
    sector = 512
    end, free, fat_sect, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    blobs = [data.ljust(max(4096, -(-len(data) // sector) * sector), b"\0") for data in streams.values()]
    n_dir = -(-(len(streams) + 1) // 4)
    data_sectors = sum(len(b) // sector for b in blobs)
    fat_entries = 1 + n_dir + data_sectors
    if fat_entries > sector // 4:
        raise ValueError("streams too large for this minimal writer")
    fat = [fat_sect] + [i + 2 if i < n_dir else end for i in range(1, n_dir + 1)]
    starts, next_sector = [], 1 + n_dir
    for blob in blobs:
        count = len(blob) // sector
        starts.append(next_sector)
        fat += [next_sector + k + 1 for k in range(count - 1)] + [end]
        next_sector += count
    fat += [free] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, child: int, right: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", no_stream, right, child)
            + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )  # fmt: skip

    names = list(streams)
    entries = [entry("Root Entry", 5, end, 0, 1 if names else no_stream, no_stream)]
    for i, (name, data) in enumerate(streams.items()):
        # A degenerate tree: each stream's right sibling is the next one (valid, if unbalanced).
        right = i + 2 if i + 1 < len(names) else no_stream
        entries.append(entry(name, 2, starts[i], len(data), no_stream, right))
    directory = b"".join(entries).ljust(n_dir * sector, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0) + struct.pack("<I", free) * 108
    )  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + struct.pack(f"<{sector // 4}I", *fat) + directory + b"".join(blobs))
    return path


class Writer:
    """Writes evidence files under one root, keeping every file small and every seed distinct."""

    def __init__(self, evidence: Path) -> None:
        self.evidence = evidence
        self.seed = 0
        self.hashes: list[imagehash.ImageHash] = []

    def path(self, unit: str, *parts: str) -> Path:
        return self.evidence.joinpath(FOLDERS.get(unit, unit), *parts)

    def photo(self, path: Path, taken: dt.datetime) -> Path:
        """A distinct photo: seeds whose picture looks like an earlier one are skipped, so the only
        near-duplicates in the demo are the deliberate ones."""
        while True:
            self.seed += 1
            small = samplefiles._picture((PHOTO_SIZE[0] // 8, PHOTO_SIZE[1] // 8), self.seed)
            digest = imagehash.phash(small.convert("L"))
            if all(digest - other >= MIN_PHASH_DISTANCE for other in self.hashes):
                break
        self.hashes.append(digest)
        return samplefiles.jpeg(path, size=PHOTO_SIZE, seed=self.seed, taken=taken, quality=PHOTO_QUALITY)

    def reuse(self, source: Path, path: Path) -> Path:
        """The same photo resized and re-saved, as units do when they share pictures of one event."""
        with Image.open(source) as img:
            exif = img.info.get("exif", b"")
            img.resize((900, 675)).save(path, "JPEG", quality=60, exif=exif)
        return path

    def docx(self, path: Path, title: str, paragraphs: list[str]) -> Path:
        samplefiles.docx(path, paragraphs, title=title)
        pin_zip(path)
        return path

    def xlsx(self, path: Path, title: str, header: list[str], rows: list[list[object]]) -> Path:
        samplefiles.xlsx(path, header, rows, title=title)
        pin_zip(path)
        return path

    def pdf(self, path: Path, title: str, text: str) -> Path:
        return samplefiles.pdf(path, [text], title=title)

    def pdf_paragraphs(self, path: Path, title: str, paragraphs: list[str]) -> Path:
        """A text PDF that starts each paragraph on a new, indented line (a 文号 or signature is one line)."""
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        path.parent.mkdir(parents=True, exist_ok=True)
        c = canvas.Canvas(str(path), pagesize=A4, invariant=True)
        width, height = A4
        c.setFont("STSong-Light", 18)
        c.drawCentredString(width / 2, height - 72, title)
        c.setFont("STSong-Light", 12)
        y = height - 112
        for text in paragraphs:
            text = "\u3000\u3000" + text
            for line in [text[i : i + 36] for i in range(0, len(text), 36)]:
                if y < 72:
                    c.showPage()
                    c.setFont("STSong-Light", 12)
                    y = height - 72
                c.drawString(72, y, line)
                y -= 20
        c.showPage()
        c.save()
        return path

    def scanned(self, path: Path) -> Path:
        self.seed += 1
        samplefiles.scanned_pdf(path, pages=1, seed=self.seed)
        pin_pdf_dates(path)
        return path


# --- text ---------------------------------------------------------------------------------------------


def summary_text(unit: str, topic: str, places: list[str]) -> list[str]:
    """A 年度工作总结 the way units write them: background, measures, results, next steps, few figures."""
    a, b, c = places
    return [
        f"为深入贯彻落实全国文明城市创建工作部署，扎实推进{topic}工作，{unit}高度重视，将其列入本单位年度"
        f"重点任务，成立了由主要负责同志任组长、分管负责同志任副组长的工作专班，明确一名联络员负责材料"
        f"收集和日常联络。现将2025年11月以来的工作开展情况报告如下。",
        f"一、加强组织领导，压实工作责任。年初召开专题会议研究部署{topic}工作，制定工作方案，细化任务"
        f"清单，明确责任科室和完成时限。建立“周调度、月通报”工作机制，定期听取进展情况汇报，及时"
        f"协调解决工作中遇到的困难和问题，确保各项任务落到实处。",
        f"二、突出工作重点，丰富活动载体。以{a}、{b}、{c}为主要阵地，结合传统节日和重要时间节点，"
        f"组织开展主题宣传、志愿服务、现场教育等系列活动二十余场次，参与群众三千余人次。",
    ]


# Each good 说明报告 walks through its own indicator's 测评标准 point by point, with figures, dates and
# places, and names where its statistics come from (what check/review.py looks for, WM300-WM303).
# k varies the figures between units reporting on the same indicator.
UNIT_K = {"区委宣传部": 0, "区文明办": 1, "区教育局": 2, "区城管局": 3, "区民政局": 4, "团区委": 5}


def _party_history(u: str, a: str, b: str, c: str, k: int) -> list[str]:
    return [
        f"对照测评标准，现将{u}2025年11月至2026年10月开展党史学习教育的情况逐项说明如下，相关通知、"
        f"活动照片等佐证材料附后。",
        f"一、关于制定年度学习计划。2026年1月{8 + k}日，{u}印发《2026年度党史学习教育学习计划》，确定12个"
        f"月度学习专题，把学习任务分解到{4 + k}个科室和{12 + 3 * k}个基层支部；每季度对照计划检查一次进度，"
        f"2026年4月、7月、10月共开展督查3次，对发现的{5 + k}个问题逐一督促整改。",
        f"二、关于开展专题宣讲。组建由{15 + k}名骨干组成的党史宣讲团，以{a}、{b}为主要宣讲阵地，全年开展"
        f"专题宣讲{36 + 6 * k}场，听众{4200 + 350 * k}人次；其中2026年3月12日在{c}举办集中宣讲，现场听众"
        f"{320 + 20 * k}人，线上同步收看{1.2 + k / 10:.1f}万人次。宣讲内容围绕党的创新理论和党史重大事件，采用理论宣讲、情景党课、"
        f"红色故事分享等形式，每场宣讲后发放问卷收集听众意见。",
        f"三、关于主题党日等活动。各支部结合“七一”、国庆等时间节点开展主题党日活动{48 + 4 * k}次，内容包括"
        f"重温入党誓词、参观红色教育基地、到社区报到服务等，党员参与{1860 + 120 * k}人次，参与率{96 - k % 3}%。",
        f"四、关于覆盖机关、学校、社区。学习教育覆盖区直机关{23 + k}个、中小学校{18 + k}所、社区{26 + k}个："
        f"在机关举办读书班{6 + k}期，在学校开设“党史故事课”{120 + 10 * k}节，在社区举办“红色故事会”"
        f"{40 + 2 * k}场，机关、学校、社区三个层面均有活动记录。",
        f"数据来源：{u}党史学习教育工作台账和各支部活动记录，统计截至2026年10月15日。",
    ]


def _integrity(u: str, a: str, b: str, c: str, k: int) -> list[str]:
    subject = "社会组织" if u == "区民政局" else "企业和个人"
    return [
        f"对照测评标准，现将{u}诚信建设工作情况逐项说明如下。",
        f"一、关于守信激励机制。2026年2月，{u}会同区发改、市场监管等{10 + k}个部门制定《守信激励措施清单》，"
        f"对信用良好的{subject}在行政审批“绿色通道”、评优评先、政府购买服务等方面给予{18 - k}项激励。"
        f"2026年1月至9月共有{86 - 9 * k}家{subject}享受激励措施，减免保证金{126.5 - 11 * k:.1f}万元。",
        f"二、关于失信惩戒机制。建立失信主体名单管理制度，2026年1月至9月认定失信主体{14 - k}个，限制参与评优"
        f"评先{9 - k}次，约谈整改{21 - 2 * k}家，已完成信用修复{6 - k}家，名单和修复情况按月在门户网站公示。",
        f"三、关于诚信主题宣传教育。以“诚信建设万里行”为主题，在{a}、{b}、{c}开展诚信宣传活动{16 - k}场，"
        f"发放宣传资料{5000 - 600 * k}份，参与群众{2300 - 200 * k}人次；2026年6月14日“信用记录关爱日”在{a}"
        f"集中开展信用知识宣讲和咨询服务。",
        f"数据来源：据{u}信用信息管理台账和活动记录统计，统计截至2026年9月30日。",
    ]


def _festivals(u: str, a: str, b: str, c: str, k: int) -> list[str]:
    who = "师生" if u == "区教育局" else "群众"
    return [
        f"对照测评标准，现将{u}围绕传统节日开展“我们的节日”主题活动的情况逐项说明如下。",
        f"一、春节、元宵。2026年2月10日至3月3日，在{a}、{b}举办写春联送福字、猜灯谜闹元宵活动{8 - k}场，"
        f"送出春联{1200 - 100 * k}副，参与{who}{1500 - 150 * k}人次。活动邀请书法家协会会员现场书写，"
        f"并开展“邻里团圆饭”活动，倡导文明过节、移风易俗。",
        f"二、清明。2026年4月1日至5日组织“网上祭英烈”和文明祭扫宣传活动{4 + k}场，"
        f"{1800 + 200 * k}人次在网上献花留言，倡导鲜花祭扫、绿色祭扫；组织青少年到烈士陵园缅怀先烈，讲述英烈故事。",
        f"三、端午、七夕。2026年6月19日端午节在{c}举办包粽子、诵经典活动{4 + k}场，参与{who}{360 + 40 * k}人次；"
        f"8月19日七夕节开展“传承好家风”主题活动{3 + k}场，评选家风故事{12 + k}个。端午活动邀请非遗传承人讲解节日习俗，"
        f"组织亲子共同体验传统文化。",
        f"四、中秋、重阳。2026年9月25日中秋节在{b}举办“月圆团圆”游园会，参与{who}{600 + 50 * k}人次；"
        f"10月18日重阳节组织敬老志愿服务{5 + k}次，走访慰问老人{120 + 10 * k}人。游园会设置猜灯谜、诵读中秋诗词等环节；"
        f"重阳节为老人义诊、理发，开展“孝亲敬老”故事分享。",
        f"五、总体情况。全年共开展“我们的节日”主题活动{26 + 2 * k}场，每个传统节日均有方案、有活动、有图片记录，"
        f"其中{3 + k}次活动被市级以上媒体报道。各项活动均提前制定方案，活动结束后三日内报送图文信息。",
        f"数据来源：据{u}“我们的节日”活动台账统计，统计截至2026年10月20日。",
    ]


def _volunteers(u: str, a: str, b: str, c: str, k: int) -> list[str]:
    return [
        f"对照测评标准，现将{u}学雷锋志愿服务工作情况逐项说明如下。",
        f"一、关于志愿服务组织健全。全区共有青年志愿服务队{32}支，注册青年志愿者{4860}人；在{a}、{b}、{c}"
        f"设立青年志愿服务站点3个，每支队伍明确1名负责人和1名联络员，服务队章程和管理制度齐全。",
        "二、关于常态化开展学雷锋志愿服务活动。2025年11月至2026年10月每月开展2次集中服务，12个月共开展"
        f"环境清扫、文明劝导等学雷锋志愿服务活动24场，参与志愿者324人次；2026年3月5日学雷锋纪念日当天在{b}"
        f"集中开展服务，参与志愿者{60}人。",
        "三、关于活动记录完整。每场活动填写《志愿服务记录表》，记录服务时间、服务地点、服务内容和参与人数，"
        "24条记录按月归档，同步录入“志愿汇”平台，记录完整率100%。",
        f"数据来源：据{u}志愿服务记录表和“志愿汇”平台统计，统计截至2026年10月20日。",
    ]


def _traffic(u: str, a: str, b: str, c: str, k: int) -> list[str]:
    if u == "区教育局":
        teach = (f"全区中小学、幼儿园开设交通安全课{180 + 10 * k}节，覆盖学生{12600}人；2026年3月3日在{a}"
                 f"门口开展“文明交通 从我做起”主题宣传，发放《致家长的一封信》{8000}份")
    else:
        teach = (f"在{a}、{b}、{c}开展文明交通宣传活动{14 + k}场，发放宣传资料{6000 + 500 * k}份，"
                 f"设置宣传展板{24}块")
    return [
        f"对照测评标准，现将{u}文明交通工作情况逐项说明如下。",
        f"一、关于文明交通宣传教育。{teach}。",
        f"二、关于机动车礼让斑马线。会同区交警大队在{a}周边等{6 + k}个路口设置“礼让斑马线”提示牌{12 + k}块，"
        f"2026年3月至9月组织劝导员上路{420 + 30 * k}人次；据交警大队路口抽查，机动车礼让率由{82 + k}%"
        f"提高到{95 + k % 3}%。",
        f"三、关于非机动车、行人守法出行。文明劝导志愿者每周一、三、五早晚高峰在路口值守，劝导非机动车逆行、"
        f"闯红灯{1350 + 100 * k}次，劝导行人闯红灯{860 + 50 * k}次；开展“小手拉大手”活动，收回守法出行承诺书"
        f"{3200 + 200 * k}份。",
        f"数据来源：据{u}文明劝导台账和区交警大队路口抽查记录统计，统计截至2026年9月30日。",
    ]


def _online(u: str, a: str, b: str, c: str, k: int) -> list[str]:
    return [
        f"对照测评标准，现将{u}网络文明建设情况逐项说明如下。",
        "一、关于网络文明宣传。在“示范区文明网”开设网络文明专栏，2025年11月以来发布稿件168篇；通过"
        f"{b}微信公众号推送“文明上网”主题内容52期，累计阅读31.6万人次。",
        f"二、关于培育积极健康的网络文化。2026年9月网络安全宣传周期间在{c}举办现场活动1场，参与群众1200人次；"
        "举办“争做中国好网民”主题活动6场，征集网络文明短视频85件；组建网络文明志愿者队伍3支260人，全年"
        "举报、清理网络不良信息430条。",
        f"三、关于阵地建设。依托{a}建成网络文明实践点1个，开设“网络文明课堂”12期，培训网评员和志愿者480人次。",
        f"数据来源：据{u}网信科工作台账和“示范区文明网”后台统计，统计截至2026年10月10日。",
    ]


def _back_streets(u: str, a: str, b: str, c: str, k: int) -> list[str]:
    return [
        f"对照测评标准，现将{u}背街小巷环境整治工作情况逐项说明如下。",
        f"一、关于路面平整。2026年3月至8月对{a}、{b}周边等28条背街小巷实施路面改造，修补坑洼路面6500平方米，"
        "更换破损井盖46个，改造后路面平整率达到98%。",
        f"二、关于无乱堆乱放。开展集中清理行动12次，清理乱堆乱放杂物310处，规范{c}周边占道经营摊点85处，"
        "设置便民摊点疏导区2个。",
        "三、关于无乱贴乱画。清除小广告和乱涂乱画3200处，设置便民信息公示栏40块，对张贴小广告的7个号码依法"
        "予以停机处理。",
        "四、关于长效管理。落实“门前三包”责任制，签订责任书1260份；网格员每月对背街小巷巡查不少于2次，发现"
        "问题当天交办，整改完成率96%。",
        f"数据来源：据{u}背街小巷整治台账和网格化巡查台账统计，统计截至2026年9月30日。",
    ]


def _minors_mechanism(u: str, a: str, b: str, c: str, k: int) -> list[str]:
    office = "德育科" if u == "区教育局" else "学校少年部"
    return [
        f"对照测评标准，现将{u}未成年人思想道德建设工作机制情况逐项说明如下。",
        f"一、关于成立工作领导小组。2026年1月{6 + k}日，{u}调整充实未成年人思想道德建设工作领导小组，由主要"
        f"负责同志任组长，分管负责同志任副组长，成员{9 + k}人，领导小组办公室设在{office}，明确专人负责日常工作。领导小组成员"
        f"单位包括宣传、文明办、教育、民政、妇联等部门，分工明确，各司其职。",
        f"二、关于制定年度工作要点。2026年2月{20 - k}日印发《2026年未成年人思想道德建设工作要点》，明确理想信念"
        f"教育、阵地建设、心理健康、网络环境、家校共育等5个方面{22 - k}项重点任务，逐项明确责任科室和完成时限。工作要点经领导小组会议"
        f"审议通过后印发至各学校和社区，并在门户网站公开。",
        f"三、关于定期研究部署。领导小组每季度召开1次专题会议，2026年1月、4月、7月共召开3次，研究部署"
        f"{11 + k}项具体事项，已全部落实；9月对重点任务完成情况开展1次中期督查，督查学校和社区{18 + k}个。每次会议形成会议纪要，明确牵头领导、"
        f"责任科室和完成时限，办结一件销号一件。",
        f"四、工作成效。在{a}、{b}、{c}等阵地开展主题教育活动{64 + 4 * k}场，参与未成年人{15800 + 600 * k}"
        f"人次；评选“新时代好少年”{10 + k}名，编印事迹材料{2000}册。活动内容包括理想信念教育、少先队"
        f"主题队日、劳动实践和家风家教宣讲等。",
        f"数据来源：据{u}未成年人思想道德建设工作台账统计，统计截至2026年10月10日。",
    ]


def _youth_palace(u: str, a: str, b: str, c: str, k: int) -> list[str]:
    return [
        f"现将{u}乡村学校少年宫建设和活动开展情况说明如下。",
        f"一、阵地建设。全区已建成乡村学校少年宫3所，分别依托{a}、{b}和东风小学建设，配备书法、合唱、足球等"
        "活动室12间，2026年投入运行维护经费18.5万元。",
        "二、队伍建设。聘请专兼职辅导教师36名，其中校外志愿者辅导员14名，每学期开展辅导员培训2次。",
        "三、活动开展。2025年11月至2026年10月，3所少年宫共开展书法、合唱、足球活动72次，参与学生185人，"
        "每周至少开放3个下午，节假日开放率100%。活动项目由学生自主选择，辅导教师按课程计划组织教学，期末举办"
        "成果展示，邀请家长和社区居民观摩，乡村学生在家门口就能学习艺术和体育特长。",
        f"数据来源：据{u}乡村学校少年宫活动统计表统计，统计截至2026年10月10日。",
    ]


def _mental_health(u: str, a: str, b: str, c: str, k: int) -> list[str]:
    return [
        f"现将{u}中小学心理健康教育工作情况说明如下。",
        f"一、阵地和队伍。全区{18}所中小学均建成标准化心理辅导室，配备专职心理健康教师22名、兼职教师46名；"
        f"{b}建成区级心理健康教育指导中心1个。",
        f"二、课程和活动。中小学每两周开设心理健康教育课1节；2026年3月至10月在{a}、{b}、{c}举办心理健康讲座"
        "28场，覆盖学生9600人次、家长4200人次。",
        "三、筛查和干预。2026年9月组织新生心理健康普查，完成测评11800人，建立心理档案11800份，对重点关注学生"
        "一人一案跟踪辅导，开展个体辅导640人次。同时开通心理援助热线，由专业教师轮流值守，寒暑假期间"
        "不停线，对有需要的家庭提供家庭教育指导和转介服务。",
        f"数据来源：据{u}心理健康教育工作台账统计，统计截至2026年10月10日。",
    ]


REPORTS = {
    "党史学习教育": _party_history,
    "诚信建设": _integrity,
    "“我们的节日”主题活动": _festivals,
    "学雷锋志愿服务": _volunteers,
    "文明交通": _traffic,
    "网络文明建设": _online,
    "背街小巷环境整治": _back_streets,
    "未成年人思想道德建设": _minors_mechanism,
    "乡村学校少年宫建设": _youth_palace,
    "心理健康教育": _mental_health,
}


EVIDENCE_NOTE = (
    "佐证材料：本报告所列各项工作的通知文件、活动照片和统计台账均已按测评体系要求整理归档，照片注明拍摄时间、"
    "地点和活动主题，与本报告所述数据一一对应，可供审核时查阅核实。"
)


def report_text(unit: str, topic: str, places: list[str]) -> list[str]:
    """A 说明报告 that proves its standard: each point with measures, figures and places, and a source."""
    a, b, c = places
    *body, source = REPORTS[topic](unit, a, b, c, UNIT_K[unit])
    return [*body, EVIDENCE_NOTE, source]


# Each notice carries a 发文字号 and is signed by its issuing organisation (what WM312 looks for).
ISSUERS = {
    "区委宣传部": ("中共示范区委宣传部", "示宣发"),
    "区教育局": ("示范区教育局", "示教发"),
    "团区委": ("共青团示范区委员会", "示团发"),
}


def notice_text(unit: str, topic: str, number: int) -> list[str]:
    issuer, prefix = ISSUERS[unit]
    return [
        f"{prefix}〔2026〕{number}号",
        "各科室、各直属单位：",
        f"为扎实推进全国文明城市创建工作，根据区创文办统一部署，{issuer}决定在全系统深入开展{topic}工作。"
        "现将有关事项通知如下：一、提高思想认识，把此项工作作为创建工作的重要内容；二、明确责任分工，各单位"
        "主要负责同志为第一责任人；三、加强宣传报道，及时报送工作信息和实景图片；四、做好资料归档，按照测评"
        "体系要求整理台账资料。",
        issuer,
        "2026年3月2日",
    ]


def plan_text(unit: str, topic: str) -> list[str]:
    return [
        f"为推动{topic}工作常态化、制度化，结合{unit}实际，制定本方案。",
        "一、指导思想。以习近平新时代中国特色社会主义思想为指导，以培育和践行社会主义核心价值观为根本，"
        "以群众满意为目标，持续提升城市文明程度和市民文明素质。",
        "二、主要任务。（一）开展主题宣传活动；（二）组织志愿服务；（三）做好资料收集和台账管理。",
        "三、工作要求。各责任科室要明确专人负责，按时保质完成各项任务，活动结束后三日内报送图文材料。",
    ]


# --- the evidence, indicator by indicator ---------------------------------------------------------------


def _when(month: int, day: int, hour: int = 9) -> dt.datetime:
    year = 2025 if month >= 11 else 2026
    return dt.datetime(year, month, day, hour, 30)


def photos(w: Writer, unit: str, folder: str, topic: str, count: int, *, sub: str = "实景图片",
           start_month: int = 3) -> list[Path]:  # fmt: skip
    made = []
    for i in range(count):
        month = (start_month + i * 2 - 1) % 12 + 1
        taken = _when(month, 3 + i * 4, 9 + i)
        place = PLACES[unit][i % 3]
        if i % 2:
            name = f"{taken:%Y%m%d} {place} {topic}（{i + 1}）.jpg"
        else:
            name = f"{taken.year}年{taken.month}月{taken.day}日 {place} {topic}.jpg"
        parts = [folder, sub, name] if sub else [folder, name]
        made.append(w.photo(w.path(unit, *parts), taken))
    return made


def report(
    w: Writer, unit: str, folder: str, topic: str, *, as_pdf: bool = False, name: str = "说明报告"
) -> None:
    text = report_text(unit, topic, PLACES[unit])
    if as_pdf:
        w.pdf_paragraphs(w.path(unit, folder, f"{unit}{topic}工作{name}.pdf"), f"关于{topic}工作情况的{name}", text)
    else:
        w.docx(w.path(unit, folder, f"{unit}{topic}工作{name}.docx"), f"关于{topic}工作情况的{name}", text)


def plan(
    w: Writer, unit: str, folder: str, topic: str, name: str = "活动方案", *, as_pdf: bool = False
) -> None:
    if as_pdf:
        w.pdf(
            w.path(unit, folder, f"{topic}{name}.pdf"),
            f"{unit}{topic}{name}",
            "".join(plan_text(unit, topic)),
        )
    else:
        w.docx(w.path(unit, folder, f"{topic}{name}.docx"), f"{unit}{topic}{name}", plan_text(unit, topic))


def notice(w: Writer, unit: str, folder: str, topic: str, number: int) -> None:
    w.pdf_paragraphs(
        w.path(unit, folder, f"关于开展{topic}的通知.pdf"), f"关于开展{topic}的通知", notice_text(unit, topic, number)
    )


def ideology(w: Writer) -> None:
    topic = "党史学习教育"
    for unit, number in (("区委宣传部", 12), ("区教育局", 8), ("团区委", 5)):
        folder = "Ⅰ-1-1 深入开展党史学习教育"
        notice(w, unit, folder, topic, number)
        report(w, unit, folder, topic, as_pdf=unit != "区委宣传部")
        photos(w, unit, folder, "党史学习教育专题宣讲", 3)
    # Problems: an Office owner file left behind, and a minutes file that fits two materials.
    owner = w.path("区委宣传部", "Ⅰ-1-1 深入开展党史学习教育", "~$党史学习教育说明报告.docx")
    owner.write_bytes(b"\x0bAdministrator" + b"\0" * 149)
    w.docx(w.path("区委宣传部", "Ⅰ-1-1 深入开展党史学习教育", "会议纪要.docx"), "党史学习教育专题会议纪要",
           ["2026年3月10日，区委宣传部召开党史学习教育专题会议，研究部署相关工作。"])  # fmt: skip

    for unit, folder in (
        ("区委宣传部", "Ⅰ-1-3 新时代文明实践中心建设"),
        ("区文明办", "Ⅰ-1-3 文明实践所站建设"),
    ):
        plan(w, unit, folder, "新时代文明实践", "工作方案", as_pdf=True)
        photos(w, unit, folder, "新时代文明实践活动", 3, sub="")

    for unit in ("区委宣传部", "区城管局"):
        folder = "Ⅰ-2-1 公益广告宣传"
        plan(w, unit, folder, "公益广告宣传", "工作方案", as_pdf=True)
        photos(w, unit, folder, "公益广告", 5)
        rows = [[i + 1, f"{PLACES[unit][i % 3]}{i + 1}号点位", "讲文明树新风", ["围挡", "灯箱", "电子屏"][i % 3],
                 dt.date(2026, 1 + i, 10)] for i in range(8)]  # fmt: skip
        w.xlsx(w.path(unit, folder, "公益广告点位统计表.xlsx"), f"{unit}公益广告点位统计表",
               ["序号", "点位名称", "广告内容", "设置形式", "设置时间"], rows)  # fmt: skip

    folder = "Ⅰ—3—2 诚信建设"
    # Problem: an old .doc renamed to .docx by hand.
    ole2_file(w.path("区文明办", folder, "区诚信建设工作制度.docx"), WORD97_STREAMS)
    report(w, "区文明办", folder, "诚信建设")
    w.pdf(w.path("区民政局", "Ⅰ-3-2 诚信建设", "社会组织信用管理办法.pdf"), "示范区社会组织信用信息管理办法",
          "第一条 为加强社会组织信用信息管理，推进社会组织信用体系建设，制定本办法。" * 4)  # fmt: skip
    report(w, "区民政局", "Ⅰ-3-2 诚信建设", "诚信建设", as_pdf=True)

    folder = "创文资金保障/Ⅰ-4-1 创文资金保障"
    w.scanned(w.path("区文明办", folder, "关于下达2026年创文工作经费预算的通知（扫描件）.pdf"))
    w.xlsx(w.path("区文明办", folder, "2026年创文资金使用情况统计表.xlsx"), "2026年创文资金使用情况统计表",
           ["序号", "项目", "预算（万元）", "已支出（万元）", "备注"],
           [[1, "公益广告制作", 80, 62.5, ""], [2, "志愿服务保障", 45, 30.2, ""], [3, "背街小巷整治", 260, 198, ""],
            [4, "宣传品印制", 20, 18.6, ""]])  # fmt: skip


def customs(w: Writer) -> None:
    for unit in ("区文明办", "区教育局"):
        folder = "Ⅱ-3-2 我们的节日"
        plan(w, unit, folder, "“我们的节日”主题活动")
        report(w, unit, folder, "“我们的节日”主题活动", as_pdf=unit == "区教育局")
    photos(w, "区文明办", "Ⅱ-3-2 我们的节日", "我们的节日", 5, start_month=1)
    # Problem: one more photo taken before the evaluation period.
    w.photo(w.path("区文明办", "Ⅱ-3-2 我们的节日", "实景图片", "2025年9月28日 滨河社区 中秋游园会.jpg"),
            dt.datetime(2025, 9, 28, 19, 0))  # fmt: skip
    # Problem: only 3 of 5 photos.
    photos(w, "区教育局", "Ⅱ-3-2 我们的节日", "我们的节日", 3, start_month=4)

    for unit in ("团区委", "区民政局"):
        folder = "II-1-1 学雷锋志愿服务"
        plan(w, unit, folder, "学雷锋志愿服务", "计划", as_pdf=unit == "团区委")
        photos(w, unit, folder, "学雷锋志愿服务", 5)
        rows = [[dt.date(2025 + (m < 11), m, 5 + k), PLACES[unit][k % 3], "环境清扫、文明劝导", 12 + k * 3]
                for m in (11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10) for k in range(2)]  # fmt: skip
        header = ["服务时间", "服务地点", "服务内容", "参与人数"]
        if unit == "团区委":
            # Problem: the record keeps each team leader's mobile number (personal data in a submission).
            header.append("带队人联系电话")
            rows = [[*row, f"1391234{5600 + i:04d}"] for i, row in enumerate(rows)]
        w.xlsx(w.path(unit, folder, "志愿服务记录表.xlsx"), f"{unit}学雷锋志愿服务活动记录", header, rows)
    report(w, "团区委", "II-1-1 学雷锋志愿服务", "学雷锋志愿服务")
    # Problem: an empty file (sync interrupted).
    w.path("团区委", "II-1-1 学雷锋志愿服务", "说明报告（补充）.docx").write_bytes(b"")

    folder = "Ⅱ—2—3 移风易俗"
    plan(w, "区民政局", folder, "移风易俗", "工作方案", as_pdf=True)
    photos(w, "区民政局", folder, "移风易俗集体婚礼", 3)
    # Problem: the 说明报告 is missing.

    shared = []
    for unit in ("区城管局", "区教育局"):
        folder = "Ⅱ-4-1 文明交通"
        shared += photos(w, unit, folder, "文明交通劝导", 3)
        report(w, unit, folder, "文明交通", as_pdf=True)
    # Problem: the same photo of a joint event handed in by both units (resized).
    w.reuse(
        shared[0], w.path("区教育局", "Ⅱ-4-1 文明交通", "实景图片", "2026年3月3日 校门口 文明交通劝导.jpg")
    )
    # Problem: a unit folder no catalogue knows.
    w.photo(w.path("区卫健委", "Ⅱ-4-1 文明交通", "2026年5月8日 区人民医院 文明交通宣传.jpg"),
            dt.datetime(2026, 5, 8, 10, 0))  # fmt: skip

    folder = "Ⅱ-6-1 网络文明建设"
    report(w, "区委宣传部", folder, "网络文明建设", as_pdf=True)
    for i in range(3):
        w.photo(w.path("区委宣传部", folder, f"网页截图{i + 1} 示范区文明网网络文明专栏.jpg"),
                _when(4 + i, 12))  # fmt: skip


def environment(w: Writer) -> None:
    folder = "Ⅲ—12 网格化创建巡查"
    rows: list[list[object]] = []
    for m in (11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10):
        visits = 1 if m == 6 else 2  # June has one round only: the ledger-frequency check will say so
        for k in range(visits):
            rows.append([dt.date(2025 + (m < 11), m, 8 + k * 12), ["张伟", "李娜", "王强"][k % 3],
                         PLACES["区城管局"][(m + k) % 3], ["占道经营", "乱堆乱放", "无"][(m + k) % 3],
                         "已整改" if (m + k) % 3 != 2 else "—"])  # fmt: skip
    w.xlsx(w.path("区城管局", folder, "2026年度网格化创建巡查台账.xlsx"), "示范区网格化创建巡查台账",
           ["巡查时间", "巡查人员", "巡查点位", "发现问题", "整改情况"], rows)  # fmt: skip
    for i in range(3):
        w.photo(
            w.path("区城管局", folder, f"整改前后对比 {PLACES['区城管局'][i]} 2026年{3 + i}月.jpg"),
            _when(3 + i, 15),
        )

    for unit in ("区城管局", "区教育局"):
        folder = "Ⅲ-8-1 生活垃圾分类"
        plan(w, unit, folder, "生活垃圾分类", "工作方案", as_pdf=unit == "区城管局")
        photos(w, unit, folder, "垃圾分类宣传", 5 if unit == "区教育局" else 4)
        w.xlsx(w.path(unit, folder, "垃圾分类统计台账.xlsx"), f"{unit}生活垃圾分类统计台账",
               ["月份", "可回收物（吨）", "厨余垃圾（吨）", "其他垃圾（吨）"],
               [[f"2026年{m}月", 10 + m, 30 + m * 2, 50 - m] for m in range(1, 10)])  # fmt: skip
    # Problems: a photo without a caption, and a Word file of photos inside the photo folder.
    w.photo(w.path("区城管局", "Ⅲ-8-1 生活垃圾分类", "实景图片", "IMG_1234.jpg"), _when(6, 20))
    w.docx(w.path("区城管局", "Ⅲ-8-1 生活垃圾分类", "实景图片", "垃圾分类照片汇总.docx"), "垃圾分类照片汇总",
           ["照片见附件。"])  # fmt: skip

    folder = "Ⅲ-3-1 背街小巷环境整治"
    photos(w, "区城管局", folder, "背街小巷整治", 3)
    # Problems: a PNG saved as .jpg, and a name with a full-width space.
    samplefiles.png(w.path("区城管局", folder, "实景图片", "2026年7月2日 解放路 背街小巷整治后.jpg"),
                    size=(900, 675), seed=901)  # fmt: skip
    w.photo(
        w.path("区城管局", folder, "实景图片", "2026年8月9日 幸福里小区\u3000背街小巷整治.jpg"), _when(8, 9)
    )
    report(w, "区城管局", folder, "背街小巷环境整治")


def minors(w: Writer) -> None:
    for unit, number in (("区教育局", 15), ("团区委", 9)):
        folder = "Ⅳ-1-1 未成年人思想道德建设工作机制"
        w.pdf_paragraphs(w.path(unit, folder, "2026年未成年人思想道德建设工作要点.pdf"),
                         "2026年未成年人思想道德建设工作要点", notice_text(unit, "未成年人思想道德建设", number))  # fmt: skip
        report(w, unit, folder, "未成年人思想道德建设", as_pdf=True)

    folder = "Ⅳ-2-3 新时代好少年"
    plan(w, "区教育局", folder, "新时代好少年学习宣传", as_pdf=True)
    photos(w, "区教育局", folder, "新时代好少年事迹宣讲", 3)

    folder = "Ⅳ-3-1 乡村学校少年宫"
    report(w, "区教育局", folder, "乡村学校少年宫建设", as_pdf=True)
    w.xlsx(w.path("区教育局", folder, "乡村学校少年宫活动统计表.xlsx"), "乡村学校少年宫活动开展情况统计表",
           ["学校", "活动项目", "开展次数", "参与学生"],
           [["区实验小学", "书法", 24, 60], ["示范区第二中学", "合唱", 18, 45], ["东风小学", "足球", 30, 80]])  # fmt: skip

    folder = "Ⅳ-4-2 心理健康教育"
    report(w, "区教育局", folder, "心理健康教育", as_pdf=True)
    photos(w, "区教育局", folder, "心理健康讲座", 3)
    w.pdf(w.path("区民政局", folder, "关于心理健康教育无此项工作说明.pdf"), "情况说明",
          "我局不承担中小学心理健康教育工作，本年度无此项工作，特此说明。区民政局（盖章）2026年10月8日")  # fmt: skip

    # Problem: a file straight under the unit folder, in no indicator folder.
    w.docx(w.path("区教育局", "2026年上半年工作总结.docx"), "示范区教育局2026年上半年工作总结",
           summary_text("区教育局", "教育系统创文", PLACES["区教育局"])[:2])  # fmt: skip


def make(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for sub in ("indicators", "evidence"):
        if (target / sub).exists():
            shutil.rmtree(target / sub)
    (target / "wenming.toml").write_text(WENMING_TOML, encoding="utf-8")
    (target / "indicators").mkdir(parents=True)
    for name, text in CATALOGUE.items():
        (target / "indicators" / name).write_text(text, encoding="utf-8")
    w = Writer(target / "evidence")
    ideology(w)
    customs(w)
    environment(w)
    minors(w)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", type=Path, default=ROOT, help="project folder to (re)write")
    args = parser.parse_args()
    make(args.target)
    files = [p for p in (args.target / "evidence").rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    print(f"demo written to {args.target}: {len(files)} evidence files, {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
