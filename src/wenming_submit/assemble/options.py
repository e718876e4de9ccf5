"""What one `wenming build` is asked to do; passed whole to every step of the build."""

from __future__ import annotations

from dataclasses import dataclass

from wenming_submit.check.result import CheckResult
from wenming_submit.errors import EXIT_OK, EXIT_PROBLEMS, UsageError, WenmingError

SPLITS = ("indicator", "unit")
ZIP_ENCODINGS = ("utf-8", "gbk")


@dataclass(frozen=True)
class BuildOptions:
    unit: str | None = None
    """Only this unit's requirements: its own review copy, in its own output folder."""
    split: str | None = None
    """Also write a Word 分册 per "indicator" or per "unit"."""
    allow_incomplete: bool = False
    zip_encoding: str = "utf-8"
    word: bool = True
    """False: leave out the Word 汇编 (package-only builds)."""
    update_toc: bool = True
    """Lay the 汇编 out with LibreOffice (when installed) so that the TOC shows page numbers."""

    def __post_init__(self) -> None:
        if self.split is not None and self.split not in SPLITS:
            raise UsageError(f"--split 只能是 {' 或 '.join(SPLITS)}，而不是 {self.split}")
        if self.zip_encoding not in ZIP_ENCODINGS:
            raise UsageError(f"不支持的压缩包文件名编码「{self.zip_encoding}」", hint="可选 utf-8 或 gbk")


class IncompleteBuild(WenmingError):
    """A build without allow_incomplete of a result with gaps or errors; `view` is what was judged."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, view: CheckResult) -> None:
        s = view.summary
        super().__init__(
            f"材料尚不完整（缺失 {s.missing} 项、部分 {s.partial} 项、错误 {s.errors} 条），未生成",
            hint="请先运行 wenming check 查看并补齐；确需先出一版时加 --allow-incomplete",
        )
        self.view = view


def gate(result: CheckResult, options: BuildOptions) -> CheckResult:
    """The one completeness gate: the result seen from `options.unit`, refused when it has gaps or errors
    (unless incomplete builds are allowed)."""
    view = result.narrowed(unit=options.unit) if options.unit else result
    if view.exit_code != EXIT_OK and not options.allow_incomplete:
        raise IncompleteBuild(view)
    return view


DEFAULT_OPTIONS = BuildOptions()
