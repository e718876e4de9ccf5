"""Time the scan-and-assess of `wenming check` on a synthetic tree and report peak memory.

    python bench/make_tree.py --indicators 200 --units 20 --files 10000
    python bench/bench_check.py                     # scan + assess, 3 warm runs
    python bench/bench_check.py --full              # also the whole `wenming check --format json` (with inspection)
    python bench/bench_check.py --drop-caches       # one cold-cache run first (root only; flushes the page cache)

Every run is a fresh child process, so the peak RSS (`ru_maxrss`) is that of one check, interpreter included.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

TARGET_SECONDS = 10.0
TARGET_MB = 300.0

# Runs in the child: the issue-2 pipeline without deep inspection, timed per stage.
CHILD = r"""
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from wenming_submit.check.assess import assess
from wenming_submit.project import open_project
from wenming_submit.evidence.scan import scan
t1 = time.perf_counter()
project = open_project(Path(sys.argv[1]))
t2 = time.perf_counter()
inventory = scan(project.config, project.catalog)
t3 = time.perf_counter()
result = assess(project.config, project.catalog, inventory)
t4 = time.perf_counter()
text = json.dumps(result.to_json(), ensure_ascii=False)
t5 = time.perf_counter()
s = result.summary
print(json.dumps({
    "import": t1 - t0, "load": t2 - t1, "scan": t3 - t2, "assess": t4 - t3, "json": t5 - t4, "total": t5 - t0,
    "files": len(inventory.files), "requirements": s.requirements, "findings": len(result.findings),
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def drop_caches() -> None:
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("3\n")


def scan_assess(tree: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tree)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def full_check(tree: Path) -> tuple[float, float, int]:
    """(wall seconds, peak MB, exit code) of `wenming check --format json`, measured by GNU time."""
    command = [sys.executable, "-m", "wenming_submit", "check", "-C", str(tree), "--format", "json"]
    help_text = subprocess.run([*command[:4], "--help"], capture_output=True, text=True).stdout
    if "--no-history" in help_text:
        command.append("--no-history")
    done = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True)
    stats = dict(
        line.strip().rsplit(": ", 1)
        for line in done.stderr.splitlines()
        if ": " in line and line.startswith("\t")
    )
    wall = stats["Elapsed (wall clock) time (h:mm:ss or m:ss)"]
    minutes, seconds = wall.rsplit(":", 1)
    return (
        float(minutes.split(":")[-1]) * 60 + float(seconds),
        int(stats["Maximum resident set size (kbytes)"]) / 1024,
        done.returncode,
    )


def describe(run: dict[str, float]) -> str:
    return (
        f"total {run['total']:.2f} s (import {run['import']:.2f}, load {run['load']:.2f}, scan {run['scan']:.2f}, "
        f"assess {run['assess']:.2f}, json {run['json']:.2f}); peak {run['peak_mb']:.0f} MB; "
        f"{run['files']:.0f} files, {run['requirements']:.0f} requirements, {run['findings']:.0f} findings"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=Path(__file__).resolve().parent / "out" / "tree")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--full", action="store_true", help="also time the whole `wenming check` command")
    parser.add_argument("--drop-caches", action="store_true", help="one cold-cache run first (needs root)")
    args = parser.parse_args()
    if not (args.tree / "evidence").is_dir():
        sys.exit(f"no tree at {args.tree}: run python bench/make_tree.py first")

    if args.drop_caches:
        drop_caches()
        print("cold cache:", describe(scan_assess(args.tree)))
    runs = [scan_assess(args.tree) for _ in range(args.runs)]
    for n, run in enumerate(runs, 1):
        print(f"warm run {n}:", describe(run))
    median = statistics.median(r["total"] for r in runs)
    peak = max(r["peak_mb"] for r in runs)
    ok = median < TARGET_SECONDS and peak < TARGET_MB
    print(f"scan+assess median {median:.2f} s, peak {peak:.0f} MB -> {'OK' if ok else 'MISSED'} "
          f"(target < {TARGET_SECONDS:g} s and < {TARGET_MB:g} MB)")  # fmt: skip
    if args.full:
        seconds, mb, code = full_check(args.tree)
        print(f"full `wenming check --format json`: {seconds:.2f} s, peak {mb:.0f} MB, exit {code}")


if __name__ == "__main__":
    main()
