"""axe-core on every type of page, in every language: no WCAG 2.1 A/AA violation.

The pages are chosen from the built output (one of each type per language, plus the variants
that look different: a text shown in Finnish, a filter page without groups, the 404 page at a
missing address), so pages added later are checked without changing this file. axe's
"incomplete" results (what it cannot decide alone, such as contrast over a background image)
are listed in the terminal summary for a person to review.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from .conftest import AXE, OpenedBatch, ServedSite

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Started in every tab of a batch before any result is awaited, so the tabs run it at once.
START_AXE = """(tags) => {
  const brief = (items) => items.map((r) => ({
    id: r.id, impact: r.impact, help: r.help, helpUrl: r.helpUrl,
    nodes: r.nodes.map((n) => n.target.join(" ") + (n.failureSummary ? ": " +
                        n.failureSummary.replace(/\\s+/g, " ") : "")),
  }));
  window.__axe = axe.run(document, {runOnly: {type: "tag", values: tags},
                                    resultTypes: ["violations", "incomplete"]})
    .then((r) => ({violations: brief(r.violations), incomplete: brief(r.incomplete)}));
}"""


def start_axe(page: Page, site: ServedSite) -> None:
    try:
        page.add_script_tag(url=site.axe_url)
    except PlaywrightError:
        # A page opened with its own scripts blocked blocks <script> elements too; what the
        # test evaluates still runs.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    page.evaluate(START_AXE, TAGS)


def test_axe_finds_no_violations_on_any_page_type(
        site: ServedSite, batches: Callable[..., Iterator[OpenedBatch]],
        record_property: Callable[[str, object], None]) -> None:
    assert AXE.is_file(), "axe-core is missing: run `make node-deps` (npm ci)"
    failures = []
    checked = 0
    incomplete: list[dict[str, Any]] = []
    # One page of each type and variant: the templates decide what axe checks; the language
    # changes only the words (the html lang, the Finnish stand-ins and each language's own
    # pages are variants or types of their own, and checked).
    pages = site.one_per_type()
    # The coordinator's report in every language: its words change the tables' widths and
    # the charts' labels, and each language's page is what that language's readers get.
    pages += [p for p in site.pages if p.type == "report" and p not in pages]
    for batch in batches(pages):
        for _, tab in batch:
            start_axe(tab, site)
        for chosen, tab in batch:
            result: dict[str, Any] = tab.evaluate("() => window.__axe")
            checked += 1
            for item in result["incomplete"]:
                incomplete.append({"page": f"{chosen.label} /{chosen.url}", **item})
            for item in result["violations"]:
                failures.append(f"{chosen.label} /{chosen.url}: {item['id']} ({item['impact']}) "
                                f"{item['help']}\n    " + "\n    ".join(item["nodes"]))
    # Shown after the run by pytest_terminal_summary (tests/conftest.py).
    record_property("axe", {"pages": checked, "incomplete": incomplete})
    assert checked >= len(pages)
    assert not failures, "axe found violations:\n" + "\n".join(failures)


def test_the_report_page_is_among_the_pages_checked(site: ServedSite) -> None:
    """The coordinator's report (report: public in the example) is checked in every
    language: its tables, charts and highlighted gaps must pass like any other page."""
    checked = {p.path for p in site.pages}
    for lang in site.languages:
        assert f"{lang}/report/index.html" in checked
