"""The lists of groups in one language: the home page, the static filter pages (municipality,
audience, weekday, a municipality on each weekday), A–Z, and "today and this week".

Every list starts with the group that meets next (A–Z excepted). The filter pages are the
search without JavaScript; :class:`FilterLinks` counts their groups once per language.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Mapping

from brochure.core import urls
from brochure.core.formatting import capitalise, collation_key, long_date, weekday_name
from brochure.core.i18n import N_, gettext, plural
from brochure.core.languages import local
from brochure.core.models import EVERYONE, WEEKDAYS, Group
from brochure.site.pages import Alternatives, Filters, HomePage, ListingPage, Page, WeekPage
from brochure.site.scope import Scope
from brochure.site.views import Card, Link, Views

FILTERS = {
    "municipality": N_("Municipality"),
    "audience": N_("Especially welcome"),
    "weekday": N_("Day of the week"),
    "language": N_("Language of the group"),
}
# The "today / this week" view: today and the next six days.
WEEK_DAYS = 7
# How many nearby municipalities an empty list offers.
NEARBY = 3


def describe(lang: str, label: str, count: int) -> str:
    """What a list page says of itself in a shared link, in plain words."""
    if not count:
        return gettext(lang, N_("%(filter)s: no group at the moment. See the groups nearby "
                                "or ask the coordinator.")) % {"filter": label}
    return plural(lang, "%(filter)s: %(num)d free group where you can just come, without a "
                        "referral or sign-up.",
                  "%(filter)s: %(num)d free groups where you can just come, without a "
                  "referral or sign-up.", count) % {"filter": label, "num": count}


class FilterLinks:
    """The static filter pages of one language, with how many groups each one lists; counted
    once per build and marked (``current``) for each page that shows them."""

    def __init__(self, views: Views, published: list[Group], lang: str) -> None:
        self.views, self.lang = views, lang
        self.counts: dict[tuple[str, str], int] = {}
        for group in published:
            keys = [("municipality", group.municipality)]
            keys += [("audience", a) for a in group.audiences]
            keys += [("language", code) for code in group.languages]
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
            # "Everyone" is no choice: every group is open to all.
            "audience": tuple(link("audience", k, v.get(lang))
                              for k, v in vocab.audiences.items() if k != EVERYONE),
            "weekday": tuple(link("weekday", d, capitalise(weekday_name(d, lang)))
                             for d in WEEKDAYS),
            # The languages groups are held in (a page for every language stays at its
            # address; only those with groups are offered).
            "language": tuple(link("language", k, capitalise(v.get(lang)))
                              for k, v in vocab.languages.items()
                              if counts.get(("language", k))),
        }
        if current is not None:  # the words and names are the same whichever is current
            shared = self(None)
            return Filters(**sections, names=shared.names, words=shared.words,
                           parameters=shared.parameters)
        return Filters(
            **sections,
            names={k: gettext(lang, v) for k, v in FILTERS.items()},
            words={section: urls.search_words([(link.key or "", link.label)
                                               for link in sections[section]])
                   for section in FILTERS},
            parameters={section: urls.search_parameter(lang, section)
                        for section in (*FILTERS, "when", "search")})


def home_page(scope: Scope, soonest: list[Group], filter_links: FilterLinks,
              search: tuple[str, ...] = ()) -> HomePage:
    """``<lang>/``: every group, the one that meets next first, with the search above.
    ``search``: the word search index's parts (urls.search_parts)."""
    lang, views = scope.lang, scope.views
    site = scope.content.site
    description = local(site.description, lang, site.language_order)
    return HomePage(
        url=urls.home(lang), lang=lang, title=scope.site_title,
        description=description.text if description else scope.site_title,
        alternates=scope.alternates(urls.home),
        cards=tuple(views.card(g, lang) for g in soonest), filters=filter_links(),
        feed=urls.feed(lang), by_name=urls.by_name(lang), this_week=urls.this_week(lang),
        when_words=urls.when_words(lang), search=search[0] if search else urls.search_index(lang),
        search_merged=search[1:],
        near={key: " ".join(views.vocab.nearest(key)) for key in views.vocab.municipalities})


