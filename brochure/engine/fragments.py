"""Fragments that many pages share, made before the pages: each group's card in each
language (on every list that shows the group), its entry in the printable brochures (on the
whole one and its municipality's) and each short link's QR code (on the group's posters and
its entries, which hold a marker in its place).

They are kept in the output cache by key, so a build after an edit makes only the edited
group's; the missing ones are made in worker processes (several tasks, so both cores work)
and handed to the renderer, whose page workers then inherit them instead of each making
them again.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from brochure.core.digests import digest
from brochure.engine.cache import OutputCache, PageKeys
from brochure.engine.workers import run_tasks
from brochure.output import qr
from brochure.output.render import Renderer
from brochure.site.pages import (
    CARD_TEMPLATE,
    PRINT_ENTRY_TEMPLATE,
    Page,
    PosterPage,
    PrintEntry,
    PrintPage,
)
from brochure.site.views import Card


@dataclass(frozen=True)
class _Wanted:
    key: bytes
    part: Card | PrintEntry | str  # a card or an entry in ``lang``, or a short link's code
    lang: str
    template: str = ""  # a card's or an entry's (how the renderer files it)


# The template each kind of fragment is rendered with.
_TEMPLATES = {Card: CARD_TEMPLATE, PrintEntry: PRINT_ENTRY_TEMPLATE}


def prepare(renderer: Renderer, pages: Sequence[Page], outputs: OutputCache,
            page_keys: PageKeys, key: bytes, templates: dict[str, bytes], jobs: int) -> None:
    """Give ``renderer`` every card, brochure entry and QR code ``pages`` show, made or kept.

    ``key`` stands for what every fragment depends on (the program, its catalogs, the site's
    address and languages); a card's or an entry's key adds its template and data, a code's
    its text.
    """
    wanted: dict[bytes, _Wanted] = {}
    kinds = {kind: digest(key, name, templates.get(name, b""))
             for kind, name in _TEMPLATES.items()}
    # Each once per language (at 1,000 groups the lists show 37,000 cards, 3,000 of them
    # different): the same object on every page that shows it.
    seen: dict[str, set[int]] = {}

    def want(parts: Iterable[Card | PrintEntry], lang: str) -> None:
        done = seen.setdefault(lang, set())
        for part in parts:
            if id(part) not in done:
                done.add(id(part))
                k = digest(kinds[type(part)], lang, page_keys.shared(part))
                wanted.setdefault(k, _Wanted(k, part, lang, _TEMPLATES[type(part)]))

    def code(link: str) -> None:
        k = digest(key, "qr", link)
        wanted.setdefault(k, _Wanted(k, link, ""))

    for page in pages:
        if CARD_TEMPLATE in page.USES:  # (only these list cards)
            want(page_keys.cards_of(page), page.lang)
        if isinstance(page, PrintPage):
            for section in page.sections:
                want(section.groups, page.lang)
                for entry in section.groups:  # (put into the entries as the page is made)
                    code(entry.link)
        elif isinstance(page, PosterPage):
            code(page.group.link)
    found = outputs.get_many(wanted)
    missing = [w for k, w in wanted.items() if k not in found]
    size = max(1, -(-len(missing) // (4 * max(jobs, 1))))
    tasks = [functools.partial(_make, renderer, missing[i:i + size])
             for i in range(0, len(missing), size)]
    for made in run_tasks(tasks, jobs, outputs):
        for k, data in made:
            found[k] = data
            outputs.put(k, data)
    fragments: dict[tuple[str, str, str], str] = {}
    drawings: dict[str, str] = {}
    for k, w in wanted.items():
        text = found.pop(k).decode("utf-8")  # (the bytes go as the text comes)
        if isinstance(w.part, str):
            drawings[w.part] = text
        else:
            fragments[(w.template, w.part.slug, w.lang)] = text
    renderer.remember(fragments)
    qr.remember(drawings)


def _make(renderer: Renderer, wanted: list[_Wanted]) -> list[tuple[bytes, bytes]]:
    return [(w.key, _made(renderer, w).encode("utf-8")) for w in wanted]


def _made(renderer: Renderer, wanted: _Wanted) -> str:
    part = wanted.part
    if isinstance(part, Card):
        return renderer.card_in(part, wanted.lang)
    if isinstance(part, PrintEntry):
        return renderer.entry_in(part, wanted.lang)
    return qr.drawing(part)
