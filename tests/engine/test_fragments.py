"""brochure/engine/fragments.py: cards, brochure entries and QR codes are made once, kept, and
made again only for the group that changed; made in worker processes or here, the pages are
the same."""

from __future__ import annotations

import shutil
from pathlib import Path

from brochure.check.content import load_content
from brochure.core.digests import digest
from brochure.engine.cache import OutputCache, PageKeys
from brochure.engine.fragments import prepare
from brochure.output import qr
from brochure.output.render import Renderer
from brochure.site.model import build_site
from brochure.site.pages import CARD_TEMPLATE, PRINT_ENTRY_TEMPLATE, PosterPage
from tests.conftest import TODAY, valid
from tests.golden import CONTENT as FIXTURE


class CountingRenderer(Renderer):
    """The real renderer, noting which fragments (cards, brochure entries) it had to render."""

    made: list[tuple[str, str, str]]

    def _fragment(self, template: str, slug: str, lang: str, **values: object) -> str:
        if (template, slug, lang) not in self._fragments:
            self.made.append((template, slug, lang))
        return super()._fragment(template, slug, lang, **values)


def prepared(content_dir: Path, outputs: OutputCache, jobs: int) -> CountingRenderer:
    model = build_site(valid(load_content(content_dir, TODAY)))
    renderer = CountingRenderer(model)
    renderer.made = []
    prepare(renderer, list(model.pages), outputs, PageKeys(), digest("site"), {}, jobs)
    return renderer


def test_only_the_edited_groups_cards_are_made_again(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    outputs = OutputCache(tmp_path / "cache")
    first = prepared(content, outputs, jobs=1)
    slugs = {slug for _, slug, _ in first.made}
    assert len(slugs) >= 2 and {lang for _, _, lang in first.made} == {"fi", "sv", "en"}
    assert {template for template, _, _ in first.made} == {CARD_TEMPLATE, PRINT_ENTRY_TEMPLATE}
    outputs.save()

    group = content / "groups" / "testikahvila.yaml"
    group.write_text(group.read_text("utf-8").replace("Testikahvila", "Testikahvio"),
                     encoding="utf-8")
    again = prepared(content, outputs, jobs=1)
    # Only the Finnish name changed: only the Finnish card and brochure entry.
    assert sorted(again.made) == [(CARD_TEMPLATE, "testikahvila", "fi"),
                                  (PRINT_ENTRY_TEMPLATE, "testikahvila", "fi")]
    # The kept cards are the ones the renderer would make itself.
    fresh = prepared(content, OutputCache(None), jobs=1)
    assert again._fragments == fresh._fragments


def test_made_in_a_worker_process_they_are_the_same(tmp_path: Path) -> None:
    here = prepared(FIXTURE, OutputCache(None), jobs=1)
    links = {p.group.link for p in here.model.pages if isinstance(p, PosterPage)}
    codes = {link: qr._DRAWINGS[link] for link in links}
    for link in links:
        del qr._DRAWINGS[link]
    there = prepared(FIXTURE, OutputCache(tmp_path / "cache"), jobs=2)
    # Half the tasks are done here (where the model is), the others came from the worker.
    assert there._fragments == here._fragments and 0 < len(there.made) < len(here.made)
    assert links and {link: qr._DRAWINGS[link] for link in links} == codes
