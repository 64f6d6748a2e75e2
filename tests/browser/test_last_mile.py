"""Residents, the last mile (issue 20), on a 360×740 phone in every language.

- The word search (Pagefind, our own files) finds groups by any inflected form of a word of
  their texts; nothing of it loads before the field is used, and nothing comes from elsewhere.
- A choice that finds nothing is no dead end: every group, the same day in the nearest
  municipalities, other days here, and the coordinator's phone; "when" is one row of buttons,
  so today and a weekday cannot contradict each other.
- The same on the static pages, without JavaScript.

One tab per language serves every check (three home pages, three static pages).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import Page, Request

from .conftest import Contexts, ServedSite, open_choices
from .sitecheck import group_slug

PHONE = {"width": 360, "height": 740}
SHOWN = """() => [...document.querySelectorAll('[data-cards] .card')]
  .filter((card) => card.checkVisibility())
  .map((card) => card.querySelector('a[href]').href)"""
# Words as residents type them, inflected, and the group whose texts hold them.
SEARCHES = {
    "fi": [("kuoroon", {"oppna-traffen-karleby"}), ("kahvilassa", None)],
    "sv": [("sjunga", {"oppna-traffen-karleby", "nuorten-soittoilta-kaustinen"}),
           ("på svenska", None)],
    "en": [("singing", {"nuorten-soittoilta-kaustinen"}), ("cafés", None)],
}
# Kannus has no group on Thursdays (the example content); the nearest with one is Kokkola.
EMPTY = {"fi": ("kannus", "thursday", "Kokkola"), "sv": ("kannus", "thursday", "Karleby"),
         "en": ("kannus", "thursday", "Kokkola")}


def slugs(urls: list[str]) -> set[str]:
    return {slug for url in urls if (slug := group_slug(url))}


def test_word_search_finds_inflected_words_and_loads_only_when_used(
        site: ServedSite, contexts: Contexts) -> None:
    tab = contexts.new(viewport=PHONE).new_page()
    requests: list[str] = []

    def record(request: Request) -> None:
        requests.append(request.url)
    tab.on("request", record)
    problems = []
    for lang in site.languages:
        requests.clear()
        tab.goto(site.url(f"{lang}/"))
        field = tab.locator("input[data-search]")
        assert field.is_visible(), lang
        if any("/pagefind/" in url for url in requests):
            problems.append(f"{lang}: the search index loads before the field is used")
        for word, expected in SEARCHES[lang]:
            field.fill(word)
            # The list shows what the index found, and the address keeps the words.
            tab.wait_for_function("(n) => document.querySelectorAll("
                                  "'[data-cards] .card:not([hidden])').length < n",
                                  arg=len(site.published), timeout=10_000)
            shown = slugs(tab.evaluate(SHOWN))
            if not shown or not shown <= site.published or (
                    expected is not None and shown != expected):
                wanted = sorted(expected) if expected is not None else "some published groups"
                problems.append(f"{lang} {word!r}: shows {sorted(shown)}, expected {wanted}")
            query = urlsplit(tab.url).query
            if "=" not in query:
                problems.append(f"{lang} {word!r}: the address keeps no search: {tab.url}")
        field.fill("")
        tab.wait_for_function("(n) => document.querySelectorAll("
                              "'[data-cards] .card:not([hidden])').length === n",
                              arg=len(site.published), timeout=10_000)
        loaded = [url for url in requests if "/pagefind/" in url]
        if not loaded:
            problems.append(f"{lang}: the search never loaded its index")
        # Only this site: no third-party request, and only group pages are in the index.
        others = [url for url in requests if not url.startswith(site.base)]
        if others:
            problems.append(f"{lang}: requests outside the site: {others[:3]}")
    assert not problems, "\n".join(problems)
    # Only group pages are indexed: Pagefind counts one page per group and language, over
    # the index's parts; the page loads the first part's script and merges the others.
    for lang in site.languages:
        entries = {path: data.decode("utf-8") for path, data in site.files.items()
                   if path.startswith(f"pagefind/{lang}/")
                   and path.endswith("pagefind-entry.json")}
        counts = [int(m.group(1)) for entry in entries.values()
                  for m in re.finditer(rf'"{lang}":\{{[^}}]*"page_count":(\d+)', entry)]
        assert len(counts) == len(entries) >= 2 and sum(counts) == len(site.published), entries
        scripts = sorted(path for path in site.files
                         if path.startswith(f"pagefind/{lang}/") and path.endswith("pagefind.js"))
        assert scripts == [f"pagefind/{lang}/pagefind.js"], scripts


def test_a_search_whose_index_cannot_load_lists_every_group(
        site: ServedSite, contexts: Contexts) -> None:
    """A search whose index cannot be loaded (a dropped connection, a site being published)
    lists every group, as without the word search, not the last search's groups."""
    tab = contexts.new(viewport=PHONE).new_page()
    tab.goto(site.url("fi/"))
    field = tab.locator("input[data-search]")
    field.fill("kuoroon")
    tab.wait_for_function("(n) => document.querySelectorAll("
                          "'[data-cards] .card:not([hidden])').length < n",
                          arg=len(site.published), timeout=10_000)
    assert slugs(tab.evaluate(SHOWN)) == {"oppna-traffen-karleby"}
    tab.route("**/pagefind/**", lambda route: route.abort())
    field.fill("kahvilassa")
    tab.wait_for_function("(n) => document.querySelectorAll("
                          "'[data-cards] .card:not([hidden])').length === n",
                          arg=len(site.published), timeout=10_000)
    assert str(len(site.published)) in tab.locator("#groups-heading").inner_text()


