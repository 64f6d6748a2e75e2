"""The pages of the site model: one frozen dataclass per template.

A page holds everything its template shows, already in its language; the template only lays
it out (``page.<field>``). Pages are plain values: equal pages render to equal bytes, which is
what the build engine's cache relies on (:mod:`brochure.engine.build`). They hold tuples,
never sets, so that they pickle the same way in every process.

Long on purpose: field declarations, one dataclass per template.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import field
from typing import ClassVar

from brochure.core.languages import Local
from brochure.core.records import record
from brochure.core.urls import output_path
from brochure.site.events import EventFacts
from brochure.site.form import FormField
from brochure.site.github_steps import GitHubSteps
from brochure.site.views import (
    Card,
    GroupDetail,
    Labelled,
    Link,
    Markdown,
    PartnerView,
)

# The template of a group's card; the lists that show cards render it (:meth:`Renderer.card_in`)
# and name it among the templates they use, so a change to it re-renders them.
CARD_TEMPLATE = "_card.html"
# The same for a group's entry in the printable brochures (:meth:`Renderer.entry_in`): each
# group is on two of them, the whole one and its municipality's.
PRINT_ENTRY_TEMPLATE = "_print_entry.html"


@record(kw_only=True)
class Page:
    """One output HTML page: where it goes, its language and what search engines see."""

    TEMPLATE: ClassVar[str] = ""
    KIND: ClassVar[str] = ""
    # Templates the renderer uses for this page besides its own (the cards of a list).
    USES: ClassVar[tuple[str, ...]] = ()

    url: str
    lang: str
    title: str
    description: str
    key: str = ""
    alternates: Mapping[str, str] = field(default_factory=dict)
    sitemap: bool = True
    noindex: bool = False
    # Served at any depth (404.html): links are absolute instead of relative.
    absolute_links: bool = False
    # What a shared link's preview says (og:title, og:description), where it says more than
    # the title and description.
    share_title: str = ""
    share_description: str = ""

    @property
    def output_path(self) -> str:
        return output_path(self.url)

    @property
    def template(self) -> str:
        return self.TEMPLATE

    @property
    def kind(self) -> str:
        return self.KIND


@record
class Filters:
    """The static filter pages of one language, with how many groups each lists.

    ``words`` are the choices as the instant search writes them into the address
    (section -> key -> word, ``kokkola``, ``tiistai``) and ``parameters`` the query's names
    (section -> name, ``kunta``, ``paiva``); see :func:`brochure.core.urls.search`.
    """

    municipality: tuple[Link, ...]
    audience: tuple[Link, ...]
    weekday: tuple[Link, ...]
    language: tuple[Link, ...]
    names: Mapping[str, str]
    words: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    parameters: Mapping[str, str] = field(default_factory=dict)

    def section(self, name: str) -> tuple[Link, ...]:
        links: tuple[Link, ...] = getattr(self, name)
        return links


@record
class Printable:
    """A link to a printable brochure (and its PDF when PDFs are made)."""

    url: str
    label: str
    count: int
    key: str = ""
    pdf: str | None = None


@record(kw_only=True)
class HomePage(Page):
    USES = (CARD_TEMPLATE,)
    TEMPLATE = "home.html"
    KIND = "home"
    cards: tuple[Card, ...]
    filters: Filters
    feed: str
    # The same groups in alphabetical order, and the "today / this week" view.
    by_name: str = ""
    this_week: str = ""
    # The "when" choice of the instant search: value -> word in the address.
    when_words: Mapping[str, str] = field(default_factory=dict)
    # Each municipality's nearest others (ids, nearest first, space-separated): an empty
    # result offers the same day there.
    near: Mapping[str, str] = field(default_factory=dict)
    # The word search's index (Pagefind), loaded when the search field is used, and its
    # other parts, merged into it (urls.search_parts).
    search: str = ""
    search_merged: tuple[str, ...] = ()


@record(kw_only=True)
class GroupPage(Page):
    TEMPLATE = "group.html"
    KIND = "group"
    detail: GroupDetail
    event: EventFacts
    poster: str


@record
class Alternatives:
    """What a list without groups offers instead of a dead end: every group, the same day in
    the nearest municipalities, other days here (and, in the template, the coordinator)."""

    clear: Link
    nearby_heading: str = ""
    nearby: tuple[Link, ...] = ()
    other_days_heading: str = ""
    other_days: tuple[Link, ...] = ()


@record(kw_only=True)
class ListingPage(Page):
    USES = (CARD_TEMPLATE,)
    TEMPLATE = "listing.html"
    section: str
    section_name: str
    heading: str
    cards: tuple[Card, ...]
    filters: Filters
    # A municipality's weekday page: the municipality's page in the breadcrumb.
    parent: Link | None = None
    # Narrower pages: a municipality's groups by weekday (a search without JavaScript).
    refine: tuple[Link, ...] = ()
    refine_name: str = ""
    # Another order of the same list (alphabetical <-> by next meeting).
    order: Link | None = None
    order_note: str = ""
    # Offered when ``cards`` is empty.
    alternatives: Alternatives | None = None

    @property
    def kind(self) -> str:
        return self.section


@record(kw_only=True)
class WeekPage(Page):
    """``<lang>/this-week/``: the groups that meet today, and those that meet in the next
    six days, as of the day of the build."""

    USES = (CARD_TEMPLATE,)
    TEMPLATE = "week.html"
    KIND = "this-week"
    heading: str
    as_of: str
    today: tuple[Card, ...]
    week: tuple[Card, ...]


@record(kw_only=True)
class PartnersPage(Page):
    TEMPLATE = "partners.html"
    KIND = "partners"
    partners: tuple[PartnerView, ...]


@record(kw_only=True)
class PartnerPage(Page):
    USES = (CARD_TEMPLATE,)
    TEMPLATE = "partner.html"
    KIND = "partner"
    partner: PartnerView


@record(kw_only=True)
class FreePage(Page):
    TEMPLATE = "page.html"
    KIND = "page"
    heading: Local
    body: Markdown
    printables: tuple[Printable, ...] = ()


@record
class Download:
    """One file on the "data and downloads" page, its format and size in plain words."""

    url: str
    label: str
    format: str
    lang: str | None = None
    size: str | None = None


@record
class DownloadSection:
    id: str
    heading: str
    intro: str
    items: tuple[Download, ...]


@record(kw_only=True)
class DownloadsPage(Page):
    TEMPLATE = "downloads.html"
    KIND = "downloads"
    heading: str
    sections: tuple[DownloadSection, ...]
    printables: tuple[Printable, ...]


@record
class PrintEntry:
    """A group on paper: its page's details, and its short link for the QR code."""

    detail: GroupDetail
    # The short link in full, what the QR code holds, and how it is read out: the address
    # without its scheme, in parts that end in "/", so lines break only after a slash.
    link: str
    link_parts: tuple[str, ...]
    qr_label: str

    @property
    def slug(self) -> str:
        return self.detail.card.slug


