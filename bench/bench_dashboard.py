"""Dashboard at scale: 200 indicators × 40 units, with 30 history snapshots.

Measures render time and file size in Python, then the time Chromium (headless, via chromedriver) takes
until the page's script has built the problem list (`document.documentElement.dataset.ready`).

    /tmp/venv/bin/python bench/bench_dashboard.py [--units 40] [--indicators 200] [--keep out.html]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import wenming_submit.findings.codes_core  # noqa: F401  (registers the WM1xx codes)
from wenming_submit.check.result import CheckResult, Requirement, Status
from wenming_submit.findings.finding import Finding, make_finding
from wenming_submit.history.store import read_snapshots, write_snapshot
from wenming_submit.render.dashboard import render_dashboard, write_dashboard

MATERIALS = ("活动方案", "实景图片", "说明报告")


def synthetic_result(units: int, indicators: int, *, seed: int = 1, done: float = 0.6) -> CheckResult:
    """Every unit responsible for every indicator (the worst case), `done` of the requirements complete."""
    rnd = random.Random(seed)
    names = [f"区第{u + 1}局" for u in range(units)]
    reqs: list[Requirement] = []
    findings: list[Finding] = []
    for i in range(indicators):
        code = f"Ⅱ-{i // 10 + 1}-{i % 10 + 1}"
        for unit in names:
            for material in MATERIALS:
                roll = rnd.random()
                status = (Status.complete if roll < done else Status.waived if roll < done + 0.03
                          else Status.partial if roll < done + 0.15 else Status.missing)  # fmt: skip
                found = 0 if status is Status.missing else 2 if status is Status.partial else 5
                reqs.append(Requirement(indicator=code, unit=unit, material=material, status=status,
                                        required=5, found=found))  # fmt: skip
                folder = f"evidence/{unit}/{code} 指标名称"
                if status is Status.missing:
                    findings.append(make_finding("WM101", indicator=code, unit=unit, material=material,
                                                 required=5, folder=folder))  # fmt: skip
                elif status is Status.partial:
                    findings.append(make_finding("WM102", indicator=code, unit=unit, material=material,
                                                 found=2, required=5, short=3))  # fmt: skip
                if rnd.random() < 0.05:
                    findings.append(make_finding("WM140", path=f"{folder}/{material}/照片{rnd.randint(1, 99):02d}.jpg",
                                                 indicator=code, unit=unit, material=material, size_mb=8.2,
                                                 kind_label="图片", limit_mb=5))  # fmt: skip
    return CheckResult(title="某某区2026年度创建全国文明城市网上申报材料", period=("2026-01-01", "2026-12-31"),
                       requirements=tuple(reqs), findings=tuple(findings))  # fmt: skip


def history(db: Path, units: int, indicators: int, snapshots: int) -> None:
    start = dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC)
    for n in range(snapshots):
        done = 0.2 + 0.4 * n / max(snapshots - 1, 1)
        write_snapshot(
            db, synthetic_result(units, indicators, seed=n, done=done), now=start + dt.timedelta(days=2 * n)
        )


def chromium_load_seconds(page: Path, runs: int = 3) -> list[float]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    times = []
    for _ in range(runs):
        profile = tempfile.mkdtemp(prefix="wm-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     f"--user-data-dir={profile}", "--window-size=1366,900"):  # fmt: skip
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            driver.get("about:blank")
            t0 = time.perf_counter()
            driver.get(page.as_uri())
            WebDriverWait(driver, 30).until(
                lambda d: d.execute_script("return document.documentElement.dataset.ready")
            )
            times.append(time.perf_counter() - t0)
            nav = driver.execute_script(
                "const n = performance.getEntriesByType('navigation')[0]; return [n.domContentLoadedEventEnd, n.loadEventEnd]"
            )
            print(
                f"  chromium: ready {times[-1]:.2f} s (DOMContentLoaded {nav[0]:.0f} ms, load {nav[1]:.0f} ms)"
            )
        finally:
            driver.quit()
            shutil.rmtree(profile, ignore_errors=True)
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--indicators", type=int, default=200)
    parser.add_argument("--snapshots", type=int, default=30)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "history.sqlite"
        t0 = time.perf_counter()
        history(db, args.units, args.indicators, args.snapshots)
        print(f"history: {args.snapshots} snapshots written in {time.perf_counter() - t0:.1f} s, "
              f"{db.stat().st_size / 1e6:.1f} MB")  # fmt: skip
        t0 = time.perf_counter()
        snaps = read_snapshots(db, per_unit=True)
        print(f"history: read back in {time.perf_counter() - t0:.2f} s")
        result = synthetic_result(args.units, args.indicators, seed=99, done=0.6)
        print(f"result: {len(result.requirements)} requirements, {len(result.findings)} findings")
        t0 = time.perf_counter()
        html = render_dashboard(result, snaps)
        render_s = time.perf_counter() - t0
        page = write_dashboard(html, args.keep or Path(tmp) / "进度看板.html")
        size = page.stat().st_size
        print(f"render: {render_s:.2f} s, file {size / 1e6:.2f} MB")
        times = chromium_load_seconds(page)
        print(f"chromium: median {statistics.median(times):.2f} s over {len(times)} cold starts of the page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
