"""The portal's HTTP side: the Starlette app serving the pages and the JSON API of DESIGN §8 (a contract).

The routes live by audience in unit_routes.py and coordinator_routes.py; what they share (the session
and CSRF guard, security headers, helpers) in web.py.
"""

from __future__ import annotations

from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from wenming_submit.portal.auth import RateLimiter, Signer
from wenming_submit.portal.coordinator_routes import admin, api_build, api_check, api_review, download_output
from wenming_submit.portal.receiving import clear_staging
from wenming_submit.portal.service import Checker
from wenming_submit.portal.store import Store
from wenming_submit.portal.unit_routes import (
    api_caption,
    api_login,
    api_logout,
    api_me,
    api_upload,
    api_withdraw,
    download_file,
    download_notice,
    healthz,
    home,
    login_page,
)
from wenming_submit.portal.uploads import Intake
from wenming_submit.portal.web import MAX_REQUEST_MB, Portal, SecurityHeaders, error
from wenming_submit.project import Project


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
    from wenming_submit.evidence.formats import MATERIAL_KIND_LABELS

    value = getattr(kind, "value", str(kind))
    return MATERIAL_KIND_LABELS.get(value, value)


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


__all__ = ["create_app"]
