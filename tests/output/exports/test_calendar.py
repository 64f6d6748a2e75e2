"""The iCalendar files: parsed back with icalendar, rules expanded with dateutil.

The expected meeting dates are written out by hand from a paper calendar of autumn 2026, not
computed with the code under test.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Component, Event

from brochure.core.holidays import skipped_days
from brochure.core.schedule import occurrences
from brochure.engine.build import build
from brochure.output.exports.calendar import component_bytes
from tests.conftest import REPO, VALID_GROUP, ExampleSite, make_tree

TODAY = dt.date(2026, 11, 23)
HELSINKI = ZoneInfo("Europe/Helsinki")
UTC = dt.UTC
HOST = "example.org"


# --- helpers -----------------------------------------------------------------------------

def parse(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def events(cal: Calendar) -> list[Event]:
    return cal.events


def prop(component: Component, name: str) -> Any:
    """A property as icalendar reads it (its type depends on the property)."""
    return component[name]


def exdates(event: Event) -> list[dt.datetime]:
    found = event.get("exdate")
    if found is None:
        return []
    lists = found if isinstance(found, list) else [found]
    return [d.dt for item in lists for d in item.dts]


def expand(event: Event, limit: dt.datetime | None = None) -> list[dt.datetime]:
    """Every start of the event as a calendar program computes it (RRULE minus EXDATE)."""
    start = event.decoded("dtstart")
    rule = rrulestr(prop(event, "rrule").to_ical().decode(), dtstart=start)
    end = limit or dt.datetime(2028, 1, 1, tzinfo=UTC)
    excluded = set(exdates(event))
    return [t for t in rule.between(start - dt.timedelta(seconds=1), end) if t not in excluded]


def group_yaml(schedule: str, name: str = "Iltaryhmä", code: str = "k7m3") -> str:
    """VALID_GROUP (from conftest) with another name, schedule block and short code."""
    lines = VALID_GROUP.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("schedule:"))
    end = next(i for i, line in enumerate(lines) if line.startswith("audiences:"))
    text = "".join(lines[:start]) + schedule.strip("\n") + "\n" + "".join(lines[end:])
    return text.replace('fi: "Testikahvila"', f'fi: "{name}"').replace(
        'code: "k7m3"', f'code: "{code}"')


def hel(day: str, clock: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=HELSINKI)


# --- a content tree of our own, with the cases that matter -------------------------------

EVENING = """
schedule:
  season: {start: 2026-09-01, end: 2026-12-17}
  meetings:
    - {weekday: thursday, start: "17:30", end: "19:00"}
  breaks: [{start: 2026-10-12, end: 2026-10-18}]
"""
FORTNIGHTLY = """
schedule:
  season: {start: 2026-09-01, end: 2027-02-28}
  meetings:
    - {weekday: wednesday, start: "13:00", end: "15:00", every: 2}
  breaks: [{start: 2026-12-21, end: 2027-01-06}]
"""
ONGOING = """
schedule:
  season: {start: 2026-08-27}
  meetings:
    - {weekday: monday, start: "10:00", end: "12:00"}
    - {weekday: thursday, start: "18:00", end: "20:00", every: 2}
  breaks: ["2026-12-17", {start: 2026-12-28, end: 2027-01-03}]
"""
# Public holidays and cancellations: Christmas Eve (Thu 24 Dec 2026) and Epiphany (Wed 6 Jan
# 2027) are holidays; Wed 2 Dec and Thu 10 Dec are cancelled by the partner.
HOLIDAYS = """
schedule:
  season: {start: 2026-11-02, end: 2027-01-31}
  meetings:
    - {weekday: wednesday, start: "13:00", end: "15:00"}
    - {weekday: thursday, start: "17:00", end: "19:00"}
"""
CANCELLATIONS = """\
cancellations:
  - date: 2026-12-02
    reason: {fi: "Ohjaajat koulutuksessa", sv: "Handledarna på utbildning", en: "Training day"}
  - date: 2026-12-10
    reason: {fi: "Tila on varattu", sv: "Lokalen är bokad", en: "The room is booked"}
