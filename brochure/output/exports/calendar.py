"""iCalendar files (RFC 5545): one per group, per municipality and for everything, per language.

Each meeting line of a group is one recurring VEVENT: it starts on the first meeting day of the
season (every-N-weeks rhythms count from there, as on the group page), repeats weekly or every
N weeks until the end of the season's last day, and leaves out the meeting days that fall in a
break, on a public holiday (unless the group meets on them) or that are cancelled (EXDATE).
Times are local Helsinki time with a VTIMEZONE, so a 17:30 meeting stays at 17:30 across the
autumn clock change. UIDs are the same in every language and every file, so
importing a calendar again updates the events instead of duplicating them; DTSTAMP is the
group's ``reviewed`` date, so an unchanged group produces identical bytes.
"""

from __future__ import annotations

import calendar as monthcal
import datetime as dt
import functools
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from brochure.core import urls
from brochure.core.holidays import exception_days, no_meetings, season_end
from brochure.core.i18n import N_, gettext
from brochure.core.languages import local
from brochure.core.models import Group
from brochure.core.schedule import exceptions, first_day
from brochure.output.exports import Memo, Source, no_memo

TZID = "Europe/Helsinki"
ZONE = ZoneInfo(TZID)
PRODID = "-//brochure//Low-threshold groups//EN"
BYDAY = {"monday": "MO", "tuesday": "TU", "wednesday": "WE", "thursday": "TH",
         "friday": "FR", "saturday": "SA", "sunday": "SU"}
# How far ahead the time zone rules are checked before they are written as yearly rules.
TZ_YEARS = 20


def files(source: Source, memo: Memo = no_memo) -> dict[str, bytes]:
    vocab, site = source.vocabularies, source.site
    host = urlsplit(source.base_url).hostname or "localhost"
    published = source.groups
    out: dict[str, bytes] = {}
    for lang in source.languages:
        title = local(site.title, lang)
        site_title = title.text if title else ""
        # Each group's events are serialised once (and kept between builds by ``memo``) and
        # shared by the three kinds of file.
        events = {g.slug: Serialised.unpack(memo(
            source.group_key(g, "ics", lang),
            functools.partial(_serialised, g, lang, source, host))) for g in published}
        for group in published:
            name = local(group.name, lang)
            # A group's own file depends on nothing but the group: kept whole by ``memo``.
            out[urls.group_calendar(lang, group.slug)] = memo(
                source.group_key(group, "ics-file", lang), functools.partial(
                    calendar_bytes, name.text if name else group.slug,
                    source.absolute(urls.group(lang, group.slug)), [events[group.slug]]))
        for mid in sorted({g.municipality for g in published}):
            label = vocab.municipalities[mid].get(lang) if mid in vocab.municipalities else mid
            out[urls.municipality_calendar(lang, mid)] = calendar_bytes(
                f"{label} – {site_title}", source.absolute(urls.municipality(lang, mid)),
                [events[g.slug] for g in published if g.municipality == mid])
        out[urls.all_calendar(lang)] = calendar_bytes(
            site_title, source.absolute(urls.home(lang)), [events[g.slug] for g in published])
    return out


@dataclass(frozen=True)
class Serialised:
    """A group's events as iCalendar text, and the year of the first one (for VTIMEZONE)."""

    first_year: int | None
    ical: bytes

    def pack(self) -> bytes:
        return f"{self.first_year or 0}\n".encode() + self.ical

    @classmethod
    def unpack(cls, data: bytes) -> Serialised:
        year, _, ical = data.partition(b"\n")
        return cls(int(year) or None, ical)


def _serialised(group: Group, lang: str, source: Source, host: str) -> bytes:
    events = group_events(group, lang, source, host)
    first = min((e.decoded("dtstart") for e in events), default=None)
    return Serialised(first.year if first else None,
                      b"".join(e.to_ical() for e in events)).pack()


