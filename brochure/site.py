"""Stage 3: the site model — every page, its URL in each language, and what it shows.

Everything a page displays is decided here, in Python, from the validated content: which
groups, in which order, with which words in which language, and which text fell back to
Finnish. Templates only lay it out. The model is plain data, so it is tested without
templates, and each page lists the groups it shows so the preview can rebuild only what an
edit touches.

URLs (a contract; paths relative to ``base_url``)::

    index.html                     language choice
    404.html
    <lang>/                        home: every published group
    <lang>/groups/<slug>/          one group (same slug in every language)
    <lang>/municipality/<id>/      static filters that work without JavaScript
    <lang>/audience/<id>/
    <lang>/weekday/<weekday>/
    <lang>/partners/               partner organisations, and one page each
    <lang>/partners/<id>/
    <lang>/<page>/                 free pages from content/pages/
    r/<slug>/                      short language-neutral link (print, QR codes)
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from .content import Content
from .exports import Exports, Source, catalogue, downloads_url, feed_url, group_calendar_url
from .formatting import (
    capitalise,
    collation_key,
    date_range,
    long_date,
    meeting_phrase,
    time_range,
    weekday_date,
    weekday_name,
)
from .i18n import N_, gettext
from .languages import AUTONYMS, FALLBACK, Local, local, site_languages
from .markup import render_markdown
from .models import WEEKDAYS, Group, Partner, Text
from .schedule import Occurrence, cancelled, next_meetings

# Free pages in the main navigation and in the footer, in this order; others follow the main.
NAV_PAGES = ("professionals", "contribute", "about")
FOOTER_PAGES = ("accessibility", "privacy")

ROLES = {
    "professional": N_("Professional"),
    "experience-expert": N_("Experience expert"),
    "peer": N_("Peer"),
    "volunteer": N_("Volunteer"),
}
FILTERS = {
    "municipality": N_("Municipality"),
    "audience": N_("Especially welcome"),
    "weekday": N_("Day of the week"),
}


# --- small value types ------------------------------------------------------------------

@dataclass(frozen=True)
class LocalHtml:
    html: Markup
    lang: str
    fallback: bool = False


def local_html(text: Text | None, lang: str, top_heading: int = 3) -> LocalHtml | None:
    found = local(text, lang)
    if found is None:
        return None
    return LocalHtml(render_markdown(found.text, top_heading=top_heading), found.lang,
                     found.fallback)


@dataclass(frozen=True)
class Link:
    url: str
    label: str
    current: bool = False
    lang: str | None = None
    count: int | None = None
    key: str | None = None


@dataclass(frozen=True)
class Labelled:
    id: str
    label: str


# --- pages ------------------------------------------------------------------------------

@dataclass
class Page:
    """One output HTML page."""

    url: str
    template: str
    lang: str
    title: str
    description: str
    alternates: dict[str, str] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    groups: frozenset[str] = frozenset()
    kind: str = ""
    sitemap: bool = True
    noindex: bool = False
    absolute_links: bool = False

    @property
    def output_path(self) -> str:
        return self.url + "index.html" if self.url.endswith("/") or not self.url else self.url


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url``, both relative to the site root."""
    directory = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(
        from_url) + "/"
    if directory in ("/", ""):
        directory = ""
    up = "../" * directory.count("/")
    target = up + to_url
    return target or "./"


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


@dataclass
class SiteModel:
    base_url: str
    pages: list[Page]
    languages: tuple[str, ...]
    today: dt.date
    chrome: dict[str, Chrome] = field(default_factory=dict)
    content: Content | None = field(default=None, repr=False)

    def absolute(self, url: str) -> str:
        return self.base_url + url

    def by_url(self) -> dict[str, Page]:
        return {p.url: p for p in self.pages}


# --- views of a group -------------------------------------------------------------------

def group_url(lang: str, slug: str) -> str:
    return f"{lang}/groups/{slug}/"


def short_url(slug: str) -> str:
    return f"r/{slug}/"


