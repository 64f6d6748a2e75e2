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
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from brochure.check.content import Content
from brochure.core import urls
from brochure.core.formatting import (
    capitalise,
    collation_key,
    file_size,
    long_date,
    phone_display,
    weekday_name,
)
from brochure.core.i18n import N_, gettext
from brochure.core.languages import AUTONYMS, FALLBACK, Local, local, site_languages
from brochure.core.models import WEEKDAYS, Group, RetiredGroup
from brochure.site.form import form_fields, page_config, repository_parts
from brochure.site.pages import (
    Download,
    DownloadSection,
    DownloadsPage,
    Filters,
    FindGroups,
    FormPage,
    FreePage,
    GroupPage,
    HomePage,
    ListingPage,
    NotFoundPage,
    Page,
    PartnerPage,
    PartnersPage,
    Printable,
    RootPage,
    ShortChoice,
    ShortPage,
    TombstonePage,
    WeekPage,
)
from brochure.site.printing import PROFESSIONALS_PAGE, print_pages
from brochure.site.report_figures import report as report_figures
from brochure.site.report_pages import report_pages
from brochure.site.theme import accent
from brochure.site.views import Link, Markdown, Views, event_facts

# Free pages in the main navigation and in the footer, in this order; others follow the main.
NAV_PAGES = ("professionals", "contribute", "about")
FOOTER_PAGES = ("accessibility", "privacy")

FILTERS = {
    "municipality": N_("Municipality"),
    "audience": N_("Especially welcome"),
    "weekday": N_("Day of the week"),
}
# The "today / this week" view: today and the next six days.
WEEK_DAYS = 7


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
    accent: str = ""


@dataclass(frozen=True)
class SiteModel:
    base_url: str
    languages: tuple[str, ...]
    today: dt.date
    pages: tuple[Page, ...]
    chrome: Mapping[str, Chrome]

    def absolute(self, url: str) -> str:
        return self.base_url + url


@dataclass(frozen=True)
class SiteOptions:
    base_url: str | None = None
    pdf: bool = False


def base_url_of(content: Content, override: str | None) -> str:
    assert content.site is not None
    base = override or content.site.base_url
    return base if base.endswith("/") else base + "/"


def build_site(content: Content, options: SiteOptions = SiteOptions(),
               export_sizes: Mapping[str, int] | None = None,
               views: Views | None = None) -> SiteModel:
    """Every page of the brochure for a validated content tree.

    ``export_sizes`` (path -> bytes) are the export files the downloads pages list.
    """
    assert content.site is not None and content.vocabularies is not None
    base = base_url_of(content, options.base_url)
    views = views or Views(content)
    published = content.published
    languages = site_languages(content.site.languages)
    sizes = export_sizes or {}
    pages: list[Page] = []
    for lang in languages:
        pages.extend(_language_pages(content, views, published, lang, languages, base, sizes,
                                     options.pdf))
    pages.extend(_neutral_pages(content, views, published, languages))
    if content.site.report == "public":
        pages.extend(report_pages(content, report_figures(content), languages,
                                  site_titles(content, languages), public=True))
    chrome: dict[str, Chrome] = {lang: _chrome(content, lang) for lang in languages}
    return SiteModel(base, languages, content.today, tuple(pages), chrome)


def site_titles(content: Content, languages: tuple[str, ...]) -> dict[str, str]:
    assert content.site is not None
    return {lang: (local(content.site.title, lang) or Local("", lang)).text
            for lang in languages}


def _alternates(languages: tuple[str, ...], url: Callable[[str], str]) -> dict[str, str]:
    return {lang: url(lang) for lang in languages}


def _chrome(content: Content, lang: str) -> Chrome:
    site = content.site
    assert site is not None
    title = local(site.title, lang)
    partner = content.partners.get(site.coordinator.partner)
    coordinator = local(partner.name, lang) if partner else None

    def page_link(name: str) -> Link:
        versions = content.pages[name]
        page = versions.get(lang) or versions[FALLBACK]
        return Link(urls.page(lang, name), page.title, lang=page.lang)

    shown = {n for n, v in content.pages.items() if FALLBACK in v}
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
        coordinator_phone=phone_display(site.coordinator.phone) if site.coordinator.phone
        else None,
        repository=site.repository,
        coordinator_phone_href=urls.tel(site.coordinator.phone) if site.coordinator.phone
        else None,
        coordinator_name=coordinator.text if coordinator else "",
        logo=urls.asset(site.logo) if site.logo else None,
        accent=accent(site.accent),
    )


