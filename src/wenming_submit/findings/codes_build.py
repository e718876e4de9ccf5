"""Findings of `wenming build` (codes WM4xx): problems met while making the upload package.

They are noted in the build summary and never block the build: the file still goes into the package
(as it was), so the coordinator can decide.
"""

from typing import Any

from wenming_submit.findings.registry import CheckSpec, Severity, register
from wenming_submit.guard import Failure

CONVERT_FAILED = register(
    "WM401", "corrupt", Severity.warning, "build.convert_failed",
    message="图片无法转换为 JPEG（{reason}），已按原样放入上报材料包",
    hint="请{unit}用手机或看图软件把该图片另存为 JPG 后重新提交",
    doc="上报材料包要把 HEIC/WEBP/BMP/TIFF 图片转为 JPEG，但该文件无法解码（文件损坏或格式异常）。"
    "原文件仍会放入材料包。修复：用看图软件打开后另存为 JPG，替换原文件。",
)  # fmt: skip

STILL_TOO_LARGE = register(
    "WM402", "too-large", Severity.warning, "build.still_too_large",
    message="图片压缩到最低分辨率 {width}×{height} 后仍有 {size_mb:.1f} MB，超过 {limit_mb:g} MB 的限制",
    hint="请{unit}换一张细节少一些的照片，或与上级确认文件大小限制（wenming.toml 的 [limits]）",
    doc="生成上报材料包时，超过大小限制的图片会先降低质量、再缩小尺寸，但不会低于最低分辨率"
    "（image_min_width/image_min_height）。仍超限时材料包中保留压缩后的版本并给出此提示。"
    "修复：换一张照片，或调整 [limits] image_max_mb。",
)  # fmt: skip

NAME_NOT_GBK = register(
    "WM403", "naming", Severity.info, "build.name_not_gbk",
    message="文件名含 GBK 编码无法表示的字符，zip 中该条目改用 UTF-8 编码：{name}",
    hint="旧版 Windows 解压工具可能显示乱码；可改用 --zip-encoding utf-8，或把文件名中的生僻字符改掉",
    doc="使用 --zip-encoding gbk 时，文件名中的个别字符（如表情符号、生僻字）在 GBK 中不存在，"
    "这些条目只能按 UTF-8 写入。修复：改掉这些字符，或使用默认的 UTF-8 编码。",
)  # fmt: skip

NOT_PACKED = register(
    "WM415", "unreadable", Severity.warning, "build.not_packed",
    message="文件未放入上报材料包：{reason}",
    hint="请{unit}按该文件的问题改正后重新提交，再重新生成材料包",
    doc="只有计入份数的文件（没有错误的文件）才复制进上报材料文件夹和压缩包；有错误（损坏、加密、空文件、无法读取、"
    "不安全内容、周期外、缺少说明等）的文件不放入，manifest.json 的 excluded 和清单的问题清单中列出它及原因。"
    "修复：按问题改正或换一份合格的文件后重新生成。",
)  # fmt: skip

MASKED_COPY = register(
    "WM416", "pii", Severity.info, "build.masked_copy",
    message="上报材料中放入的是遮盖了 {count} 处个人信息（手机号、身份证号、银行卡号）的副本",
    hint="原文件未改动；如确需报送完整号码，可在 wenming.toml 的 [privacy] 中设置 mask = false",
    doc="检查发现文件中有手机号、身份证号或银行卡号（WM260–WM262）时，汇编中的号码一律遮盖，"
    "上报材料中的 Word、Excel、文本和 CSV 文件换成遮盖后的副本（evidence/ 中的原件不变），"
    "manifest.json 中该文件记有 masked。关闭：[privacy] mask = false。",
)  # fmt: skip

ALBUM_EXTRACTED = register(
    "WM417", "wrong-type", Severity.info, "build.album_extracted",
    message="Word 文档中的 {count} 张图片已提取为 JPEG 放入上报材料：{names}",
    hint="上报材料中是提取出的图片，不含原 Word 文档；图片说明取自文档中图片旁的文字",
    doc="单位把照片插在 Word 文档（如“照片汇总.docx”）里报送图片类材料时，汇编把其中的图片连同旁边的文字"
    "（作为图片说明）排入照片区，上报材料中放入逐张提取的 JPEG 图片，并在清单中注明来源。",
)  # fmt: skip

STEP_FAILED = register(
    "WM404", "corrupt", Severity.warning, "build.step_failed",
    message="生成{step}时该文件{reason}，已跳过该文件",
    hint="请{unit}用原软件打开该文件后重新保存再提交；审核时请查看附件原件",
    doc="生成汇编、清单、上报材料包或通知时，每个文件单独处理：一个文件在解析库中出错，只影响它自己，"
    "生成继续，该文件在汇编中显示为占位说明。修复：用原软件重新保存该文件。",
)  # fmt: skip

STEP_TIMED_OUT = register(
    "WM405", "unsafe", Severity.warning, "build.time_limit",
    message="生成{step}时处理该文件超过 {seconds} 秒仍未完成，已停止并跳过",
    hint="文件可能结构异常（如 PDF 中层层嵌套的对象），请{unit}重新导出或打印为 PDF 后提交",
    doc="汇编中合并 PDF 页面、Word 文档和台账时，每个文件在独立的进程中读取，有时间上限（默认 60 秒）；"
    "超时的进程被终止并替换，生成继续。正常文件远达不到此上限。",
)  # fmt: skip

STEP_MEMORY = register(
    "WM406", "unsafe", Severity.warning, "build.memory_limit",
    message="生成{step}时处理该文件{reason}，已停止并跳过",
    hint="文件可能结构异常，请{unit}重新导出后提交",
    doc="汇编中读取每个文件的进程有内存上限（默认 2 GB，环境变量 WENMING_MEMORY_LIMIT_MB 可调整）；"
    "超出时该进程被终止并替换，生成继续。",
)  # fmt: skip


def failure_spec(failure: Failure) -> tuple[CheckSpec, dict[str, Any]]:
    """The build finding (spec and parameters besides `step`) of a per-file step that did not finish."""
    if failure.kind == "timeout":
        return STEP_TIMED_OUT, {"seconds": f"{failure.seconds:g}"}
    if failure.kind == "memory":
        return STEP_MEMORY, {"reason": failure.reason}
    return STEP_FAILED, {"reason": failure.reason}
