"""Photo captions: from the file name, or from a 图片说明.txt/.xlsx next to the photos.

A caption must say what the reviewer needs (时间、地点、人物、主题). Camera and app names
(IMG_1234, DSC_0001, mmexport…, 微信图片_…, Screenshot_…) are not captions. The parts are found by a
heuristic (documented in docs/checks.md):

- 时间: a date (2025-05-12, 20250512, 2025年5月12日, 2025.5.12) or 5月12日 / 2025年5月;
- 地点: a place word (社区、街道、广场、公园、学校、村、路、馆、中心、会议室…) or 在…;
- 人物: a word for people (志愿者、党员、居民、学生、书记、主讲…) or a name followed by 等;
- 主题: besides the date, two separate pieces of text ("幸福社区 公益广告": place and topic); or one
  piece of at least 4 Chinese characters with an activity word (活动、开展、宣传、志愿、讲座、巡查、节…);
  or at least 10 Chinese characters.
"""

from __future__ import annotations

import re
import unicodedata

from wenming_submit.evidence.dates import find_date, mentions_time

CAPTION_FILES = ("图片说明.txt", "图片说明.xlsx")

_CAMERA = re.compile(
    r"^(?:img|dsc|dscn|dcim|pxl|mvimg|vid|p|photo|image|mmexport|wx_camera|wechatimg|screenshot|"
    r"截图|屏幕截图|微信图片|微信截图|qq图片|faceu|beauty|camera|相片|照片|图片|未命名|新建)[\s_\-.()（）0-9a-f]*$",
    re.IGNORECASE,
)
_ONLY_CODES = re.compile(r"^[\s\W\d_a-zA-Z]*$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_PLACE_WORDS = (
    "社区", "街道", "广场", "公园", "学校", "小学", "中学", "大学", "幼儿园", "村", "路", "街", "巷", "馆",
    "中心", "站", "会议室", "礼堂", "小区", "镇", "乡", "院", "楼", "室", "场", "厅", "基地", "市", "县", "区",
    "园", "所", "局", "办", "队", "港", "湖", "山", "河", "桥", "门", "家", "店", "窗口", "现场",
)  # fmt: skip
_PEOPLE_WORDS = (
    "志愿者", "党员", "居民", "群众", "学生", "师生", "老师", "教师", "儿童", "少年", "青年", "老人", "职工",
    "干部", "同志", "书记", "主任", "局长", "区长", "市长", "部长", "队员", "代表", "主讲", "专家", "民警",
    "人员", "网格员", "工作人员", "家长", "游客", "市民", "村民", "团员", "少先队员", "领导", "嘉宾", "选手",
)  # fmt: skip
_ACTIVITY_WORDS = (
    "活动", "开展", "举办", "举行", "组织", "宣传", "宣讲", "志愿", "服务", "会", "讲座", "培训", "学习", "巡查",
    "检查", "整治", "比赛", "演出", "仪式", "节", "教育", "实践", "慰问", "清扫", "劝导", "分享", "读书", "展",
    "课", "走访", "座谈", "调研", "签约", "启动", "表彰", "评选", "建设", "整改", "清理", "接待",
)  # fmt: skip
_PEOPLE_PATTERN = re.compile(r"[\u4e00-\u9fff]{2,3}等")


def is_camera_name(stem: str) -> bool:
    """IMG_1234, DSC_0001, mmexport1699999999, 微信图片_20250512…, Screenshot_2025…, a bare number."""
    text = unicodedata.normalize("NFKC", stem).strip()
    return not text or bool(_CAMERA.match(text)) or (not _CJK.search(text) and bool(_ONLY_CODES.match(text)))


def caption_from_name(name: str) -> str | None:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"\s*[（(]\d+[)）]$", "", stem).strip()  # "说明 (2)" copies
    return None if is_camera_name(stem) else stem


_PICTURE_EXT = r"\.(?:jpe?g|png|heic|heif|webp|gif|bmp|tiff?)"
_TAB_LINE = re.compile(rf"^([^\t]+?{_PICTURE_EXT})\t+(.+)$", re.I)
_LINE = re.compile(rf"^(.+?{_PICTURE_EXT})\s*[:：,，]?\s*(.+)$", re.I)


def parse_caption_lines(text: str) -> dict[str, str]:
    """`文件名<tab or ：or spaces>说明` per line; lines that name no picture file are skipped.

    The name may hold spaces (`IMG_0012 (2).jpg`, what Windows calls a second copy): it runs to the first
    picture extension, or to the tab when there is one (what the portal writes)."""
    captions: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip().lstrip("\ufeff")
        m = _TAB_LINE.match(line) or _LINE.match(line)
        if m and (caption := m.group(2).strip()):
            captions[unicodedata.normalize("NFC", m.group(1).strip())] = caption
    return captions


def _has_place(text: str) -> bool:
    return "在" in text or any(word in text for word in _PLACE_WORDS)


def _has_people(text: str) -> bool:
    return any(word in text for word in _PEOPLE_WORDS) or bool(_PEOPLE_PATTERN.search(text))


def _has_topic(text: str) -> bool:
    text = unicodedata.normalize("NFKC", text)
    segments = [s for s in re.split(r"[\s,，、;；:：_\-—]+", text) if _CJK.search(s) and not mentions_time(s)]
    if len(segments) >= 2:  # "时间 地点 主题": a second text segment besides the place is the topic
        return True
    rest = re.sub(r"\d+|[年月日号]", "", text)
    hanzi = len(_CJK.findall(rest))
    return hanzi >= 4 and (hanzi >= 10 or any(word in rest for word in _ACTIVITY_WORDS))


_PART_TESTS = {"时间": mentions_time, "日期": mentions_time, "地点": _has_place, "人物": _has_people,
               "主讲人": _has_people, "主题": _has_topic, "事由": _has_topic, "内容": _has_topic}  # fmt: skip


def missing_parts(caption: str, required: tuple[str, ...]) -> list[str]:
    """The required parts the caption does not show; unknown part names ask for a few characters of text."""
    missing = []
    for part in required:
        test = _PART_TESTS.get(part, _has_topic)
        if not test(caption):
            missing.append(part)
    return missing


__all__ = [
    "CAPTION_FILES",
    "caption_from_name",
    "find_date",
    "is_camera_name",
    "missing_parts",
    "parse_caption_lines",
]