def order_and_week_pages(scope: Scope, ordered: list[Group], soonest: list[Group],
                         filter_links: FilterLinks) -> list[Page]:
    """Every group in alphabetical order, and the "today / this week" view."""
    lang, views, site_title = scope.lang, scope.views, scope.site_title
    today = scope.content.today
    everything = gettext(lang, N_("All groups"))
    heading = gettext(lang, N_("All groups in alphabetical order"))
    by_name = ListingPage(
        url=urls.by_name(lang), lang=lang, title=f"{heading} – {site_title}",
        description=heading, alternates=scope.alternates(urls.by_name),
        section="a-z", section_name=everything, heading=heading,
        cards=tuple(views.card(g, lang) for g in ordered),
        filters=filter_links(),
        order=Link(urls.home(lang), gettext(lang, N_("Sort by next meeting"))),
        order_note=gettext(lang, N_("In alphabetical order.")))
    first, tomorrow = today.isoformat(), (today + dt.timedelta(days=1)).isoformat()
    last = (today + dt.timedelta(days=WEEK_DAYS - 1)).isoformat()
    cards = [views.card(g, lang) for g in soonest]

    def meets(card: Card, start: str, end: str) -> bool:
        # By the card's days (ISO dates, which sort as the days do): a build after an edit
        # keeps the cards of the groups not edited, and need not work out their meetings.
        return any(start <= day <= end for day in card.dates)

    week_heading = gettext(lang, N_("Today and this week"))
    week = WeekPage(
        url=urls.this_week(lang), lang=lang, title=f"{week_heading} – {site_title}",
        description=week_heading, alternates=scope.alternates(urls.this_week),
        heading=week_heading,
        as_of=gettext(lang, N_("As of %(date)s.")) % {"date": long_date(today, lang)},
        today=tuple(c for c in cards if meets(c, first, first)),
        week=tuple(c for c in cards if not meets(c, first, first)
                   and meets(c, tomorrow, last)))
    return [by_name, week]


def _weekdays(group: Group) -> list[str]:
    """The days of the week a group meets on, Monday first."""
    days = {m.weekday for m in group.schedule.meetings}
    return [day for day in WEEKDAYS if day in days]


def filter_pages(scope: Scope, soonest: list[Group], filter_links: FilterLinks) -> list[Page]:
    """A page for every municipality, audience and weekday, and every municipality on each
    weekday (the search form's combination, without JavaScript)."""
    lang, views = scope.lang, scope.views
    # Each page's groups (soonest first), found in one pass over the groups; a
    # municipality's on each weekday too ("municipality-weekday", "kokkola/tuesday").
    listed: dict[tuple[str, str], list[Group]] = {}
    for g in soonest:
        days = _weekdays(g)
        for found in (("municipality", g.municipality),
                      *(("audience", a) for a in dict.fromkeys(g.audiences)),
                      *(("weekday", d) for d in days),
                      *(("language", code) for code in dict.fromkeys(g.languages)),
                      *(("municipality-weekday", f"{g.municipality}/{d}") for d in days)):
            listed.setdefault(found, []).append(g)
    sections: list[tuple[str, str, str, list[Group]]] = []
    for key, entry in views.vocab.municipalities.items():
        sections.append(("municipality", key, entry.get(lang),
                         listed.get(("municipality", key), [])))
    for key, entry in views.vocab.audiences.items():
        # The page for everyone (kept at its address) lists every group: all are open to all.
        sections.append(("audience", key, entry.get(lang), list(soonest) if key == EVERYONE
                         else listed.get(("audience", key), [])))
    for day in WEEKDAYS:
        sections.append(("weekday", day, capitalise(weekday_name(day, lang)),
                         listed.get(("weekday", day), [])))
    for key, entry in views.vocab.languages.items():
        sections.append(("language", key, capitalise(entry.get(lang)),
                         listed.get(("language", key), [])))
    # How many groups each municipality has, in all (day None) and on each weekday: the
    # empty pages point to the nearest municipalities that have some.
    counts: Counter[tuple[str, str | None]] = Counter()
    for g in scope.published:
        counts[g.municipality, None] += 1
        counts.update((g.municipality, day) for day in _weekdays(g))
    pages: list[Page] = []
    for section, key, label, groups in sections:
        pages.extend(_section_pages(scope, section, key, label, groups, filter_links, counts,
                                    listed))
    return pages


