"""Planning the upload package: which files go where, under which names (`上报材料/<code 名称>/<files
renamed to the naming rule>`), and which handed-in files stay out and why. Pure: reads the check result
and file headers at most, writes nothing; assemble/package.py writes the plan.

Only accepted files go in (the files each requirement counted, plus the 无此项工作说明 of a waived one);
pictures are numbered in the order the 汇编 shows them.
"""

from __future__ import annotations

from dataclasses import dataclass

from wenming_submit.assemble import naming
from wenming_submit.assemble.masking import MASKABLE
from wenming_submit.assemble.pack_images import ImagePlan, image_plan
from wenming_submit.assemble.photo_order import display_order
from wenming_submit.catalog.model import Catalog, Material
from wenming_submit.check.assess import is_photo_album
from wenming_submit.check.result import CheckResult, Requirement, Status
from wenming_submit.config import ProjectConfig
from wenming_submit.evidence.formats import FORMATS
from wenming_submit.evidence.model import EvidenceFile
from wenming_submit.findings.finding import Finding
from wenming_submit.findings.registry import Severity

PACKAGE_DIR = "上报材料"


@dataclass(frozen=True)
class Entry:
    """One file to put into the package."""

    source: EvidenceFile
    path: str
    """Package path relative to the output folder, POSIX separators (`上报材料/…`)."""
    indicator: str
    unit: str
    material: str
    image: ImagePlan | None = None
    """How to re-encode the picture; None means copy as is."""
    mask: bool = False
    """Write a copy with phone/ID/card numbers masked (the check flagged personal data, `[privacy] mask`)."""
    album: tuple[str, ...] = ()
    """A Word file sent as a photo material (照片汇总.docx): its pictures go in as JPEGs under these paths."""


@dataclass(frozen=True)
class ExcludedFile:
    """A file a requirement would ship but that has an error finding saying it cannot be used."""

    source: str
    reason: str
    code: str
    indicator: str
    unit: str
    material: str


def _target_ext(file: EvidenceFile, image: ImagePlan | None) -> str:
    if image is not None:
        return "jpg"
    fmt = FORMATS.get(file.facts.format)
    ext = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    if fmt and fmt.extensions and ext not in fmt.extensions:
        return fmt.extensions[0]  # the name lied about the content; the package tells the truth
    return ext


def _material(catalog: Catalog, code: str, name: str) -> Material | None:
    indicator = catalog.indicator(code)
    return next((m for m in indicator.materials if m.name == name), None) if indicator else None


def _display_order(rels: tuple[str, ...] | list[str], by_rel: dict[str, EvidenceFile],
                   material: Material | None) -> list[str]:  # fmt: skip
    """Other files first as listed, then the pictures in the order the 汇编 shows them, then the pictures
    of Word photo albums (so `_01`, `_02` follow the 汇编's 图1, 图2)."""
    files = [by_rel[r] for r in rels if r in by_rel]
    pictures = [f for f in files if f.facts.kind == "image"]
    albums = [f.rel for f in files if is_photo_album(f, material)]
    others = [r for r in rels if r not in {f.rel for f in pictures} and r not in albums]
    return others + [f.rel for f in display_order(pictures)] + albums


def _bad(result: CheckResult) -> dict[str, Finding]:
    """Path -> the first error finding of the file: why a handed-in file does not count and is not shipped."""
    bad: dict[str, Finding] = {}
    for finding in result.findings:
        if finding.path and finding.severity is Severity.error and finding.path not in bad:
            bad[finding.path] = finding
    return bad


def _package_rels(req: Requirement) -> list[str]:
    """What ships for a requirement: the files that count (accepted), or the waiver of a waived one."""
    rels = list(req.accepted)
    if req.status is Status.waived and req.waiver:
        rels.append(req.waiver)
    return rels


@dataclass(frozen=True)
class PackagePlan:
    entries: list[Entry]
    """What goes into the package (`plan_package`)."""
    excluded: list[ExcludedFile]
    """What was handed in but stays out, and why (`excluded_files`)."""