class _FilterLinks:
    """The static filter pages of one language, with how many groups each one lists; counted
    once per build and marked (``current``) for each page that shows them."""

    def __init__(self, views: Views, published: list[Group], lang: str) -> None:
        self.views, self.lang = views, lang
        self.counts: dict[tuple[str, str], int] = {}
        for group in published:
            keys = [("municipality", group.municipality)]
            keys += [("audience", a) for a in group.audiences]
            keys += [("weekday", d)
                     for d in dict.fromkeys(m.weekday for m in group.schedule.meetings)]
            for key in keys:
                self.counts[key] = self.counts.get(key, 0) + 1
        self._made: dict[tuple[str, str] | None, Filters] = {}

    def __call__(self, current: tuple[str, str] | None = None) -> Filters:
        found = self._made.get(current)
        if found is None:
            found = self._made[current] = self._filters(current)
        return found

    def _filters(self, current: tuple[str, str] | None) -> Filters:
        lang, vocab, counts = self.lang, self.views.vocab, self.counts

        def link(section: str, key: str, label: str) -> Link:
            return Link(urls.filter_page(lang, section, key), label,
                        current=current == (section, key), count=counts.get((section, key), 0),
                        key=key)

        municipalities = sorted(vocab.municipalities.items(),
                                key=lambda kv: collation_key(kv[1].get(lang), lang))
        sections = {
            "municipality": tuple(link("municipality", k, v.get(lang))
                                  for k, v in municipalities),
            "audience": tuple(link("audience", k, v.get(lang))
                              for k, v in vocab.audiences.items()),
            "weekday": tuple(link("weekday", d, capitalise(weekday_name(d, lang)))
                             for d in WEEKDAYS),
        }
        return Filters(
            **sections,
            names={k: gettext(lang, v) for k, v in FILTERS.items()},
            words={section: urls.search_words([(link.key or "", link.label)
                                               for link in sections[section]])
                   for section in FILTERS},
            parameters={section: urls.search_parameter(lang, section)
                        for section in (*FILTERS, "when")})


