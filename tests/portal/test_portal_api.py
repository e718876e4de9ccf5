"""The portal's JSON API (DESIGN §8, a contract) and its file rules, against the real server."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import sqlite3
import zipfile

import pytest
from portalkit import HOSTILE_TITLE, Server, evidence_files, noisy_photo, photo

from wenming_submit.check.run import run_check
from wenming_submit.portal.store import db_path
from wenming_submit.project import open_project

PHOTOS = "evidence/区文明办/Ⅱ-3-2 我们的节日/实景图片"


def test_healthz(server: Server) -> None:
    assert server.client().get("/healthz") == (200, {"ok": True})


def test_login_cookie_and_wrong_password(server: Server) -> None:
    c = server.client()
    login, password = server.passwords["区教育局"]
    assert c.login(login, password + "x")[0] == 401
    assert c.login("没有这个人", password)[0] == 401
    status, body = c.login(login, password)
    assert status == 200 and set(body) >= {"csrf"} and body["unit"] == "区教育局"
    flags = c.set_cookie.lower()
    assert "httponly" in flags and "samesite=strict" in flags and "max-age=" in flags
    # Passwords are never stored in clear.
    data = db_path(server.root).read_bytes() + db_path(server.root).with_suffix(".sqlite3-wal").read_bytes()
    assert password.encode() not in data


def test_me_is_the_units_part_of_check_json(server: Server) -> None:
    status, me = server.client("区教育局").get("/api/me")
    assert status == 200 and me["unit"] == "区教育局"
    project = open_project(server.root)
    expected = run_check(project).narrowed(unit="区教育局").to_json()
    assert me["requirements"] == expected["requirements"]
    assert {f["code"] for f in me["findings"]} == {f["code"] for f in expected["findings"]}
    assert me["requirements"] and all(r["unit"] == "区教育局" for r in me["requirements"])
    assert all(f["unit"] == "区教育局" for f in me["findings"])


def test_upload_lands_with_its_sha256_and_findings(server: Server) -> None:
    c = server.client("区文明办")
    data = photo(seed=11, taken=dt.datetime(2026, 3, 1, 10))
    status, body = c.upload("Ⅱ-3-2", "实景图片", [("IMG_0001.jpg", data)])
    assert status == 201, body
    (f,) = body["files"]
    assert f["path"] == f"{PHOTOS}/IMG_0001.jpg"
    assert f["sha256"] == hashlib.sha256(data).hexdigest()
    assert (server.root / f["path"]).read_bytes() == data
    assert "WM240" in {x["code"] for x in f["findings"]}  # camera name, no caption: the check's own finding
    # The same name again: a suffix, the first file untouched.
    data2 = photo(seed=12, taken=dt.datetime(2026, 3, 2, 10))
    status, body = c.upload("Ⅱ-3-2", "实景图片", [("IMG_0001.jpg", data2)])
    assert status == 201 and body["files"][0]["path"] == f"{PHOTOS}/IMG_0001 (2).jpg"
    assert (server.root / PHOTOS / "IMG_0001.jpg").read_bytes() == data
    # The audit log has both uploads.
    db = sqlite3.connect(db_path(server.root))
    rows = db.execute("SELECT action, path FROM audit WHERE action='upload'").fetchall()
    db.close()
    assert {p for _, p in rows} >= {f"{PHOTOS}/IMG_0001.jpg", f"{PHOTOS}/IMG_0001 (2).jpg"}


HOSTILE_NAMES = [
    ("../../../../逃出.jpg", "逃出.jpg"),
    ("..\\..\\windows.jpg", "windows.jpg"),
    ("/etc/passwd.jpg", "passwd.jpg"),
    ("CON.jpg", "CON_.jpg"),
    ("a\x01b\u202ec.jpg", "abc.jpg"),
    (".hidden.jpg", "hidden.jpg"),
    ('<img src=x onerror="1">.jpg', "《img src=x onerror=“1”》.jpg"),
]


def test_traversal_and_hostile_names_stay_in_the_slot(server: Server) -> None:
    before = {p for p in server.root.rglob("*")}
    files = [(sent, photo(seed=n + 100)) for n, (sent, _) in enumerate(HOSTILE_NAMES)]
    status, body = server.client("区文明办").upload("Ⅱ-3-2", "实景图片", files)
    assert status == 201, body
    assert len(body["files"]) == len(HOSTILE_NAMES)
    for (_, kept), placed in zip(HOSTILE_NAMES, body["files"], strict=True):
        path = placed["path"]
        assert path.startswith(PHOTOS + "/") and path.count("/") == PHOTOS.count("/") + 1
        assert path.rsplit("/", 1)[1] == kept
    new = {p for p in server.root.rglob("*")} - before
    outside = [p for p in new if p.is_file() and not p.is_relative_to(server.root / PHOTOS)
               and not p.is_relative_to(server.root / ".wenming") and not p.is_relative_to(server.root / "output")]  # fmt: skip
    assert outside == []


def test_wrong_type_and_empty_files_are_refused(server: Server) -> None:
    before = evidence_files(server.root)
    status, body = server.client("区文明办").upload("Ⅱ-3-2", "实景图片", [("照片.jpg", "这是文字，不是照片。".encode()),
                                                                     ("空.jpg", b"")])  # fmt: skip
    assert status == 422 and body["files"] == []
    reasons = {r["name"]: r["reason"] for r in body["rejected"]}
    assert "纯文本" in reasons["照片.jpg"] and "图片" in reasons["照片.jpg"]
    assert "空" in reasons["空.jpg"]
    assert evidence_files(server.root) == before


def test_oversize_file_and_request(server: Server) -> None:
    c = server.client("区文明办")
    before = evidence_files(server.root)
    big = noisy_photo(3)  # well over the project's image_max_mb = 1
    assert len(big) > 2**20
    status, body = c.upload("Ⅱ-3-2", "实景图片", [("大照片.jpg", big)])
    assert status == 422 and "超过" in body["rejected"][0]["reason"]
    # The whole request over the server's limit (8 MB here): 413 before anything is staged.
    status, body = c.upload("Ⅱ-3-2", "实景图片", [(f"{n}.jpg", big) for n in range(7)])
    assert status == 413 and "MB" in body["error"]
    # Without a Content-Length (chunked), the bytes are counted as they come.
    from portalkit import multipart

    payload, ctype = multipart({"indicator": "Ⅱ-3-2", "material": "实景图片"}, [(f"{n}.jpg", big) for n in range(7)])
    chunks = (payload[i:i + 65536] for i in range(0, len(payload), 65536))
    status, body, _ = c.request("POST", "/api/upload", chunks, {"Content-Type": ctype})  # type: ignore[arg-type]
    assert status == 413
    assert evidence_files(server.root) == before
    assert list((server.root / ".wenming" / "staging").iterdir()) == []


def test_zip_upload_places_each_member(server: Server) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("照片/2026年4月1日 社区 清明活动.jpg", photo(seed=21))
        zf.writestr("照片/2026年4月2日 社区 清明诗会.jpg", photo(seed=22))
        zf.writestr("照片/Thumbs.db", b"x" * 10)
    status, body = server.client("区教育局").upload("Ⅱ-3-2", "实景图片", [("照片.zip", buffer.getvalue())])
    assert status == 201, body
    names = sorted(f["path"].rsplit("/", 1)[1] for f in body["files"])
    assert names == ["2026年4月1日 社区 清明活动.jpg", "2026年4月2日 社区 清明诗会.jpg"]
    assert all(f["path"].startswith("evidence/区教育局/") for f in body["files"])


def test_zip_slip_is_refused(server: Server) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("../../逃出.jpg", photo(seed=23))
    before = evidence_files(server.root)
    status, body = server.client("区教育局").upload("Ⅱ-3-2", "实景图片", [("坏.zip", buffer.getvalue())])
    assert status == 422 and "WM204" in body["rejected"][0]["reason"]
    assert evidence_files(server.root) == before


def test_caption_is_appended_and_counts(server: Server) -> None:
    c = server.client("区文明办")
    status, body = c.upload("Ⅱ-3-2", "实景图片", [("IMG_0100.jpg", photo(seed=31))])
    path = body["files"][0]["path"]
    assert "WM240" in {x["code"] for x in body["files"][0]["findings"]}
    status, body = c.post("/api/caption", {"path": path, "caption": "2026年3月5日 在滨河社区广场 开展学雷锋志愿服务"})
    assert status == 200, body
    assert body["caption"] == "2026年3月5日 在滨河社区广场 开展学雷锋志愿服务"
    assert not {"WM240", "WM241", "WM242"} & {x["code"] for x in body["findings"]}
    text = (server.root / PHOTOS / "图片说明.txt").read_text(encoding="utf-8")
    assert "IMG_0100.jpg\t2026年3月5日 在滨河社区广场 开展学雷锋志愿服务" in text
    # A later caption wins; the earlier line stays (append-only).
    status, body = c.post("/api/caption", {"path": path, "caption": "2026年3月6日 滨河社区 学雷锋活动\r\n注入的第二行.jpg x"})
    assert status == 200 and body["caption"] == "2026年3月6日 滨河社区 学雷锋活动 注入的第二行.jpg x"
    text = (server.root / PHOTOS / "图片说明.txt").read_text(encoding="utf-8")
    assert "2026年3月5日" in text and text.count("IMG_0100.jpg") == 2


def test_a_photo_whose_name_has_spaces_gets_its_caption(server: Server) -> None:
    """Windows names a second copy `IMG_0101 (2).jpg`: the caption line holds the space and still counts."""
    c = server.client("区文明办")
    status, body = c.upload("Ⅱ-3-2", "实景图片", [("IMG_0101 (2).jpg", photo(seed=33))])
    assert status == 201, body
    path = body["files"][0]["path"]
    assert path.endswith("/IMG_0101 (2).jpg") and "WM240" in {x["code"] for x in body["files"][0]["findings"]}
    status, body = c.post("/api/caption", {"path": path, "caption": "2026年3月7日 滨河社区 学雷锋志愿服务"})
    assert status == 200, body
    assert not {"WM240", "WM241", "WM242"} & {x["code"] for x in body["findings"]}
    raw = (server.root / PHOTOS / "图片说明.txt").read_bytes()
    assert raw.endswith("IMG_0101 (2).jpg\t2026年3月7日 滨河社区 学雷锋志愿服务\r\n".encode())  # no padding


def test_caption_keeps_a_notepad_gb18030_file_in_its_encoding(server: Server) -> None:
    c = server.client("城管局")
    status, body = c.upload("Ⅱ-3-2", "实景图片", [("DSC_0001.jpg", photo(seed=41))])
    assert status == 201
    folder = (server.root / body["files"][0]["path"]).parent
    (folder / "图片说明.txt").write_bytes("其他.jpg 2026年1月1日 城管局 元旦活动\r\n".encode("gb18030"))
    status, body = c.post("/api/caption", {"path": body["files"][0]["path"], "caption": "2026年2月1日 城管局广场 春节巡查"})
    assert status == 200
    raw = (folder / "图片说明.txt").read_bytes()
    assert raw.decode("gb18030").count("\r\n") >= 2 and "DSC_0001.jpg\t2026年2月1日" in raw.decode("gb18030")


def test_withdraw_moves_out_of_evidence(server: Server) -> None:
    c = server.client("区文明办")
    data = photo(seed=51)
    status, body = c.upload("Ⅱ-3-2", "实景图片", [("2026年5月1日 社区 劳动节.jpg", data)])
    path = body["files"][0]["path"]
    status, body = c.post("/api/withdraw", {"path": path})
    assert status == 200, body
    assert not (server.root / path).exists()
    moved = server.root / body["moved_to"]
    assert moved.read_bytes() == data and body["moved_to"].startswith("已撤回/")
    status, me = c.get("/api/me")
    assert all(path not in r["files"] for r in me["requirements"])
    assert c.post("/api/withdraw", {"path": path})[0] == 404


def test_review_return_count_and_the_unit_sees_the_comment(server: Server) -> None:
    unit = server.client("区教育局")
    status, body = unit.upload("Ⅱ-3-2", "活动方案", [("方案终稿.pdf", b"%PDF-1.4\n%%EOF\n")])
    assert status == 201, body
    path = body["files"][0]["path"]
    admin = server.client("admin")
    status, body = admin.post("/api/review", {"path": path, "decision": "return", "comment": "缺少<b>盖章</b>，请重新扫描"})
    assert status == 200 and body["returns"] == 1
    status, body = admin.post("/api/review", {"path": path, "decision": "return", "comment": "仍未盖章"})
    assert body["returns"] == 2
    assert admin.post("/api/review", {"path": path, "decision": "return", "comment": ""})[0] == 400
    assert admin.post("/api/review", {"path": path, "decision": "maybe", "comment": "x"})[0] == 400
    status, page = unit.get("/")
    html = page.decode()
    assert "仍未盖章" in html and "第 2 次" in html
    status, body = admin.post("/api/review", {"path": path, "decision": "accept", "comment": ""})
    assert body["decision"] == "accept" and body["returns"] == 2
    # Reviews and the audit log are append-only.
    db = sqlite3.connect(db_path(server.root), isolation_level=None)
    try:
        for table in ("audit", "reviews"):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                db.execute(f"UPDATE {table} SET path = 'x'")
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                db.execute(f"DELETE FROM {table}")
    finally:
        db.close()


def test_coordinator_sees_the_dashboard_numbers(server: Server) -> None:
    admin = server.client("admin")
    status, doc = admin.post("/api/check", {})
    assert status == 200
    expected = run_check(open_project(server.root)).to_json()
    assert doc["summary"] == expected["summary"]
    status, page = admin.get("/admin")
    html = page.decode()
    assert f"<b>{expected['summary']['requirements']}</b>项材料要求" in html
    for unit in ("区文明办", "区教育局", "城管局"):
        assert unit in html
    assert admin.get("/api/me")[1]["unit"] is None


def test_hostile_strings_are_escaped_and_csp_is_strict(server: Server) -> None:
    c = server.client("区文明办")
    status, body = c.upload("Ⅱ-3-2", "实景图片", [("IMG_0200.jpg", photo(seed=61))])
    assert status == 201
    status, _ = c.post("/api/caption", {"path": body["files"][0]["path"],
                                        "caption": "2026年3月1日 <img src=x onerror=alert(1)> 社区 活动"})  # fmt: skip
    assert status == 200
    status, page, response = c.request("GET", "/")
    assert status == 200
    html = page.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>粗体</b>" not in html
    assert "&lt;script&gt;alert" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert HOSTILE_TITLE not in html
    csp = response.getheader("content-security-policy") or ""
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
    assert "<script>" not in html.replace('<script src="/static/portal.js"></script>', "").replace(
        '<script src="/static/unit.js"></script>', "")
    assert response.getheader("x-frame-options") == "DENY"
    # The coordinator's page shows the same strings (unit files, captions, the audit log), escaped too.
    status, page = server.client("admin").get("/admin")
    html = page.decode()
    assert status == 200 and "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "《img src=x onerror=“1”》.jpg" in html  # a hostile upload name, made safe at the door


def test_static_assets_ship_in_the_package(server: Server) -> None:
    c = server.client()
    for name in ("portal.css", "portal.js", "unit.js", "admin.js", "login.js"):
        status, data, _response = c.request("GET", f"/static/{name}")
        assert status == 200 and len(data) > 100
    status, page, _ = c.request("GET", "/login")
    assert status == 200 and "http://" not in page.decode() and "https://" not in page.decode()


def test_accounts_json_contract(server: Server) -> None:
    assert set(server.passwords) == {"admin", "区文明办", "区教育局", "城管局"}
    assert all(len(p) >= 12 for _, p in server.passwords.values())
    _ = json  # the contract is exercised by portalkit.create_accounts (wenming accounts --format json)


def test_a_returned_file_sent_again_under_its_name_is_awaiting_review(server: Server) -> None:
    unit, admin = server.client("城管局"), server.client("admin")
    status, body = unit.upload("Ⅱ-3-2", "活动方案", [("城管局方案.pdf", b"%PDF-1.4\n% first\n%%EOF\n")])
    path = body["files"][0]["path"]
    assert admin.post("/api/review", {"path": path, "decision": "return", "comment": "请盖章"})[0] == 200
    assert "已退回" in unit.get("/")[1].decode()
    assert unit.post("/api/withdraw", {"path": path})[0] == 200
    status, body = unit.upload("Ⅱ-3-2", "活动方案", [("城管局方案.pdf", b"%PDF-1.4\n% sealed\n%%EOF\n")])
    assert status == 201 and body["files"][0]["path"] == path  # the name is free again
    html = unit.get("/")[1].decode()
    assert "此前的版本被退回 1 次" in html and "待审核" in html and "已退回：" not in html
