"""Stage 4b: the brochure as data for phones, spreadsheets and other services.

Besides the HTML pages, a build writes (addresses in :mod:`brochure.core.urls`)::

    <lang>/calendar.ics                    every published group (iCalendar)
    <lang>/municipality/<id>/calendar.ics  the groups of one municipality
    <lang>/groups/<slug>/calendar.ics      one group ("add to calendar")
    <lang>/feed.xml                        Atom feed of new and changed groups
    data/groups.json                       open data: every group in all languages
    data/groups.schema.json                its JSON Schema
    data/groups.csv                        one row per group and language (Excel: UTF-8 BOM)
    data/hsds/<lang>/services.json         Open Referral HSDS 3.0: services, fully nested
    data/hsds/<lang>/organizations.json    Open Referral HSDS 3.0: the partners

Everything is derived from the content, the groups it is given and ``--today`` only (times of
change come from each group's ``reviewed`` date, never from the clock), so builds are
byte-identical. Exports read the content, never the site model: the site model's "data and
downloads" pages are built after them and list each file with its size.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from brochure.check.content import ValidContent
from brochure.core.digests import digest
from brochure.core.models import Group, Partner, Site, Vocabularies


def dump(data: Any, indent: int | None = None) -> bytes:
    """JSON as the exports write it: sorted keys, UTF-8, a newline at the end.

    Data files are compact (Python's fast encoder only works without indentation; browsers
    and editors indent JSON for reading); a schema, meant for people, can be indented.
    """
    separators = (",", ": ") if indent else (",", ":")
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=indent,
                       separators=separators) + "\n").encode()


@dataclass(frozen=True)
class Source:
    """What every exporter reads: the groups to export, the content they refer to (site,
    vocabularies, partners) and where the site will live."""

    site: Site
    vocabularies: Vocabularies
    partners: Mapping[str, Partner]
    groups: tuple[Group, ...]
    base_url: str
    languages: tuple[str, ...]
    today: dt.date
    # Each group's data as a digest, by slug (see ``of``).
    group_digests: Mapping[str, bytes] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, content: ValidContent, groups: list[Group], base_url: str,
           languages: tuple[str, ...]) -> Source:
        ordered = tuple(sorted(groups, key=lambda g: g.slug))
        # Each exporter asks for several keys of every group in every language: each group's
        # data is digested once here, and the copies a build makes for each language (in
        # worker processes) share them.
        return cls(content.site, content.vocabularies, content.partners, ordered, base_url,
                   languages, content.today,
                   {g.slug: digest(g.model_dump_json()) for g in ordered})

    def absolute(self, url: str) -> str:
        return self.base_url + url

    @functools.cached_property
    def _shared_key(self) -> bytes:
        # The models' JSON, not their pickle: a model read back from the checker's cache
        # need not pickle to the same bytes as the same model made afresh.
        return digest(*(model.model_dump_json() for model in (
            self.site, self.vocabularies,
            *(partner for _, partner in sorted(self.partners.items())))),
            repr((sorted(self.partners), self.base_url, self.languages)))

    def group_key(self, group: Group, *what: str) -> bytes:
        """A key for what an exporter makes of one group: it changes with the group, the
        site, vocabularies and partners, and the site's address and languages."""
        return digest(self._shared_key, repr((what, group.slug)),
                      self.group_digests.get(group.slug) or digest(group.model_dump_json()))


class Memo(Protocol):
    """Keeps bytes an exporter made under a key, e.g. between builds (the build engine)."""

    def __call__(self, key: bytes, make: Callable[[], bytes]) -> bytes: ...


def no_memo(key: bytes, make: Callable[[], bytes]) -> bytes:
    return make()
