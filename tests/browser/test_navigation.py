"""Moving around: the language switch keeps the reader on the same page, and no page asks
anything of another server.
"""

from __future__ import annotations

import re

from playwright.sync_api import Request, Response

from .conftest import MISSING, Contexts, ServedSite
from .sitecheck import Representative, url_of

LANGUAGE_PREFIX = re.compile(r"^([a-z]{2})/")


def test_language_switch_lands_on_the_same_page(site: ServedSite, contexts: Contexts) -> None:
    """On one page of every type, one click on the language switch; the target language turns
    from type to type, so every language is left and reached many times. (That every page's
    switch links point at the same page is checked on all pages by tests/test_output.py.)"""
    failures = []
    switched = 0
    pairs: set[tuple[str, str]] = set()
    languages = list(site.languages)
    by_type: dict[tuple[str, bool], dict[str, Representative]] = {}
    for page in site.pages:
        # The switch is the same on every page of a type, whatever its texts; a tombstone
        # (a deleted group's address) is a page of its own.
        if page.lang is not None:
            by_type.setdefault((page.type, "tombstone" in page.why), {})[page.lang] = page
    tab = contexts.new().new_page()  # one tab throughout: a new one per page costs more
    for turn, versions in enumerate(by_type[key] for key in sorted(by_type)):
        # From each language in turn, to each of the others in turn.
        source = languages[turn % len(languages)]
        chosen = versions.get(source) or next(iter(versions.values()))
        assert chosen.lang is not None
        tab.goto(site.url(chosen.url))
        others = [lang for lang in languages if lang != chosen.lang]
        target = others[(turn // len(languages)) % len(others)]
        current, lang = chosen.lang, target
        before = site.relative(tab.url)
        with tab.expect_navigation():
            tab.locator(f"nav.lang a[hreflang={lang}]").click()
        landed = site.relative(tab.url)
        expected = LANGUAGE_PREFIX.sub(f"{lang}/", before, count=1)
        html_lang = tab.evaluate("() => document.documentElement.lang")
        switched += 1
        pairs.add((current, lang))
        if landed != expected or html_lang != lang or not before.startswith(current):
            failures.append(f"{chosen.label}: the {lang} link on /{before} leads to "
                            f"/{landed} (lang={html_lang!r}), not /{expected}")
    assert switched > 20
    assert {(a, b) for a in languages for b in languages if a != b} <= pairs, pairs
    assert not failures, "\n".join(failures)


def test_no_request_leaves_localhost(site: ServedSite, contexts: Contexts) -> None:
    """A page of every type and variant in every language, with scripts on, and what each
    one loads. (Every page's own addresses are checked without a browser by
    tests/test_output.py and tests/test_hostile.py; the browser adds what scripts ask for.)"""
    context = contexts.new()
    outside: list[str] = []
    failed: list[str] = []
    loaded: list[str] = []

    def on_request(request: Request) -> None:
        loaded.append(request.url)
        if not request.url.startswith(site.origin + "/"):
            outside.append(f"{request.url} (from {request.frame.url})")

    def on_response(response: Response) -> None:
        # Pages, stylesheets, scripts: a local request that fails is a broken page too.
        if response.status >= 400 and response.request.resource_type != "document":
            failed.append(f"{response.url}: {response.status} (from {response.frame.url})")

    context.on("request", on_request)
    context.on("response", on_response)
    def on_failure(request: Request) -> None:
        # ERR_ABORTED: the short link's script moved on before its stylesheet had loaded.
        if request.failure != "net::ERR_ABORTED":
            failed.append(f"{request.url}: {request.failure}")

    context.on("requestfailed", on_failure)
    tabs = [context.new_page() for _ in range(4)]
    pages = [page.path for page in site.pages]
    for first in range(0, len(pages), len(tabs)):
        # A few tabs load at once (Chromium gives each its own process).
        batch = list(zip(tabs, pages[first:first + len(tabs)], strict=False))
        responses = [tab.goto(site.url(MISSING if path == "404.html" else url_of(path)),
                              wait_until="commit") for tab, path in batch]
        for (tab, path), response in zip(batch, responses, strict=True):
            tab.wait_for_load_state("load")
            assert response is not None, path
            assert response.status == (404 if path == "404.html" else 200), (path,
                                                                              response.status)
    assert len(loaded) > len(pages)  # the stylesheet at least, besides the pages
    assert not outside, "requests to other servers:\n" + "\n".join(sorted(set(outside)))
    assert not failed, "failed requests:\n" + "\n".join(sorted(set(failed)))