def filter_url(lang: str, section: str, key: str) -> str:
    return f"{lang}/{section}/{key}/"


def partner_url(lang: str, pid: str) -> str:
    return f"{lang}/partners/{pid}/"


def page_url(lang: str, name: str) -> str:
    return f"{lang}/{name}/"


@dataclass(frozen=True)
class Card:
    """What a list shows of a group."""

    slug: str
    url: str
    name: Local
    summary: Local
    municipality: Labelled
    when: tuple[str, ...]
    starts: str | None
    audiences: tuple[Labelled, ...]
    languages: tuple[Labelled, ...]
    weekdays: tuple[str, ...]


class Views:
    """Builds the per-language views of groups and partners from one content tree."""

    def __init__(self, content: Content) -> None:
        assert content.vocabularies is not None and content.site is not None
        self.content = content
        self.vocab = content.vocabularies
        self.site = content.site
        self.today = content.today
        self._cards: dict[tuple[str, str], Card] = {}
        self._upcoming: dict[str, list[Occurrence]] = {}

    def label(self, category: str, key: str, lang: str) -> Labelled:
        labels = getattr(self.vocab, category)
        return Labelled(key, labels[key].get(lang) if key in labels else key)

    def card(self, group: Group, lang: str) -> Card:
        key = (group.slug, lang)
        if key not in self._cards:
            self._cards[key] = self._card(group, lang)
        return self._cards[key]

    def _card(self, group: Group, lang: str) -> Card:
        season = group.schedule.season
        name, summary = local(group.name, lang), local(group.summary, lang)
        assert name is not None and summary is not None
        starts = None
        if season.start > self.today:
            starts = gettext(lang, N_("Starts on %(date)s")) % {
                "date": long_date(season.start, lang)}
        return Card(
            slug=group.slug,
            url=group_url(lang, group.slug),
            name=name,
            summary=summary,
            municipality=self.label("municipalities", group.municipality, lang),
            when=tuple(meeting_phrase(m, lang) for m in group.schedule.meetings),
            starts=starts,
            audiences=tuple(self.label("audiences", a, lang) for a in group.audiences),
            languages=tuple(self.label("languages", a, lang) for a in group.languages),
            weekdays=tuple(dict.fromkeys(m.weekday for m in group.schedule.meetings)),
        )

    def upcoming(self, group: Group) -> list[Occurrence]:
        """The next meetings (the same in every language, so computed once per group)."""
        found = self._upcoming.get(group.slug)
        if found is None:
            found = self._upcoming[group.slug] = next_meetings(group.schedule, self.today)
        return found

    def json_ld(self, group: Group, lang: str, url: str) -> Markup:
        return event_json_ld(group, lang, url, self)

    def sorted_groups(self, groups: Iterable[Group], lang: str) -> list[Group]:
        def key(g: Group) -> tuple[tuple[str, str], str]:
            name = local(g.name, lang)
            return (collation_key(name.text if name else g.slug, lang), g.slug)
        return sorted(groups, key=key)

    def partner_name(self, pid: str, lang: str) -> Local:
        partner = self.content.partners.get(pid)
        name = local(partner.name, lang) if partner else None
        return name or Local(pid, lang)

    def group_detail(self, group: Group, lang: str) -> dict[str, Any]:
        schedule = group.schedule
        season = schedule.season
        card = self.card(group, lang)
        if season.end:
            season_text = gettext(lang, N_("Season %(dates)s")) % {
                "dates": date_range(season.start, season.end, lang)}
        else:
            season_text = gettext(lang, N_("Ongoing since %(date)s")) % {
                "date": long_date(season.start, lang)}
        breaks = []
        for pause in schedule.breaks:
            if pause.start == pause.end:
                breaks.append(long_date(pause.start, lang))
            else:
                breaks.append(date_range(pause.start, pause.end, lang))
        upcoming = [
            capitalise(weekday_date(o.day, lang)) + " " + time_range(o.start, o.end, lang)
            for o in self.upcoming(group)
        ]
        venue = group.venue
        facilitators = [
            {
                "role": gettext(lang, ROLES[f.role]),
                "partner": self.partner_name(f.partner, lang),
                "partner_url": partner_url(lang, f.partner),
                "name": f.name,
            }
            for f in group.facilitators
        ]
        contact = group.contact
        registration = {
            "none": N_("No registration: just come."),
            "welcome": N_("Advance notice is welcome, but you can also just come."),
        }[group.registration]
        return {
            "card": card,
            "description": local_html(group.description, lang),
            "season": season_text,
            "breaks": breaks,
            "upcoming": upcoming,
            "venue_name": local(venue.name, lang),
            "address": venue.address,
            "map_url": map_url(venue.address, venue.coordinates),
            "accessibility": [self.label("accessibility", a, lang) for a in venue.accessibility],
            "activities": [self.label("activities", a, lang) for a in group.activities],
            "facilitators": facilitators,
            "phase": group.phase,
            "substitute": local(group.substitute, lang),
            "contact_partner": self.partner_name(contact.partner, lang),
            "contact_partner_url": partner_url(lang, contact.partner),
            "contact_name": contact.name,
            "phone": contact.phone,
            "phone_href": "tel:" + contact.phone.replace(" ", "") if contact.phone else None,
            "email": contact.email,
            "registration": gettext(lang, registration),
            "max_participants": group.max_participants,
            "reviewed": long_date(group.reviewed, lang),
            "reviewed_iso": group.reviewed.isoformat(),
            "short_url": short_url(group.slug),
        }


