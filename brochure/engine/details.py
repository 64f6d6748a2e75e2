"""Each group's details (what its page, poster and brochure entry say, its card among them),
kept in memory between the builds of one engine: the live preview, after an edit, works out
only the edited group's details again.

A group's details depend on its file, the site's settings, vocabularies and partners, the
date and the program (:attr:`~brochure.check.content.ValidContent.group_keys` and the code
digest), never on other groups. They are kept with the digests
:class:`~brochure.engine.cache.PageKeys` gave them, so the pages that show them need not be
pickled again for their keys.

Only in memory: read back from the cache folder, 3,000 details took 0.43 s, more than half
of what making them takes (0.70 s), so a new process makes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from brochure.check.content import ValidContent
from brochure.core.digests import digest
from brochure.engine.cache import PageKeys
from brochure.site.views import GroupDetail, Views


@dataclass(frozen=True)
class _Kept:
    detail: GroupDetail
    detail_digest: bytes
    card_digest: bytes


class KeptDetails:
    """The details of the last build, by key (the engine's)."""

    def __init__(self) -> None:
        self._kept: dict[bytes, _Kept] = {}
        self._keys: dict[tuple[str, str], bytes] = {}

    def views(self, content: ValidContent, code: bytes) -> Views:
        """``content``'s views, holding the details kept for its groups."""
        self._keys = {(group.slug, lang): digest(code, "details", lang,
                                                 content.group_keys[group.slug])
                      for group in content.published if group.slug in content.group_keys
                      for lang in content.site.language_order}
        return Views(content, {slug_lang: self._kept[key].detail
                               for slug_lang, key in self._keys.items() if key in self._kept})

    def keep(self, views: Views, page_keys: PageKeys) -> None:
        """Give ``page_keys`` the kept details' digests and keep what ``views`` made (call
        before anything asks ``page_keys`` for a digest); forget the rest."""
        kept: dict[bytes, _Kept] = {}
        for slug_lang, detail in views.details().items():
            key = self._keys.get(slug_lang)
            if key is None:
                continue
            entry = self._kept.get(key)
            if entry is not None and entry.detail is detail:
                page_keys.seed(detail, entry.detail_digest)
                page_keys.seed(detail.card, entry.card_digest)
            else:
                entry = _Kept(detail, page_keys.shared(detail), page_keys.shared(detail.card))
            kept[key] = entry
        self._kept = kept
