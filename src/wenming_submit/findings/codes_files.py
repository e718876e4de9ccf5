"""Findings of archives, long paths, matching by meaning and photo dates (WM114-119, WM154-159, WM234-239).

Archives (evidence/archives.py) are opened from their directory, never extracted under evidence/; their
members are checked as if they sat in the archive's folder. Matching by meaning (check/match.py) assigns
files by the usual words of a material kind and by a document's own title, and warns when a file names
another unit.
"""

from wenming_submit.findings.registry import Severity, register

UNPACK_HINT = "压缩包，请解压后按指标放入文件夹"

OTHER_UNIT = register(
    "WM114", "unassigned", Severity.warning, "assign.other_unit",
    message="疑似{other}的材料：{where}写的是“{other}”，不是{unit}",
    hint="请确认是否放错了单位文件夹；确属本单位的材料，请在文件名或标题中写明本单位名称",
    doc="文件名或文档标题（首行）中只出现目录中另一个单位的名称（或别名），没有出现本单位，"
        "例如区卫健委文件夹中的“区文明办中秋游园活动方案.docx”。核对后移到正确的单位文件夹。",
)  # fmt: skip
ARCHIVE_UNSAFE_NAME = register(
    "WM154", "unsafe", Severity.error, "archive.unsafe_name",
    message="压缩包中有指向压缩包以外的文件名（{names}），已拒绝读取",
    hint=UNPACK_HINT + "；不要使用含“..”、盘符或以“/”开头的路径",
    doc="压缩包成员名含“../”、绝对路径或盘符（zip-slip），解压时可能覆盖别处的文件。"
        "检查从不把成员解压到 evidence/ 中，遇到这种名称整个压缩包不予读取。",
    unreadable=True,
)  # fmt: skip
ARCHIVE_BOMB = register(
    "WM155", "unsafe", Severity.error, "archive.bomb",
    message="压缩包的压缩结构异常，已拒绝解压：{reason}",
    hint=UNPACK_HINT,
    doc="解压前按目录核对：成员数超过 1 万、声明的解压总量超过 2 GB、单个成员压缩比超过 100:1（1 MB 以上的成员）、"
        "成员数据相互重叠，或压缩包套压缩包超过两层，均视为压缩炸弹，不解压。",
    unreadable=True,
)  # fmt: skip
ARCHIVE_ENCRYPTED = register(
    "WM156", "encrypted", Severity.error, "archive.encrypted",
    message="压缩包设置了密码，无法检查其中的文件",
    hint=UNPACK_HINT,
    doc="加密的 zip/7z/rar。审核方无法打开，请解压后把文件按指标放入文件夹。",
    unreadable=True,
)  # fmt: skip
ARCHIVE_UNREADABLE = register(
    "WM157", "corrupt", Severity.error, "archive.unreadable",
    message="压缩包无法读取：{reason}",
    hint=UNPACK_HINT,
    doc="压缩包损坏（截断、校验和不符）、使用了不支持的压缩方法，或本机没有解压 RAR 所需的工具。"
        "压缩包中的文件不计入材料。",
    unreadable=True,
)  # fmt: skip
ARCHIVE_EXPANDED = register(
    "WM158", "unassigned", Severity.info, "archive.expanded",
    message="压缩包中的 {count} 个文件已按所在文件夹逐一检查",
    hint="建议解压后按指标放入文件夹，便于核对",
    doc="压缩包本身不作为材料；其中的文件视为放在压缩包所在的文件夹中，路径显示为“包.zip!/成员”。",
)  # fmt: skip
PATH_TOO_LONG = register(
    "WM159", "unreadable", Severity.error, "file.path_too_long",
    message="路径太长（{length} 字节），系统无法打开，其中的文件未检查",
    hint="请减少文件夹层级、缩短文件夹和文件名称",
    doc="文件夹嵌套过深或名称过长，完整路径超过系统上限（4096 字节）。检查不会因此中断，但其中的文件无法读取。",
)  # fmt: skip
CAPTION_DATE_CLASH = register(
    "WM234", "caption", Severity.warning, "content.caption_date_clash",
    message="照片说明写的日期（{caption_date}）与照片的拍摄时间（{source} {date}）不一致",
    hint="请核对照片是否为该次活动所拍，或改正说明中的日期",
    doc="说明（文件名或图片说明.txt）写着 10月9日，而照片 EXIF 的拍摄时间是 2026-03-26。相差超过一天即提示。",
)  # fmt: skip
