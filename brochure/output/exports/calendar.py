"""iCalendar files (RFC 5545): one per group, per municipality and for everything, per language.

Each meeting line of a group is one recurring VEVENT: it starts on the first meeting day of the
season (every-N-weeks rhythms count from there, as on the group page), repeats weekly or every
N weeks until the end of the season's last day, and leaves out the meeting days that fall in a
break, on a public holiday (unless the group meets on them) or that are cancelled (EXDATE).
Times are local time in the site's time zone (``site.yaml``: ``time_zone``) with a VTIMEZONE,
so a 17:30 meeting stays at 17:30 across the autumn clock change. UIDs are the same in every
language and every file, so importing a calendar again updates the events instead of
duplicating them; DTSTAMP is the group's ``reviewed`` date, so an unchanged group produces
identical bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component, Event, Timezone

from brochure.core import urls
from brochure.core.holidays import exception_days, no_meetings, season_end
from brochure.core.i18n import N_, gettext
from brochure.core.languages import local
from brochure.core.models import Group
from brochure.core.schedule import exceptions, first_day
from brochure.output.exports import Memo, Source, no_memo

PRODID = "-//brochure//Low-threshold groups//EN"
BYDAY = {"monday": "MO", "tuesday": "TU", "wednesday": "WE", "thursday": "TH",
         "friday": "FR", "saturday": "SA", "sunday": "SU"}
# How many years the VTIMEZONE covers, from the year before the first meeting.
TZ_YEARS = 20


def files(source: Source, memo: Memo = no_memo) -> dict[str, bytes]:
    vocab, site = source.vocabularies, source.site
    host = urlsplit(source.base_url).hostname or "localhost"
    published = source.groups
    out: dict[str, bytes] = {}
    order = site.language_order
    for lang in source.languages:
        title = local(site.title, lang, order)
        site_title = title.text if title else ""
        # Each group's events are serialised once (and kept between builds by ``memo``) and
        # shared by the three kinds of file.
        events = {g.slug: Serialised.unpack(memo(
            events_key(source, g, lang),
            functools.partial(_serialised, g, lang, source, host))) for g in published}
        for group in published:
            name = local(group.name, lang, order)
            # A group's own file depends on nothing but the group: kept whole by ``memo``.
            out[urls.group_calendar(lang, group.slug)] = memo(
                source.group_key(group, "ics-file", lang), functools.partial(
                    calendar_bytes, name.text if name else group.slug,
                    source.absolute(urls.group(lang, group.slug)), [events[group.slug]],
                    site.time_zone))
        for mid in sorted({g.municipality for g in published}):
            label = vocab.municipalities[mid].get(lang) if mid in vocab.municipalities else mid
            out[urls.municipality_calendar(lang, mid)] = calendar_bytes(
                f"{label} – {site_title}", source.absolute(urls.municipality(lang, mid)),
                [events[g.slug] for g in published if g.municipality == mid], site.time_zone)
        out[urls.all_calendar(lang)] = calendar_bytes(
            site_title, source.absolute(urls.home(lang)), [events[g.slug] for g in published],
            site.time_zone)
    return out


def events_key(source: Source, group: Group, lang: str) -> bytes:
    """The key under which ``memo`` keeps a group's events in ``lang``."""
    return source.group_key(group, "ics", lang)


@dataclass(frozen=True)
class Serialised:
    """A group's events as iCalendar text, and the year of the first one (for VTIMEzone)."""

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
                      b"".join(component_bytes(e) for e in events)).pack()


def component_bytes(component: Component) -> bytes:
    """``component.to_ical()``, the same bytes, faster. icalendar folds every content line
    character by character (about 25 µs a line, half the time the calendars took), but a line
    of at most 74 bytes is never folded: only the longer ones are handed to it."""
    lines = []
    for line in component.content_lines():
        if not line:
            continue
        data = line.encode("utf-8")
        lines.append(data if len(data) < 75 and "\n" not in line else line.to_ical())
    return b"\r\n".join(lines) + b"\r\n"