"""
ENDED = """
schedule:
  season: {start: 2026-01-12, end: 2026-05-29}
  meetings:
    - {weekday: monday, start: "10:00", end: "11:30"}
"""


@pytest.fixture(scope="module")
def ours(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_tree(tmp_path_factory.mktemp("calendar") / "content")
    for slug, schedule, code in (("ilta", EVENING, "ac23"), ("joka-toinen", FORTNIGHTLY, "ac24"),
                                 ("jatkuva", ONGOING, "ac25"), ("paattynyt", ENDED, "ac26"),
                                 ("pyhat", HOLIDAYS, "ac27")):
        text = group_yaml(schedule, name=slug.capitalize(), code=code)
        if slug == "jatkuva":
            # This one meets on public holidays too: only its breaks are exceptions.
            text = text.replace("meets_on_public_holidays: false",
                                "meets_on_public_holidays: true")
        if slug == "pyhat":
            text += CANCELLATIONS
        (root / "groups" / f"{slug}.yaml").write_text(text, encoding="utf-8")
    output = root.parent / "public"
    result = build(root, output, TODAY)
    assert result.model is not None, [str(p) for p in result.problems]
    return output


@pytest.fixture(scope="module")
def example(example_site: ExampleSite) -> Path:
    return example_site.output


# --- the meetings, as a phone would show them --------------------------------------------

def test_evening_meeting_keeps_local_time_across_the_clock_change(ours: Path) -> None:
    (event,) = events(parse(ours / "fi/groups/ilta/calendar.ics"))
    starts = expand(event)
    assert [t.date().isoformat() for t in starts] == [
        "2026-09-03", "2026-09-10", "2026-09-17", "2026-09-24", "2026-10-01", "2026-10-08",
        # 2026-10-15 is in the autumn break
        "2026-10-22", "2026-10-29", "2026-11-05", "2026-11-12", "2026-11-19", "2026-11-26",
        "2026-12-03", "2026-12-10", "2026-12-17",  # the season's last day is included
    ]
    assert {t.astimezone(HELSINKI).strftime("%H:%M") for t in starts} == {"17:30"}
    by_day = {t.date().isoformat(): t.astimezone(UTC).strftime("%H:%M") for t in starts}
    # Summer time (UTC+3) until the last Sunday of October (2026-10-25), then UTC+2.
    assert by_day["2026-10-22"] == "14:30"
    assert by_day["2026-10-29"] == "15:30"
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(minutes=90)


def test_break_days_are_exactly_the_exception_dates(ours: Path) -> None:
    (event,) = events(parse(ours / "fi/groups/ilta/calendar.ics"))
    assert exdates(event) == [hel("2026-10-15", "17:30")]
    (event,) = events(parse(ours / "fi/groups/joka-toinen/calendar.ics"))
    # Every other Wednesday from 2 Sept; 23 Dec and 6 Jan (the break's last day) are skipped.
    assert exdates(event) == [hel("2026-12-23", "13:00"), hel("2027-01-06", "13:00")]
    assert [t.date().isoformat() for t in expand(event)] == [
        "2026-09-02", "2026-09-16", "2026-09-30", "2026-10-14", "2026-10-28", "2026-11-11",
        "2026-11-25", "2026-12-09", "2027-01-20", "2027-02-03", "2027-02-17",
    ]


def test_every_other_week_counts_from_the_first_such_weekday(ours: Path) -> None:
    # The season starts on a Tuesday (1 Sept): the rhythm starts on Wednesday 2 Sept.
    (event,) = events(parse(ours / "sv/groups/joka-toinen/calendar.ics"))
    assert event.decoded("dtstart") == hel("2026-09-02", "13:00")
    rule = prop(event, "rrule")
    assert rule["FREQ"] == ["WEEKLY"] and rule["INTERVAL"] == [2] and rule["BYDAY"] == ["WE"]


def test_until_is_the_end_of_the_last_day_in_utc(ours: Path) -> None:
    (event,) = events(parse(ours / "en/groups/ilta/calendar.ics"))
    (until,) = prop(event, "rrule")["UNTIL"]
    assert until == dt.datetime(2026, 12, 17, 21, 59, 59, tzinfo=UTC)  # 23:59:59 in Helsinki
    assert b"UNTIL=20261217T215959Z" in (ours / "en/groups/ilta/calendar.ics").read_bytes()


def test_ongoing_group_repeats_without_end_one_event_per_meeting_line(ours: Path) -> None:
    monday, thursday = events(parse(ours / "fi/groups/jatkuva/calendar.ics"))
    assert str(monday["uid"]) == f"jatkuva-0@{HOST}"
    assert str(thursday["uid"]) == f"jatkuva-1@{HOST}"
    for event in (monday, thursday):
        assert "UNTIL" not in prop(event, "rrule") and "COUNT" not in prop(event, "rrule")
    assert exdates(monday) == [hel("2026-12-28", "10:00")]
    # Thursdays every other week from 27 Aug: 17 Dec (a one-day break) and 31 Dec.
    assert exdates(thursday) == [hel("2026-12-17", "18:00"), hel("2026-12-31", "18:00")]
    limit = dt.datetime(2027, 1, 20, tzinfo=UTC)
    assert [t.date().isoformat() for t in expand(thursday, limit)][-3:] == [
        "2026-11-19", "2026-12-03", "2027-01-14"]
    # Still there years later, at the same local time.
    later = expand(monday, dt.datetime(2031, 1, 1, tzinfo=UTC))[-1]
    assert later.date() == dt.date(2030, 12, 30) and later.astimezone(HELSINKI).hour == 10


def test_ended_group_has_no_calendar(ours: Path) -> None:
    # Its page stays as a tombstone (see test_tombstones.py), without a calendar.
    assert not (ours / "fi/groups/paattynyt/calendar.ics").exists()
    everything = parse(ours / "fi/calendar.ics")
    assert not [e for e in events(everything) if str(e["uid"]).startswith("paattynyt-")]


def test_public_holidays_and_cancellations_are_exception_dates(ours: Path) -> None:
    wednesday, thursday = events(parse(ours / "fi/groups/pyhat/calendar.ics"))
    assert exdates(wednesday) == [hel("2026-12-02", "13:00"), hel("2027-01-06", "13:00")]
    assert exdates(thursday) == [hel("2026-12-10", "17:00"), hel("2026-12-24", "17:00")]
    meetings = sorted(t.astimezone(HELSINKI).date().isoformat()
                      for e in (wednesday, thursday) for t in expand(e))
    for gone in ("2026-12-02", "2026-12-10", "2026-12-24", "2027-01-06"):
        assert gone not in meetings
    assert {"2026-12-03", "2026-12-09", "2026-12-31", "2027-01-07"} <= set(meetings)
    # The same in the file of every group.
    everything = [e for e in events(parse(ours / "fi/calendar.ics"))
                  if str(e["uid"]).startswith("pyhat-")]
    assert [exdates(e) for e in everything] == [exdates(wednesday), exdates(thursday)]


def test_public_holidays_and_cancellations_leave_the_next_dates(ours: Path) -> None:
    page = (ours / "fi/groups/pyhat/index.html").read_text(encoding="utf-8")
    upcoming = page.split('<ul class="upcoming">')[1].split("</ul>")[0]
    # From Monday 23 Nov: Wed 25, Thu 26, (Wed 2 Dec cancelled), Thu 3, Wed 9, (Thu 10
    # cancelled), Wed 16.
    days = [line.split()[1] for line in upcoming.split("<li>")[1:]]
    assert days == ["25.11.", "26.11.", "3.12.", "9.12.", "16.12."], upcoming


def test_holidays_leave_the_next_dates_unless_the_group_meets_on_them(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "content")
    late = HOLIDAYS.replace("2026-11-02", "2027-01-04")  # from Mon 4 Jan: Wed 6 Jan is Epiphany
    path = root / "groups" / "pyhat.yaml"
    path.write_text(group_yaml(late), encoding="utf-8")
    first = build(root, tmp_path / "a", dt.date(2027, 1, 4))
    assert first.model is not None
    page = (tmp_path / "a/fi/groups/pyhat/index.html").read_text(encoding="utf-8")
    upcoming = page.split('<ul class="upcoming">')[1].split("</ul>")[0]
    # Not a meeting, but said among them, with the holiday's name; and in the page's list
    # of days without a meeting.
    assert "<li>ke 6.1." not in upcoming and "<li>to 7.1." in upcoming
    assert '<li class="off">ke 6.1. ei kokoontumista: loppiainen</li>' in upcoming
    assert "6.1.2027 loppiainen" in page
    path.write_text(group_yaml(late).replace("meets_on_public_holidays: false",
                                             "meets_on_public_holidays: true"), encoding="utf-8")
    second = build(root, tmp_path / "b", dt.date(2027, 1, 4))
    assert second.model is not None
    page = (tmp_path / "b/fi/groups/pyhat/index.html").read_text(encoding="utf-8")
    assert "<li>ke 6.1." in page and "loppiainen" not in page
    (wednesday, _thursday) = events(parse(tmp_path / "b/fi/groups/pyhat/calendar.ics"))
    assert exdates(wednesday) == []


def test_upcoming_cancellation_is_announced_on_the_page_and_the_card(ours: Path) -> None:
    page = (ours / "fi/groups/pyhat/index.html").read_text(encoding="utf-8").replace(
        "\N{SOFT HYPHEN}", "")  # the soft hyphens that let long words wrap
    # In the fact box, in one line with the next meeting (before the summary); the reasons
    # under "When".
    line = page.split('<span class="cancelled">')[1].split("</span>")[0]
    assert page.index('class="cancelled"') < page.index('class="lead"')
    assert '<time datetime="2026-12-02">' in line and '<time datetime="2026-12-10">' in line
    assert "Ohjaajat" not in line
    notice = page.split('<div class="cancellations"')[1].split("</div>")[0]
    assert page.index('<h2 id="when">') < page.index('class="cancellations"')
    assert '<time datetime="2026-12-02">' in notice and "Ohjaajat koulutuksessa" in notice
    assert '<time datetime="2026-12-10">' in notice and "Tila on varattu" in notice
    home = (ours / "sv/index.html").read_text(encoding="utf-8").replace("\N{SOFT HYPHEN}", "")
    card = home.split('data-weekdays="wednesday thursday"')[1].split("</li>\n</ul>")[0]
    assert "Handledarna på utbildning" in card and 'datetime="2026-12-10"' in card


def test_past_cancellation_is_no_longer_announced(ours: Path, tmp_path: Path) -> None:
    result = build(ours.parent / "content", tmp_path / "public", dt.date(2026, 12, 5))
    assert result.model is not None
    page = (tmp_path / "public/fi/groups/pyhat/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2026-12-02">' not in page and '<time datetime="2026-12-10">' in page


# --- every file of the example content -----------------------------------------------------

def calendars(public: Path) -> Iterator[Path]:
    yield from sorted(public.rglob("*.ics"))


def test_every_calendar_parses_and_is_complete(example: Path) -> None:
    paths = list(calendars(example))
    # 19 groups, 8 municipalities with groups and one for everything, in 3 languages.
    assert len(paths) == 3 * (19 + 8 + 1)
    for path in paths:
        cal = parse(path)
        assert str(cal["version"]) == "2.0"
        assert str(cal["prodid"]) == "-//brochure//Low-threshold groups//EN"
        assert cal.get_missing_tzids() == set(), path
        assert [t.tz_name for t in cal.timezones] == ["Europe/Helsinki"], path
        found = events(cal)
        assert found, path
        for event in found:
            for name in ("uid", "dtstamp", "dtstart", "dtend", "rrule", "summary", "location",
                         "url", "description"):
                assert name in event, (path, name)
            assert event["dtstart"].params["TZID"] == "Europe/Helsinki"
            assert event.decoded("dtstamp").tzinfo is not None
            assert str(event["url"]) in str(event["description"])


def test_uids_are_the_same_in_every_language_and_file(example: Path) -> None:
    def uids(path: Path) -> list[str]:
        return sorted(str(e["uid"]) for e in events(parse(path)))

    everything = {lang: uids(example / lang / "calendar.ics") for lang in ("fi", "sv", "en")}
    assert everything["fi"] == everything["sv"] == everything["en"]
    assert len(set(everything["fi"])) == len(everything["fi"])
    assert f"torstain-olohuone-0@{HOST}" in everything["fi"]
    assert uids(example / "sv/groups/torstain-olohuone/calendar.ics") == [
        f"torstain-olohuone-0@{HOST}"]
    kokkola = uids(example / "en/municipality/kokkola/calendar.ics")
    assert f"torstain-olohuone-0@{HOST}" in kokkola and set(kokkola) < set(everything["fi"])


def test_text_is_in_the_calendars_language_or_marked(example: Path) -> None:
    (event,) = events(parse(example / "sv/groups/torstain-olohuone/calendar.ics"))
    assert str(event["summary"]) == "Torsdagens vardagsrum"
    # The street's and the town's Swedish names, where the street has one.
    assert str(event["location"]) == "Dagcentrets vardagsrum, Långbrogatan 24, 67100 Karleby"
    assert str(event["url"]) == "https://example.org/ryhmat/sv/groups/torstain-olohuone/"
    assert event.decoded("geo") is not None
    # The gaps in the calendar said aloud: the planned break and the public holiday by name.
    assert "Inga träffar: 21.12.2026–6.1.2027, 6.5.2027 (Kristi himmelsfärdsdag)" in str(
        event["description"])
    # Digikahvila has no English name: the Finnish one stands in, marked as Finnish.
    (event,) = events(parse(example / "en/groups/digikahvila-kannus/calendar.ics"))
    assert str(event["summary"]) == "Digikahvila"
    assert event["summary"].params["LANGUAGE"] == "fi"


def test_dtstamp_comes_from_the_review_date_not_the_clock(example: Path,
                                                          tmp_path: Path) -> None:
    (event,) = events(parse(example / "fi/groups/torstain-olohuone/calendar.ics"))
    assert event.decoded("dtstamp") == dt.datetime(2026, 11, 12, tzinfo=UTC)  # reviewed
    later = build(REPO / "content", tmp_path / "public", TODAY + dt.timedelta(days=1))
    assert later.model is not None
    for path in calendars(example):
        relative = path.relative_to(example)
        assert (tmp_path / "public" / relative).read_bytes() == path.read_bytes(), relative


def test_meetings_agree_with_the_group_pages(example: Path) -> None:
    """A phone shows the same meetings as the site's "next meetings" (brochure.core.schedule)."""
    result = build(REPO / "content", example.parent / "again", TODAY, write=False)
    assert result.model is not None
    content = result.content
    start, end = dt.date(2026, 8, 1), dt.date(2027, 12, 31)
    limit = dt.datetime(2028, 1, 1, tzinfo=UTC)
    for group in content.published:
        found = events(parse(example / "fi/groups" / group.slug / "calendar.ics"))
        index = {str(e["uid"]): i for i, e in enumerate(found)}
        assert sorted(index) == sorted(f"{group.slug}-{i}@{HOST}" for i in range(len(found)))
        from_calendar = sorted((t.astimezone(HELSINKI).date(), index[str(e["uid"])])
                               for e in found for t in expand(e, limit))
        # Neither shows a public holiday (unless the group meets on them) or a cancelled day.
        skip = skipped_days(group, start, end, content.site.public_holidays)
        from_site = [(o.day, o.meeting_index)
                     for o in occurrences(group.schedule, start, end, skip)]
        assert from_calendar == from_site, group.slug


