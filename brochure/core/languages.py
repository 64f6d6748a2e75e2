"""Everything the brochure knows about its languages, in one place.

Which languages exist, and for each one (:class:`Language`): the Babel locale it is formatted
with, what it is called in itself, how it writes a time of day and a date, where its alphabet
puts å, ä and ö, the words of the instant search's address, and the holiday library's name
for it. Which of them a site uses, and which one comes first (the one every entry must have
and that stands in, marked, where a text is missing), is the site's choice (``site.yaml``:
``languages``, ``default_language``); :func:`site_languages` puts them in that order and
:func:`local` reads a text in one of them. Other modules import from here; this module imports
nothing of the project's but the extraction marker ``N_``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from typing import Literal, Protocol

from brochure.core.i18n import N_
from brochure.core.records import record

LanguageCode = Literal["fi", "sv", "en"]


@record
class Clock:
    """How a language writes a time of day: '9.30' or '09:30', and whole hours alone."""

    separator: str  # between the hour and the minutes
    hour_digits: int  # 1: '9.30'; 2: '09:30' (the minutes always have two)
    bare_hours: bool  # '13–15' when both times are on the hour


@record
class Language:
    """One language of the brochure and how it is written."""

    code: LanguageCode
    # Babel (CLDR) locale: Finland Swedish, and British English for the 24-hour clock and
    # day-month order. Times are not left to CLDR (see ``clock``).
    locale: str
    og_locale: str  # Open Graph's og:locale
    autonym: str  # its name in itself: the language switch and the language choice
    choose: str  # "Choose a language", in it: the root page's language choice
    in_language: str  # "In <language>", in it: headings of the trilingual job summaries
    name: str  # its name, to be translated into the reader's language ("ruotsi", "finska")
    required: str  # "<language> required" beside a field, translated likewise
    # Decided here, not by the installed CLDR, whose Finland-Swedish changed from 17:30 to
    # 17.30 between Babel releases.
    clock: Clock
    # Dates in figures ("1.12.2026", "ti 1.12.") rather than with the month's short name
    # ("1 Dec 2026").
    numeric_dates: bool
    # Letters its alphabet puts after z, in order (Finnish and Swedish: å, ä, ö).
    after_z: Mapping[str, str] = field(default_factory=dict)
    # The instant search's query names (``?kunta=kokkola``) and its "when" values.
    query: Mapping[str, str] = field(default_factory=dict)
    when: Mapping[str, str] = field(default_factory=dict)
    # The holidays library's names for this language, the first it has for a calendar wins.
    holiday_languages: tuple[str, ...] = ()
    # Spreadsheets: what separates a number's decimals (Excel in Finnish and Swedish reads
    # "10,5" as a number and "10.5" as a date, and wants ";" between a CSV file's columns),
    # and how a cell shows a date (Excel's format code).
    decimal: str = "."
    spreadsheet_date: str = "yyyy-mm-dd"
    # How yes and no are written: a yes/no field of an entry reads them (with a notice saying
    # it is written true or false; see brochure.check.lenient).
    yes: tuple[str, ...] = ()
    no: tuple[str, ...] = ()
    # Names of holidays inside a sentence: lower case in Finnish and Swedish ("ei 6.1.
    # loppiainen", "inte 6.1. trettondag"), as English capitalises them; a proper name at the
    # start keeps its capital ("Kristi himmelsfärdsdag").
    holidays_lower_case: bool = False
    proper_names: tuple[str, ...] = ()
    # How long words are hyphenated (brochure.output.hyphenation): pyphen's patterns by name,
    # or SYLLABLES for the Finnish syllable rule (pyphen has no Finnish patterns).
    hyphenation: str = ""


# Hyphenation by the Finnish syllable rule (brochure.output.hyphenation.finnish_points).
SYLLABLES = "finnish-syllables"

_NORDIC_AFTER_Z = {"å": "{0", "ä": "{1", "æ": "{1", "ö": "{2", "ø": "{2"}

_ALL: tuple[Language, ...] = (
    Language(
        code="fi", locale="fi_FI", og_locale="fi_FI", autonym="suomi", choose="Valitse kieli",
        in_language="Suomeksi",
        name=N_("Finnish"), required=N_("Finnish required"),
        clock=Clock(separator=".", hour_digits=1, bare_hours=True), numeric_dates=True,
        after_z=_NORDIC_AFTER_Z,
        query={"municipality": "kunta", "weekday": "paiva", "audience": "kenelle",
               "when": "milloin", "language": "kieli", "search": "haku"},
        when={"today": "tanaan", "week": "viikko"},
        holiday_languages=("fi",), decimal=",", spreadsheet_date="d.m.yyyy",
        yes=("kyllä", "kylla"), no=("ei",), holidays_lower_case=True, hyphenation=SYLLABLES),
    Language(
        code="sv", locale="sv_FI", og_locale="sv_FI", autonym="svenska",
        choose="Välj språk", in_language="På svenska", name=N_("Swedish"),
        required=N_("Swedish required"),
        clock=Clock(separator=".", hour_digits=1, bare_hours=True), numeric_dates=True,
        after_z=_NORDIC_AFTER_Z,
        query={"municipality": "kommun", "weekday": "dag", "audience": "for", "when": "nar",
               "language": "sprak", "search": "sok"},
        when={"today": "idag", "week": "vecka"},
        holiday_languages=("sv_FI", "sv", "sv_SE"), decimal=",",
        spreadsheet_date="d.m.yyyy", yes=("ja",), no=("nej",), holidays_lower_case=True,
        proper_names=("Kristi",), hyphenation="sv"),
    Language(
        code="en", locale="en_GB", og_locale="en_GB", autonym="English",
        choose="Choose a language", in_language="In English", name=N_("English"),
        required=N_("English required"),
        clock=Clock(separator=":", hour_digits=2, bare_hours=False), numeric_dates=False,
        query={"municipality": "municipality", "weekday": "day", "audience": "audience",
               "when": "when", "language": "language", "search": "search"},
        when={"today": "today", "week": "week"},
        holiday_languages=("en_GB", "en_US"), decimal=".", spreadsheet_date="d mmm yyyy",
        yes=("yes",), no=("no",), hyphenation="en_GB"),
)

BY_CODE: dict[str, Language] = {language.code: language for language in _ALL}
LANGUAGES: tuple[LanguageCode, ...] = tuple(language.code for language in _ALL)
# The language of messages when none is chosen (``--lang``), and the first of a site's
# languages unless its site.yaml says otherwise.
FALLBACK: LanguageCode = "fi"
# The language the catalogs' messages (msgids) are written in.
SOURCE: LanguageCode = "en"

# The same facts by code, for templates and tables.
LOCALES: dict[str, str] = {code: BY_CODE[code].locale for code in LANGUAGES}
OG_LOCALES: dict[str, str] = {code: BY_CODE[code].og_locale for code in LANGUAGES}
AUTONYMS: dict[str, str] = {code: BY_CODE[code].autonym for code in LANGUAGES}
IN_LANGUAGE: dict[str, str] = {code: BY_CODE[code].in_language for code in LANGUAGES}
LANGUAGE_NAMES: dict[str, str] = {code: BY_CODE[code].name for code in LANGUAGES}
REQUIRED_IN: dict[str, str] = {code: BY_CODE[code].required for code in LANGUAGES}
YES_NO: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    code: (BY_CODE[code].yes, BY_CODE[code].no) for code in LANGUAGES}


def language(code: str) -> Language:
    """A brochure language's facts (English's for a code the brochure does not have)."""
    return BY_CODE.get(code, BY_CODE["en"])


def decimal_separator(lang: str) -> str:
    return language(lang).decimal


def csv_delimiter(lang: str) -> str:
    """";" where the decimal separator is a comma (as Excel's list separator is), else ","."""
    return ";" if decimal_separator(lang) == "," else ","


def spreadsheet_date(lang: str) -> str:
    return language(lang).spreadsheet_date


def locale(lang: str) -> str:
    """The Babel locale of a brochure language."""
    return LOCALES.get(lang, lang)


class Multilingual(Protocol):
    """A text in several languages (``brochure.core.models.Text``, ``Label``)."""

    def get(self, lang: str) -> str | None: ...


@record
class Local:
    """A text in the page's language, or the text standing in for it (``fallback``)."""

    text: str
    lang: str
    fallback: bool = False


def local(text: Multilingual | None, lang: str,
          order: Sequence[str] = LANGUAGES) -> Local | None:
    """``text`` in ``lang``; else in the first language of ``order`` that has it (a site's
    languages, its main one first: see :func:`site_languages`)."""
    if text is None:
        return None
    value = text.get(lang)
    if value:
        return Local(value.strip(), lang)
    for other in order:
        value = text.get(other)
        if value:
            return Local(value.strip(), other, True)
    return None


def text_in(text: Multilingual | None, lang: str, order: Sequence[str] = LANGUAGES,
            default: str = "") -> str:
    """The words of :func:`local` (``default`` when the text has none)."""
    found = local(text, lang, order)
    return found.text if found is not None else default


def site_languages(configured: Iterable[str],
                   main: str | None = None) -> tuple[LanguageCode, ...]:
    """A site's languages (``site.yaml``) in its order, its main language first."""
    known = [code for code in configured if code in BY_CODE]
    first = main if main in known else (known[0] if known else FALLBACK)
    return tuple(BY_CODE[code].code for code in dict.fromkeys([first, *known]))
