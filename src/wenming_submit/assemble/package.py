"""Writing the upload package that assemble/package_plan.py planned (`上报材料/<code 名称>/<files>`).

Images the upload system cannot take (HEIC/WEBP/BMP/TIFF), photos stored sideways and pictures over the
size limit are re-encoded as JPEG; everything else is copied byte for byte — as a copy-on-write clone when
the file system offers one, never as a hard link (a change to the package must never reach the evidence).
Flagged files ship as masked copies; `mask_legacy_documents` does the same for old Word/WPS/RTF/ODT files.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from wenming_submit.assemble import naming
from wenming_submit.assemble.masking import MaskFailed, write_masked
from wenming_submit.assemble.pack_images import ConversionFailed, convert_image
from wenming_submit.assemble.package_plan import Entry
from wenming_submit.digest import sha256_file
from wenming_submit.evidence.formats import FORMATS
from wenming_submit.evidence.pii import find_pii
from wenming_submit.findings import codes_build
from wenming_submit.findings.finding import Finding, make_finding
from wenming_submit.findings.registry import CheckSpec
from wenming_submit.guard import Failure, protect

ALBUM_MAX_SIDE = 2400
"""Longest side of pictures taken out of a 照片汇总.docx (they are usually smaller already)."""
CHUNK = 1 << 20

Progress = Callable[[int, int], None]


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
    masked: int | None = None
    """Paragraphs/cells/lines whose personal numbers were masked in this copy; None when not masked."""


@dataclass(frozen=True)
class PackResult:
    files: tuple[PackedFile, ...]
    findings: tuple[Finding, ...]


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


def _pack_album(entry: Entry, out_dir: Path) -> tuple[list[PackedFile], Finding | None]:
    """The pictures of a 照片汇总.docx as JPEGs under the entry's album paths; the 清单 notes the source."""
    from wenming_submit.assemble.word.narrative import extract_pictures

    try:
        pictures = extract_pictures(entry.source.path, max_side_px=ALBUM_MAX_SIDE, quality=90)
    except ValueError as exc:
        return [], _finding(codes_build.NOT_PACKED, entry, reason=str(exc))
    packed = []
    for n, (path, picture) in enumerate(zip(entry.album, pictures, strict=False), 1):
        dest = out_dir / path
        dest.write_bytes(picture.blob)
        packed.append(PackedFile(
            path=path, source=entry.source.rel, sha256=sha256_file(dest), size=dest.stat().st_size,
            indicator=entry.indicator, unit=entry.unit, material=entry.material,
            converted=f"取自{entry.source.name}第{n}张图片",
        ))  # fmt: skip
    names = "、".join(PurePosixPath(p.path).name for p in packed)
    return packed, _finding(codes_build.ALBUM_EXTRACTED, entry, count=len(packed), names=names)


def _pack_one(entry: Entry, out_dir: Path) -> tuple[list[PackedFile], Finding | None]:
    if entry.album:
        return _pack_album(entry, out_dir)
    file, finding = _pack_file(entry, out_dir)
    return ([file] if file is not None else []), finding


def _pack_file(entry: Entry, out_dir: Path) -> tuple[PackedFile | None, Finding | None]:
    dest = out_dir / entry.path
    finding: Finding | None = None
    converted: str | None = None
    masked: int | None = None
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
    elif entry.mask:
        try:
            masked = write_masked(entry.source.path, dest, entry.source.facts.format)
        except MaskFailed as exc:
            # Never ship personal data unmasked: the file stays out, and the 清单 says why.
            return None, _finding(codes_build.NOT_PACKED, entry, reason=str(exc))
        if masked:
            finding = _finding(codes_build.MASKED_COPY, entry, count=masked)
        else:  # nothing to mask after all: ship the original bytes
            masked = None
            clone_or_copy(entry.source.path, dest)
    else:
        clone_or_copy(entry.source.path, dest)
    packed = PackedFile(
        path=path, source=entry.source.rel, sha256=sha256_file(dest), size=dest.stat().st_size,
        indicator=entry.indicator, unit=entry.unit, material=entry.material, converted=converted,
        masked=masked,
    )  # fmt: skip
    return packed, finding


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


IO_WORKERS = 8
"""Threads for plain copies: they wait on the disk, not the CPU."""


class Cancelled(Exception):
    """`write_package` stopped because its `cancel` event was set (the build failed elsewhere)."""


