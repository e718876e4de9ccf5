"""Findings of the core check: completeness, assignment, type and size (codes WM1xx)."""

from wenming_submit.findings.registry import Severity, register

MISSING = register(
    "WM101", "missing", Severity.error, "completeness.missing",
    message="缺少材料「{material}」（要求至少 {required} 份）",
    hint="请{unit}将「{material}」放入 {folder}；确无此项工作的，放入一份“无此项工作说明”",
    doc="某单位负责的指标下没有任何属于该材料的文件。补交材料，或提交“无此项工作说明”。",
)
INSUFFICIENT_COUNT = register(
    "WM102", "insufficient", Severity.error, "completeness.count",
    message="材料「{material}」只有 {found} 份，要求至少 {required} 份",
    hint="请再补充 {short} 份「{material}」",
    doc="例如要求实景图片 5 张以上，只交了 3 张。补足数量。",
)
WAIVED = register(
    "WM103", "missing", Severity.info, "completeness.waived",
    message="已提交“无此项工作说明”，材料「{material}」按免报处理",
    hint="请确认说明内容属实并加盖公章",
    doc="单位以情况说明代替材料。报告中单列为“免报”，不计为缺失。",
)
TOO_MANY = register(
    "WM104", "insufficient", Severity.warning, "completeness.too_many",
    message="材料「{material}」有 {found} 份，超过要求的最多 {maximum} 份",
    hint="请只保留最能说明情况的 {maximum} 份「{material}」，多余的移出该文件夹",
    doc="例如要求实景图片 3～5 张，交了 8 张。审核人员不喜欢堆砌材料；挑选最好的几份，其余移走。只是警告，不影响完整性。",
)
INSUFFICIENT_ACCEPTED = register(
    "WM122", "insufficient", Severity.error, "completeness.accepted",
    message="材料「{material}」交了 {found} 份，其中合格 {accepted} 份，要求至少 {required} 份",
    hint="请改正有错误的文件（见该材料下各文件的问题），或再补充 {short} 份合格的「{material}」",
    doc="有错误的文件（损坏、加密、周期外、重复、缺少说明、超过大小上限等）不计入份数：份数按合格的文件计算。"
        "改正这些文件，或补交合格的文件。",
)
UNKNOWN_UNIT = register(
    "WM110", "unknown-unit", Severity.error, "assign.unknown_unit",
    message="文件夹「{segment}」不是已知的责任单位",
    hint="请把文件放到 evidence/<单位名称>/ 下；单位的其他叫法可在 wenming.toml 的 [units] 中设为别名",
    doc="evidence/ 下第一层文件夹名不是目录中的任何单位或别名。改名为单位全称，或在配置中添加别名。",
)
UNKNOWN_INDICATOR = register(
    "WM111", "unassigned", Severity.error, "assign.unknown_indicator",
    message="无法判断文件属于哪个指标",
    hint="请放入以指标编号开头的文件夹，例如 evidence/{unit_folder}/Ⅱ-3-2 我们的节日/",
    doc="路径中没有以已知指标编号开头的文件夹。按“编号 名称”建立指标文件夹。",
)
NOT_RESPONSIBLE = register(
    "WM112", "unassigned", Severity.warning, "assign.not_responsible",
    message="{unit}不是指标 {indicator} 的责任单位",
    hint="请确认是否放错了指标文件夹；若该单位确有责任，请更新指标目录的责任单位",
    doc="文件放在了本单位不负责的指标下，可能放错位置。核对编号，或更新目录。",
)
UNKNOWN_MATERIAL = register(
    "WM113", "unassigned", Severity.error, "assign.unknown_material",
    message="无法判断文件属于指标 {indicator} 的哪项材料（可选：{choices}）",
    hint="请把文件放入以材料名称命名的子文件夹，或在文件名中写明材料名称",
    doc="指标有多项材料且文件类型能对上不止一项（或一项也对不上）。用“材料名称”子文件夹或文件名说明。",
)
WRONG_TYPE = register(
    "WM120", "wrong-type", Severity.error, "type.wrong",
    message="「{material}」要求{expected}，此文件是{actual}",
    hint="请提交{expected}格式的文件",
    doc="例如“实景图片”交的是 Word 文档。按材料要求的格式提交（图片请另存为 JPG）。",
)
EXTENSION_MISMATCH = register(
    "WM121", "extension-mismatch", Severity.warning, "type.extension_mismatch",
    message="扩展名为 .{ext}，但内容实际是{actual}",
    hint="请把文件另存为正确格式，或把扩展名改为 .{expected_ext}",
    doc="例如把 .doc 直接改名为 .docx、把 PNG 改名为 .jpg。上报系统按扩展名识别，需要改正。",
)
EMPTY = register(
    "WM130", "empty", Severity.error, "file.empty",
    message="文件是空的（0 字节）",
    hint="文件可能未下载或复制完整，请重新提交",
    doc="0 字节文件，常见于网盘同步中断。重新复制原文件。",
)
TEMP_FILE = register(
    "WM131", "temp-file", Severity.warning, "file.temp",
    message="这是临时文件或系统文件，不是材料",
    hint="请删除该文件（Word/WPS 打开文档时生成的 ~$ 文件、.DS_Store、Thumbs.db、未下载完的文件）",
    doc="~$xxx.docx、.DS_Store、Thumbs.db、*.crdownload 等。不会被打包，删除即可。",
)
NO_EXTENSION = register(
    "WM124", "extension-mismatch", Severity.warning, "type.no_extension",
    message="文件名没有扩展名，内容实际是{actual}",
    hint="请在文件名末尾加上扩展名 .{expected_ext}",
    doc="例如“活动照片”而不是“活动照片.jpg”。上报系统和 Windows 按扩展名识别文件，需要补上。",
)
TOO_LARGE = register(
    "WM140", "too-large", Severity.error, "file.too_large",
    message="文件大小 {size_mb:.1f} MB，超过{kind_label}上限 {limit_mb:g} MB",
    hint="请压缩后重新提交（图片可降低分辨率，PDF 可降低扫描精度）",
    doc="超过 wenming.toml [limits] 或材料自己的 max_mb。压缩或拆分。",
)
TOO_LARGE_COMPRESSED = register(
    "WM123", "too-large", Severity.warning, "file.too_large_compressed",
    message="图片大小 {size_mb:.1f} MB，超过上限 {limit_mb:g} MB，生成上报材料包时将自动压缩",
    hint="无需处理；如需保留原图清晰度，可自行压缩到 {limit_mb:g} MB 以内后替换",
    doc="照片（JPG、PNG、WEBP、HEIC、AVIF、TIFF、BMP）超过大小上限时，上报材料包会降低质量或尺寸把它压缩到上限以内"
        "（不低于最低分辨率），所以只是提示，不影响份数和生成。GIF 可能是动图，不压缩，超限仍是错误 WM140。",
)
UNREADABLE = register(
    "WM150", "unreadable", Severity.error, "file.unreadable",
    message="无法读取：{reason}",
    hint="请检查文件权限，或重新复制该文件",
    doc="没有读取权限、文件名编码损坏、读取时出错。修复权限或重新复制。",
)
LINK_OUTSIDE = register(
    "WM151", "unsafe", Severity.error, "file.link_outside",
    message="这是指向 evidence 文件夹以外的链接（{target}），已跳过",
    hint="请把实际文件复制到 evidence 文件夹中，不要使用快捷方式或链接",
    doc="符号链接或快捷方式指向 evidence/ 之外。检查不会跟随它，请放入真实文件。",
)
ODD_NAME = register(
    "WM152", "naming", Severity.warning, "file.odd_name",
    message="文件名含有不宜上报的字符：{reason}",
    hint="请重命名文件，去掉表情符号、全角空格等特殊字符",
    doc="文件名含表情符号、控制字符、全角空格或首尾空格，上报系统和 Windows 可能无法处理。",
)
NOT_A_FOLDER = register(
    "WM153", "unassigned", Severity.error, "file.stray",
    message="文件直接放在了 evidence 文件夹下，没有单位文件夹",
    hint="请放到 evidence/<单位名称>/<指标编号 名称>/ 下",
    doc="文件没有放在任何单位文件夹中。",
)
