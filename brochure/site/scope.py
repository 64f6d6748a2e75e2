"""What the page builders of one language share: the content, its views and the language.

:func:`brochure.site.model.build_site` makes one :class:`Scope` per language and hands it to
the builders of each kind of page (``listings``, ``group_pages``, ``info_pages``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from brochure.check.content import ValidContent
from brochure.core.models import Group
from brochure.site.views import Views


@dataclass(frozen=True)
class Scope:
    """One language's pages: the content, the published groups and the words around them."""

    content: ValidContent
    views: Views
    published: list[Group]
    lang: str
    languages: tuple[str, ...]
    site_title: str
    base: str

    def alternates(self, url: Callable[[str], str]) -> dict[str, str]:
        """The same page in every language (``url`` makes its address in one)."""
        return alternates(self.languages, url)


def alternates(languages: tuple[str, ...], url: Callable[[str], str]) -> dict[str, str]:
    return {lang: url(lang) for lang in languages}
