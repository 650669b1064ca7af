"""The workspace's routes. Every page is server-rendered HTML with a JSON twin under ``/api``
(described by ``/api/openapi.json``); reading works without JavaScript."""

from __future__ import annotations

import secrets
import threading
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel
from starlette.datastructures import UploadFile as StarletteUpload

from cabletrail.errors import AccessError, CabletrailError, DocumentNotFound, QueryError, StoreError
from cabletrail.model.review import FIELDS, check_review
from cabletrail.present import brief as briefs
from cabletrail.query.brief import brief_data
from cabletrail.settings import Settings
from cabletrail.store import Store, open_store
from cabletrail.web import pages
from cabletrail.web.accounts import LOGIN_COOKIE, SESSION_COOKIE, Principal, Team
from cabletrail.web.drawing import histogram, layout
from cabletrail.web.jobs import Job, Jobs
from cabletrail.web.security import CSRF_FIELD, LOOPBACK, Guard, form_of

STATIC = Path(__file__).parent / "static"
BRIEF_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


class ReviewBody(BaseModel):
    """A review of an event: ``action`` accept | reject | correct; a correction sets any of
    type, date (YYYY[-MM[-DD]]), agent, recipient (entity ids of the document)."""

    action: str
    type: str | None = None
    date: str | None = None
    agent: str | None = None
    recipient: str | None = None


class SavedSearchBody(BaseModel):
    """A name and the query string of the search page (``q=…&topic=…``)."""

    name: str
    query: str


class Stores:
    """Open stores lent to one request at a time and kept for the next (at most ``keep``
    idle): a request never shares a connection, and the server holds a bounded number.

    A scoped request (a team member's collections) reads entities from a resolution of its
    own documents, made here once per scope and per change of what it is made from, and kept
    on the connections that have it (:meth:`Store.set_scope`)."""

    def __init__(self, location: str, keep: int = 8) -> None:
        self.location = location
        self.keep = keep
        self.idle: list[Store] = []
        self.lock = threading.Lock()
        self.closed = False
        self.resolutions: dict[str, tuple[str, list[dict[str, Any]], list[dict[str, Any]]]] = {}
        open_store(location).close()  # fail at start, not at the first request

    @contextmanager
    def borrow(self, scope: frozenset[str] | None = None) -> Iterator[Store]:
        """A store for one request, reading only the collections of ``scope`` (None: all)."""
        with self.lock:
            store = self.idle.pop() if self.idle else None
        if store is None:
            store = open_store(self.location)
        try:
            if scope is None:
                store.set_scope(None)
            else:
                store.set_scope(scope, self._resolution(store, scope))
            yield store
        except BaseException:
            store.rollback()
            raise
        finally:
            with self.lock:
                kept = not self.closed and len(self.idle) < self.keep
                if kept:
                    self.idle.append(store)
            if not kept:
                store.close()

    def _resolution(
        self, store: Store, scope: frozenset[str]
    ) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
        from cabletrail.model import canonical_json, sha256_hex
        from cabletrail.resolve.clusters import cluster_entities

        key = sha256_hex(canonical_json([sorted(scope), store.resolution_stamp()]))
        with self.lock:
            found = self.resolutions.get(key)
        if found is None:
            store.set_scope(scope)  # the scope's own entity facts, no entities yet
            clusters, links, _ = cluster_entities(store.entity_facts(), store.entity_overrides())
            found = (key, [c.__dict__ for c in clusters], links)
            with self.lock:
                if len(self.resolutions) >= 16:
                    self.resolutions.pop(next(iter(self.resolutions)))
                self.resolutions[key] = found
        return found

    def call(self, fn: Callable[..., Any], *args: Any, scope: frozenset[str] | None = None) -> Any:
        """``fn(store, *args)`` with a borrowed store (reading ``scope``)."""
        with self.borrow(scope) as store:
            return fn(store, *args)

    def close(self) -> None:
        with self.lock:
            self.closed = True
            idle, self.idle = self.idle, []
        for store in idle:
            store.close()


