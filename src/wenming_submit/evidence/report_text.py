"""What a reviewer looks for in a document's text, measured once and cached: a bounded text sample (for
judging relevance to the standard later), concrete data, sources, 发文字号 and issuer, summary phrases.

Catalogue-independent; check/review.py holds the numbers against the material and the item's standard.
"""

from __future__ import annotations

import re
from typing import Any

SAMPLE_CHARS = 20_000
"""Text kept per document for the relevance check (a 说明报告 is 500-3,000 characters)."""

_NUM = r"(?:\d+(?:[.,]\d+)*|[两二三四五六七八九十百千万亿〇零][一二两三四五六七八九十百千万亿〇零]*|一[十百千万亿][一二两三四五六七八九十百千万亿〇零]*)"
_UNIT = (
    r"(?:万元|亿元|元|万人次|人次|万人|场次|场|次|个百分点|个|名|户|人|家|所|处|条|项|篇|期|件|小时|天|"
    r"平方米|米|公里|座|块|支|批|类|套|册|份|%|％)"
)
FIGURE = re.compile(_NUM + r"\s*(?:余|多)?\s*" + _UNIT)
DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{1,2}\s*月\s*\d{1,2}\s*日")
PLACE = re.compile(
    r"[\u4e00-\u9fff]{2,8}?(?:社区|街道|村|小学|中学|幼儿园|学校|广场|公园|文化馆|图书馆|博物馆|实践所|实践站|"
    r"服务站|服务中心|少年宫|医院|车站|市场)"
)
SOURCE = re.compile(r"数据来源|资料来源|来源[:：]|来源于|出处|据[^，。；\n]{1,20}统计|经[^，。；\n]{1,12}统计|统计显示")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{0,8}[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号")
ISSUER = re.compile(
    r"[\u4e00-\u9fff（）]{2,24}?(?:人民政府|委员会|办公室|办事处|领导小组|指挥部|管理局|局|委|办|中心|公司|协会|联合会|团区委|团市委)"
)
SUMMARY_PHRASES = (
    "高度重视", "取得了", "取得明显", "显著成效", "明显成效", "良好氛围", "有效提升", "扎实推进", "稳步推进",
    "下一步", "存在问题", "存在的问题", "不足之处", "仍有差距", "持续巩固", "进一步", "不断", "切实", "全力",
    "营造了", "落到实处", "再上新台阶", "有力推动",
)  # fmt: skip
EXPLANATION_PHRASES = (
    "对照", "测评标准", "测评内容", "一是", "二是", "三是", "具体如下", "佐证", "详见", "附件", "见附",
    "数据来源", "统计", "其中", "共计", "累计", "分别",
)  # fmt: skip


def _count(phrases: tuple[str, ...], text: str) -> int:
    return sum(text.count(p) for p in phrases)


def text_facts(text: str) -> dict[str, Any]:
    """Counts over the whole text and a sample of its start, as a JSON-able dict."""
    compact = re.sub(r"\s+", "", text)
    figures = [m.group(0) for m in FIGURE.finditer(compact)]
    statistics = [f for f in figures if re.search(r"\d", f)]
    dates = DATE.findall(compact)
    places = sorted(set(PLACE.findall(compact)))
    lines = re.sub(r"[ \t\u3000]+", "", text).strip()  # line breaks kept: a 文号 or issuer is one line
    numbers = [m.group(0) for m in DOC_NUMBER.finditer(lines)]
    head, tail = lines[:150], lines[-250:]
    issuers = [m.group(0) for m in ISSUER.finditer(head + "｜" + tail)]
    return {
        "text": compact[:SAMPLE_CHARS],
        "length": len(compact),
        "figures": len(figures),
        "figure_examples": figures[:5],
        # Figures written in digits ("1260场次", "15.0%") are statistics that need a source; "二十余场次" is not.
        "statistics": len(statistics),
        "statistic_examples": statistics[:5],
        "dates": len(dates),
        "places": len(places),
        "place_examples": places[:5],
        "sources": len(SOURCE.findall(compact)),
        "summary_phrases": _count(SUMMARY_PHRASES, compact),
        "explanation_phrases": _count(EXPLANATION_PHRASES, compact),
        "doc_number": numbers[0] if numbers else None,
        "issuer": issuers[0] if issuers else None,
    }
