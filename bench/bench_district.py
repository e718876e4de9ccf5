"""Issue 14's ratios on one district tree, all measured in one run: our work against the floor of the same work.

    python bench/make_district.py --photos 1000 --out /tmp/wenming-district-1000
    python bench/bench_district.py /tmp/wenming-district-1000 [--drop-caches] [--skip-build]

Steps, each in a fresh process tree whose peak memory is sampled from /proc every 50 ms (largest single
process and the sum over the tree, LibreOffice and the inspection workers included):

1. floor: `sha256sum` over every evidence file, two at a time (`xargs -P2`);
2. cold `wenming check --format json` (the cache `output/.cache` removed first);
3. warm `wenming check --format json` (nothing changed);
4. floor: `cp -r evidence` to a scratch folder, then `zip -0 -r` of that copy;
5. `wenming build --allow-incomplete` (Word 汇编 with real TOC numbers and its PDF, 清单, package, zip);
6. floor: one LibreOffice `--convert-to pdf` of the 汇编 the build just made (fresh profile).

With `--drop-caches` (root) the page cache is dropped before steps 1 and 2, so both read from disk;
without it every step reads a warm cache (the tree is read once first). Prints a Markdown table and the
ratios the issue sets as goals; `--json FILE` also writes the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

GOALS = {"cold check / hash": 2.0, "warm check / hash": 0.3, "build / (copy+zip + LibreOffice)": 1.0}
MEMORY_GOAL_MB = 600


def _children() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            out.setdefault(ppid, []).append(int(entry))
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


class Run:
    """A command timed to the end of its whole process tree, with its peak memory sampled."""

    def __init__(
        self, cmd: list[str], cwd: Path | None = None, stdout: int | None = subprocess.DEVNULL
    ) -> None:
        self.cmd, self.cwd, self.stdout = cmd, cwd, stdout
        self.seconds = 0.0
        self.cpu = 0.0
        self.largest = 0
        self.total = 0
        self.largest_name = ""
        self.code = 0

    def __call__(self) -> Run:
        before = os.times()
        start = time.perf_counter()
        proc = subprocess.Popen(self.cmd, cwd=self.cwd, stdout=self.stdout, stderr=subprocess.PIPE)
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                children = _children()
                todo, total = [proc.pid], 0
                while todo:
                    pid = todo.pop()
                    todo += children.get(pid, [])
                    rss = _rss(pid)
                    total += rss
                    if rss > self.largest:
                        self.largest = rss
                        with contextlib.suppress(OSError):
                            self.largest_name = Path(f"/proc/{pid}/comm").read_text().strip()
                self.total = max(self.total, total)
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, err = proc.communicate()
        _reap()  # descendants that outlived it (re-parented here): the step ends when they do
        self.seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        after = os.times()
        self.cpu = (after.children_user - before.children_user) + (
            after.children_system - before.children_system
        )
        self.code = proc.returncode
        if self.code not in (0, 1):
            sys.stderr.write(err.decode(errors="replace")[-3000:])
            raise SystemExit(f"{' '.join(self.cmd[:3])}… exited {self.code}")
        return self


def _subreaper() -> None:
    """Orphaned descendants (the inspection fork server and its workers, LibreOffice under its watchdog) are
    re-parented to this process, so their CPU time is counted once they are reaped (see Run)."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def _reap() -> None:
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def _drop_caches() -> None:
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("3\n")


def _warm(tree: Path) -> None:
    for path in (tree / "evidence").rglob("*"):
        if path.is_file():
            with path.open("rb") as fh:
                while fh.read(1 << 20):
                    pass


def _wenming() -> list[str]:
    return [sys.executable, "-m", "wenming_submit"]


