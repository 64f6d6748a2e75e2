"""Words for dates, times and recurring meetings in each language, and alphabetical order.

Dates and weekday names come from Babel (CLDR); the few recurring-weekday phrases CLDR lacks
("tiistaisin", "tisdagar", "Tuesdays") are gettext strings, so translators own them. Times of
day are written by a small table here (_CLOCKS), so they do not change with the Babel release.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata

import phonenumbers
from babel.dates import format_date, format_interval, format_skeleton, get_day_names
from babel.numbers import format_decimal
from babel.units import format_unit

from brochure.core.i18n import N_, gettext, on_reload
from brochure.core.languages import language, locale
from brochure.core.models import WEEKDAYS, Meeting

_HABITUAL = {
    "monday": N_("Mondays"),
    "tuesday": N_("Tuesdays"),
    "wednesday": N_("Wednesdays"),
    "thursday": N_("Thursdays"),
    "friday": N_("Fridays"),
    "saturday": N_("Saturdays"),
    "sunday": N_("Sundays"),
}
_EVERY = {
    2: N_("every other %(weekday)s"),
    3: N_("every third %(weekday)s"),
    4: N_("every fourth %(weekday)s"),
}


@functools.lru_cache(maxsize=4096)
def weekday_name(weekday: str, lang: str) -> str:
    """'tiistai', 'tisdag', 'Tuesday' (stand-alone form from CLDR)."""
    names = get_day_names("wide", context="stand-alone", locale=locale(lang))
    return str(names[WEEKDAYS.index(weekday)])


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


_DASH = "\N{EN DASH}"  # between the times, without spaces


@functools.lru_cache(maxsize=4096)
def time_range(start: dt.time, end: dt.time, lang: str) -> str:
    """'13–15' or '17.30–19.00' in Finnish and Swedish, '13:00–15:00' in English (the
    language's clock; the words "klo" and "kl." come from the catalogs)."""
    clock = language(lang).clock
    if clock.bare_hours and start.minute == 0 and end.minute == 0:
        return f"{start.hour}{_DASH}{end.hour}"
    return _DASH.join(f"{t.hour:0{clock.hour_digits}d}{clock.separator}{t.minute:02d}"
                      for t in (start, end))


@functools.lru_cache(maxsize=4096)
def days_phrase(meeting: Meeting, lang: str) -> str:
    if meeting.every == 1:
        return gettext(lang, _HABITUAL[meeting.weekday])
    return gettext(lang, _EVERY[meeting.every]) % {"weekday": weekday_name(meeting.weekday, lang)}


@functools.lru_cache(maxsize=4096)
def meeting_words(meeting: Meeting, lang: str) -> str:
    """'tiistaisin klo 13–15', 'tisdagar kl. 13–15', 'Tuesdays 13:00–15:00' (inside a
    sentence)."""
    return gettext(lang, N_("%(days)s %(time)s")) % {
        "days": days_phrase(meeting, lang),
        "time": time_range(meeting.start, meeting.end, lang),
    }


@functools.lru_cache(maxsize=4096)
def meeting_phrase(meeting: Meeting, lang: str) -> str:
    """'Tiistaisin klo 13–15', 'Tisdagar kl. 13–15', 'Tuesdays 13:00–15:00'."""
    return capitalise(meeting_words(meeting, lang))


# One date style per language, everywhere a reader sees a date: in figures ("1.12.2026",
# "ti 1.12.", "2.9.–18.12.2026") or with the month's short name ("1 Dec 2026", "Tue 1 Dec",
# "2 Sept – 18 Dec 2026"), as the language's numeric_dates says.


@functools.lru_cache(maxsize=4096)
def long_date(day: dt.date, lang: str) -> str:
    """'1.12.2026', '1.12.2026', '1 Dec 2026': a whole date in the language's one style."""
    if language(lang).numeric_dates:
        return f"{day.day}.{day.month}.{day.year}"
    return str(format_date(day, "medium", locale=locale(lang)))


@functools.lru_cache(maxsize=4096)
def short_date(day: dt.date, lang: str) -> str:
    """The same as :func:`long_date` (one style per language)."""
    return long_date(day, lang)


@functools.lru_cache(maxsize=4096)
def weekday_short(day: dt.date, lang: str) -> str:
    """'ti', 'tis', 'Tue': the weekday's abbreviation."""
    return str(format_skeleton("E", day, locale=locale(lang))).rstrip(".")


@functools.lru_cache(maxsize=4096)
def day_month(day: dt.date, lang: str) -> str:
    """'1.12.', '1.12.', '1 Dec': a date within the year."""
    if language(lang).numeric_dates:
        return f"{day.day}.{day.month}."
    return str(format_skeleton("MMMd", day, locale=locale(lang)))


@functools.lru_cache(maxsize=4096)
def weekday_date(day: dt.date, lang: str) -> str:
    """'ti 1.12.', 'tis 1.12.', 'Tue 1 Dec' (for lists of next meetings)."""
    return f"{weekday_short(day, lang)} {day_month(day, lang)}"


@functools.lru_cache(maxsize=4096)
def date_range(start: dt.date, end: dt.date, lang: str) -> str:
    """'2.9.–18.12.2026', '2.9.–18.12.2026', '2 Sept – 18 Dec 2026'."""
    if language(lang).numeric_dates:
        first = day_month(start, lang) if start.year == end.year else long_date(start, lang)
        return f"{first}{_DASH}{long_date(end, lang)}"
    return str(format_interval(start, end, "yMMMd", locale=locale(lang)))


# --- phone numbers ----------------------------------------------------------------------

def _grouped(digits: str) -> str:
    """A subscriber number in groups of three or four, as Finns write them: '232 3380'."""
    if len(digits) <= 4:
        return digits
    if len(digits) == 5:
        return f"{digits[:2]} {digits[2:]}"
    if len(digits) == 6:
        return f"{digits[:3]} {digits[3:]}"
    if len(digits) == 7:
        return f"{digits[:3]} {digits[3:]}"
    if len(digits) == 8:
        return f"{digits[:4]} {digits[4:]}"
    return f"{digits[:3]} {_grouped(digits[3:])}"


@functools.lru_cache(maxsize=65536, typed=True)
def number(value: int | float, lang: str, decimals: int = 0) -> str:
    """A figure with the language's grouping and decimal signs ("1 234,5" in Finnish); the
    report formats tens of thousands of them, mostly the same small counts."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(value, format=pattern, locale=locale(lang)))


@functools.lru_cache(maxsize=1 << 15)
def phone_display(number: str, region: str) -> str:
    """A phone number as a reader in ``region`` dials it: '040 232 3380', '06 828 7000'.

    Numbers of the region's country in the national form, the subscriber part in groups of
    three and four; numbers abroad in the international form. Anything phonenumbers cannot
    read stays as it is.
    """
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return number
    if parsed.country_code != phonenumbers.country_code_for_region(region):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    prefix, _, rest = national.partition(" ")
    if not rest or not rest.isdigit():
        return national
    return f"{prefix} {_grouped(rest)}"


# --- alphabetical order -----------------------------------------------------------------

# Finnish and Swedish put å, ä, ö (and æ, ø) after z (the language's after_z); v/w and
# accents follow CLDR's main rules closely enough for names of groups. No library on PyPI does
# this without ICU.


@functools.lru_cache(maxsize=65536)
def collation_key(text: str, lang: str) -> tuple[str, str]:
    """A sort key for ``text`` in the alphabet of ``lang``."""
    folded = text.casefold().strip()
    after_z = language(lang).after_z
    chars = []
    for char in folded:
        if char in after_z:
            chars.append(after_z[char])
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        chars.append(base if base.isalnum() else (" " if base.isspace() else base))
    return ("".join(chars), text)


def file_size(size: int, lang: str) -> str:
    """'12 kt', '12 kB', '1,2 MB': rounded up, so a small file never reads as 0."""
    if size < 1_000_000:
        kilo = max(1, -(-size // 1000))
        return str(format_unit(kilo, "digital-kilobyte", length="short", locale=locale(lang)))
    mega = -(-size // 100_000) / 10
    return str(format_unit(mega, "digital-megabyte", length="short", locale=locale(lang),
                           format="#,##0.#"))


# Phrases and names come from the catalogs: forget them when the catalogs are read again.
for _cached in (weekday_name, time_range, days_phrase, meeting_words, meeting_phrase,
                long_date, short_date,
                weekday_short, day_month, weekday_date, date_range):
    on_reload(_cached.cache_clear)
