"""The word search's index: Pagefind over the group pages only, the same bytes every build."""

from __future__ import annotations

import json

from brochure.core import urls
from brochure.output.search import SOFT_HYPHEN, search_index
from tests.conftest import ExampleSite


def test_the_index_holds_the_group_pages_and_is_the_same_every_time(
        example_site: ExampleSite) -> None:
    output = example_site.output
    pages = {p.relative_to(output).as_posix(): p.read_bytes()
             for p in sorted(output.glob("*/groups/*/index.html"))
             if p.parent.name in {g.slug for g in example_site.result.content.published}}
    built = {p.relative_to(output / urls.SEARCH_INDEX).as_posix(): p.read_bytes()
             for p in (output / urls.SEARCH_INDEX).rglob("*") if p.is_file()}
    # The build's index is the index of its group pages: made again (twice, in other
    # folders), byte for byte the same.
    assert search_index(pages) == built
    assert search_index(dict(reversed(pages.items()))) == built
    entry = json.loads(built["pagefind-entry.json"])
    published = len(example_site.result.content.published)
    assert {lang: info["page_count"] for lang, info in entry["languages"].items()} == {
        "fi": published, "sv": published, "en": published}
    assert list(entry["languages"]) == sorted(entry["languages"])
    # Pagefind's own user interfaces are not published; its search API and WebAssembly are.
    assert "pagefind.js" in built and "wasm.fi.pagefind" in built
    assert not any(name.startswith("pagefind-ui") for name in built)
    # The soft hyphens of long words are no part of the indexed words.
    assert all(SOFT_HYPHEN.encode() not in data for name, data in built.items()
               if name.endswith(".json"))