def _section_pages(scope: Scope, section: str, key: str, label: str, groups: list[Group],
                   filter_links: FilterLinks, counts: Counter[tuple[str, str | None]],
                   listed: Mapping[tuple[str, str], list[Group]]) -> list[Page]:
    """One filter page, and for a municipality its pages by weekday."""
    lang, views, site_title = scope.lang, scope.views, scope.site_title
    section_name = gettext(lang, FILTERS[section])
    day_name = gettext(lang, FILTERS["weekday"])
    refine: tuple[Link, ...] = ()
    if section == "municipality":
        refine = tuple(
            Link(urls.municipality_weekday(lang, key, day),
                 capitalise(weekday_name(day, lang)),
                 count=len(listed.get(("municipality-weekday", f"{key}/{day}"), [])),
                 key=day)
            for day in WEEKDAYS)
    clear = Link(urls.home(lang), gettext(lang, N_("Show all groups")))
    alternatives = None
    if not groups:
        alternatives = Alternatives(clear=clear)
        if section == "municipality":
            alternatives = Alternatives(
                clear=clear, nearby_heading=gettext(lang, N_("Groups nearby")),
                nearby=_nearby(scope, counts, key, None))
        elif section == "weekday":
            alternatives = Alternatives(
                clear=clear, other_days_heading=gettext(lang, N_("Other days")),
                other_days=tuple(link for link in filter_links().weekday if link.count))
    pages: list[Page] = [ListingPage(
        url=urls.filter_page(lang, section, key), lang=lang, key=key,
        title=f"{label} – {section_name} – {site_title}",
        description=describe(lang, label, len(groups)),
        alternates=scope.alternates(
            functools.partial(urls.filter_page, section=section, key=key)),
        section=section, section_name=section_name, heading=label,
        cards=tuple(views.card(g, lang) for g in groups),
        filters=filter_links((section, key)),
        refine=refine, refine_name=day_name, alternatives=alternatives)]
    for link in refine:
        day = link.key or ""
        day_label = capitalise(weekday_name(day, lang))
        heading = f"{label}: {day_label}"
        alternatives = None
        if not link.count:
            alternatives = Alternatives(
                clear=clear,
                nearby_heading=gettext(lang, N_("%(weekday)s in the nearest municipalities"))
                % {"weekday": day_label},
                nearby=_nearby(scope, counts, key, day),
                other_days_heading=gettext(lang, N_("%(municipality)s on other days")) % {
                    "municipality": label},
                other_days=tuple(r for r in refine if r.count))
        pages.append(ListingPage(
            url=link.url, lang=lang, key=f"{key}/{day}",
            title=f"{heading} – {site_title}",
            description=describe(lang, f"{label}, {weekday_name(day, lang)}", link.count or 0),
            alternatives=alternatives,
            alternates=scope.alternates(functools.partial(
                urls.municipality_weekday, key=key, weekday=day)),
            section="municipality-weekday", section_name=section_name, heading=heading,
            cards=tuple(views.card(g, lang)
                        for g in listed.get(("municipality-weekday", f"{key}/{day}"), [])),
            filters=filter_links((section, key)),
            parent=Link(urls.municipality(lang, key), label),
            refine=tuple(Link(r.url, r.label, current=r.key == day, count=r.count,
                              key=r.key) for r in refine),
            refine_name=day_name))
    return pages


def _nearby(scope: Scope, counts: Counter[tuple[str, str | None]], municipality: str,
            day: str | None) -> tuple[Link, ...]:
    """The nearest municipalities with groups (on ``day``, if given), nearest first."""
    lang, vocab = scope.lang, scope.views.vocab
    found = []
    for other in vocab.nearest(municipality):
        count = counts[other, day]
        if not count or other not in vocab.municipalities:
            continue
        url = urls.municipality_weekday(lang, other, day) if day else urls.municipality(
            lang, other)
        found.append(Link(url, vocab.municipalities[other].get(lang), count=count, key=other))
        if len(found) == NEARBY:
            break
    return tuple(found)