def _pages(pdf: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--drop-caches", action="store_true")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    tree = args.tree.resolve()
    _subreaper()
    files = [p for p in (tree / "evidence").rglob("*") if p.is_file()]
    photos = sum(1 for p in files if p.suffix.lower() in {".jpg", ".jpeg"})
    size = sum(p.stat().st_size for p in files)
    print(
        f"tree {tree}: {len(files)} files, {photos} photos, {size / 1e9:.2f} GB; load average {os.getloadavg()[0]:.2f}"
    )
    rows: dict[str, Run] = {}
    scratch = Path(tempfile.mkdtemp(prefix="wenming-floor-"))
    try:
        if args.drop_caches:
            _drop_caches()
        else:
            _warm(tree)
        listing = scratch / "files.txt"
        listing.write_bytes(b"\0".join(bytes(p) for p in files))
        rows["floor: sha256sum -P2"] = Run(
            ["sh", "-c", f"xargs -0 -P2 -n 64 sha256sum < '{listing}' > /dev/null"]
        )()
        shutil.rmtree(tree / "output" / ".cache", ignore_errors=True)
        if args.drop_caches:
            _drop_caches()
        rows["cold check"] = Run([*_wenming(), "check", "-C", str(tree), "--format", "json"])()
        rows["warm check"] = Run([*_wenming(), "check", "-C", str(tree), "--format", "json"])()
        if not args.skip_build:
            copy = scratch / "copy"
            rows["floor: cp -r + zip -0 -r"] = Run(
                [
                    "sh",
                    "-c",
                    f"cp -r '{tree / 'evidence'}' '{copy}' && zip -0 -r -q '{scratch / 'copy.zip'}' copy",
                ],
                cwd=scratch,
            )()
            shutil.rmtree(copy)
            (scratch / "copy.zip").unlink()
            rows["build --allow-incomplete"] = Run(
                [*_wenming(), "build", "-C", str(tree), "--allow-incomplete"]
            )()
            docx = next((tree / "output").glob("*/网报材料汇编.docx"))
            if not (docx.parent / "网报材料汇编.pdf").is_file():
                print("warning: the build made no 网报材料汇编.pdf (LibreOffice failed or ran out of time): its TOC "
                      "numbers and PDF are missing, so the build ratio below is not comparable")  # fmt: skip
            profile = scratch / "lo-profile"
            rows["floor: soffice --convert-to pdf"] = Run(
                [
                    "soffice",
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(scratch / "pdf"),
                    str(docx),
                ]
            )()
            pages = _pages(scratch / "pdf" / "网报材料汇编.pdf")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(
        "\n| step | wall s | CPU s (whole tree) | largest process MB | whole tree MB |\n|---|---|---|---|---|"
    )
    for name, run in rows.items():
        print(f"| {name} | {run.seconds:.1f} | {run.cpu:.1f} | {run.largest / 1e6:.0f} ({run.largest_name}) | "
              f"{run.total / 1e6:.0f} |")  # fmt: skip
    hash_s = rows["floor: sha256sum -P2"].seconds
    ratios = {
        "cold check / hash": rows["cold check"].seconds / hash_s,
        "warm check / hash": rows["warm check"].seconds / hash_s,
    }
    figures: dict[str, object] = {"files": len(files), "photos": photos, "bytes": size}
    cold = rows["cold check"].seconds
    figures["cold_check_per_file"] = cold / len(files)
    print(
        f"\ncold check {cold / len(files) * 1000:.1f} ms per file, {cold / max(photos, 1) * 1000:.1f} ms per photo"
    )
    if "build --allow-incomplete" in rows:
        floor = rows["floor: cp -r + zip -0 -r"].seconds + rows["floor: soffice --convert-to pdf"].seconds
        build = rows["build --allow-incomplete"]
        ratios["build / (copy+zip + LibreOffice)"] = build.seconds / floor
        figures.update(
            pages=pages, build_per_photo=build.seconds / photos, build_per_page=build.seconds / pages
        )
        largest = max(r.largest for name, r in rows.items() if not name.startswith("floor"))
        print(f"\n汇编 {pages} pages; build {build.seconds / photos * 1000:.0f} ms per photo, "
              f"{build.seconds / pages * 1000:.1f} ms per page; largest process of our steps {largest / 1e6:.0f} MB "
              f"(goal ≤ {MEMORY_GOAL_MB})")  # fmt: skip
    print("\n| ratio | measured | goal |\n|---|---|---|")
    for name, value in ratios.items():
        print(f"| {name} | {value:.2f} | ≤ {GOALS[name]} |")
    if args.json:
        figures.update(
            ratios=ratios,
            steps={
                k: {"wall": r.seconds, "cpu": r.cpu, "largest": r.largest, "total": r.total}
                for k, r in rows.items()
            },
        )
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