def choose(tab: Page, municipality: str, day: str) -> None:
    open_choices(tab)
    tab.select_option("select[data-filter=municipality]", municipality)
    tab.locator(".days label", has=tab.locator(f"input[value={day}]")).click()


def test_an_empty_result_offers_a_way_on_with_and_without_scripts(
        site: ServedSite, contexts: Contexts) -> None:
    tab = contexts.new(viewport=PHONE).new_page()
    plain = contexts.new(scripts=False, viewport=PHONE).new_page()
    coordinator = "tel:+35868287000"  # site.yaml's coordinator phone
    problems = []
    for lang in site.languages:
        municipality, day, nearest = EMPTY[lang]
        tab.goto(site.url(f"{lang}/"))
        # "When" is one row: today, this week and the weekdays are one choice.
        assert tab.locator("input[value=today]").get_attribute("name") == \
            tab.locator(f"input[value={day}]").get_attribute("name")
        choose(tab, municipality, day)
        empty = tab.locator("[data-empty]")
        if not empty.is_visible() or tab.evaluate(SHOWN):
            problems.append(f"{lang}: no way out shown for an empty result")
            continue
        offers = empty.inner_text()
        if nearest not in offers or not empty.locator(f"a[href='{coordinator}']").is_visible():
            problems.append(f"{lang}: the empty result offers {offers!r}")
        # The nearest municipality's button shows its groups on that day.
        empty.locator("button", has_text=nearest).first.click()
        shown = slugs(tab.evaluate(SHOWN))
        expected = {g.slug for g in site.result.content.published if g.municipality ==
                    "kokkola" and any(m.weekday == day for m in g.schedule.meetings)}
        if shown != expected or empty.is_visible():
            problems.append(f"{lang}: the nearby choice shows {sorted(shown)}")
        # "Show all groups" clears every choice.
        choose(tab, municipality, day)
        empty.locator("[data-clear]").click()
        if slugs(tab.evaluate(SHOWN)) != site.published or urlsplit(tab.url).query:
            problems.append(f"{lang}: clearing the choices does not show every group")
        # Without JavaScript the static page of the same choice offers the same ways.
        plain.goto(site.url(f"{lang}/municipality/{municipality}/{day}/"))
        alternatives = plain.locator(".alternatives")
        text = alternatives.inner_text()
        links = alternatives.evaluate("(e) => [...e.querySelectorAll('a')].map(a => a.href)")
        if nearest not in text or coordinator not in links or \
                site.url(f"{lang}/municipality/kokkola/{day}/") not in links or \
                site.url(f"{lang}/") not in links:
            problems.append(f"{lang}: the static empty page offers {text!r}")
    assert not problems, "\n".join(problems)
