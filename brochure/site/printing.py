"""Paper: the printable brochures and the one-page posters, as pages of the site model.

Pages (URLs in :mod:`brochure.core.urls`)::

    <lang>/print/                    brochure: cover, then every group by municipality
    <lang>/print/<municipality>/     the same for one municipality (only those with groups)
    <lang>/groups/<slug>/poster/     one A4 poster per group

They are ordinary pages of the site (same chrome on screen, hidden in print), laid out for A4
by ``static/print.css``. Each group carries a QR code to its short link ``r/<code>/``, which
stays the same in every language and whatever the group's page becomes; the code itself is
drawn when the page is rendered. Whether PDFs are made is decided here, with the pages, so
every page that links to a PDF knows it from the start (:mod:`brochure.output.pdf` makes them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from brochure.check.content import ValidContent
from brochure.core import urls
from brochure.core.formatting import collation_key, long_date, phone_display
from brochure.core.i18n import N_, gettext
from brochure.core.languages import local
from brochure.core.models import Group
from brochure.site.pages import (
    Cover,
    OwnPages,
    PosterPage,
    Printable,
    PrintEntry,
    PrintPage,
    PrintSection,
)
from brochure.site.views import Views

# The free page where professionals look for material to hand out.
PROFESSIONALS_PAGE = "professionals"


@dataclass(frozen=True)
class Printables:
    """The paper pages of one language, and the list of brochures other pages link to."""

    pages: tuple[PrintPage | PosterPage, ...]
    brochures: tuple[Printable, ...]
    posters: dict[str, str]


def print_pages(content: ValidContent, views: Views, published: list[Group], lang: str,
                languages: tuple[str, ...], base_url: str, *, pdf: bool,
                kept: Mapping[tuple[str, str], OwnPages] | None = None) -> Printables:
    """The brochures and posters of ``lang``.

    ``kept``: posters made earlier, by slug and language; one is taken again (with its
    group's entry, which the brochures show too) where it shows the very details the views
    give now, at the same short link."""
    site = content.site
    site_title = local(site.title, lang, site.language_order)
    assert site_title is not None
    ordered = views.sorted_groups(published, lang)
    taken: dict[str, PosterPage] = {}
    for group in ordered:
        own = kept.get((group.slug, lang)) if kept else None
        if own is not None and _same_poster(own.poster, views, group, lang, base_url, pdf):
            taken[group.slug] = own.poster
    entries = {g.slug: taken[g.slug].group if g.slug in taken else entry(views, g, lang, base_url)
               for g in ordered}

    by_municipality: dict[str, list[Group]] = {}
    for group in ordered:
        by_municipality.setdefault(group.municipality, []).append(group)
    municipalities = sorted(
        by_municipality,
        key=lambda m: collation_key(views.label("municipalities", m, lang).label, lang))
    sections = [PrintSection(m, views.label("municipalities", m, lang).label,
                             tuple(entries[g.slug] for g in by_municipality[m]))
                for m in municipalities]

    brochure = gettext(lang, N_("Printable brochure"))
    all_label = gettext(lang, N_("All municipalities"))
    brochures = (Printable(urls.printed(lang), all_label, len(ordered),
                           pdf=urls.brochure_pdf(lang) if pdf else None),
                 *(Printable(urls.printed(lang, s.id), s.label, len(s.groups), s.id,
                             pdf=urls.brochure_pdf(lang, s.id) if pdf else None)
                   for s in sections))
    cover = _cover(content, views, lang, base_url)
    pages: list[PrintPage | PosterPage] = [PrintPage(
        url=urls.printed(lang), key="",
        alternates={lg: urls.printed(lg) for lg in languages},
        title=f"{brochure} – {site_title.text}",
        description=gettext(lang, N_("Every group on A4 paper, with QR codes to their pages.")),
        heading=site_title.text, subheading=all_label, sections=tuple(sections),
        contents=brochures[1:], cover=cover, printables=brochures, pdf=brochures[0].pdf,
        lang=lang, sitemap=False, noindex=True)]
    for section, printable in zip(sections, brochures[1:], strict=True):
        pages.append(PrintPage(
            url=printable.url, key=section.id,
            alternates={lg: urls.printed(lg, section.id) for lg in languages},
            title=f"{brochure}: {section.label} – {site_title.text}",
            description=gettext(lang, N_("Low-threshold groups: %(filter)s")) % {
                "filter": section.label},
            heading=site_title.text, subheading=section.label, sections=(section,),
            contents=(), cover=cover, printables=brochures, pdf=printable.pdf, lang=lang,
            sitemap=False, noindex=True))

    poster_title = gettext(lang, N_("Poster"))
    posters = [taken.get(g.slug) or _poster(entries[g.slug], lang, languages, poster_title,
                                            pdf=pdf) for g in ordered]
    pages.extend(posters)
    return Printables(tuple(pages), brochures, {p.key: p.url for p in posters})


def poster_pages(views: Views, groups: list[Group], lang: str, languages: tuple[str, ...],
                 base_url: str, *, pdf: bool) -> list[PosterPage]:
    """The posters of ``groups`` alone, as :func:`print_pages` makes them."""
    poster_title = gettext(lang, N_("Poster"))
    return [_poster(entry(views, g, lang, base_url), lang, languages, poster_title, pdf=pdf)
            for g in groups]


def _poster(item: PrintEntry, lang: str, languages: tuple[str, ...], poster_title: str, *,
            pdf: bool) -> PosterPage:
    return PosterPage(
        url=urls.poster(lang, item.slug), key=item.slug,
        alternates={lg: urls.poster(lg, item.slug) for lg in languages},
        title=f"{poster_title}: {item.detail.card.name.text}",
        description=item.detail.card.summary.text,
        group=item, pdf=urls.poster_pdf(lang, item.slug) if pdf else None, lang=lang,
        sitemap=False, noindex=True)


def _same_poster(poster: PosterPage, views: Views, group: Group, lang: str, base_url: str,
                 pdf: bool) -> bool:
    """Whether a kept poster is the one :func:`_poster` would make now: the rest of it
    follows from its group's details, its short link and the site's languages, which the
    details are kept by."""
    return (poster.group.detail is views.detail(group, lang)
            and poster.group.link == _link(group, base_url)
            and poster.pdf == (urls.poster_pdf(lang, group.slug) if pdf else None))


def _link(group: Group, base_url: str) -> str:
    # The short code's link: short enough to read out; the slug's while a group has no code.
    return base_url + urls.short(group.code or group.slug)


def entry(views: Views, group: Group, lang: str, base_url: str) -> PrintEntry:
    link = _link(group, base_url)
    return PrintEntry(
        detail=views.detail(group, lang),
        link=link,
        link_parts=link_parts(link),
        qr_label=gettext(lang, N_("QR code: %(url)s")) % {"url": link},
    )


# The longest piece of an address printed without a break opportunity: a caption under a 30 mm
# code holds about 25 characters a line, so no piece is ever cut off at its edge.
LONGEST_PART = 20


def link_parts(link: str) -> tuple[str, ...]:
    """The link without its scheme, in pieces that end in "/" (lines break after a slash);
    a piece longer than :data:`LONGEST_PART` (a long host name) is cut into shorter ones."""
    parts = re.findall(r"[^/]*/|[^/]+$", link.split("://", 1)[-1])
    return tuple(part[i:i + LONGEST_PART] for part in parts
                 for i in range(0, len(part), LONGEST_PART))


def _cover(content: ValidContent, views: Views, lang: str, base_url: str) -> Cover:
    site = content.site
    coordinator = site.coordinator
    home = base_url + urls.home(lang)
    return Cover(
        description=local(site.description, lang, site.language_order),
        home=home,
        as_of=gettext(lang, N_("Information as of %(date)s. The latest details are at "
                               "%(url)s")) % {"date": long_date(content.today, lang),
                                              "url": home},
        coordinator=views.partner_name(coordinator.partner, lang),
        email=coordinator.email,
        phone=phone_display(coordinator.phone, site.phone_region) if coordinator.phone else None,
        phone_href=urls.tel(coordinator.phone) if coordinator.phone else None,
    )
