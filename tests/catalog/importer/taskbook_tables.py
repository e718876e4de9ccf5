"""任务分解表 fixtures made with openpyxl the way cities send them.

Each maker writes a workbook and returns its path. The layouts follow the ones in DOMAIN.md: a merged title
row, a date/unit line, merged category cells, multi-line 责任单位 with （牵头）, free-text requirements, an
empty spacer row and a notes row at the bottom.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font


def _sheet(ws: Any, title: str, header: list[str], rows: list[list[Any]]) -> None:
    width = len(header)
    ws.append([title] + [None] * (width - 1))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(["填报单位：某某区创文办", None, None, "填报日期：2026年3月1日"] + [None] * (width - 4))
    ws.append(header)
    for row in rows:
        ws.append(row)


def city_roman(path: Path) -> Path:
    """序号 | 测评项目 | 测评内容 | 测评标准 | 测评方法 | 网上申报具体要求 | 责任单位 | 完成时间; Roman codes."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "任务分解"
    header = [
        "序号",
        "测评项目",
        "测评内容",
        "测评标准",
        "测评方法",
        "网上申报具体要求",
        "责任单位",
        "完成时间",
    ]
    rows = [
        [
            "Ⅱ-3-2",
            "社会风尚",
            "开展“我们的节日”主题活动",
            "围绕春节、清明、端午、中秋等传统节日开展主题活动。",
            "材料审核",
            "1.活动方案；2.实景图片5张以上，注明时间、地点、主题；3.说明报告500字",
            "区委宣传部（牵头）\n区文明办、区教育局",
            dt.datetime(2026, 6, 30),
        ],
        [
            "II—3—3",
            None,
            "志愿服务制度化",
            "建立志愿服务站点，志愿者注册率达到13%以上",
            "材料审核、实地考察",
            "文件通知/制度文件；台账/统计表",
            "区文明办；团区委",
            "2026年6月底",
        ],
        [None] * 8,
        [
            "Ⅲ-12 2)",
            "公共秩序",
            "交通秩序",
            "机动车礼让行人，文明驾驶",
            "1)材料审核 2)问卷调查",
            "视频1段；巡查台账，每月巡查不少于2次",
            "区城管局、区交警大队(牵头)",
            "长期坚持",
        ],
        ["注：1.各单位请于每月5日前报送材料；2.材料要求以市创文办通知为准。"] + [None] * 7,
        ["填表人：张三", None, None, "联系电话：0000-1234567", None, None, None, None],
    ]
    _sheet(ws, "某某市2026年创建全国文明城市网上申报材料任务分解表", header, rows)
    ws.merge_cells("B4:B6")  # 社会风尚 spans its two items and the spacer row
    ws.merge_cells("A8:H8")  # the notes row
    ws.column_dimensions["F"].width = 40
    book.save(path)
    return path


def city_reordered(path: Path) -> Path:
    """Another city: other column order and wording, full-width codes, a code merged over two rows."""
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active["A1"] = "本表由市创文办印发，请各单位对照执行。"
    ws = book.create_sheet("网报任务")
    header = [
        "责任单位\n（牵头单位列首位）",
        "指标名称",
        "网上申报要求",
        "指标编号",
        "测评类别",
        "配合单位",
        "负责人",
    ]
    rows = [
        [
            "区卫健委（牵头）、区市场监管局",
            "公共卫生服务",
            "提供文件通知、工作台账、实景图片3张以上（注明时间、地点、人物、主题）",
            "Ⅰ－１",
            "公共服务",
            "各镇（街道）",
            "张三",
        ],
        ["区教育局", "未成年人思想道德建设", "相关制度文件", "Ⅳ—２", "未成年人", None, "李四"],
        [None, None, "开展情况说明（300字以内）；视频1段", None, None, None, None],
        ["区民政局", "公益广告", "按要求提供佐证材料", "Ⅴ-1", "公益广告", "区文明办", "王五"],
    ]
    _sheet(ws, "2026年网上申报任务清单", header, rows)
    ws.merge_cells("D5:D6")  # Ⅳ-2 has two requirement rows
    ws.merge_cells("A5:A6")
    ws.merge_cells("B5:B6")
    ws.merge_cells("E5:E6")
    book.save(path)
    return path


def city_dotted(path: Path) -> Path:
    """3.2.1-style codes, 一级/二级指标 columns, a section heading row, 牵头单位 in its own column."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Sheet1"
    header = ["指标编号", "一级指标", "二级指标", "指标名称", "材料要求", "牵头单位", "责任单位", "报送时间"]
    rows = [
        ["一、公共文明"] + [None] * 7,
        [
            "3.2.1",
            "公共文明",
            "公共场所秩序",
            "窗口单位文明服务",
            "台账/统计表；实景照片不少于十张，并注明时间地点主题",
            "区政务服务中心",
            "区政务服务中心\n区税务局\n区人社局",
            "2026.6.30",
        ],
        ["3.2.2", "公共文明", "公共场所秩序", "公共场所控烟", "视频", "区卫健委", None, None],
        [None] * 8,
        ["备注：本表未列事项按市里通知执行"] + [None] * 7,
    ]
    _sheet(ws, "创文网上申报材料分工表", header, rows)
    ws.merge_cells("A4:H4")
    ws.merge_cells("B5:B6")
    ws.merge_cells("C5:C6")
    ws.merge_cells("A8:H8")
    book.save(path)
    return path
