"""Findings of the deep content checks (codes WM2xx): what a reviewer at the district office rejects.

Inspectors (evidence/inspect) find the material-independent ones from a file's content; the judge
(check/content.py) finds the ones that depend on the material (period, caption parts, limits, ledgers);
evidence/duplicates.py the ones across files.
"""

from wenming_submit.findings.registry import Issue, Severity, register
from wenming_submit.guard import Failure

CORRUPT = register(
    "WM201", "corrupt", Severity.error, "content.corrupt",
    message="文件已损坏，无法正常打开：{reason}",
    hint="请从原始文件重新导出或重新复制后提交",
    doc="文件结构不完整（下载或传输中断被截断）、内容被改坏、或扩展名与内容不符导致无法解析。"
        "用原软件打开后重新保存，或从源头重新复制。",
    unreadable=True,
)  # fmt: skip
ENCRYPTED = register(
    "WM202", "encrypted", Severity.error, "content.encrypted",
    message="文件设置了打开密码，审核方无法打开",
    hint="请取消密码（Word/WPS：文件→信息→保护文档；PDF：去除打开口令）后重新提交",
    doc="Word/Excel 加密（OLE EncryptedPackage）或带打开口令的 PDF。只限制编辑而能直接打开的 PDF 不算。取消密码后重新保存。",
    unreadable=True,
)  # fmt: skip
EMPTY_CONTENT = register(
    "WM203", "empty", Severity.error, "content.empty",
    message="文件能打开，但没有任何内容（无文字、无图片或无页面）",
    hint="请确认提交的是填写完成的文件，而不是空白模板",
    doc="空白 Word 文档、没有数据的表格、0 页的 PDF。提交填写完成的版本。",
)  # fmt: skip
ZIP_BOMB = register(
    "WM204", "unsafe", Severity.error, "content.zip_bomb",
    message="文件的压缩结构异常，已拒绝解压：{reason}",
    hint="这不是正常的 Office 文件，请用 Word/Excel 重新保存后提交",
    doc="docx/xlsx 本质是 zip。声明的解压大小超过 512 MB、单个部件超过 256 MB、压缩比超过 200:1 或部件数超过 1 万时，"
        "在解压前即拒绝（压缩炸弹）。用 Office 软件重新保存。",
    unreadable=True,
)  # fmt: skip
IMAGE_BOMB = register(
    "WM205", "unsafe", Severity.error, "content.image_bomb",
    message="图片声明的尺寸异常（{pixels}），已拒绝解码",
    hint="请提交正常拍摄的照片，或用看图软件另存为常规尺寸",
    doc="图片头部声明的像素数超过 1.5 亿（解压炸弹），解码会耗尽内存。另存为正常尺寸的 JPG。",
    unreadable=True,
)  # fmt: skip
XML_ENTITIES = register(
    "WM206", "unsafe", Severity.error, "content.xml_entities",
    message="文件中的 XML（{part}）含有 DTD 或实体声明，已拒绝解析",
    hint="正常的 Office 文件不含此类内容，请用 Word/Excel 重新保存后提交",
    doc="XXE、“十亿笑声”等攻击把 DOCTYPE/ENTITY 放进 docx/xlsx 的 XML。检查时不展开任何实体，直接报告。",
    unreadable=True,
)  # fmt: skip
TIMED_OUT = register(
    "WM207", "unsafe", Severity.error, "content.time_limit",
    message="检查该文件超过 {seconds} 秒仍未完成，已停止",
    hint="文件可能结构异常（如 PDF 循环引用），请重新导出或打印为 PDF 后提交",
    doc="每个文件的检查有时间上限（默认 30 秒），超时的读取进程被终止并替换，检查继续。"
        "归为 unsafe：正常文件远达不到此上限，超时通常意味着构造异常的文件。",
    unreadable=True,
)  # fmt: skip
CRASHED = register(
    "WM208", "corrupt", Severity.error, "content.crashed",
    message="读取该文件时读取程序异常退出",
    hint="文件可能已损坏，请重新导出后提交",
    doc="解析库在该文件上崩溃（如内存越界）。读取进程被替换，检查继续；文件按损坏处理。",
    unreadable=True,
)  # fmt: skip
MEMORY_LIMIT = register(
    "WM209", "unsafe", Severity.error, "content.memory_limit",
    message="读取该文件时{reason}，已停止",
    hint="文件可能是构造异常的文件（如声明超大尺寸的图片或表格），请重新导出后提交",
    doc="每个读取进程的内存有上限（默认 2 GB，环境变量 WENMING_MEMORY_LIMIT_MB 可调整），"
        "超出时该进程被终止并替换，检查继续。正常文件远达不到此上限。",
    unreadable=True,
)  # fmt: skip


