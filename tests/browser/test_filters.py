"""Finding groups: without scripts through the static filter pages, with scripts instantly.

Without JavaScript every published group must be reachable from the home page by following
links to the filter pages (municipality, audience, weekday) and from there to the group. With
JavaScript, the home page's instant filter must show, for every choice, exactly the groups the
static page for that choice lists.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from .conftest import Contexts, ServedSite
from .sitecheck import group_slug, parse_page

SECTIONS = ("municipality", "audience", "weekday", "language")
FILTER_PAGE = re.compile(rf"^[a-z]{{2}}/({'|'.join(SECTIONS)})/[^/]+/$")

LINKS = "(selector) => [...document.querySelectorAll(selector)].map((a) => a.href)"
SHOWN_CARDS = """() => [...document.querySelectorAll('[data-cards] .card')]
  .filter((card) => card.checkVisibility())
  .map((card) => card.querySelector('a[href]').href)"""


def slugs(urls: list[str]) -> set[str]:
    return {slug for url in urls if (slug := group_slug(url))}


def test_without_scripts_every_group_is_reachable_through_the_filter_pages(
        site: ServedSite, contexts: Contexts) -> None:
    context = contexts.new(scripts=False)
    tab = context.new_page()
    problems = []
    for lang in site.languages:
        response = tab.goto(site.url(f"{lang}/"))
        assert response is not None and response.ok
        # Without scripts the instant filter stays hidden: no control that does nothing.
        assert not tab.locator("[data-filter-form]").is_visible(), lang
        filter_pages = sorted({url for url in tab.evaluate(LINKS, "a[href]")
                               if url.startswith(site.base)
                               and FILTER_PAGE.match(site.relative(url))})
        sections = {match.group(1) for u in filter_pages
                    if (match := FILTER_PAGE.match(site.relative(u)))}
        assert sections == set(SECTIONS), (lang, filter_pages)
        reached: set[str] = set()
        for url in filter_pages:
            response = tab.goto(url)
            assert response is not None and response.ok, url
            # Links to group pages in the same language.
            reached |= slugs([link for link in tab.evaluate(LINKS, "main a[href]")
                              if link.startswith(site.url(f"{lang}/groups/"))])
        # (That each group page opens is the link check's part, tests/test_output.py.)
        if reached != site.published:
            problems.append(f"{lang}: not reachable without scripts: "
                            f"{sorted(site.published - reached)}; unknown: "
                            f"{sorted(reached - site.published)}")
    assert len(site.published) > 10
    assert not problems, "\n".join(problems)


def listed_on(site: ServedSite, lang: str, section: str, value: str) -> set[str]:
    """The groups the static filter page lists (read from the served file)."""
    url = f"{lang}/{section}/{value}/"
    page = parse_page(url, site.files[url + "index.html"])
    return slugs([u for link in page.links
                  if (u := urljoin(site.url(url), link.value)).startswith(
                      site.url(f"{lang}/groups/"))])


def test_instant_filter_shows_the_groups_of_the_static_pages(site: ServedSite,
                                                             contexts: Contexts) -> None:
    home = contexts.new().new_page()
    mismatches = []
    tried = 0
    for lang in site.languages:
        home.goto(site.url(f"{lang}/"))
        form = home.locator("[data-filter-form]")
        assert form.is_visible(), f"{lang}: the instant filter is not shown with scripts on"
        # One search at a time: the static links give way to the form.
        assert not home.locator("[data-static-filters]").is_visible(), lang
        assert slugs(home.evaluate(SHOWN_CARDS)) == site.published, lang
        for section in SECTIONS:
            # A drop-down, or (the weekday) a row of buttons.
            control = f"[data-filter={section}]"
            # The "when" row also holds today and this week (data-section="when"): they
            # have no static page of that name (this-week/ is checked on its own).
            values = home.eval_on_selector_all(
                f"{control} option, {control} input:not([data-section])",
                "(os) => os.map((o) => o.value)")
            assert values[0] == "" and len(values) > 1, (lang, section, values)

            def choose(value: str, control: str = control) -> None:
                if home.locator(f"select{control}").count():
                    home.select_option(f"select{control}", value)
                else:
                    home.locator(f"{control} label",
                                 has=home.locator(f"input[value='{value}']")).click()

            for value in values[1:]:
                choose(value)  # the other two stay at "all"
                shown = slugs(home.evaluate(SHOWN_CARDS))
                listed = listed_on(site, lang, section, value)
                heading = home.locator("#groups-heading").inner_text()
                status = home.locator("[data-filter-status]").text_content() or ""
                tried += 1
                if shown != listed:
                    mismatches.append(f"{lang} {section}={value}: instant filter shows "
                                      f"{sorted(shown)}, the static page lists {sorted(listed)}")
                elif not re.search(rf"\b{len(shown)}\b", heading) or heading != status:
                    mismatches.append(f"{lang} {section}={value}: heading {heading!r} and "
                                      f"status {status!r} do not say {len(shown)}")
            choose("")
            assert slugs(home.evaluate(SHOWN_CARDS)) == site.published, (lang, section)
    assert tried > 20
    assert not mismatches, "\n".join(mismatches)
