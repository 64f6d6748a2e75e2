"""Stage 3: the site model — every page, its address in each language, and what it shows.

Everything a page displays is decided here, in Python, from the validated content: which
groups, in which order, with which words in which language, and which text fell back to
Finnish. Templates only lay it out. The model is plain typed data (:mod:`brochure.site.pages`),
built in one pass and never changed afterwards: the print pages, the posters and whether
PDFs are made are decided here too, and the "data and downloads" pages list the export files
(made before the model, from the content) with their sizes. Addresses come from
:mod:`brochure.core.urls`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias, TypeVar

from brochure.check.content import ValidContent
from brochure.core import urls
from brochure.core.formatting import phone_display
from brochure.core.i18n import N_, gettext
from brochure.core.languages import AUTONYMS, local, text_in
from brochure.core.models import Group
from brochure.site.group_pages import group_pages, tombstone_pages
from brochure.site.info_pages import downloads_page, form_page, free_pages, partner_pages
from brochure.site.listings import FilterLinks, filter_pages, home_page, order_and_week_pages
from brochure.site.neutral import neutral_pages, short_pages
from brochure.site.pages import OwnPages, Page, ReportPage
from brochure.site.printing import Printables, poster_pages, print_pages
from brochure.site.report_figures import report as report_figures
from brochure.site.report_pages import report_pages
from brochure.site.scope import Scope
from brochure.site.theme import accent
from brochure.site.views import Link, Views

# Free pages in the main navigation and in the footer, in this order; others follow the main.
NAV_PAGES = ("professionals", "contribute", "about")
FOOTER_PAGES = ("accessibility", "privacy")


@dataclass(frozen=True)
class Chrome:
    """What every page of one language shows around its content."""

    lang: str
    title: str
    nav: tuple[Link, ...]
    footer: tuple[Link, ...]
    coordinator_email: str | None
    coordinator_phone: str | None
    repository: str | None
    coordinator_phone_href: str | None = None
    coordinator_name: str = ""
    logo: str | None = None
    logo_alt: str = ""
    accent: str = ""


@dataclass(frozen=True)
class SiteModel:
    base_url: str
    languages: tuple[str, ...]
    today: dt.date
    pages: tuple[Page, ...]
    chrome: Mapping[str, Chrome]
    # Each language's word search index in parts (urls.search_parts): the address of each
    # part -> the group pages it indexes (output paths); the first is the one pages load.
    search: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)

    def absolute(self, url: str) -> str:
        return self.base_url + url


@dataclass(frozen=True)
class SiteOptions:
    base_url: str | None = None
    pdf: bool = False
    # Groups in a part of the word search's index (urls.SEARCH_PART; tests make it small).
    search_part: int = urls.SEARCH_PART


def base_url_of(content: ValidContent, override: str | None) -> str:
    base = override or content.site.base_url
    return base if base.endswith("/") else base + "/"


T = TypeVar("T")
# A value given now, or a way to wait for it (see ``build_site``).
Given: TypeAlias = T | Callable[[], T]


def build_site(content: ValidContent, options: SiteOptions = SiteOptions(),
               export_sizes: Given[Mapping[str, int]] | None = None,
               views: Views | None = None,
               report: Given[Sequence[ReportPage]] | None = None,
               kept: Mapping[tuple[str, str], OwnPages] | None = None) -> SiteModel:
    """Every page of the brochure for a validated content tree.

    ``export_sizes`` (path -> bytes) are the export files the downloads pages list.
    ``report``: the report's pages when the caller made them already with its files.

    Either may be a function that waits for it: the build makes the data files and the
    report beside the model, and this calls it only when every other page is made.

    ``kept``: groups' pages and posters made by an earlier build, by slug and language (see
    :func:`~brochure.site.group_pages.group_pages` and
    :func:`~brochure.site.printing.print_pages`).
    """
    base = base_url_of(content, options.base_url)
    views = views or Views(content)
    published = content.published
    languages = content.site.language_order
    made = [_language_pages(content, views, published, lang, languages, base, options,
                            kept or {}) for lang in languages]
    neutral = neutral_pages(content, views, published, languages)
    sizes = _now(export_sizes) or {}
    pages: list[Page] = []
    for language in made:
        pages += language.pages(sizes)
    pages += neutral
    given = _now(report)
    if given is not None:
        pages.extend(given)
    elif content.site.report == "public":
        pages.extend(report_pages(content, report_figures(content), languages,
                                  site_titles(content, languages), public=True))
    search = {language.scope.lang: language.search for language in made}
    return SiteModel(base, languages, content.today, tuple(pages), _chromes(content), search)


def _now(value: Given[T] | None) -> T | None:
    return value() if callable(value) else value


def groups_alone(content: ValidContent, slugs: Container[str],
                 options: SiteOptions = SiteOptions()) -> SiteModel:
    """The own pages of the groups ``slugs`` (their pages, posters and short links, or the
    tombstones of those gone), made as :func:`build_site` makes them, without the rest of the
    site: what the live preview shows first after a partner saves a group's file.

    A group's own pages depend on the group, the site's settings, vocabularies and partners,
    never on other groups or the data files (the preview checks that they come out the same
    in the whole site). Its ``search`` has the parts of the word search's index those groups
    are in, as the whole site has them (the preview makes them again ahead of the rest)."""
    base = base_url_of(content, options.base_url)
    views = Views(content)
    published = content.published
    languages = content.site.language_order
    chosen = [g for g in published if g.slug in slugs]
    pages: list[Page] = []
    for lang in languages:
        scope = _scope(content, views, published, lang, base)
        posters = poster_pages(views, chosen, lang, languages, base, pdf=options.pdf)
        pages += group_pages(scope, chosen, {p.key: p.url for p in posters})
        pages += tombstone_pages(scope, only=slugs)
        pages += posters
    pages += short_pages(content, views, published, languages, only=slugs)
    # The parts of the word search's index these groups are in (the whole site's parts).
    search: dict[str, dict[str, tuple[str, ...]]] = {}
    for lang in languages:
        own = {urls.output_path(urls.group(lang, g.slug)) for g in chosen}
        search[lang] = {part: paths for part, paths in _search(published, lang, options).items()
                        if own.intersection(paths)}
    return SiteModel(base, languages, content.today, tuple(pages), _chromes(content), search)


def _scope(content: ValidContent, views: Views, published: list[Group], lang: str,
           base: str) -> Scope:
    """One language's pages' scope (what :func:`build_site` and :func:`groups_alone` share)."""
    title = local(content.site.title, lang, content.site.language_order)
    assert title is not None
    return Scope(content, views, published, lang, content.site.language_order, title.text,
                 base)


def _chromes(content: ValidContent) -> dict[str, Chrome]:
    return {lang: _chrome(content, lang) for lang in content.site.language_order}


def site_titles(content: ValidContent, languages: tuple[str, ...]) -> dict[str, str]:
    return {lang: text_in(content.site.title, lang, content.site.language_order)
            for lang in languages}


def _chrome(content: ValidContent, lang: str) -> Chrome:
    site = content.site
    order = site.language_order
    main = order[0]
    title = local(site.title, lang, order)
    partner = content.partners.get(site.coordinator.partner)
    coordinator = local(partner.name, lang, order) if partner else None

    def page_link(name: str) -> Link:
        versions = content.pages[name]
        page = versions.get(lang) or versions[main]
        return Link(urls.page(lang, name), page.title, lang=page.lang)

    shown = {n for n, v in content.pages.items() if main in v}
    nav = [Link(urls.home(lang), gettext(lang, N_("All groups")))]
    nav += [page_link(n) for n in NAV_PAGES if n in shown]
    nav += [page_link(n) for n in sorted(shown - set(NAV_PAGES) - set(FOOTER_PAGES))]
    footer = [page_link(n) for n in FOOTER_PAGES if n in shown]
    footer.append(Link(urls.partners(lang), gettext(lang, N_("Partner organisations"))))
    footer.append(Link(urls.downloads(lang), gettext(lang, N_("Data and downloads"))))
    if site.report == "public":
        footer.append(Link(urls.report(lang), gettext(lang, N_("Monitoring"))))
    return Chrome(
        lang=lang,
        title=title.text if title else "",
        nav=tuple(nav),
        footer=tuple(footer),
        coordinator_email=site.coordinator.email,
        coordinator_phone=(phone_display(site.coordinator.phone, site.phone_region)
                           if site.coordinator.phone else None),
        repository=site.repository,
        coordinator_phone_href=urls.tel(site.coordinator.phone) if site.coordinator.phone
        else None,
        coordinator_name=coordinator.text if coordinator else "",
        logo=urls.asset(site.logo) if site.logo else None,
        logo_alt=text_in(site.logo_alt, lang, site.language_order),
        accent=accent(site.accent),
    )


@dataclass(frozen=True)
class _Language:
    """One language's pages, but for the downloads page, which lists the data files with
    their sizes (known later)."""

    scope: Scope
    before: list[Page]
    paper: Printables
    search: dict[str, tuple[str, ...]]  # the word search's parts (SiteModel.search)

    def pages(self, sizes: Mapping[str, int]) -> list[Page]:
        """Every page of the language, in the order the sitemap lists them."""
        return [*self.before, downloads_page(self.scope, sizes, self.paper.brochures),
                *self.paper.pages]


def _language_pages(content: ValidContent, views: Views, published: list[Group], lang: str,
                    languages: tuple[str, ...], base: str, options: SiteOptions,
                    kept: Mapping[tuple[str, str], OwnPages]) -> _Language:
    scope = _scope(content, views, published, lang, base)
    ordered = views.sorted_groups(published, lang)
    soonest = views.by_next_meeting(published, lang)
    filter_links = FilterLinks(views, published, lang)
    search = _search(published, lang, options)
    # Paper first: other pages link to the brochures and posters.
    paper = print_pages(content, views, published, lang, languages, base, pdf=options.pdf,
                        kept=kept)
    return _Language(scope, [
        home_page(scope, soonest, filter_links, tuple(search)),
        *order_and_week_pages(scope, ordered, soonest, filter_links),
        *group_pages(scope, ordered, paper.posters, kept),
        *tombstone_pages(scope),
        *filter_pages(scope, soonest, filter_links),
        *partner_pages(scope),
        form_page(scope),
        *free_pages(scope, paper.brochures),
    ], paper, search)


def _search(published: list[Group], lang: str, options: SiteOptions
            ) -> dict[str, tuple[str, ...]]:
    """One language's word search index in parts: the address of each part -> the group
    pages it indexes (output paths)."""
    return {part: tuple(urls.output_path(urls.group(lang, slug)) for slug in slugs)
            for part, slugs in urls.search_parts(lang, [g.slug for g in published],
                                                 options.search_part).items()}


def language_switch(page: Page, languages: tuple[str, ...]) -> tuple[Link, ...]:
    """The links to the same page in the other languages (the current one marked)."""
    return tuple(Link(page.alternates[lang], AUTONYMS[lang], current=lang == page.lang,
                      lang=lang) for lang in languages if lang in page.alternates)
