"""Every address the brochure publishes, built in one place (a contract: published URLs never
die). Paths are relative to the site's ``base_url``; folders end in ``/``. Templates reach these
functions as ``urls.<name>(...)``, so no template builds an address itself.

::

    index.html                           language choice
    404.html
    <lang>/                              home: every published group
    <lang>/groups/<slug>/                one group (same slug in every language)
    <lang>/groups/<slug>/calendar.ics    the group's calendar
    <lang>/groups/<slug>/poster/         its A4 poster (and poster-<lang>-<slug>.pdf)
    <lang>/municipality/<id>/            static filters that work without JavaScript
    <lang>/municipality/<id>/calendar.ics
    <lang>/municipality/<id>/<weekday>/  one municipality on one weekday (a search without JS)
    <lang>/audience/<id>/
    <lang>/weekday/<weekday>/
    <lang>/language/<code>/              the groups held in one language
    <lang>/a-z/                          every group in alphabetical order
    <lang>/this-week/                    the groups that meet today and in the next days
    <lang>/partners/                     partner organisations, and one page each
    <lang>/partners/<id>/
    <lang>/print/                        printable brochure (and brochure-<lang>.pdf)
    <lang>/print/<municipality>/         one municipality's brochure
    <lang>/data/                         data and downloads
    <lang>/report/                       the coordinator's report (site.yaml: report)
    <lang>/calendar.ics                  every group
    <lang>/feed.xml                      Atom feed
    <lang>/add-group/                    the form for adding or updating a group
    <lang>/<page>/                       free pages from content/pages/
    data/groups.json, groups.schema.json, groups.csv
    data/hsds/<lang>/services.json, organizations.json
    data/report/report.json, <table>.csv the report's figures (other languages' CSV files in
                                         data/report/<lang>/)
    r/<code>/                            short language-neutral link (print, QR codes)
    r/<slug>/                            the older short link, kept working
    assets/<file>                        stylesheets and scripts
    pagefind/<lang>/                     the word search's index (that language's group pages)
    pagefind/<lang>/part-<n>/            its other parts, on a site of more than 250 groups
    favicon.ico

A hidden or deleted group's ``<lang>/groups/<slug>/`` and short links stay as tombstones.
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
import re
import unicodedata
from collections.abc import Sequence
from urllib.parse import quote, urlencode

import phonenumbers

from brochure.core.languages import language

ASSETS = "assets/"
DATA = "data/"
GROUPS_JSON = DATA + "groups.json"
GROUPS_SCHEMA = DATA + "groups.schema.json"
GROUPS_CSV = DATA + "groups.csv"
HSDS_FILES = ("services.json", "organizations.json")
REPORT_DATA = DATA + "report/"
REPORT_JSON = REPORT_DATA + "report.json"
# The annual report's workbook, beside the pages of ``brochure report --output DIR``.
REPORT_WORKBOOK = "report.xlsx"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
ROOT = ""
NOT_FOUND = "404.html"


def home(lang: str) -> str:
    return f"{lang}/"


def group(lang: str, slug: str) -> str:
    return f"{lang}/groups/{slug}/"


def short(slug: str) -> str:
    return f"r/{slug}/"


def filter_page(lang: str, section: str, key: str) -> str:
    return f"{lang}/{section}/{key}/"


def municipality(lang: str, key: str) -> str:
    return filter_page(lang, "municipality", key)


def municipality_weekday(lang: str, key: str, weekday: str) -> str:
    """One municipality's groups that meet on one weekday (``weekday`` as in the content)."""
    return f"{lang}/municipality/{key}/{weekday}/"


def by_name(lang: str) -> str:
    return f"{lang}/a-z/"


def this_week(lang: str) -> str:
    return f"{lang}/this-week/"


def audience(lang: str, key: str) -> str:
    return filter_page(lang, "audience", key)


def partners(lang: str) -> str:
    return f"{lang}/partners/"


def partner(lang: str, pid: str) -> str:
    return f"{lang}/partners/{pid}/"


def page(lang: str, name: str) -> str:
    return f"{lang}/{name}/"


def group_form(lang: str) -> str:
    """The form page "Lisää tai päivitä ryhmä"."""
    return f"{lang}/add-group/"


def group_source(slug: str) -> str:
    """A group's file as it is in the repository (the form edits a copy of it)."""
    return f"{DATA}groups/{slug}.yaml"


def github_new(owner: str, repo: str, branch: str, filename: str, value: str | None) -> str:
    """GitHub's "new file" page with the file's name (and text) filled in."""
    query = "filename=" + quote(filename, safe="/")
    if value is not None:
        query += "&value=" + quote(value, safe="")
    return f"https://github.com/{owner}/{repo}/new/{quote(branch)}?{query}"


def github_issue_form(owner: str, repo: str, template: str) -> str:
    return f"https://github.com/{owner}/{repo}/issues/new?template={quote(template)}"


def downloads(lang: str) -> str:
    return f"{lang}/data/"


def report(lang: str) -> str:
    """The coordinator's report ("Seuranta", "Uppföljning", "Monitoring")."""
    return f"{lang}/report/"


def report_csv(name: str, lang: str | None = None) -> str:
    """A report table's CSV file: in the site's default language (``lang`` None) at
    ``data/report/<name>.csv``, in another language under ``data/report/<lang>/``."""
    return f"{REPORT_DATA}{lang + '/' if lang else ''}{name}.csv"


def printed(lang: str, municipality: str | None = None) -> str:
    """The printable brochure of every group, or of one municipality."""
    return f"{lang}/print/{municipality}/" if municipality else f"{lang}/print/"


def poster(lang: str, slug: str) -> str:
    return f"{lang}/groups/{slug}/poster/"


