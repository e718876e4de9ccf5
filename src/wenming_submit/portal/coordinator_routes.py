"""The coordinator's routes (403 to units): the 创文办 overview page, reviewing a file (合格/退回),
re-running the check, building the outputs and downloading them.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from wenming_submit.check.result import STATUS_LABELS
from wenming_submit.digest import sha256_file
from wenming_submit.evidence.model import EvidenceFile
from wenming_submit.findings.finding import Finding
from wenming_submit.portal.service import current_reviews, unit_counts
from wenming_submit.portal.store import Account
from wenming_submit.portal.web import (
    COORDINATOR_ONLY,
    NOT_FOUND,
    Portal,
    address,
    api,
    error,
    file_of,
    json_body,
    page,
    text_field,
)


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
    return page(portal, "admin.html.j2", login=account.login, csrf=csrf, summary=result.summary, audit=audit,
                 counts=counts, units={u: files for u, files in units.items() if files}, findings=by_path, reviews=reviews, uploads=uploads,
                 outputs=output_names(portal), labels=STATUS_LABELS)  # fmt: skip


@api(write=True, coordinator=True)
async def api_review(request: Request, portal: Portal, account: Account, csrf: str) -> Response:
    data = await json_body(request)
    if data is None:
        return error(400, "请求格式不对：应为 JSON")
    decision = text_field(data, "decision")
    if decision not in ("accept", "return"):
        return error(400, "decision 只能是 accept（合格）或 return（退回）")
    comment = " ".join(text_field(data, "comment").split())[:500]
    if decision == "return" and not comment:
        return error(400, "退回时请写明审核意见")
    result = await run_in_threadpool(portal.checker.latest)
    ev = file_of(result, account, text_field(data, "path"))
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


def output_names(portal: Portal) -> list[str]:
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
    return JSONResponse({"outputs": output_names(portal)})


@api(write=False, coordinator=True)
async def download_output(request: Request, portal: Portal, account: Account, csrf: str) -> Response:
    from wenming_submit.assemble.pipeline import output_folder

    name = request.query_params.get("name", "")
    if name not in output_names(portal):
        return error(404, NOT_FOUND)
    await run_in_threadpool(portal.store.audit, account, None, "download-output", name, None, address(request))
    return FileResponse(output_folder(portal.project, None) / name, filename=name)
