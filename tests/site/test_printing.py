"""The printable brochures and posters as built HTML: what a professional prints for a client.

Built from the example content without PDFs (``test_pdf.py`` makes those); the site-wide
checks of ``test_build.py`` (links resolve, ``lang``, alternates) cover these pages too.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from brochure.check.content import ValidContent
from brochure.core.formatting import collation_key, long_date, meeting_phrase, phone_display
from brochure.core.models import Group
from brochure.core.urls import poster as poster_url
from brochure.core.urls import printed as print_url
from brochure.core.urls import tel
from brochure.engine.build import BuildResult, build
from tests.conftest import VALID_GROUP, ExampleSite, make_tree, replace_line

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 23)
BASE = "https://example.org/ryhmat/"
LANGS = ("fi", "sv", "en")
PROMISES = {
    "fi": ("Maksuton", "Ei lähetettä"),
    "sv": ("Avgiftsfri", "Ingen remiss"),
    "en": ("Free of charge", "No referral needed", "You can stay anonymous", "Open to all"),
}


@pytest.fixture(scope="module")
def built(example_site: ExampleSite) -> tuple[BuildResult, Path]:
    return example_site.result, example_site.output


@pytest.fixture(scope="module")
def content(built: tuple[BuildResult, Path]) -> ValidContent:
    return built[0].content


def read(output: Path, url: str) -> str:
    return (output / url / "index.html").read_text(encoding="utf-8")


def target(output: Path, url: str, href: str) -> Path:
    """The file a relative link on the page at ``url`` leads to."""
    return (output / url / href / "index.html").resolve() if href.endswith("/") else (
        output / url / href).resolve()


def text_of(fragment: str) -> str:
    """What a reader sees: tags dropped, entities decoded, white space collapsed, and the soft
    hyphens that let long words wrap left out."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).replace(
        "\N{SOFT HYPHEN}", "").split())


def article_slug(article: str) -> str:
    found = re.search(r'id="g-([a-z0-9-]+)"', article)
    assert found is not None, article
    return found.group(1)


def sections(page: str) -> list[tuple[str, list[str]]]:
    """(municipality heading, [group articles]) in the order of the brochure."""
    found = []
    for chunk in page.split('<section class="print-municipality"')[1:]:
        heading = re.search(r"<h2[^>]*>(.*?)</h2>", chunk, re.S)
        assert heading
        articles = re.findall(r'<article class="print-group".*?</article>', chunk, re.S)
        found.append((text_of(heading.group(1)), articles))
    return found


def address(content: ValidContent, group: Group, lang: str) -> str:
    return group.venue.address_in(lang, content.vocabularies.municipalities[group.municipality])


def group_name(article: str) -> str:
    name = re.search(r"<h3[^>]*>(.*?)</h3>", article, re.S)
    assert name
    return text_of(name.group(1))


@pytest.mark.parametrize("lang", LANGS)
def test_brochure_has_every_published_group_once_by_municipality(
        built: tuple[BuildResult, Path], content: ValidContent, lang: str) -> None:
    _, output = built
    page = read(output, print_url(lang))
    vocab = content.vocabularies
    assert vocab is not None
    found = sections(page)
    labels = [heading for heading, _ in found]
    # Municipalities with groups, in the alphabet of the language (Karleby before Kaustby).
    expected = sorted({vocab.municipalities[g.municipality].get(lang)
                       for g in content.published}, key=lambda m: collation_key(m, lang))
    assert labels == expected
    names_by_section = {heading: [group_name(a) for a in articles]
                        for heading, articles in found}
    for group in content.published:
        label = vocab.municipalities[group.municipality].get(lang)
        name = group.name.get(lang) or group.name.get("fi")
        assert name is not None
        assert name in " ".join(names_by_section[label]), (lang, group.slug)
    assert sum(len(a) for _, a in found) == len(content.published)
    for names in names_by_section.values():
        keys = [collation_key(n.removesuffix(" (in Finnish)"), lang) for n in names]
        assert keys == sorted(keys)
    for slug in content.hidden:
        assert f"/r/{slug}/" not in page