def map_url(address: str, coordinates: tuple[float, float] | None) -> str:
    """A plain link to OpenStreetMap (no map is embedded: no third-party requests)."""
    from urllib.parse import quote

    if coordinates:
        lat, lon = coordinates
        return (f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}"
                f"#map=17/{lat:.5f}/{lon:.5f}")
    return "https://www.openstreetmap.org/search?query=" + quote(address)


# --- JSON-LD ----------------------------------------------------------------------------

_SCHEMA_DAYS = {d: "https://schema.org/" + d.capitalize() for d in WEEKDAYS}


def event_json_ld(group: Group, lang: str, url: str, views: Views) -> Markup:
    """schema.org Event with an eventSchedule, free, at a Place, by the partners."""
    name = local(group.name, lang)
    summary = local(group.summary, lang)
    season = group.schedule.season
    schedules = []
    skipped_days = cancelled(group.schedule)
    for meeting in group.schedule.meetings:
        item: dict[str, Any] = {
            "@type": "Schedule",
            "byDay": _SCHEMA_DAYS[meeting.weekday],
            "startTime": meeting.start.strftime("%H:%M"),
            "endTime": meeting.end.strftime("%H:%M"),
            "repeatFrequency": f"P{meeting.every}W",
            "startDate": season.start.isoformat(),
            "scheduleTimezone": "Europe/Helsinki",
        }
        if season.end:
            item["endDate"] = season.end.isoformat()
        skipped = [d for d in skipped_days if d.weekday() == WEEKDAYS.index(meeting.weekday)]
        if skipped:
            item["exceptDate"] = [d.isoformat() for d in skipped]
        schedules.append(item)
    venue_name = local(group.venue.name, lang)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": name.text if name else group.slug,
        "description": summary.text if summary else "",
        "url": url,
        "inLanguage": group.languages,
        "isAccessibleForFree": True,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "startDate": season.start.isoformat(),
        "eventSchedule": schedules,
        "location": {
            "@type": "Place",
            "name": venue_name.text if venue_name else "",
            "address": group.venue.address,
        },
        "organizer": [
            {"@type": "Organization", "name": views.partner_name(pid, lang).text}
            for pid in group.partner_ids()
        ],
        "offers": {"@type": "Offer", "price": "0", "priceCurrency": "EUR"},
    }
    if season.end:
        data["endDate"] = season.end.isoformat()
    if group.venue.coordinates:
        lat, lon = group.venue.coordinates
        data["location"]["geo"] = {"@type": "GeoCoordinates", "latitude": lat, "longitude": lon}
    return json_for_script(data)


