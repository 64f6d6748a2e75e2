"""Moving around: the language switch keeps the reader on the same page, and no page asks
anything of another server.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, Request, Response

from .conftest import MISSING, Contexts, ServedSite
from .sitecheck import html_paths, url_of

LANGUAGE_PREFIX = re.compile(r"^([a-z]{2})/")


def test_language_switch_lands_on_the_same_page(site: ServedSite,
                                                opener: Callable[..., Page]) -> None:
    """On one page of every type: click to the next language, and on from there, round to the
    first again, so each language is left once and reached once. (That every page's switch
    links point at the same page is checked on all pages by tests/test_output.py.)"""
    failures = []
    switched = 0
    for chosen in site.one_per_type():
        if chosen.lang is None:
            continue
        tab = opener(chosen)
        order = list(site.languages)
        order = order[order.index(chosen.lang):] + order[:order.index(chosen.lang)]
        for current, lang in zip(order, order[1:] + order[:1], strict=True):
            before = site.relative(tab.url)
            with tab.expect_navigation():
                tab.locator(f"nav.lang a[hreflang={lang}]").click()
            landed = site.relative(tab.url)
            expected = LANGUAGE_PREFIX.sub(f"{lang}/", before, count=1)
            html_lang = tab.evaluate("() => document.documentElement.lang")
            switched += 1
            if landed != expected or html_lang != lang or not before.startswith(current):
                failures.append(f"{chosen.label}: the {lang} link on /{before} leads to "
                                f"/{landed} (lang={html_lang!r}), not /{expected}")
                break
        tab.close()
    assert switched > 20
    assert not failures, "\n".join(failures)


def test_no_request_leaves_localhost(site: ServedSite, contexts: Contexts) -> None:
    """Every page of the site, with scripts on, and what each one loads."""
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
    pages = html_paths(site.files)
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
