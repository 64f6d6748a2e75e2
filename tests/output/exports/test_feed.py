"""The Atom feeds of new and changed groups, read with feedparser as a feed reader would."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import feedparser
import pytest

from brochure.engine.build import build
from tests.conftest import REPO, ExampleSite

TODAY = dt.date(2026, 11, 23)
LANGS = ("fi", "sv", "en")
BASE = "https://example.org/ryhmat/"


def read(public: Path, lang: str) -> Any:
    parsed = feedparser.parse((public / lang / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def updated(entry: Any) -> dt.date:
    return dt.date(*entry.updated_parsed[:3])


@pytest.fixture(scope="module")
def public(example_site: ExampleSite) -> Path:
    return example_site.output


@pytest.mark.parametrize("lang", LANGS)
def test_feed_lists_published_groups_newest_first(public: Path, lang: str) -> None:
    parsed = read(public, lang)
    assert parsed.version == "atom10"
    entries = parsed.entries
    assert len(entries) == 19
    keys = [(-updated(e).toordinal(), e.link) for e in entries]
    assert keys == sorted(keys)  # newest first, then by address (slug)
    assert parsed.feed.updated == entries[0].updated
    assert max(updated(e) for e in entries) == updated(entries[0])
    assert parsed.feed.language == lang
    assert parsed.feed.links[0].href == f"{BASE}{lang}/feed.xml"
    assert all(e.link.startswith(f"{BASE}{lang}/groups/") for e in entries)
    assert not any("kevaan-kavelyryhma-perho" in e.link for e in entries)  # season ended
    assert len({e.id for e in entries}) == 19


def test_entry_shows_the_group(public: Path) -> None:
    entries = {e.link: e for e in read(public, "sv").entries}
    entry = entries[f"{BASE}sv/groups/torstain-olohuone/"]
    assert entry.title == "Torsdagens vardagsrum"
    assert updated(entry) == dt.date(2026, 11, 12)  # its reviewed date
    assert entry.summary.startswith("Ett öppet vardagsrum")
    assert entry.tags[0].term == "kokkola" and entry.tags[0].label == "Karleby"
    assert "Torsdagar kl. 12–15" in entry.content[0].value
    # Without an English name the Finnish one stands in, marked as Finnish.
    english = {e.link: e for e in read(public, "en").entries}
    digi = english[f"{BASE}en/groups/digikahvila-kannus/"]
    assert digi.title == "Digikahvila" and digi.title_detail.language == "fi"


def test_every_entry_links_to_a_page_of_the_build(public: Path) -> None:
    for lang in LANGS:
        for entry in read(public, lang).entries:
            page = entry.link.removeprefix(BASE) + "index.html"
            assert (public / page).is_file(), page


def test_home_page_announces_its_feed(public: Path) -> None:
    for lang in LANGS:
        html = (public / lang / "index.html").read_text("utf-8")
        head = html[:html.index("</head>")]
        found = re.findall(r'<link rel="alternate" type="application/atom\+xml" '
                           r'href="([^"]+)" title="[^"]+">', head)
        assert len(found) == 1, lang
        assert urljoin(f"{BASE}{lang}/", found[0]) == f"{BASE}{lang}/feed.xml"
        group = (public / lang / "groups/torstain-olohuone/index.html").read_text("utf-8")
        assert "application/atom+xml" not in group


@pytest.mark.slow  # several builds
def test_updates_come_from_content_changes_not_from_the_clock(public: Path,
                                                               tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    later = build(content, tmp_path / "later", TODAY + dt.timedelta(days=2))
    assert later.model is not None
    for lang in LANGS:
        assert (tmp_path / "later" / lang / "feed.xml").read_bytes() == (
            public / lang / "feed.xml").read_bytes()

    # A partner reviews a group: it moves to the top with the new date and the same id.
    path = content / "groups" / "digikahvila-kannus.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("reviewed: 2026-09-15", "reviewed: 2026-11-22"), "utf-8")
    changed = build(content, tmp_path / "changed", TODAY)
    assert changed.model is not None
    before = {e.link: e for e in read(public, "fi").entries}
    after = read(tmp_path / "changed", "fi")
    top = after.entries[0]
    assert top.link == f"{BASE}fi/groups/digikahvila-kannus/"
    assert updated(top) == dt.date(2026, 11, 22)
    assert after.feed.updated.startswith("2026-11-22")
    assert top.id == before[top.link].id
