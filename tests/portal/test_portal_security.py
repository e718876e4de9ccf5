"""Security rules of the portal: sessions on every route, units kept apart, CSRF, login rate limits."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest
from portalkit import Client, Server, make_project, photo, start

from wenming_submit.portal.auth import RateLimiter

# Every route: (method, path, JSON body or None for multipart upload / GET)
ROUTES = [
    ("GET", "/", None), ("GET", "/admin", None), ("GET", "/api/me", None), ("GET", "/file?path=x", None),
    ("GET", "/notice", None), ("GET", "/output?name=x", None), ("POST", "/api/logout", {}),
    ("POST", "/api/upload", None), ("POST", "/api/withdraw", {"path": "x"}), ("POST", "/api/caption", {"path": "x"}),
    ("POST", "/api/review", {"path": "x", "decision": "accept"}), ("POST", "/api/check", {}),
    ("POST", "/api/build", {}),
]  # fmt: skip
PAGES = {"/", "/admin"}


def _call(c: Client, method: str, path: str, body: dict[str, str] | None) -> tuple[int, object]:
    if method == "GET":
        return c.get(path)
    if path == "/api/upload":
        return c.upload("Ⅱ-3-2", "实景图片", [("2026年3月1日 社区 活动.jpg", photo(seed=7))])
    return c.post(path, body or {})


def test_every_route_needs_a_session(server: Server) -> None:
    c = server.client()
    before = sorted(p for p in (server.root / "evidence").rglob("*"))
    for method, path, body in ROUTES:
        status, data = _call(c, method, path, body)
        if path.split("?")[0] in PAGES:
            assert status == 303, path  # pages send the browser to /login
        else:
            assert status == 401, (path, status, data)
    assert sorted(p for p in (server.root / "evidence").rglob("*")) == before


def test_a_forged_or_expired_cookie_is_no_session(server: Server) -> None:
    c = server.client("区教育局")
    session_id = (c.cookie or "").split("=", 1)[1].rpartition(".")[0]
    c.cookie = f"wenming_session={session_id}.{'0' * 64}"
    assert c.get("/api/me")[0] == 401
    c.cookie = "wenming_session=garbage"
    assert c.get("/api/me")[0] == 401


def test_units_see_and_touch_only_their_own_items(server: Server) -> None:
    owner = server.client("区文明办")
    status, body = owner.upload("Ⅱ-3-2", "实景图片", [("IMG_0300.jpg", photo(seed=301))])
    assert status == 201
    theirs = body["files"][0]["path"]
    other = server.client("区教育局")
    q = quote(theirs)
    checks = [
        other.get(f"/file?path={q}"),
        other.post("/api/withdraw", {"path": theirs}),
        other.post("/api/caption", {"path": theirs, "caption": "2026年1月1日 别的单位 活动"}),
    ]
    for status, data in checks:
        assert status == 404
        assert "区文明办" not in json.dumps(data, ensure_ascii=False)
    # An item the unit is not responsible for (Ⅲ-1-4 belongs to 区文明办 only): same answer as a made-up one.
    status, data = other.upload("Ⅲ-1-4", "工作台账", [("台账.xlsx", b"PK\x03\x04")])
    assert status == 404 and "区文明办" not in json.dumps(data, ensure_ascii=False)
    assert other.upload("Ⅸ-9-9", "工作台账", [("台账.xlsx", b"x")]) == (status, data)
    # A `unit` field does not let a unit upload for another unit.
    status, body = other.upload("Ⅱ-3-2", "实景图片", [("2026年6月1日 学校 端午.jpg", photo(seed=302))],
                                extra={"unit": "区文明办"})  # fmt: skip
    assert status == 201 and body["files"][0]["path"].startswith("evidence/区教育局/")
    # Coordinator-only routes.
    for method, path, payload in [("GET", "/admin", None), ("GET", "/output?name=x", None),
                                  ("POST", "/api/review", {"path": theirs, "decision": "return", "comment": "x"}),
                                  ("POST", "/api/check", {}), ("POST", "/api/build", {})]:  # fmt: skip
        status, data = _call(other, method, path, payload)
        assert status == 403, path
    # Reading: the page, /api/me and the notice carry no other unit's names or paths.
    status, page = other.get("/")
    assert status == 200 and "区文明办" not in page.decode() and "IMG_0300" not in page.decode()
    status, me = other.get("/api/me")
    assert "区文明办" not in json.dumps(me, ensure_ascii=False)
    status, notice = other.get("/notice?unit=" + quote("区文明办"))  # the unit parameter is the coordinator's
    assert status == 200
    import io

    import docx

    document = docx.Document(io.BytesIO(notice))
    text = "\n".join(p.text for p in document.paragraphs) + "".join(
        c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "区文明办" not in text and "区教育局" in text
    # The owner still has the file, untouched.
    assert (server.root / theirs).is_file()
    assert owner.get(f"/file?path={q}")[0] == 200


def test_csrf_is_needed_for_every_change(server: Server) -> None:
    c = server.client("区文明办")
    status, body = c.upload("Ⅱ-3-2", "实景图片", [("IMG_0400.jpg", photo(seed=401))])
    path = body["files"][0]["path"]
    another = server.client("区文明办")  # a second session of the same unit: its token is not this one's
    for token in (None, "", "wrong", another.csrf):
        headers = {} if token is None else {"X-CSRF-Token": token}
        for url, payload in [("/api/withdraw", {"path": path}), ("/api/caption", {"path": path, "caption": "x"}),
                             ("/api/logout", {})]:  # fmt: skip
            status, _data, _ = c.request("POST", url, json.dumps(payload).encode(),
                                        {"Content-Type": "application/json", **headers}, csrf=False)  # fmt: skip
            assert status == 403, (url, token)
        from portalkit import multipart

        data_, ctype = multipart({"indicator": "Ⅱ-3-2", "material": "实景图片"}, [("IMG_0401.jpg", photo(seed=402))])
        status, _, _ = c.request("POST", "/api/upload", data_, {"Content-Type": ctype, **headers}, csrf=False)
        assert status == 403
    admin = server.client("admin")
    status, _, _ = admin.request("POST", "/api/review", json.dumps({"path": path, "decision": "accept"}).encode(),
                                 {"Content-Type": "application/json"}, csrf=False)  # fmt: skip
    assert status == 403
    # The right token from another site (Origin) is refused too; a JSON body sent as a form is refused.
    status, _, _ = c.request("POST", "/api/withdraw", json.dumps({"path": path}).encode(),
                             {"Content-Type": "application/json", "Origin": "http://evil.example"})  # fmt: skip
    assert status == 403
    status, _, _ = c.request("POST", "/api/withdraw", json.dumps({"path": path}).encode(), {"Content-Type": "text/plain"})
    assert status == 400
    assert (server.root / path).is_file()


def test_login_rate_limit_per_account_and_per_address(tmp_path: Path) -> None:
    import samplefiles

    root = make_project(tmp_path / "项目", samplefiles)
    thread, srv = start(root, limiter=RateLimiter(per_login=3, per_address=6, window=60))
    with thread:
        c = srv.client()
        login, password = srv.passwords["区文明办"]
        for _ in range(3):
            assert c.login(login, "wrong")[0] == 401
        status, body = c.login(login, password)  # blocked even with the right password
        assert status == 429 and "分钟" in body["error"]
        # Other accounts from the same address still work until the address limit is reached.
        other_login, other_password = srv.passwords["区教育局"]
        assert c.login(other_login, other_password)[0] == 200
        for n in range(3):
            assert c.login(f"guess{n}", "x")[0] == 401
        assert c.login(other_login, other_password)[0] == 429


@pytest.mark.parametrize("route", ["/api/withdraw", "/api/caption"])
def test_traversal_paths_are_not_files(server: Server, route: str) -> None:
    c = server.client("区文明办")
    for path in ("../wenming.toml", "evidence/../wenming.toml", "/etc/passwd", "evidence/区文明办/../区教育局"):
        status, _data = c.post(route, {"path": path, "caption": "x"})
        assert status == 404
    assert c.get("/file?path=../wenming.toml")[0] == 404
    assert (server.root / "wenming.toml").is_file()
