"""Public holidays (from the ``holidays`` library) and the days a group skips.

Which calendar is the site's (``site.yaml``: ``public_holidays``, the library's code for a
country or a region). A group does not meet on a public holiday unless its entry says
``meets_on_public_holidays: true``; a partner can also cancel single meetings
(``cancellations``). Both are left out of the next dates and written as exception dates
(EXDATE) in the calendars; :mod:`brochure.core.schedule` leaves out the days given here.
"""

from __future__ import annotations

import datetime as dt
import functools

import holidays

from brochure.core.languages import language
from brochure.core.models import Group


@functools.lru_cache(maxsize=64)
def _year(calendar: str, year: int, lang: str) -> dict[dt.date, str]:
    """The calendar's holidays of ``year``, named in ``lang`` where the library can (else in
    the calendar's own language)."""
    plain = holidays.country_holidays(calendar, years=year)
    # Always name a language: without one the library follows the system's locale.
    wanted = next((code for code in language(lang).holiday_languages
                   if code in plain.supported_languages), plain.default_language) \
        if lang else plain.default_language
    found = holidays.country_holidays(calendar, years=year, language=wanted)
    return dict(sorted(found.items()))


def public_holidays(start: dt.date, end: dt.date, calendar: str,
                    lang: str = "") -> dict[dt.date, str]:
    """The public holidays from ``start`` to ``end`` (inclusive), named in ``lang`` (the
    calendar's own language by default)."""
    out: dict[dt.date, str] = {}
    for year in range(start.year, end.year + 1):
        out.update({d: n for d, n in _year(calendar, year, lang).items() if start <= d <= end})
    return out


def holiday_name(day: dt.date, lang: str, calendar: str) -> str:
    """The holiday's name in ``lang`` ("" if the day is none)."""
    return _year(calendar, day.year, lang).get(day, "")


def describe(days: list[dt.date], lang: str, calendar: str) -> str:
    """'6.1.2027 Loppiainen, 14.5.2026 Helatorstai' for the checker's notice."""
    return ", ".join(f"{d.day}.{d.month}.{d.year} {holiday_name(d, lang, calendar)}".strip()
                     for d in days)


def skipped_days(group: Group, start: dt.date, end: dt.date,
                 calendar: str) -> frozenset[dt.date]:
    """The days between ``start`` and ``end`` on which ``group`` does not meet although its
    schedule says so: public holidays (unless it meets on them) and its cancellations."""
    days = {c.date for c in group.cancellations if start <= c.date <= end}
    if not group.meets_on_public_holidays:
        days.update(public_holidays(start, end, calendar))
    return frozenset(days)


# An ongoing season has no end: calendars list its exceptions this long after the later of
# its start and its review (a group whose review is older is no longer published).
ONGOING_YEARS = 3


def exception_days(group: Group, calendar: str) -> frozenset[dt.date]:
    """Every day of the season the group skips (for calendars' EXDATE and JSON-LD).

    Depends on the group alone, never on the build date, so a group's calendar stays the same
    from day to day."""
    season = group.schedule.season
    end = season.end or max(season.start, group.reviewed).replace(
        year=max(season.start, group.reviewed).year + ONGOING_YEARS, day=1)
    return skipped_days(group, season.start, end, calendar)