def calendar_bytes(name: str, url: str, events: list[Serialised], time_zone: str) -> bytes:
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
        parts.append(vtimezone_bytes(time_zone, first - 1, first - 1 + TZ_YEARS))
    parts += [e.ical for e in events]
    # A calendar is its properties followed by its components: the serialised components
    # go in before the closing line (serialising each event once keeps builds fast).
    head = component_bytes(cal)
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    return head[:-len(end)] + b"".join(parts) + end


def group_events(group: Group, lang: str, source: Source, host: str) -> list[Event]:
    """One recurring event per meeting line of the group."""
    schedule = group.schedule
    season = schedule.season
    order = source.site.language_order
    name = local(group.name, lang, order)
    summary = local(group.summary, lang, order)
    venue_name = local(group.venue.name, lang, order)
    url = source.absolute(urls.group(lang, group.slug))
    stamp = dt.datetime.combine(group.reviewed, dt.time(0), dt.UTC)
    zone = ZoneInfo(source.site.time_zone)
    address = group.venue.address_in(lang, source.vocabularies.municipalities.get(
        group.municipality))
    location = ", ".join(x for x in (venue_name.text if venue_name else "", address) if x)
    # The days without a meeting said aloud (breaks, public holidays by name, cancelled
    # meetings): a calendar shows a gap, and a reader should know why.
    without = no_meetings(group, season.start, season_end(group), lang,
                          source.site.public_holidays)
    said = (gettext(lang, N_("No meetings on:")) + " " + ", ".join(without)) if without else ""
    description = "\n\n".join(x for x in (summary.text if summary else "", said, url) if x)
    events = []
    for index, meeting in enumerate(schedule.meetings):
        day = first_day(meeting, season.start)
        event = Event()
        event.add("uid", f"{group.slug}-{index}@{host}")
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        event.add("dtstart", dt.datetime.combine(day, meeting.start, zone))
        event.add("dtend", dt.datetime.combine(day, meeting.end, zone))
        rule: dict[str, object] = {"freq": "WEEKLY", "interval": meeting.every,
                                   "byday": BYDAY[meeting.weekday], "wkst": "MO"}
        if season.end is not None:
            # RFC 5545: with a local DTSTART and a TZID, UNTIL must be in UTC. The end of the
            # season's last day keeps a meeting on that day.
            last = dt.datetime.combine(season.end, dt.time(23, 59, 59), zone)
            rule["until"] = last.astimezone(dt.UTC)
        event.add("rrule", rule)
        skipped = exceptions(schedule.model_copy(update={"meetings": [meeting]}),
                             exception_days(group, source.site.public_holidays))
        if skipped:
            event.add("exdate", [dt.datetime.combine(d, meeting.start, zone) for d in skipped])
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

@functools.lru_cache(maxsize=16)
def vtimezone_bytes(tzid: str, first_year: int, last_year: int) -> bytes:
    return bytes(vtimezone(tzid, first_year, last_year).to_ical())


def vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """VTIMEZONE for ``tzid`` from the system's time zone data, from the start of
    ``first_year`` to the start of ``last_year``, written by icalendar.

    RFC 5545 (3.6.5) gives each observance's onset as the local time *before* the change
    (in TZOFFSETFROM). icalendar 7.3 writes a clock going forward at the first local time
    after the gap (04:00 instead of 03:00 for a summer time that starts at 03:00: an hour late,
    which tests/output/exports/test_calendar.py notices); the gap is taken off here.
    """
    zone = Timezone.from_tzid(tzid, first_date=dt.date(first_year, 1, 1),
                              last_date=dt.date(last_year, 1, 1))
    for part in zone.subcomponents:
        gap = part.decoded("tzoffsetto") - part.decoded("tzoffsetfrom")
        if gap <= dt.timedelta(0):
            continue
        onset = part.decoded("dtstart") - gap
        found = part.pop("rdate", [])
        rdates = [d.dt - gap for item in (found if isinstance(found, list) else [found])
                  for d in item.dts]
        part.pop("dtstart")
        part.add("dtstart", onset)
        if rdates:
            part.add("rdate", rdates)
    return zone
