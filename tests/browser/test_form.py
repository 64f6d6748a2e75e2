"""The form page "Lisää tai päivitä ryhmä" in Chromium: a new group, a change, and mistakes.

The YAML the form writes is checked with the project's own checker exactly as written (the
bytes of the text area, which are also the ``value`` of GitHub's "new file" address), in a copy
of the example content. Nothing is sent to GitHub: its pages are answered by the test.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Route

from brochure.check.content import load_content
from brochure.core import urls
from tests.conftest import valid

from .conftest import AXE, CONTENT, TODAY, Contexts, ServedSite
from .test_axe import TAGS

GITHUB = "https://github.com/example/ryhmaesite"


def _github(route: Route) -> None:
    route.fulfill(status=200, content_type="text/html", body="<title>GitHub</title>")


@pytest.fixture
def context(contexts: Contexts, site: ServedSite) -> Iterator[BrowserContext]:
    context = contexts.new()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.origin)
    context.route("https://github.com/**", _github)
    yield context


def open_form(context: BrowserContext, site: ServedSite, lang: str = "fi") -> Page:
    tab = context.new_page()
    tab.goto(site.url(urls.group_form(lang)))
    tab.wait_for_selector("#group-form:not([hidden])")
    return tab


def fill_new_group(tab: Page) -> None:
    tab.fill('[name="name.fi"]', "Lomakekahvila Äijälä")
    tab.fill('[name="name.sv"]', "Formulärkaféet")
    tab.fill('[name="summary.fi"]', "Avoin kahvila, jossa voi jutella: tule sellaisena kuin olet.")
    tab.fill('[name="description.fi"]', "Kahvi on valmiina.\n\nTule mukaan \"juttelemaan\" #2.")
    tab.select_option('[name="municipality"]', "kannus")
    tab.fill('[name="venue.name.fi"]', "Seurakuntatalo")
    tab.fill('[name="venue.address"]', "Mäntytie 4 #2, 69100 Kannus")
    tab.check('[name="venue.accessibility"][value="step-free"]')
    tab.fill('[name="schedule.season.start"]', "1.9.2026")  # as Finns write dates
    tab.select_option('[name="schedule.meetings.0.weekday"]', "tuesday")
    tab.fill('[name="schedule.meetings.0.start"]', "9.30")
    tab.fill('[name="schedule.meetings.0.end"]', "11:00")
    tab.check('[name="audiences"][value="everyone"]')
    tab.check('[name="languages"][value="fi"]')
    tab.select_option('[name="facilitators.0.role"]', "professional")
    tab.select_option('[name="facilitators.0.partner"]', "soite")
    tab.select_option('[name="facilitators.1.role"]', "experience-expert")
    tab.select_option('[name="facilitators.1.partner"]', "kpkoos")
    tab.select_option('[name="phase"]', "pilot")
    tab.fill('[name="substitute.fi"]', "Sijainen tulee KPKOOSin varalistalta.")
    tab.select_option('[name="contact.partner"]', "soite")
    tab.fill('[name="contact.phone"]', "040 123 4567")
    tab.select_option('[name="registration"]', "none")


def check_file(tmp_path: Path, slug: str, text: str) -> list[str]:
    """The problems the checker finds in ``text`` as content/groups/<slug>.yaml."""
    tree = tmp_path / "content"
    shutil.copytree(CONTENT, tree)
    path = tree / "groups" / f"{slug}.yaml"
    path.write_bytes(text.encode("utf-8"))
    content = load_content(tree, TODAY)
    return [f"{p.line}:{p.column} {p.severity.value} {p.rule}" for p in content.problems
            if Path(p.path).resolve() == path.resolve()]


def test_new_group_gives_a_file_that_passes_check(context: BrowserContext, site: ServedSite,
                                                  tmp_path: Path) -> None:
    tab = open_form(context, site)
    fill_new_group(tab)
    tab.click("#form-check")
    assert tab.is_visible("#form-result"), tab.inner_text("#form-summary")
    assert tab.input_value("#f-slug") == "lomakekahvila-aijala"
    text = tab.input_value("#form-yaml")
    href = tab.get_attribute("#form-open", "href")
    assert href is not None
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{GITHUB}/new/main"
    query = parse_qs(parts.query)
    assert query["filename"] == ["content/groups/lomakekahvila-aijala.yaml"]
    assert query["value"] == [text]  # the same bytes
    assert len(href) <= 8000
    assert text.startswith("# yaml-language-server: $schema=../../schema/group.schema.json\n")
    # Only the English texts (and the optional short code) are missing: warnings, no error.
    problems = check_file(tmp_path, "lomakekahvila-aijala", text)
    assert [p for p in problems if " error " in p] == [], problems
    assert {p.split()[-1] for p in problems} <= {"missing-translation", "code-missing"}, problems
    group = valid(load_content(tmp_path / "content", TODAY)).groups["lomakekahvila-aijala"]
    assert group.venue.address == "Mäntytie 4 #2, 69100 Kannus"  # nothing lost after ' #'
    assert group.schedule.meetings[0].start.strftime("%H:%M") == "09:30"
    assert group.schedule.season.start.isoformat() == "2026-09-01"
    assert 'start: "09:30"' in text


def test_change_prefills_copies_and_opens_the_edit_page(context: BrowserContext,
                                                        site: ServedSite,
                                                        tmp_path: Path) -> None:
    tab = open_form(context, site, "sv")
    tab.select_option("#form-mode", "change")
    tab.wait_for_selector('#change-group option[value="digikahvila-kannus"]', state="attached")
    tab.select_option("#change-group", "digikahvila-kannus")
    tab.wait_for_function("document.querySelector('[name=\"name.fi\"]').value !== ''")
    assert tab.input_value('[name="name.fi"]') == "Digikahvila"
    assert tab.input_value("#f-slug") == "digikahvila-kannus"
    tab.fill('[name="venue.address"]', "Mäntytie 6, 69100 Kannus")
    tab.click("#form-check")
    assert tab.is_visible("#form-result"), tab.inner_text("#form-summary")
    text = tab.input_value("#form-yaml")
    href = tab.get_attribute("#form-open", "href")
    assert href == f"{GITHUB}/edit/main/content/groups/digikahvila-kannus.yaml"
    assert "Ctrl+V" in tab.inner_text("#form-instruction")
    with context.expect_page():
        tab.click("#form-open")
    assert tab.evaluate("navigator.clipboard.readText()") == text
    problems = check_file(tmp_path, "digikahvila-kannus", text)
    assert [p for p in problems if " error " in p] == [], problems
    changed = valid(load_content(tmp_path / "content", TODAY)).groups["digikahvila-kannus"]
    assert changed.venue.address == "Mäntytie 6, 69100 Kannus"
    assert changed.schedule.meetings[0].every == 2


def test_mistakes_are_shown_next_to_their_fields(context: BrowserContext,
                                                 site: ServedSite) -> None:
    tab = open_form(context, site)
    fill_new_group(tab)
    tab.fill('[name="name.fi"]', "")
    tab.select_option('[name="facilitators.0.role"]', "peer")
    tab.select_option('[name="facilitators.1.partner"]', "soite")
    tab.fill('[name="schedule.meetings.0.end"]', "09:00")
    tab.fill("#f-slug", "digikahvila-kannus")
    tab.click("#form-check")
    assert not tab.is_visible("#form-result")
    said = {
        "e-name-fi": "pääkielellä",
        "e-facilitators": "samasta organisaatiosta",
        "e-phase": "ammattilainen",
        "e-schedule-meetings-0-end": "09:00",
        "e-slug": "jo käytössä",
    }
    for element, words in said.items():
        text = tab.inner_text(f"#{element}")
        assert words in text.lower() or words in text, (element, text)
    assert tab.get_attribute('[name="name.fi"]', "aria-invalid") == "true"
    assert tab.evaluate("document.activeElement.id") == "form-summary"
    # Fixed, the same form passes.
    tab.fill('[name="name.fi"]', "Lomakekahvila")
    tab.select_option('[name="facilitators.0.role"]', "professional")
    tab.select_option('[name="facilitators.1.partner"]', "kpkoos")
    tab.fill('[name="schedule.meetings.0.end"]', "11:00")
    tab.fill("#f-slug", "lomakekahvila")
    tab.click("#form-check")
    assert tab.is_visible("#form-result"), tab.inner_text("#form-summary")


def test_form_page_has_no_axe_violations_with_messages_shown(context: BrowserContext,
                                                              site: ServedSite) -> None:
    tab = open_form(context, site, "en")
    tab.click("#form-check")  # every required field empty: messages everywhere
    tab.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = tab.evaluate("""(tags) => axe.run(document, {runOnly: {type: "tag", values: tags}})
        .then((r) => r.violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target)
        .join(" ")))""", TAGS)
    assert result == []


def test_long_file_is_copied_instead_of_sent_in_the_address(context: BrowserContext,
                                                            site: ServedSite) -> None:
    tab = open_form(context, site)
    fill_new_group(tab)
    tab.fill('[name="description.fi"]', "Pitkä kuvaus. " * 700)
    tab.click("#form-check")
    href = tab.get_attribute("#form-open", "href")
    assert href is not None and "value=" not in href and len(href) < 8000
    assert "filename=content/groups/lomakekahvila-aijala.yaml" in href
    assert "Ctrl+V" in tab.inner_text("#form-instruction")


def test_largest_example_group_fits_in_the_address() -> None:
    largest = max((CONTENT / "groups").glob("*.yaml"), key=lambda p: len(p.read_bytes()))
    text = largest.read_text(encoding="utf-8")
    url = urls.github_new("example", "ryhmaesite", "main", f"content/groups/{largest.name}",
                          text)
    assert len(url) <= 8000, (largest.name, len(url))


def test_without_javascript_the_page_explains_the_other_routes(contexts: Contexts,
                                                              site: ServedSite) -> None:
    context = contexts.without_page_scripts()
    tab = context.new_page()
    tab.goto(site.url(urls.group_form("fi")))
    assert not tab.is_visible("#group-form")
    assert tab.is_visible("#form-nojs")
    links = tab.eval_on_selector_all(".form-routes a", "els => els.map(e => e.href)")
    assert any(link.endswith("/fi/contribute/") for link in links), links
    assert f"{GITHUB}/issues/new?template=add-or-change-group.yml" in links
    assert f"{GITHUB}/new/main?filename=content/groups/" in links


def test_change_keeps_the_short_code_and_the_cancellations(context: BrowserContext,
                                                           site: ServedSite) -> None:
    """groups.json carries everything the file has, so a change loses nothing."""
    tab = open_form(context, site)
    tab.select_option("#form-mode", "change")
    tab.wait_for_selector('#change-group option[value="digikahvila-kannus"]', state="attached")
    tab.select_option("#change-group", "digikahvila-kannus")
    tab.wait_for_function("document.querySelector('[name=\"name.fi\"]').value !== ''")
    tab.click("#form-check")
    assert tab.is_visible("#form-result"), tab.inner_text("#form-summary")
    text = tab.input_value("#form-yaml")
    original = (CONTENT / "groups" / "digikahvila-kannus.yaml").read_text(encoding="utf-8")
    for line in original.splitlines():
        if line.startswith(("code:", "meets_on_public_holidays:")):
            assert line.split("  #")[0] in text, (line, text)
    if "cancellations:" in original:
        assert "cancellations:" in text
