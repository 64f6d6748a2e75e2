"""A group's own pages: its page in each language, and the tombstone left at the addresses of
a group that is hidden (season ended, review overdue) or deleted (``content/retired.yaml``).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Container, Mapping

from brochure.check.content import ValidContent
from brochure.core import urls
from brochure.core.formatting import long_date, phone_display
from brochure.core.i18n import N_, gettext
from brochure.core.languages import Local
from brochure.core.models import Group, RetiredGroup
from brochure.site.events import event_facts
from brochure.site.pages import GroupPage, OwnPages, Page, TombstonePage
from brochure.site.scope import Scope, alternates
from brochure.site.views import Link, Views


def group_pages(scope: Scope, ordered: list[Group], posters: Mapping[str, str],
                kept: Mapping[tuple[str, str], OwnPages] | None = None) -> list[Page]:
    """Each published group's page, with its schema.org facts and its poster's address.

    ``kept``: pages made earlier, by slug and language. One is taken again when it shows the
    very details the views give now (kept with it: the same group file, settings, date and
    program) at the same addresses: the rest of the page is made of nothing else."""
    lang, views = scope.lang, scope.views
    pages: list[Page] = []
    for group in ordered:
        detail = views.detail(group, lang)
        card = detail.card
        own = kept.get((group.slug, lang)) if kept else None
        found = own.page if own is not None else None
        if (found is not None and found.detail is detail
                and found.poster == posters[group.slug]
                and found.event.url == scope.base + card.url):
            pages.append(found)
            continue
        share_title, share_description = views.share(group, lang)
        pages.append(GroupPage(
            url=card.url, lang=lang, key=group.slug,
            title=f"{card.name.text} – {card.municipality.label}",
            description=card.summary.text,
            share_title=share_title, share_description=share_description,
            alternates=scope.alternates(functools.partial(urls.group, slug=group.slug)),
            detail=detail, event=event_facts(group, lang, scope.base + card.url, views),
            poster=posters[group.slug]))
    return pages


def tombstone_pages(scope: Scope, only: Container[str] | None = None) -> list[Page]:
    """Hidden and deleted groups keep their pages, as tombstones (never listed); ``only``
    these groups' when given."""
    return [tombstone(scope.content, scope.views, scope.published, slug, scope.lang,
                      scope.languages, urls.group(scope.lang, slug), scope.site_title)
            for slug in sorted(gone(scope.content)) if only is None or slug in only]


def gone(content: ValidContent) -> dict[str, Group | RetiredGroup]:
    """The groups whose addresses answer with a tombstone: hidden (season ended, review
    overdue) and deleted (``content/retired.yaml``), by slug."""
    found: dict[str, Group | RetiredGroup] = {
        slug: content.groups[slug] for slug in content.hidden if slug in content.groups}
    for slug, entry in content.retired.items():
        found.setdefault(slug, entry)
    return found


def tombstone(content: ValidContent, views: Views, published: list[Group], slug: str, lang: str,
              languages: tuple[str, ...], url: str, site_title: str,
              targets: Mapping[str, str] | None = None) -> TombstonePage:
    site = content.site
    entry = gone(content)[slug]
    name = views.local(entry.name, lang) or Local(slug, lang)
    municipality = views.label("municipalities", entry.municipality, lang)
    others = views.sorted_groups(
        [g for g in published if g.municipality == entry.municipality and g.slug != slug], lang)
    coordinator = site.coordinator
    partner = content.partners.get(coordinator.partner)
    contact = partner.contact if partner else None
    phone = coordinator.phone or (contact.phone if contact else None)
    email = coordinator.email or (contact.email if contact else None)
    heading, says = why_gone(content, entry, lang)
    return TombstonePage(
        url=url, lang=lang, key=slug, title=f"{name.text}: {heading} – {site_title}",
        description=f"{name.text}: {says}", heading=heading, says=says,
        # A short link stands for no language: its links to the languages are in the page.
        alternates={} if targets else alternates(
            languages, functools.partial(urls.group, slug=slug)),
        sitemap=False, noindex=True,
        name=name, municipality=municipality,
        municipality_url=urls.municipality(lang, entry.municipality),
        coordinator=views.partner_name(coordinator.partner, lang),
        coordinator_url=urls.partner(lang, coordinator.partner),
        phone=phone_display(phone, site.phone_region) if phone else None,
        phone_href=urls.tel(phone) if phone else None, email=email,
        others=tuple(Link(urls.group(lang, g.slug), views.card(g, lang).name.text,
                          lang=views.card(g, lang).name.lang) for g in others),
        targets=dict(targets or {}))


def why_gone(content: ValidContent, entry: Group | RetiredGroup, lang: str) -> tuple[str, str]:
    """Which of the three a tombstone stands for, and since when: the season ended (and when
    the next one starts, if known), the details are being updated, or the group no longer
    runs. Returns the heading and the sentence that says it."""
    if isinstance(entry, RetiredGroup):
        heading = gettext(lang, N_("This group no longer meets"))
        if entry.ended is None:
            return heading, gettext(lang, N_("The group has ended."))
        return heading, gettext(lang, N_("The group ended on %(date)s.")) % {
            "date": long_date(entry.ended, lang)}
    schedule = entry.schedule
    if content.hidden.get(entry.slug) == "season-ended" and schedule.season.end:
        says = gettext(lang, N_("The season ended on %(date)s.")) % {
            "date": long_date(schedule.season.end, lang)}
        following = schedule.next_season
        if following is not None and following.start > content.today:
            says += " " + gettext(lang, N_("The next season starts on %(date)s.")) % {
                "date": long_date(following.start, lang)}
        else:
            says += " " + gettext(lang, N_("The next season has not been announced yet."))
        return gettext(lang, N_("This group's season has ended")), says
    ran_out = entry.reviewed + dt.timedelta(days=content.site.policy.review_max_age_days)
    return (gettext(lang, N_("This group's details are being updated")),
            gettext(lang, N_("Its details have not been checked since %(date)s, so the group "
                             "is left out of the brochure until they are.")) % {
                "date": long_date(min(ran_out, content.today), lang)})
