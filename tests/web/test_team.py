"""Team mode: accounts, sign-in, sessions, roles, API tokens and the audit log — and the
access matrix: every principal × every route."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cabletrail.cli.main import cli
from cabletrail.settings import Settings
from cabletrail.store import open_store
from cabletrail.web import create_app
from cabletrail.web.accounts import SESSION_COOKIE
from tests.web.conftest import closed
from tests.web.test_security import routes, samples

BASE = "http://127.0.0.1"
PASSWORD = "a long enough passphrase"
PEOPLE = {"ada": "admin", "wil": "writer", "rea": "reader", "dis": "reader", "nog": "reader"}


def cli_run(location: str, *args: str, stdin: str | None = None) -> str:
    result = CliRunner().invoke(cli, ["--store", location, *args], input=stdin)
    assert result.exit_code == 0, result.output
    return result.output


def add_users(location: str, people: dict[str, str]) -> None:
    """Accounts name → role, each with PASSWORD, through the CLI."""
    for name, role in people.items():
        cli_run(location, "user", "add", name, f"--{role}", "--password-stdin", stdin=PASSWORD)


@pytest.fixture(scope="module")
def team_store(workspace: str) -> str:
    add_users(workspace, PEOPLE)
    cli_run(workspace, "user", "set", "dis", "--disable")
    for name in ("rea", "dis"):
        cli_run(workspace, "user", "grant", name, "trove")
    cli_run(workspace, "user", "grant", "wil", "trove", "--write")
    return workspace


@pytest.fixture(scope="module")
def team_app(team_store: str) -> Iterator[FastAPI]:
    app = create_app(team_store, team=True)
    yield app
    closed(app)


def sign_in(app: FastAPI, name: str, password: str = PASSWORD) -> TestClient:
    client = TestClient(app, base_url=BASE, follow_redirects=False)
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token
    client.post(
        "/login", data={"csrf": token.group(1), "name": name, "password": password, "next": "/"}
    )
    return client


def csrf_of(client: TestClient) -> str:
    found = re.search(r'name="csrf-token" content="([^"]*)"', client.get("/search").text)
    return found.group(1) if found else ""


def test_sign_in_sets_a_strict_http_only_session_and_rotates_it(team_app: FastAPI) -> None:
    client = TestClient(team_app, base_url=BASE, follow_redirects=False)
    assert client.get("/search").headers["location"] == "/login?next=%2Fsearch"
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token
    wrong = client.post("/login", data={"csrf": token.group(1), "name": "ada", "password": "x"})
    assert wrong.status_code == 401 and SESSION_COOKIE not in wrong.headers.get("set-cookie", "")
    token = re.search(r'name="csrf" value="([^"]+)"', wrong.text)
    assert token
    ok = client.post("/login", data={"csrf": token.group(1), "name": "ada", "password": PASSWORD})
    cookie = ok.headers["set-cookie"]
    assert ok.status_code == 303 and "HttpOnly" in cookie and "SameSite=strict" in cookie
    first = client.cookies[SESSION_COOKIE]
    assert client.get("/search").status_code == 200
    # signing in again gives a new session and ends the old one
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token
    client.post("/login", data={"csrf": token.group(1), "name": "ada", "password": PASSWORD})
    second = client.cookies[SESSION_COOKIE]
    assert second != first
    old = TestClient(team_app, base_url=BASE, follow_redirects=False)
    old.cookies.set(SESSION_COOKIE, first)
    assert old.get("/search").status_code == 303
    # logout ends the session on the server, not only in the browser
    assert client.post("/logout", data={"csrf": csrf_of(client)}).status_code == 303
    stale = TestClient(team_app, base_url=BASE, follow_redirects=False)
    stale.cookies.set(SESSION_COOKIE, second)
    assert stale.get("/search").status_code == 303


def test_login_needs_its_form_token(team_app: FastAPI) -> None:
    client = TestClient(team_app, base_url=BASE, follow_redirects=False)
    r = client.post("/login", data={"csrf": "guess", "name": "ada", "password": PASSWORD})
    assert r.status_code == 403 and SESSION_COOKIE not in client.cookies


def test_idle_sessions_end(team_store: str) -> None:
    settings = Settings.load({"session_idle_minutes": 0}, env={})
    app = create_app(team_store, team=True, settings=settings)
    try:
        client = sign_in(app, "rea")
        time.sleep(0.05)
        assert client.get("/search").status_code == 303
    finally:
        closed(app)


def test_disabling_or_a_new_password_ends_sessions(team_app: FastAPI, team_store: str) -> None:
    client = sign_in(team_app, "wil")
    assert client.get("/search").status_code == 200
    cli_run(team_store, "user", "set", "wil", "--password-stdin", stdin=PASSWORD + "!")
    assert client.get("/search").status_code == 303
    client = sign_in(team_app, "wil", PASSWORD + "!")
    assert client.get("/search").status_code == 200
    cli_run(team_store, "user", "set", "wil", "--password-stdin", stdin=PASSWORD)


def test_passwords_are_argon2_and_short_ones_refused(team_store: str) -> None:
    store = open_store(team_store)
    try:
        user = store.get_user("ada")
        assert user and user["password"].startswith("$argon2id$")
    finally:
        store.close()
    result = CliRunner().invoke(
        cli, ["--store", team_store, "user", "add", "x", "--password-stdin"], input="short"
    )
    assert result.exit_code == 1 and "at least 12 characters" in result.output


def test_serve_team_needs_an_admin(tmp_path: Any) -> None:
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "ingest", "/dev/null"])
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "serve", "--team"])
    assert result.exit_code == 1 and "user add NAME --admin" in result.output
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "serve", "--host", "0.0.0.0"])
    assert result.exit_code == 1 and "loopback" in result.output


@pytest.fixture(scope="module")
def principals(team_app: FastAPI, team_store: str) -> dict[str, TestClient]:
    clients = {name: sign_in(team_app, name) for name in PEOPLE}
    clients["anonymous"] = TestClient(team_app, base_url=BASE, follow_redirects=False)
    token = cli_run(team_store, "user", "token", "rea", "--label", "matrix").strip()
    api = TestClient(
        team_app,
        base_url=BASE,
        follow_redirects=False,
        headers={"Authorization": f"Bearer {token}"},
    )
    clients["reader-token"] = api
    return clients


# What each principal gets from each kind of request: "ok" (past the gate: the route's own
# answer), "signin" (redirect or 401), "role" (403 for the role).
EXPECT = {
    "anonymous": {"read": "signin", "write": "signin", "admin": "signin"},
    "dis": {"read": "signin", "write": "signin", "admin": "signin"},
    "rea": {"read": "ok", "write": "role", "admin": "role"},
    "nog": {"read": "ok", "write": "role", "admin": "role"},  # no grant: reads nothing
    "reader-token": {"read": "ok", "write": "role", "admin": "role"},
    "wil": {"read": "ok", "write": "ok", "admin": "role"},
    "ada": {"read": "ok", "write": "ok", "admin": "ok"},
}
PUBLIC = {"/login", "/api/openapi.json", "/static"}  # a signed-out /nowhere goes to /login too


def kind(path: str, method: str) -> str:
    if path.startswith(("/admin", "/api/admin")):
        return "admin"
    if method == "POST" and path not in ("/logout", "/login"):
        return "write"
    return "read"


def outcome(response: Any) -> str:
    if response.status_code in (401,) or (
        response.status_code == 303 and response.headers["location"].startswith("/login?")
    ):
        return "signin"
    if response.status_code == 403 and "may not" in response.text:
        return "role"
    return "ok"


def test_access_matrix(
    team_app: FastAPI, principals: dict[str, TestClient], client: TestClient
) -> None:
    table = samples(client)  # ids from the local app over the same store
    missing = routes(team_app) - set(table)
    assert not missing, f"routes without a row in samples(): {sorted(missing)}"
    failures = []
    for who, c in principals.items():
        token = csrf_of(c) if who not in ("anonymous", "dis", "reader-token") else ""
        for path, calls in table.items():
            for method, url in calls:
                if path == "/logout" or (path == "/login" and method == "POST"):
                    continue  # tested above: they change who is signed in
                headers = {"X-CSRF-Token": token} if token else {}
                r = c.request(method, url, headers=headers)
                want = "ok" if path in PUBLIC else EXPECT[who][kind(path, method)]
                got = outcome(r)
                if got != want:
                    failures.append(f"{who} {method} {url}: {r.status_code}, want {want}")
                assert r.headers["content-security-policy"]
                assert r.headers["cache-control"] == "no-store"
    assert not failures, failures


def test_the_audit_log_records_who_did_what(
    principals: dict[str, TestClient], team_store: str
) -> None:
    rea = principals["rea"]
    rea.get("/search?q=Korea")
    doc = rea.get("/api/search?q=Korea").json()["results"][0]["id"]
    rea.get(f"/documents/{doc}/original")
    rea.get("/brief/download?format=md")
    out = cli_run(team_store, "audit", "--user", "rea", "--format", "json")
    import json

    entries = json.loads(out)["entries"]
    actions = {(e["action"], e["target"].split("?")[0]) for e in entries}
    assert ("GET /search", "/search") in actions
    assert ("GET /documents/{doc_id}/original", f"/documents/{doc}/original") in actions
    assert ("GET /brief/download", "/brief/download") in actions
    assert any(e["action"] == "login" for e in entries)
    assert any(e["target"] == "/search?q=Korea" for e in entries)
    table = cli_run(team_store, "audit", "--limit", "5")
    assert len(table.strip().splitlines()) == 5


def test_repeated_failed_sign_ins_are_throttled(team_store: str) -> None:
    app = create_app(team_store, team=True)
    try:
        client = TestClient(app, base_url=BASE, follow_redirects=False)

        def attempt(password: str) -> int:
            page = client.get("/login")
            token = re.search(r'name="csrf" value="([^"]+)"', page.text)
            assert token
            data = {"csrf": token.group(1), "name": "rea", "password": password}
            return client.post("/login", data=data).status_code

        assert [attempt("wrong") for _ in range(5)] == [401] * 5
        assert attempt(PASSWORD) == 429  # even the right password, until the window passes
        assert app.state.stores.call(lambda s: s.audit("rea", 1))[0]["action"] == "login-throttled"
    finally:
        closed(app)


@pytest.mark.parametrize(
    ("after", "lands"),
    [
        ("/timeline?type=DIRECTIVE", "/timeline?type=DIRECTIVE"),
        ("//evil.example/x", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example", "/"),
        ("/ok\r\nSet-Cookie: x=1", "/"),
    ],
)
def test_sign_in_only_redirects_within_the_site(team_app: FastAPI, after: str, lands: str) -> None:
    client = TestClient(team_app, base_url=BASE, follow_redirects=False)
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token
    r = client.post(
        "/login",
        data={"csrf": token.group(1), "name": "ada", "password": PASSWORD, "next": after},
    )
    assert r.status_code == 303 and r.headers["location"] == lands