# --- the time zone, read as RFC 5545 defines it -------------------------------------------

def vtimezone_offsets(cal: Calendar, until: dt.datetime) -> tuple[list[dt.datetime],
                                                                   list[dt.timedelta]]:
    """Onsets (naive UTC) and the offsets they start, from the VTIMEZONE alone.

    Each observance's DTSTART/RRULE/RDATE is local time in its TZOFFSETFROM (RFC 5545 3.6.5).
    """
    (zone,) = cal.timezones
    changes: list[tuple[dt.datetime, dt.timedelta]] = []
    for part in zone.subcomponents:
        start = part.decoded("dtstart")
        before, after = part.decoded("tzoffsetfrom"), part.decoded("tzoffsetto")
        times = [start]
        if "rrule" in part:
            rule = rrulestr(prop(part, "rrule").to_ical().decode(), dtstart=start)
            times = list(rule.between(start, until, inc=True))
        if "rdate" in part:
            found = prop(part, "rdate")
            rdates = found if isinstance(found, list) else [found]
            times += [d.dt for item in rdates for d in item.dts]
        changes += [(t - before, after) for t in times]
    changes.sort()
    return [c[0] for c in changes], [c[1] for c in changes]


def test_vtimezone_matches_the_time_zone_database_hour_by_hour(example: Path) -> None:
    cal = parse(example / "fi/calendar.ics")
    onsets, offsets = vtimezone_offsets(cal, dt.datetime(2032, 1, 1))
    moment = dt.datetime(2026, 1, 1)
    while moment < dt.datetime(2031, 1, 1):
        index = bisect.bisect_right(onsets, moment) - 1
        assert index >= 0, moment
        expected = moment.replace(tzinfo=UTC).astimezone(HELSINKI).utcoffset()
        assert offsets[index] == expected, moment
        moment += dt.timedelta(minutes=30)


