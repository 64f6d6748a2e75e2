"""The form page "Lisää tai päivitä ryhmä" in Chromium, as partners and the coordinator use it.

A first-time partner adds a reading circle in a few fields and clicks; a partner changes one
field of a published group and the file changes by one line; an ended group starts a new
season; the entry goes to the coordinator by e-mail and comes back, the same bytes, from the
link in the message; a finished file is pasted and checked. The YAML the form writes is
checked with the project's own checker exactly as written, in a copy of the example content.
Nothing is sent to GitHub or to a mail program: the test reads the addresses they would get.
"""

from __future__ import annotations

import difflib
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Route

from brochure.check.content import load_content
from brochure.core import urls
from tests.conftest import valid

from .conftest import AXE, CONTENT, TODAY, Contexts, ServedSite
from .test_axe import TAGS

GITHUB = "https://github.com/example/ryhmaesite"
COORDINATOR = "ryhmatoiminta@soite.example.fi"  # content/site.yaml
# Some mail programs cut off or refuse a mailto: address near 2,000 characters.
MAX_MAIL = 1800
# A description as long as partners write them: the entry no longer fits in an e-mail link.
LONG_DESCRIPTION = (
    "Tule kuuntelemaan tai lukemaan ääneen. Lukupiiri kokoontuu Kaustisen kirjaston "
    "takkahuoneessa, jonne pääsee pyörätuolilla ja rollaattorilla pihan puolen ovesta.\n\n"
    "Syksyllä luemme kotimaisia romaaneja ja novelleja, keväällä runoja ja muistelmia. "
    "Jokainen saa ehdottaa kirjaa, ja valitsemme seuraavan yhdessä äänestämällä. Kirjat saa "
    "lainaksi kirjastosta, ja äänikirjat ja selkokieliset versiot löytyvät usein myös.\n\n"
    "Mitään ei tarvitse lukea etukäteen, eikä kenenkään tarvitse puhua, jos ei halua. Moni "
    "tulee ensin vain kuuntelemaan. Kahvia ja teetä on tarjolla, ja pullaa leipoo vuorollaan "
    "joku ryhmäläisistä. Ohjaajina ovat Soiten sosiaaliohjaaja ja kokemusasiantuntija, jotka "
    "ovat molemmat itse innokkaita lukijoita.\n\n"
    "Jos et ole varma, sopiiko ryhmä sinulle, soita ohjaajalle tai tule katsomaan ovelle. "
    "Voit lähteä kesken pois, ja voit tulla uudelleen milloin tahansa. Ryhmä on maksuton, "
    "eikä siihen tarvita lähetettä tai ilmoittautumista.")


def _github(route: Route) -> None:
    route.fulfill(status=200, content_type="text/html", body="<title>GitHub</title>")


@pytest.fixture
def context(contexts: Contexts, site: ServedSite) -> Iterator[BrowserContext]:
    context = contexts.new()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.origin)
    context.route("https://github.com/**", _github)
    yield context


def open_form(context: BrowserContext, site: ServedSite, lang: str = "fi",
              fragment: str = "") -> Page:
    tab = context.new_page()
    tab.goto(site.url(urls.group_form(lang)) + fragment)
    tab.wait_for_selector("#group-form[data-ready=true]")
    return tab


@dataclass
class Partner:
    """A partner at the form: every field they touch and every click, counted as a person
    makes them (a text field is clicked into, a list is opened and a choice clicked)."""

    tab: Page
    fields: set[str] = field(default_factory=set)
    clicks: int = 0

    def type(self, name: str, text: str) -> None:
        self.clicks += 1
        self.fields.add(name)
        self.tab.fill(f'[name="{name}"]', text)

    def choose(self, name: str, value: str) -> None:
        self.clicks += 2
        self.fields.add(name)
        self.tab.select_option(f'[name="{name}"]', value)

    def tick(self, name: str, value: str) -> None:
        self.clicks += 1
        self.fields.add(name)
        self.tab.check(f'[name="{name}"][value="{value}"]')

    def press(self, selector: str) -> None:
        self.clicks += 1
        self.tab.click(selector)


