"""What a file says about itself: its name, its folders, its archive, its title or first lines, a sheet's
title row, a photo's caption. Each piece of text is a Clue; matching (intake/match.py) reads them.

Names that carry no information are left out: camera and chat-app names (微信图片_2026…, IMG_1234,
mmexport…) and `新建文件夹 (3)` (evidence.captions.is_camera_name).

Content is read the way the check reads it, capped: a .docx's XML through defusedxml after the zip's
directory passed the bomb rules, a PDF's first page with pypdf, an .xlsx in openpyxl's read-only mode.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from wenming_submit.evidence.captions import caption_from_name, is_camera_name
from wenming_submit.evidence.inspect.zipsafety import has_dtd, read_member, zip_problem
from wenming_submit.intake.sources import Incoming
from wenming_submit.textcodec import decode_chinese_text

FIRST_LINES = 3
"""Non-empty lines read after a document's title."""
LINE_MAX = 80

NAME, CONTENT = 1, 2
"""Clue levels: what the names say decides before what the content says."""

SCORES = {
    "文件名": 90, "文件夹名": 85, "压缩包名": 85, "文档标题": 80, "文档开头": 70, "表格标题行": 75,
    "照片说明": 75,
}  # fmt: skip
"""Confidence (%) a match from this kind of clue gives."""

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DC = "{http://purl.org/dc/elements/1.1/}"
logging.getLogger("pypdf").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Clue:
    where: str
    """文件名 | 文件夹名 | 压缩包名 | 文档标题 | 文档开头 | 表格标题行 | 照片说明"""
    text: str

    @property
    def level(self) -> int:
        return NAME if self.where in ("文件名", "文件夹名", "压缩包名") else CONTENT

    @property
    def score(self) -> int:
        return SCORES[self.where]


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name[1:] else name


def _informative(text: str) -> bool:
    return bool(text.strip()) and not is_camera_name(text)


def _lines(texts: list[str]) -> list[str]:
    out = []
    for text in texts:
        text = unicodedata.normalize("NFC", re.sub(r"\s+", " ", text)).strip()
        if text:
            out.append(text[:LINE_MAX])
    return out


def docx_lines(path: Path) -> list[str]:
    """Core-properties title (when set), then the first non-empty paragraphs of the body."""
    from defusedxml.ElementTree import fromstring

    try:
        with zipfile.ZipFile(path) as zf:
            if zip_problem(zf):
                return []
            names = set(zf.namelist())
            title = ""
            if "docProps/core.xml" in names:
                core = read_member(zf, "docProps/core.xml", 1 << 20)
                if not has_dtd(core):
                    node = fromstring(core, forbid_dtd=True).find(f"{DC}title")
                    title = (node.text or "") if node is not None else ""
            if "word/document.xml" not in names:
                return _lines([title])
            data = read_member(zf, "word/document.xml")
        if has_dtd(data):
            return []
        paragraphs: list[str] = []
        for p in fromstring(data, forbid_dtd=True).iter(f"{W}p"):
            text = "".join(t.text or "" for t in p.iter(f"{W}t"))
            if text.strip():
                paragraphs.append(text)
            if len(paragraphs) > FIRST_LINES:
                break
        return _lines([title, *paragraphs])
    except Exception:  # unreadable content gives no clue; the check reports the file itself later
        return []


def pdf_lines(path: Path) -> list[str]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            return []
        title = str(reader.metadata.get("/Title") or "") if reader.metadata else ""
        text = (reader.pages[0].extract_text() or "") if len(reader.pages) else ""
    except Exception:
        return []
    return _lines([title, *text.splitlines()[: FIRST_LINES + 1]])


def text_lines(path: Path) -> list[str]:
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return []
    text = decode_chinese_text(head[: max(len(head) - 4, 1)] if len(head) == 4096 else head) or ""
    return _lines(text.splitlines())[: FIRST_LINES + 1]


def sheet_title_rows(path: Path) -> list[str]:
    """Per sheet (at most 3), the first non-empty row: the title row (or the header when there is none)."""
    try:
        with zipfile.ZipFile(path) as zf:
            if zip_problem(zf):
                return []
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            rows = []
            for ws in wb.worksheets[:3]:
                for row in ws.iter_rows(max_row=5, max_col=20, values_only=True):
                    cells = [str(v).strip() for v in row if v is not None and str(v).strip()]
                    if cells:
                        rows.append(" ".join(cells))
                        break
            return _lines(rows)
        finally:
            wb.close()
    except Exception:
        return []


_XP_TAGS = (0x9C9B, 0x9C9C, 0x9C9F)
"""Windows Explorer's 标题/备注/主题 (UTF-16LE)."""


def photo_description(path: Path) -> str:
    """EXIF ImageDescription or the Windows 标题/备注 a coordinator may have typed in Explorer."""
    from PIL import Image

    try:
        with Image.open(path) as img:
            exif = img.getexif()
    except Exception:
        return ""
    texts = []
    desc = exif.get(0x010E)
    if isinstance(desc, str) and desc.strip():
        texts.append(desc.strip())
    for tag in _XP_TAGS:
        value = exif.get(tag)
        if isinstance(value, bytes | tuple):
            raw = bytes(value)
            texts.append(raw.decode("utf-16-le", "ignore").rstrip("\x00").strip())
    return " ".join(t for t in texts if t)


def clues_of(item: Incoming) -> list[Clue]:
    """Every informative piece of text about `item`, names first (file, folders innermost first, archives)."""
    clues: list[Clue] = []
    stem = _stem(item.name)
    caption_name = caption_from_name(item.name)
    if caption_name and _informative(stem):
        clues.append(Clue("文件名", stem))
    for folder in reversed(item.folders):
        if _informative(folder):
            clues.append(Clue("文件夹名", folder))
    for archive in reversed(item.archives):
        if _informative(_stem(archive)):
            clues.append(Clue("压缩包名", _stem(archive)))
    lines: list[str] = []
    if item.format == "docx":
        lines = docx_lines(item.path)
    elif item.format == "pdf":
        lines = pdf_lines(item.path)
    elif item.format == "text":
        lines = text_lines(item.path)
    elif item.format == "xlsx":
        clues += [Clue("表格标题行", row) for row in sheet_title_rows(item.path)]
    elif item.format in ("jpeg", "png", "webp", "tiff", "heic", "bmp", "gif"):
        caption = item.captions.get(unicodedata.normalize("NFC", item.name)) or photo_description(item.path)
        if caption:
            clues.append(Clue("照片说明", caption))
    if lines:
        clues.append(Clue("文档标题", lines[0]))
        clues += [Clue("文档开头", line) for line in lines[1:]]
    return clues
