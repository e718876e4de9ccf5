"""Assess: from catalogue + inventory to requirement statuses and findings."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from wenming_submit.catalog.model import Catalog, Indicator, Material
from wenming_submit.check.result import CheckResult, Requirement, Status
from wenming_submit.config import ProjectConfig
from wenming_submit.evidence.formats import FORMATS, MATERIAL_KIND_LABELS, REENCODED_IMAGES, material_kinds_of
from wenming_submit.evidence.model import EvidenceFile, Inventory, Role
from wenming_submit.evidence.pii import MASKABLE_FORMATS
from wenming_submit.findings import codes_core as core
from wenming_submit.findings.finding import Finding, make_finding
from wenming_submit.findings.registry import REGISTRY, Issue, Severity


def _file_finding(file: EvidenceFile, issue: Issue, config: ProjectConfig) -> Finding:
    params = dict(issue.params)
    # An issue may name its own location (e.g. the material a waiver covers); the file's fills the rest.
    location = {key: params.pop(key, None) or getattr(file, key) for key in ("indicator", "unit", "material")}
    params.pop("path", None)
    spec = REGISTRY[issue.code]
    if spec.kind == "pii" and config.privacy.mask and file.facts.format in MASKABLE_FORMATS:
        # The build fixes this itself (masked in the 汇编, a masked copy in the package): a warning.
        return make_finding(spec, path=file.rel, **location, severity=Severity.warning,
                            **params)  # fmt: skip
    return make_finding(spec, path=file.rel, **location, **params)


def is_photo_album(file: EvidenceFile, material: Material | None) -> bool:
    """A Word file with pictures sent for a photo-only material (a 照片汇总.docx): its pictures are the photos.

    The one rule for it: the check counts its pictures, the 汇编 and the package take them out."""
    photo_only = material is not None and material.accepts_kind("image") and not material.accepts_kind("document")
    return photo_only and file.facts.format == "docx" and (file.facts.pictures or 0) > 0


def _weight(file: EvidenceFile, material: Material) -> int:
    """How many of the material's items a file is: a photo album's pictures, else 1."""
    return (file.facts.pictures or 1) if is_photo_album(file, material) else 1


def _type_issues(file: EvidenceFile, material: Material, config: ProjectConfig) -> list[Issue]:
    """wrong-type, extension-mismatch and too-large, judged against the material the file belongs to."""
    fmt = FORMATS[file.facts.format]
    issues: list[Issue] = []
    ext = file.name.rsplit(".", 1)[-1].lower() if "." in file.name.strip(".") else ""
    if fmt.id == "empty":
        return [core.EMPTY.issue()]
    kinds = material_kinds_of(fmt)
    accepted_exts = {e for k in material.kinds if k != "any" for e in getattr(config.extensions, k.value, ())}
    fits_kind = any(material.accepts_kind(k) for k in kinds)
    fits_ext = "any" in material.kinds or not accepted_exts or bool(set(fmt.extensions) & accepted_exts)
    if any(REGISTRY[i.code].unreadable for i in file.issues):
        return issues  # damaged or encrypted: that error says it; its type and size are beside the point
    unrecognised = fmt.id in ("unknown", "ole") and "any" not in material.kinds
    if is_photo_album(file, material):
        pass  # its pictures are what the material asks for
    elif unrecognised or not (fits_kind and fits_ext):
        expected = "、".join(MATERIAL_KIND_LABELS[k.value] for k in material.kinds)
        issues.append(core.WRONG_TYPE.issue(expected=expected, actual=fmt.label))
    elif fmt.extensions and not ext:
        issues.append(core.NO_EXTENSION.issue(actual=fmt.label, expected_ext=fmt.extensions[0]))
    elif fmt.extensions and ext not in fmt.extensions:
        issues.append(core.EXTENSION_MISMATCH.issue(ext=ext, actual=fmt.label, expected_ext=fmt.extensions[0]))
    limit = config.limits.for_material(material, fmt.kind).max_mb
    size_mb = file.facts.size / (1024 * 1024)
    if size_mb > limit:
        if fmt.id in REENCODED_IMAGES:  # (an unreadable file returned above)
            # The upload package re-encodes such a picture within the limit: the build fixes it itself.
            issues.append(core.TOO_LARGE_COMPRESSED.issue(size_mb=size_mb, limit_mb=limit))
        else:
            issues.append(core.TOO_LARGE.issue(size_mb=size_mb, limit_mb=limit, kind_label=MATERIAL_KIND_LABELS[fmt.kind]))
    return issues


class _Requirements:
    """Builds the requirement list of one indicator: every assigned file, and the ones that count.

    A file counts (is `accepted`) when it has no error finding: a problem the build fixes itself (a photo
    it compresses) is a warning, so every error is one the unit has to fix.
    """

    def __init__(self, indicator: Indicator, files: list[EvidenceFile], findings: dict[str, list[Finding]]):
        self.indicator = indicator
        self.files = files
        self.findings = findings

    def _assigned(self, unit_files: Iterable[EvidenceFile], material: Material) -> tuple[list[str], list[str], int, int]:
        """Every evidence file assigned to the material, the ones without an error finding, and how many
        items each list holds (a photo album counts its pictures)."""
        assigned, accepted, found, good = [], [], 0, 0
        for f in unit_files:
            if f.role is not Role.evidence or f.material != material.name:
                continue
            assigned.append(f.rel)
            found += _weight(f, material)
            if not any(x.blocking for x in self.findings.get(f.rel, ())):
                accepted.append(f.rel)
                good += _weight(f, material)
        return assigned, accepted, found, good

    def _waiver(self, unit_files: list[EvidenceFile], material: Material) -> str | None:
        for f in unit_files:
            if f.role is Role.waiver and f.material_scope in (None, material.name):
                return f.rel
        return None

    def build(self, out: list[Requirement], findings: list[Finding], folder_of: dict[tuple[str, str], str],
              today: dt.date) -> None:  # fmt: skip
        ind = self.indicator
        due = ind.deadline.isoformat() if ind.deadline else None
        past_due = ind.deadline is not None and ind.deadline < today
        for material in ind.materials:
            if ind.material_per_unit(material):
                groups = [(unit, [f for f in self.files if f.unit == unit]) for unit in ind.units]
            else:
                owner = ind.lead if ind.lead in ind.units else ind.units[0]
                groups = [(owner, [f for f in self.files if f.unit in ind.units])]
            for unit, unit_files in groups:
                assigned, accepted, found, good = self._assigned(unit_files, material)
                required = material.min
                if not ind.upload:
                    continue  # upload: false — nothing to hand in online, so no requirement and no notice
                if material.max is not None and good > material.max:
                    findings.append(make_finding(
                        core.TOO_MANY, indicator=ind.code, unit=unit, material=material.name,
                        found=good, maximum=material.max,
                    ))  # fmt: skip
                waiver = self._waiver(unit_files, material) if good == 0 else None
                if good >= required:
                    status = Status.complete
                elif waiver:
                    status = Status.waived
                elif good:
                    status = Status.partial
                else:
                    status = Status.missing
                out.append(Requirement(indicator=ind.code, unit=unit, material=material.name, status=status,
                                       required=required, found=found, files=tuple(assigned),
                                       accepted=tuple(accepted), counted=good, waiver=waiver, due=due,
                                       overdue=past_due and status in (Status.partial, Status.missing)))  # fmt: skip
                folder = folder_of.get((unit, ind.code)) or f"evidence/{unit}/{ind.code} {ind.title}"
                params: dict[str, Any] = {}
                if status in (Status.missing, Status.partial) and found > good:
                    spec, params = core.INSUFFICIENT_ACCEPTED, {"found": found, "accepted": good, "required": required,
                                                                "short": required - good}  # fmt: skip
                elif status is Status.missing:
                    spec, params = core.MISSING, {"required": required, "folder": folder}
                elif status is Status.partial:
                    spec, params = core.INSUFFICIENT_COUNT, {"found": good, "required": required,
                                                             "short": required - good}  # fmt: skip
                elif status is Status.waived:
                    spec = core.WAIVED
                else:
                    continue
                findings.append(make_finding(spec, path=waiver, indicator=ind.code, unit=unit,
                                             material=material.name, **params))  # fmt: skip


def assess(config: ProjectConfig, catalog: Catalog, inventory: Inventory, *, today: dt.date | None = None) -> CheckResult:
    """Statuses for every requirement and the findings of every file, in catalogue order.

    `today` (default: the machine's date) decides which unmet requirements are past their 完成时间."""
    today = today or dt.date.today()
    by_code = {ind.code: ind for ind in catalog.indicators}
    file_findings: dict[str, list[Finding]] = defaultdict(list)
    for file in inventory.files:
        issues = list(file.issues)
        indicator = by_code.get(file.indicator or "")
        if indicator and file.unit and file.unit not in indicator.units and file.role is not Role.ignored:
            issues.append(Issue(core.NOT_RESPONSIBLE.code))
        if file.role is Role.evidence and file.facts.format == "empty":
            issues.append(Issue(core.EMPTY.code))  # whatever material it was meant to be
        elif file.role is Role.evidence and indicator and file.unit:
            material = next((m for m in indicator.materials if m.name == file.material), None)
            if material is None:
                choices = "、".join(m.name for m in indicator.materials)
                issues.append(Issue(core.UNKNOWN_MATERIAL.code, {"choices": choices}))
            else:
                issues += _type_issues(file, material, config)
        file_findings[file.rel] = [_file_finding(file, i, config) for i in issues]

    by_indicator: dict[str, list[EvidenceFile]] = defaultdict(list)
    folder_of: dict[tuple[str, str], str] = {}
    for file in inventory.files:
        if file.indicator:
            by_indicator[file.indicator].append(file)
            if file.unit and file.indicator_folder:
                folder_of.setdefault((file.unit, file.indicator), file.indicator_folder)

    requirements: list[Requirement] = []
    gap_findings: list[Finding] = []
    for ind in catalog.indicators:
        _Requirements(ind, by_indicator.get(ind.code, []), file_findings).build(requirements, gap_findings, folder_of, today)

    findings = gap_findings + [f for file in inventory.files for f in file_findings[file.rel]]
    order = {ind.code: i for i, ind in enumerate(catalog.indicators)}
    findings.sort(key=lambda f: (order.get(f.indicator or "", len(order)), f.unit or "", f.path or "", f.code))
    return CheckResult(
        title=config.project.title,
        period=(config.period.start.isoformat(), config.period.end.isoformat()),
        requirements=tuple(requirements),
        findings=tuple(findings),
        files=inventory.files,
    )