def brochure_pdf(lang: str, municipality: str | None = None) -> str:
    name = "-".join(part for part in ("brochure", lang, municipality) if part)
    return f"{printed(lang, municipality)}{name}.pdf"


def poster_pdf(lang: str, slug: str) -> str:
    return f"{poster(lang, slug)}poster-{lang}-{slug}.pdf"


def all_calendar(lang: str) -> str:
    return f"{lang}/calendar.ics"


def municipality_calendar(lang: str, key: str) -> str:
    return f"{lang}/municipality/{key}/calendar.ics"


def group_calendar(lang: str, slug: str) -> str:
    return f"{lang}/groups/{slug}/calendar.ics"


def feed(lang: str) -> str:
    return f"{lang}/feed.xml"


def hsds(lang: str, name: str) -> str:
    return f"{DATA}hsds/{lang}/{name}"


def asset(name: str) -> str:
    return ASSETS + name


SEARCH_INDEX = "pagefind/"


# A language's word search index is made in parts of about this many groups, at most
# SEARCH_PARTS_AT_MOST: an edit makes only its group's part again, and no run of Pagefind
# holds more than one part. The browser merges the parts into one search.
SEARCH_PART = 250
SEARCH_PARTS_AT_MOST = 16


def search_index(lang: str, part: int = 0) -> str:
    """The word search's index of one language's group pages (``part``: one of its parts)."""
    return f"{SEARCH_INDEX}{lang}/" if part == 0 else f"{SEARCH_INDEX}{lang}/part-{part + 1}/"


def search_parts(lang: str, slugs: Sequence[str], size: int = SEARCH_PART
                 ) -> dict[str, tuple[str, ...]]:
    """The parts of one language's word search index: the address of each -> the slugs of
    the groups it indexes (sorted). The first part is ``pagefind/<lang>/``, the n-th
    ``pagefind/<lang>/part-<n>/``. A group's part depends only on its slug and the number of
    parts, so an edit changes one part (a new or deleted group that changes the number of
    parts, every 250 groups, moves groups between all of them); a part without groups is
    left out. The page loads the first part's script and merges the others into it."""
    count = min(SEARCH_PARTS_AT_MOST, max(1, -(-len(slugs) // max(1, size))))
    parts: dict[int, list[str]] = {}
    for slug in sorted(slugs):
        number = int.from_bytes(hashlib.blake2b(slug.encode("utf-8"), digest_size=8).digest(),
                                "big") % count if count > 1 else 0
        parts.setdefault(number, []).append(slug)
    return {search_index(lang, number): tuple(parts[number]) for number in sorted(parts)}


FAVICON = "favicon.ico"


# --- links that leave the site ---------------------------------------------------------------

@functools.lru_cache(maxsize=1 << 15)
def tel(number: str) -> str:
    """``tel:+358401234567`` for a number as the checker stores it (international form).

    Kept: every page, poster and brochure of a group links its number, in every language."""
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return "tel:" + "".join(number.split())
    return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def mailto(address: str) -> str:
    return "mailto:" + address


def map_link(address: str, coordinates: tuple[float, float] | None) -> str:
    """A plain link to OpenStreetMap (no map is embedded: no third-party requests)."""
    if coordinates:
        lat, lon = coordinates
        return (f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}"
                f"#map=17/{lat:.5f}/{lon:.5f}")
    return "https://www.openstreetmap.org/search?query=" + quote(address)


def geo(address: str, coordinates: tuple[float, float] | None) -> str:
    """A ``geo:`` link (RFC 5870) that opens the phone's own map app at the place."""
    if coordinates:
        lat, lon = coordinates
        return f"geo:{lat:.5f},{lon:.5f}"
    return "geo:0,0?q=" + quote(address)


# --- the home page's instant search: its state in the address, in the reader's words -------

# The query's names are the language's own (``?kunta=kokkola&paiva=tiistai``, see
# brochure.core.languages); the values are the choices' own words in that language (see
# brochure.site.listings), so a shared address reads well.

def search_parameter(lang: str, section: str) -> str:
    return language(lang).query[section]


def when_words(lang: str) -> dict[str, str]:
    return dict(language(lang).when)


def search_word(label: str) -> str:
    """A choice's label as a word of an address: 'Kokkola' -> 'kokkola', 'Suomeen
    muuttaneet' -> 'suomeen-muuttaneet' (at most three words, no accents)."""
    folded = unicodedata.normalize("NFKD", label.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", plain)
    return "-".join(words[:3])


def search_words(choices: list[tuple[str, str]]) -> dict[str, str]:
    """key -> word for (key, label) pairs; a word two labels share (or none) is the key."""
    words = {key: search_word(label) for key, label in choices}
    seen: dict[str, int] = {}
    for word in words.values():
        seen[word] = seen.get(word, 0) + 1
    return {key: word if word and seen[word] == 1 else key for key, word in words.items()}


def search(lang: str, **choices: str) -> str:
    """The home page with a search already made: ``fi/?kunta=kokkola&paiva=tiistai``."""
    names = language(lang).query
    query = urlencode([(names[k], v) for k, v in choices.items() if v])
    return home(lang) + ("?" + query if query else "")


# --- between pages ---------------------------------------------------------------------------

def output_path(url: str) -> str:
    """The file an address is written to: folders get their ``index.html``."""
    return url + "index.html" if url.endswith("/") or not url else url


def up(from_url: str) -> str:
    """The way from the page at ``from_url`` to the site's root: '', '../', '../../'…"""
    directory = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(
        from_url) + "/"
    if directory in ("/", ""):
        return ""
    return "../" * directory.count("/")


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url``, both relative to the site root."""
    return (up(from_url) + to_url) or "./"
