"""The word search's index: Pagefind over the group pages only, the same bytes every build."""

from __future__ import annotations

import json

from brochure.core import urls
from brochure.output.hyphenation import SOFT_HYPHEN
from brochure.output.search import search_index
from tests.conftest import ExampleSite


def test_the_index_holds_the_group_pages_and_is_the_same_every_time(
        example_site: ExampleSite) -> None:
    output = example_site.output
    slugs = {g.slug for g in example_site.result.content.published}
    # One index a language, under pagefind/ and nothing else there.
    assert sorted(p.name for p in (output / urls.SEARCH_INDEX).iterdir()) == ["en", "fi", "sv"]
    for lang in ("fi", "sv", "en"):
        pages = {p.relative_to(output).as_posix(): p.read_bytes()
                 for p in sorted(output.glob(f"{lang}/groups/*/index.html"))
                 if p.parent.name in slugs}
        folder = output / urls.search_index(lang)
        built = {p.relative_to(folder).as_posix(): p.read_bytes()
                 for p in folder.rglob("*") if p.is_file()}
        # The build's index is the index of its group pages: made again (twice, in other
        # folders), byte for byte the same.
        assert search_index(list(pages), pages.__getitem__) == built
        assert search_index(list(reversed(pages)), pages.__getitem__) == built
        entry = json.loads(built["pagefind-entry.json"])
        assert {k: info["page_count"] for k, info in entry["languages"].items()} == {
            lang: len(slugs)}
        # Pagefind's own user interfaces are not published; its search API and WebAssembly
        # (this language's, and its fallback for any other) are.
        assert "pagefind.js" in built and f"wasm.{lang}.pagefind" in built
        assert not any(name.startswith("pagefind-ui") for name in built)
        assert {n for n in built if n.startswith("wasm.")} <= {
            f"wasm.{lang}.pagefind", "wasm.unknown.pagefind"}
        # The soft hyphens of long words are no part of the indexed words.
        assert all(SOFT_HYPHEN.encode() not in data for name, data in built.items()
                   if name.endswith(".json"))