def _language_pages(content: Content, views: Views, published: list[Group], lang: str,
                    languages: tuple[str, ...], base: str, sizes: Mapping[str, int],
                    pdf: bool) -> list[Page]:
    site = content.site
    assert site is not None
    site_title = local(site.title, lang)
    assert site_title is not None
    description = local(site.description, lang)
    site_description = description.text if description else site_title.text
    pages: list[Page] = []
    ordered = views.sorted_groups(published, lang)
    filter_links = _FilterLinks(views, published, lang)
    filters = filter_links()

    # Paper first: other pages link to the brochures and posters.
    paper = print_pages(content, views, published, lang, languages, base, pdf=pdf)

    soonest = views.by_next_meeting(published, lang)
    pages.append(HomePage(
        url=urls.home(lang), lang=lang, title=site_title.text, description=site_description,
        alternates=_alternates(languages, urls.home),
        cards=tuple(views.card(g, lang) for g in soonest), filters=filters,
        feed=urls.feed(lang), by_name=urls.by_name(lang), this_week=urls.this_week(lang),
        when_words=urls.when_words(lang)))
    pages.extend(_order_and_week_pages(views, published, ordered, lang, languages,
                                       site_title.text, content.today, filter_links))

    for group in ordered:
        detail = views.detail(group, lang)
        card = detail.card
        pages.append(GroupPage(
            url=card.url, lang=lang, key=group.slug,
            title=f"{card.name.text} – {card.municipality.label}",
            description=card.summary.text,
            alternates=_alternates(languages, functools.partial(urls.group, slug=group.slug)),
            detail=detail, event=event_facts(group, lang, base + card.url, views),
            poster=paper.posters[group.slug]))

    # Hidden and deleted groups keep their pages, as tombstones (never listed).
    for slug in sorted(_gone(content)):
        pages.append(_tombstone(content, views, published, slug, lang, languages,
                                urls.group(lang, slug), site_title.text))
    def meets_on(group: Group, day: str) -> bool:
        return any(m.weekday == day for m in group.schedule.meetings)

    sections: list[tuple[str, str, str, list[Group]]] = []
    for key, entry in views.vocab.municipalities.items():
        sections.append(("municipality", key, entry.get(lang),
                         [g for g in soonest if g.municipality == key]))
    for key, entry in views.vocab.audiences.items():
        sections.append(("audience", key, entry.get(lang),
                         [g for g in soonest if key in g.audiences]))
    for day in WEEKDAYS:
        sections.append(("weekday", day, capitalise(weekday_name(day, lang)),
                         [g for g in soonest if meets_on(g, day)]))
    day_name = gettext(lang, FILTERS["weekday"])
    for section, key, label, groups in sections:
        section_name = gettext(lang, FILTERS[section])
        refine: tuple[Link, ...] = ()
        if section == "municipality":
            refine = tuple(
                Link(urls.municipality_weekday(lang, key, day),
                     capitalise(weekday_name(day, lang)),
                     count=sum(1 for g in groups if meets_on(g, day)), key=day)
                for day in WEEKDAYS)
        pages.append(ListingPage(
            url=urls.filter_page(lang, section, key), lang=lang, key=key,
            title=f"{label} – {section_name} – {site_title.text}",
            description=gettext(lang, N_("Low-threshold groups: %(filter)s")) % {
                "filter": label},
            alternates=_alternates(languages,
                                   functools.partial(urls.filter_page, section=section, key=key)),
            section=section, section_name=section_name, heading=label,
            cards=tuple(views.card(g, lang) for g in groups),
            filters=filter_links((section, key)),
            refine=refine, refine_name=day_name))
        # A municipality on each weekday: the search form's combination, without JavaScript.
        for link in refine:
            day = link.key or ""
            day_label = capitalise(weekday_name(day, lang))
            heading = f"{label}: {day_label}"
            pages.append(ListingPage(
                url=link.url, lang=lang, key=f"{key}/{day}",
                title=f"{heading} – {site_title.text}",
                description=gettext(lang, N_("Low-threshold groups: %(filter)s")) % {
                    "filter": heading},
                alternates=_alternates(languages, functools.partial(
                    urls.municipality_weekday, key=key, weekday=day)),
                section="municipality-weekday", section_name=section_name, heading=heading,
                cards=tuple(views.card(g, lang) for g in groups if meets_on(g, day)),
                filters=filter_links((section, key)),
                parent=Link(urls.municipality(lang, key), label),
                refine=tuple(Link(r.url, r.label, current=r.key == day, count=r.count,
                                  key=r.key) for r in refine),
                refine_name=day_name))

    # Partners: the list, and a page each with the groups the partner takes part in.
    partner_views = sorted(
        (views.partner(pid, lang, published) for pid in content.partners),
        key=lambda p: collation_key(p.name.text, lang))
    partner_title = gettext(lang, N_("Partner organisations"))
    pages.append(PartnersPage(
        url=urls.partners(lang), lang=lang, title=f"{partner_title} – {site_title.text}",
        description=gettext(lang, N_("The organisations that run the groups together.")),
        alternates=_alternates(languages, urls.partners), partners=tuple(partner_views)))
    for view in partner_views:
        pages.append(PartnerPage(
            url=view.url, lang=lang, key=view.id, title=f"{view.name.text} – {site_title.text}",
            description=view.description.text if view.description else view.name.text,
            alternates=_alternates(languages, functools.partial(urls.partner, pid=view.id)),
            partner=view))

    pages.append(_form_page(content, lang, languages, site_title.text))

    # Free pages: Finnish stands in where a language version is missing.
    for name, versions in sorted(content.pages.items()):
        if FALLBACK not in versions:
            continue
        page = versions.get(lang) or versions[FALLBACK]
        pages.append(FreePage(
            url=urls.page(lang, name), lang=lang, key=name,
            title=f"{page.title} – {site_title.text}",
            description=page.description or page.title,
            alternates=_alternates(languages, functools.partial(urls.page, name=name)),
            heading=Local(page.title, page.lang, page.lang != lang),
            body=Markdown(page.body, page.lang, page.lang != lang, top_heading=2),
            printables=paper.brochures if name == PROFESSIONALS_PAGE else ()))

    pages.append(_downloads_page(content, published, lang, languages, site_title.text, sizes,
                                 paper.brochures))
    pages.extend(paper.pages)
    return pages


