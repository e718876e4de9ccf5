"""The judge: content facts held against the material each file belongs to.

Inspection (evidence/inspect) records what a file is; here it is decided what that means for the
material: the period (the material's own or the project's), the caption parts it asks for, its
resolution limits, its minimum length, its ledger columns and monthly minimum. Nothing here reads a file,
so changing the catalogue never needs a re-inspection.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from wenming_submit.catalog.model import Catalog, Material
from wenming_submit.check.ledgers import ledger_issues
from wenming_submit.check.naming import naming_issues
from wenming_submit.check.review import Reviewer
from wenming_submit.config import ProjectConfig
from wenming_submit.evidence.captions import missing_parts
from wenming_submit.evidence.dates import caption_day
from wenming_submit.evidence.formats import FORMATS
from wenming_submit.evidence.model import EvidenceFile, Facts, Inventory, Role
from wenming_submit.findings.codes_content import (
    CAPTION_MISSING,
    CAPTION_NONE,
    CAPTION_PARTS,
    EXIF_OUT_OF_PERIOD,
    LEGACY_HEIC,
    LEGACY_IMAGE,
    LEGACY_OFFICE,
    LOW_RESOLUTION,
    NAME_OUT_OF_PERIOD,
    NO_DATE,
    SCANNED_NO_TEXT,
    TOO_SHORT,
)
from wenming_submit.findings.codes_files import CAPTION_DATE_CLASH
from wenming_submit.findings.registry import REGISTRY, Issue

CAPTION_FROM_NAME = "文件名"
CaptionTables = dict[str, tuple[str, dict[str, str]]]


def period_of(config: ProjectConfig, material: Material) -> tuple[dt.date, dt.date]:
    if material.period is not None:
        return material.period.start, material.period.end
    return config.period.start, config.period.end


def _legacy(facts: Facts, material: Material) -> list[Issue]:
    fmt = FORMATS[facts.format]
    if fmt.id == "heic":
        return [LEGACY_HEIC.issue()]
    if fmt.legacy:
        return [LEGACY_OFFICE.issue(label=fmt.label)]
    if fmt.id in ("bmp", "tiff") and "image" in material.kinds:
        return [LEGACY_IMAGE.issue(label=fmt.label)]
    return []


def _resolution(facts: Facts, material: Material, config: ProjectConfig) -> list[Issue]:
    if facts.kind != "image" or not facts.width or not facts.height:
        return []
    limits = config.limits.for_material(material, "image")
    min_w, min_h = limits.min_width, limits.min_height
    long_side, short_side = max(facts.width, facts.height), min(facts.width, facts.height)
    if long_side < max(min_w, min_h) or short_side < min(min_w, min_h):
        return [LOW_RESOLUTION.issue(width=facts.width, height=facts.height, min_width=min_w, min_height=min_h)]
    return []


def _period(facts: Facts, material: Material, config: ProjectConfig) -> list[Issue]:
    start, end = period_of(config, material)
    span = {"start": start.isoformat(), "end": end.isoformat()}
    if facts.date is not None and not start <= facts.date <= end:
        spec = EXIF_OUT_OF_PERIOD if facts.date_source == "exif" else NAME_OUT_OF_PERIOD
        return [spec.issue(date=facts.date.isoformat(), **span)]
    if facts.kind == "image" and facts.date is None and facts.inspected:
        return [NO_DATE.issue()]
    return []


def resolve_caption(file: EvidenceFile, captions: CaptionTables) -> EvidenceFile:
    """The file with its caption and the caption's source: a 图片说明 file next to it, else its own name."""
    if file.facts.kind != "image":
        return file
    folder, _, name = file.rel.rpartition("/")
    table_path, table = captions.get(folder, ("", {}))
    if table.get(name):
        return replace(file, caption=table[name], caption_source=table_path)
    if file.facts.caption:
        return replace(file, caption=file.facts.caption, caption_source=CAPTION_FROM_NAME)
    return file