def test_swedish_brochure_orders_municipalities_by_their_swedish_names(
        built: tuple[BuildResult, Path]) -> None:
    labels = [heading for heading, _ in sections(read(built[1], "sv/print/"))]
    assert labels.index("Karleby") < labels.index("Kaustby")
    labels = [heading for heading, _ in sections(read(built[1], "fi/print/"))]
    assert labels.index("Kaustinen") < labels.index("Kokkola")


@pytest.mark.parametrize("lang", LANGS)
def test_each_group_says_when_where_and_whom_to_call_with_a_code_to_its_short_link(
        built: tuple[BuildResult, Path], content: ValidContent, lang: str) -> None:
    page = read(built[1], print_url(lang))
    articles = {article_slug(a): a for _, found in sections(page) for a in found}
    for group in content.published:
        article = articles[group.slug]
        words = text_of(article)
        for meeting in group.schedule.meetings:
            assert meeting_phrase(meeting, lang) in words
        # The address in the page's language ("Kyrkogatan 3, 67100 Karleby").
        assert address(content, group, lang) in words
        if group.contact.phone:
            # In the national form a reader dials (040 232 3380), linked to +358…
            assert phone_display(group.contact.phone, content.site.phone_region) in words
            assert f'href="{tel(group.contact.phone)}"' in article
            assert tel(group.contact.phone).startswith("tel:+358")
        if group.contact.email:
            assert group.contact.email in words
        # The short code's link: short enough to read out over the phone.
        assert group.code is not None
        link = f"{BASE}r/{group.code}/"
        assert len(link.removeprefix("https://")) <= 30
        svg = re.search(r"<svg[^>]*>", article)
        assert svg and 'role="img"' in svg.group(0) and link in svg.group(0)
        assert link.removeprefix("https://") in words.replace(" ", "")  # to type, under the code


@pytest.mark.parametrize("lang", LANGS)
def test_cover_explains_the_promises_and_whom_to_contact(
        built: tuple[BuildResult, Path], content: ValidContent, lang: str) -> None:
    page = read(built[1], print_url(lang))
    cover = re.search(r'<section class="cover".*?</section>', page, re.S)
    assert cover
    words = text_of(cover.group(0))
    assert long_date(TODAY, lang) in words
    site = content.site
    assert site is not None
    assert site.coordinator.email and site.coordinator.email in words
    assert site.coordinator.phone
    assert phone_display(site.coordinator.phone, site.phone_region) in words
    for promise in PROMISES[lang]:
        assert promise in words
    assert re.search(r"<h1[^>]*>", page)
    assert "assets/print.css" in page


def test_one_brochure_per_municipality_with_groups(built: tuple[BuildResult, Path],
                                                   content: ValidContent) -> None:
    result, output = built
    assert result.model is not None
    by_municipality: dict[str, set[str]] = {}
    for group in content.published:
        by_municipality.setdefault(group.municipality, set()).add(group.slug)
    for lang in LANGS:
        made = {p.key for p in result.model.pages
                if p.kind == "print" and p.lang == lang and p.key}
        assert made == set(by_municipality)
        for municipality, slugs in by_municipality.items():
            page = read(output, print_url(lang, municipality))
            found = sections(page)
            assert len(found) == 1
            assert {article_slug(a) for a in found[0][1]} == slugs


