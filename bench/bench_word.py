"""Benchmark: 1,000 phone photos (4032×3024, a few MB each) into one Word 汇编, and pandoc for comparison.

    /tmp/venv/bin/python bench/bench_word.py [--photos 1000] [--toc] [--no-pandoc] [--sink]

The photos are made once (20 distinct noisy pictures, each copy stamped so every file differs) and kept
in /tmp/wenming-bench-word/. The build runs in a fresh child process so its peak memory (and that of
its worker processes) is measured alone. Prints one Markdown table row set for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

CACHE = Path("/tmp/wenming-bench-word")
SIZE = (4032, 3024)
DISTINCT = 20
PER_INDICATOR = 100


def _base(seed: int) -> Path:
    from PIL import Image, ImageDraw

    path = CACHE / "base" / f"base{seed:02d}.png"
    if path.exists():
        return path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    import samplefiles

    img = samplefiles._picture(SIZE, seed)
    noise = Image.effect_noise(SIZE, 40).convert("RGB")
    img = Image.blend(img, noise, 0.25)
    ImageDraw.Draw(img).text((100, 100), f"base {seed}", fill=(255, 255, 255))
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "PNG", compress_level=1)
    return path


_BASES: dict[int, object] = {}


def _loaded_base(seed: int) -> Any:
    """Decoded base pictures, kept per worker process (decoding a 12 MP PNG costs more than the stamp)."""
    from PIL import Image

    if seed not in _BASES:
        _BASES[seed] = Image.open(_base(seed)).convert("RGB")
    return _BASES[seed]


def _variant(i: int) -> Path:
    from PIL import ImageDraw

    path = CACHE / "photos" / f"2026年6月{i % 28 + 1}日 某某社区 志愿服务活动 {i:04d}.jpg"
    if path.exists():
        return path
    img = _loaded_base(i % DISTINCT).copy()
    draw = ImageDraw.Draw(img)
    x, y = 200 + (i * 37) % 3000, 200 + (i * 53) % 2200
    draw.rectangle([x, y, x + 400, y + 300], fill=((i * 7) % 256, (i * 13) % 256, (i * 29) % 256))
    draw.text((x + 20, y + 20), f"No.{i}", fill=(255, 255, 255))
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", quality=92)
    return path


def make_photos(n: int) -> list[Path]:
    for seed in range(DISTINCT):
        _base(seed)
    with ProcessPoolExecutor() as pool:
        return list(pool.map(_variant, range(n), chunksize=50))


def _project(photos: list[Path], root: Path) -> tuple[object, object]:
    """A Project and CheckResult for `photos` split over indicators of 100 photos each (no check run:
    the benchmark measures the Word build alone)."""
    from wenming_submit.catalog.model import Catalog, Indicator, Material
    from wenming_submit.check.result import CheckResult, Requirement, Status
    from wenming_submit.config import ProjectConfig
    from wenming_submit.evidence.model import EvidenceFile, Facts, Role
    from wenming_submit.project import Project

    indicators, requirements, files = [], [], []
    for k in range(0, len(photos), PER_INDICATOR):
        code = f"Ⅱ-{k // PER_INDICATOR + 1}-1"
        chunk = photos[k : k + PER_INDICATOR]
        material = Material(name="实景图片", kinds=("image",), min=1)
        indicators.append(Indicator(code=code, title=f"志愿服务活动{k // PER_INDICATOR + 1}", units=("区文明办",),
                                    materials=(material,), standard="经常性开展志愿服务活动。"))  # fmt: skip
        rels = []
        for p in chunk:
            rel = f"evidence/区文明办/{code}/实景图片/{p.name}"
            facts = Facts(format="jpeg", kind="image", size=p.stat().st_size, mtime=p.stat().st_mtime)
            files.append(
                EvidenceFile(
                    p, rel, Role.evidence, facts, unit="区文明办", indicator=code, material="实景图片"
                )
            )
            rels.append(rel)
        requirements.append(Requirement(indicator=code, unit="区文明办", material="实景图片",
                                        status=Status.complete, required=1, found=len(rels), files=tuple(rels)))  # fmt: skip
    config = ProjectConfig(root=root)
    catalog = Catalog(indicators=tuple(indicators), aliases={"区文明办": "区文明办"})
    result = CheckResult(title=config.project.title, period=("2026-01-01", "2026-12-31"),
                         requirements=tuple(requirements), findings=(), files=tuple(files))  # fmt: skip
    return Project(config, catalog), result


def child(n: int, dest: Path, toc: bool) -> None:
    """Runs in a fresh process: build and print JSON figures."""
    from wenming_submit.assemble.options import BuildOptions
    from wenming_submit.assemble.word import build_word

    photos = sorted((CACHE / "photos").glob("*.jpg"))[:n]
    project, result = _project(photos, dest)
    start = time.perf_counter()
    report = build_word(project, result, dest, BuildOptions(update_toc=toc))  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    self_kb = me.ru_maxrss
    children_kb = workers.ru_maxrss
    cpu = {"cpu_main_s": me.ru_utime + me.ru_stime, "cpu_workers_s": workers.ru_utime + workers.ru_stime,
           "load_avg": os.getloadavg()[0]}  # fmt: skip
    out = report.documents[0]
    print(json.dumps({"seconds": seconds, "peak_mb": self_kb / 1024, "worker_peak_mb": children_kb / 1024,
                      "docx_mb": out.stat().st_size / 1e6, "pictures": report.pictures, "toc": report.toc.value,
                      "input_mb": sum(p.stat().st_size for p in photos) / 1e6, **cpu}))  # fmt: skip


def pandoc(photos: list[Path], work: Path) -> dict[str, float] | None:
    exe = shutil.which("pandoc")
    if exe is None:
        return None
    md = work / "photos.md"
    md.write_text("\n\n".join(f"![{p.stem}]({p}){{width=7.4cm}}" for p in photos), encoding="utf-8")
    out = work / "pandoc.docx"
    start = time.perf_counter()
    subprocess.run([exe, str(md), "-o", str(out)], check=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": seconds, "docx_mb": out.stat().st_size / 1e6, "peak_mb": peak}


def _run_child(n: int, dest: Path, toc: bool) -> dict[str, float]:
    dest.mkdir(parents=True)
    command = [sys.executable, __file__, "--photos", str(n), "--child", str(dest)] + (
        ["--toc"] if toc else []
    )
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(out.splitlines()[-1]))


def compare_sink() -> None:
    """python-docx add_picture (quadratic) against PictureSink, distinct small JPEGs."""
    import io

    import docx
    from docx.shared import Mm

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    import samplefiles

    from wenming_submit import gongwen
    from wenming_submit.assemble.word.pictures import PictureSink

    blobs = [samplefiles.jpeg_bytes(seed=i) for i in range(1000)]
    for n in (250, 500, 1000):
        document = docx.Document()
        start = time.perf_counter()
        for blob in blobs[:n]:
            document.add_paragraph().add_run().add_picture(io.BytesIO(blob), width=Mm(20))
        theirs = time.perf_counter() - start
        document = gongwen.new_document()
        sink = PictureSink(document)
        start = time.perf_counter()
        for blob in blobs[:n]:
            sink.add(document.add_paragraph().add_run(), blob, Mm(20), Mm(15))
        ours = time.perf_counter() - start
        print(f"{n} pictures: python-docx add_picture {theirs:.2f} s, PictureSink {ours:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=1000)
    parser.add_argument(
        "--toc", action="store_true", help="also lay out with LibreOffice for TOC page numbers"
    )
    parser.add_argument("--no-pandoc", action="store_true")
    parser.add_argument(
        "--pandoc-photos",
        type=int,
        default=200,
        help="photos for pandoc (it embeds the originals: 1,000 would make a ~5 GB docx)",
    )
    parser.add_argument("--child", type=Path)
    parser.add_argument("--sink", action="store_true", help="only compare picture insertion with python-docx")
    args = parser.parse_args()
    if args.sink:
        compare_sink()
        return
    if args.child:
        child(args.photos, args.child, args.toc)
        return
    t = time.perf_counter()
    photos = make_photos(args.photos)
    print(f"photos ready ({time.perf_counter() - t:.0f} s): {len(photos)} files, "
          f"{sum(p.stat().st_size for p in photos) / len(photos) / 1e6:.1f} MB each")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-word-") as tmp:
        work = Path(tmp)
        subprocess.run(["sync"], check=False)
        ours = _run_child(args.photos, work / "all", args.toc)
        print("wenming:", json.dumps(ours, ensure_ascii=False))
        print(f"  per photo: {ours['docx_mb'] * 1e3 / args.photos:.0f} KB of docx")
        if not args.no_pandoc:
            n = min(args.pandoc_photos, args.photos)
            theirs = pandoc(photos[:n], work)
            if theirs:
                same = ours if n == args.photos else _run_child(n, work / "same", args.toc)
                print(f"pandoc ({n} photos):", json.dumps(theirs))
                print(f"wenming ({n} photos):", json.dumps(same))
                print(f"  ratio pandoc/wenming time: {theirs['seconds'] / same['seconds']:.1f}×, "
                      f"size: {theirs['docx_mb'] / same['docx_mb']:.0f}×")  # fmt: skip
    print(f"cpus: {os.cpu_count()}")


if __name__ == "__main__":
    main()