def _caption(file: EvidenceFile, material: Material) -> list[Issue]:
    if file.facts.kind != "image":
        return []
    caption = file.caption
    if not caption:
        return [(CAPTION_MISSING if material.caption else CAPTION_NONE).issue()]
    missing = missing_parts(caption, material.caption)
    if missing:
        return [CAPTION_PARTS.issue(caption=caption, missing="、".join(missing))]
    return []


CLASH_DAYS = 1
"""A caption date this many days from the EXIF date still agrees (a party ending after midnight)."""


def _caption_date_clash(file: EvidenceFile) -> list[Issue]:
    """The caption says one day, the camera's clock another (caption 10月9日, EXIF 2026-03-26)."""
    facts = file.facts
    if facts.kind != "image" or facts.date is None or facts.date_source != "exif" or not file.caption:
        return []
    written = caption_day(file.caption)
    if written is None:
        return []
    year, month, day = written
    taken = facts.date
    candidates = [year] if year is not None else [taken.year - 1, taken.year, taken.year + 1]
    for y in candidates:
        try:
            if abs((dt.date(y, month, day) - taken).days) <= CLASH_DAYS:
                return []
        except ValueError:
            continue
    shown = f"{year}年{month}月{day}日" if year is not None else f"{month}月{day}日"
    return [CAPTION_DATE_CLASH.issue(caption_date=shown, source="EXIF 拍摄时间", date=taken.isoformat())]


def _length(facts: Facts, material: Material) -> list[Issue]:
    if not material.min_chars or facts.chars is None:
        return []
    if facts.format == "pdf" and facts.chars == 0 and facts.pages:
        return [SCANNED_NO_TEXT.issue(min_chars=material.min_chars)]
    if facts.chars < material.min_chars:
        return [TOO_SHORT.issue(chars=facts.chars, min_chars=material.min_chars)]
    return []


def _caption_tables(inventory: Inventory) -> CaptionTables:
    """Folder (relative) -> (path of the 图片说明.txt/.xlsx helper file, picture name -> caption)."""
    tables: CaptionTables = {}
    for f in inventory.files:
        if f.role is Role.helper and f.facts.captions:
            folder = f.rel.rpartition("/")[0]
            known = tables.get(folder, (f.rel, {}))[1]
            tables[folder] = (f.rel, {**known, **f.facts.captions})
    return tables


def judge_file(file: EvidenceFile, material: Material, config: ProjectConfig) -> list[Issue]:
    """Material-dependent issues of one evidence file."""
    facts = file.facts
    if any(REGISTRY[i.code].unreadable for i in file.issues):
        return _legacy(facts, material)  # an unreadable file has no facts worth judging
    issues = (
        _legacy(facts, material) + _resolution(facts, material, config) + _period(facts, material, config)
    )
    issues += _caption(file, material) + _caption_date_clash(file) + _length(facts, material)
    if facts.sheets and (material.columns or material.date_column):
        issues += ledger_issues(facts.sheets, material, period_of(config, material), dt.date.today())
    return issues


def judge(config: ProjectConfig, catalog: Catalog, inventory: Inventory) -> Inventory:
    """The inventory with the material-dependent content issues added to each evidence file."""
    materials = {(ind.code, m.name): m for ind in catalog.indicators for m in ind.materials}
    captions = _caption_tables(inventory)
    reviewer = Reviewer(config, catalog)  # the reviewer's eye (WM3xx): check/review.py
    files = []
    for f in inventory.files:
        material = materials.get((f.indicator or "", f.material or ""))
        f = resolve_caption(f, captions)
        if f.role is Role.evidence and material is not None:
            found = judge_file(f, material, config) if f.facts.inspected else []
            found += reviewer.issues(f, material)
            if config.naming.check:
                found += naming_issues(f, config.naming.pattern, catalog.aliases)
            if found:
                f = f.with_issues(*found)
        files.append(f)
    return replace(inventory, files=tuple(files))
