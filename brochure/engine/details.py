"""Each group's details (what its page, poster and brochure entry say, its card among them),
kept between builds: in memory for the builds of one engine (the live preview, which after an
edit works out only the edited group's details again), and in the cache folder for the next
build's process.

A group's details depend on its file, the site's settings, vocabularies and partners, the
date and the program (:attr:`~brochure.check.content.ValidContent.group_keys` and the code
digest), never on other groups. They are kept with the digests
:class:`~brochure.engine.cache.PageKeys` gave them, so the pages that show them need not be
pickled again for their keys. A group's own page and poster in each language (which depend
on nothing else but the site's address, its short link and whether PDFs are made) are kept
with them and their keys, so an edit makes one group's pages again, not every group's
schema.org facts, shared-link texts and brochure entries.

At 1,000 groups a new process reads the 3,000 details back from the cache in about 0.15 s,
where making them and their digests took 0.6-1.0 s. (An earlier measurement, 0.43 s to
read them, was probably slowed by Python's garbage collection, which builds no longer run.)
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from brochure.check.content import ValidContent
from brochure.core.digests import digest
from brochure.engine.cache import OutputCache, PageKeys, unpickled
from brochure.site.pages import GroupPage, OwnPages, Page, PosterPage
from brochure.site.views import GroupDetail, Views


@dataclass(frozen=True)
class _Kept:
    detail: GroupDetail
    detail_digest: bytes
    card_digest: bytes
    page: GroupPage | None = None  # the group's page in that language, showing ``detail``
    page_digest: bytes = b""  # its data's digest (PageKeys.data)
    poster: PosterPage | None = None  # its poster, showing ``detail``
    poster_digest: bytes = b""
    entry_digest: bytes = b""  # the digest of the poster's entry (on the brochures too)


class KeptDetails:
    """The details of the last build, by key (the engine's); with a cache folder, in the
    engine's output cache too."""

    def __init__(self, outputs: OutputCache) -> None:
        self._kept: dict[bytes, _Kept] = {}
        self._keys: dict[tuple[str, str], bytes] = {}
        # In memory already when the output cache is (no cache folder): kept once, here.
        self._outputs = outputs if outputs.folder is not None else None

    def views(self, content: ValidContent, code: bytes) -> Views:
        """``content``'s views, holding the details kept for its groups."""
        self._keys = {(group.slug, lang): digest(code, "details", lang,
                                                 content.group_keys[group.slug])
                      for group in content.published if group.slug in content.group_keys
                      for lang in content.site.language_order}
        missing = [key for key in self._keys.values() if key not in self._kept]
        if missing and self._outputs is not None:
            for key, data in self._outputs.get_many(missing).items():
                entry = unpickled(data, _Kept)
                if entry is not None:
                    self._kept[key] = entry
        return Views(content, {slug_lang: self._kept[key].detail
                               for slug_lang, key in self._keys.items() if key in self._kept})

    def pages(self) -> Mapping[tuple[str, str], OwnPages]:
        """The groups' own pages and posters kept with the details :meth:`views` gave, by
        slug and language (the site model takes them again where they show the same
        details)."""
        return {slug_lang: OwnPages(entry.page, entry.poster)
                for slug_lang, key in self._keys.items()
                if (entry := self._kept.get(key)) is not None and entry.page is not None
                and entry.poster is not None}

    def keep(self, views: Views, page_keys: PageKeys, pages: Sequence[Page]) -> None:
        """Give ``page_keys`` the kept details' and group pages' digests and keep what
        ``views`` and the model (``pages``) made (call before anything asks ``page_keys`` for
        a digest); forget the rest."""
        group_pages = {(page.key, page.lang): page for page in pages
                       if type(page) is GroupPage}
        posters = {(page.key, page.lang): page for page in pages if type(page) is PosterPage}
        kept: dict[bytes, _Kept] = {}
        for slug_lang, detail in views.details().items():
            key = self._keys.get(slug_lang)
            if key is None:
                continue
            page, poster = group_pages.get(slug_lang), posters.get(slug_lang)
            entry = self._kept.get(key)
            if entry is not None and entry.detail is detail:
                page_keys.seed(detail, entry.detail_digest)
                page_keys.seed(detail.card, entry.card_digest)
                if entry.page is page and entry.poster is poster and page is not None \
                        and poster is not None:
                    page_keys.give(page, entry.page_digest)
                    page_keys.seed(poster.group, entry.entry_digest)
                    page_keys.give(poster, entry.poster_digest)
                    kept[key] = entry
                    continue
            entry = _Kept(detail, page_keys.shared(detail), page_keys.shared(detail.card),
                          page, page_keys.data(page) if page is not None else b"",
                          poster, page_keys.data(poster) if poster is not None else b"",
                          page_keys.shared(poster.group) if poster is not None else b"")
            if page is not None:
                page_keys.give(page, entry.page_digest)
            if poster is not None:
                page_keys.give(poster, entry.poster_digest)
            if self._outputs is not None:
                self._outputs.put(key, pickle.dumps(entry, protocol=5))
            kept[key] = entry
        if self._outputs is not None:
            self._outputs.keep(kept)
        self._kept = kept
