"""The form page's data: fields from the group model, labels and help in every language,
choices in the page's language, the checker's data made from the Python rules, and the
committed checker script made from tools/checker/."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from babel.messages.pofile import read_po

from brochure.check import group_rules
from brochure.check.rules import RULES
from brochure.core import urls
from brochure.core.i18n import LOCALE_DIR
from brochure.core.models import Group
from brochure.site.form import (
    COMMENTS,
    FORM_MESSAGES,
    HELP,
    LABELS,
    MAIL_ITEMS,
    WORDS,
    FormField,
    coordinator_mail,
    form_fields,
    repository_parts,
)
from brochure.site.form_rules import checker_config
from tests.conftest import REPO, ExampleSite

CHECKER = REPO / "static" / "group-checker.js"


def _fields(example_site: ExampleSite, lang: str) -> dict[str, FormField]:
    found: dict[str, FormField] = {}

    def walk(fields: tuple[FormField, ...]) -> None:
        for f in fields:
            found[f.path] = f
            walk(f.children)
    walk(form_fields(example_site.result.content, lang))
    return found


def test_every_group_field_is_in_the_form_with_a_label_of_its_own(
        example_site: ExampleSite) -> None:
    fields = _fields(example_site, "fi")
    for name, info in Group.model_fields.items():
        if not info.exclude:
            assert name in fields, name
    for path in fields:
        assert path in LABELS, f"{path} has no label: add it to brochure.site.form.LABELS"
    labels = {fields[p].label for p in ("venue.name", "facilitators.name", "contact.name",
                                        "name")}
    assert len(labels) == 4, labels  # the venue's, a facilitator's, the contact's, the group's


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_word_of_the_form_is_translated(lang: str) -> None:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = {m.id: m.string for m in read_po(po) if m.id}
    words = [*LABELS.values(), *HELP.values(), *COMMENTS.values(), *FORM_MESSAGES.values(),
             *WORDS.values(), *MAIL_ITEMS]
    # Swedish may share a word with English ("Organisation"); Finnish never does.
    missing = [w for w in words if not catalog.get(w) or (lang == "fi" and catalog[w] == w)]
    assert not missing, missing


def test_every_rule_a_form_can_meet_has_words_of_the_form() -> None:
    """The rules of one group's content (not of YAML, other files or attendance)."""
    group_rule_ids = {rule for rule in RULES if not rule.startswith(
        ("yaml-", "attendance-", "page-", "file-")) and rule not in {
        "written-as", "missing-file", "missing-page", "symlink", "duplicate-group",
        "unknown-partner-kind", "url-invalid", "group-deleted-not-retired",
        "partner-file-errors", "must-be-free", "no-referral", "must-be-anonymous",
        "registration-required", "unknown-setting", "population-missing"}}
    assert group_rule_ids - set(FORM_MESSAGES) == set()
    for rule, text in FORM_MESSAGES.items():
        assert rule in RULES, rule
        assert "quote" not in text and "YAML" not in text, (rule, text)


def test_choices_are_in_the_page_language(example_site: ExampleSite) -> None:
    for lang, label in (("fi", "Kokkola"), ("sv", "Karleby"), ("en", "Kokkola")):
        municipality = _fields(example_site, lang)["municipality"]
        assert {c.id: c.label for c in municipality.choices}["kokkola"] == label
    weekday = _fields(example_site, "sv")["schedule.meetings.weekday"]
    assert {c.id: c.label for c in weekday.choices}["tuesday"] == "Tisdag"
    role = _fields(example_site, "fi")["facilitators.role"]
    assert {c.id: c.label for c in role.choices}["professional"] == "Ammattilainen"


def test_first_screen_asks_only_what_every_entry_needs(example_site: ExampleSite) -> None:
    fields = _fields(example_site, "fi")
    later = {path for path, f in fields.items() if f.on_demand}
    assert {"venue.coordinates", "cancellations", "max_participants", "substitute",
            "facilitators.name", "contact.name"} <= later
    html = example_site.read(urls.group_form("fi"))
    form = html[html.index('<form id="group-form"'):html.index("</form>")]
    # Translations open on demand too: only Finnish is asked on the first screen (name,
    # summary, description, the meeting place's name, the substitute and a cancellation's
    # reason); the street's name has its one Swedish box, without translations.
    assert form.count('<details class="f-more f-translations">') == 6
    assert {"venue.street", "schedule.next_season"} <= later


