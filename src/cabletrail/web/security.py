"""What every response carries and every request must pass, whatever the route.

- Security headers: a Content-Security-Policy with no inline script or style, nosniff, no
  framing, no referrer, and ``no-store`` (pages show source material; nothing is cached).
- Host check: only the names the server was started for (the loopback names in local mode),
  so a page on another site cannot reach the workspace by DNS rebinding.
- CSRF: every unsafe method needs the server's token (a form field or the ``X-CSRF-Token``
  header), and a cross-site ``Origin`` is refused outright.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Iterable
from typing import Any
from urllib.parse import urlencode, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

from cabletrail.store import Store
from cabletrail.web.accounts import LOGIN_COOKIE, Principal, Team, same_secret

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",  # no-referrer would make forms send Origin: null
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOOPBACK = ("127.0.0.1", "localhost", "::1")
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"


def host_name(host_header: str) -> str:
    """The name part of a Host header: ``[::1]:8000`` → ``::1``, ``a:80`` → ``a``."""
    if host_header.startswith("["):
        return host_header[1 : host_header.find("]")] if "]" in host_header else ""
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


class Guard:
    """Host check, sign-in (team mode), CSRF token, roles, audit and security headers of one
    running server. In local mode the CSRF token is the server's own; in team mode it is the
    session's (the login form's before there is one), and API-token requests need none."""

    def __init__(
        self,
        allowed_hosts: Iterable[str],
        team: Team | None = None,
        store: Callable[..., Any] | None = None,
    ) -> None:
        self.allowed_hosts = {h.casefold() for h in allowed_hosts}
        self.csrf_token = secrets.token_urlsafe(32)
        self.team = team
        self.store = store

    def host_ok(self, request: Request) -> bool:
        return host_name(request.headers.get("host", "")).casefold() in self.allowed_hosts

    def origin_ok(self, request: Request) -> bool:
        origin = request.headers.get("origin")
        if origin is None or origin == "null":
            return origin is None
        return host_name(urlsplit(origin).netloc).casefold() in self.allowed_hosts

    def expected_token(self, request: Request, principal: Principal | None) -> str | None:
        if self.team is None:
            return self.csrf_token
        if request.url.path == "/login":  # signing in (again): the form's own token
            return request.cookies.get(LOGIN_COOKIE)
        return principal.csrf if principal is not None else None

    async def csrf_ok(self, request: Request, expected: str | None) -> bool:
        sent = request.headers.get(CSRF_HEADER)
        if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            form = await request.form()
            request.state.form = form  # the body is read once; the route takes it from here
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
        return same_secret(sent, expected)

    async def __call__(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await self._answer(request, call_next)
        form = getattr(request.state, "form", None)
        if form is not None:  # read here or by the route (see form_of); its files are spooled
            await form.close()
        if self.team is not None and not request.url.path.startswith("/static/"):
            principal = getattr(request.state, "principal", None)
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            await run_in_threadpool(
                self._with_store,
                _audit,
                principal.name if principal else getattr(request.state, "login_name", None),
                getattr(request.state, "audit_action", None)
                or f"{request.method} {route_of(request)}",
                target,
                response.status_code,
            )
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def _with_store(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(store, *args)`` with a store lent by the app."""
        assert self.store is not None
        return self.store(fn, *args)

    async def _answer(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if not self.host_ok(request):
            return PlainTextResponse("unknown host; open the workspace by its address", 400)
        principal: Principal | None = None
        if self.team is not None:
            principal = await run_in_threadpool(self._with_store, self.team.principal, request)
            request.state.principal = principal
            path = request.url.path
            if principal is None and not (path in PUBLIC or path.startswith("/static/")):
                if path.startswith("/api/"):
                    return JSONResponse({"error": "sign in first (or send an API token)"}, 401)
                if request.method in SAFE_METHODS:
                    return RedirectResponse("/login?" + urlencode({"next": _local(request)}), 303)
                return PlainTextResponse("sign in first", 401)
        if request.method not in SAFE_METHODS:
            bearer = principal is not None and principal.via == "token"
            if not (
                self.origin_ok(request)
                and (bearer or await self.csrf_ok(request, self.expected_token(request, principal)))
            ):
                return PlainTextResponse(
                    "refused: the request did not come from a workspace page (CSRF check)", 403
                )
        if principal is not None and not allowed(principal, request):
            message = f"your role ({principal.role}) may not do this"
            if request.url.path.startswith("/api/"):
                return JSONResponse({"error": message}, 403)
            return PlainTextResponse(message, 403)
        return await call_next(request)


# Team mode: what a signed-out visitor may reach, and what needs more than reading.
PUBLIC = frozenset({"/login", "/api/openapi.json"})
ANY_SIGNED_IN = frozenset({"/logout"})


def allowed(principal: Principal, request: Request) -> bool:
    path = request.url.path
    if path.startswith(("/admin", "/api/admin")):
        return principal.is_admin
    if request.method in SAFE_METHODS or path in ANY_SIGNED_IN:
        return True
    return principal.can_write


def route_of(request: Request) -> str:
    """The route's path template (``/documents/{doc_id}``), else the path."""
    route = request.scope.get("route")
    return str(getattr(route, "path", request.url.path))


def _local(request: Request) -> str:
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


async def form_of(request: Request) -> FormData:
    """The request's form, read once: by the CSRF check or here; closed by :class:`Guard`."""
    form: FormData | None = getattr(request.state, "form", None)
    if form is None:
        form = request.state.form = await request.form()
    return form


def _audit(store: Store, user: str | None, action: str, target: str, status: int) -> None:
    store.add_audit(user, action, target, status)
