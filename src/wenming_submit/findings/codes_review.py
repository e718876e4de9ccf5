"""Findings of the reviewer's eye (codes WM300-WM349): the reasons city and national reviewers return
网报 materials, checked before the package leaves (issue 17). All are warnings except WM312 (a note):
each message says what was measured, so a unit can see why and a coordinator can overrule it.

Measured in evidence/inspect (photo_quality.py, official.py, review_facts.py) and evidence/report_text.py;
judged against the material and the item's standard in check/review.py; reuse across cycles in
check/reuse.py. Thresholds: `[review]` in wenming.toml.
"""

from wenming_submit.findings.registry import Severity, register

REPORT_OFF_STANDARD = register(
    "WM300", "insufficient", Severity.warning, "review.report_off_standard",
    message="说明报告未涉及测评标准中的：{missing}（标准要点 {total} 个，提及 {covered} 个，覆盖 {coverage}，低于 {threshold}）",
    hint="请对照测评标准逐项说明做了什么、做到什么程度，未开展的要点如实说明",
    doc="把测评标准（无标准时用测评内容）用 jieba 分词，去掉“开展、建立、工作”等通用词，得到标准要点；"
        "说明报告全文（去掉照抄的标准原文后）中未出现的要点列出。覆盖率低于 [review] coverage_min（默认 0.5）时提示。"
        "审核意见常见“说明报告与测评要求不相符”。按标准逐条写明措施和成效即可消除。",
)  # fmt: skip
REPORT_NO_DATA = register(
    "WM301", "insufficient", Severity.warning, "review.report_no_data",
    message="缺少具体数据支撑（全文仅 {count} 处数字）",
    hint="请写明开展的次数、场次、参与人次、投入经费、覆盖率等具体数据及时间、地点",
    doc="统计带单位的数字（次/场/人次/万元/%/个/名/户等，含“二十余场次”这类汉字数字）和日期；"
        "少于 [review] figures_min（默认 3）时提示。审核意见常见“缺乏工作措施和成效，没有具体数据支撑”。",
)  # fmt: skip
REPORT_NO_SOURCE = register(
    "WM302", "insufficient", Severity.warning, "review.report_no_source",
    message="说明报告给出了 {count} 处统计数字（如 {examples}），但未注明数据来源",
    hint="请在数据后注明来源出处，如“（数据来源：区民政局志愿服务信息系统）”或“据××统计”",
    doc="有 2 处以上用阿拉伯数字写的统计数字（如“1260场次”“15.0%”；“二十余场次”这类概数不算）却没有“数据来源/来源：/资料来源/据……统计”等字样时提示。"
        "测评要求数据“注明来源出处”。",
)  # fmt: skip
REPORT_SUMMARY_STYLE = register(
    "WM303", "insufficient", Severity.warning, "review.report_summary_style",
    message="说明报告多为总结式写法，不是对照测评标准的说明式（{detail}）",
    hint="请按测评标准的要点逐条说明具体措施、数据和佐证，少用“高度重视、取得明显成效、下一步”等总结套话",
    doc="数总结套话（高度重视、取得了、良好氛围、下一步、存在问题、进一步……）与说明式用语（对照、一是、其中、累计、"
        "数据来源……）和每千字数据量：套话多于说明用语、每千字数据少于 4 处、且标准覆盖不足时判为总结式。"
        "审核意见常见“多为总结式，不按要求写成说明式”。",
)  # fmt: skip
NO_RED_HEADER = register(
    "WM310", "insufficient", Severity.warning, "review.no_red_header",
    message="未见红头（{measured}）",
    hint="请提交带红头的正式文件扫描件或原版 PDF",
    doc="材料设置了 red_header: true（导入时由“红头”等字样设定）。扫描件/照片：首页上部 30% 的红色像素占比低于 "
        "[review] red_header_min（默认 0.4%）；Word 文件：前几段没有红色文字。提交带红头的正式文件。",
)  # fmt: skip
NO_SEAL = register(
    "WM311", "insufficient", Severity.warning, "review.no_seal",
    message="未见印章（请提交盖章扫描件）：{measured}",
    hint="请提交加盖公章后的扫描件（PDF 或清晰照片）",
    doc="材料设置了 seal: true（导入时由“盖章/扫描件”等字样设定）。末页上找圆形红色印章：红色像素连通块中近似正方、"
        "直径超过页宽 6%、轮廓覆盖各个方向且角上几乎无红色者，圆度 0-1；最高圆度低于 [review] seal_min（默认 0.8）时提示。"
        "Word 文件无法显示实体印章，也提示。",
)  # fmt: skip
NO_DOC_NUMBER = register(
    "WM312", "insufficient", Severity.info, "review.no_doc_number",
    message="文件中未见{missing}",
    hint="请提交正式印发的文件（含发文字号和发文机关），而不是草稿或转发的文字",
    doc="通知（文件名含“通知”，或材料设置了 red_header）的文字版（Word/文字 PDF）中找发文字号（如“某发〔2026〕3号”，也认 [2026]、"
        "（2026））和发文机关（开头或落款处的“……局/委/办/人民政府/委员会”）；缺少时作为提示（info）列出："
        "便函、内部通知可以没有文号，所以不算警告。管理办法、工作要点等通常是印发通知的附件，本身无文号，不检查。"
        "扫描件由红头/印章检查负责。",
)  # fmt: skip
PHOTO_BLURRY = register(
    "WM320", "low-resolution", Severity.warning, "review.photo_blurry",
    message="照片模糊不清：模糊度 {blur}（再模糊法，{threshold} 及以上为模糊；拉普拉斯方差 {laplacian}，均在 {size} 上测得）",
    hint="请换一张对焦清楚、未经多次转发的原图",
    doc="把照片缩到长边 1024 像素，用再模糊法（Crété-Roffet 2007）计算模糊度：再做一次 9 像素均值模糊，"
        "清楚的照片相邻像素差异大部分被抹掉（模糊度约 0.1-0.35），本已模糊的照片没什么可抹（0.5 以上）。"
        "模糊度达到 [review] blur_max（默认 0.45）时提示。消息同时给出灰度图拉普拉斯方差供参考："
        "它对大片平坦的画面会误报，所以不用它下结论。",
)  # fmt: skip
PHOTO_COMPRESSED = register(
    "WM321", "low-resolution", Severity.warning, "review.photo_compressed",
    message="照片压缩过度：估算 JPEG 质量 {quality}（低于 {threshold}），可能有明显色块",
    hint="请提交相机或手机里的原图，不要用压缩后的副本",
    doc="由 JPEG 的亮度量化表反推 IJG 质量系数（1-100）；低于 [review] jpeg_quality_min（默认 50）时提示。"
        "审核意见常见“压缩后不符合要求”。",
)  # fmt: skip
PHOTO_CHAT_COPY = register(
    "WM322", "low-resolution", Severity.warning, "review.photo_chat_copy",
    message="疑似聊天软件压缩图，请提交原图：长边 {edge} 像素、无拍摄信息（EXIF）、估算 JPEG 质量 {quality}",
    hint="请从拍摄手机的相册中导出原图，或在微信中勾选“原图”后发送",
    doc="微信等聊天软件把照片缩到长边 1080/1280/1440 像素、去掉 EXIF 并重新压缩。三者同时出现"
        "（长边在 [review] chat_edges 中、无 EXIF、质量不高于 chat_quality_max 默认 85）时提示。",
)  # fmt: skip
PHOTO_SCREENSHOT = register(
    "WM323", "wrong-type", Severity.warning, "review.photo_screenshot",
    message="疑似手机截图而非实景照片：{reason}，且无拍摄信息（EXIF）",
    hint="实景图片请提交现场拍摄的照片；如确需截图，请放入名称含“截图”的材料",
    doc="无 EXIF 的竖屏图片，宽度为常见手机屏幕宽度（720/750/828/1080/1125/1170/1179/1242/1284/1290/1440）且长宽比"
        "不小于 1.75，或（任意宽度、长宽比不小于 1.6）顶部是手机状态栏（平整的窄条，左端有时间、右端有图标、中间空白），"
        "放在名称不含“截图/截屏/网页/页面”的图片材料中时提示。",
)  # fmt: skip
PHOTO_WATERMARK = register(
    "WM324", "low-resolution", Severity.warning, "review.photo_watermark",
    message="照片疑似带水印或文字遮挡：{where}文字笔画像素占 {share}%（阈值 {threshold}%，画面中部 {middle}%）",
    hint="请提交不带水印相机字样、平台水印或文字遮挡的原图",
    doc="在长边 1024 像素的灰度图上找白色文字的“笔画”像素（亮度 220 以上、两像素外有暗 90 以上的像素），"
        "统计上、下各 15% 条带中的占比；某条带达到 [review] overlay_min（默认 1.5%）且不低于画面中部的两倍时提示。"
        "实测：水印相机条带约 3%，纹理丰富的照片条带最多 0.6%，演示项目照片最多 0.4%。"
        "这是启发式：只看上下边缘的白色文字；深色文字、画面中部的斜向大水印不在其内。",
)  # fmt: skip
REUSED = register(
    "WM330", "duplicate", Severity.warning, "review.reused",
    message="该{what}已在{cycle}申报材料中使用（当时为 {previous}）",
    hint="往年材料不能重复申报，请提交本测评周期内的新材料",
    doc="wenming.toml 的 [history] previous 列出往年 build 生成的 manifest.json（或同目录的 复用索引.json）。"
        "与往年提交的文件内容完全相同（SHA-256）时提示。",
)  # fmt: skip
REUSED_SIMILAR = register(
    "WM331", "near-duplicate", Severity.warning, "review.reused_similar",
    message="该照片与{cycle}申报材料中的照片几乎相同（当时为 {previous}，感知哈希相差 {distance} 位）",
    hint="往年照片不能重复申报，请提交本测评周期内拍摄的照片",
    doc="往年的 复用索引.json 记有每张照片的感知哈希（整图和中心 90%）；本次照片与其相差不超过 6 位"
        "（与同批近似重复检查相同的阈值）时提示：缩小、重新压缩、轻微裁剪后的往年照片也能认出。",
)  # fmt: skip