def test_print_stylesheet_lays_out_a4_with_breaks(built: tuple[BuildResult, Path]) -> None:
    css = (built[1] / "assets" / "print.css").read_text(encoding="utf-8")
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", css)
    assert re.search(r"\.print-group\s*\{[^}]*break-inside:\s*avoid", css)
    # A short header, then the groups from page 1 on: no page is left for the cover alone,
    # and a municipality's heading stays with its first group.
    assert not re.search(r"\.cover\s*\{[^}]*break-after:\s*page", css)
    assert not re.search(r"\.print-municipality\s*\{[^}]*break-before:\s*page", css)
    assert re.search(r"\.print-municipality > h2\s*\{[^}]*break-after:\s*avoid", css)
    # Normal pages do not load it.
    assert "print.css" not in read(built[1], "fi/groups/torstain-olohuone/")


@pytest.mark.parametrize("lang", LANGS)
def test_every_group_has_a_poster_linked_from_its_page(
        built: tuple[BuildResult, Path], content: ValidContent, lang: str) -> None:
    output = built[1]
    for group in content.published:
        url = f"{lang}/groups/{group.slug}/"
        links = re.findall(r'href="([^"]+)"', read(output, url))
        assert (output / poster_url(lang, group.slug) / "index.html").resolve() in {
            target(output, url, link) for link in links}
        poster = read(output, poster_url(lang, group.slug))
        words = text_of(poster)
        name = group.name.get(lang) or group.name.get("fi")
        assert name and name in words
        for promise in PROMISES[lang]:
            assert promise in words
        for meeting in group.schedule.meetings:
            assert meeting_phrase(meeting, lang) in words
        assert address(content, group, lang) in words
        link = f"{BASE}r/{group.code}/"
        assert link.removeprefix("https://") in words.replace(" ", "")
        assert poster.count("<svg") == 1
        assert re.search(rf'<svg [^>]*aria-label="[^"]*{re.escape(link)}"', poster)


@pytest.mark.parametrize("lang", LANGS)
def test_professionals_page_lists_the_brochures(built: tuple[BuildResult, Path],
                                                lang: str) -> None:
    output = built[1]
    page = read(output, f"{lang}/professionals/")
    section = re.search(r'<section class="printables".*?</section>', page, re.S)
    assert section
    links = re.findall(r'href="([^"]+)"', section.group(0))
    targets = [target(output, f"{lang}/professionals/", link) for link in links]
    for url in (print_url(lang), print_url(lang, "kokkola"), print_url(lang, "halsua")):
        assert (output / url / "index.html").resolve() in targets
    assert all(path.is_file() for path in targets)
    # No PDFs were made in this build, so none is offered.
    assert not any(link.endswith(".pdf") for link in links)


def test_printables_stay_out_of_the_sitemap_and_search(built: tuple[BuildResult, Path]) -> None:
    output = built[1]
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "/print/" not in sitemap and "/poster/" not in sitemap
    for url in ("fi/print/", "sv/print/kokkola/", "en/groups/torstain-olohuone/poster/"):
        assert '<meta name="robots" content="noindex">' in read(output, url)


def test_printed_link_breaks_into_pieces_short_enough_for_the_caption() -> None:
    """The caption under a code wraps only between pieces; none is longer than a line, so
    nothing is cut off, whatever the site's address."""
    from brochure.site.printing import LONGEST_PART, link_parts

    assert link_parts("https://example.org/ryhmat/r/k7m3/") == (
        "example.org/", "ryhmat/", "r/", "k7m3/")
    long = "https://keski-pohjanmaan-hyvinvointialue.example.fi/matalan-kynnyksen-ryhmat/r/k7m3/"
    parts = link_parts(long)
    assert "".join(parts) == long.removeprefix("https://")
    assert max(len(p) for p in parts) <= LONGEST_PART


def test_group_without_a_code_prints_its_slug_link(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "content")
    (root / "groups" / "kahvila.yaml").write_text(replace_line(VALID_GROUP, "code:", ""),
                                                  encoding="utf-8")
    result = build(root, tmp_path / "public", TODAY)
    assert result.model is not None
    page = (tmp_path / "public" / "fi/print/index.html").read_text(encoding="utf-8")
    assert f"{BASE}r/kahvila/" in page
