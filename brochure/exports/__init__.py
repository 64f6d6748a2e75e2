"""Stage 4b: the brochure as data for phones, spreadsheets and other services.

Besides the HTML pages, a build writes (paths relative to ``base_url``)::

    <lang>/calendar.ics                    every published group (iCalendar)
    <lang>/municipality/<id>/calendar.ics  the groups of one municipality
    <lang>/groups/<slug>/calendar.ics      one group ("add to calendar")
    <lang>/feed.xml                        Atom feed of new and changed groups
    data/groups.json                       open data: every group in all languages
    data/groups.schema.json                its JSON Schema
    data/groups.csv                        one row per group and language (Excel: UTF-8 BOM)
    data/hsds/<lang>/services.json         Open Referral HSDS 3.0: services, fully nested
    data/hsds/<lang>/organizations.json    Open Referral HSDS 3.0: the partners

Everything is derived from the content and ``--today`` only (times of change come from each
group's ``reviewed`` date, never from the clock), so builds are byte-identical.

The files are generated once per site model, on first use, by an :class:`Exports` that the
"data and downloads" pages share with :func:`export_files`: the pages show each file's size.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from babel.units import format_unit

from ..formatting import capitalise, collation_key
from ..i18n import N_, gettext
from ..languages import locale

if TYPE_CHECKING:
    from ..content import Content
    from ..site import SiteModel

# --- addresses of the exports (relative to base_url) -------------------------------------

DATA = "data/"
GROUPS_JSON = DATA + "groups.json"
GROUPS_SCHEMA = DATA + "groups.schema.json"
GROUPS_CSV = DATA + "groups.csv"
HSDS_FILES = ("services.json", "organizations.json")


def all_calendar_url(lang: str) -> str:
    return f"{lang}/calendar.ics"


def municipality_calendar_url(lang: str, municipality: str) -> str:
    return f"{lang}/municipality/{municipality}/calendar.ics"


def group_calendar_url(lang: str, slug: str) -> str:
    return f"{lang}/groups/{slug}/calendar.ics"


def feed_url(lang: str) -> str:
    return f"{lang}/feed.xml"


def hsds_url(lang: str, name: str) -> str:
    return f"{DATA}hsds/{lang}/{name}"


def downloads_url(lang: str) -> str:
    return f"{lang}/data/"


def dump(data: Any, indent: int | None = None) -> bytes:
    """JSON as the exports write it: sorted keys, UTF-8, a newline at the end.

    Data files are compact (Python's fast encoder only works without indentation; browsers
    and editors indent JSON for reading); a schema, meant for people, can be indented.
    """
    separators = (",", ": ") if indent else (",", ":")
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=indent,
                       separators=separators) + "\n").encode()


# --- generating --------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    """What every exporter reads: the checked content and where the site will live."""

    content: Content
    base_url: str
    languages: tuple[str, ...]

    def absolute(self, url: str) -> str:
        return self.base_url + url


class Exports:
    """The export files of one site, generated on first use and then kept."""

    def __init__(self, source: Source) -> None:
        self.source = source

    @functools.cached_property
    def files(self) -> dict[str, bytes]:
        # The exporters read the site model's helpers; importing them here keeps
        # brochure.site free to import this package for its downloads pages.
        from .calendar import files as calendars
        from .feed import files as feeds
        from .hsds import files as hsds
        from .opendata import files as opendata

        files: dict[str, bytes] = {}
        for make in (calendars, opendata, hsds, feeds):
            files.update(make(self.source))
        return dict(sorted(files.items()))

    def size(self, url: str) -> int:
        return len(self.files[url])


def export_files(model: SiteModel) -> dict[str, bytes]:
    """Every export file of the site: path relative to the output folder -> bytes."""
    assert model.content is not None
    for page in model.pages:
        exports = page.data.get("exports")
        if (isinstance(exports, Exports) and exports.source.content is model.content
                and exports.source.base_url == model.base_url):
            return exports.files
    return Exports(Source(model.content, model.base_url, model.languages)).files


# --- the downloads page ------------------------------------------------------------------

@dataclass(frozen=True)
class Download:
    """One file on the "data and downloads" page.

    ``bytes`` is the size when the maker knows it (e.g. a PDF); otherwise the size is taken
    from ``exports`` when the page is rendered.
    """

    url: str
    label: str
    format: str
    lang: str | None = None
    bytes: int | None = None
    exports: Exports | None = field(default=None, repr=False, compare=False)

    @property
    def size(self) -> int | None:
        if self.bytes is not None:
            return self.bytes
        if self.exports is not None and self.url in self.exports.files:
            return self.exports.size(self.url)
        return None

    def size_text(self, lang: str) -> str:
        size = self.size
        return "" if size is None else file_size(size, lang)


def file_size(size: int, lang: str) -> str:
    """'12 kt', '12 kB', '1,2 MB': rounded up, so a small file never reads as 0."""
    if size < 1_000_000:
        kilo = max(1, -(-size // 1000))
        return str(format_unit(kilo, "digital-kilobyte", length="short", locale=locale(lang)))
    mega = -(-size // 100_000) / 10
    return str(format_unit(mega, "digital-megabyte", length="short", locale=locale(lang),
                           format="#,##0.#"))


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    intro: str
    items: tuple[Download, ...]


FORMATS = {
    "ics": N_("Calendar file (iCalendar)"),
    "json": N_("Data file (JSON)"),
    "schema": N_("Description of the data file (JSON Schema)"),
    "csv": N_("Spreadsheet (CSV, opens in Excel)"),
    "hsds": N_("Service directory data (Open Referral HSDS 3.0, JSON)"),
    "atom": N_("News feed (Atom)"),
}


def catalogue(exports: Exports, lang: str) -> list[Section]:
    """What the downloads page in ``lang`` lists, in order, with plain-words formats."""
    source = exports.source
    content = source.content
    vocab = content.vocabularies
    assert vocab is not None

    def item(url: str, label: str, kind: str, file_lang: str | None = None) -> Download:
        return Download(url, label, gettext(lang, FORMATS[kind]), file_lang, exports=exports)

    def language(code: str) -> str:
        return vocab.languages[code].get(lang) if code in vocab.languages else code

    used = {g.municipality for g in content.published}
    municipalities = sorted(
        (mid for mid in vocab.municipalities if mid in used),
        key=lambda mid: collation_key(vocab.municipalities[mid].get(lang), lang))
    calendars = [item(all_calendar_url(lang), gettext(lang, N_("All groups")), "ics", lang)]
    calendars += [item(municipality_calendar_url(lang, mid),
                       vocab.municipalities[mid].get(lang), "ics", lang)
                  for mid in municipalities]
    hsds = [item(hsds_url(code, name), f"{capitalise(language(code))}: {name}", "hsds", code)
            for code in source.languages for name in HSDS_FILES]
    return [
        Section("calendars", gettext(lang, N_("Calendars")), gettext(lang, N_(
            "Add the groups to the calendar of your phone or computer. Open a file to add "
            "the meetings once, or copy its address into your calendar's \"subscribe\" or "
            "\"add calendar from URL\" option to get changes automatically. Each group's "
            "own calendar is on its page.")), tuple(calendars)),
        Section("open-data", gettext(lang, N_("Open data")), gettext(lang, N_(
            "Every published group in all the brochure's languages, for other services and "
            "websites to use without copying by hand.")), (
            item(GROUPS_JSON, "groups.json", "json"),
            item(GROUPS_SCHEMA, "groups.schema.json", "schema"),
            item(GROUPS_CSV, "groups.csv", "csv"),
        )),
        Section("hsds", gettext(lang, N_("For service directories")), gettext(lang, N_(
            "The groups in the Open Referral Human Services Data Specification (HSDS), a "
            "common format of service catalogues, one set per language.")), tuple(hsds)),
        Section("feed", gettext(lang, N_("News feed")), gettext(lang, N_(
            "Follow new and changed groups in a feed reader.")),
            (item(feed_url(lang), gettext(lang, N_("New and changed groups")), "atom",
                  lang),)),
    ]
