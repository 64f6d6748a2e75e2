"""Residents first (issue 11), checked on the built example site without a browser: the page
budget, the coordinator's colour, the words the search puts in the address. (What a reader
sees on a phone is checked in Chromium: tests/browser/test_residents.py.)"""

from __future__ import annotations

import re

import pytest

from brochure.core import urls
from brochure.site.theme import DEFAULT_ACCENT, accent, contrast
from tests.conftest import ExampleSite

BUDGET = 20_000  # bytes: a group page's HTML and the stylesheet together (20 kB)


def test_every_group_page_and_its_stylesheet_fit_in_20_kb(example_site: ExampleSite) -> None:
    css = (example_site.output / "assets" / "style.css").stat().st_size
    pages = sorted(example_site.output.glob("*/groups/*/index.html"))
    assert len(pages) >= 3 * len(example_site.result.content.published)
    sizes = {p.relative_to(example_site.output).as_posix(): p.stat().st_size + css
             for p in pages}
    largest = max(sizes, key=sizes.__getitem__)
    assert sizes[largest] <= BUDGET, (largest, sizes[largest])
    # Only our own stylesheet and script: no web fonts, nothing from elsewhere.
    html = example_site.read("fi/groups/digikahvila-kannus/")
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) == [
        "../../../assets/style.css"]
    assert "@font-face" not in (example_site.output / "assets" / "style.css").read_text()


def test_the_site_title_is_plain_and_low_threshold_is_explained_once(
        example_site: ExampleSite) -> None:
    home = example_site.read("fi/")
    title = re.search(r"<h1>(.*?)</h1>", home)
    assert title and "kynnyksen" not in title.group(1)
    assert home.count("matalan kynnyksen") == 1
    assert "även anonymt" in example_site.read("sv/") and "gärna anonymt" not in \
        example_site.read("sv/")
    # The professionals' page names the filters as the search form does.
    professionals = example_site.read("fi/professionals/")
    for name in ("Hae sanalla", "Kunta", "Ryhmän kieli", "Milloin",
                 "Erityisesti tervetulleita"):
        assert f"<strong>{name}:</strong>" in professionals
        assert f">{name}<" in home or f">{name}\n" in home
    assert "Kenelle:" not in professionals


@pytest.mark.parametrize(("configured", "used"), [
    ("#00556e", "#00556e"),  # 8.3:1 on white
    ("#FFD33D", DEFAULT_ACCENT),  # yellow: white text on it is unreadable
    ("#767676", "#767676"),  # 4.54:1, just enough
    ("#777777", DEFAULT_ACCENT),  # 4.48:1, not enough
    (None, DEFAULT_ACCENT),
])
def test_the_accent_colour_is_used_only_with_enough_contrast(configured: str | None,
                                                             used: str) -> None:
    assert accent(configured) == used.lower()
    assert contrast(accent(configured), "#ffffff") >= 4.5


def test_the_accent_and_logo_from_site_yaml_reach_the_pages(example_site: ExampleSite) -> None:
    html = example_site.read("en/")
    assert "<style>:root{--accent:#00556e}</style>" in html
    assert re.search(r'<img src="\.\./assets/logo\.svg" alt="[^"]+"', html)
    assert (example_site.output / "assets" / "logo.svg").is_file()


def test_search_addresses_use_the_readers_words() -> None:
    assert urls.search("fi", municipality="kokkola", weekday="tiistai") == \
        "fi/?kunta=kokkola&paiva=tiistai"
    assert urls.search("sv", municipality="karleby", weekday="tisdag") == \
        "sv/?kommun=karleby&dag=tisdag"
    assert urls.search("en") == "en/"
    assert urls.search_words([("a", "Suomeen muuttaneet"), ("b", "Äldre"), ("c", "Äldre")]) \
        == {"a": "suomeen-muuttaneet", "b": "b", "c": "c"}