def test_vtimezone_changes_at_the_right_instant() -> None:
    from brochure.output.exports.calendar import vtimezone

    cal = Calendar()
    cal.add_component(vtimezone("Europe/Helsinki", 2025, 2045))
    onsets, offsets = vtimezone_offsets(Calendar.from_ical(cal.to_ical()),
                                        dt.datetime(2027, 1, 1))
    # 2026: summer time from 29 March 01:00 UTC, winter time from 25 October 01:00 UTC.
    assert (dt.datetime(2026, 3, 29, 1), dt.timedelta(hours=3)) in zip(onsets, offsets,
                                                                       strict=True)
    assert (dt.datetime(2026, 10, 25, 1), dt.timedelta(hours=2)) in zip(onsets, offsets,
                                                                        strict=True)


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(st.text(alphabet=st.characters(codec="utf-8"),
                              max_size=200), min_size=1, max_size=4),
       url=st.text(alphabet="abcdefghij/:.-_", max_size=120))
def test_events_are_written_as_icalendar_writes_them(texts: list[str], url: str) -> None:
    """component_bytes skips icalendar's folding for lines that need none: the bytes must be
    the library's own, whatever the text (long lines, multi-byte letters, backslashes,
    commas and line breaks, which icalendar escapes)."""
    event = Event()
    event.add("uid", "group-0@example.org")
    event.add("dtstart", dt.datetime(2026, 12, 7, 17, 30, tzinfo=ZoneInfo("Europe/Helsinki")))
    event.add("summary", texts[0])
    event.add("location", texts[-1], parameters={"LANGUAGE": "fi"})
    event.add("description", "\n\n".join(texts))
    event.add("url", url)
    assert component_bytes(event) == event.to_ical()