def calendar_bytes(name: str, url: str, events: list[Serialised]) -> bytes:
    # NAME and X-WR-CALNAME are not escaped by icalendar: a line break in a group's name
    # would stop the build.
    name = " ".join(name.split())
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("url", url)
    # Subscribed calendars are fetched again daily, so changed meetings reach phones.
    cal.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    parts = []
    years = [e.first_year for e in events if e.first_year is not None]
    if years:
        first = min(years)
        parts.append(vtimezone_bytes(TZID, first - 1, first - 1 + TZ_YEARS))
    parts += [e.ical for e in events]
    # A calendar is its properties followed by its components: the serialised components
    # go in before the closing line (serialising each event once keeps builds fast).
    head = bytes(cal.to_ical())
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    return head[:-len(end)] + b"".join(parts) + end


def group_events(group: Group, lang: str, source: Source, host: str) -> list[Event]:
    """One recurring event per meeting line of the group."""
    schedule = group.schedule
    season = schedule.season
    name = local(group.name, lang)
    summary = local(group.summary, lang)
    venue_name = local(group.venue.name, lang)
    url = source.absolute(urls.group(lang, group.slug))
    stamp = dt.datetime.combine(group.reviewed, dt.time(0), dt.UTC)
    address = group.venue.address_in(lang, source.vocabularies.municipalities.get(
        group.municipality))
    location = ", ".join(x for x in (venue_name.text if venue_name else "", address) if x)
    # The days without a meeting said aloud (breaks, public holidays by name, cancelled
    # meetings): a calendar shows a gap, and a reader should know why.
    without = no_meetings(group, season.start, season_end(group), lang)
    said = (gettext(lang, N_("No meetings on:")) + " " + ", ".join(without)) if without else ""
    description = "\n\n".join(x for x in (summary.text if summary else "", said, url) if x)
    events = []
    for index, meeting in enumerate(schedule.meetings):
        day = first_day(meeting, season.start)
        event = Event()
        event.add("uid", f"{group.slug}-{index}@{host}")
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        event.add("dtstart", dt.datetime.combine(day, meeting.start, ZONE))
        event.add("dtend", dt.datetime.combine(day, meeting.end, ZONE))
        rule: dict[str, object] = {"freq": "WEEKLY", "interval": meeting.every,
                                   "byday": BYDAY[meeting.weekday], "wkst": "MO"}
        if season.end is not None:
            # RFC 5545: with a local DTSTART and a TZID, UNTIL must be in UTC. The end of the
            # season's last day keeps a meeting on that day.
            last = dt.datetime.combine(season.end, dt.time(23, 59, 59), ZONE)
            rule["until"] = last.astimezone(dt.UTC)
        event.add("rrule", rule)
        skipped = exceptions(schedule.model_copy(update={"meetings": [meeting]}),
                             exception_days(group))
        if skipped:
            event.add("exdate", [dt.datetime.combine(d, meeting.start, ZONE) for d in skipped])
        add_text(event, "summary", name.text if name else group.slug,
                 name.lang if name and name.fallback else None)
        add_text(event, "location", location,
                 venue_name.lang if venue_name and venue_name.fallback else None)
        if group.venue.coordinates:
            event.add("geo", group.venue.coordinates)
        event.add("url", url)
        add_text(event, "description", description,
                 summary.lang if summary and summary.fallback else None)
        events.append(event)
    return events


def add_text(event: Event, name: str, value: str, lang: str | None) -> None:
    """A text property, marked with its language where it fell back to another one."""
    if lang:
        event.add(name, value, parameters={"LANGUAGE": lang})
    else:
        event.add(name, value)


# --- the time zone -----------------------------------------------------------------------

Transition = tuple[dt.datetime, dt.timedelta, dt.timedelta, str, bool]