def failure_issue(failure: Failure) -> Issue:
    """The issue of a per-file step that did not finish (see wenming_submit.guard)."""
    if failure.kind == "timeout":
        return TIMED_OUT.issue(seconds=f"{failure.seconds:g}")
    if failure.kind == "memory":
        return MEMORY_LIMIT.issue(reason=failure.reason)
    return CRASHED.issue()


LEGACY_OFFICE = register(
    "WM210", "legacy-format", Severity.warning, "content.legacy_office",
    message="这是{label}，上报系统和部分电脑无法直接使用",
    hint="请用 Word/WPS/Excel 打开后“另存为” .docx/.xlsx（OFD 请另存为 PDF）",
    doc=".doc/.xls/.wps/.et/.ppt 旧格式和 OFD 版式文件。另存为 docx/xlsx/pdf；打包时会尝试自动转换。",
)  # fmt: skip
LEGACY_HEIC = register(
    "WM211", "legacy-format", Severity.warning, "content.legacy_heic",
    message="这是苹果手机的 HEIC 照片，Word 和上报系统通常不支持",
    hint="请在手机“设置→相机→格式”选“兼容性最佳”，或把照片另存为 JPG",
    doc="iPhone 默认拍摄 HEIC。另存为 JPG；打包时会自动转换。",
)  # fmt: skip
LEGACY_IMAGE = register(
    "WM212", "legacy-format", Severity.warning, "content.legacy_image",
    message="照片是 {label}，不适合作为实景图片上报",
    hint="请另存为 JPG 格式",
    doc="BMP/TIFF 体积大，上报系统通常只收 JPG/PNG。用画图或看图软件另存为 JPG。",
)  # fmt: skip
LOW_RESOLUTION = register(
    "WM220", "low-resolution", Severity.warning, "content.low_resolution",
    message="图片分辨率 {width}×{height}，低于要求的 {min_width}×{min_height}",
    hint="请提交原图（微信发送时勾选“原图”），不要提交截图或压缩图",
    doc="横竖方向不计：长边与短边分别和要求的长边、短边比较。限值取 wenming.toml [limits] 或材料的 min_width/min_height。",
)  # fmt: skip
EXIF_OUT_OF_PERIOD = register(
    "WM230", "out-of-period", Severity.error, "content.exif_out_of_period",
    message="照片拍摄于 {date}，不在测评周期 {start} 至 {end} 内",
    hint="请提交测评周期内开展活动的照片",
    doc="照片 EXIF 的拍摄时间（DateTimeOriginal，其次 DateTimeDigitized、DateTime）早于或晚于测评周期（或材料自己的 period）。",
)  # fmt: skip
NAME_OUT_OF_PERIOD = register(
    "WM231", "out-of-period", Severity.error, "content.name_out_of_period",
    message="文件名中的日期 {date} 不在测评周期 {start} 至 {end} 内",
    hint="请确认材料是否属于本测评周期；若日期写错请改正文件名",
    doc="文件名里写着 2024-05-12、20240512、2024年5月12日、2024.5.12 这样的日期而在周期外。",
)  # fmt: skip
NO_DATE = register(
    "WM232", "out-of-period", Severity.info, "content.no_date",
    message="照片没有拍摄时间信息，无法核对是否在测评周期内",
    hint="经微信等转发的照片会丢失拍摄信息，可在文件名或图片说明中写明日期",
    doc="照片没有 EXIF（微信转发后很常见）或 EXIF 中没有日期，文件名中也没有日期。仅作提示。",
)  # fmt: skip
LEDGER_OUT_OF_PERIOD = register(
    "WM233", "out-of-period", Severity.warning, "content.ledger_out_of_period",
    message="台账有 {count} 行日期不在测评周期内（{rows}）",
    hint="请核对这些行的日期，周期外的记录不计入本次测评",
    doc="台账日期列中早于或晚于测评周期的行，列出行号。",
)  # fmt: skip
CAPTION_MISSING = register(
    "WM240", "caption", Severity.error, "content.caption_missing",
    message="照片没有说明（文件名是相机自动命名，同一文件夹也没有图片说明）",
    hint="请把文件名改为说明文字，如“2025-05-12 幸福社区 志愿者开展垃圾分类宣传”，或在同一文件夹放“图片说明.txt”",
    doc="IMG_1234、DSC_0001、mmexport…、微信图片_… 这类名字不是说明。说明来自文件名，或同一文件夹中的"
        "图片说明.txt（每行“文件名 说明”）或图片说明.xlsx（A 列文件名、B 列说明）。",
)  # fmt: skip
CAPTION_NONE = register(
    "WM241", "caption", Severity.warning, "content.caption_none",
    message="照片没有说明（文件名是相机自动命名）",
    hint="建议把文件名改为“时间 地点 主题”，或在同一文件夹放“图片说明.txt”",
    doc="材料没有列出说明要求（caption），但照片仍然没有任何说明。",
)  # fmt: skip
CAPTION_PARTS = register(
    "WM242", "caption", Severity.error, "content.caption_parts",
    message="照片说明“{caption}”缺少：{missing}",
    hint="请在说明中补充{missing}，如“2025年5月12日 幸福社区 志愿者 开展垃圾分类宣传”",
    doc="材料要求说明含有的部分（caption: [时间, 地点, 人物, 主题]）按启发式判断："
        "时间＝能识别的日期（2025-05-12、20250512、2025年5月12日、2025.5.12、5月12日、2025年5月）；"
        "地点＝含“在”或地点用字（社区、街道、广场、公园、学校、村、路、馆、中心、会议室、小区、镇、院、室、场、基地、区等）；"
        "人物＝含人物用字（志愿者、党员、居民、群众、学生、老师、书记、主任、主讲、工作人员、领导等）或“某某等”；"
        "主题＝除日期外有两段以上文字（如“幸福社区 公益广告”，一段地点、一段主题），或一段至少 4 个汉字且含活动用字"
        "（活动、开展、宣传、志愿、讲座、巡查、节等），或至少 10 个汉字。",
)  # fmt: skip
TOO_SHORT = register(
    "WM245", "insufficient", Severity.error, "content.too_short",
    message="正文只有 {chars} 个汉字，要求至少 {min_chars} 字",
    hint="请补充内容至 {min_chars} 字以上",
    doc="说明报告等有字数要求（min_chars）的材料，统计正文（含表格）中的汉字数；PDF 统计前 50 页的文字层。不够字数的文件不计入份数。",
)  # fmt: skip
SCANNED_NO_TEXT = register(
    "WM246", "insufficient", Severity.info, "content.scanned",
    message="PDF 没有文字层（扫描件），无法统计字数（要求 {min_chars} 字）",
    hint="如有电子版请一并提交 Word 文档，便于核对字数",
    doc="扫描的 PDF 只有图片，没有可统计的文字。仅作提示，不影响计数。",
)  # fmt: skip
DUPLICATE_SAME = register(
    "WM250", "duplicate", Severity.error, "content.duplicate_same",
    message="与 {other} 内容完全相同，同一材料中重复提交",
    hint="请删除重复的文件，换成另一份材料",
    doc="同一单位同一材料下两个文件字节完全一致（常见于重复复制）。重复的那份不计入份数。",
)  # fmt: skip
DUPLICATE_ELSEWHERE = register(
    "WM251", "duplicate", Severity.warning, "content.duplicate_elsewhere",
    message="与 {other} 内容完全相同",
    hint="同一份材料用于多个指标或单位时请确认确有必要，审核时会被视为重复使用",
    doc="不同指标或不同单位下出现完全相同的文件。先按大小分组，只对大小相同的文件计算 SHA-256。",
)  # fmt: skip
NEAR_DUPLICATE = register(
    "WM252", "near-duplicate", Severity.warning, "content.near_duplicate",
    message="与另一张照片 {other} 几乎相同（可能是同一张照片缩放或重新保存）",
    hint="同一张照片经压缩、缩放或裁剪后重复使用，请换成不同的照片",
    doc="对每张照片计算整图和中心 90% 区域的 64 位感知哈希（pHash），取整图对整图、中心对整图、整图对中心三者中"
        "最小的差异，不超过 6 位即视为同一张照片的不同版本。阈值依据（30 张手机照片实测）：重新压缩（质量 60）最多差 2 位，"
        "缩小到 1/3 最多差 4 位，按微信方式压到 1080 像素最多差 2 位，四周各裁 5% 最多差 2 位，单边裁 3% 最多差 6 位；"
        "四周各裁 3% 的 30 张中查出 29 张，单边裁 5% 约查出一半。不同照片至少相差 18 位，"
        "但演示项目中色调相近的合成图片最近相差 8 位，所以阈值不再放宽。",
)  # fmt: skip
PII_ID = register(
    "WM260", "pii", Severity.error, "content.pii_id",
    message="含有 {count} 个居民身份证号：{places}",
    hint="请删除或打码身份证号（保留前 6 位和后 4 位）后重新提交",
    doc="18 位身份证号（校验位正确、出生日期合理）和 15 位旧号。报告中只显示打码后的号码。",
)  # fmt: skip
PII_MOBILE = register(
    "WM261", "pii", Severity.warning, "content.pii_mobile",
    message="含有 {count} 个手机号码：{places}",
    hint="公开材料中的个人手机号请打码（如 138****5678），单位联系电话可保留",
    doc="中国大陆手机号（1[3-9] 开头 11 位，可带 +86 和分隔符）。",
)  # fmt: skip
PII_CARD = register(
    "WM262", "pii", Severity.error, "content.pii_card",
    message="含有 {count} 个银行卡号：{places}",
    hint="请删除或打码银行卡号后重新提交",
    doc="16～19 位、以常见卡组织号段开头并通过 Luhn 校验的数字串。",
)  # fmt: skip
LEDGER_NO_HEADER = register(
    "WM270", "ledger-columns", Severity.error, "content.ledger_no_header",
    message="表格中找不到表头行",
    hint="请使用统一的台账模板，表头写明：{columns}",
    doc="前 20 行中没有一行像表头（至少两个文字单元格）。",
)  # fmt: skip
LEDGER_COLUMNS = register(
    "WM271", "ledger-columns", Severity.error, "content.ledger_columns",
    message="台账（工作表“{sheet}”第 {row} 行表头）缺少列：{missing}",
    hint="请按模板补齐这些列：{columns}",
    doc="表头不必在第 1 行：合并的标题行下面的第一行表头即可。列名去掉空格、换行和括号注释后比较，包含关系也算匹配。",
)  # fmt: skip
LEDGER_FREQUENCY = register(
    "WM272", "ledger-frequency", Severity.error, "content.ledger_frequency",
    message="台账记录不足：{months}，每月要求至少 {per_month} 条",
    hint="请补充这些月份的记录，或核对日期是否填写正确",
    doc="按日期列统计测评周期内（至今为止）每月的行数，列出不足 per_month_min 的月份及实际条数。",
)  # fmt: skip
LEDGER_BAD_DATES = register(
    "WM273", "ledger-frequency", Severity.warning, "content.ledger_bad_dates",
    message="台账“{column}”列有 {count} 行日期无法识别（第 {rows} 行）",
    hint="请把日期写成 2025-05-12 或 2025年5月12日，或使用 Excel 日期格式",
    doc="日期列中填了内容但不是日期的行（如“五月中旬”“2025.13.1”），列出行号；这些行不计入每月条数。",
)  # fmt: skip
NAMING = register(
    "WM280", "naming", Severity.warning, "content.naming",
    message="文件名不符合命名规则“{pattern}”",
    hint="请按规则重命名，例如“{example}”",
    doc="wenming.toml 中 [naming] check = true 时，材料文件名（不含扩展名）须符合 pattern："
        "{code} 为指标编号（罗马数字、全角数字、各种横线写法均可），{unit} 为单位名称或别名，{material} 为材料名称，"
        "{n:02d} 为序号。默认不检查（打包时会按规则自动命名）。",
)  # fmt: skip
