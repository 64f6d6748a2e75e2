"""The form page's data: fields from the group model, choices in the page's language, the
committed validator script made from the committed JSON Schema."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from brochure.core import urls
from brochure.site.form import form_fields, repository_parts
from tests.conftest import REPO, ExampleSite

VALIDATOR = REPO / "static" / "group-validator.js"


def _fields(example_site: ExampleSite, lang: str) -> dict[str, object]:
    content = example_site.result.content
    found: dict[str, object] = {}

    def walk(fields: tuple[object, ...]) -> None:
        for f in fields:
            found[f.path] = f  # type: ignore[attr-defined]
            walk(f.children)  # type: ignore[attr-defined]
    walk(form_fields(content, lang))
    return found


def test_every_group_field_is_in_the_form(example_site: ExampleSite) -> None:
    from brochure.core.models import Group
    fields = _fields(example_site, "fi")
    for name, info in Group.model_fields.items():
        if not info.exclude:
            assert name in fields, name


def test_choices_are_in_the_page_language(example_site: ExampleSite) -> None:
    for lang, label in (("fi", "Kokkola"), ("sv", "Karleby"), ("en", "Kokkola")):
        municipality = _fields(example_site, lang)["municipality"]
        choices = {c.id: c.label for c in municipality.choices}  # type: ignore[attr-defined]
        assert choices["kokkola"] == label
    weekday = _fields(example_site, "sv")["schedule.meetings.weekday"]
    assert {c.id: c.label for c in weekday.choices}["tuesday"] == "Tisdag"  # type: ignore[attr-defined]


def test_form_page_is_built_in_every_language(example_site: ExampleSite) -> None:
    for lang, heading in (("fi", "Lisää tai päivitä ryhmä"),
                          ("sv", "Lägg till eller uppdatera en grupp"),
                          ("en", "Add or update a group")):
        html = example_site.read(urls.group_form(lang))
        assert f"<h1>{heading}</h1>" in html
        assert "group-validator.js" in html and "form.js" in html
        assert "https://cdn" not in html
    assert (example_site.output / "assets" / "group-validator.js").is_file()


def test_partners_page_links_to_the_form_first(example_site: ExampleSite) -> None:
    for lang in ("fi", "sv", "en"):
        html = example_site.read(urls.page(lang, "contribute"))
        main = html[html.index("<main"):]
        first_link = main[main.index("<a "):main.index("</a>")]
        assert 'href="../add-group/"' in first_link, first_link


def test_repository_parts() -> None:
    assert repository_parts("https://github.com/example/ryhmaesite") == ("example", "ryhmaesite")
    assert repository_parts("https://github.com/example/ryhmaesite.git") == ("example",
                                                                            "ryhmaesite")
    assert repository_parts("https://example.org/x") is None


@pytest.mark.skipif(shutil.which("node") is None or not (REPO / "node_modules" / "ajv").is_dir(),
                    reason="node or node_modules missing: run make node-deps")
def test_committed_validator_is_current(tmp_path: Path) -> None:
    """static/group-validator.js is what `make validator` writes from schema/ now."""
    fresh = tmp_path / "group-validator.js"
    subprocess.run(["node", str(REPO / "tools" / "validator.mjs"), str(fresh)], check=True,
                   cwd=REPO)
    assert fresh.read_bytes() == VALIDATOR.read_bytes(), "run `make validator` and commit"


@pytest.mark.skipif(shutil.which("node") is None, reason="node missing")
def test_validator_accepts_an_example_group_and_rejects_a_broken_one(tmp_path: Path) -> None:
    script = tmp_path / "run.js"
    script.write_text(
        "const vm = require('vm'); const fs = require('fs');\n"
        f"vm.runInThisContext(fs.readFileSync({str(VALIDATOR)!r}, 'utf8'));\n"
        "const v = brochureValidateGroup;\n"
        "const good = {name: {fi: 'a'}, summary: {fi: 'b'}, description: {fi: 'c'},\n"
        "  municipality: 'kokkola', venue: {name: {fi: 'd'}, address: 'e'},\n"
        "  schedule: {season: {start: '2026-09-01'}, meetings: [{weekday: 'monday',\n"
        "    start: '09:30', end: '11:00'}]}, audiences: ['everyone'], languages: ['fi'],\n"
        "  facilitators: [{role: 'peer', partner: 'soite'}], phase: 'pilot',\n"
        "  substitute: {fi: 'f'}, contact: {partner: 'soite'}, free: true,\n"
        "  referral_required: false, anonymous: true, registration: 'none',\n"
        "  reviewed: '2026-11-01'};\n"
        "const bad = Object.assign({}, good, {municipality: 'oulu', free: false});\n"
        "console.log(JSON.stringify([v(good), v(bad), v.errors.map(e => e.keyword).sort()]));\n",
        encoding="utf-8")
    out = subprocess.run(["node", str(script)], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == '[true,false,["const","enum"]]'
