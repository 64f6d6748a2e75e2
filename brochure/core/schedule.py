"""When a group really meets: its meetings expanded over the season, breaks left out.

Public holidays and cancelled meetings are days to ``skip`` (see
:mod:`brochure.core.holidays`), given by the caller.

Shared by the group pages ("next meetings") and the calendar export, so both agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from brochure.core.models import WEEKDAYS, Break, Meeting, Schedule


@dataclass(frozen=True, order=True)
class Occurrence:
    day: dt.date
    meeting_index: int
    start: dt.time
    end: dt.time


def first_day(meeting: Meeting, season_start: dt.date) -> dt.date:
    """The first date on or after the season's start that falls on the meeting's weekday.

    Every-other-week meetings are counted from this day.
    """
    offset = (WEEKDAYS.index(meeting.weekday) - season_start.weekday()) % 7
    return season_start + dt.timedelta(days=offset)


def in_break(day: dt.date, breaks: list[Break]) -> bool:
    return any(b.start <= day <= b.end for b in breaks)


def occurrences(schedule: Schedule, start: dt.date, end: dt.date,
                skip: frozenset[dt.date] = frozenset()) -> Iterator[Occurrence]:
    """Every meeting between ``start`` and ``end`` (inclusive), in date order, except on the
    days in ``skip``."""
    for row in _meetings(schedule, start, end, skip, with_breaks=True):
        yield Occurrence(*row)


def rule_days(schedule: Schedule, start: dt.date, end: dt.date) -> list[dt.date]:
    """The days between ``start`` and ``end`` on which the schedule's rule puts a meeting,
    breaks included, in date order."""
    return sorted({row[0] for row in _meetings(schedule, start, end, frozenset(),
                                               with_breaks=False)})


def _meetings(schedule: Schedule, start: dt.date, end: dt.date, skip: frozenset[dt.date], *,
              with_breaks: bool) -> list[tuple[dt.date, int, dt.time, dt.time]]:
    """The meetings as (day, meeting's index, start, end), sorted: plain tuples, which sort
    much faster than the dataclass (a build expands every group's season several times)."""
    season = schedule.season
    last = min(end, season.end) if season.end else end
    breaks = schedule.breaks if with_breaks else []
    found = []
    for index, meeting in enumerate(schedule.meetings):
        step = dt.timedelta(days=7 * meeting.every)
        day = first_day(meeting, season.start)
        if day < start:
            # Jump close to ``start`` without breaking the every-N-weeks rhythm.
            skipped = (start - day).days // step.days
            day += step * skipped
        while day <= last:
            if day >= start and day not in skip and not (breaks and in_break(day, breaks)):
                found.append((day, index, meeting.start, meeting.end))
            day += step
    found.sort()
    return found


def next_meetings(schedule: Schedule, today: dt.date, count: int = 5,
                  horizon_days: int = 366,
                  skip: frozenset[dt.date] = frozenset()) -> list[Occurrence]:
    """The next ``count`` meetings from ``today`` on (within a year), without ``skip``."""
    start = max(today, schedule.season.start)
    result = []
    for occurrence in occurrences(schedule, start, start + dt.timedelta(days=horizon_days),
                                  skip):
        result.append(occurrence)
        if len(result) == count:
            break
    return result


def cancelled(schedule: Schedule) -> list[dt.date]:
    """Days a meeting would fall on but for a break (for calendars' exception dates)."""
    if not schedule.breaks:
        return []
    first = min(b.start for b in schedule.breaks)
    last = max(b.end for b in schedule.breaks)
    return [day for day in rule_days(schedule, first, last) if in_break(day, schedule.breaks)]


# Why a date is not a meeting day of a group (see :func:`not_meeting_day`). Each reason has its
# own rule for attendance files (``attendance-<reason>`` in brochure.check.rules).
OUTSIDE_SEASON, WRONG_WEEKDAY, OFF_RHYTHM, IN_BREAK = "season", "weekday", "rhythm", "break"


def not_meeting_day(schedule: Schedule, day: dt.date) -> str | None:
    """Why ``day`` is not a meeting day of ``schedule`` (one of the reasons above), or None
    when the group meets that day: inside the season, on a meeting's weekday, in its
    every-N-weeks rhythm and not in a break.

    The one place that decides "does the group meet on this day" for checks (attendance
    files); it agrees with :func:`occurrences`.
    """
    season = schedule.season
    if day < season.start or (season.end is not None and day > season.end):
        return OUTSIDE_SEASON
    weekday = WEEKDAYS[day.weekday()]
    same_day = [m for m in schedule.meetings if m.weekday == weekday]
    if not same_day:
        return WRONG_WEEKDAY
    if not any(((day - first_day(m, season.start)).days // 7) % max(1, m.every) == 0
               for m in same_day):
        return OFF_RHYTHM
    if in_break(day, schedule.breaks):
        return IN_BREAK
    return None


def exceptions(schedule: Schedule, skip: frozenset[dt.date]) -> list[dt.date]:
    """Days the schedule's rule gives but the group does not meet: breaks, and the days in
    ``skip`` (public holidays, cancelled meetings) that are meeting days."""
    days = set(cancelled(schedule))
    if skip:
        days.update(o.day for o in occurrences(schedule, min(skip), max(skip))
                    if o.day in skip)
    return sorted(days)
