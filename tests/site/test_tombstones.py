"""Links that never die: a hidden or deleted group's addresses answer with a tombstone.

A group whose season ended, whose review is overdue, or whose file was deleted (and moved into
``content/retired.yaml``) keeps its page in every language and both short links (``r/<slug>/``
and ``r/<code>/``): which of the three it is and since when (the season ended on a date and
the next one starts, the details are being updated, it no longer meets), the coordinator's
phone and the other groups of its municipality; a shared link's preview says the same. The
tombstone is ``noindex`` and in no sitemap, list, feed, calendar or data file. Also here: the
styled 404 page and the language choice at the root.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from brochure.check.content import load_content
from brochure.engine.build import build
from tests.conftest import VALID_GROUP, ExampleSite, edit_group, make_tree, valid

TODAY = dt.date(2026, 11, 23)
BASE = "https://example.org/ryhmat/"
# What each kind of tombstone says (heading, and the sentence with its date), per language.
ENDED = {"fi": ("Tämän ryhmän kausi on päättynyt", "Kausi päättyi 1.11.2026."),
         "sv": ("Gruppens säsong har slutat", "Säsongen slutade 1.11.2026."),
         "en": ("This group&#39;s season has ended", "The season ended on 1 Nov 2026.")}
DELETED = {"fi": ("Tämä ryhmä ei enää kokoonnu", "Ryhmän toiminta päättyi 30.10.2026."),
           "sv": ("Gruppen träffas inte längre", "Gruppens verksamhet upphörde 30.10.2026."),
           "en": ("This group no longer meets", "The group ended on 30 Oct 2026.")}
OVERDUE = {"fi": ("Tämän ryhmän tietoja päivitetään",
                  "Tietoja ei ole tarkistettu 22.11.2026 jälkeen"),
           "sv": ("Gruppens uppgifter uppdateras",
                  "Uppgifterna har inte kontrollerats sedan 22.11.2026"),
           "en": ("This group&#39;s details are being updated",
                  "Its details have not been checked since 22 Nov 2026")}
NOINDEX = '<meta name="robots" content="noindex">'
COORDINATOR_TEL = 'href="tel:+35868287000"'  # site.yaml: coordinator.phone "06 828 7000"
# Another group in Kokkola (listed on the tombstone) and one in Kannus (not listed).
OTHER = VALID_GROUP.replace('"Testikahvila"', '"Toinen ryhmä"').replace(
    '"Testkaféet"', '"Andra gruppen"').replace('"Test Café"', '"Second group"').replace(
    'code: "k7m3"', 'code: "ac23"')
ELSEWHERE = OTHER.replace('"Toinen ryhmä"', '"Kannuksen ryhmä"').replace(
    "municipality: kokkola", "municipality: kannus").replace('code: "ac23"', 'code: "ac24"')
RETIRED = """\
# Deleted groups.
groups:
  - slug: kahvila
    code: "k7m3"
    municipality: kokkola
    name: {fi: "Testikahvila", sv: "Testkaféet", en: "Test Café"}
    ended: 2026-10-30
