"""brochure/schedule.py: when a group really meets (shared by pages and calendars)."""

from __future__ import annotations

import datetime as dt

from brochure.core.models import Meeting, Schedule, Season
from brochure.core.schedule import cancelled, first_day, next_meetings, occurrences


def schedule(*meetings: Meeting, breaks: tuple[tuple[dt.date, dt.date], ...] = (),
             start: dt.date = dt.date(2026, 9, 1), end: dt.date | None = None) -> Schedule:
    # Validated as from a file: a break is written as a mapping (or a single date).
    return Schedule.model_validate({
        "season": Season(start=start, end=end), "meetings": list(meetings),
        "breaks": [{"start": a, "end": b} for a, b in breaks]})


TUESDAY = Meeting(weekday="tuesday", start=dt.time(13), end=dt.time(15))
FORTNIGHTLY_THURSDAY = Meeting(weekday="thursday", start=dt.time(17, 30),
                               end=dt.time(19), every=2)


def test_the_first_meeting_is_the_first_weekday_of_the_season() -> None:
    # 1 September 2026 is a Tuesday; the first Thursday is the 3rd.
    assert first_day(TUESDAY, dt.date(2026, 9, 1)) == dt.date(2026, 9, 1)
    assert first_day(FORTNIGHTLY_THURSDAY, dt.date(2026, 9, 1)) == dt.date(2026, 9, 3)


def test_every_other_week_keeps_its_rhythm_from_the_season_start() -> None:
    days = [o.day for o in occurrences(schedule(FORTNIGHTLY_THURSDAY),
                                       dt.date(2026, 11, 1), dt.date(2026, 11, 30))]
    # 3.9. + 2-week steps: 10 Sept is skipped, so November has the 12th and the 26th.
    assert days == [dt.date(2026, 11, 12), dt.date(2026, 11, 26)]


def test_breaks_and_the_season_end_leave_meetings_out() -> None:
    plan = schedule(TUESDAY, breaks=((dt.date(2026, 12, 21), dt.date(2027, 1, 6)),),
                    end=dt.date(2027, 1, 19))
    days = [o.day for o in occurrences(plan, dt.date(2026, 12, 14), dt.date(2027, 3, 1))]
    assert days == [dt.date(2026, 12, 15), dt.date(2027, 1, 12), dt.date(2027, 1, 19)]
    assert cancelled(plan) == [dt.date(2026, 12, 22), dt.date(2026, 12, 29),
                               dt.date(2027, 1, 5)]


def test_two_meetings_a_week_come_in_date_order() -> None:
    plan = schedule(FORTNIGHTLY_THURSDAY, TUESDAY)
    found = next_meetings(plan, dt.date(2026, 11, 23), count=4)
    assert [(o.day, o.meeting_index) for o in found] == [
        (dt.date(2026, 11, 24), 1), (dt.date(2026, 11, 26), 0),
        (dt.date(2026, 12, 1), 1), (dt.date(2026, 12, 8), 1)]


def test_next_meetings_wait_for_a_season_that_has_not_started() -> None:
    plan = schedule(TUESDAY, start=dt.date(2027, 1, 10))
    assert next_meetings(plan, dt.date(2026, 11, 23), count=1)[0].day == dt.date(2027, 1, 12)


def test_an_ended_season_has_no_next_meetings() -> None:
    plan = schedule(TUESDAY, end=dt.date(2026, 10, 31))
    assert next_meetings(plan, dt.date(2026, 11, 23)) == []
