"""Benchmark of the deep content checks (issue 3): cold and warm `wenming check` against `sha256sum`.

    /tmp/venv/bin/python bench/bench_inspect.py [--files 10000] [--photos 3000] [--out /tmp/wenming-bench-inspect]

The tree: `--photos` pictures, four in five phone originals (4032×3024, ~3.5 MB, EXIF with date and a
160×120 thumbnail, as phones write them; six noisy base pictures, each copy with its own EXIF date,
ImageUniqueID and thumbnail scene, so every file differs and the perceptual hashes differ) and one in five
WeChat-sized 1080×810 JPEGs without EXIF (each encoded separately); the rest Word (distinct text), Excel
ledgers (merged title row, dated rows) and text PDFs. The same tree is read by `sha256sum` in the same
run (the cost of reading every byte once, page cache warm for both), then checked cold (no
output/.cache) and warm. Peak memory is the largest sum of RSS over the check process and all its
descendants (fork server, workers), sampled every 50 ms from /proc.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
import zipfile
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "tests" / "inspect")]

UNITS = [f"区{name}" for name in ("文明办", "教育局", "城管局", "民政局", "卫健委", "文旅局", "妇联", "总工会",
                                  "商务局", "交通局", "住建局", "司法局", "人社局", "科协", "残联", "财政局",
                                  "应急局", "农业局", "团委", "宣传部")]  # fmt: skip
INDICATORS = 50
TOPICS = [
    "我们的节日",
    "学雷锋志愿服务",
    "公益广告宣传",
    "垃圾分类",
    "文明交通",
    "诚信建设",
    "移风易俗",
    "网格化巡查",
]
PLACES = ["幸福社区", "人民广场", "滨河公园", "实验小学", "东风街道", "区文化馆", "解放路", "青少年宫"]
BASES = 6


def _catalogue() -> str:
    lines = []
    for i in range(INDICATORS):
        units = ", ".join(UNITS[(i + k) % len(UNITS)] for k in range(4))
        lines += [f'- code: "Ⅱ-{i // 10 + 1}-{i % 10 + 1}"', f"  title: {TOPICS[i % len(TOPICS)]}{i}",
                  f"  units: [{units}]", "  materials:",
                  "    - {name: 实景图片, kinds: [image], min: 3, caption: [时间, 地点, 主题]}",
                  "    - {name: 说明报告, kinds: [document], min_chars: 300}",
                  "    - {name: 工作方案, kinds: [pdf]}",
                  "    - {name: 工作台账, kinds: [spreadsheet], columns: [日期, 内容, 参与人数], date_column: 日期,"
                  " per_month_min: 1}"]  # fmt: skip
    return "\n".join(lines) + "\n"


def _folder(n: int, material: str) -> str:
    i = n % INDICATORS
    unit = UNITS[(i + (n // INDICATORS) % 4) % len(UNITS)]
    return f"evidence/{unit}/Ⅱ-{i // 10 + 1}-{i % 10 + 1} {TOPICS[i % len(TOPICS)]}{i}/{material}"


def _text(n: int) -> str:
    rnd = random.Random(n)
    return "".join(f"{rnd.choice(PLACES)}组织志愿者开展{rnd.choice(TOPICS)}主题活动，参与群众{rnd.randint(20, 300)}人。"
                   for _ in range(20))  # fmt: skip


def _base_photos(cache: Path) -> list[bytes]:
    """Six noisy 4032×3024 pictures, JPEG-encoded once without EXIF."""
    import inspect_makers as makers

    out = []
    for seed in range(BASES):
        path = cache / f"base{seed}.jpg"
        if not path.exists():
            makers.photo((4032, 3024), 100 + seed, noise=9).save(path, "JPEG", quality=92)
        out.append(path.read_bytes())
    return out


def _phone_photo(job: tuple[Path, bytes, int]) -> None:
    """A base picture with its own APP1 (EXIF date, ImageUniqueID, a thumbnail of scene n)."""
    import inspect_makers as makers

    path, base, n = job
    thumb = makers.photo((160, 120), 1000 + n, noise=4)
    buf = io.BytesIO()
    thumb.save(buf, "JPEG", quality=80)
    taken = dt.datetime(2025, 1, 1) + dt.timedelta(hours=7 * n)
    exif = makers.exif_with_thumbnail(buf.getvalue(), taken=taken, uid=str(path))
    path.write_bytes(b"\xff\xd8\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif + base[2:])


def _other(job: tuple[str, Path, int]) -> None:
    import inspect_makers as makers
    import samplefiles

    kind, path, n = job
    if kind == "wechat":
        makers.photo((1080, 810), 5000 + n, noise=6).save(path, "JPEG", quality=75)
    elif kind == "xlsx":
        rows = [
            [dt.date(2025, 1 + d % 12, 1 + d % 27), f"{TOPICS[(n + d) % len(TOPICS)]}活动", 10 + d]
            for d in range(30)
        ]
        samplefiles.xlsx(path, ["日期", "内容", "参与人数"], rows, title=f"2025年工作台账（{n}）")
    elif kind == "pdf":
        samplefiles.pdf(path, [_text(n), _text(n + 1)], title="工作方案")


def _docx_writer(template: Path) -> tuple[dict[str, bytes], str]:
    with zipfile.ZipFile(template) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    return members, members["word/document.xml"].decode("utf-8")


def _docx(path: Path, members: dict[str, bytes], xml: str, n: int) -> None:
    """A python-docx file whose body paragraph is replaced by distinct text (fast: no python-docx per file)."""
    body = xml.replace("BENCHTEXT", _text(n))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, body if name == "word/document.xml" else data)


def build(out: Path, files: int, photos: int) -> None:
    import samplefiles

    if (out / "evidence").exists():
        shutil.rmtree(out / "evidence")
    (out / "indicators").mkdir(parents=True, exist_ok=True)
    (out / "wenming.toml").write_text("[period]\nstart = 2025-01-01\nend = 2025-12-31\n", encoding="utf-8")
    (out / "indicators" / "目录.yaml").write_text(_catalogue(), encoding="utf-8")
    cache = out.parent / (out.name + "-bases")
    cache.mkdir(exist_ok=True)
    bases = _base_photos(cache)
    phone = photos * 4 // 5
    others = files - photos
    jobs_phone, jobs_other = [], []
    members, xml = _docx_writer(samplefiles.docx(cache / "template.docx", ["BENCHTEXT"], title="说明报告"))
    for n in range(files):
        if n < phone:
            path = (
                out
                / _folder(n, "实景图片")
                / f"2025年{n % 12 + 1}月{n % 27 + 1}日 {PLACES[n % 8]} 志愿服务活动 {n}.jpg"
            )
        elif n < photos:
            path = (
                out
                / _folder(n, "实景图片")
                / f"2025-{n % 12 + 1:02d}-{n % 27 + 1:02d} {PLACES[n % 8]} 宣传活动 {n}.jpg"
            )
        else:
            kind = ("docx", "docx", "docx", "xlsx", "xlsx", "pdf", "pdf")[(n - photos) * 7 // max(others, 1)]
            material = {"docx": "说明报告", "xlsx": "工作台账", "pdf": "工作方案"}[kind]
            path = out / _folder(n, material) / f"{material}{n}.{kind}"
        path.parent.mkdir(parents=True, exist_ok=True)
        if n < phone:
            jobs_phone.append((path, bases[n % BASES], n))
        elif n < photos:
            jobs_other.append(("wechat", path, n))
        elif path.suffix == ".docx":
            _docx(path, members, xml, n)
        else:
            jobs_other.append((path.suffix[1:], path, n))
    with Pool(2) as pool:
        pool.map(_phone_photo, jobs_phone, chunksize=20)
        pool.map(_other, jobs_other, chunksize=20)


def _tree_memory(pid: int) -> tuple[int, int]:
    """RSS and PSS bytes of `pid` and every descendant (PSS shares copy-on-write pages fairly)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    rss = pss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith(("Rss:", "Pss:")):
                        kb = int(line.split()[1]) * 1024
                        rss, pss = (rss + kb, pss) if line.startswith("Rss:") else (rss, pss + kb)
        except (OSError, ValueError, IndexError):
            pass
    return rss, pss