def test_form_page_is_built_in_every_language(example_site: ExampleSite) -> None:
    for lang, heading, check in (("fi", "Lisää tai päivitä ryhmä", "Tarkista valmis tiedosto"),
                                 ("sv", "Lägg till eller uppdatera en grupp",
                                  "Granska en färdig fil"),
                                 ("en", "Add or update a group", "Check a finished file")):
        html = example_site.read(urls.group_form(lang))
        assert f"<h1>{heading}</h1>" in html
        assert f'<h2 id="check-heading">{check}</h2>' in html
        for contract in ('<textarea id="check-file"', 'id="check-file-run"',
                         'id="check-file-result"', "group-checker.js", "form.js"):
            assert contract in html, contract
        assert "https://cdn" not in html
    assert (example_site.output / "assets" / "group-checker.js").is_file()


def test_coordinator_mail_without_scripts(example_site: ExampleSite) -> None:
    href, items = coordinator_mail(example_site.result.content, "sv")
    assert href is not None
    parts = urlsplit(href)
    assert unquote(parts.path) == "ryhmatoiminta@soite.example.fi"
    body = parse_qs(parts.query)["body"][0]
    assert all(item in body for item in items) and "gruppens namn" in body


def test_checker_data_comes_from_the_python_rules(example_site: ExampleSite) -> None:
    config: dict[str, Any] = checker_config(example_site.result.content, "sv")
    assert config["limits"]["summary"] == group_rules.SUMMARY_LIMIT
    assert [reads for _, reads in config["groupRules"]] == [
        list(rule.reads) for rule in group_rules.GROUP_RULES]
    assert config["models"]["Meeting"]["start"]["kind"] == "clock"
    assert config["models"]["Contact"]["phone"]["kind"] == "phone"
    assert config["rules"]["two-facilitators"]["severity"] == "error"
    assert "handledare" in config["rules"]["two-facilitators"]["message"]
    assert config["retired"] == {"kesakahvila-kokkola": "f763"}
    json.dumps(config)


def test_repository_parts() -> None:
    assert repository_parts("https://github.com/example/ryhmaesite") == ("example", "ryhmaesite")
    assert repository_parts("https://github.com/example/ryhmaesite.git") == ("example",
                                                                            "ryhmaesite")
    assert repository_parts("https://example.org/x") is None


@pytest.mark.skipif(shutil.which("node") is None or not (REPO / "node_modules" / "yaml").is_dir(),
                    reason="node or node_modules missing: run make node-deps")
def test_committed_checker_is_current(tmp_path: Path) -> None:
    """static/group-checker.js is what `make validator` writes from tools/checker/ now."""
    fresh = tmp_path / "group-checker.js"
    subprocess.run(["node", str(REPO / "tools" / "validator.mjs"), str(fresh)], check=True,
                   cwd=REPO)
    assert fresh.read_bytes() == CHECKER.read_bytes(), "run `make validator` and commit"


def test_the_street_is_asked_only_in_the_languages_streets_are_named_in(
        example_site: ExampleSite) -> None:
    """The Finnish street is in the address: the street field asks only its Swedish name (the
    example's site.yaml: streets named in Finnish and Swedish), the other languages' values
    kept in hidden inputs so that a loaded file comes back the same."""
    site = example_site.result.content.site
    assert site.street_languages == ["fi", "sv"]
    for lang in site.language_order:
        assert _fields(example_site, lang)["venue.street"].languages == ("sv",)
        assert _fields(example_site, lang)["venue.name"].languages == ()  # every language
        html = example_site.read(urls.group_form(lang))
        street = html.split('<fieldset class="f-texts" data-path="venue.street">')[1]
        street = street.split("</fieldset>")[0]
        assert 'type="text" id="f-venue-street-sv" name="venue.street.sv"' in street
        assert street.count('type="text"') == 1 and "<details" not in street
        assert street.count('type="hidden"') == 2
        assert '<input type="hidden" name="venue.street.fi">' in street
