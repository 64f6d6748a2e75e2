"""Fragments that many pages share, made before the pages: each group's card in each
language (on every list that shows the group) and each short link's QR code (on the group's
posters and brochures).

They are kept in the output cache by key, so a build after an edit makes only the edited
group's; the missing ones are made in worker processes (several tasks, so both cores work)
and handed to the renderer, whose page workers then inherit them instead of each making
them again.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from brochure.core.digests import digest
from brochure.engine.cache import OutputCache, PageKeys
from brochure.engine.workers import run_tasks
from brochure.output import qr
from brochure.output.render import Renderer
from brochure.site.pages import CARD_TEMPLATE, Page, PosterPage
from brochure.site.views import Card


@dataclass(frozen=True)
class _Wanted:
    key: bytes
    card: Card | None  # a card, in ``lang``
    lang: str
    link: str  # or a short link's QR code


def prepare(renderer: Renderer, pages: Sequence[Page], outputs: OutputCache,
            page_keys: PageKeys, key: bytes, templates: dict[str, bytes], jobs: int) -> None:
    """Give ``renderer`` every card and QR code ``pages`` show, made or kept.

    ``key`` stands for what every fragment depends on (the program, its catalogs, the site's
    address and languages); a card's key adds its template and data, a code's its text.
    """
    wanted: dict[bytes, _Wanted] = {}
    card_key = digest(key, "card", templates.get(CARD_TEMPLATE, b""))
    # Each card once per language (at 1,000 groups the lists show 37,000 cards, 3,000 of
    # them different): the same object on every list that shows it.
    seen: set[tuple[int, str]] = set()
    for page in pages:
        for card in page_keys.cards_of(page):
            if (id(card), page.lang) in seen:
                continue
            seen.add((id(card), page.lang))
            k = digest(card_key, page.lang, page_keys.shared(card))
            wanted.setdefault(k, _Wanted(k, card, page.lang, ""))
        if isinstance(page, PosterPage):
            link = page.group.link
            k = digest(key, "qr", link)
            wanted.setdefault(k, _Wanted(k, None, "", link))
    found = outputs.get_many(wanted)
    missing = [w for k, w in wanted.items() if k not in found]
    size = max(1, -(-len(missing) // (4 * max(jobs, 1))))
    tasks = [functools.partial(_make, renderer, missing[i:i + size])
             for i in range(0, len(missing), size)]
    for made in run_tasks(tasks, jobs, outputs):
        for k, data in made:
            found[k] = data
            outputs.put(k, data)
    cards: dict[tuple[str, str], str] = {}
    drawings: dict[str, str] = {}
    for k, w in wanted.items():
        text = found[k].decode("utf-8")
        if w.card is not None:
            cards[(w.card.slug, w.lang)] = text
        else:
            drawings[w.link] = text
    renderer.remember_cards(cards)
    qr.remember(drawings)


def _make(renderer: Renderer, wanted: list[_Wanted]) -> list[tuple[bytes, bytes]]:
    return [(w.key, (renderer.card_in(w.card, w.lang) if w.card is not None
                     else qr.drawing(w.link)).encode("utf-8")) for w in wanted]
