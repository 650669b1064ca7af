"""The workspace in a real browser: Playwright drives Debian's Chromium (headless) through
search → document → entity → timeline → brief, and over the hostile trove.

``make setup`` installs /usr/bin/chromium. With CABLETRAIL_SCREENSHOTS=DIR set (``make
screenshots``), each page is also saved there as a PNG (docs/screenshots/)."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import uvicorn

from cabletrail.web import create_app
from tests.web.hostile import PAYLOADS

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = os.environ.get("CABLETRAIL_SCREENSHOTS")

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Page


def serve(store: Path | str, team: bool = False) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(str(store), team=team)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the workspace did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        app.state.stores.close()


@pytest.fixture(scope="module")
def site(workspace: str) -> Iterator[str]:
    yield from serve(workspace)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"BROWSER TESTS SKIPPED: {CHROMIUM} is missing; `make setup` installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield p
    context.close()
    assert not errors, errors  # no script error, no CSP violation


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=False)


def test_search_document_entity_timeline_brief(page: Page, site: str) -> None:
    page.goto(site + "/")
    page.fill("input[name=q]", '"human rights"')
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/search?**")
    assert page.locator("li.hit").count() > 0
    assert page.locator("svg.histogram rect").count() > 0
    assert page.locator(".snippet mark").count() > 0
    shot(page, "search")

    page.locator("li.hit a.title").first.click()
    page.wait_for_url("**/documents/**")
    mark = page.locator("#text mark.m-event").first
    mark.click()
    detail = page.locator("#detail")
    assert detail.is_visible() and "(" in detail.inner_text()
    shot(page, "document")

    page.click("nav >> text=Entities")
    page.fill("input[name=q]", "Jackson")
    page.click("form.filters button")
    page.locator("table.list a").first.click()
    page.wait_for_url("**/entities/E*")
    assert page.locator("svg.network circle").count() > 1
    shot(page, "entity")

    page.click("main >> text=Timeline")
    page.wait_for_url("**/timeline?entity=*")
    events = page.locator("#timeline li.event")
    total = events.count()
    assert total > 0
    page.check(".types input[value=DIRECTIVE]")
    visible = page.locator("#timeline li.event:not([hidden])").count()
    assert 0 < visible <= total
    assert "shown on this page" in page.locator("#type-filter-status").inner_text()
    shot(page, "timeline")

    page.locator("#timeline li.event:not([hidden]) blockquote a").first.click()
    page.wait_for_url("**/documents/**#cited")
    cited = page.locator("#cited")
    assert cited.is_visible() and cited.inner_text().strip()

    page.goto(site + "/graph?depth=2")
    assert page.locator("svg.network line").count() > 0
    shot(page, "graph")

    page.click("nav >> text=Brief")
    page.fill("input[name=topic]", "human-rights")
    page.click("form.filters button")
    assert page.locator("article.brief h2").count() >= 2
    shot(page, "brief")
    with page.expect_download() as download:
        page.click("text=Markdown")
    assert download.value.suggested_filename == "brief.md"


def test_review_in_the_browser(page: Page, site: str) -> None:
    page.goto(site + "/timeline?type=DIRECTIVE")
    page.locator("#timeline blockquote a").first.click()
    page.wait_for_url("**/documents/**")
    item = page.locator("aside.facts li[data-fact^=v]").first
    item.locator("summary").click()
    item.locator("input[value=correct]").check()
    item.locator("input[name=date]").fill("1951")
    item.locator("button[type=submit]").click()
    page.wait_for_url("**#fact-v*")
    assert "corrected by" in page.locator("aside.facts").inner_text()


def test_hostile_trove_runs_no_script(browser: Browser, hostile_store: Path) -> None:
    from fastapi.testclient import TestClient

    from tests.web.test_security import hostile_pages

    app = create_app(str(hostile_store))
    urls = hostile_pages(TestClient(app, base_url="http://127.0.0.1"))
    app.state.stores.close()
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        for base in serve(hostile_store):
            for url in urls:
                page.goto(base + url)
                assert page.evaluate("typeof window.__xss") == "undefined", url
                assert page.locator("script:not([src])").count() == 0, url
            # the payloads are on the page, as text
            page.goto(base + "/search")
            assert PAYLOADS[0] in page.inner_text("body")
    finally:
        context.close()
    assert not dialogs


def test_upload_with_progress(page: Page, site: str, tmp_path: Path) -> None:
    cable = tmp_path / "cable.md"
    cable.write_text(
        "---\ntitle: Delegation to Ministry\ndate: 2017-09-20\n---\n"
        "The Ministry instructed the delegation to walk out of the Third Committee vote. "
        "Kestrelwing was noted.\n",
        "utf-8",
    )
    page.goto(site + "/upload")
    page.set_input_files("input[type=file]", str(cable))
    page.fill("input[name=collection]", "browser")
    shot(page, "upload")
    page.click("form.upload button[type=submit]")
    page.wait_for_url("**/upload/jobs/*")
    page.locator("#job[data-running=no]").wait_for(timeout=60_000)  # polled by app.js
    assert page.inner_text("#job-state") == "done"
    assert "1 document(s) added" in page.inner_text("#job-files-text")
    page.click("#job-next a")
    page.wait_for_url("**/search?collection=browser")
    assert page.locator("li.hit").count() == 1


def test_team_sign_in_and_out(browser: Browser, workspace: str) -> None:
    from tests.web.test_team import PASSWORD, add_users, cli_run

    add_users(workspace, {"maria": "reader"})
    cli_run(workspace, "user", "grant", "maria", "trove")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        for base in serve(workspace, team=True):
            page.goto(base + "/timeline")
            page.wait_for_url("**/login?next=%2Ftimeline")
            page.fill("input[name=name]", "maria")
            page.fill("input[name=password]", PASSWORD)
            shot(page, "login")
            page.click("form.login button")
            page.wait_for_url("**/timeline")
            assert "maria (reader)" in page.inner_text("header")
            assert page.locator("#timeline li.event").count() > 0
            page.click("form.logout button")
            page.wait_for_url("**/login")
            page.goto(base + "/search")
            page.wait_for_url("**/login?next=%2Fsearch")
    finally:
        context.close()