@record
class PrintSection:
    """One municipality of a brochure and its groups."""

    id: str
    label: str
    groups: tuple[PrintEntry, ...]


@record
class Cover:
    description: Local | None
    home: str
    as_of: str
    coordinator: Local
    email: str | None
    phone: str | None
    phone_href: str | None


@record(kw_only=True)
class PrintPage(Page):
    USES = (PRINT_ENTRY_TEMPLATE,)
    TEMPLATE = "print.html"
    KIND = "print"
    heading: str
    subheading: str
    sections: tuple[PrintSection, ...]
    contents: tuple[Printable, ...]
    cover: Cover
    printables: tuple[Printable, ...]
    pdf: str | None


@record(kw_only=True)
class PosterPage(Page):
    TEMPLATE = "poster.html"
    KIND = "poster"
    group: PrintEntry
    pdf: str | None


@record(kw_only=True)
class RootPage(Page):
    """The language choice at the site's root; with JavaScript, the browser's language is
    chosen at once (``targets``: language -> link to its home page)."""

    TEMPLATE = "root.html"
    choices: tuple[Link, ...]
    # "Choose a language" in each language, the page's own first.
    prompts: tuple[Local, ...] = ()
    targets: Mapping[str, str] = field(default_factory=dict)


@record
class FindGroups:
    """The 404 page's offer in one language: its home page and the municipality pages."""

    lang: str
    title: str
    heading: str
    home: Link
    municipalities: tuple[Link, ...]


@record(kw_only=True)
class NotFoundPage(Page):
    """``404.html``, served at any missing address: in every language, links absolute."""

    TEMPLATE = "404.html"
    choices: tuple[Link, ...]
    sections: tuple[FindGroups, ...] = ()


@record(kw_only=True)
class TombstonePage(Page):
    """The page left at a hidden or deleted group's addresses (its page in each language and
    its short links): it has ended or is on a break, whom to call, and the other groups of
    its municipality. Never listed, never in the sitemap, ``noindex``.

    At a short link (language-neutral) ``targets`` sends a browser with JavaScript to the same
    page in its language, as :class:`ShortPage` does."""

    TEMPLATE = "tombstone.html"
    KIND = "tombstone"
    # Which: the season ended, the details are being updated, or it no longer meets; and when.
    heading: str
    says: str
    name: Local
    municipality: Labelled
    municipality_url: str
    coordinator: Local
    coordinator_url: str
    phone: str | None
    phone_href: str | None
    email: str | None
    others: tuple[Link, ...]
    targets: Mapping[str, str] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        # At a short link the page stands for no language of its own (as a ShortPage).
        return "" if self.targets else self.KIND


