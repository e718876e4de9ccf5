"""wenming.toml -> ProjectConfig.

Every key has a default, so a project without wenming.toml still runs. Unknown keys are reported as
warnings (returned with the config), never as failures, so an older tool reads a newer file.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from wenming_submit.errors import ConfigError, describe_validation_error
from wenming_submit.locations import CONFIG_FILE, check_output_location, evidence_in_project

MATERIAL_KINDS = ("document", "pdf", "image", "spreadsheet", "video", "any")


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="allow")


class ProjectSection(_Section):
    title: str = "创建全国文明城市网上申报材料"
    organization: str = "创文办"
    """落款 on notices and the cover."""
    district: str = ""
    """区/县 name, shown on the cover."""
    contact: str = ""
    """联系人 named at the end of notices."""
    phone: str = ""
    """联系电话 at the end of notices."""


class Period(_Section):
    start: dt.date = dt.date(dt.date.today().year, 1, 1)
    end: dt.date = dt.date(dt.date.today().year, 12, 31)

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"测评周期的结束日期 {self.end} 早于开始日期 {self.start}")
        return self

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class Limits(_Section):
    image_max_mb: float = Field(5, gt=0)
    image_min_width: int = Field(800, ge=0)
    image_min_height: int = Field(600, ge=0)
    document_max_mb: float = Field(20, gt=0)
    pdf_max_mb: float = Field(20, gt=0)
    spreadsheet_max_mb: float = Field(20, gt=0)
    video_max_mb: float = Field(200, gt=0)
    other_max_mb: float = Field(50, gt=0)

    def max_mb(self, kind: str) -> float:
        return float(getattr(self, f"{kind}_max_mb", self.other_max_mb))

    def for_material(self, material: MaterialLimits | None, kind: str) -> EffectiveLimits:
        """The limits a file of `kind` in `material` is held to: the material's own, else the project's."""

        def own(name: str) -> Any:
            return getattr(material, name, None) if material is not None else None

        return EffectiveLimits(
            max_mb=own("max_mb") or self.max_mb(kind),
            min_width=own("min_width") if own("min_width") is not None else self.image_min_width,
            min_height=own("min_height") if own("min_height") is not None else self.image_min_height,
        )


class MaterialLimits(Protocol):
    """A catalogue material's own limits (catalog.model.Material), None where it has none."""

    @property
    def max_mb(self) -> float | None: ...
    @property
    def min_width(self) -> int | None: ...
    @property
    def min_height(self) -> int | None: ...


@dataclass(frozen=True)
class EffectiveLimits:
    max_mb: float
    min_width: int
    min_height: int


MAX_FORMAT_WIDTH = 40
"""Widest `{n:0Nd}` / `{unit:.N}` a naming pattern may ask for: a package name is at most 90 characters,
and `{n:999999999}` would build a gigabyte-long string for every file."""
_FORMAT_SPEC = re.compile(r"(?:.?[<>=^])?[+\- ]?z?#?0?(?P<width>\d*)[_,]?(?:\.(?P<precision>\d*))?[a-zA-Z%]?")


def format_spec_problem(pattern: str) -> str | None:
    """Why `pattern`'s format specs cannot be used (a width or precision too large, a nested field), in
    Chinese; None when they are fine. Unparsable patterns are left to the caller (check_pattern)."""
    import string

    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError:
        return None
    for _literal, name, spec, _conversion in parsed:
        if name is None or not spec:
            continue
        field = "{" + name + ":" + spec + "}"
        if "{" in spec or "}" in spec:
            return f"{field} 的格式中不能再嵌套花括号"
        match = _FORMAT_SPEC.fullmatch(spec)
        if match is None:
            continue  # an invalid spec fails when the pattern is tried, with Python's own reason
        for part, label in (("width", "宽度"), ("precision", "精度")):
            digits = match.group(part) or ""
            if len(digits) > 3 or (digits and int(digits) > MAX_FORMAT_WIDTH):
                shown = digits if len(digits) <= 12 else digits[:12] + "…"
                return f"{field} 的{label} {shown} 过大（最多 {MAX_FORMAT_WIDTH}）"
    return None


class Naming(_Section):
    pattern: str = "{code}_{unit}_{material}_{n:02d}"
    """Names in the upload package; also checked against evidence names when `check = true`."""
    check: bool = False

    @model_validator(mode="after")
    def _usable_pattern(self) -> Naming:
        if problem := format_spec_problem(self.pattern):
            raise ValueError(f"命名规则中 {problem}，例如序号写作 {{n:02d}}")
        return self


