"""Every Chinese text the Word 汇编 writes (besides the jinja2 templates in templates/word/)."""

from __future__ import annotations

FILE_NAME = "网报材料汇编.docx"
SPLIT_DIR = "分册"
PDF_NAME = "网报材料汇编.pdf"

COVER_PERIOD = "测评周期：{start}至{end}"
COVER_UNIT_SUFFIX = "（{unit}）"
SPLIT_TITLE_SUFFIX = "（{name}）"

SUBMISSION_TABLE = "测评材料提交表"
ROW_CODE = "指标编号"
ROW_TITLE = "指标名称"
ROW_STANDARD = "测评标准"
ROW_LEAD = "牵头单位"
ROW_UNITS = "责任单位"
ROW_MATERIALS = "提交材料"
ROW_CONCLUSION = "结论性说明"
MATERIAL_HEADER = ("材料名称", "责任单位", "提交情况", "文件数")
NONE = "—"

STATUS = {
    "complete": "已提交",
    "partial": "待补（还差{short}份）",
    "missing": "缺失",
    "waived": "免报（有情况说明）",
}
GAP_STATUSES = frozenset({"partial", "missing"})

GAP_MISSING = "【缺失】{unit}尚未提交“{material}”（至少需要{required}份）。"
GAP_PARTIAL = "【待补】{unit}的“{material}”只有{found}份，至少需要{required}份。"
WAIVED = "{unit}：本项无此项工作，情况说明如下。"

ALBUM_CAPTION = "{caption}（取自{name}）"
ALBUM_EMPTY = "文档中没有可显示的图片"
PHOTO_FAILED = "【图片无法显示】{name}：{reason}"
FILE_FAILED = "【{name}无法合入】{reason}"
NARRATIVE_NOTES = "【说明】{name}：{notes}。"
NOTE_TRACKED = "原文含修订标记，已按接受全部修订后的文字合入"
NOTE_COMMENTS = "原文含批注，批注未合入"
NOTE_TEXTBOX = "原文含文本框，框内文字已按顺序合入正文"
NOTE_OBJECTS = "原文含{n}个嵌入对象（图表、公式或其他文件），未能合入，请见附件原件"
NOTE_TABLE_CUT = "原文表格过大，仅合入前{rows}行、前{cols}列"
NOTE_PICTURE_FAILED = "原文中有{n}张图片无法显示"
DOC_UNREADABLE = "文档无法打开（{reason}），请见附件原件"
TEXT_UNREADABLE = "文本无法按 UTF-8 或 GB18030 解码"
LEGACY_FORMAT = "{label}无法直接合入，请见附件原件（建议另存为 .docx）"
NO_LIBREOFFICE = "本机未安装 LibreOffice，旧版 Word/WPS/RTF/ODT 文档未能转换合入"
NO_CONVERSION = "本次生成未启用 LibreOffice（--no-toc），旧版 Word/WPS/RTF/ODT 文档未能转换合入"
LEGACY_NOT_CONVERTED = "{label}未能转换合入（{reason}），请见附件原件；安装 LibreOffice 后重新生成即可合入，或另存为 .docx"
CONVERTED_SUFFIX = "已由 LibreOffice 转换后合入"
CONVERTED_NOTE = "原文为{label}，" + CONVERTED_SUFFIX
NOT_INLINE = "{label}不能在汇编中显示，请见附件原件"

PDF_PAGE = "{name}（第{page}页，共{pages}页）"
PDF_MORE = "（以下第{start}—{pages}页从略，全文见附件）"
PDF_FAILED = "PDF 无法渲染（{reason}），请见附件原件"
PDF_ENCRYPTED = "PDF 已加密，无法显示，请见附件原件"
PDFIUM_REASONS = {
    "data format": "文件已损坏或不是有效的 PDF",
    "file access": "文件无法读取",
    "page not found": "页面缺失",
    "security": "文件有安全限制",
}
PDFIUM_OTHER = "文件结构无法解析"
DOC_REASONS = {
    "XMLSyntaxError": "文档内部结构损坏",
    "KeyError": "文档缺少必要的组成部分",
    "BadZipFile": "不是有效的 Word 文档（压缩结构损坏）",
    "PackageNotFoundError": "不是有效的 Word 文档",
    "ValueError": "文档内容不符合 Word 格式",
}

LEDGER_CAPTION = "{title}"
LEDGER_MORE = "（共{rows}行，此处列出前{shown}行，全部内容见附件）"
LEDGER_SHEETS = "（另有{n}个工作表见附件）"
LEDGER_EMPTY = "表格中没有数据"
LEDGER_FAILED = "表格无法读取（{reason}），请见附件原件"

ATTACHMENT_FIRST = "附件：{n}.{name}"
ATTACHMENT_NEXT = "　　　{n}.{name}"
ATTACHMENT_REASON_PDF = "{name}（全文{pages}页）"
ATTACHMENT_REASON_LEDGER = "{name}（全表{rows}行）"

TOC_PENDING = "（目录将在打开文档时更新；如未显示，请右键单击此处选择“更新域”）"
