"""Portal under load over loopback: N units × M uploads of 1–3 MB photos, C at a time.

Starts the real server (`python -m wenming_submit serve`) on a free loopback port in a fresh project
with N units, logs every unit in, and sends every photo as its own upload request from a pool of C
client threads. Checks that every file landed under evidence/ with the sha256 that was sent and that
nothing was lost or duplicated (the files under evidence/ are exactly the ones sent, one each; the
database has one upload row each). Reports p50/p95/max upload latency (request sent → 201 with the
check's findings), throughput, the server's peak memory (VmHWM of the server process) and the peak
memory of the server with its inspection workers.

    .venv/bin/python bench/bench_portal.py [--units 40] [--uploads 25] [--concurrency 8] [--keep DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import io
import json
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CATALOG = """
- code: "Ⅱ-3-2"
  title: 开展“我们的节日”主题活动
  units: [{units}]
  materials:
    - name: 实景图片
      kinds: [image]
      min: 5
"""


def make_project(root: Path, units: int) -> list[str]:
    names = [f"第{n:02d}单位" for n in range(1, units + 1)]
    (root / "indicators").mkdir(parents=True)
    (root / "evidence").mkdir()
    (root / "indicators" / "目录.yaml").write_text(CATALOG.format(units=", ".join(names)), encoding="utf-8")
    (root / "wenming.toml").write_text('[project]\ntitle = "压力测试"\n[period]\nstart = 2026-01-01\n'
                                       "end = 2026-12-31\n[limits]\nimage_max_mb = 5\n", encoding="utf-8")  # fmt: skip
    return names


def photos(count: int, seed: int = 1, scale: float = 1.0) -> list[bytes]:
    """Distinct noisy JPEGs of 1–3 MB (random noise over a gradient, a few random blocks each); `scale`
    shrinks the sides (the test suite's small run)."""
    import numpy as np
    from PIL import Image, ImageDraw

    rng = np.random.default_rng(seed)
    bases = []
    for size in ((1700, 1275), (2000, 1500), (2300, 1725), (2600, 1950)):
        w, h = int(size[0] * scale), int(size[1] * scale)
        ramp = np.linspace(0, 180, w, dtype=np.float32)[None, :, None] + np.zeros((h, 1, 3), np.float32)
        bases.append(Image.fromarray(np.clip(ramp + rng.normal(0, 38, (h, w, 3)), 0, 255).astype(np.uint8)))
    pick = random.Random(seed)
    out = []
    for n in range(count):
        img = bases[n % len(bases)].copy()
        draw = ImageDraw.Draw(img)
        for _ in range(6):
            x, y = pick.randrange(img.width - 300), pick.randrange(img.height - 300)
            draw.rectangle((x, y, x + pick.randrange(60, 260), y + pick.randrange(60, 260)),
                           fill=tuple(pick.randrange(256) for _ in range(3)))  # fmt: skip
        buffer = io.BytesIO()
        img.save(buffer, "JPEG", quality=88)
        out.append(buffer.getvalue())
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _descendants(pid: int) -> list[int]:
    """The process and everything below it (children are listed per thread: the check's fork server is
    started from a worker thread)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in children:
            found += _descendants(int(child))
    return found


def _tree_rss(pid: int) -> int:
    """RSS (KB) of the server and its children (the fork server and the inspection workers)."""
    total = 0
    for p in set(_descendants(pid)):
        try:
            total += _status(p, "VmRSS")
        except OSError:
            continue
    return total


def _status(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    sent: dict[str, list[str]] = field(default_factory=dict)
    """unit -> sha256 of every photo sent"""
    landed: dict[str, str] = field(default_factory=dict)
    """path -> sha256 as the server reported it"""
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    peak_server_kb: int = 0
    peak_tree_kb: int = 0
    checks: int = 0


def _request(port: int, method: str, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.request(method, path, body, headers)
    response = conn.getresponse()
    data = response.read()
    cookie = response.getheader("set-cookie")
    conn.close()
    return response.status, (json.loads(data) if data else None, cookie)


def _multipart(unit_fields: dict[str, str], name: str, data: bytes) -> tuple[bytes, str]:
    b = uuid.uuid4().hex
    parts = [f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in
             unit_fields.items()]  # fmt: skip
    parts.append(f'--{b}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                 "Content-Type: image/jpeg\r\n\r\n".encode() + data + b"\r\n")  # fmt: skip
    parts.append(f"--{b}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={b}"


def run(root: Path, *, units: int, uploads: int, concurrency: int, say: Any = print, scale: float = 1.0) -> Outcome:
    names = make_project(root, units)
    env = dict(os.environ)
    accounts = json.loads(subprocess.run([sys.executable, "-m", "wenming_submit", "accounts", "-C", str(root),
                                          "--format", "json"], check=True, capture_output=True, text=True,
                                         env=env).stdout)  # fmt: skip
    logins = {a["unit"]: (a["login"], a["password"]) for a in accounts if a["unit"]}
    say(f"生成 {units * uploads} 张照片…")
    started = time.perf_counter()
    pictures = photos(units * uploads, scale=scale)
    sizes = [len(p) for p in pictures]
    say(f"  {time.perf_counter() - started:.0f} s，大小 {min(sizes) / 2**20:.1f}–{max(sizes) / 2**20:.1f} MB，"
        f"共 {sum(sizes) / 2**30:.2f} GB")  # fmt: skip
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "wenming_submit", "serve", "-C", str(root), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)  # fmt: skip
    outcome = Outcome()
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if _request(port, "GET", "/healthz", b"", {})[0] == 200:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        sessions = {}
        for unit in names:
            login, password = logins[unit]
            status, (body, cookie) = _request(port, "POST", "/api/login",
                                              json.dumps({"login": login, "password": password}).encode(),
                                              {"Content-Type": "application/json"})  # fmt: skip
            assert status == 200, body
            sessions[unit] = (cookie.split(";")[0], body["csrf"])
        jobs = [(unit, f"{unit}_{n:02d}_2026年3月{n % 28 + 1}日 社区 活动.jpg", pictures[i * uploads + n])
                for i, unit in enumerate(names) for n in range(uploads)]  # fmt: skip
        random.Random(2).shuffle(jobs)
        outcome.sent = {u: [] for u in names}
        for unit, _, data in jobs:
            outcome.sent[unit].append(hashlib.sha256(data).hexdigest())
        lock = threading.Lock()
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(0.2):
                rss = _tree_rss(server.pid)
                with lock:
                    outcome.peak_tree_kb = max(outcome.peak_tree_kb, rss)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()

        def one(job: tuple[str, str, bytes]) -> None:
            unit, name, data = job
            cookie, csrf = sessions[unit]
            body, ctype = _multipart({"indicator": "Ⅱ-3-2", "material": "实景图片"}, name, data)
            t0 = time.perf_counter()
            status, (reply, _) = _request(port, "POST", "/api/upload", body,
                                          {"Cookie": cookie, "X-CSRF-Token": csrf, "Content-Type": ctype})  # fmt: skip
            elapsed = time.perf_counter() - t0
            with lock:
                if status != 201 or len(reply["files"]) != 1:
                    outcome.errors.append(f"{name}: {status} {reply}")
                    return
                outcome.latencies.append(elapsed)
                placed = reply["files"][0]
                if placed["path"] in outcome.landed:
                    outcome.errors.append(f"{name}: path given twice {placed['path']}")
                outcome.landed[placed["path"]] = placed["sha256"]
                if placed["sha256"] != hashlib.sha256(data).hexdigest():
                    outcome.errors.append(f"{name}: server sha256 differs")
                done = len(outcome.latencies)
            if done % 100 == 0:
                say(f"  已上传 {done}/{len(jobs)}")

        started = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(one, jobs))
        outcome.seconds = time.perf_counter() - started
        stop.set()
        sampler.join()
        outcome.peak_server_kb = _status(server.pid, "VmHWM")
    finally:
        server.terminate()
        server.wait(30)
    # What is on disk: every file sent, once, with the bytes that were sent.
    on_disk: dict[str, list[str]] = {u: [] for u in names}
    for path in (root / "evidence").rglob("*.jpg"):
        unit = path.relative_to(root / "evidence").parts[0]
        on_disk.setdefault(unit, []).append(hashlib.sha256(path.read_bytes()).hexdigest())
    for unit in names:
        if sorted(on_disk[unit]) != sorted(outcome.sent[unit]):
            outcome.errors.append(f"{unit}: files under evidence/ differ from those sent")
    for rel, sha in outcome.landed.items():
        if hashlib.sha256((root / rel).read_bytes()).hexdigest() != sha:
            outcome.errors.append(f"{rel}: content differs")
    db = sqlite3.connect(root / ".wenming" / "portal.sqlite3")
    rows = db.execute("SELECT COUNT(*), COUNT(DISTINCT path) FROM uploads").fetchone()
    integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    db.close()
    if rows != (len(outcome.landed), len(outcome.landed)) or integrity != "ok":
        outcome.errors.append(f"database: {rows} rows for {len(outcome.landed)} uploads, integrity {integrity}")
    return outcome


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--uploads", type=int, default=25)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--keep", type=Path, help="keep the project here")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-portal-")) / "项目"
    try:
        out = run(root, units=args.units, uploads=args.uploads, concurrency=args.concurrency)
    finally:
        if args.keep is None:
            shutil.rmtree(root.parent, ignore_errors=True)
    n = len(out.latencies)
    print(f"{args.units} 单位 × {args.uploads} 张，{args.concurrency} 路并发：{n} 个上传成功，用时 {out.seconds:.0f} s"
          f"（{n / out.seconds:.1f} 个/秒）")  # fmt: skip
    if n:
        print(f"上传延迟（发出请求到收到含检查结果的 201）：p50 {statistics.median(out.latencies):.2f} s，"
              f"p95 {percentile(out.latencies, 0.95):.2f} s，最长 {max(out.latencies):.2f} s")  # fmt: skip
    print(f"服务器进程内存峰值（VmHWM）{out.peak_server_kb / 1024:.0f} MB；连同检查子进程的 RSS 峰值 "
          f"{out.peak_tree_kb / 1024:.0f} MB")  # fmt: skip
    if out.errors:
        print(f"问题 {len(out.errors)} 个：", *out.errors[:20], sep="\n  ")
        sys.exit(1)
    print("每个文件都以发送时的 sha256 落在 evidence/ 中，没有丢失或重复；数据库完整。")


if __name__ == "__main__":
    main()
