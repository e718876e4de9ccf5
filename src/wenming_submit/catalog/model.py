"""Catalogue values (DESIGN §4, a contract): Indicator, Material, Catalog."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from wenming_submit.catalog.codes import normalize_code


class MaterialKind(StrEnum):
    document = "document"
    pdf = "pdf"
    image = "image"
    spreadsheet = "spreadsheet"
    video = "video"
    any = "any"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PeriodOverride(_Model):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> PeriodOverride:
        if self.end < self.start:
            raise ValueError(f"结束日期 {self.end} 早于开始日期 {self.start}")
        return self


class Material(_Model):
    """One material an indicator asks for (活动方案, 实景图片, 说明报告, 巡查台账...)."""

    name: str = Field(min_length=1)
    kinds: tuple[MaterialKind, ...] = (MaterialKind.any,)
    min: int = Field(1, ge=0)
    max: int | None = Field(None, ge=1)
    """More accepted files than this is a warning (reviewers dislike padding); None: no upper bound."""
    min_chars: int | None = Field(None, ge=1)
    caption: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    date_column: str | None = None
    per_month_min: int | None = Field(None, ge=1)
    match: tuple[str, ...] = ()
    """Extra keywords that assign a file to this material (besides its name)."""
    per_unit: bool | None = None
    """Overrides the indicator's per_unit for this material."""
    max_mb: float | None = Field(None, gt=0)
    min_width: int | None = Field(None, ge=0)
    min_height: int | None = Field(None, ge=0)
    period: PeriodOverride | None = None
    note: str | None = None
    """The requirement as the city wrote it, kept verbatim."""
    seal: bool = False
    """A scanned official document that must show its red seal (盖章扫描件)."""
    red_header: bool = False
    """An official document that must show its 红头."""

    @field_validator("kinds", mode="before")
    @classmethod
    def _one_kind_is_a_list(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("caption", "columns", "match", mode="before")
    @classmethod
    def _one_item_is_a_list(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _date_column_is_a_column(self) -> Material:
        if self.max is not None and self.max < self.min:
            raise ValueError(f"max（{self.max}）小于 min（{self.min}）")
        if self.date_column and self.columns and self.date_column not in self.columns:
            raise ValueError(f"date_column「{self.date_column}」不在 columns 中")
        if self.per_month_min and not self.date_column:
            raise ValueError("设置了 per_month_min 但没有 date_column（按哪一列的日期统计？）")
        return self

    def accepts_kind(self, kind: str) -> bool:
        return MaterialKind.any in self.kinds or kind in self.kinds

    @property
    def keywords(self) -> tuple[str, ...]:
        return (self.name, *self.match)


class Indicator(_Model):
    """One 测评标准 (or 测评内容) of the checklist, with its responsible units and materials."""

    code: str = Field(min_length=1)
    title: str = Field(min_length=1)
    category: tuple[str, ...] = ()
    content: str | None = None
    standard: str | None = None
    method: tuple[str, ...] = ()
    lead: str | None = None
    units: tuple[str, ...] = Field(min_length=1)
    materials: tuple[Material, ...] = ()
    """Required unless `upload` is false."""
    upload: bool = True
    """False: nothing to hand in online (实地考察 only): no requirement, no notice, 不需网上申报 in the 清单."""
    per_unit: bool = True
    """True: every unit provides every material. False: one copy from any unit (usually the lead)."""
    deadline: dt.date | None = None
    """The 完成时间 (`due:` in the YAML, DESIGN §4); None: no date (常态化, ongoing)."""
    requirement: str | None = None
    """The 材料要求 text as the city wrote it."""

    @model_validator(mode="before")
    @classmethod
    def _due_is_the_deadline(cls, data: object) -> object:
        """DESIGN §4 names the 完成时间 `due`; the model keeps its older name `deadline`."""
        if isinstance(data, dict) and "due" in data:
            data = dict(data)
            due = data.pop("due")
            if "deadline" in data and data["deadline"] != due:
                raise ValueError("due 与 deadline 只能写一个")
            data["deadline"] = due
        return data

    @field_validator("code", mode="before")
    @classmethod
    def _code_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value

    @field_validator("category", "method", "units", mode="before")
    @classmethod
    def _one_item_is_a_list(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _no_repeats(self) -> Indicator:
        if self.upload and not self.materials:
            raise ValueError("materials 不能为空（没有需要网上申报的材料时请写 upload: false）")
        seen: set[str] = set()
        for unit in self.units:
            if unit in seen:
                raise ValueError(f"责任单位「{unit}」重复列出")
            seen.add(unit)
        names: set[str] = set()
        for material in self.materials:
            if material.name in names:
                raise ValueError(f"材料「{material.name}」重复列出")
            names.add(material.name)
        return self

    @property
    def key(self) -> str:
        return normalize_code(self.code)

    def material_per_unit(self, material: Material) -> bool:
        return self.per_unit if material.per_unit is None else material.per_unit


class Catalog(BaseModel):
    """All indicators of a project plus the unit name/alias table."""

    model_config = ConfigDict(frozen=True)

    indicators: tuple[Indicator, ...]
    aliases: dict[str, str] = Field(default_factory=dict)
    """Any spelling (name or alias) -> canonical unit name."""
    sources: dict[str, str] = Field(default_factory=dict)
    """Normalised code -> file the indicator came from."""
    notes: tuple[str, ...] = ()
    """What loading set aside (the init sample next to a real catalogue), in Chinese, to show as a warning."""

    @property
    def units(self) -> list[str]:
        """Every responsible unit, in first-mention order."""
        seen: dict[str, None] = {}
        for ind in self.indicators:
            for unit in ind.units:
                seen.setdefault(unit, None)
        return list(seen)

    def indicator(self, code: str) -> Indicator | None:
        key = normalize_code(code)
        for ind in self.indicators:
            if ind.key == key:
                return ind
        return None

    def canonical_unit(self, name: str) -> str | None:
        return self.aliases.get(name)