def add_reading_circle(partner: Partner) -> None:
    """Lukupiiri Kaustisella, as a social worker who has never used GitHub writes it."""
    partner.type("name.fi", "Lukupiiri Kaustisella")
    partner.type("summary.fi", "Luemme ja juttelemme kirjoista kerran viikossa kirjastossa.")
    partner.type("description.fi", "Tule kuuntelemaan tai lukemaan ääneen.\n\nKirjat saa "
                                   "lainaksi kirjastosta, eikä mitään tarvitse lukea etukäteen.")
    partner.choose("municipality", "kaustinen")
    partner.type("venue.name.fi", "Kaustisen kirjasto")
    partner.type("venue.address", "Kaustintie 5, 69600 Kaustinen")
    partner.choose("schedule.meetings.0.weekday", "tuesday")
    partner.type("schedule.meetings.0.time", "17–18.30")
    partner.tick("audiences", "everyone")
    partner.choose("facilitators.0.partner", "soite")
    partner.choose("facilitators.1.partner", "kpkoos")
    partner.type("contact.phone", "040 123 4567")


def check_file(tmp_path: Path, slug: str, text: str) -> list[str]:
    """The problems the checker finds in ``text`` as content/groups/<slug>.yaml."""
    tree = tmp_path / "content"
    if not tree.exists():
        shutil.copytree(CONTENT, tree)
    path = tree / "groups" / f"{slug}.yaml"
    path.write_bytes(text.encode("utf-8"))
    content = load_content(tree, TODAY)
    return [f"{p.line}:{p.column} {p.severity.value} {p.rule}" for p in content.problems
            if Path(p.path).resolve() == path.resolve()]


def test_first_time_partner_adds_the_reading_circle(
        context: BrowserContext, site: ServedSite, tmp_path: Path,
        record_property: Callable[[str, object], None]) -> None:
    tab = open_form(context, site)
    partner = Partner(tab)
    add_reading_circle(partner)
    partner.press("#form-check")
    assert tab.is_visible("#form-result"), tab.inner_text("#form-summary")
    # Success is announced (a status message), the warnings listed but not in the way.
    assert tab.get_attribute("#form-ok", "role") == "status"
    assert tab.inner_text("#form-ok")
    mail = tab.get_attribute("#form-mail", "href")
    assert mail is not None and mail.startswith(f"mailto:{COORDINATOR}?")
    partner.clicks += 1  # "Lähetä koordinaattorille": the mail program takes it from here
    record_property("first-time partner", {"fields": len(partner.fields),
                                           "clicks": partner.clicks})
    assert len(partner.fields) <= 12, sorted(partner.fields)
    assert partner.clicks <= 30, partner.clicks
    text = tab.input_value("#form-yaml")
    problems = check_file(tmp_path, "lukupiiri-kaustisella", text)
    assert [p for p in problems if " error " in p] == [], problems
    group = valid(load_content(tmp_path / "content", TODAY)).groups["lukupiiri-kaustisella"]
    assert group.schedule.meetings[0].start.strftime("%H:%M") == "17:00"
    assert group.schedule.meetings[0].end.strftime("%H:%M") == "18:30"
    assert group.code and group.code not in {g.code for s, g in
                                             valid(load_content(CONTENT, TODAY)).groups.items()}
    # The comments the form writes are in the form's language.
    assert "# Kunta, jossa ryhmä kokoontuu." in text


