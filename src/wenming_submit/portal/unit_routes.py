"""The routes a unit uses (coordinators may use them too, on any unit): login and logout, the unit's
page, its items as JSON (DESIGN §8), uploading, withdrawing, captioning and downloading its files, and
its 整改通知. Blocking work (scrypt, the check, file moves, SQLite) runs in worker threads.
"""

from __future__ import annotations

import datetime as dt
import io
import secrets
import time

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response

from wenming_submit.check.result import STATUS_LABELS
from wenming_submit.portal.auth import COOKIE, SESSION_SECONDS, burn_time, session_hash, verify_password
from wenming_submit.portal.receiving import UploadError, receive
from wenming_submit.portal.service import me_document, unit_items
from wenming_submit.portal.store import Account
from wenming_submit.portal.web import (
    NOT_FOUND,
    Portal,
    address,
    api,
    cross_site,
    error,
    file_of,
    finding_json,
    json_body,
    page,
    text_field,
)


async def healthz(request: Request) -> Response:
    return JSONResponse({"ok": True})


async def login_page(request: Request) -> Response:
    portal: Portal = request.app.state.portal
    html = portal.templates.get_template("login.html.j2").render(title=portal.project.config.project.title)
    return Response(html, media_type="text/html; charset=utf-8")


async def api_login(request: Request) -> Response:
    portal: Portal = request.app.state.portal
    if cross_site(request):
        return error(403, "跨站请求被拒绝")
    data = await json_body(request)
    if data is None:
        return error(400, "请求格式不对：应为 JSON")
    login, password = text_field(data, "login").strip()[:100], text_field(data, "password")[:200]
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
    return page(portal, "unit.html.j2", unit=unit, login=account.login, csrf=csrf, items=items, others=others,
                 summary=view.summary, labels=STATUS_LABELS)  # fmt: skip



@api(write=False)
async def api_me(request: Request, portal: Portal, account: Account, csrf: str) -> Response:
    result = await run_in_threadpool(portal.checker.latest)
    return JSONResponse(me_document(result, account.unit))


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
              "findings": [finding_json(f) for f in (result.findings if result else ()) if f.path == p.path]}
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
    path = text_field(data, "path")
    result = await run_in_threadpool(portal.checker.latest)
    ev = file_of(result, account, path)
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
    ev = file_of(result, account, text_field(data, "path"))
    if ev is None or ev.facts.kind != "image":
        return error(404, NOT_FOUND)
    try:
        target = await run_in_threadpool(portal.intake.append_caption, ev.path, text_field(data, "caption"))
    except UploadError as exc:
        return error(exc.status, exc.message)
    await run_in_threadpool(portal.store.audit, account, ev.unit, "caption", ev.rel, text_field(data, "caption")[:200],
                            address(request))  # fmt: skip
    fresh = await run_in_threadpool(portal.checker.fresh)
    now = next((f for f in fresh.files if f.rel == ev.rel), ev)
    return JSONResponse({"path": ev.rel, "caption": now.caption, "caption_file": target.name,
                         "findings": [finding_json(f) for f in fresh.findings if f.path == ev.rel]})  # fmt: skip


@api(write=False)
async def download_file(request: Request, portal: Portal, account: Account, csrf: str) -> Response:
    result = await run_in_threadpool(portal.checker.latest)
    ev = file_of(result, account, request.query_params.get("path", ""))
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
