"""The pages that stand for no one language: the language choice at the root, the 404 page,
and the short links ``r/<code>/`` (a group's, or a tombstone's when the group is gone)."""

from __future__ import annotations

from collections.abc import Container

from brochure.check.content import ValidContent
from brochure.core import urls
from brochure.core.formatting import collation_key
from brochure.core.i18n import N_, gettext
from brochure.core.languages import Local, language, text_in
from brochure.core.models import Group
from brochure.site.group_pages import gone, tombstone
from brochure.site.pages import FindGroups, NotFoundPage, Page, RootPage, ShortChoice, ShortPage
from brochure.site.views import Link, Views


def neutral_pages(content: ValidContent, views: Views, published: list[Group],
                  languages: tuple[str, ...]) -> list[Page]:
    site = content.site
    main = languages[0]  # the site's main language: the neutral pages' own
    titles = {lang: text_in(site.title, lang, languages) for lang in languages}
    choices = tuple(Link(urls.home(lang), titles[lang], lang=lang) for lang in languages)
    both = " | ".join(titles[lang] for lang in languages)
    pages: list[Page] = [
        RootPage(url=urls.ROOT, lang=main, title=both, description=both, choices=choices,
                 prompts=tuple(Local(language(code).choose, code) for code in languages),
                 sitemap=False,
                 targets={lang: urls.relative(urls.ROOT, urls.home(lang)) for lang in languages}),
        NotFoundPage(url=urls.NOT_FOUND, lang=main, title=_not_found_title(languages),
                     description=_not_found_title(languages), choices=choices, sitemap=False,
                     noindex=True, absolute_links=True,
                     sections=tuple(_find_groups(views, published, lang) for lang in languages)),
    ]
    return pages + short_pages(content, views, published, languages)


def short_pages(content: ValidContent, views: Views, published: list[Group],
                languages: tuple[str, ...], only: Container[str] | None = None) -> list[Page]:
    """The short links ``r/<code>/`` (and ``r/<slug>/``) of the published groups and of the
    groups that are gone (their tombstones); ``only`` these groups' when given."""
    site = content.site
    main = languages[0]
    titles = {lang: text_in(site.title, lang, languages) for lang in languages}
    pages: list[Page] = []
    for group in sorted(published, key=lambda g: g.slug):
        if only is not None and group.slug not in only:
            continue
        names = {lang: views.card(group, lang).name for lang in languages}
        share_title, share_description = views.share(group, main)
        # The short code's link (printed, read out) and the older link with the slug.
        for url in dict.fromkeys(urls.short(key) for key in (group.code, group.slug) if key):
            pages.append(ShortPage(
                url=url, lang=main, key=group.slug, title=names[main].text,
                description=names[main].text, sitemap=False, noindex=True,
                share_title=share_title, share_description=share_description,
                targets={lang: urls.relative(url, urls.group(lang, group.slug))
                         for lang in languages},
                choices=tuple(ShortChoice(lang, urls.group(lang, group.slug), names[lang])
                              for lang in languages),
                canonical=urls.group(main, group.slug)))
    ended = gone(content)
    for slug in sorted(ended):
        if only is not None and slug not in only:
            continue
        code = ended[slug].code
        site_title = titles[main]
        for url in dict.fromkeys(urls.short(key) for key in (code, slug) if key):
            pages.append(tombstone(
                content, views, published, slug, main, languages, url, site_title,
                targets={lang: urls.relative(url, urls.group(lang, slug))
                         for lang in languages}))
    return pages


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