def test_one_field_update_is_a_one_line_diff(context: BrowserContext, site: ServedSite) -> None:
    tab = open_form(context, site)
    tab.check("#form-mode-change")
    tab.select_option("#change-group", "digikahvila-kannus")
    tab.wait_for_function("document.querySelector('[name=\"name.fi\"]').value !== ''")
    assert "2026" in tab.inner_text("#change-note")  # when the form's copy was published
    time = '[name="schedule.meetings.0.time"]'
    assert tab.input_value(time) == "13.00–15.00"
    tab.fill(time, "14.00–15.00")
    tab.click("#form-check")
    assert tab.is_visible("#form-result"), tab.inner_text("#form-summary")
    original = (CONTENT / "groups" / "digikahvila-kannus.yaml").read_text(encoding="utf-8")
    text = tab.input_value("#form-yaml")
    diff = [line for line in difflib.unified_diff(original.splitlines(), text.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert diff == ['-    - {weekday: wednesday, start: "13:00", end: "15:00", every: 2}',
                    '+    - {weekday: wednesday, start: "14:00", end: "15:00", every: 2}'], diff
    assert "# lyhytlinkki r/fc7n/" in text
    assert tab.inner_text("#form-change-list") == "Kellonaika: 13.00 → 14.00"
    assert tab.get_attribute("#form-open", "href") == (
        f"{GITHUB}/edit/main/content/groups/digikahvila-kannus.yaml")
    with context.expect_page():
        tab.click("#form-open")
    assert tab.evaluate("navigator.clipboard.readText()") == text


def test_ended_group_starts_a_new_season(context: BrowserContext, site: ServedSite,
                                         tmp_path: Path) -> None:
    tab = open_form(context, site, "sv")
    tab.check("#form-mode-change")
    hidden = tab.inner_text('#change-group option[value="kevaan-kavelyryhma-perho"]')
    assert "(visas inte)" in hidden
    tab.select_option("#change-group", "kevaan-kavelyryhma-perho")
    tab.wait_for_selector("#restart-season:not([hidden])")
    assert "säsong har slutat" in tab.inner_text("#change-note")
    tab.click("#restart-season")
    tab.click("#form-check")
    assert tab.is_visible("#form-result"), tab.inner_text("#form-summary")
    text = tab.input_value("#form-yaml")
    assert "season: {start: 2026-11-23, end: 2027-05-29}" in text
    assert "reviewed: 2026-11-23" in text
    changes = tab.inner_text("#form-change-list")
    assert changes.split("\n") == ["Säsongens första dag: 12.1.2026 → 23.11.2026",
                                    "Säsongens sista dag: 29.5.2026 → 29.5.2027",
                                    "Uppgifterna kontrollerade: 17.8.2026 → 23.11.2026"], changes
    problems = check_file(tmp_path, "kevaan-kavelyryhma-perho", text)
    assert [p for p in problems if " error " in p or "season-ended" in p] == [], problems


def _mail_parts(href: str) -> tuple[str, str, str]:
    """(recipient, subject, body) of a mailto: address, as a mail program reads it."""
    parts = urlsplit(href)
    assert parts.scheme == "mailto"
    query = parse_qs(parts.query)
    return unquote(parts.path), query["subject"][0], query["body"][0]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_entry_goes_to_the_coordinator_and_comes_back_the_same(
        context: BrowserContext, site: ServedSite, lang: str) -> None:
    tab = open_form(context, site, lang)
    add_reading_circle(Partner(tab))
    tab.click('[data-path="name"] summary')  # the translations open on demand
    tab.fill('[name="name.sv"]', "Läsecirkeln i Kaustby")
    tab.click("#form-check")
    assert tab.is_visible("#form-result"), tab.inner_text("#form-summary")
    tab.wait_for_selector("#form-mail[data-ready=true]")
    sent = tab.input_value("#form-yaml")
    href = tab.get_attribute("#form-mail", "href") or ""
    # A short entry fits: the whole entry is in the message's link, nothing else is offered.
    assert len(href) <= MAX_MAIL and tab.get_attribute("#form-mail", "data-long") == "false"
    assert tab.is_hidden("#form-mail-long") and tab.is_visible("#form-mail-link-note")
    recipient, subject, body = _mail_parts(href)
    assert recipient == COORDINATOR
    assert ("Läsecirkeln i Kaustby" if lang == "sv" else "Lukupiiri Kaustisella") in subject
    assert "Kaustintie 5, 69600 Kaustinen" in body  # the summary in words
    (link,) = re.findall(r"https?://\S+#entry=\S+", body)
    assert link.startswith(site.url(urls.group_form(lang)))
    # The coordinator follows the link: the same checks, the same file, one click to GitHub.
    desk = open_form(context, site, lang, fragment=link[link.index("#"):])
    desk.wait_for_selector("#form-result:not([hidden])")
    assert desk.input_value("#form-yaml") == sent
    github = urlsplit(desk.get_attribute("#form-open", "href") or "")
    assert parse_qs(github.query)["value"] == [sent]
    assert desk.input_value('[name="name.fi"]') == "Lukupiiri Kaustisella"
    if lang == "fi":
        # A link cut short by a mail program opens nothing, and says so.
        cut = open_form(context, site, lang, fragment=link[link.index("#"):-40])
        assert "linkki on ehkä katkennut" in cut.inner_text("#form-ok")
        assert cut.is_hidden("#form-result")


def test_a_long_entry_is_copied_or_downloaded_not_cut_off(
        context: BrowserContext, site: ServedSite, tmp_path: Path) -> None:
    """Too long for an e-mail link: the partner copies or downloads the file, and a short
    message asks them to paste or attach it; the file is the form's, byte for byte."""
    tab = open_form(context, site)
    add_reading_circle(Partner(tab))
    tab.fill('[name="description.fi"]', LONG_DESCRIPTION)
    tab.click("#form-check")
    assert tab.is_visible("#form-result"), tab.inner_text("#form-summary")
    tab.wait_for_selector("#form-mail[data-ready=true]")
    sent = tab.input_value("#form-yaml")
    href = tab.get_attribute("#form-mail", "href") or ""
    assert tab.get_attribute("#form-mail", "data-long") == "true"
    assert len(href) <= MAX_MAIL, len(href)
    assert tab.is_visible("#form-mail-long") and tab.is_hidden("#form-mail-link-note")
    recipient, subject, body = _mail_parts(href)
    assert recipient == COORDINATOR and "Lukupiiri Kaustisella" in subject
    assert "#entry=" not in body and "Kaustintie 5, 69600 Kaustinen" in body
    assert "Liitä kopioimasi tiedot tähän (Ctrl+V) tai liitä viestiin lataamasi tiedosto " \
        "lukupiiri-kaustisella.yaml" in body, body
    tab.click("#form-mail-copy")
    assert tab.evaluate("navigator.clipboard.readText()") == sent
    assert "Tiedot on kopioitu" in tab.inner_text("#form-status")
    with tab.expect_download() as download:
        tab.click("#form-mail-download")
    assert download.value.suggested_filename == "lukupiiri-kaustisella.yaml"
    data = Path(download.value.path()).read_bytes()
    assert data == sent.encode("utf-8")
    problems = check_file(tmp_path, "lukupiiri-kaustisella", data.decode("utf-8"))
    assert [p for p in problems if " error " in p] == [], problems
    group = valid(load_content(tmp_path / "content", TODAY)).groups["lukupiiri-kaustisella"]
    assert (group.description.fi or "").rstrip("\n") == LONG_DESCRIPTION  # a block's newline


def test_mistakes_are_said_in_the_forms_words(context: BrowserContext,
                                              site: ServedSite) -> None:
    tab = open_form(context, site)
    add_reading_circle(Partner(tab))
    tab.fill('[name="name.fi"]', "")
    tab.select_option('[name="facilitators.0.role"]', "peer")
    tab.select_option('[name="facilitators.1.partner"]', "soite")
    tab.fill('[name="schedule.meetings.0.time"]', "25:00–26")
    tab.fill('[name="contact.phone"]', "12345")
    tab.click("#form-check")
    assert not tab.is_visible("#form-result")
    said = {
        "e-name-fi": "Nimi: tämä tarvitaan.",
        "e-facilitators": "molemmat ovat organisaatiosta Keski-Pohjanmaan hyvinvointialue Soite",
        "e-phase": "ammattilainen",
        "e-schedule-meetings-0-time": "'25:00'",
        "e-contact-phone": "'12345' ei ole puhelinnumero",
    }
    for element, words in said.items():
        text = tab.inner_text(f"#{element}")
        assert words in text, (element, text)
    summary = tab.inner_text("#form-summary")
    for yaml_words in ("role:", "fi:", "lainausmerk", "Kentän", "ohjaajalle role"):
        assert yaml_words not in summary, summary
    assert tab.get_attribute('[name="name.fi"]', "aria-invalid") == "true"
    assert tab.evaluate("document.activeElement.id") == "form-summary"


def test_a_finished_file_is_checked_and_loaded(context: BrowserContext, site: ServedSite,
                                                tmp_path: Path) -> None:
    tab = open_form(context, site, "en")
    text = (CONTENT / "groups" / "digikahvila-kannus.yaml").read_text(encoding="utf-8")
    broken = text.replace("free: true", "free: false").replace('phone: "040 232 3380"',
                                                                'phone: "12345"')
    tab.fill("#check-file", broken)
    tab.click("#check-file-run")
    rules = tab.eval_on_selector_all("#check-file-result [data-rule]",
                                     "els => els.map(e => e.dataset.rule)")
    expected = check_file(tmp_path, "digikahvila-kannus", broken)
    assert sorted(rules) == sorted(p.split()[-1] for p in expected), (rules, expected)
    assert {"must-be-free", "phone-invalid"} <= set(rules)
    tab.click("#check-file-load")
    assert tab.input_value('[name="name.fi"]') == "Digikahvila"
    assert tab.is_checked("#form-mode-change")
    # A street with a Finnish name beside its Swedish one: the street field shows only the
    # Swedish box (the Finnish street is in the address), and the file comes back byte for
    # byte, unchanged and after the Swedish name changes.
    street = (CONTENT / "groups" / "yhteinen-poyta.yaml").read_text(encoding="utf-8").replace(
        'street: {sv: "Storgatan 14"}', 'street: {fi: "Isokatu 14", sv: "Storgatan 14"}')
    assert "Isokatu 14" in street
    tab.fill("#check-file", street)
    tab.click("#check-file-run")
    tab.click("#check-file-load")
    boxes = tab.eval_on_selector_all('[data-path="venue.street"] input:not([type=hidden])',
                                     "els => els.map(e => e.name)")
    assert boxes == ["venue.street.sv"], boxes
    assert tab.input_value('[name="venue.street.sv"]') == "Storgatan 14"
    tab.click("#form-check")
    assert tab.input_value("#form-yaml") == street
    tab.click('[data-more="venue.street"] > summary')
    tab.fill('[name="venue.street.sv"]', "Storgatan 16")
    tab.click("#form-check")
    assert tab.input_value("#form-yaml") == street.replace("Storgatan 14", "Storgatan 16")
    tab.fill("#check-file", "name: [\n")
    tab.click("#check-file-run")
    assert tab.is_hidden("#check-file-load")
    assert tab.eval_on_selector_all("#check-file-result [data-rule]",
                                    "els => els.map(e => e.dataset.rule)") == [
        "yaml-unclosed-bracket"]


def _axe(tab: Page) -> list[str]:
    if not tab.evaluate("typeof axe !== 'undefined'"):
        tab.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result: list[str] = tab.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: "tag", values: tags}})
        .then((r) => r.violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target)
        .join(" ")))""", TAGS)
    return result


def test_form_has_no_axe_violations_in_any_state(context: BrowserContext,
                                                 site: ServedSite) -> None:
    tab = open_form(context, site, "en")
    found = {"empty": _axe(tab)}
    tab.click("#form-check")  # every required field empty: messages everywhere
    found["errors"] = _axe(tab)
    add_reading_circle(Partner(tab))
    tab.click("#form-check")
    assert tab.is_visible("#form-result")
    found["success"] = _axe(tab)
    tab.fill("#check-file", "name: [\n")
    tab.click("#check-file-run")
    found["check-a-file"] = _axe(tab)
    assert found == {state: [] for state in found}, found


def test_largest_example_group_fits_in_the_address() -> None:
    largest = max((CONTENT / "groups").glob("*.yaml"), key=lambda p: len(p.read_bytes()))
    text = largest.read_text(encoding="utf-8")
    url = urls.github_new("example", "ryhmaesite", "main", f"content/groups/{largest.name}",
                          text)
    assert len(url) <= 8000, (largest.name, len(url))


def test_without_javascript_the_page_offers_the_email_route(contexts: Contexts,
                                                             site: ServedSite) -> None:
    context = contexts.without_page_scripts()
    tab = context.new_page()
    tab.goto(site.url(urls.group_form("fi")))
    assert not tab.is_visible("#group-form")
    assert tab.is_visible("#form-nojs")
    href = tab.get_attribute("#mail-route a", "href") or ""
    recipient, subject, body = _mail_parts(href)
    assert recipient == COORDINATOR and subject
    items = tab.eval_on_selector_all("#mail-route li", "els => els.map(e => e.textContent)")
    assert len(items) >= 5 and all(item in body for item in items), (items, body)
    links = tab.eval_on_selector_all(".form-routes a", "els => els.map(e => e.href)")
    assert any(link.endswith("/fi/contribute/") for link in links), links
    assert f"{GITHUB}/new/main?filename=content/groups/" in links