def timed(cmd: list[str], cwd: Path) -> tuple[float, tuple[int, int], int]:
    """Wall seconds, peak tree (RSS, PSS) in bytes and exit code of a command."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = (0, 0)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            rss, pss = _tree_memory(proc.pid)
            peak = (max(peak[0], rss), max(peak[1], pss))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    code = proc.wait()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    return elapsed, peak, code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--photos", type=int, default=3_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/wenming-bench-inspect"))
    parser.add_argument("--reuse", action="store_true", help="keep an existing tree")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    out: Path = args.out
    if not (args.reuse and (out / "evidence").exists()):
        start = time.perf_counter()
        build(out, args.files, args.photos)
        print(f"tree generated in {time.perf_counter() - start:.0f} s")
    shutil.rmtree(out / "output", ignore_errors=True)
    paths = [p for p in (out / "evidence").rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in paths)
    sha = ["sh", "-c", "find evidence -type f -print0 | xargs -0 sha256sum > /dev/null"]
    wenming = [str(Path(sys.executable).with_name("wenming")), "check", "--format", "json", "--no-history"]
    timed(sha, out)  # the first read fills the page cache for both contenders
    runs: dict[str, list[tuple[float, tuple[int, int]]]] = {"sha": [], "cold": [], "warm": []}
    loads = []
    for _ in range(args.runs):  # interleaved, so a busy moment on the machine hits all three alike
        loads.append(os.getloadavg()[0])
        runs["sha"].append(timed(sha, out)[:2])
        shutil.rmtree(out / "output", ignore_errors=True)
        runs["cold"].append(timed(wenming, out)[:2])
        runs["warm"].append(timed(wenming, out)[:2])
    mb = size / 2**20
    photos = sum(1 for p in paths if p.suffix == ".jpg")

    def median(kind: str) -> float:
        return statistics.median(t for t, _ in runs[kind])

    def spread(kind: str) -> str:
        return " / ".join(f"{t:.1f}" for t, _ in runs[kind])

    def peak(kind: str) -> str:
        rss = max(m[0] for _, m in runs[kind]) / 2**20
        pss = max(m[1] for _, m in runs[kind]) / 2**20
        return f"peak PSS {pss:.0f} MB (sum of RSS {rss:.0f} MB)"

    n = len(paths)
    print(
        f"| tree | {n:,} files ({photos:,} photos), {mb:,.0f} MB; load average {min(loads):.1f}-{max(loads):.1f} |"
    )
    for kind, label in (("sha", "sha256sum over the same tree"), ("cold", "cold `wenming check` (no cache)")):
        t = median(kind)
        extra = f" · {peak(kind)}" if kind == "cold" else ""
        print(
            f"| {label} | median {t:.1f} s ({spread(kind)}) · {n / t:,.0f} files/s · {mb / t:,.0f} MB/s{extra} |"
        )
    print(f"| warm re-check (cache) | median {median('warm'):.2f} s ({spread('warm')}) · {peak('warm')} |")


if __name__ == "__main__":
    main()