def _status(exc: CabletrailError) -> int:
    if isinstance(exc, AccessError):
        return 403
    if isinstance(exc, DocumentNotFound):
        return 404
    if isinstance(exc, QueryError) and str(exc).startswith("no entity named"):
        return 404
    return 500 if isinstance(exc, StoreError) else 400


def create_app(
    location: str,
    *,
    allowed_hosts: Iterable[str] = LOOPBACK,
    analyst: str = "analyst",
    settings: Settings | None = None,
    team: bool = False,
) -> FastAPI:
    """The workspace over the store at ``location``. ``allowed_hosts`` are the host names
    requests may address (the loopback names in local mode). Local mode: one analyst, no
    sign-in; ``analyst`` is the name reviews are recorded under. ``team``: accounts,
    sessions, roles and the audit log (:mod:`cabletrail.web.accounts`)."""
    settings = settings or Settings.load(env={})
    stores = Stores(location)
    jobs = Jobs(location, settings)
    accounts = (
        Team(settings.session_idle_minutes * 60.0, settings.session_hours * 3600.0)
        if team
        else None
    )
    guard = Guard(allowed_hosts, accounts, stores.call)
    env = Environment(
        loader=PackageLoader("cabletrail.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(csrf_field=CSRF_FIELD, event_types=pages.EVENT_TYPES, team=team)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.close()
        stores.close()

    app = FastAPI(
        title="cabletrail workspace",
        version="1",
        docs_url=None,  # the interactive docs load scripts from a CDN; the spec is enough
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.middleware("http")(guard)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.state.stores = stores

    def who(request: Request) -> Principal | None:
        principal: Principal | None = getattr(request.state, "principal", None)
        return principal

    def scope_of(request: Request) -> frozenset[str] | None:
        principal = who(request)
        return principal.read if principal else None

    def owner_of(request: Request) -> str | None:
        """Whose saved searches and uploads a request sees: its user's (admins: all)."""
        principal = who(request)
        return principal.name if principal and not principal.is_admin else None

    def name_of(request: Request) -> str:
        principal = who(request)
        return principal.name if principal else analyst

    def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        principal = who(request)
        token = principal.csrf if principal else (None if team else guard.csrf_token)
        context.setdefault("csrf_token", token or "")
        page = env.get_template(template).render(
            request=request, path=request.url.path, principal=principal, **context
        )
        return HTMLResponse(page, status)

    @app.exception_handler(CabletrailError)
    async def cabletrail_error(request: Request, exc: CabletrailError) -> Response:
        status = _status(exc)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": str(exc)}, status)
        return render(request, "error.html", status, message=str(exc))

    def params(request: Request) -> dict[str, Any]:
        return pages.query_params(str(request.url.query))

    def twin(
        path: str, template: str, build: Callable[[Store, Request], dict[str, Any]], **extra: Any
    ) -> None:
        """Register a page at ``path`` and its JSON twin at ``/api`` + ``path``."""

        def html_view(request: Request) -> HTMLResponse:
            data = stores.call(build, request, scope=scope_of(request))
            return render(request, template, **data, **extra)

        def json_view(request: Request) -> JSONResponse:
            data = stores.call(build, request, scope=scope_of(request))
            return JSONResponse(_jsonable(data))

        app.add_api_route(path, html_view, methods=["GET"], include_in_schema=False)
        app.add_api_route(
            "/api" + path,
            json_view,
            methods=["GET"],
            name=template.removesuffix(".html"),
            summary=f"The data of the {template.removesuffix('.html')} page",
        )

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/search", 303)

    def search(store: Store, request: Request) -> dict[str, Any]:
        filters = pages.Filters.of(params(request))
        data = pages.search_page(store, filters)
        data["bars"] = histogram(data["facets"]["year"])
        data["saved"] = store.saved_searches(owner_of(request))
        data["query_string"] = urlencode(filters.params())
        data["f"] = filters
        return data

    twin("/search", "search.html", search)

    def document(store: Store, request: Request) -> dict[str, Any]:
        cited: tuple[int, int] | None = None
        start, end = request.query_params.get("start"), request.query_params.get("end")
        if start and end:
            cited = (
                pages.count_param(start, "start", 0, 10**9),
                pages.count_param(end, "end", 0, 10**9),
            )
        return pages.document_page(store, request.path_params["doc_id"], cited)

    twin("/documents/{doc_id}", "document.html", document)

    @app.get(
        "/documents/{doc_id}/original",
        summary="The original file of a document, as an attachment",
        response_class=Response,
    )
    def original(request: Request, doc_id: str) -> Response:
        with stores.borrow(scope_of(request)) as store:
            doc = store.get_document(doc_id)
            data = store.read_original(doc.blob)
        name = Path(doc.source.split("!")[-1]).name or doc.id
        safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[:120]
        return Response(
            data,
            media_type="application/octet-stream",
            headers={"Content-Disposition": f'attachment; filename="{safe}"'},
        )

    def review(
        store: Store, doc_id: str, fact_id: str, fields: dict[str, Any], by: Principal | str
    ) -> dict[str, Any]:
        doc = store.get_document(doc_id)  # in the reader's scope, or not found
        if isinstance(by, Principal) and not by.may_write(doc.collection):
            raise AccessError(f"you may read but not change the collection {doc.collection!r}")
        record = store.get_extraction(doc_id)
        if record is None:
            raise QueryError(f"document {doc_id[:12]} is not analysed; nothing to review")
        action = str(fields.get("action", ""))
        correction = {k: fields[k] for k in FIELDS if k in fields}
        clean = check_review(action, correction, {e["id"] for e in record.get("entities", [])})
        return store.add_review(
            doc_id, fact_id, action, clean, by if isinstance(by, str) else by.name
        )

    @app.post("/documents/{doc_id}/facts/{fact_id}/review", include_in_schema=False)
    async def review_form(request: Request, doc_id: str, fact_id: str) -> RedirectResponse:
        form = await form_of(request)
        fields = {k: v for k, v in form.items() if isinstance(v, str) and k != CSRF_FIELD}
        done = await run_in_threadpool(
            stores.call,
            review,
            doc_id,
            fact_id,
            fields,
            who(request) or analyst,
            scope=scope_of(request),
        )
        return RedirectResponse(f"/documents/{done['document_id']}#fact-{fact_id}", 303)

    @app.post(
        "/api/documents/{doc_id}/facts/{fact_id}/review",
        summary="Accept, reject or correct (type, date, agent, recipient) an extracted event",
    )
    def review_api(request: Request, doc_id: str, fact_id: str, body: ReviewBody) -> dict[str, Any]:
        fields = {k: v for k, v in body.model_dump().items() if v is not None}
        result: dict[str, Any] = stores.call(
            review, doc_id, fact_id, fields, who(request) or analyst, scope=scope_of(request)
        )
        return result

    def save_search(name: str, query: str, by: str) -> str:
        name = name.strip()
        if not 0 < len(name) <= 100:
            raise QueryError("a saved search needs a name of 1 to 100 characters")
        query = query.lstrip("?")
        filters = pages.Filters.of(pages.query_params(query))
        filters.search_request()  # refuses a malformed query or filter before it is kept
        kept = urlencode(filters.params())
        stores.call(lambda store: store.save_search(name, kept, by))
        return kept

    @app.post("/searches", include_in_schema=False)
    async def save_search_form(request: Request) -> RedirectResponse:
        form = await form_of(request)
        name, query = form.get("name"), form.get("query")
        kept = await run_in_threadpool(
            save_search, name if isinstance(name, str) else "", str(query or ""), name_of(request)
        )
        return RedirectResponse(f"/search?{kept}", 303)

    @app.post("/api/searches", summary="Save the filters of a search under a name")
    def save_search_api(request: Request, body: SavedSearchBody) -> dict[str, str]:
        kept = save_search(body.name, body.query, name_of(request))
        return {"name": body.name.strip(), "query": kept}

    @app.get("/api/searches", summary="The saved searches")
    def saved_searches(request: Request) -> dict[str, Any]:
        owner = owner_of(request)
        return {"searches": stores.call(lambda store: store.saved_searches(owner))}

    async def submit(request: Request) -> Job:
        form = await form_of(request)
        uploads = [
            (str(f.filename or ""), f.file)  # spooled to disk by the server, copied in chunks
            for f in form.getlist("files")
            if isinstance(f, StarletteUpload) and f.filename
        ]
        if not uploads:
            raise QueryError("no files chosen; pick one or more files (or a zip) to ingest")
        collection = str(form.get("collection") or "").strip() or "upload"
        if len(collection) > 100:
            raise QueryError("a collection name has at most 100 characters")
        analyse = str(form.get("analyze") or "") in ("1", "on", "true")
        principal = who(request)
        if principal is not None and not principal.may_write(collection):
            raise AccessError(f"you may not add documents to the collection {collection!r}")
        return await run_in_threadpool(jobs.submit, collection, analyse, uploads, name_of(request))

    @app.post("/upload", include_in_schema=False)
    async def upload_form(request: Request) -> RedirectResponse:
        job = await submit(request)
        return RedirectResponse(f"/upload/jobs/{job.id}", 303)

    @app.post(
        "/api/upload",
        summary="Upload files (multipart field files, repeatable; collection; analyze=1) to "
        "ingest; answers the job, whose progress is at /api/upload/jobs/{id}",
    )
    async def upload_api(request: Request) -> dict[str, Any]:
        return (await submit(request)).as_dict()

    def uploads(store: Store, request: Request) -> dict[str, Any]:
        return {"jobs": [j.as_dict() for j in jobs.recent(owner_of(request))]}

    twin("/upload", "upload.html", uploads)

    def upload_job(store: Store, request: Request) -> dict[str, Any]:
        return {"job": jobs.get(request.path_params["job_id"], owner_of(request)).as_dict()}

    twin("/upload/jobs/{job_id}", "job.html", upload_job)

    def entities(store: Store, request: Request) -> dict[str, Any]:
        return pages.entities_page(store, request.query_params.get("q", "").strip())

    twin("/entities", "entities.html", entities)

    def entity(store: Store, request: Request) -> dict[str, Any]:
        data = pages.entity_page(store, request.path_params["entity_id"])
        nodes, lines = layout(data["network"], max_edges=60)
        return {"entity": data, "nodes_drawn": nodes, "lines": lines}

    twin("/entities/{entity_id}", "entity.html", entity)

    def timeline_view(store: Store, request: Request) -> dict[str, Any]:
        filters = pages.Filters.of(params(request))
        data = pages.timeline_page(store, filters)
        data["f"] = filters
        data["topics"] = [t["topic"] for t in store.topic_counts()]
        return data

    twin("/timeline", "timeline.html", timeline_view)

    def graph_view(store: Store, request: Request) -> dict[str, Any]:
        q = request.query_params
        depth = pages.count_param(q.get("depth"), "depth", 2, 4)
        kinds = [k for k in q.getlist("kind") if k in ("directive", "request", "correspondence")]
        data = pages.graph_page(store, q.get("entity", "").strip(), depth, kinds)
        most = pages.count_param(q.get("edges"), "edges", 150, 1000)
        data["nodes_drawn"], data["lines"] = layout(data, max_edges=most)
        data["max_edges"] = most
        return data

    twin("/graph", "graph.html", graph_view)

    def brief_view(store: Store, request: Request) -> dict[str, Any]:
        filters = pages.Filters.of(params(request))
        data = brief_data(
            store,
            topic=filters.topic or None,
            entity=filters.entity or None,
            date_from=pages.date_param(filters.date_from, "from"),
            date_to=pages.date_param(filters.date_to, "to"),
        )
        return {
            "filters": filters.params(),
            "f": filters,
            "brief": data,
            "rendered": briefs.build(data),
            "topics": [t["topic"] for t in store.topic_counts()],
        }

    twin("/brief", "brief.html", brief_view)

    @app.get(
        "/brief/download",
        summary="The brief of the filters as a file: format md, html or pdf",
        response_class=Response,
    )
    def brief_download(request: Request, format: str = "md") -> Response:
        if format not in BRIEF_TYPES:
            raise QueryError(f"format={format!r}; choose md, html or pdf")
        built: briefs.Brief = stores.call(brief_view, request, scope=scope_of(request))["rendered"]
        body = (
            briefs.pdf(built)
            if format == "pdf"
            else (briefs.html_page(built) if format == "html" else briefs.markdown(built))
        )
        return Response(
            body,
            media_type=BRIEF_TYPES[format],
            headers={"Content-Disposition": f'attachment; filename="brief.{format}"'},
        )

    if team:
        add_team_routes(app, render, stores, accounts, twin)
    return app


def add_team_routes(
    app: FastAPI,
    render: Callable[..., HTMLResponse],
    stores: Stores,
    team: Team | None,
    twin: Callable[..., None],
) -> None:
    """Sign-in, sign-out and the audit log (team mode)."""
    assert team is not None

    def safe_next(value: str | None) -> str:
        """A path on this site to go to after signing in; anything else goes home (browsers
        read ``//host`` and ``/\\host`` as another site)."""
        if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
            return "/"
        return "/" if any(c == "\\" or ord(c) < 32 for c in value) else value

    @app.get("/login", include_in_schema=False)
    def login_page(request: Request, next: str = "/") -> HTMLResponse:
        token = secrets.token_urlsafe(32)
        page = render(request, "login.html", csrf_token=token, next=safe_next(next))
        page.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", path="/login")
        return page

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await form_of(request)
        name, password = str(form.get("name") or ""), str(form.get("password") or "")
        request.state.login_name = name[:100] or None
        address = request.client.host if request.client else ""
        wait = team.wait(name, address)
        if wait > 0:
            request.state.audit_action = "login-throttled"
            minutes = max(1, round(wait / 60))
            return PlainTextResponse(
                f"too many failed sign-ins; try again in {minutes} minute(s)", 429
            )
        done = await run_in_threadpool(
            stores.call, team.login, name, password, request.cookies.get(SESSION_COOKIE)
        )
        if done is None:
            team.failed(name, address)
            request.state.audit_action = "login-failed"
            token = secrets.token_urlsafe(32)
            page = render(
                request,
                "login.html",
                401,
                csrf_token=token,
                next=safe_next(str(form.get("next") or "/")),
                failed=True,
            )
            page.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", path="/login")
            return page
        session, principal = done
        request.state.principal = principal
        request.state.audit_action = "login"
        response = RedirectResponse(safe_next(str(form.get("next") or "/")), 303)
        response.set_cookie(
            SESSION_COOKIE,
            session,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )
        response.delete_cookie(LOGIN_COOKIE, path="/login")
        return response

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request) -> RedirectResponse:
        principal: Principal | None = getattr(request.state, "principal", None)
        if principal and principal.session_hash:
            stores.call(lambda store: store.end_session(principal.session_hash))
        request.state.audit_action = "logout"
        response = RedirectResponse("/login", 303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    def audit_view(store: Store, request: Request) -> dict[str, Any]:
        user = request.query_params.get("user") or None
        return {"user": user, "entries": store.audit(user, 500), "users": store.users()}

    twin("/admin/audit", "audit.html", audit_view)


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    """The JSON twin: the page's data less what exists only for drawing."""
    drop = {"runs", "bars", "f", "nodes_drawn", "lines", "rendered"}
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in drop:
            continue
        out[key] = value
    return out