"""
ADDRESSES = ("fi/groups/kahvila/", "sv/groups/kahvila/", "en/groups/kahvila/", "r/kahvila/",
             "r/k7m3/")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = make_tree(tmp_path / "content")
    (root / "groups" / "kahvila.yaml").write_text(VALID_GROUP, encoding="utf-8")
    (root / "groups" / "toinen.yaml").write_text(OTHER, encoding="utf-8")
    (root / "groups" / "muualla.yaml").write_text(ELSEWHERE, encoding="utf-8")
    return root


def built(root: Path, name: str) -> Path:
    output = root.parent / name
    result = build(root, output, TODAY)
    assert result.model is not None, [str(p) for p in result.problems]
    return output


def read(output: Path, url: str) -> str:
    return (output / url / "index.html").read_text(encoding="utf-8")


def assert_tombstones(output: Path, says: dict[str, tuple[str, str]]) -> None:
    for url in ADDRESSES:
        page = read(output, url)
        lang = url[:2] if not url.startswith("r/") else "fi"
        heading, sentence = says[lang]
        assert NOINDEX in page, url
        assert f"<h1>{heading}</h1>" in page and sentence in page, url
        # A pasted link's preview says which and when, too.
        assert re.search(rf'og:description" content="[^"]*{re.escape(sentence)}', page), url
        assert COORDINATOR_TEL in page, url
        others = re.search(r'<section aria-labelledby="others">.*?</section>', page, re.S)
        assert others, url
        assert {"fi": "Toinen ryhmä", "sv": "Andra gruppen", "en": "Second group"}[lang] in (
            others.group(0)), url
        assert "Kannuksen ryhmä" not in others.group(0), url
        assert f"{lang}/groups/toinen/" in others.group(0), url
    # A short link sends a browser with JavaScript to the tombstone in its language.
    assert '"sv": "../../sv/groups/kahvila/"' in read(output, "r/k7m3/")
    # And nothing else says the group exists: no list, sitemap, feed, calendar or data file.
    # Only partners see it: the form offers it for a new season, with its own file.
    for_partners = {output / lang / "add-group" / "index.html" for lang in ("fi", "sv", "en")}
    for_partners.add(output / "data" / "groups" / "kahvila.yaml")
    for path in output.rglob("*"):
        if not path.is_file() or any(path == output / url / "index.html" for url in ADDRESSES):
            continue
        if path in for_partners:
            continue
        data = path.read_text(encoding="utf-8", errors="replace")
        for trace in ("Testikahvila", "Testkaféet", "groups/kahvila/", "r/k7m3/", "r/kahvila/"):
            assert trace not in data, (path, trace)


def test_group_page_and_both_short_links_answer_before_the_season_ends(tree: Path) -> None:
    output = built(tree, "open")
    assert "Testikahvila" in read(output, "fi/groups/kahvila/")
    for url in ("r/kahvila/", "r/k7m3/"):
        page = read(output, url)
        assert '"fi": "../../fi/groups/kahvila/"' in page and "Testikahvila" in page
        assert all(says["fi"][0] not in page for says in (ENDED, DELETED, OVERDUE))


@pytest.mark.slow  # three builds
def test_ended_season_then_deleted_file_leave_tombstones(tree: Path) -> None:
    group = tree / "groups" / "kahvila.yaml"
    group.write_text(edit_group(("end: 2027-05-31", "    end: 2026-11-01"),
                                ("breaks:", "  breaks: []"), ("- start: 2026-12-21", ""),
                                ("end: 2027-01-06", "")), encoding="utf-8")
    assert valid(load_content(tree, TODAY)).hidden == {"kahvila": "season-ended"}
    assert_tombstones(built(tree, "ended"), {
        lang: (heading, f"{sentence} {following}") for (lang, (heading, sentence)), following
        in zip(ENDED.items(), ("Seuraavaa kautta ei ole vielä ilmoitettu.",
                               "Nästa säsong har inte meddelats ännu.",
                               "The next season has not been announced yet."), strict=True)})
    # Once the next season is known, the page says when it starts.
    group.write_text(edit_group(("end: 2027-05-31", "    end: 2026-11-01\n"
                                 "  next_season: {start: 2027-01-11}"),
                                ("breaks:", "  breaks: []"), ("- start: 2026-12-21", ""),
                                ("end: 2027-01-06", "")), encoding="utf-8")
    assert "Seuraava kausi alkaa 11.1.2027." in read(built(tree, "next"), "fi/groups/kahvila/")

    # Deleted, with its entry in retired.yaml: the same addresses still answer.
    group.unlink()
    (tree / "retired.yaml").write_text(RETIRED, encoding="utf-8")
    content = load_content(tree, TODAY)
    assert content.errors == 0 and list(valid(content).retired) == ["kahvila"]
    assert_tombstones(built(tree, "deleted"), DELETED)


def test_overdue_review_leaves_tombstones(tree: Path) -> None:
    (tree / "groups" / "kahvila.yaml").write_text(
        edit_group(("reviewed:", "reviewed: 2025-09-18")), encoding="utf-8")
    assert valid(load_content(tree, TODAY)).hidden == {"kahvila": "review-overdue"}
    assert_tombstones(built(tree, "overdue"), OVERDUE)


def test_deleted_without_retired_entry_loses_its_addresses(tree: Path) -> None:
    """What the pull-request check prevents (test_pr_summary.py): the links die."""
    (tree / "groups" / "kahvila.yaml").unlink()
    output = built(tree, "lost")
    for url in ADDRESSES:
        assert not (output / url).exists(), url


def test_retired_slug_and_code_are_never_reused(tree: Path) -> None:
    (tree / "retired.yaml").write_text(RETIRED, encoding="utf-8")
    content = load_content(tree, TODAY)
    # The file of the same name is an error: its address and code belong to the deleted group.
    assert "kahvila" not in valid(content).groups
    assert sorted(p.rule for p in content.problems if p.path.endswith("kahvila.yaml")) == [
        "code-duplicate", "slug-retired"]
    (tree / "groups" / "kahvila.yaml").rename(tree / "groups" / "uusi.yaml")
    content = load_content(tree, TODAY)
    assert "uusi" not in valid(content).groups
    assert [p.rule for p in content.problems if p.path.endswith("uusi.yaml")] == [
        "code-duplicate"]


def test_retired_file_is_checked(tree: Path) -> None:
    (tree / "retired.yaml").write_text(
        RETIRED.replace('"k7m3"', '"k0o1"').replace("kokkola", "kokola")
        + '  - slug: kahvila\n    municipality: kokkola\n    name: {fi: "Toinen"}\n',
        encoding="utf-8")
    problems = [p for p in load_content(tree, TODAY).problems if p.path.endswith("retired.yaml")]
    assert sorted((p.rule, p.line, p.column) for p in problems) == [
        ("code-format", 4, 11), ("duplicate-value", 8, 11), ("unknown-municipality", 5, 19)]


# --- the 404 page and the root -----------------------------------------------------------------

def test_not_found_page_offers_the_municipalities_in_every_language(
        example_site: ExampleSite) -> None:
    page = example_site.read("404.html")
    assert NOINDEX in page and 'class="site-header"' in page  # the site's own layout
    assert page.count("<h1>") == 1
    for lang, name in (("fi", "Kokkola"), ("sv", "Karleby"), ("en", "Kokkola")):
        section = re.search(rf'<section lang="{lang}".*?</section>', page, re.S)
        assert section, lang
        assert f'href="{BASE}{lang}/municipality/kokkola/"' in section.group(0)
        assert f">{name} <" in section.group(0)
        assert f'href="{BASE}{lang}/"' in section.group(0)
    # Served at any address: every link and the stylesheet are absolute.
    for link in re.findall(r'(?:href|src)="([^"#]+)"', page):
        assert link.startswith((BASE, "mailto:", "tel:")), link


def test_root_picks_the_browser_language_and_offers_the_choice(
        example_site: ExampleSite) -> None:
    page = example_site.read("")
    assert "navigator.languages" in page
    assert '{"en": "en/", "fi": "fi/", "sv": "sv/"}' in page
    assert re.findall(r'<li><a href="([a-z]{2}/)"', page) == ["fi/", "sv/", "en/"]
    assert 'class="choices language-choice"' in page


def test_the_tombstone_writes_the_coordinators_phone_as_residents_dial_it(
        example_site: ExampleSite) -> None:
    page = example_site.read("fi/groups/kevaan-kavelyryhma-perho/")
    assert '<a href="tel:+35868287000">06 828 7000</a>' in page
    assert ">+358" not in page
