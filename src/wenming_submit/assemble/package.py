"""The upload package: `上报材料/<code 名称>/<files renamed to the naming rule>`.

Only accepted files go in (the files each requirement counted, plus the 无此项工作说明 of a waived one).
Images the upload system cannot take (HEIC/WEBP/BMP/TIFF), photos stored sideways and pictures over the
size limit are re-encoded as JPEG; everything else is copied byte for byte — as a copy-on-write clone when
the file system offers one, never as a hard link (a change to the package must never reach the evidence).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wenming_submit.assemble import naming
from wenming_submit.assemble.pack_images import ConversionFailed, ImagePlan, convert_image, image_plan
from wenming_submit.catalog.model import Catalog, Material
from wenming_submit.check.result import CheckResult, Status
from wenming_submit.config import ProjectConfig
from wenming_submit.digest import sha256_file
from wenming_submit.evidence.formats import FORMATS
from wenming_submit.evidence.model import EvidenceFile
from wenming_submit.findings import codes_build
from wenming_submit.findings.finding import Finding, make_finding
from wenming_submit.findings.registry import CheckSpec

PACKAGE_DIR = "上报材料"
CHUNK = 1 << 20

Progress = Callable[[int, int], None]


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


@dataclass(frozen=True)
class PackedFile:
    path: str
    source: str
    sha256: str
    size: int
    indicator: str
    unit: str
    material: str
    converted: str | None = None
    """What was done to the content (e.g. `HEIC→JPEG`, `旋转`, `压缩`); None when copied as is."""


@dataclass(frozen=True)
class PackResult:
    files: tuple[PackedFile, ...]
    findings: tuple[Finding, ...]


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


def plan_package(result: CheckResult, catalog: Catalog, config: ProjectConfig) -> list[Entry]:
    """Which files go where, under which names. Pure: reads file headers at most, writes nothing."""
    naming.check_pattern(config.naming.pattern)
    by_rel = {f.rel: f for f in result.files}
    folders: dict[str, naming.UniqueNames] = {}
    placed: set[str] = set()
    counters: dict[tuple[str, str, str], int] = {}
    entries: list[Entry] = []
    for req in result.requirements:
        indicator = catalog.indicator(req.indicator)
        title = indicator.title if indicator else ""
        rels = list(req.accepted)
        if req.status is Status.waived and req.waiver:
            rels.append(req.waiver)
        material = _material(catalog, req.indicator, req.material)
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
            entries.append(Entry(file, path, req.indicator, unit, req.material, image))
    return entries


def clone_or_copy(src: Path, dest: Path) -> None:
    """Copy `src` to `dest`: a reflink where the file system can (btrfs, XFS, APFS via copyfile), else bytes.

    Never a hard link: the package must be independent of the evidence.
    """
    try:
        import fcntl

        with open(src, "rb") as fin, open(dest, "wb") as fout:
            fcntl.ioctl(fout.fileno(), 0x40049409, fin.fileno())  # FICLONE
        return
    except (ImportError, OSError):
        pass
    shutil.copyfile(src, dest)


def _finding(spec: CheckSpec, entry: Entry, **params: Any) -> Finding:
    return make_finding(spec, path=entry.source.rel, indicator=entry.indicator, unit=entry.unit,
                        material=entry.material, **params)  # fmt: skip


def _pack_one(entry: Entry, out_dir: Path) -> tuple[PackedFile, Finding | None]:
    dest = out_dir / entry.path
    finding: Finding | None = None
    converted: str | None = None
    path = entry.path
    if entry.image is not None:
        try:
            converted, problem = convert_image(entry.source.path, dest, entry.image)
        except ConversionFailed as exc:
            # Keep the original bytes, under the original's extension so the name does not lie.
            ext = entry.source.name.rsplit(".", 1)[-1].lower() if "." in entry.source.name else ""
            path = entry.path.rsplit(".", 1)[0] + (
                f".{naming.safe_component(ext, max_len=10)}" if ext else ""
            )
            dest = out_dir / path
            clone_or_copy(entry.source.path, dest)
            finding = _finding(codes_build.CONVERT_FAILED, entry, reason=str(exc))
        else:
            if problem is not None:
                finding = _finding(codes_build.STILL_TOO_LARGE, entry, **problem)
    else:
        clone_or_copy(entry.source.path, dest)
    packed = PackedFile(
        path=path, source=entry.source.rel, sha256=sha256_file(dest), size=dest.stat().st_size,
        indicator=entry.indicator, unit=entry.unit, material=entry.material, converted=converted,
    )  # fmt: skip
    return packed, finding


IO_WORKERS = 8
"""Threads for plain copies: they wait on the disk, not the CPU."""


def write_package(
    entries: list[Entry], out_dir: Path, *, progress: Progress | None = None, workers: int | None = None
) -> PackResult:
    """Write every entry under `out_dir` (the staging folder).

    Re-encodes run on one thread per core (Pillow releases the GIL); copies and hashing on IO_WORKERS
    threads, so a few slow photos never hold up thousands of small copies.
    """
    for folder in sorted({str(Path(e.path).parent) for e in entries}):
        (out_dir / folder).mkdir(parents=True, exist_ok=True)
    cpu_pool = ThreadPoolExecutor(max_workers=workers or min(4, os.cpu_count() or 1))
    io_pool = ThreadPoolExecutor(max_workers=IO_WORKERS)
    packed: list[PackedFile] = []
    findings: list[Finding] = []
    try:
        futures = [(cpu_pool if e.image else io_pool).submit(_pack_one, e, out_dir) for e in entries]
        for done, future in enumerate(futures, 1):
            file, finding = future.result()
            packed.append(file)
            if finding is not None:
                findings.append(finding)
            if progress is not None:
                progress(done, len(entries))
    except BaseException:
        for pool in (cpu_pool, io_pool):  # Ctrl-C or a failure: drop queued work at once
            pool.shutdown(wait=True, cancel_futures=True)
        raise
    for pool in (cpu_pool, io_pool):
        pool.shutdown(wait=True)
    return PackResult(tuple(sorted(packed, key=lambda p: p.path)), tuple(findings))
