"""A group's own pages: its page in each language, and the tombstone left at the addresses of
a group that is hidden (season ended, review overdue) or deleted (``content/retired.yaml``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from brochure.check.content import ValidContent
from brochure.core import urls
from brochure.core.formatting import phone_display
from brochure.core.i18n import N_, gettext
from brochure.core.languages import Local
from brochure.core.models import Group, RetiredGroup
from brochure.site.events import event_facts
from brochure.site.pages import GroupPage, Page, TombstonePage
from brochure.site.scope import Scope, alternates
from brochure.site.views import Link, Views


def group_pages(scope: Scope, ordered: list[Group], posters: Mapping[str, str]) -> list[Page]:
    """Each published group's page, with its schema.org facts and its poster's address."""
    lang, views = scope.lang, scope.views
    pages: list[Page] = []
    for group in ordered:
        detail = views.detail(group, lang)
        card = detail.card
        pages.append(GroupPage(
            url=card.url, lang=lang, key=group.slug,
            title=f"{card.name.text} – {card.municipality.label}",
            description=card.summary.text,
            alternates=scope.alternates(functools.partial(urls.group, slug=group.slug)),
            detail=detail, event=event_facts(group, lang, scope.base + card.url, views),
            poster=posters[group.slug]))
    return pages


def tombstone_pages(scope: Scope) -> list[Page]:
    """Hidden and deleted groups keep their pages, as tombstones (never listed)."""
    return [tombstone(scope.content, scope.views, scope.published, slug, scope.lang,
                      scope.languages, urls.group(scope.lang, slug), scope.site_title)
            for slug in sorted(gone(scope.content))]


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
    ended = gettext(lang, N_("This group has ended or is on a break"))
    return TombstonePage(
        url=url, lang=lang, key=slug, title=f"{name.text}: {ended} – {site_title}",
        description=ended,
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
