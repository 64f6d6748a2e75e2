"""The pages of the site model: one frozen dataclass per template.

A page holds everything its template shows, already in its language; the template only lays
it out (``page.<field>``). Pages are plain values: equal pages render to equal bytes, which is
what the build engine's cache relies on (:mod:`brochure.engine`). They hold tuples, never sets,
so that they pickle the same way in every process.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from markupsafe import Markup

from .languages import Local
from .urls import output_path
from .views import Card, GroupDetail, Link, Markdown, PartnerView


@dataclass(frozen=True, kw_only=True)
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

    @property
    def output_path(self) -> str:
        return output_path(self.url)

    @property
    def template(self) -> str:
        return self.TEMPLATE

    @property
    def kind(self) -> str:
        return self.KIND


@dataclass(frozen=True)
class Filters:
    """The static filter pages of one language, with how many groups each lists.

    ``words`` are the choices as the instant search writes them into the address
    (section -> key -> word, ``kokkola``, ``tiistai``) and ``parameters`` the query's names
    (section -> name, ``kunta``, ``paiva``); see :func:`brochure.urls.search`.
    """

    municipality: tuple[Link, ...]
    audience: tuple[Link, ...]
    weekday: tuple[Link, ...]
    names: Mapping[str, str]
    words: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    parameters: Mapping[str, str] = field(default_factory=dict)

    def section(self, name: str) -> tuple[Link, ...]:
        links: tuple[Link, ...] = getattr(self, name)
        return links


@dataclass(frozen=True)
class Printable:
    """A link to a printable brochure (and its PDF when PDFs are made)."""

    url: str
    label: str
    count: int
    key: str = ""
    pdf: str | None = None


@dataclass(frozen=True, kw_only=True)
class HomePage(Page):
    USES = ("_card.html",)
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


@dataclass(frozen=True, kw_only=True)
class GroupPage(Page):
    TEMPLATE = "group.html"
    KIND = "group"
    detail: GroupDetail
    json_ld: Markup
    poster: str


@dataclass(frozen=True, kw_only=True)
class ListingPage(Page):
    USES = ("_card.html",)
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

    @property
    def kind(self) -> str:
        return self.section


@dataclass(frozen=True, kw_only=True)
class WeekPage(Page):
    """``<lang>/this-week/``: the groups that meet today, and those that meet in the next
    six days, as of the day of the build."""

    USES = ("_card.html",)
    TEMPLATE = "week.html"
    KIND = "this-week"
    heading: str
    as_of: str
    today: tuple[Card, ...]
    week: tuple[Card, ...]


@dataclass(frozen=True, kw_only=True)
class PartnersPage(Page):
    TEMPLATE = "partners.html"
    KIND = "partners"
    partners: tuple[PartnerView, ...]


@dataclass(frozen=True, kw_only=True)
class PartnerPage(Page):
    USES = ("_card.html",)
    TEMPLATE = "partner.html"
    KIND = "partner"
    partner: PartnerView


@dataclass(frozen=True, kw_only=True)
class FreePage(Page):
    TEMPLATE = "page.html"
    KIND = "page"
    heading: Local
    body: Markdown
    printables: tuple[Printable, ...] = ()


@dataclass(frozen=True)
class Download:
    """One file on the "data and downloads" page, its format and size in plain words."""

    url: str
    label: str
    format: str
    lang: str | None = None
    size: str | None = None


@dataclass(frozen=True)
class DownloadSection:
    id: str
    heading: str
    intro: str
    items: tuple[Download, ...]


@dataclass(frozen=True, kw_only=True)
class DownloadsPage(Page):
    TEMPLATE = "downloads.html"
    KIND = "downloads"
    heading: str
    sections: tuple[DownloadSection, ...]
    printables: tuple[Printable, ...]


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class PrintSection:
    """One municipality of a brochure and its groups."""

    id: str
    label: str
    groups: tuple[PrintEntry, ...]


@dataclass(frozen=True)
class Cover:
    description: Local | None
    home: str
    as_of: str
    coordinator: Local
    email: str | None
    phone: str | None
    phone_href: str | None


@dataclass(frozen=True, kw_only=True)
class PrintPage(Page):
    TEMPLATE = "print.html"
    KIND = "print"
    heading: str
    subheading: str
    sections: tuple[PrintSection, ...]
    contents: tuple[Printable, ...]
    cover: Cover
    printables: tuple[Printable, ...]
    pdf: str | None


@dataclass(frozen=True, kw_only=True)
class PosterPage(Page):
    TEMPLATE = "poster.html"
    KIND = "poster"
    group: PrintEntry
    pdf: str | None


@dataclass(frozen=True, kw_only=True)
class RootPage(Page):
    """The language choice at the site's root."""

    TEMPLATE = "root.html"
    choices: tuple[Link, ...]


@dataclass(frozen=True, kw_only=True)
class NotFoundPage(Page):
    TEMPLATE = "404.html"
    choices: tuple[Link, ...]


@dataclass(frozen=True)
class ShortChoice:
    lang: str
    url: str
    name: Local


@dataclass(frozen=True, kw_only=True)
class ShortPage(Page):
    """``r/<slug>/``: sends the browser to the group's page in the reader's language."""

    TEMPLATE = "short.html"
    targets: Mapping[str, str]
    choices: tuple[ShortChoice, ...]
    canonical: str


# Pages whose content is a group's own (the preview writes them first after an edit).
GROUP_PAGES = (GroupPage, PosterPage, ShortPage)

