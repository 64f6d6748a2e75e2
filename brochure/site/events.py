"""What search engines are told of a group: its schema.org ``Event`` as plain values.

The renderer draws them as JSON-LD (:mod:`brochure.output.jsonld`).
"""

from __future__ import annotations

from brochure.core.models import WEEKDAYS, Group
from brochure.core.records import record
from brochure.site.views import Views


@record
class EventSchedule:
    """One weekly meeting of a group, as schema.org's ``Schedule`` describes it."""

    weekday: str  # monday … sunday
    start: str  # 13:00
    end: str
    every: int  # weeks
    first: str  # the season's first and last day (ISO)
    last: str | None
    skipped: tuple[str, ...]  # days without a meeting on this weekday (ISO)
    timezone: str


@record
class EventFacts:
    """What search engines are told of a group (drawn as JSON-LD by the renderer)."""

    name: str
    description: str
    url: str
    languages: tuple[str, ...]
    first: str
    last: str | None
    schedules: tuple[EventSchedule, ...]
    place: str
    address: str
    coordinates: tuple[float, float] | None
    organisers: tuple[str, ...]


def event_facts(group: Group, lang: str, url: str, views: Views) -> EventFacts:
    """A group as a schema.org Event: its weekly schedule, its place and its partners."""
    name = views.local(group.name, lang)
    summary = views.local(group.summary, lang)
    season = group.schedule.season
    skipped_days = views.skipped(group)
    schedules = tuple(
        EventSchedule(
            weekday=meeting.weekday, start=meeting.start.strftime("%H:%M"),
            end=meeting.end.strftime("%H:%M"), every=meeting.every,
            first=season.start.isoformat(),
            last=season.end.isoformat() if season.end else None,
            skipped=tuple(d.isoformat() for d in skipped_days
                          if d.weekday() == WEEKDAYS.index(meeting.weekday)),
            timezone=views.site.time_zone)
        for meeting in group.schedule.meetings)
    venue_name = views.local(group.venue.name, lang)
    return EventFacts(
        name=name.text if name else group.slug,
        description=summary.text if summary else "",
        url=url, languages=tuple(group.languages), first=season.start.isoformat(),
        last=season.end.isoformat() if season.end else None, schedules=schedules,
        place=venue_name.text if venue_name else "", address=views.address(group, lang),
        coordinates=group.venue.coordinates,
        organisers=tuple(views.partner_name(pid, lang).text for pid in group.partner_ids()))
