"""The site model: which pages exist, what they show, in which words — no templates needed."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import TypeVar

import pytest

from brochure.check.content import ValidContent, load_content
from brochure.core import urls
from brochure.core.formatting import (
    collation_key,
    date_range,
    long_date,
    meeting_phrase,
    time_range,
    weekday_date,
)
from brochure.core.languages import local
from brochure.core.models import Group, Meeting
from brochure.core.schedule import next_meetings
from brochure.core.urls import relative
from brochure.site.model import SiteModel, build_site, groups_alone, site_titles
from brochure.site.pages import (
    GROUP_PAGES,
    DownloadsPage,
    FormPage,
    GroupPage,
    HomePage,
    ListingPage,
    Page,
    ReportPage,
    TombstonePage,
)
from brochure.site.report_figures import report as report_figures
from brochure.site.report_pages import report_pages
from tests.conftest import valid

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 23)


P = TypeVar("P", bound=Page)


def page_at(model: SiteModel, url: str, kind: type[P]) -> P:
    page = next(p for p in model.pages if p.url == url)
    assert isinstance(page, kind), (url, type(page))
    return page


@pytest.fixture(scope="module")
def content() -> ValidContent:
    return valid(load_content(ROOT / "content", TODAY))


@pytest.fixture(scope="module")
def model(content: ValidContent) -> SiteModel:
    return build_site(content)


def test_every_page_type_exists_in_every_language(model: SiteModel) -> None:
    kinds_by_lang: dict[str, set[str]] = {}
    for page in model.pages:
        if page.kind:
            kinds_by_lang.setdefault(page.lang, set()).add(page.kind)
    expected = {"home", "group", "municipality", "audience", "weekday", "partners", "partner",
                "page"}
    assert set(kinds_by_lang) == {"fi", "sv", "en"}
    for lang, kinds in kinds_by_lang.items():
        assert expected <= kinds, (lang, expected - kinds)


def test_alternates_are_complete_and_symmetric(model: SiteModel) -> None:
    urls = {p.url: p for p in model.pages}
    for page in model.pages:
        if not page.kind:
            continue
        assert set(page.alternates) == {"fi", "sv", "en"}, page.url
        assert page.alternates[page.lang] == page.url
        for url in page.alternates.values():
            assert url in urls, f"{page.url} points to missing {url}"
            assert urls[url].alternates == page.alternates


def test_group_urls_share_the_slug_in_every_language(model: SiteModel) -> None:
    page = next(p for p in model.pages if p.url == "fi/groups/torstain-olohuone/")
    assert page.alternates == {
        "fi": "fi/groups/torstain-olohuone/",
        "sv": "sv/groups/torstain-olohuone/",
        "en": "en/groups/torstain-olohuone/",
    }


def test_expired_group_is_on_no_page(content: ValidContent, model: SiteModel) -> None:
    assert content.hidden == {"kevaan-kavelyryhma-perho": "season-ended"}
    # Only its own addresses stay, as tombstones (see test_tombstones.py).
    tombstones = {p.url for p in model.pages
                  if isinstance(p, TombstonePage) and p.key == "kevaan-kavelyryhma-perho"}
    assert tombstones == {"fi/groups/kevaan-kavelyryhma-perho/",
                          "sv/groups/kevaan-kavelyryhma-perho/",
                          "en/groups/kevaan-kavelyryhma-perho/",
                          "r/kevaan-kavelyryhma-perho/", "r/wxy3/"}
    for page in model.pages:
        if page.url in tombstones or isinstance(page, FormPage):
            continue  # partners can still choose it in the form, to start a new season
        assert "kevaan-kavelyryhma-perho" not in page.url
        # Not on any list, brochure or partner page either: nothing of it is shown.
        assert "kevaan-kavelyryhma-perho" not in repr(page)


def test_titles_are_unique_per_language(model: SiteModel) -> None:
    seen: dict[tuple[str, str], str] = {}
    for page in model.pages:
        if not page.kind:
            continue
        key = (page.lang, page.title)
        assert key not in seen, f"{page.url} and {seen[key]} share the title {page.title!r}"
        seen[key] = page.url


def test_missing_english_falls_back_to_finnish_marked_as_such(content: ValidContent) -> None:
    group = content.groups["digikahvila-kannus"]
    name = local(group.name, "en")
    assert name is not None
    assert (name.lang, name.fallback) == ("fi", True)
    assert name.text == group.name.fi
    swedish = local(group.name, "sv")
    assert swedish is not None and not swedish.fallback and swedish.lang == "sv"


@pytest.mark.parametrize(("lang", "expected"), [
    ("fi", "Tiistaisin klo 13–15"),
    ("sv", "Tisdagar kl. 13–15"),
    ("en", "Tuesdays 13:00–15:00"),
])
def test_weekly_meeting_in_words(lang: str, expected: str) -> None:
    meeting = Meeting(weekday="tuesday", start=dt.time(13), end=dt.time(15))
    assert meeting_phrase(meeting, lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("fi", "Joka toinen torstai klo 17.30–19.00"),
    ("sv", "Varannan torsdag kl. 17.30–19.00"),
    ("en", "Every other Thursday 17:30–19:00"),
])
def test_every_other_week_in_words(lang: str, expected: str) -> None:
    meeting = Meeting(weekday="thursday", start=dt.time(17, 30), end=dt.time(19), every=2)
    assert meeting_phrase(meeting, lang) == expected


# Times of day are the brochure's decision, not the installed CLDR's (Babel 2.19 changed sv_FI
# from 17:30 to 17.30): Finnish and Finland-Swedish 17.30 and whole hours bare, English 17:30.
@pytest.mark.parametrize(("lang", "start", "end", "expected"), [
    ("fi", dt.time(17, 30), dt.time(19), "Tiistaisin klo 17.30–19.00"),
    ("sv", dt.time(17, 30), dt.time(19), "Tisdagar kl. 17.30–19.00"),
    ("en", dt.time(17, 30), dt.time(19), "Tuesdays 17:30–19:00"),
    ("fi", dt.time(13), dt.time(15), "Tiistaisin klo 13–15"),
    ("sv", dt.time(13), dt.time(15), "Tisdagar kl. 13–15"),
    ("en", dt.time(13), dt.time(15), "Tuesdays 13:00–15:00"),
    ("fi", dt.time(9), dt.time(11, 30), "Tiistaisin klo 9.00–11.30"),
    ("sv", dt.time(9), dt.time(11, 30), "Tisdagar kl. 9.00–11.30"),
    ("en", dt.time(9), dt.time(11, 30), "Tuesdays 09:00–11:30"),
])
def test_times_of_day_are_written_the_same_whatever_babel_is_installed(
        lang: str, start: dt.time, end: dt.time, expected: str) -> None:
    meeting = Meeting(weekday="tuesday", start=start, end=end)
    assert meeting_phrase(meeting, lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("fi", "9–10"), ("sv", "9–10"), ("en", "09:00–10:00")])
def test_whole_hours_before_ten_have_no_leading_zero_in_finnish_and_swedish(
        lang: str, expected: str) -> None:
    # An en dash without spaces between the times.
    assert time_range(dt.time(9), dt.time(10), lang) == expected


def test_finnish_and_swedish_sort_a_ring_a_umlaut_o_umlaut_after_z() -> None:
    names = ["Ötökkäretki", "Zumba", "Äijäryhmä", "Åland", "Aamu", "Öljy", "Ärrä"]
    expected = ["Aamu", "Zumba", "Åland", "Äijäryhmä", "Ärrä", "Öljy", "Ötökkäretki"]
    assert sorted(names, key=lambda n: collation_key(n, "fi")) == expected
    assert sorted(names, key=lambda n: collation_key(n, "sv")) == expected
    # In English, the accents do not move a letter to the end of the alphabet.
    english = sorted(names, key=lambda n: collation_key(n, "en"))
    assert english.index("Äijäryhmä") < english.index("Zumba")


def test_the_a_to_z_page_lists_groups_in_the_languages_alphabet(model: SiteModel) -> None:
    page = page_at(model, "fi/a-z/", ListingPage)
    home = page_at(model, "fi/", HomePage)
    names = [card.name.text for card in page.cards]
    assert names == sorted(names, key=lambda n: collation_key(n, "fi"))
    # The example content has Finnish names beginning with Ö: they come last.
    assert names[-1].startswith("Ö")
    assert {c.slug for c in page.cards} == {c.slug for c in home.cards}


def test_lists_start_with_the_group_that_meets_next(model: SiteModel) -> None:
    for url in ("fi/", "sv/municipality/kokkola/", "en/weekday/tuesday/"):
        cards = (page_at(model, url, HomePage).cards if url == "fi/"
                 else page_at(model, url, ListingPage).cards)
        moments = [(c.next.iso, c.next.time) if c.next else ("9999", "") for c in cards]
        days = [m[0] for m in moments]
        assert days == sorted(days), url
        assert len(set(days)) > 1, url
    home = page_at(model, "fi/", HomePage)
    # Every card says when and where: the next date and the venue's name and street.
    for card in home.cards:
        assert card.next is not None and card.next.date and card.next.time.startswith("klo")
        assert card.venue and any(ch.isdigit() for ch in card.venue), card.venue


def test_a_municipality_on_each_weekday_has_its_own_page(
        content: ValidContent, model: SiteModel) -> None:
    pages = {p.url: p for p in model.pages}
    for lang in ("fi", "sv", "en"):
        for municipality in content.vocabularies.municipalities:
            for day in ("monday", "tuesday", "sunday"):
                assert f"{lang}/municipality/{municipality}/{day}/" in pages
    page = page_at(model, "fi/municipality/kokkola/tuesday/", ListingPage)
    expected = {g.slug for g in content.published if g.municipality == "kokkola"
                and any(m.weekday == "tuesday" for m in g.schedule.meetings)}
    assert {c.slug for c in page.cards} == expected and expected
    # The municipality's page links to its weekdays, with how many groups each lists.
    kokkola = page_at(model, "fi/municipality/kokkola/", ListingPage)
    tuesday = next(link for link in kokkola.refine if link.key == "tuesday")
    assert tuesday.url == page.url and tuesday.count == len(expected)


def test_phones_are_shown_in_the_national_form_and_dialled_in_the_international(
        model: SiteModel) -> None:
    page = page_at(model, "fi/groups/digikahvila-kannus/", GroupPage)
    assert page.detail.phone == "040 232 3380"
    assert page.detail.phone_href == "tel:+358402323380"
    assert model.chrome["sv"].coordinator_phone == "06 828 7000"
    assert model.chrome["sv"].coordinator_phone_href == "tel:+35868287000"


@pytest.mark.parametrize(("lang", "day", "whole", "short", "span"), [
    ("fi", dt.date(2026, 12, 1), "1.12.2026", "ti 1.12.", "2.9.–18.12.2026"),
    ("sv", dt.date(2026, 12, 1), "1.12.2026", "tis 1.12.", "2.9.–18.12.2026"),
    ("en", dt.date(2026, 12, 1), "1 Dec 2026", "Tue 1 Dec", "2 Sept\u2009–\u200918 Dec 2026"),
])
def test_one_date_style_per_language(lang: str, day: dt.date, whole: str, short: str,
                                     span: str) -> None:
    assert long_date(day, lang) == whole
    assert weekday_date(day, lang) == short
    assert date_range(dt.date(2026, 9, 2), dt.date(2026, 12, 18), lang) == span


def test_filter_pages_exist_for_every_vocabulary_entry(
        content: ValidContent, model: SiteModel) -> None:
    urls = {p.url for p in model.pages}
    for municipality in content.vocabularies.municipalities:
        assert f"sv/municipality/{municipality}/" in urls
    for audience in content.vocabularies.audiences:
        assert f"en/audience/{audience}/" in urls
    assert "fi/weekday/sunday/" in urls


def test_weekday_page_lists_exactly_the_groups_meeting_that_day(
        content: ValidContent, model: SiteModel) -> None:
    page = page_at(model, "fi/weekday/tuesday/", ListingPage)
    expected = {g.slug for g in content.published
                if any(m.weekday == "tuesday" for m in g.schedule.meetings)}
    assert {c.slug for c in page.cards} == expected
    assert expected


def test_every_filter_page_lists_exactly_its_groups_soonest_first(
        content: ValidContent, model: SiteModel) -> None:
    """Each municipality's, audience's, weekday's and language's page (found in one pass over
    the groups) lists the groups a plain reading of the definition gives, in the order of
    the list of all groups by next meeting."""
    order = [c.slug for c in page_at(model, "fi/", HomePage).cards]
    assert sorted(order) == sorted(g.slug for g in content.published)

    def shown(section: str, group: Group, key: str) -> bool:
        if section == "municipality":
            return group.municipality == key
        if section == "audience":
            return key in group.audiences or key == "everyone"
        if section == "weekday":
            return any(m.weekday == key for m in group.schedule.meetings)
        return key in group.languages
    checked = 0
    for page in model.pages:
        if not isinstance(page, ListingPage) or page.lang != "fi" or page.section not in (
                "municipality", "audience", "weekday", "language"):
            continue
        expected = [slug for slug in order if shown(page.section, content.groups[slug], page.key)]
        assert [c.slug for c in page.cards] == expected, page.url
        checked += bool(expected)
    assert checked >= 10


def test_next_meetings_skip_breaks_and_keep_the_fortnightly_rhythm(content: ValidContent) -> None:
    group = content.groups["oppna-traffen-karleby"]
    dates = [o.day for o in next_meetings(group.schedule, dt.date(2026, 12, 1), count=6)]
    meeting = group.schedule.meetings[0]
    assert meeting.every == 2
    for first, second in itertools.pairwise(dates):
        assert (second - first).days % 14 == 0
    for day in dates:
        assert not any(b.start <= day <= b.end for b in group.schedule.breaks)


def test_relative_links_work_from_any_depth() -> None:
    assert relative("fi/groups/x/", "fi/") == "../../../fi/"
    assert relative("fi/", "assets/style.css") == "../assets/style.css"
    assert relative("", "fi/") == "fi/"
    assert relative("404.html", "fi/") == "fi/"
    assert relative("fi/", "") == "../"


def test_a_groups_own_pages_alone_are_the_pages_the_whole_site_has(
        content: ValidContent, model: SiteModel) -> None:
    """The live preview shows an edited group's pages from groups_alone before the whole site
    is made: they must be the whole site's pages (page, poster, short links, tombstones), in
    every language, for every group: published, hidden or deleted."""
    slugs = [g.slug for g in content.published] + sorted(content.hidden) + sorted(
        content.retired)
    assert content.hidden and content.retired, "the example has hidden and deleted groups"
    for slug in slugs:
        alone = groups_alone(content, {slug})
        whole = {p.url: p for p in model.pages if isinstance(p, GROUP_PAGES) and p.key == slug}
        assert {p.url: p for p in alone.pages} == whole, slug
        assert alone.chrome == model.chrome
        assert (alone.base_url, alone.languages) == (model.base_url, model.languages)


def test_data_files_and_report_given_later_give_the_same_site(content: ValidContent) -> None:
    """The build makes the data files and the report beside the model and hands them over as
    functions that wait for them: the pages (in the sitemap's order) are those made from the
    values themselves, and each function is called once."""
    sizes = {urls.GROUPS_JSON: 20_000, urls.GROUPS_CSV: 1024}
    report = report_pages(content, report_figures(content), content.site.language_order,
                          site_titles(content, content.site.language_order), public=True)
    calls: list[str] = []

    def later_sizes() -> dict[str, int]:
        calls.append("sizes")
        return sizes

    def later_report() -> list[ReportPage]:
        calls.append("report")
        return report

    now = build_site(content, export_sizes=sizes, report=report)
    later = build_site(content, export_sizes=later_sizes, report=later_report)
    assert later == now
    assert sorted(calls) == ["report", "sizes"]
    downloads = [p for p in now.pages if isinstance(p, DownloadsPage)]
    assert len(downloads) == len(now.languages)
    shown = [item.size for p in downloads for section in p.sections for item in section.items
             if item.url == urls.GROUPS_JSON]
    assert len(shown) == 3 and all(size and size.startswith("20 k") for size in shown), shown