def json_for_script(data: Any) -> Markup:
    """JSON safe inside <script>: no '</script>' or '<!--' can be formed by content."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e")
                  .replace("&", "\\u0026"))


# --- building the whole site ------------------------------------------------------------

def build_site(content: Content, base_url: str | None = None,
               views: Views | None = None) -> SiteModel:
    """The list of every page of the brochure for a validated content tree.

    ``views`` (built on the same content) lets the live preview reuse what it already
    computed for groups that did not change; see :mod:`brochure.incremental`.
    """
    assert content.site is not None and content.vocabularies is not None
    site = content.site
    base = base_url or site.base_url
    if not base.endswith("/"):
        base += "/"
    if views is None:
        views = Views(content)
    published = content.published
    languages: tuple[str, ...] = site_languages(site.languages)
    pages: list[Page] = []
    from .printing import add_print_pages  # imported here: printing builds on this module

    exports = Exports(Source(content, base, languages))
    for lang in languages:
        pages.extend(_language_pages(content, views, published, lang, languages, base))
        pages.append(_downloads_page(exports, lang))
        add_print_pages(pages, content, views, lang, base)
    pages.extend(_neutral_pages(content, views, published, languages))
    _add_alternates(pages)
    chrome = {lang: _chrome(content, lang) for lang in languages}
    return SiteModel(base, pages, languages, content.today, chrome, content)


def _chrome(content: Content, lang: str) -> Chrome:
    site = content.site
    assert site is not None
    title = local(site.title, lang)

    def page_link(name: str) -> Link:
        versions = content.pages[name]
        page = versions.get(lang) or versions[FALLBACK]
        return Link(page_url(lang, name), page.title, lang=page.lang)

    shown = {n for n, v in content.pages.items() if FALLBACK in v}
    nav = [Link(f"{lang}/", gettext(lang, N_("All groups")))]
    nav += [page_link(n) for n in NAV_PAGES if n in shown]
    nav += [page_link(n) for n in sorted(shown - set(NAV_PAGES) - set(FOOTER_PAGES))]
    footer = [page_link(n) for n in FOOTER_PAGES if n in shown]
    footer.append(Link(f"{lang}/partners/", gettext(lang, N_("Partner organisations"))))
    footer.append(Link(downloads_url(lang), gettext(lang, N_("Data and downloads"))))
    return Chrome(
        lang=lang,
        title=title.text if title else "",
        nav=tuple(nav),
        footer=tuple(footer),
        coordinator_email=site.coordinator.email,
        coordinator_phone=site.coordinator.phone,
        repository=site.repository,
    )


def _add_alternates(pages: list[Page]) -> None:
    """Pages of the same kind and key in other languages are each other's alternates."""
    by_key: dict[tuple[str, str], dict[str, str]] = {}
    for page in pages:
        if page.kind:
            by_key.setdefault((page.kind, page.data.get("key", "")), {})[page.lang] = page.url
    for page in pages:
        if page.kind:
            page.alternates = by_key[(page.kind, page.data.get("key", ""))]


def _filters(views: Views, published: list[Group], lang: str) -> dict[str, list[Link]]:
    """The static filter pages, with how many groups each one lists."""
    vocab = views.vocab
    counts: dict[tuple[str, str], int] = {}
    for group in published:
        counts[("municipality", group.municipality)] = counts.get(
            ("municipality", group.municipality), 0) + 1
        for audience in group.audiences:
            counts[("audience", audience)] = counts.get(("audience", audience), 0) + 1
        for weekday in {m.weekday for m in group.schedule.meetings}:
            counts[("weekday", weekday)] = counts.get(("weekday", weekday), 0) + 1
    municipalities = sorted(vocab.municipalities.items(),
                            key=lambda kv: collation_key(kv[1].get(lang), lang))
    return {
        "municipality": [Link(filter_url(lang, "municipality", k), v.get(lang),
                              count=counts.get(("municipality", k), 0), key=k)
                         for k, v in municipalities],
        "audience": [Link(filter_url(lang, "audience", k), v.get(lang),
                          count=counts.get(("audience", k), 0), key=k)
                     for k, v in vocab.audiences.items()],
        "weekday": [Link(filter_url(lang, "weekday", d), capitalise(weekday_name(d, lang)),
                         count=counts.get(("weekday", d), 0), key=d)
                    for d in WEEKDAYS],
    }


