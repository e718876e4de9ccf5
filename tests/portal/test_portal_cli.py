"""`wenming accounts` and `wenming serve` as users run them; a kill -9 in the middle of an upload."""

from __future__ import annotations

import hashlib
import http.client
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from portalkit import Client, free_port, make_project, multipart, noisy_photo, photo

from wenming_submit.cli import main
from wenming_submit.portal.store import db_path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    import samplefiles

    return make_project(tmp_path / "项目", samplefiles, image_max_mb=5)


def test_accounts_sheet_once_then_reset(project: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["accounts", "-C", str(project), "--address", "http://10.0.0.8:8800"])
    assert first.exit_code == 0, first.output
    assert "账号分发单" in first.stdout and "http://10.0.0.8:8800" in first.stdout
    rows = [line.split("\t") for line in first.stdout.splitlines() if line.count("\t") == 2][1:]
    assert {r[0] for r in rows} == {"创文办（协调员）", "区文明办", "区教育局", "城管局"}
    sheet = project / "output" / "账号分发单.docx"
    import docx

    cells = {c.text for t in docx.Document(str(sheet)).tables for row in t.rows for c in row.cells}
    assert {r[2] for r in rows} <= cells  # the passwords are on the printed sheet
    # Second run: nothing new, no passwords shown.
    again = runner.invoke(main, ["accounts", "-C", str(project)])
    assert again.exit_code == 0 and "密码不再显示" in again.stdout
    assert not any(r[2] in again.stdout for r in rows)
    # --reset: a new password; the old one no longer works (checked against the stored hash).
    old = next(r for r in rows if r[0] == "区教育局")
    reset = runner.invoke(main, ["accounts", "-C", str(project), "--reset", "区教育局", "--format", "json"])
    import json

    (entry,) = json.loads(reset.stdout)
    assert entry["unit"] == "区教育局" and entry["login"] == old[1] and entry["password"] != old[2]
    from wenming_submit.portal.auth import verify_password
    from wenming_submit.portal.store import Store

    store = Store(project)
    stored = store.account(old[1])
    store.close()
    assert stored is not None and verify_password(entry["password"], stored.password)
    assert not verify_password(old[2], stored.password)
    bad = runner.invoke(main, ["accounts", "-C", str(project), "--reset", "没有的单位"])
    assert bad.exit_code == 2 and "没有「没有的单位」的账号" in bad.output


def _start(project: Path, port: int, *extra: str) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-m", "wenming_submit", "serve", "-C", str(project), "--port",
                                str(port), *extra], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            if process.poll() is not None:
                raise AssertionError(process.stdout.read() if process.stdout else "server exited") from None
            time.sleep(0.1)
    process.kill()
    raise AssertionError("server did not start")


def test_serve_refuses_without_accounts_and_warns_on_the_lan(project: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "-C", str(project)])
    assert result.exit_code == 2 and "wenming accounts" in result.output
    CliRunner().invoke(main, ["accounts", "-C", str(project), "--format", "json"])
    port = free_port()
    process = _start(project, port, "--host", "0.0.0.0")
    try:
        assert Client(port).get("/healthz") == (200, {"ok": True})
        taken = CliRunner().invoke(main, ["serve", "-C", str(project), "--port", str(port)])
        assert taken.exit_code == 2 and "已被占用" in taken.output
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=20)
    assert f":{port}/" in output and "内网" in output and "不要映射到互联网" in output


def test_kill_9_mid_upload_leaves_no_partial_file_and_a_sound_database(project: Path) -> None:
    import json

    runner = CliRunner()
    accounts = json.loads(runner.invoke(main, ["accounts", "-C", str(project), "--format", "json"]).stdout)
    login, password = next((a["login"], a["password"]) for a in accounts if a["unit"] == "区文明办")
    port = free_port()
    process = _start(project, port)
    try:
        c = Client(port)
        assert c.login(login, password)[0] == 200
        accepted = photo(seed=801)
        status, body = c.upload("Ⅱ-3-2", "实景图片", [("2026年8月1日 社区 建军节.jpg", accepted)])
        assert status == 201
        kept = body["files"][0]["path"]
        before = {str(p.relative_to(project)) for p in (project / "evidence").rglob("*")}
        # Half of a 2.5 MB upload, then the server is killed.
        payload, ctype = multipart({"indicator": "Ⅱ-3-2", "material": "实景图片"},
                                   [("2026年8月2日 社区 半截.jpg", noisy_photo(802, (2000, 1500)))])  # fmt: skip
        sock = socket.create_connection(("127.0.0.1", port))
        head = (f"POST /api/upload HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {c.cookie}\r\n"
                f"X-CSRF-Token: {c.csrf}\r\nContent-Type: {ctype}\r\nContent-Length: {len(payload)}\r\n\r\n")  # fmt: skip
        sock.sendall(head.encode() + payload[: len(payload) // 2])
        staging = project / ".wenming" / "staging"
        deadline = time.monotonic() + 10
        while not any(p.stat().st_size > 0 for p in staging.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any(p.stat().st_size > 0 for p in staging.iterdir()), "the upload was not in flight"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
        sock.close()
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
    after = {str(p.relative_to(project)) for p in (project / "evidence").rglob("*")}
    assert after == before  # nothing partial under evidence/
    assert hashlib.sha256((project / kept).read_bytes()).hexdigest() == hashlib.sha256(accepted).hexdigest()
    db = sqlite3.connect(db_path(project))
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT COUNT(*) FROM uploads WHERE path = ?", (kept,)).fetchone()[0] == 1
    db.close()
    # A restart clears the staging folder and takes uploads again.
    process = _start(project, port)
    try:
        assert list((project / ".wenming" / "staging").iterdir()) == []
        c = Client(port)
        assert c.login(login, password)[0] == 200
        status, body = c.upload("Ⅱ-3-2", "实景图片", [("2026年8月3日 社区 重传.jpg", photo(seed=803))])
        assert status == 201
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=20)


def _self_signed(folder: Path) -> tuple[Path, Path]:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30)).sign(key, hashes.SHA256()))  # fmt: skip
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))  # fmt: skip
    return cert_path, key_path


def test_https_with_cert_and_key_sets_a_secure_cookie(project: Path, tmp_path: Path) -> None:
    import json
    import ssl

    pytest.importorskip("cryptography")
    accounts = json.loads(CliRunner().invoke(main, ["accounts", "-C", str(project), "--format", "json"]).stdout)
    login, password = next((a["login"], a["password"]) for a in accounts if a["unit"] == "城管局")
    cert, key = _self_signed(tmp_path)
    port = free_port()
    process = _start(project, port, "--cert", str(cert), "--key", str(key))
    try:
        context = ssl.create_default_context(cafile=str(cert))
        context.check_hostname = False
        conn = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=30)
        conn.request("POST", "/api/login", json.dumps({"login": login, "password": password}).encode(),
                     {"Content-Type": "application/json"})  # fmt: skip
        response = conn.getresponse()
        response.read()
        assert response.status == 200
        assert "secure" in (response.getheader("set-cookie") or "").lower()
        conn.close()
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=20)
    assert f"https://127.0.0.1:{port}/" in output
