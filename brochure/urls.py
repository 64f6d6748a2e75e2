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
    <lang>/audience/<id>/
    <lang>/weekday/<weekday>/
    <lang>/partners/                     partner organisations, and one page each
    <lang>/partners/<id>/
    <lang>/print/                        printable brochure (and brochure-<lang>.pdf)
    <lang>/print/<municipality>/         one municipality's brochure
    <lang>/data/                         data and downloads
    <lang>/report/                       the coordinator's report (site.yaml: report)
    <lang>/calendar.ics                  every group
    <lang>/feed.xml                      Atom feed
    <lang>/<page>/                       free pages from content/pages/
    data/groups.json, groups.schema.json, groups.csv
    data/hsds/<lang>/services.json, organizations.json
    data/report/report.json, <table>.csv the report's figures
    r/<code>/                            short language-neutral link (print, QR codes)
    r/<slug>/                            the older short link, kept working
    assets/<file>                        stylesheets and scripts

A hidden or deleted group's ``<lang>/groups/<slug>/`` and short links stay as tombstones.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote

ASSETS = "assets/"
DATA = "data/"
GROUPS_JSON = DATA + "groups.json"
GROUPS_SCHEMA = DATA + "groups.schema.json"
GROUPS_CSV = DATA + "groups.csv"
HSDS_FILES = ("services.json", "organizations.json")
REPORT_DATA = DATA + "report/"
REPORT_JSON = REPORT_DATA + "report.json"
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


def audience(lang: str, key: str) -> str:
    return filter_page(lang, "audience", key)


def partners(lang: str) -> str:
    return f"{lang}/partners/"


def partner(lang: str, pid: str) -> str:
    return f"{lang}/partners/{pid}/"


def page(lang: str, name: str) -> str:
    return f"{lang}/{name}/"


def downloads(lang: str) -> str:
    return f"{lang}/data/"


def report(lang: str) -> str:
    """The coordinator's report ("Seuranta", "Uppföljning", "Monitoring")."""
    return f"{lang}/report/"


def report_csv(name: str) -> str:
    return f"{REPORT_DATA}{name}.csv"


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


# --- links that leave the site ---------------------------------------------------------------

def tel(number: str) -> str:
    """``tel:+358401234567`` for a number in international form (spaces dropped)."""
    return "tel:" + "".join(number.split())


def mailto(address: str) -> str:
    return "mailto:" + address


def map_link(address: str, coordinates: tuple[float, float] | None) -> str:
    """A plain link to OpenStreetMap (no map is embedded: no third-party requests)."""
    if coordinates:
        lat, lon = coordinates
        return (f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}"
                f"#map=17/{lat:.5f}/{lon:.5f}")
    return "https://www.openstreetmap.org/search?query=" + quote(address)


# --- between pages ---------------------------------------------------------------------------

def output_path(url: str) -> str:
    """The file an address is written to: folders get their ``index.html``."""
    return url + "index.html" if url.endswith("/") or not url else url


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url``, both relative to the site root."""
    directory = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(
        from_url) + "/"
    if directory in ("/", ""):
        directory = ""
    up = "../" * directory.count("/")
    target = up + to_url
    return target or "./"