def _order_and_week_pages(views: Views, published: list[Group], ordered: list[Group],
                          lang: str, languages: tuple[str, ...], site_title: str,
                          today: dt.date, filter_links: _FilterLinks) -> list[Page]:
    """Every group in alphabetical order, and the "today / this week" view."""
    everything = gettext(lang, N_("All groups"))
    heading = gettext(lang, N_("All groups in alphabetical order"))
    by_name = ListingPage(
        url=urls.by_name(lang), lang=lang, title=f"{heading} – {site_title}",
        description=heading, alternates=_alternates(languages, urls.by_name),
        section="a-z", section_name=everything, heading=heading,
        cards=tuple(views.card(g, lang) for g in ordered),
        filters=filter_links(),
        order=Link(urls.home(lang), gettext(lang, N_("Sort by next meeting"))),
        order_note=gettext(lang, N_("In alphabetical order.")))
    last = today + dt.timedelta(days=WEEK_DAYS - 1)
    soonest = views.by_next_meeting(published, lang)

    def meets(group: Group, first: dt.date, end: dt.date) -> bool:
        return any(first <= o.day <= end for o in views.upcoming(group))

    week_heading = gettext(lang, N_("Today and this week"))
    week = WeekPage(
        url=urls.this_week(lang), lang=lang, title=f"{week_heading} – {site_title}",
        description=week_heading, alternates=_alternates(languages, urls.this_week),
        heading=week_heading,
        as_of=gettext(lang, N_("As of %(date)s.")) % {"date": long_date(today, lang)},
        today=tuple(views.card(g, lang) for g in soonest if meets(g, today, today)),
        week=tuple(views.card(g, lang) for g in soonest
                   if not meets(g, today, today)
                   and meets(g, today + dt.timedelta(days=1), last)))
    return [by_name, week]


def _neutral_pages(content: Content, views: Views, published: list[Group],
                   languages: tuple[str, ...]) -> list[Page]:
    site = content.site
    assert site is not None
    titles = {lang: (local(site.title, lang) or Local("", lang)).text for lang in languages}
    choices = tuple(Link(urls.home(lang), titles[lang], lang=lang) for lang in languages)
    both = " | ".join(titles[lang] for lang in languages)
    pages: list[Page] = [
        RootPage(url=urls.ROOT, lang=FALLBACK, title=both, description=both, choices=choices,
                 sitemap=False,
                 targets={lang: urls.relative(urls.ROOT, urls.home(lang)) for lang in languages}),
        NotFoundPage(url=urls.NOT_FOUND, lang=FALLBACK, title=_not_found_title(languages),
                     description=_not_found_title(languages), choices=choices, sitemap=False,
                     noindex=True, absolute_links=True,
                     sections=tuple(_find_groups(views, published, lang) for lang in languages)),
    ]
    for group in sorted(published, key=lambda g: g.slug):
        names = {lang: views.card(group, lang).name for lang in languages}
        # The short code's link (printed, read out) and the older link with the slug.
        for url in dict.fromkeys(urls.short(key) for key in (group.code, group.slug) if key):
            pages.append(ShortPage(
                url=url, lang=FALLBACK, key=group.slug, title=names[FALLBACK].text,
                description=names[FALLBACK].text, sitemap=False, noindex=True,
                targets={lang: urls.relative(url, urls.group(lang, group.slug))
                         for lang in languages},
                choices=tuple(ShortChoice(lang, urls.group(lang, group.slug), names[lang])
                              for lang in languages),
                canonical=urls.group(FALLBACK, group.slug)))
    gone = _gone(content)
    for slug in sorted(gone):
        code = gone[slug].code
        site_title = titles[FALLBACK]
        for url in dict.fromkeys(urls.short(key) for key in (code, slug) if key):
            pages.append(_tombstone(
                content, views, published, slug, FALLBACK, languages, url, site_title,
                targets={lang: urls.relative(url, urls.group(lang, slug))
                         for lang in languages}))
    return pages


