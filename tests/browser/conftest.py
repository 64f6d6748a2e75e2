"""The example content, built once, served on localhost at a sub-path, and a real Chromium.

The site is built with ``--base-url http://127.0.0.1:<port>/ryhmat/`` into a temporary folder
and served by a threaded ``http.server`` only under ``/ryhmat/`` (as a project site on a static
host), so any link that climbs out of the sub-path or assumes the domain root shows up as a 404.
Chromium is Debian's headless shell (Playwright's own browser download does not work here):
the same Blink as the full browser without its user interface, and about 40 % less CPU a page
than ``chromium --headless``, which matters because the browser gates are half of ``make
test``. Playwright's Python driver steers it.
"""

from __future__ import annotations

import datetime as dt
import json
import mimetypes
import threading
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    Response,
    Route,
    sync_playwright,
)

from brochure.engine.build import BuildResult, build

from .sitecheck import Representative, parse_page, representatives

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
TODAY = dt.date(2026, 11, 23)
PREFIX = "/ryhmat/"
CHROMIUM = "/usr/bin/chromium-headless-shell"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL_PATH = "/__tests__/axe.min.js"
MISSING = "fi/groups/no-such-group/"


# --- the site on localhost -----------------------------------------------------------------

class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    root: Path


class SubPathHandler(BaseHTTPRequestHandler):
    """Serves the output folder under PREFIX; 404.html for a missing page, as static hosts do."""

    server: SiteServer

    def do_GET(self) -> None:
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def _respond(self, body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == AXE_URL_PATH:
            # The test's own tool, outside the site's folder; served (not evaluated from a
            # string) so that Chromium caches its compiled code between pages.
            self._send(200, AXE.read_bytes(), "text/javascript", body, cache=True)
            return
        if not path.startswith(PREFIX):
            self._send(404, b"outside the site's folder\n", "text/plain", body)
            return
        root = self.server.root
        target = (root / path[len(PREFIX):]).resolve()
        if not target.is_relative_to(root):
            self._send(404, b"outside the site's folder\n", "text/plain", body)
            return
        if target.is_dir():
            if not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = target / "index.html"
        if target.is_file():
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            # Pages are fetched afresh; the stylesheet, scripts and icons are kept for an hour,
            # as static hosts do (GitHub Pages: ten minutes). A browser that parses and
            # compiles them again for every page costs the browser gates a quarter more CPU.
            self._send(200, target.read_bytes(), kind, body, cache=kind != "text/html")
        else:
            self._send(404, (root / "404.html").read_bytes(), "text/html", body)

    def _send(self, status: int, data: bytes, kind: str, body: bool,
              cache: bool = False) -> None:
        self.send_response(status)
        charset = "; charset=utf-8" if kind.startswith("text/") or kind.endswith(
            ("json", "xml", "javascript")) else ""
        self.send_header("Content-Type", kind + charset)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=3600" if cache else "no-store")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: pytest shows what matters


@dataclass
class ServedSite:
    """The built example site and where it is served."""

    output: Path
    origin: str
    result: BuildResult
    files: dict[str, bytes]
    pages: list[Representative] = field(default_factory=list)

    @property
    def base(self) -> str:
        return self.origin + PREFIX

    @property
    def axe_url(self) -> str:
        return self.origin + AXE_URL_PATH

    def url(self, path: str = "") -> str:
        return self.base + path

    @property
    def published(self) -> set[str]:
        return {g.slug for g in self.result.content.published}

    @property
    def languages(self) -> tuple[str, ...]:
        assert self.result.model is not None
        return self.result.model.languages

    def one_per_type(self, variants: Collection[str] | None = None) -> list[Representative]:
        """One page of each type and variant, Finnish where there is one (for checks whose
        outcome depends on the templates, not on the language); ``variants``: only these
        variants tell pages of a type apart (the others change no control, say)."""
        order = {lang: i for i, lang in enumerate(("fi", None, "sv", "en"))}
        chosen: dict[tuple[str, str], Representative] = {}
        for page in sorted(self.pages, key=lambda p: order.get(p.lang, 9)):
            why = page.why if variants is None else ", ".join(
                w for w in page.why.split(", ") if w in variants)
            chosen.setdefault((page.type, why), page)
        return sorted(chosen.values(), key=lambda p: p.path)

    def relative(self, url: str) -> str:
        """The part of a URL of this site after the base URL."""
        assert url.startswith(self.base), url
        return urlsplit(url[len(self.base):]).path


SEARCH_PART = 6


@pytest.fixture(scope="package")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    server = SiteServer(("127.0.0.1", 0), SubPathHandler)
    host, port = server.server_address[:2]
    origin = f"http://{host!s}:{port}"
    output = tmp_path_factory.mktemp("browser") / "public"
    # The word search's index in parts of 6 groups, as a site of more than 250 groups has it
    # (urls.search_parts): the searches below go through the merging of parts.
    result = build(CONTENT, output, TODAY, base_url=origin + PREFIX, search_part=SEARCH_PART)
    assert result.model is not None, [str(p) for p in result.problems]
    server.root = output.resolve()
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        files = {p.relative_to(output).as_posix(): p.read_bytes()
                 for p in sorted(output.rglob("*")) if p.is_file()}
        yield ServedSite(output, origin, result, files, representatives(files))
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --- the browser ---------------------------------------------------------------------------

# Package scope, not session: Playwright's sync API keeps an asyncio loop running in the main
# thread while it is open, and later tests that call asyncio.run() (the live preview's) fail.
@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium-headless-shell")
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


def block_page_scripts(route: Route) -> None:
    """The page as it is, with a policy that stops its own scripts (the test's still run)."""
    response = route.fetch()
    headers = {**response.headers, "content-security-policy": "script-src 'none'"}
    route.fulfill(response=response, headers=headers)


@dataclass
class Contexts:
    """Browser contexts for one test, closed after it."""

    browser: Browser
    opened: list[BrowserContext] = field(default_factory=list)
    shared: dict[tuple[bool, str], BrowserContext] = field(default_factory=dict)

    def new(self, *, scripts: bool = True, **options: Any) -> BrowserContext:
        """A fresh context; ``scripts=False`` is a browser with JavaScript turned off."""
        context = self.browser.new_context(java_script_enabled=scripts, locale="fi-FI",
                                           **options)
        context.set_default_timeout(15_000)
        self.opened.append(context)
        return context

    def without_page_scripts(self, **options: Any) -> BrowserContext:
        """Pages' own scripts blocked, yet the test can run axe (JavaScript turned off stops
        axe's timers too)."""
        context = self.new(**options)
        context.route(lambda url: urlsplit(url).path.startswith(PREFIX), block_page_scripts)
        return context

    def reused(self, page_scripts: bool, **options: Any) -> BrowserContext:
        """One context per kind and options for a test's many pages (a context costs more
        than a page)."""
        key = (page_scripts, json.dumps(options, sort_keys=True))
        if key not in self.shared:
            self.shared[key] = (self.new(**options) if page_scripts
                                else self.without_page_scripts(**options))
        return self.shared[key]

    def close(self) -> None:
        for context in self.opened:
            context.close()


@pytest.fixture
def contexts(browser: Browser) -> Iterator[Contexts]:
    opened = Contexts(browser)
    yield opened
    opened.close()


def has_inline_script(site: ServedSite, page: Representative) -> bool:
    return parse_page(page.path, site.files[page.path]).inline_scripts > 0


def address(page: Representative) -> tuple[str, int]:
    """Where a page is opened and the status it comes with: the 404 page is seen at an
    address that does not exist, some folders deep."""
    return (MISSING, 404) if page.path == "404.html" else (page.url, 200)


def start_loading(site: ServedSite, contexts: Contexts, page: Representative,
                  **options: Any) -> tuple[Page, Response | None]:
    """A new tab for ``page``, once its response has arrived (the rest loads meanwhile).

    A page with an inline script (the short link, whose script sends the reader on to a group
    page) is opened with page scripts off: what it shows is for the readers whose browser does
    not run it.
    """
    context = contexts.reused(not has_inline_script(site, page), **options)
    tab = context.new_page()
    return tab, tab.goto(site.url(address(page)[0]), wait_until="commit")


def finish_loading(page: Representative, tab: Page, response: Response | None) -> Page:
    tab.wait_for_load_state("load")
    status = address(page)[1]
    assert response is not None and response.status == status, (page.path, response and
                                                                response.status)
    return tab


def open_page(site: ServedSite, contexts: Contexts, page: Representative,
              **options: Any) -> Page:
    """A representative page as its readers see it, loaded, in a new tab."""
    return finish_loading(page, *start_loading(site, contexts, page, **options))


@pytest.fixture
def opener(site: ServedSite, contexts: Contexts) -> Callable[..., Page]:
    def open_(page: Representative, **options: Any) -> Page:
        return open_page(site, contexts, page, **options)
    return open_


OpenedBatch = list[tuple[Representative, Page]]


@pytest.fixture
def batches(site: ServedSite, contexts: Contexts) -> Callable[..., Iterator[OpenedBatch]]:
    """Pages opened a few at a time, each in a tab of its own: Chromium loads (and lays out,
    and runs axe on) each tab in a process of its own, so both cores work. The tabs are kept
    and the next batch is loaded into them (a new tab costs more than loading a page); a test
    must not change a tab beyond what loading the next page resets."""
    def open_batches(pages: list[Representative], size: int = 3,
                     **options: Any) -> Iterator[OpenedBatch]:
        tabs: dict[bool, list[Page]] = {}
        for first in range(0, len(pages), size):
            chosen = pages[first:first + size]
            taken: dict[bool, int] = {}
            started = []
            for page in chosen:
                scripts = not has_inline_script(site, page)
                pool = tabs.setdefault(scripts, [])
                index = taken[scripts] = taken.get(scripts, -1) + 1
                if index == len(pool):
                    pool.append(contexts.reused(scripts, **options).new_page())
                tab = pool[index]
                started.append((tab, tab.goto(site.url(address(page)[0]),
                                              wait_until="commit")))
            yield [(page, finish_loading(page, tab, response))
                   for page, (tab, response) in zip(chosen, started, strict=True)]
    return open_batches


def open_choices(tab: Page) -> int:
    """Open the home page's folded choices (a phone shows the word search and the first
    groups; the municipality, day, language and audience are one tap away); the taps it
    took."""
    more = tab.locator("[data-filter-form] details[data-more]")
    if more.evaluate("(details) => details.open"):
        return 0
    more.locator("summary").click()
    return 1