@record
class ShortChoice:
    lang: str
    url: str
    name: Local


@record(kw_only=True)
class ShortPage(Page):
    """``r/<slug>/``: sends the browser to the group's page in the reader's language."""

    TEMPLATE = "short.html"
    targets: Mapping[str, str]
    choices: tuple[ShortChoice, ...]
    canonical: str


@record
class OwnPages:
    """A group's page and poster in one language, as an earlier build made them: the build
    engine keeps them (:mod:`brochure.engine.details`), and the next build takes them again
    where they show the very details it gives the group."""

    page: GroupPage
    poster: PosterPage


# Pages whose content is a group's own: they read only their group (see engine.workers).
GROUP_PAGES = (GroupPage, PosterPage, ShortPage, TombstonePage)



# --- the coordinator's report (brochure.monitoring) -------------------------------------------

@record
class Series:
    name: str
    values: tuple[float | None, ...]  # None: not drawn (a count a public report hides)


@record
class ChartData:
    """What a chart shows: one bar (or point) per label, for each series."""

    id: str           # unique on its page; the SVG's id is "chart-<id>"
    title: str        # the chart's accessible name (and the table's caption)
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    kind: str = "bar"  # "bar" (labels down the side) or "line" (labels along the bottom)


def bar(id: str, title: str, labels: Sequence[str], name: str,
        values: Sequence[float | None]) -> ChartData:
    return ChartData(id, title, tuple(labels), (Series(name, tuple(values)),))


@record
class ReportCell:
    """A number (or a word) as the report shows it, and the list of groups it counts (if any).

    ``value`` is what a spreadsheet gets: the number or the date itself (None for words and
    for what a public report hides); ``text`` is how the page writes it.
    """

    text: str
    url: str | None = None
    gap: bool = False  # a count of groups that is zero: the coverage gap stands out
    value: int | float | dt.date | None = None
    decimals: int = 0  # digits after the decimal separator in a spreadsheet
    suppressed: bool = False  # hidden to protect privacy (the page shows "..")


@record
class ReportRow:
    header: str
    cells: tuple[ReportCell, ...]
    url: str | None = None
    lang: str | None = None  # the header's language when it is not the page's
    key: str | None = None  # the identifier behind the header (a group's slug, a month)
    total: bool = False  # the table's total row


@record
class ReportTable:
    """A table of the report, with the chart that draws it (inline SVG), its CSV file and
    its sheet in the workbook; ``period`` says which days or which date it counts."""

    id: str
    caption: str
    columns: tuple[str, ...]  # the first heads the row headers
    rows: tuple[ReportRow, ...]
    csv: str
    chart: ChartData | None = None  # drawn as SVG by the renderer
    empty: str = ""  # said instead of the table when it has no rows
    period: str = ""
    notes: tuple[str, ...] = ()  # what the numbers mean and what they leave out

    @property
    def suppressed(self) -> bool:
        return any(c.suppressed for r in self.rows for c in r.cells)


@record
class ReportSection:
    id: str
    heading: str
    intro: str
    tables: tuple[ReportTable, ...]


@record(kw_only=True)
class ReportPage(Page):
    """``<lang>/report/``: coverage, the partners' share, freshness and attendance."""

    TEMPLATE = "report.html"
    KIND = "report"
    heading: str
    summary: tuple[str, ...]  # the headline figures in sentences (also the workbook's cover)
    period: str  # the report's period in words
    intro: tuple[str, ...]
    sections: tuple[ReportSection, ...]
    json: str
    workbook: str | None = None  # report.xlsx beside a standalone report
    csv_folder: str = ""  # where this language's CSV files are (for the contents list)
    # Built on its own by ``brochure report --output DIR``: links to the site's pages are
    # absolute (``absolute_links``), links to the report's own files stay relative.
    standalone: bool = False


@record(kw_only=True)
class FormPage(Page):
    """"Lisää tai päivitä ryhmä": the form, the routes without it, and its script's data."""

    TEMPLATE = "form.html"
    KIND = "form"

    heading: str
    fields: tuple[FormField, ...]
    config: str  # JSON for static/form.js
    new_file_url: str | None  # GitHub's "new file" page in content/groups/
    issue_url: str | None  # the issue form for asking the coordinator
    guide_url: str | None  # the partners' page with the GitHub-editor route
    coordinator: str | None  # the coordinator's e-mail address (the route without GitHub)
    mail_url: str | None  # mailto: the coordinator, with what to write (works without scripts)
    mail_items: tuple[str, ...]  # what to write, shown beside it
    # The steps from the form to a pull request, beside the GitHub button: a new group's and
    # an update's (brochure.site.github_steps).
    github_new: GitHubSteps
    github_update: GitHubSteps
    time_label: str  # a meeting's time, asked as one field ("13.00–15.00")
    time_help: str
