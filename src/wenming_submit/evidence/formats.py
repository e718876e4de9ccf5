"""The file formats the tool tells apart, with their kind (as materials name them) and Chinese label."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    id: str
    kind: str
    """document | pdf | image | spreadsheet | video | presentation | archive | other"""
    label: str
    extensions: tuple[str, ...]
    """Extensions that honestly name this content; the first is the canonical one."""
    legacy: bool = False
    """Formats the upload system or Word users can't take as is: old binary Office formats (.doc/.xls/.wps/.et),
    Word templates and macro documents (.dotx/.docm, which python-docx refuses), OFD and HEIC."""


_FORMATS = [
    Format("docx", "document", "Word 文档", ("docx", "wps")),
    Format("dotx", "document", "Word 模板（.dotx）", ("dotx", "docx"), legacy=True),
    Format("docm", "document", "启用宏的 Word 文档（.docm）", ("docm", "docx"), legacy=True),
    Format("dotm", "document", "启用宏的 Word 模板（.dotm）", ("dotm", "docx"), legacy=True),
    Format("doc", "document", "旧版 Word 文档（.doc）", ("doc", "wps", "dot"), legacy=True),
    Format("wps", "document", "WPS 文字文档（.wps）", ("wps",), legacy=True),
    Format("odt", "document", "ODF 文本文档", ("odt",)),
    Format("rtf", "document", "RTF 文档", ("rtf", "doc")),
    Format("ofd", "document", "OFD 版式文档", ("ofd",), legacy=True),
    Format("text", "document", "纯文本", ("txt", "csv", "md")),
    Format("pdf", "pdf", "PDF 文件", ("pdf",)),
    Format("xlsx", "spreadsheet", "Excel 表格", ("xlsx", "xlsm", "et")),
    Format("xls", "spreadsheet", "旧版 Excel 表格（.xls）", ("xls", "et"), legacy=True),
    Format("et", "spreadsheet", "WPS 表格（.et）", ("et",), legacy=True),
    Format("csv", "spreadsheet", "CSV 表格", ("csv", "txt")),
    Format("ods", "spreadsheet", "ODF 表格", ("ods",)),
    Format("pptx", "presentation", "PowerPoint 演示文稿", ("pptx", "dps")),
    Format("ppt", "presentation", "旧版 PowerPoint 演示文稿", ("ppt", "dps"), legacy=True),
    Format("jpeg", "image", "JPEG 图片", ("jpg", "jpeg", "jpe", "jfif", "mpo")),
    Format("png", "image", "PNG 图片", ("png",)),
    Format("gif", "image", "GIF 图片", ("gif",)),
    Format("webp", "image", "WEBP 图片", ("webp",)),
    Format("heic", "image", "HEIC 图片（苹果手机格式）", ("heic", "heif", "hif"), legacy=True),
    Format("avif", "image", "AVIF 图片", ("avif",)),
    Format("tiff", "image", "TIFF 图片", ("tif", "tiff")),
    Format("bmp", "image", "BMP 图片", ("bmp",)),
    Format("mp4", "video", "MP4 视频", ("mp4", "m4v")),
    Format("mov", "video", "MOV 视频", ("mov", "qt", "mp4")),
    Format("avi", "video", "AVI 视频", ("avi",)),
    Format("zip", "archive", "压缩包", ("zip",)),
    Format("rar", "archive", "RAR 压缩包", ("rar",)),
    Format("7z", "archive", "7z 压缩包", ("7z",)),
    Format("ole", "other", "未知的 Office 文件", ("doc", "xls", "ppt", "wps", "et")),
    Format("empty", "other", "空文件", ()),
    Format("unknown", "other", "无法识别的文件", ()),
]

FORMATS: dict[str, Format] = {f.id: f for f in _FORMATS}

MATERIAL_KIND_LABELS: dict[str, str] = {
    "document": "文档",
    "pdf": "PDF",
    "image": "图片",
    "spreadsheet": "表格",
    "video": "视频",
    "presentation": "演示文稿",
    "archive": "压缩包",
    "other": "其他文件",
    "any": "任意文件",
}


def material_kinds_of(fmt: Format) -> set[str]:
    """Material kinds (DESIGN §4) this format satisfies: a PDF counts as a document too."""
    kinds = {fmt.kind}
    if fmt.kind == "pdf":
        kinds.add("document")
    return kinds


OLE_FORMATS = frozenset({"doc", "wps", "xls", "et", "ppt", "ole"})
"""Legacy Office formats stored in an OLE2 compound file."""
REENCODED_IMAGES = frozenset(f.id for f in _FORMATS if f.kind == "image" and f.id != "gif")
"""Pictures the upload package re-encodes (and so compresses to the size limit) when they are too large;
GIFs may be animated and are copied as they are (assemble/pack_images.image_plan)."""