def _gone(content: Content) -> dict[str, Group | RetiredGroup]:
    """The groups whose addresses answer with a tombstone: hidden (season ended, review
    overdue) and deleted (``content/retired.yaml``), by slug."""
    gone: dict[str, Group | RetiredGroup] = {
        slug: content.groups[slug] for slug in content.hidden if slug in content.groups}
    for slug, entry in content.retired.items():
        gone.setdefault(slug, entry)
    return gone


def _tombstone(content: Content, views: Views, published: list[Group], slug: str, lang: str,
               languages: tuple[str, ...], url: str, site_title: str,
               targets: Mapping[str, str] | None = None) -> TombstonePage:
    site = content.site
    assert site is not None
    entry = _gone(content)[slug]
    name = local(entry.name, lang) or Local(slug, lang)
    municipality = views.label("municipalities", entry.municipality, lang)
    others = views.sorted_groups(
        [g for g in published if g.municipality == entry.municipality and g.slug != slug], lang)
    coordinator = site.coordinator
    partner = content.partners.get(coordinator.partner)
    contact = partner.contact if partner else None
    phone = coordinator.phone or (contact.phone if contact else None)
    email = coordinator.email or (contact.email if contact else None)
    ended = gettext(lang, N_("This group has ended or is on a break"))
    return TombstonePage(
        url=url, lang=lang, key=slug, title=f"{name.text}: {ended} – {site_title}",
        description=ended,
        # A short link stands for no language: its links to the languages are in the page.
        alternates={} if targets else _alternates(
            languages, functools.partial(urls.group, slug=slug)),
        sitemap=False, noindex=True,
        name=name, municipality=municipality,
        municipality_url=urls.municipality(lang, entry.municipality),
        coordinator=views.partner_name(coordinator.partner, lang),
        coordinator_url=urls.partner(lang, coordinator.partner),
        phone=phone_display(phone) if phone else None,
        phone_href=urls.tel(phone) if phone else None, email=email,
        others=tuple(Link(urls.group(lang, g.slug), views.card(g, lang).name.text,
                          lang=views.card(g, lang).name.lang) for g in others),
        targets=dict(targets or {}))


def _not_found_title(languages: tuple[str, ...]) -> str:
    return " · ".join(gettext(lang, N_("Page not found")) for lang in languages)


def _find_groups(views: Views, published: list[Group], lang: str) -> FindGroups:
    """What the 404 page offers in ``lang``: the municipalities (those with groups first
    named with their count) and the home page."""
    vocab = views.vocab
    counts: dict[str, int] = {}
    for group in published:
        counts[group.municipality] = counts.get(group.municipality, 0) + 1
    municipalities = sorted(vocab.municipalities.items(),
                            key=lambda kv: collation_key(kv[1].get(lang), lang))
    return FindGroups(
        lang=lang,
        title=gettext(lang, N_("Page not found")),
        heading=gettext(lang, N_("Find a group in your municipality")),
        home=Link(urls.home(lang), gettext(lang, N_("All groups")), lang=lang),
        municipalities=tuple(Link(urls.municipality(lang, key), label.get(lang), lang=lang,
                                  count=counts.get(key, 0))
                             for key, label in municipalities))


FORMATS = {
    "ics": N_("Calendar file (iCalendar)"),
    "json": N_("Data file (JSON)"),
    "schema": N_("Description of the data file (JSON Schema)"),
    "csv": N_("Spreadsheet (CSV, opens in Excel)"),
    "hsds": N_("Service directory data (Open Referral HSDS 3.0, JSON)"),
    "atom": N_("News feed (Atom)"),
}