def plan(result: CheckResult, catalog: Catalog, config: ProjectConfig) -> PackagePlan:
    """`plan_package` and `excluded_files` in one go (the files' errors looked up once)."""
    bad = _bad(result)
    return PackagePlan(_entries(result, catalog, config, bad), _excluded(result, bad))


def excluded_files(result: CheckResult) -> list[ExcludedFile]:
    """Files handed in for a requirement that do not count, so are not shipped, with the reason (their error)."""
    return _excluded(result, _bad(result))


def _excluded(result: CheckResult, bad: dict[str, Finding]) -> list[ExcludedFile]:
    out: dict[str, ExcludedFile] = {}
    for req in result.requirements:
        for rel in (r for r in req.files if r not in req.accepted):
            finding = bad.get(rel)
            if finding is not None and rel not in out:
                out[rel] = ExcludedFile(rel, finding.message, finding.code, req.indicator, req.unit, req.material)
    return list(out.values())


def plan_package(result: CheckResult, catalog: Catalog, config: ProjectConfig) -> list[Entry]:
    """Which files go where, under which names. Pure: reads file headers at most, writes nothing.

    Only the files that count (accepted) ship; the others are listed with their reason (`excluded_files`). Files the check
    found personal data in are planned as masked copies when `[privacy] mask` is on and the format allows.
    """
    return _entries(result, catalog, config, _bad(result))


def _entries(result: CheckResult, catalog: Catalog, config: ProjectConfig, bad: dict[str, Finding]) -> list[Entry]:
    naming.check_pattern(config.naming.pattern)
    by_rel = {f.rel: f for f in result.files}
    pii = {f.path for f in result.findings if f.path and f.kind == "pii"} if config.privacy.mask else set()
    folders: dict[str, naming.UniqueNames] = {}
    placed: set[str] = set()
    counters: dict[tuple[str, str, str], int] = {}
    entries: list[Entry] = []
    for req in result.requirements:
        indicator = catalog.indicator(req.indicator)
        title = indicator.title if indicator else ""
        material = _material(catalog, req.indicator, req.material)
        rels = [r for r in _display_order(_package_rels(req), by_rel, material) if r not in bad]
        folder = naming.indicator_folder(req.indicator, title)
        names = folders.setdefault(folder, naming.UniqueNames())
        for rel in rels:
            file = by_rel.get(rel)
            if file is None or rel in placed:
                continue
            placed.add(rel)
            unit = file.unit or req.unit
            image = image_plan(file, material, config)
            ext = _target_ext(file, image)
            if is_photo_album(file, material):
                ext = "jpg"
            label = req.material if rel != req.waiver else f"{req.material}无此项工作说明"
            # Numbered per unit and material: a shared material (per_unit: false) mixes units' files.
            n = counters[(folder, unit, label)] = counters.get((folder, unit, label), 0) + 1
            stem = naming.render_stem(config.naming.pattern, {
                "code": req.indicator, "unit": unit, "material": label, "n": n, "title": title,
                "name": file.name.rsplit(".", 1)[0], "ext": ext,
            })  # fmt: skip
            name = names.claim(naming.safe_file_name(stem, ext))
            path = f"{PACKAGE_DIR}/{folder}/{name}"
            if not naming.is_inside(path):  # cannot happen with safe components; never write if it does
                raise ValueError(f"unsafe package path {path!r}")
            mask = rel in pii and file.facts.format in MASKABLE
            album: tuple[str, ...] = ()
            if is_photo_album(file, material):
                # Numbered on with the material's photos: _05, _06… (the docx itself is not shipped).
                album = (path,)
                for _ in range((file.facts.pictures or 0) - 1):
                    n = counters[(folder, unit, label)] = counters[(folder, unit, label)] + 1
                    stem = naming.render_stem(config.naming.pattern, {
                        "code": req.indicator, "unit": unit, "material": label, "n": n, "title": title,
                        "name": file.name.rsplit(".", 1)[0], "ext": "jpg",
                    })  # fmt: skip
                    album += (f"{PACKAGE_DIR}/{folder}/{names.claim(naming.safe_file_name(stem, 'jpg'))}",)
            entries.append(Entry(file, path, req.indicator, unit, req.material, image, mask, album))
    return entries
