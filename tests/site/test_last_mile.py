"""Residents, the last mile (issue 20), in the site model: skipped days said with their
reasons, audiences that hide no group, the group's language, Swedish street names, the
nearest municipalities, and what a shared link says. (In the browser:
tests/browser/test_last_mile.py and test_residents.py.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from brochure.check.content import ValidContent, load_content
from brochure.core.models import EVERYONE
from brochure.site.listings import FilterLinks
from brochure.site.views import Views
from tests.conftest import SOURCE, ExampleSite, valid

# Christmas Eve 2026: Digikahvila (every other Wednesday) next meets on 20 Jan; 6 Jan, a
# meeting day, is Epiphany.
CHRISTMAS = dt.date(2026, 12, 24)


@pytest.fixture(scope="module")
def content() -> ValidContent:
    return valid(load_content(Path(SOURCE), CHRISTMAS))


@pytest.mark.parametrize(("lang", "note", "listed"), [
    ("fi", "ei ke 6.1. loppiainen", "6.1.2027 loppiainen"),
    ("sv", "inte ons 6.1. (trettondag)", "6.1.2027 (trettondag)"),
    ("en", "not Wed 6 Jan (Epiphany)", "6 Jan 2027 (Epiphany)"),
])
def test_a_skipped_public_holiday_is_said_with_its_name(content: ValidContent, lang: str,
                                                        note: str, listed: str) -> None:
    views = Views(content)
    group = content.groups["digikahvila-kannus"]
    card = views.card(group, lang)
    assert card.next is not None and card.next.iso == "2027-01-20"
    assert card.skipped == note
    detail = views.detail(group, lang)
    assert listed in detail.no_meetings
    # Among the next meetings, too, with its name.
    holiday = {"fi": "loppiainen", "sv": "trettondag", "en": "Epiphany"}[lang]
    assert any(holiday in line.text for line in detail.upcoming if line.skipped)


def test_everyone_is_no_filter_and_no_card_names_it(content: ValidContent,
                                                    example_site: ExampleSite) -> None:
    views = Views(content)
    for group in content.published:
        assert EVERYONE not in {a.id for a in views.card(group, "fi").audiences}
    filters = FilterLinks(views, content.published, "fi")()
    assert EVERYONE not in {link.key for link in filters.audience}
    # Its address lives on, and lists every group: all are open to all.
    page = example_site.read("fi/audience/everyone/")
    assert page.count('class="card"') == len(example_site.result.content.published)


@pytest.mark.parametrize(("slug", "lang", "address"), [
    ("oppna-traffen-karleby", "sv", "Kyrkogatan 3, 67100 Karleby"),
    ("oppna-traffen-karleby", "fi", "Kirkkokatu 3, 67100 Kokkola"),
    ("oppna-traffen-karleby", "en", "Kirkkokatu 3, 67100 Kokkola"),
    # No Swedish name for the street: the Finnish one, with the Swedish town.
    ("kielikahvila-kokkola", "sv", "Vartiokatu 6, 67100 Karleby"),
    ("voimaa-arkeen-kaustinen", "sv", "Kappelintie 21, 69600 Kaustby"),
])
def test_addresses_in_the_readers_language(content: ValidContent, slug: str, lang: str,
                                           address: str) -> None:
    views = Views(content)
    assert views.address(content.groups[slug], lang) == address
    assert views.card(content.groups[slug], lang).venue.endswith(address.split(",")[0])


def test_the_groups_language_and_the_language_filter(content: ValidContent,
                                                     example_site: ExampleSite) -> None:
    filters = FilterLinks(Views(content), content.published, "en")()
    assert {link.key: link.label for link in filters.language}["sv"] == "Swedish"
    swedish = example_site.read("en/language/sv/")
    held = [g for g in example_site.result.content.published if "sv" in g.languages]
    assert swedish.count('class="card"') == len(held) > 0
    page = example_site.read("en/groups/oppna-traffen-karleby/")
    assert "Languages of the group: Swedish, Finnish" in page
    assert "(text in Finnish)" in page  # the text shown, said apart from the group's language


def test_nearest_municipalities_and_what_a_shared_link_says(content: ValidContent) -> None:
    assert content.vocabularies.nearest("kannus")[:2] == ["toholampi", "kokkola"]
    title, description = Views(content).share(content.groups["digikahvila-kannus"], "fi")
    assert title == ("Digikahvila – joka toinen keskiviikko klo 13–15, Palvelutalon "
                     "kerhohuone, Kannus")
    assert description.startswith("Seuraava kerta ke 20.1. klo 13–15. Mäntytie 4, 69100 Kannus.")


def test_shared_short_links_favicon_and_the_logos_words(example_site: ExampleSite) -> None:
    short = example_site.read("r/fc7n/")  # Digikahvila's printed short link
    assert ('og:title" content="Digikahvila – joka toinen keskiviikko klo 13–15, Palvelutalon '
            'kerhohuone, Kannus"') in short
    assert 'og:description" content="Seuraava kerta ke 25.11. klo 13–15. Mäntytie 4' in short
    # List pages say what they list in plain words (no "low-threshold" jargon).
    kannus = example_site.read("fi/municipality/kannus/")
    assert ('og:description" content="Kannus: 2 maksutonta ryhmää, joihin voit tulla ilman '
            'lähetettä ja ilmoittautumista."') in kannus
    # A favicon at the site's root, linked from every page; the logo's words from site.yaml.
    assert (example_site.output / "favicon.ico").read_bytes()[:4] == b"\0\0\1\0"
    assert '<link rel="icon" href="../favicon.ico">' in example_site.read("sv/")
    assert 'alt="Tre människor tillsammans"' in example_site.read("sv/")