def write_package(
    entries: list[Entry],
    out_dir: Path,
    *,
    progress: Progress | None = None,
    workers: int | None = None,
    cancel: threading.Event | None = None,
) -> PackResult:
    """Write every entry under `out_dir` (the staging folder).

    Re-encodes run on one thread per core (Pillow releases the GIL); copies and hashing on IO_WORKERS
    threads, so a few slow photos never hold up thousands of small copies. When `cancel` is set (the
    build runs this beside the Word 汇编 and that failed) the queued files are dropped and Cancelled is
    raised once the files being written are done.
    """
    for folder in sorted({str(Path(e.path).parent) for e in entries}):
        (out_dir / folder).mkdir(parents=True, exist_ok=True)
    cpu_pool = ThreadPoolExecutor(max_workers=workers or min(4, os.cpu_count() or 1))
    io_pool = ThreadPoolExecutor(max_workers=IO_WORKERS)
    packed: list[PackedFile] = []
    findings: list[Finding] = []
    try:
        futures = [
            (cpu_pool if e.image or e.mask or e.album else io_pool).submit(protect, _pack_one, e, out_dir)
            for e in entries
        ]
        for done, (entry, future) in enumerate(zip(entries, futures, strict=True), 1):
            if cancel is not None and cancel.is_set():
                raise Cancelled
            outcome = future.result()
            if isinstance(outcome, Failure):  # this file stays out of the package; the others go on
                _discard(out_dir / entry.path)
                spec, params = codes_build.failure_spec(outcome)
                findings.append(_finding(spec, entry, step="上报材料包", **params))
                continue
            files, finding = outcome
            packed.extend(files)
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


LEGACY_DOCUMENTS = frozenset({"doc", "wps", "rtf", "odt"})
LEGACY_TIMEOUT = 60.0
LEGACY_TIMEOUT_PER_FILE = 20.0


def mask_legacy_documents(packed: tuple[PackedFile, ...], entries: list[Entry], out_dir: Path, work: Path
                          ) -> tuple[tuple[PackedFile, ...], list[Finding]]:  # fmt: skip
    """Old Word/WPS/RTF/ODT files the check cannot read: convert them with LibreOffice (when installed), and
    where their text holds a phone, ID or card number, ship a masked .docx instead of the original.

    Without LibreOffice they are shipped as they are (the check's WM210 already asks for a .docx).
    """
    from wenming_submit.assemble.word import soffice
    from wenming_submit.assemble.word.narrative import read_docx

    by_path = {e.path: e for e in entries}
    legacy = [f for f in packed if f.path in by_path and by_path[f.path].source.facts.format in LEGACY_DOCUMENTS]
    if not legacy or soffice.find_soffice() is None:
        return packed, []
    inbox, outbox = work / "mask-in", work / "mask-out"
    inbox.mkdir(parents=True, exist_ok=True)
    copies = {}
    for n, file in enumerate(legacy, 1):
        copy = inbox / f"{n:04d}{Path(file.path).suffix.lower()}"
        shutil.copyfile(out_dir / file.path, copy)
        copies[file.path] = copy
    timeout = LEGACY_TIMEOUT + LEGACY_TIMEOUT_PER_FILE * len(copies)
    soffice.convert(list(copies.values()), "docx:MS Word 2007 XML", outbox, work, timeout)
    replaced: dict[str, PackedFile] = {}
    findings: list[Finding] = []
    for file in legacy:
        converted = outbox / f"{copies[file.path].stem}.docx"
        entry = by_path[file.path]
        try:
            blocks = read_docx(converted)
        except (ValueError, OSError):
            continue
        if not any(find_pii(str(v)) for kind, v in blocks.items if kind == "p") and not any(
            find_pii(cell) for kind, v in blocks.items if kind == "table" for row in getattr(v, "rows", []) for cell in row
        ):
            continue
        new_path = file.path.rsplit(".", 1)[0] + ".docx"
        dest = out_dir / new_path
        try:
            count = write_masked(converted, dest, "docx")
        except MaskFailed as exc:
            (out_dir / file.path).unlink(missing_ok=True)
            replaced[file.path] = file
            findings.append(_finding(codes_build.NOT_PACKED, entry, reason=str(exc)))
            continue
        (out_dir / file.path).unlink(missing_ok=True)
        label = FORMATS[entry.source.facts.format].label
        replaced[file.path] = PackedFile(
            path=new_path, source=file.source, sha256=sha256_file(dest), size=dest.stat().st_size,
            indicator=file.indicator, unit=file.unit, material=file.material,
            converted=f"{label}→Word 文档（.docx）", masked=count,
        )  # fmt: skip
        findings.append(_finding(codes_build.MASKED_COPY, entry, count=count))
    out = [replaced.get(f.path, f) for f in packed]
    kept = [f for f in out if not (f.path in replaced and replaced[f.path] is f)]
    return tuple(sorted(kept, key=lambda f: f.path)), findings
