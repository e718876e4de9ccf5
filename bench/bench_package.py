"""Benchmark the upload package and the Excel 清单 at scale (issue 5). Run by hand, never in the tests.

    /tmp/venv/bin/python bench/bench_package.py [--dir /tmp/wm-bench-pkg] [--files 10000] [--photos 3000]

Makes (once, in a child process) a project of N files: `photos` JPEGs of 4032×3024 (a few real,
noisy base photos, each copy made distinct by a JPEG comment segment; 1 in 20 stored sideways with
EXIF Orientation 6 so it must be re-encoded) and small documents (docx/pdf/xlsx). Then, in this process,
times each step of the package and the Excel 清单 and reports peak memory (ru_maxrss).

The CheckResult comes from scan + assess (no deep inspection), so the numbers are the build's own.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

PHOTO_SIZE = (4032, 3024)
UNITS = 20
FILES_PER_PAIR = 10  # 3 photos + 3 docx + 2 pdf + 2 xlsx per (indicator, unit)


def _base_photos(count: int) -> list[bytes]:
    import samplefiles
    from PIL import Image

    bases = []
    for seed in range(count):
        picture = samplefiles._picture(PHOTO_SIZE, seed)
        noise = Image.effect_noise(PHOTO_SIZE, 30).convert("RGB")
        photo = Image.blend(picture, noise, 0.2)
        exif = Image.Exif()
        exif[0x0132] = "2025:05:12 09:30:00"
        if seed == 0:
            exif[0x0112] = 6  # sideways: the package must turn it upright
        buffer = io.BytesIO()
        photo.save(buffer, "JPEG", quality=85, exif=exif.tobytes())
        bases.append(buffer.getvalue())
    return bases


def _distinct(jpeg: bytes, n: int) -> bytes:
    """The same picture with a unique COM segment before the quantisation tables: other bytes, same pixels."""
    at = jpeg.find(b"\xff\xdb")
    comment = f"bench photo {n}".encode()
    return jpeg[:at] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + jpeg[at:]


def make_project(root: Path, files: int, photos: int) -> None:
    import samplefiles

    pairs = files // FILES_PER_PAIR
    indicators = max(1, pairs // UNITS)
    units = [f"单位{u:02d}" for u in range(UNITS)]
    lines = []
    for i in range(indicators):
        lines += [f'- code: "Ⅱ-{i // 10 + 1}-{i % 10 + 1}"', f"  title: 测评指标第{i + 1}项",
                  f"  units: [{', '.join(units)}]", "  materials:",
                  "    - {name: 实景图片, kinds: [image], min: 3}",
                  "    - {name: 活动方案, kinds: [document, pdf], min: 5}",
                  "    - {name: 工作台账, kinds: [spreadsheet], min: 2}"]  # fmt: skip
    (root / "indicators").mkdir(parents=True)
    (root / "indicators" / "bench.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "wenming.toml").write_text('[project]\ntitle = "基准测试区网上申报材料"\n', encoding="utf-8")
    tmp = root / "_bases"
    docx = samplefiles.docx(tmp / "a.docx", ["活动方案正文。" * 50], title="活动方案").read_bytes()
    pdf = samplefiles.pdf(tmp / "a.pdf", ["活动方案。" * 40]).read_bytes()
    xlsx = samplefiles.xlsx(tmp / "a.xlsx", ["日期", "内容"], [["2025-03-01", "巡查"]] * 30).read_bytes()
    shutil.rmtree(tmp)
    bases = _base_photos(6)
    photo_n = 0
    for i in range(indicators):
        for unit in units:
            folder = root / "evidence" / unit / f"Ⅱ-{i // 10 + 1}-{i % 10 + 1} 指标"
            (folder / "实景图片").mkdir(parents=True)
            for k in range(3):
                if photo_n < photos:
                    base = bases[0] if photo_n % 20 == 0 else bases[1 + photo_n % 5]
                    (folder / "实景图片" / f"2025年5月{k + 1}日 现场{k}.jpg").write_bytes(
                        _distinct(base, photo_n)
                    )
                    photo_n += 1
            for k in range(3):
                (folder / f"活动方案{k}.docx").write_bytes(docx)
            for k in range(2):
                (folder / f"活动方案{k}.pdf").write_bytes(pdf)
            for k in range(2):
                (folder / f"工作台账{k}.xlsx").write_bytes(xlsx)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _gb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e9


def measure(root: Path) -> None:
    from wenming_submit.assemble.archive import write_zip
    from wenming_submit.assemble.manifest import MANIFEST_NAME, manifest_bytes
    from wenming_submit.assemble.package import write_package
    from wenming_submit.assemble.package_plan import plan_package
    from wenming_submit.check.assess import assess
    from wenming_submit.evidence.scan import scan
    from wenming_submit.findings.finding import make_finding
    from wenming_submit.project import open_project
    from wenming_submit.render.xlsx import write_workbook

    project = open_project(root)
    t = time.perf_counter()
    inventory = scan(project.config, project.catalog)
    result = assess(project.config, project.catalog, inventory)
    print(f"scan + assess (not timed for the build): {time.perf_counter() - t:.1f} s, "
          f"{len(result.files)} files, {len(result.findings)} findings; evidence {_gb(root / 'evidence'):.2f} GB")  # fmt: skip
    print(f"peak RSS before the build steps: {_rss_mb():.0f} MB")

    out = Path(tempfile.mkdtemp(prefix="wm-bench-out-", dir=root))
    try:
        t = time.perf_counter()
        write_workbook(result, project.catalog, out / "网报材料清单.xlsx", project_root=root)
        excel = time.perf_counter() - t
        print(f"Excel 清单: {excel:.2f} s for {len(result.files)} file rows + {len(result.findings)} findings "
              f"({(out / '网报材料清单.xlsx').stat().st_size / 1e6:.1f} MB); peak RSS {_rss_mb():.0f} MB")  # fmt: skip

        noisy = result.model_copy(update={"findings": tuple(
            make_finding("WM152", path=f.rel, indicator=f.indicator, unit=f.unit, material=f.material,
                         reason="文件名含有特殊字符") for f in result.files)})  # fmt: skip
        t = time.perf_counter()
        write_workbook(noisy, project.catalog, out / "noisy.xlsx", project_root=root)
        print(f"Excel 清单 with one finding per file: {time.perf_counter() - t:.2f} s "
              f"({len(noisy.files)} file rows + {len(noisy.findings)} finding rows)")  # fmt: skip

        t0 = time.perf_counter()
        entries = plan_package(result, project.catalog, project.config)
        t1 = time.perf_counter()
        packed = write_package(entries, out)
        t2 = time.perf_counter()
        (out / MANIFEST_NAME).write_bytes(
            manifest_bytes(result.title, packed.files, zip_name="x.zip", encoding="utf-8")
        )
        t3 = time.perf_counter()
        write_zip(out, [f.path for f in packed.files] + [MANIFEST_NAME], out / "x.zip")
        t4 = time.perf_counter()
        converted = sum(1 for f in packed.files if f.converted)
        print(f"plan (names, EXIF orientation headers): {t1 - t0:.2f} s for {len(entries)} entries")
        print(f"copy/convert + sha256: {t2 - t1:.1f} s ({converted} photos re-encoded, "
              f"{len(packed.files) - converted} copied), package {_gb(out / '上报材料'):.2f} GB")  # fmt: skip
        print(
            f"manifest: {t3 - t2:.2f} s; zip: {t4 - t3:.1f} s ({(out / 'x.zip').stat().st_size / 1e9:.2f} GB)"
        )
        print(f"package total: {t4 - t0:.1f} s; peak RSS {_rss_mb():.0f} MB")
    finally:
        shutil.rmtree(out)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dir", type=Path, default=Path("/tmp/wm-bench-pkg"))
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--photos", type=int, default=3_000)
    parser.add_argument("--fresh", action="store_true", help="remake the project even if it exists")
    args = parser.parse_args()
    root: Path = args.dir
    if args.fresh and root.exists():
        shutil.rmtree(root)
    if not (root / "evidence").exists():
        t = time.perf_counter()
        child = multiprocessing.Process(target=make_project, args=(root, args.files, args.photos))
        child.start()
        child.join()
        if child.exitcode:
            raise SystemExit("making the project failed")
        print(f"made {root} in {time.perf_counter() - t:.0f} s")
    measure(root)


if __name__ == "__main__":
    main()
