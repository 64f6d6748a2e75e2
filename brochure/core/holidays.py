"""Public holidays (from the ``holidays`` library) and the days a group skips.

Which calendar is the site's (``site.yaml``: ``public_holidays``, the library's code for a
country or a region). A group does not meet on a public holiday unless its entry says
``meets_on_public_holidays: true``; a partner can also cancel single meetings
(``cancellations``). Both are left out of the next dates and written as exception dates
(EXDATE) in the calendars; :mod:`brochure.core.schedule` leaves out the days given here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass

import holidays

from brochure.core.formatting import date_range, long_date
from brochure.core.i18n import N_, gettext
from brochure.core.languages import language
from brochure.core.models import Group
from brochure.core.schedule import rule_days


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
    return skipped_days(group, group.schedule.season.start, season_end(group), calendar)


def season_end(group: Group) -> dt.date:
    """The last day the group's exceptions are worked out for (see :func:`exception_days`)."""
    season = group.schedule.season
    return season.end or max(season.start, group.reviewed).replace(
        year=max(season.start, group.reviewed).year + ONGOING_YEARS, day=1)


# --- the days a group skips, said aloud ------------------------------------------------------

HOLIDAY, CANCELLED, BREAK = "holiday", "cancelled", "break"


@dataclass(frozen=True)
class SkippedDay:
    """A day the group's rule gives but it does not meet, and why: a public holiday (``name``
    in the reader's language), a cancelled meeting, or a planned break (``start``–``end``)."""

    day: dt.date
    kind: str  # HOLIDAY, CANCELLED or BREAK
    name: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


def skipped_meetings(group: Group, start: dt.date, end: dt.date, lang: str,
                     calendar: str) -> list[SkippedDay]:
    """Every day from ``start`` to ``end`` on which the group's rule says it meets but it does
    not, in date order, with the reason in ``lang``."""
    return named(meetings_skipped(group, start, end, calendar), lang, calendar)


def meetings_skipped(group: Group, start: dt.date, end: dt.date,
                     calendar: str) -> list[SkippedDay]:
    """:func:`skipped_meetings` before the holidays are named: the same in every language."""
    schedule = group.schedule
    rule = rule_days(schedule, start, end)
    if not rule:
        return []
    skip = skipped_days(group, start, end, calendar)
    cancelled = {c.date for c in group.cancellations}
    found = []
    for day in rule:
        planned = next((b for b in schedule.breaks if b.start <= day <= b.end), None)
        if planned is not None:
            found.append(SkippedDay(day, BREAK, start=planned.start, end=planned.end))
        elif day in cancelled:
            found.append(SkippedDay(day, CANCELLED))
        elif day in skip:
            found.append(SkippedDay(day, HOLIDAY))
    return found


def named(skipped: list[SkippedDay], lang: str, calendar: str) -> list[SkippedDay]:
    """``skipped`` with each public holiday's name in ``lang``."""
    return [dataclasses.replace(s, name=holiday_in_text(s.day, lang, calendar))
            if s.kind == HOLIDAY else s for s in skipped]


def holiday_in_text(day: dt.date, lang: str, calendar: str) -> str:
    """The holiday's name as it reads inside a sentence: Finnish and Swedish write names of
    holidays in lower case ("loppiainen", "trettondag"), except for a proper name at their
    start ("Kristi himmelsfärdsdag"); English capitalises them ("Epiphany")."""
    name = holiday_name(day, lang, calendar)
    facts = language(lang)
    if not facts.holidays_lower_case or name.split(" ", 1)[0] in facts.proper_names:
        return name
    return name[:1].lower() + name[1:]


# Why a meeting the rule gives does not take place (a public holiday says its own name).
SKIP_REASONS = {CANCELLED: N_("cancelled"), BREAK: N_("break")}


def skip_reason(skipped: SkippedDay, lang: str) -> str:
    """Why a meeting does not take place: the holiday's name, "cancelled" or "break"."""
    return skipped.name or gettext(lang, SKIP_REASONS[skipped.kind])


def no_meetings(group: Group, start: dt.date, end: dt.date, lang: str,
                calendar: str) -> list[str]:
    """The days without a meeting, in date order, as a page, a poster and a calendar say
    them: every planned break ("21.12.2026–6.1.2027"), and from ``start`` to ``end`` the
    public holidays and cancelled meetings on meeting days ("6.1.2027 loppiainen")."""
    return no_meetings_said(group, skipped_meetings(group, start, end, lang, calendar), lang)


def no_meetings_said(group: Group, skipped: list[SkippedDay], lang: str) -> list[str]:
    """:func:`no_meetings` from the skipped days already worked out (named in ``lang``)."""
    dated = [(b.start, long_date(b.start, lang) if b.start == b.end
              else date_range(b.start, b.end, lang)) for b in group.schedule.breaks]
    dated += [(s.day, gettext(lang, N_("%(date)s (%(reason)s)")) % {
        "date": long_date(s.day, lang), "reason": skip_reason(s, lang)})
        for s in skipped if s.kind != BREAK]
    return [text for _, text in sorted(dated, key=lambda pair: pair[0])]
