"""What every portal route shares: the Portal state, the `api` guard (session, CSRF token, same-site
Origin, coordinator-only), JSON and page helpers, and the security headers on every response.

Every route looks the session up first; a unit's session reaches only its own unit's items (`file_of`:
other units' paths answer 404 with the same words as a path that does not exist, so nothing leaks), and
the coordinator's routes answer 403 to units. Every POST needs the session's CSRF token in X-CSRF-Token,
JSON bodies must say application/json (a cross-site form cannot), and a cross-site Origin is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wenming_submit.check.result import CheckResult
from wenming_submit.evidence.model import EvidenceFile
from wenming_submit.findings.finding import Finding
from wenming_submit.portal.auth import COOKIE, RateLimiter, Signer, csrf_ok, session_hash
from wenming_submit.portal.service import Checker
from wenming_submit.portal.store import Account, Store
from wenming_submit.portal.uploads import Intake
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


def cross_site(request: Request) -> bool:
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
            if write and (cross_site(request) or not csrf_ok(csrf, request.headers.get("x-csrf-token"))):
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


def text_field(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def finding_json(f: Finding) -> dict[str, Any]:
    return dict(f.model_dump(mode="json"))


def page(portal: Portal, name: str, **values: Any) -> Response:
    html = portal.templates.get_template(name).render(project=portal.project.config.project, actions=ACTIONS,
                                                      **values)  # fmt: skip
    return Response(html, media_type="text/html; charset=utf-8")


def file_of(result: CheckResult, account: Account, path: str) -> EvidenceFile | None:
    """The file at `path` (as check reports it) if this account may touch it."""
    for ev in result.files:
        if ev.rel == path and (account.coordinator or (ev.unit is not None and ev.unit == account.unit)):
            return ev
    return None
