"""The portal's HTTP side: Starlette routes, pages and the JSON API of DESIGN §8 (a contract).

Every route looks the session up first; a unit's session reaches only its own unit's items (other
units' paths answer 404 with the same words as a path that does not exist, so nothing leaks), and the
coordinator's routes answer 403 to units. Every POST needs the session's CSRF token in X-CSRF-Token,
JSON bodies must say application/json (a cross-site form cannot), and a cross-site Origin is refused.
Blocking work (scrypt, the check, file moves, SQLite) runs in worker threads.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import secrets
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wenming_submit.check.result import STATUS_LABELS, CheckResult
from wenming_submit.digest import sha256_file
from wenming_submit.evidence.model import EvidenceFile
from wenming_submit.findings.finding import Finding
from wenming_submit.portal.auth import (
    COOKIE,
    SESSION_SECONDS,
    RateLimiter,
    Signer,
    burn_time,
    csrf_ok,
    session_hash,  # fmt: skip
    verify_password,
)
from wenming_submit.portal.service import Checker, current_reviews, me_document, unit_counts, unit_items
from wenming_submit.portal.store import Account, Store
from wenming_submit.portal.uploads import Intake, UploadError, clear_staging, receive
from wenming_submit.project import Project

MAX_REQUEST_MB = 500
"""Default total per upload request (each file is further held to its kind's [limits])."""
MAX_JSON = 16 * 1024
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")  # fmt: skip
NOT_FOUND = "找不到该文件或材料项"
ACTIONS = {"login": "登录", "login-failed": "登录失败", "upload": "上传", "withdraw": "撤回", "caption": "填写照片说明",
           "review-accept": "审核合格", "review-return": "退回", "download": "下载文件", "download-notice": "下载通知",
           "download-output": "下载生成文件", "check": "重新检查", "build": "生成材料", "create-account": "创建账号",
           "reset-password": "重置密码"}  # fmt: skip
COORDINATOR_ONLY = "仅创文办（协调员）账号可以使用此功能"


class SecurityHeaders:
    """Strict CSP and friends on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = False

        async def with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                headers += [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                            (b"x-frame-options", b"DENY"), (b"referrer-policy", b"no-referrer"),
                            (b"cache-control", b"no-store"), (b"cross-origin-opener-policy", b"same-origin")]  # fmt: skip
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, with_headers)
        except Exception as exc:  # a bug: logged to a file, a Chinese line on the console, no traceback
            log = _log_crash(exc)
            sys.stderr.write(f"服务器内部错误（{type(exc).__name__}），详细信息已写入 {log}\n")
            if not started:
                await error(500, "服务器内部错误，请稍后重试或联系创文办")(scope, receive, with_headers)


def _log_crash(exc: BaseException) -> Path:
    import tempfile
    import traceback

    log = Path(tempfile.gettempdir()) / "wenming-portal-errors.log"
    with log.open("a", encoding="utf-8") as fh:
        fh.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n" + "".join(traceback.format_exception(exc)))
    return log


@dataclass
class Portal:
    project: Project
    store: Store
    checker: Checker
    intake: Intake
    limiter: RateLimiter
    signer: Signer
    templates: jinja2.Environment
    max_request: int


def error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


Handler = Callable[[Request, "Portal", Account, str], Awaitable[Response]]


def _session(request: Request, portal: Portal) -> tuple[Account, str] | None:
    session_id = portal.signer.session_id(request.cookies.get(COOKIE))
    if session_id is None:
        return None
    found = portal.store.session(session_hash(session_id))
    if found is None or found[2] < time.time():
        return None
    return found[0], found[1]


def _cross_site(request: Request) -> bool:
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin == "null"
    return urlsplit(origin).netloc != request.headers.get("host", "")


def api(*, write: bool, coordinator: bool = False, page: bool = False) -> Callable[[Handler], Callable[[Request], Awaitable[Response]]]:  # fmt: skip
    """Wrap a route: session required (pages redirect to /login), CSRF for writes, coordinator-only."""

    def wrap(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            portal: Portal = request.app.state.portal
            found = await run_in_threadpool(_session, request, portal)
            if found is None:
                if page:
                    return RedirectResponse("/login", status_code=303)
                return error(401, "请先登录")
            account, csrf = found
            if write and (_cross_site(request) or not csrf_ok(csrf, request.headers.get("x-csrf-token"))):
                return error(403, "请求缺少有效的安全令牌（CSRF），请刷新页面后重试")
            if coordinator and not account.coordinator:
                return error(403, COORDINATOR_ONLY)
            return await handler(request, portal, account, csrf)

        return endpoint

    return wrap


async def json_body(request: Request) -> dict[str, Any] | None:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_JSON:
            return None
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


# ---------------------------------------------------------------- login


async def healthz(request: Request) -> Response:
    return JSONResponse({"ok": True})


async def login_page(request: Request) -> Response:
    portal: Portal = request.app.state.portal
    html = portal.templates.get_template("login.html.j2").render(title=portal.project.config.project.title)
    return Response(html, media_type="text/html; charset=utf-8")


async def api_login(request: Request) -> Response:
    portal: Portal = request.app.state.portal
    if _cross_site(request):
        return error(403, "跨站请求被拒绝")
    data = await json_body(request)
    if data is None:
        return error(400, "请求格式不对：应为 JSON")
    login, password = _text(data, "login").strip()[:100], _text(data, "password")[:200]
    where = address(request)
    wait = portal.limiter.blocked(login, where)
    if wait is not None:
        return error(429, f"登录失败次数过多，请 {int(wait // 60) + 1} 分钟后再试",
                     retry_after=int(wait))
    account = await run_in_threadpool(portal.store.account, login)
    ok = False
    if account is None:
        await run_in_threadpool(burn_time, password)
    else:
        ok = await run_in_threadpool(verify_password, password, account.password)
    if not ok or account is None:
        portal.limiter.failed(login, where)
        await run_in_threadpool(portal.store.audit, None, None, "login-failed", None, login[:50], where)
        return error(401, "账号或密码不对")
    portal.limiter.succeeded(login)
    cookie, session_id = portal.signer.new_session()
    csrf = secrets.token_urlsafe(32)
    await run_in_threadpool(portal.store.add_session, session_hash(session_id), account.login, csrf,
                            time.time() + SESSION_SECONDS, where)  # fmt: skip
    response = JSONResponse({"csrf": csrf, "unit": account.unit, "role": account.role})
    response.set_cookie(COOKIE, cookie, max_age=SESSION_SECONDS, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")  # fmt: skip
    return response


@api(write=True)
async def api_logout(request: Request, portal: Portal, account: Account, csrf: str) -> Response:
    session_id = portal.signer.session_id(request.cookies.get(COOKIE))
    if session_id:
        await run_in_threadpool(portal.store.end_session, session_hash(session_id))
    response = JSONResponse({"ok": True})
    response.delete_cookie(COOKIE, path="/")
    return response


# ---------------------------------------------------------------- pages


def _finding_json(f: Finding) -> dict[str, Any]:
    return dict(f.model_dump(mode="json"))


def _page(portal: Portal, name: str, **values: Any) -> Response:
    html = portal.templates.get_template(name).render(project=portal.project.config.project, actions=ACTIONS,
                                                      **values)  # fmt: skip
    return Response(html, media_type="text/html; charset=utf-8")


@api(write=False, page=True)
async def home(request: Request, portal: Portal, account: Account, csrf: str) -> Response:
    if account.coordinator or account.unit is None:
        return RedirectResponse("/admin", status_code=303)
    unit = account.unit
    result = await run_in_threadpool(portal.checker.latest)
    reviews = await run_in_threadpool(portal.store.reviews)
    uploads = await run_in_threadpool(portal.store.uploads, unit)
    items, others = unit_items(portal.project, result, unit, reviews, uploads)
    view = result.narrowed(unit=unit)
    return _page(portal, "unit.html.j2", unit=unit, login=account.login, csrf=csrf, items=items, others=others,
                 summary=view.summary, labels=STATUS_LABELS)  # fmt: skip


@api(write=False, page=True)
async def admin(request: Request, portal: Portal, account: Account, csrf: str) -> Response:
    if not account.coordinator:
        return error(403, COORDINATOR_ONLY)
    result = await run_in_threadpool(portal.checker.latest)
    reviews = await run_in_threadpool(current_reviews, await run_in_threadpool(portal.store.reviews), result.files)
    uploads = await run_in_threadpool(portal.store.uploads)
    by_path: dict[str, list[Finding]] = {}
    for f in result.findings:
        if f.path:
            by_path.setdefault(f.path, []).append(f)
    counts = unit_counts(result)
    units: dict[str, list[EvidenceFile]] = {unit: [] for unit, _ in counts}
    for ev in result.files:
        if ev.role.value in ("evidence", "waiver"):
            units.setdefault(ev.unit or "（未识别单位）", []).append(ev)
    audit = await run_in_threadpool(portal.store.audit_log, 50)
    return _page(portal, "admin.html.j2", login=account.login, csrf=csrf, summary=result.summary, audit=audit,
                 counts=counts, units={u: files for u, files in units.items() if files}, findings=by_path, reviews=reviews, uploads=uploads,
                 outputs=_outputs(portal), labels=STATUS_LABELS)  # fmt: skip


# ---------------------------------------------------------------- JSON API


@api(write=False)
async def api_me(request: Request, portal: Portal, account: Account, csrf: str) -> Response:
    result = await run_in_threadpool(portal.checker.latest)
    return JSONResponse(me_document(result, account.unit))


def _file_of(result: CheckResult, account: Account, path: str) -> EvidenceFile | None:
    """The file at `path` (as check reports it) if this account may touch it."""
    for ev in result.files:
        if ev.rel == path and (account.coordinator or (ev.unit is not None and ev.unit == account.unit)):
            return ev
    return None


@api(write=True)
async def api_upload(request: Request, portal: Portal, account: Account, csrf: str) -> Response:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > portal.max_request:
        return error(413, f"一次上传的总量超过 {portal.max_request // 2**20} MB，请分几次上传")
    try:
        received = await receive(request.headers.get("content-type", ""), request.stream(),
                                 portal.project.config.root, max_total=portal.max_request,
                                 max_file=portal.intake.largest_limit())  # fmt: skip
    except UploadError as exc:
        return error(exc.status, exc.message)
    unit = account.unit if not account.coordinator else received.fields.get("unit", "").strip()
    catalog = portal.project.catalog
    indicator = catalog.indicator(received.fields.get("indicator", "")) if received.fields.get("indicator") else None
    unit_name = catalog.canonical_unit(unit or "") if unit else None
    material = None
    if indicator is not None and unit_name is not None and unit_name in indicator.units:
        material = next((m for m in indicator.materials if m.name == received.fields.get("material")), None)
    if indicator is None or material is None or unit_name is None:
        received.discard()
        return error(404, NOT_FOUND)
    if not received.files:
        return error(400, "没有收到文件")
    placed, rejected = await run_in_threadpool(portal.intake.place, unit_name, indicator, material, received)
    where = address(request)
    for p in placed:
        await run_in_threadpool(portal.store.record_upload, account, unit_name, indicator.code, material.name,
                                p.path, p.sha256, p.size, p.original, where)  # fmt: skip
    result = await run_in_threadpool(portal.checker.fresh) if placed else None
    files = [{"path": p.path, "sha256": p.sha256, "size": p.size, "name": p.original,
              "findings": [_finding_json(f) for f in (result.findings if result else ()) if f.path == p.path]}
             for p in placed]  # fmt: skip
    body = {"files": files, "rejected": [{"name": r.name, "reason": r.reason} for r in rejected]}
    if not placed:
        return JSONResponse({"error": "文件未被接收：" + "；".join(f"{r.name}：{r.reason}" for r in rejected), **body},
                            status_code=422)  # fmt: skip
    return JSONResponse(body, status_code=201)


@api(write=True)
async def api_withdraw(request: Request, portal: Portal, account: Account, csrf: str) -> Response:
    data = await json_body(request)
    if data is None:
        return error(400, "请求格式不对：应为 JSON")
    path = _text(data, "path")
    result = await run_in_threadpool(portal.checker.latest)
    ev = _file_of(result, account, path)
    if ev is None or not ev.path.is_file():
        return error(404, NOT_FOUND)
    try:
        moved = await run_in_threadpool(portal.intake.withdraw, ev.path, ev.rel)
    except OSError:
        return error(409, "撤回失败：文件可能正被占用，请稍后重试")
    await run_in_threadpool(portal.store.record_withdrawal, account, ev.unit or "", ev.rel, moved, address(request))
    await run_in_threadpool(portal.checker.fresh)
    return JSONResponse({"withdrawn": ev.rel, "moved_to": moved})


@api(write=True)
async def api_caption(request: Request, portal: Portal, account: Account, csrf: str) -> Response:
    data = await json_body(request)
    if data is None:
        return error(400, "请求格式不对：应为 JSON")
    result = await run_in_threadpool(portal.checker.latest)
    ev = _file_of(result, account, _text(data, "path"))
    if ev is None or ev.facts.kind != "image":
        return error(404, NOT_FOUND)
    try:
        target = await run_in_threadpool(portal.intake.append_caption, ev.path, _text(data, "caption"))
    except UploadError as exc:
        return error(exc.status, exc.message)
    await run_in_threadpool(portal.store.audit, account, ev.unit, "caption", ev.rel, _text(data, "caption")[:200],
                            address(request))  # fmt: skip
    fresh = await run_in_threadpool(portal.checker.fresh)
    now = next((f for f in fresh.files if f.rel == ev.rel), ev)
    return JSONResponse({"path": ev.rel, "caption": now.caption, "caption_file": target.name,
                         "findings": [_finding_json(f) for f in fresh.findings if f.path == ev.rel]})  # fmt: skip


@api(write=False)
async def download_file(request: Request, portal: Portal, account: Account, csrf: str) -> Response:
    result = await run_in_threadpool(portal.checker.latest)
    ev = _file_of(result, account, request.query_params.get("path", ""))
    if ev is None or not ev.path.is_file():
        return error(404, NOT_FOUND)
    await run_in_threadpool(portal.store.audit, account, ev.unit, "download", ev.rel, None, address(request))
    return FileResponse(ev.path, filename=ev.name)


@api(write=False)
async def download_notice(request: Request, portal: Portal, account: Account, csrf: str) -> Response:
    from wenming_submit.notify.notices import (
        context,
        docx_parts,
        environment,
        file_name,
        notice_document,
        plan_notices,  # fmt: skip
    )

    unit = account.unit if not account.coordinator else request.query_params.get("unit")
    if not unit:
        return error(404, NOT_FOUND)
    result = await run_in_threadpool(portal.checker.latest)
    plan = plan_notices(result, unit=unit)
    notice = next((n for n in plan.notices if n.unit == unit), None)
    if notice is None:
        return error(404, "本单位目前没有需要补报或整改的问题，无需通知")
    config = portal.project.config
    today = dt.date.today()

    def render() -> bytes:
        values = context(notice, config, deadline=today + dt.timedelta(days=7), today=today)
        buffer = io.BytesIO()
        notice_document(docx_parts(environment(config.root), values), notice.items).save(buffer)
        return buffer.getvalue()

    data = await run_in_threadpool(render)
    await run_in_threadpool(portal.store.audit, account, unit, "download-notice", None, None, address(request))
    from urllib.parse import quote

    return Response(data, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    headers={"content-disposition": f"attachment; filename*=UTF-8''{quote(file_name(unit))}"})


@api(write=True, coordinator=True)
async def api_review(request: Request, portal: Portal, account: Account, csrf: str) -> Response:
    data = await json_body(request)
    if data is None:
        return error(400, "请求格式不对：应为 JSON")
    decision = _text(data, "decision")
    if decision not in ("accept", "return"):
        return error(400, "decision 只能是 accept（合格）或 return（退回）")
    comment = " ".join(_text(data, "comment").split())[:500]
    if decision == "return" and not comment:
        return error(400, "退回时请写明审核意见")
    result = await run_in_threadpool(portal.checker.latest)
    ev = _file_of(result, account, _text(data, "path"))
    if ev is None:
        return error(404, NOT_FOUND)
    sha = await run_in_threadpool(sha256_file, ev.path)
    review = await run_in_threadpool(portal.store.add_review, account, ev.rel, ev.unit, decision, comment,
                                     address(request), sha)  # fmt: skip
    return JSONResponse({"path": ev.rel, "decision": review.decision, "comment": review.comment,
                         "returns": review.returns, "at": review.at})  # fmt: skip


@api(write=True, coordinator=True)
async def api_check(request: Request, portal: Portal, account: Account, csrf: str) -> Response:
    result = await run_in_threadpool(portal.checker.fresh)
    await run_in_threadpool(portal.store.audit, account, None, "check", None, None, address(request))
    return JSONResponse(result.to_json())


def _outputs(portal: Portal) -> list[str]:
    from wenming_submit.assemble.pipeline import output_folder

    folder = output_folder(portal.project, None)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


@api(write=True, coordinator=True)
async def api_build(request: Request, portal: Portal, account: Account, csrf: str) -> Response:
    from wenming_submit.assemble.options import BuildOptions
    from wenming_submit.assemble.pipeline import build_output
    from wenming_submit.errors import WenmingError

    result = await run_in_threadpool(portal.checker.fresh)
    try:
        await run_in_threadpool(build_output, portal.project, result, BuildOptions(allow_incomplete=True))
    except WenmingError as exc:
        return error(409, str(exc))
    await run_in_threadpool(portal.store.audit, account, None, "build", None, None, address(request))
    return JSONResponse({"outputs": _outputs(portal)})


@api(write=False, coordinator=True)
async def download_output(request: Request, portal: Portal, account: Account, csrf: str) -> Response:
    from wenming_submit.assemble.pipeline import output_folder

    name = request.query_params.get("name", "")
    if name not in _outputs(portal):
        return error(404, NOT_FOUND)
    await run_in_threadpool(portal.store.audit, account, None, "download-output", name, None, address(request))
    return FileResponse(output_folder(portal.project, None) / name, filename=name)


def _templates() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("wenming_submit", "templates/portal"),
                             autoescape=True, undefined=jinja2.StrictUndefined)  # fmt: skip
    env.filters["mb"] = _size
    env.filters["kinds"] = lambda kinds: "、".join(_kind_label(k) for k in kinds)
    return env


def _size(size: int | None) -> str:
    size = size or 0
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{max(1, round(size / 1024))} KB"


def _kind_label(kind: Any) -> str:
    from wenming_submit.evidence.formats import KIND_LABELS

    value = getattr(kind, "value", str(kind))
    return KIND_LABELS.get(value, value)


def create_app(project: Project, *, max_request_mb: int = MAX_REQUEST_MB, limiter: RateLimiter | None = None) -> ASGIApp:
    root = project.config.root
    clear_staging(root)
    store = Store(root)
    portal = Portal(project, store, Checker(project), Intake(project.config, project.catalog),
                    limiter or RateLimiter(), Signer(store.secret()), _templates(), max_request_mb * 2**20)  # fmt: skip
    routes = [
        Route("/healthz", healthz),
        Route("/login", login_page),
        Route("/", home),
        Route("/admin", admin),
        Route("/file", download_file),
        Route("/notice", download_notice),
        Route("/output", download_output),
        Route("/api/login", api_login, methods=["POST"]),
        Route("/api/logout", api_logout, methods=["POST"]),
        Route("/api/me", api_me),
        Route("/api/upload", api_upload, methods=["POST"]),
        Route("/api/withdraw", api_withdraw, methods=["POST"]),
        Route("/api/caption", api_caption, methods=["POST"]),
        Route("/api/review", api_review, methods=["POST"]),
        Route("/api/check", api_check, methods=["POST"]),
        Route("/api/build", api_build, methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("wenming_submit", "templates/portal/static")]), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={404: _not_found, 405: _not_allowed, 500: _crash})
    app.state.portal = portal
    return SecurityHeaders(app)


async def _not_found(request: Request, exc: Exception) -> Response:
    return error(404, "页面不存在")


async def _not_allowed(request: Request, exc: Exception) -> Response:
    return error(405, "不支持该请求方法")


async def _crash(request: Request, exc: Exception) -> Response:
    return error(500, "服务器内部错误，请稍后重试或联系创文办")


__all__ = ["Path", "Portal", "create_app"]