def _downloads_page(content: Content, published: list[Group], lang: str,
                    languages: tuple[str, ...], site_title: str, sizes: Mapping[str, int],
                    printables: tuple[Printable, ...]) -> DownloadsPage:
    """``<lang>/data/``: every export file with its format and size in plain words."""
    vocab = content.vocabularies
    assert vocab is not None

    def item(url: str, label: str, kind: str, file_lang: str | None = None) -> Download:
        size = sizes.get(url)
        return Download(url, label, gettext(lang, FORMATS[kind]), file_lang,
                        file_size(size, lang) if size is not None else None)

    def language(code: str) -> str:
        return vocab.languages[code].get(lang) if code in vocab.languages else code

    used = {g.municipality for g in published}
    municipalities = sorted(
        (mid for mid in vocab.municipalities if mid in used),
        key=lambda mid: collation_key(vocab.municipalities[mid].get(lang), lang))
    calendars = [item(urls.all_calendar(lang), gettext(lang, N_("All groups")), "ics", lang)]
    calendars += [item(urls.municipality_calendar(lang, mid),
                       vocab.municipalities[mid].get(lang), "ics", lang)
                  for mid in municipalities]
    hsds = [item(urls.hsds(code, name), f"{capitalise(language(code))}: {name}", "hsds", code)
            for code in languages for name in urls.HSDS_FILES]
    sections = (
        DownloadSection("calendars", gettext(lang, N_("Calendars")), gettext(lang, N_(
            "Add the groups to the calendar of your phone or computer. Open a file to add "
            "the meetings once, or copy its address into your calendar's \"subscribe\" or "
            "\"add calendar from URL\" option to get changes automatically. Each group's "
            "own calendar is on its page.")), tuple(calendars)),
        DownloadSection("open-data", gettext(lang, N_("Open data")), gettext(lang, N_(
            "Every published group in all the brochure's languages, for other services and "
            "websites to use without copying by hand.")), (
            item(urls.GROUPS_JSON, "groups.json", "json"),
            item(urls.GROUPS_SCHEMA, "groups.schema.json", "schema"),
            item(urls.GROUPS_CSV, "groups.csv", "csv"),
        )),
        DownloadSection("hsds", gettext(lang, N_("For service directories")), gettext(lang, N_(
            "The groups in the Open Referral Human Services Data Specification (HSDS), a "
            "common format of service catalogues, one set per language.")), tuple(hsds)),
        DownloadSection("feed", gettext(lang, N_("News feed")), gettext(lang, N_(
            "Follow new and changed groups in a feed reader.")),
            (item(urls.feed(lang), gettext(lang, N_("New and changed groups")), "atom",
                  lang),)),
    )
    heading = gettext(lang, N_("Data and downloads"))
    return DownloadsPage(
        url=urls.downloads(lang), lang=lang, title=f"{heading} – {site_title}",
        description=gettext(lang, N_("Calendars, open data and a news feed of the "
                                     "low-threshold groups.")),
        alternates=_alternates(languages, urls.downloads),
        heading=heading, sections=sections, printables=printables)


def language_switch(page: Page, languages: tuple[str, ...]) -> tuple[Link, ...]:
    """The links to the same page in the other languages (the current one marked)."""
    return tuple(Link(page.alternates[lang], AUTONYMS[lang], current=lang == page.lang,
                      lang=lang) for lang in languages if lang in page.alternates)


CONTRIBUTE_PAGE = "contribute"
ISSUE_TEMPLATE = "add-or-change-group.yml"


def _form_page(content: Content, lang: str, languages: tuple[str, ...],
               site_title: str) -> FormPage:
    """"Lisää tai päivitä ryhmä": the form, built from the group model and the vocabularies."""
    site = content.site
    assert site is not None
    fields = form_fields(content, lang)
    # Addresses that are taken: every group file, and retired groups (content/retired.yaml,
    # when the content has it) whose addresses stay reserved.
    retired = content.retired
    existing = tuple(sorted({*content.groups, *content.sources, *retired}))
    parts = repository_parts(site.repository)
    heading = gettext(lang, N_("Add or update a group"))
    return FormPage(
        url=urls.group_form(lang), lang=lang, title=f"{heading} – {site_title}",
        description=gettext(lang, N_("A form for partners: describe a group, check it and "
                                     "propose it on GitHub without writing YAML.")),
        alternates=_alternates(languages, urls.group_form), heading=heading, fields=fields,
        config=page_config(content, lang, fields, existing),
        new_file_url=(urls.github_new(*parts, site.repository_branch, "content/groups/", None)
                      if parts else None),
        issue_url=urls.github_issue_form(*parts, ISSUE_TEMPLATE) if parts else None,
        guide_url=urls.page(lang, CONTRIBUTE_PAGE) if CONTRIBUTE_PAGE in content.pages else None)