def transitions(zone: ZoneInfo, first_year: int, last_year: int) -> list[Transition]:
    """Every change of offset or name: (instant in UTC, offset before, offset after, name, dst).

    Scans day by day and bisects to the second, so no knowledge of the rules is assumed.
    """
    def state(moment: dt.datetime) -> tuple[dt.timedelta, str, bool]:
        local_time = moment.astimezone(zone)
        offset, dst = local_time.utcoffset(), local_time.dst()
        assert offset is not None and dst is not None
        return offset, local_time.tzname() or "", bool(dst)

    found: list[Transition] = []
    moment = dt.datetime(first_year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(last_year + 1, 1, 1, tzinfo=dt.UTC)
    current = state(moment)
    day = dt.timedelta(days=1)
    while moment < end:
        following = state(moment + day)
        if following != current:
            low, high = moment, moment + day
            while high - low > dt.timedelta(seconds=1):
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                if state(middle) == current:
                    low = middle
                else:
                    high = middle
            after = state(high)
            found.append((high, current[0], after[0], after[1], after[2]))
            current = after
        moment += day
    return found


@functools.lru_cache(maxsize=16)
def vtimezone_bytes(tzid: str, first_year: int, last_year: int) -> bytes:
    return bytes(vtimezone(tzid, first_year, last_year).to_ical())


def vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """VTIMEZONE for ``tzid`` from the system's time zone data, valid from ``first_year`` on.

    Each observance's DTSTART and RDATEs are the local time *before* the change, in
    TZOFFSETFROM, as RFC 5545 (3.6.5) defines them. Observances that recur on the last (or
    n-th) weekday of a month through ``last_year`` are written as open-ended yearly rules, so
    the zone stays right for ongoing groups beyond the years checked.
    """
    zone = ZoneInfo(tzid)
    tz = Timezone()
    tz.add("tzid", tzid)
    changes = transitions(zone, first_year, last_year)
    if not changes:
        moment = dt.datetime(first_year, 1, 1, tzinfo=zone)
        offset = moment.utcoffset()
        assert offset is not None
        standard = TimezoneStandard()
        standard.add("dtstart", moment.replace(tzinfo=None))
        standard.add("tzoffsetfrom", offset)
        standard.add("tzoffsetto", offset)
        standard.add("tzname", moment.tzname() or tzid)
        tz.add_component(standard)
        return tz
    groups: dict[tuple[dt.timedelta, dt.timedelta, str, bool], list[dt.datetime]] = {}
    for instant, before, after, name, dst in changes:
        onset = (instant + before).replace(tzinfo=None)
        groups.setdefault((before, after, name, dst), []).append(onset)
    for (before, after, name, dst), onsets in groups.items():
        part = TimezoneDaylight() if dst else TimezoneStandard()
        part.add("dtstart", onsets[0])
        rule = yearly_rule(onsets, last_year)
        if rule is not None:
            part.add("rrule", rule)
        elif len(onsets) > 1:
            part.add("rdate", onsets[1:])
        part.add("tzname", name)
        part.add("tzoffsetfrom", before)
        part.add("tzoffsetto", after)
        tz.add_component(part)
    return tz


def yearly_rule(onsets: list[dt.datetime], last_year: int) -> dict[str, object] | None:
    """FREQ=YEARLY;BYMONTH=m;BYDAY=-1SU (or 2SU…) if every onset follows it, year after year."""
    first = onsets[0]
    years = [o.year for o in onsets]
    if years != list(range(first.year, first.year + len(onsets))) or years[-1] < last_year:
        return None
    if any((o.month, o.time(), o.weekday()) != (first.month, first.time(), first.weekday())
           for o in onsets):
        return None
    weekday = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[first.weekday()]
    if all(o.day + 7 > monthcal.monthrange(o.year, o.month)[1] for o in onsets):
        return {"freq": "YEARLY", "bymonth": first.month, "byday": "-1" + weekday}
    nth = (first.day - 1) // 7 + 1
    if all((o.day - 1) // 7 + 1 == nth for o in onsets):
        return {"freq": "YEARLY", "bymonth": first.month, "byday": f"{nth}{weekday}"}
    return None