def _language_pages(content: Content, views: Views, published: list[Group], lang: str,
                    languages: tuple[str, ...], base: str) -> list[Page]:
    site = content.site
    assert site is not None
    site_title = local(site.title, lang)
    assert site_title is not None
    description = local(site.description, lang)
    site_description = description.text if description else site_title.text
    pages: list[Page] = []
    ordered = views.sorted_groups(published, lang)
    filters = _filters(views, published, lang)
    all_slugs = frozenset(g.slug for g in ordered)

    pages.append(Page(
        url=f"{lang}/", template="home.html", lang=lang, kind="home",
        title=site_title.text, description=site_description,
        data={"key": "", "cards": [views.card(g, lang) for g in ordered], "filters": filters,
              "filter_names": {k: gettext(lang, v) for k, v in FILTERS.items()},
              "feed": feed_url(lang)},
        groups=all_slugs,
    ))

    for group in ordered:
        card = views.card(group, lang)
        detail = views.group_detail(group, lang)
        pages.append(Page(
            url=card.url, template="group.html", lang=lang, kind="group",
            title=f"{card.name.text} – {card.municipality.label}",
            description=card.summary.text,
            data={"key": group.slug, **detail,
                  "json_ld": views.json_ld(group, lang, base + card.url),
                  "calendar": group_calendar_url(lang, group.slug)},
            groups=frozenset({group.slug}),
        ))

    sections: list[tuple[str, str, str, list[Group]]] = []
    for key, entry in views.vocab.municipalities.items():
        sections.append(("municipality", key, entry.get(lang),
                         [g for g in ordered if g.municipality == key]))
    for key, entry in views.vocab.audiences.items():
        sections.append(("audience", key, entry.get(lang),
                         [g for g in ordered if key in g.audiences]))
    for day in WEEKDAYS:
        sections.append(("weekday", day, capitalise(weekday_name(day, lang)),
                         [g for g in ordered
                          if any(m.weekday == day for m in g.schedule.meetings)]))
    for section, key, label, groups in sections:
        section_name = gettext(lang, FILTERS[section])
        pages.append(Page(
            url=filter_url(lang, section, key), template="listing.html", lang=lang,
            kind=section, title=f"{label} – {section_name} – {site_title.text}",
            description=gettext(lang, N_("Low-threshold groups: %(filter)s")) % {
                "filter": label},
            data={"key": key, "section": section, "section_name": section_name,
                  "heading": label, "cards": [views.card(g, lang) for g in groups],
                  "filters": filters,
                  "filter_names": {k: gettext(lang, v) for k, v in FILTERS.items()}},
            groups=frozenset(g.slug for g in groups),
        ))

    # Partners: the list, and a page each with the groups the partner takes part in.
    partners = sorted(content.partners.values(),
                      key=lambda p: collation_key(views.partner_name(p.id, lang).text, lang))
    partner_title = gettext(lang, N_("Partner organisations"))
    pages.append(Page(
        url=f"{lang}/partners/", template="partners.html", lang=lang, kind="partners",
        title=f"{partner_title} – {site_title.text}",
        description=gettext(lang, N_("The organisations that run the groups together.")),
        data={"key": "", "partners": [_partner_view(views, p, lang, published)
                                      for p in partners]},
        groups=all_slugs,
    ))
    for partner in partners:
        view = _partner_view(views, partner, lang, published)
        pages.append(Page(
            url=partner_url(lang, partner.id), template="partner.html", lang=lang,
            kind="partner", title=f"{view['name'].text} – {site_title.text}",
            description=(view["description"].text if view["description"] else
                         view["name"].text),
            data={"key": partner.id, **view},
            groups=frozenset(c.slug for c in view["cards"]),
        ))

    # Free pages: Finnish stands in where a language version is missing.
    for name, versions in sorted(content.pages.items()):
        if FALLBACK not in versions:
            continue
        page = versions.get(lang) or versions[FALLBACK]
        body = render_markdown(page.body, top_heading=2)
        pages.append(Page(
            url=page_url(lang, name), template="page.html", lang=lang, kind="page",
            title=f"{page.title} – {site_title.text}",
            description=page.description or page.title,
            data={"key": name, "heading": Local(page.title, page.lang, page.lang != lang),
                  "body": LocalHtml(body, page.lang, page.lang != lang)},
        ))
    return pages