class Extensions(_Section):
    """Accepted file extensions per material kind (lower case, without the dot)."""

    document: tuple[str, ...] = ("docx", "doc", "wps", "txt", "pdf", "ofd")
    pdf: tuple[str, ...] = ("pdf",)
    image: tuple[str, ...] = ("jpg", "jpeg", "png", "heic", "heif", "webp", "bmp", "tif", "tiff", "gif")
    spreadsheet: tuple[str, ...] = ("xlsx", "xls", "et", "csv")
    video: tuple[str, ...] = ("mp4", "mov", "m4v")


TOOL_WRITTEN = ("材料要求.txt",)
"""Files `wenming scaffold` writes into evidence/ (project/scaffold.REQUIREMENT_FILE)."""


class CheckSection(_Section):
    waiver_names: tuple[str, ...] = ("无此项工作说明", "无此项工作")
    """A file whose name contains one of these waives the material (or the whole item) for its unit."""
    ignore_names: tuple[str, ...] = (
        "材料要求.txt", "图片说明.txt", "图片说明.xlsx", "结论性说明.txt", "结论性说明.docx",
    )
    """Helper files that are read by the tool but are not evidence themselves."""

    @field_validator("ignore_names")
    @classmethod
    def _tool_files_are_never_evidence(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        # Files the tool writes into evidence/ itself stay helpers whatever the project lists.
        return names + tuple(name for name in TOOL_WRITTEN if name not in names)


class PrivacySection(_Section):
    mask: bool = True
    """Mask phone, ID and card numbers in the 汇编 and in copies of flagged files in the upload package."""


class OutputSection(_Section):
    dir: str = "output"


class BuildSection(_Section):
    reference_docx: str | None = None
    """A .docx (relative to the project folder) whose styles and page set-up the Word 汇编 uses."""


# --- issue 17: the reviewer's eye (check/review.py) and earlier cycles (check/reuse.py) ---
class ReviewSection(_Section):
    """Thresholds of the reviewer's checks (WM300-WM349); measured in bench/review_calibration.py."""

    coverage_min: float = Field(0.5, ge=0, le=1)
    """Share of the standard's key terms a 说明报告 must mention."""
    figures_min: int = Field(3, ge=0)
    """Concrete figures (numbers with units, dates) a 说明报告 must give."""
    blur_max: float = Field(0.45, ge=0, le=1)
    """Re-blur score (0 sharp .. 1 blurred, at 1024 px long edge) from which a photo is called blurred."""
    jpeg_quality_min: int = Field(50, ge=1, le=100)
    chat_quality_max: int = Field(85, ge=1, le=100)
    chat_edges: tuple[int, ...] = (1080, 1280, 1440)
    screenshot_names: tuple[str, ...] = ("截图", "截屏", "网页", "页面")
    """A picture material whose name holds one of these is meant for screenshots."""
    overlay_min: float = Field(1.5, ge=0)
    """Stroke share (percent) in the top or bottom band above which a photo carries a watermark/overlay."""
    red_header_min: float = Field(0.4, ge=0)
    """Red-pixel share (percent) of the first page's top 30 % for a 红头."""
    seal_min: float = Field(0.8, ge=0, le=1)
    """Circularity of the best red blob for a seal."""


class HistorySection(_Section):
    previous: tuple[str, ...] = ()
    """Earlier cycles' manifest.json (or their 复用索引.json), relative to the project folder."""


class ProjectConfig(BaseModel):
    """The whole wenming.toml; `root` is the project folder it was read from."""

    model_config = ConfigDict(frozen=True, extra="allow")

    project: ProjectSection = ProjectSection()
    period: Period = Period()
    limits: Limits = Limits()
    naming: Naming = Naming()
    extensions: Extensions = Extensions()
    check: CheckSection = CheckSection()
    output: OutputSection = OutputSection()
    build: BuildSection = BuildSection()
    privacy: PrivacySection = PrivacySection()
    review: ReviewSection = ReviewSection()
    history: HistorySection = HistorySection()
    units: dict[str, list[str]] = Field(default_factory=dict)
    """Unit name -> aliases (other spellings units use for their folders)."""
    unit_groups: dict[str, list[str]] = Field(default_factory=dict)
    """`[units.groups]`: a name standing for several units (各街道办事处 = [...]) -> its member units."""
    root: Path = Field(default=Path("."), exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _groups_out_of_units(cls, data: Any) -> Any:
        """`[units.groups]` sits under [units] in the file but is not a unit: keep it apart."""
        if isinstance(data, dict) and isinstance(data.get("units"), dict) and "groups" in data["units"]:
            units = dict(data["units"])
            data = {**data, "units": units, "unit_groups": units.pop("groups")}
        return data

    @property
    def output_dir(self) -> Path:
        return self.root / self.output.dir

    @property
    def evidence_dir(self) -> Path:
        return self.root / "evidence"

    @property
    def indicators_dir(self) -> Path:
        return self.root / "indicators"


def _line_of(text: str, loc: tuple[str | int, ...]) -> int | None:
    """Best-effort line of a TOML key: tomllib keeps no positions, so look for the table, then the key."""
    lines = text.splitlines()
    start = 0
    if loc and isinstance(loc[0], str):
        for i, line in enumerate(lines):
            if line.strip().startswith(f"[{loc[0]}]"):
                start = i
                if len(loc) == 1:
                    return i + 1  # the whole table is wrong (e.g. a period that ends before it starts)
                break
    key = str(loc[-1]) if loc else ""
    for i in range(start, len(lines)):
        stripped = lines[i].strip()
        if stripped.startswith(key) and "=" in stripped:
            return i + 1
    return start + 1 if start else None


def _unknown_keys(data: dict[str, Any]) -> list[str]:
    known = ProjectConfig.model_fields
    warnings = []
    for key, value in data.items():
        if key not in known:
            warnings.append(f"wenming.toml：未知的配置项 [{key}]，已忽略")
            continue
        model = known[key].annotation
        if isinstance(value, dict) and isinstance(model, type) and issubclass(model, BaseModel):
            for sub in value:
                if sub not in model.model_fields:
                    warnings.append(f"wenming.toml：[{key}] 中未知的配置项 {sub}，已忽略")
    return warnings


def load_config(root: Path) -> tuple[ProjectConfig, list[str]]:
    """Read `root/wenming.toml` (defaults when absent). Returns the config and warnings to show."""
    if not root.exists():
        raise ConfigError(f"项目文件夹 {root} 不存在", hint="请检查路径，或先运行 wenming init 创建项目")
    if not root.is_dir():
        raise ConfigError(f"{root} 不是文件夹", hint="请指定项目文件夹（包含 wenming.toml 的那一层）")
    path = root / CONFIG_FILE
    if not path.exists():
        return ProjectConfig(root=root), [f"未找到 {CONFIG_FILE}，使用默认设置"]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError("文件不是 UTF-8 编码", path=path, hint="请用记事本“另存为”UTF-8 编码") from None
    except OSError as exc:
        raise ConfigError(f"无法读取：{exc.strerror}", path=path) from None
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise ConfigError(
            "格式错误：数组或表嵌套过深，无法读取", path=path, hint="wenming.toml 只需要几层表，请对照 wenming init 生成的示例改写"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        # Python < 3.14 keeps the position only in the message: "... (at line 2, column 13)".
        found = re.search(r"at line (\d+)", str(exc))
        line = getattr(exc, "lineno", None) or (int(found.group(1)) if found else None)
        raise ConfigError(
            f"格式错误（{exc}）", path=path, line=line, hint="请对照 wenming init 生成的示例检查引号、等号和方括号"
        ) from None
    warnings = _unknown_keys(data)
    try:
        config = ProjectConfig.model_validate({**data, "root": root})
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        raise ConfigError(
            describe_validation_error(err),
            path=path,
            line=_line_of(text, loc),
            field=".".join(str(p) for p in loc),
        ) from None
    if evidence_in_project(config):  # else the caller decides first (cli: --allow-external-evidence)
        check_output_location(config)
    return config, warnings


def reference_docx_path(config: ProjectConfig) -> Path | None:
    """The `[build] reference_docx` file, checked: inside the project folder, a real Word .docx.

    Raises ConfigError naming the setting; None when it is not set.
    """
    name = config.build.reference_docx
    if not name:
        return None
    where = config.root / CONFIG_FILE
    hint = "请把单位的公文模板（.docx）放在项目文件夹中，写相对路径，例如 reference_docx = \"公文模板.docx\"；或删除该设置以使用内置的公文格式"
    root = config.root.resolve()
    try:
        path = (config.root / name).resolve()
    except (OSError, RuntimeError):
        raise ConfigError(f"[build] reference_docx「{name}」无法解析", path=where, hint=hint) from None
    if not path.is_relative_to(root):
        raise ConfigError(f"[build] reference_docx「{name}」不在项目文件夹中", path=where, hint=hint)
    if not path.is_file():
        raise ConfigError(f"找不到 [build] reference_docx 指定的参考文档 {path}", path=where, hint=hint)
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        names = set()
    readable = False
    if "word/document.xml" in names and "word/styles.xml" in names:
        import docx

        try:
            docx.Document(str(path))
            readable = True
        except Exception:  # python-docx raises many types on a broken package
            readable = False
    if not readable:
        raise ConfigError(f"[build] reference_docx「{name}」不是 Word 文档（.docx）", path=where,
                          hint="请用 Word/WPS 把模板另存为 .docx（不是 .doc 或 .wps）；" + hint)  # fmt: skip
    return path
