"""Portal test kit: a small real project, the real portal (uvicorn on a free loopback port), an HTTP client."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

HOSTILE_TITLE = '开展<script>alert("t")</script>“我们的节日”&活动'
CATALOG = """
- code: "Ⅱ-3-2"
  title: 'HOSTILE'
  standard: '<b>粗体</b> & "引号" 的测评标准'
  units: [区文明办, 区教育局, 城管局]
  materials:
    - name: 活动方案
      kinds: [document, pdf]
    - name: 实景图片
      kinds: [image]
      min: 2
      caption: [时间, 地点, 主题]
- code: "Ⅲ-1-4"
  title: 志愿服务
  units: [区文明办]
  materials:
    - name: 工作台账
      kinds: [spreadsheet]
""".replace("HOSTILE", HOSTILE_TITLE)
UNITS = ("区文明办", "区教育局", "城管局")


def make_project(root: Path, files: ModuleType, *, image_max_mb: float = 1) -> Path:
    (root / "indicators").mkdir(parents=True)
    (root / "indicators" / "目录.yaml").write_text(CATALOG, encoding="utf-8")
    (root / "wenming.toml").write_text(
        '[project]\ntitle = "某区2026年度创文网上申报材料"\norganization = "某区创文办"\n'
        f"[period]\nstart = 2026-01-01\nend = 2026-12-31\n[limits]\nimage_max_mb = {image_max_mb}\n"
        "image_min_width = 300\nimage_min_height = 200\n",
        encoding="utf-8",
    )
    ev = root / "evidence"
    files.docx(ev / "区文明办/Ⅱ-3-2 我们的节日/活动方案/方案.docx", ["活动方案。"])
    files.jpeg(ev / "区文明办/Ⅱ-3-2 我们的节日/实景图片/2026年2月10日 社区 春节活动.jpg", size=(400, 300), seed=1,
               taken=dt.datetime(2026, 2, 10, 9))  # fmt: skip
    files.docx(ev / "区教育局/Ⅱ-3-2 我们的节日/活动方案/教育局方案.docx", ["教育局方案。"])
    (ev / "城管局").mkdir(parents=True)
    return root


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    port: int
    root: Path
    passwords: dict[str, tuple[str, str]] = field(default_factory=dict)
    """unit (or "admin") -> (login, password)"""

    def client(self, who: str | None = None) -> Client:
        c = Client(self.port)
        if who is not None:
            login, password = self.passwords[who]
            status, body = c.login(login, password)
            assert status == 200, body
        return c


class ThreadServer:
    """uvicorn serving an app in a thread (the real server, without a process start per test module)."""

    def __init__(self, app: Any, port: int) -> None:
        import uvicorn

        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                                    lifespan="off"))  # fmt: skip
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> ThreadServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def create_accounts(root: Path) -> dict[str, tuple[str, str]]:
    from click.testing import CliRunner

    from wenming_submit.cli import main

    result = CliRunner().invoke(main, ["accounts", "-C", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    return {(a["unit"] or "admin"): (a["login"], a["password"]) for a in json.loads(result.stdout)}


def start(root: Path, **options: Any) -> tuple[ThreadServer, Server]:
    from wenming_submit.portal.app import create_app
    from wenming_submit.project import open_project

    passwords = create_accounts(root)
    port = free_port()
    app = create_app(open_project(root), **options)
    return ThreadServer(app, port), Server(port, root, passwords)


def start_process(root: Path, *args: str) -> tuple[Any, Server]:
    """`python -m wenming_submit serve` in a subprocess: the inspection workers it forks then import the
    light `wenming` entry point, not pytest (as a real coordinator's server does)."""
    import subprocess
    import sys

    passwords = create_accounts(root)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "wenming_submit", "serve", "-C", str(root), "--port", str(port),
                                *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(process.stdout.read() if process.stdout else "server did not start") from None
            time.sleep(0.05)
    return process, Server(port, root, passwords)


class Client:
    """http.client with a cookie jar of one cookie and the CSRF token from /api/login."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie: str | None = None
        self.csrf: str | None = None
        self.set_cookie = ""

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
                *, csrf: bool = True) -> tuple[int, Any, http.client.HTTPResponse]:  # fmt: skip
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = dict(headers or {})
        if self.cookie:
            sent["Cookie"] = self.cookie
        if csrf and self.csrf and method == "POST":
            sent.setdefault("X-CSRF-Token", self.csrf)
        conn.request(method, path, body, sent)
        response = conn.getresponse()
        raw = response.read()
        conn.close()
        ctype = response.getheader("content-type") or ""
        data: Any = json.loads(raw) if "json" in ctype and raw else raw
        return response.status, data, response

    def login(self, login: str, password: str) -> tuple[int, Any]:
        status, data, response = self.request("POST", "/api/login", json.dumps({"login": login, "password": password})
                                              .encode(), {"Content-Type": "application/json"})  # fmt: skip
        if status == 200:
            self.set_cookie = response.getheader("set-cookie") or ""
            self.cookie = self.set_cookie.split(";")[0]
            self.csrf = data["csrf"]
        return status, data

    def get(self, path: str) -> tuple[int, Any]:
        status, data, _ = self.request("GET", path)
        return status, data

    def post(self, path: str, payload: dict[str, Any], **kw: Any) -> tuple[int, Any]:
        status, data, _ = self.request("POST", path, json.dumps(payload).encode(),
                                       {"Content-Type": "application/json"}, **kw)  # fmt: skip
        return status, data

    def upload(self, indicator: str, material: str, files: list[tuple[str, bytes]], *,
               extra: dict[str, str] | None = None, **kw: Any) -> tuple[int, Any]:  # fmt: skip
        body, ctype = multipart({"indicator": indicator, "material": material, **(extra or {})}, files)
        status, data, _ = self.request("POST", "/api/upload", body, {"Content-Type": ctype}, **kw)
        return status, data


def multipart(fields: dict[str, str], files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in
             fields.items()]  # fmt: skip
    for name, data in files:
        quoted = name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{quoted}"\r\n'
                     "Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")  # fmt: skip
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def photo(seed: int = 0, size: tuple[int, int] = (640, 480), taken: dt.datetime | None = None) -> bytes:
    import io

    import samplefiles

    path_bytes = io.BytesIO()
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        p = samplefiles.jpeg(Path(tmp) / "p.jpg", size=size, seed=seed, taken=taken)
        path_bytes.write(p.read_bytes())
    return path_bytes.getvalue()


def evidence_files(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_size for p in (root / "evidence").rglob("*") if p.is_file()}


def noisy_photo(seed: int, size: tuple[int, int] = (1600, 1200), quality: int = 92) -> bytes:
    """A JPEG that does not compress well (random noise over a gradient): 1–3 MB at phone sizes."""
    import io

    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    w, h = size
    base = np.linspace(0, 200, w, dtype=np.float32)[None, :, None] + np.zeros((h, 1, 3), np.float32)
    pixels = np.clip(base + rng.normal(0, 40, (h, w, 3)), 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels, "RGB").save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()