def _partner_view(views: Views, partner: Partner, lang: str,
                  published: list[Group]) -> dict[str, Any]:
    groups = views.sorted_groups([g for g in published if partner.id in g.partner_ids()], lang)
    contact = partner.contact
    return {
        "id": partner.id,
        "url": partner_url(lang, partner.id),
        "name": views.partner_name(partner.id, lang),
        "kind": views.label("partner_kinds", partner.kind, lang),
        "description": local(partner.description, lang),
        "website": partner.website,
        "email": contact.email if contact else None,
        "phone": contact.phone if contact else None,
        "phone_href": ("tel:" + contact.phone.replace(" ", "")
                       if contact and contact.phone else None),
        "cards": [views.card(g, lang) for g in groups],
    }


def _neutral_pages(content: Content, views: Views, published: list[Group],
                   languages: tuple[str, ...]) -> list[Page]:
    site = content.site
    assert site is not None
    titles = {lang: (local(site.title, lang) or Local("", lang)).text for lang in languages}
    pages = [
        Page(url="", template="root.html", lang=FALLBACK, kind="",
             title=" | ".join(titles[lang] for lang in languages),
             description=" | ".join(titles[lang] for lang in languages),
             data={"choices": [Link(f"{lang}/", titles[lang], lang=lang) for lang in languages],
                   "autonyms": AUTONYMS},
             sitemap=False),
        Page(url="404.html", template="404.html", lang=FALLBACK, kind="",
             title="404", description="404",
             data={"choices": [Link(f"{lang}/", titles[lang], lang=lang) for lang in languages],
                   "autonyms": AUTONYMS},
             sitemap=False, noindex=True, absolute_links=True),
    ]
    for group in published:
        url = short_url(group.slug)
        names = {lang: views.card(group, lang).name for lang in languages}
        pages.append(Page(
            url=url, template="short.html", lang=FALLBACK, kind="",
            title=names[FALLBACK].text, description=names[FALLBACK].text,
            data={"targets": {lang: relative(url, group_url(lang, group.slug))
                              for lang in languages},
                  "choices": [{"lang": lang, "url": group_url(lang, group.slug),
                               "name": names[lang]} for lang in languages],
                  "autonyms": AUTONYMS,
                  "canonical": group_url(FALLBACK, group.slug)},
            groups=frozenset({group.slug}), sitemap=False, noindex=True,
        ))
    return pages


def _downloads_page(exports: Exports, lang: str) -> Page:
    """``<lang>/data/``: every export file with its format and size in plain words.

    ``data["printables"]`` is a list of :class:`brochure.exports.Download` for the print
    brochures and PDFs, filled in by :mod:`brochure.printing`.
    """
    content = exports.source.content
    assert content.site is not None
    site_title = local(content.site.title, lang)
    heading = gettext(lang, N_("Data and downloads"))
    return Page(
        url=downloads_url(lang), template="downloads.html", lang=lang, kind="downloads",
        title=f"{heading} – {site_title.text if site_title else ''}",
        description=gettext(lang, N_("Calendars, open data and a news feed of the "
                                     "low-threshold groups.")),
        data={"key": "", "heading": heading, "sections": catalogue(exports, lang),
              "printables": [], "exports": exports},
        groups=frozenset(g.slug for g in content.published),
    )
