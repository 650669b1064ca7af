"""What every response carries and every request must pass, whatever the route.

- Security headers: a Content-Security-Policy with no inline script or style, nosniff, no
  framing, no referrer, and ``no-store`` (pages show source material; nothing is cached).
- Host check: only the names the server was started for (the loopback names in local mode),
  so a page on another site cannot reach the workspace by DNS rebinding.
- CSRF: every unsafe method needs the server's token (a form field or the ``X-CSRF-Token``
  header), and a cross-site ``Origin`` is refused outright.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, Iterable
from urllib.parse import urlsplit

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

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
    """Host check, CSRF token and security headers of one running server."""

    def __init__(self, allowed_hosts: Iterable[str]) -> None:
        self.allowed_hosts = {h.casefold() for h in allowed_hosts}
        self.csrf_token = secrets.token_urlsafe(32)

    def host_ok(self, request: Request) -> bool:
        return host_name(request.headers.get("host", "")).casefold() in self.allowed_hosts

    def origin_ok(self, request: Request) -> bool:
        origin = request.headers.get("origin")
        if origin is None or origin == "null":
            return origin is None
        return host_name(urlsplit(origin).netloc).casefold() in self.allowed_hosts

    async def csrf_ok(self, request: Request) -> bool:
        sent = request.headers.get(CSRF_HEADER)
        if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            form = await request.form()
            request.state.form = form  # the body is read once; the route takes it from here
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
        return sent is not None and hmac.compare_digest(sent, self.csrf_token)

    async def __call__(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response: Response
        if not self.host_ok(request):
            response = PlainTextResponse("unknown host; open the workspace by its address", 400)
        elif request.method not in SAFE_METHODS and not (
            self.origin_ok(request) and await self.csrf_ok(request)
        ):
            response = PlainTextResponse(
                "refused: the request did not come from a workspace page (CSRF check)", 403
            )
        else:
            response = await call_next(request)
        form = getattr(request.state, "form", None)
        if form is not None:  # read here or by the route (see form_of); its files are spooled
            await form.close()
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response


async def form_of(request: Request) -> FormData:
    """The request's form, read once: by the CSRF check or here; closed by :class:`Guard`."""
    form: FormData | None = getattr(request.state, "form", None)
    if form is None:
        form = request.state.form = await request.form()
    return form
