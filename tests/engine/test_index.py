"""brochure/engine/index.py: an edit to one group makes only its part of each language's word
search index again; the parts after the first carry no script of their own."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from brochure.core import urls
from brochure.core.digests import digest
from brochure.engine.build import BuildOptions, Engine
from brochure.engine.cache import OutputCache
from brochure.engine.index import Ahead, search_files
from brochure.output import search
from tests.conftest import TODAY, ExampleSite
from tests.golden import CONTENT as FIXTURE

CODE = b"program"


def published_index(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted((folder / "pagefind").rglob("*")) if p.is_file()}


def index_files(languages: Mapping[str, Mapping[str, tuple[str, ...]]],
                digests: dict[str, bytes], html: Callable[[str], bytes], outputs: OutputCache,
                code: bytes, jobs: int, ahead: Ahead | None = None) -> dict[str, bytes]:
    """What search_files hands over, file by file (each once)."""
    files: dict[str, bytes] = {}

    def put(path: str, data: bytes) -> None:
        assert path not in files, path
        files[path] = data
    search_files(languages, digests, html, outputs, code, jobs, put, ahead)
    return files


def part(files: dict[str, bytes], prefix: str, others: str | None = None) -> dict[str, bytes]:
    """The files under ``prefix`` (but not under ``others``)."""
    return {p: d for p, d in files.items()
            if p.startswith(prefix) and (others is None or not p.startswith(others))}


def test_an_edit_makes_only_its_groups_part_again(tmp_path: Path) -> None:
    content = Path(shutil.copytree(FIXTURE, tmp_path / "content"))
    # One group a part: the fixture's two groups are in two parts (urls.search_parts).
    engine = Engine(BuildOptions(search_part=1), tmp_path / "cache")
    try:
        assert engine.build(content, tmp_path / "public", TODAY).ok
        before = published_index(tmp_path / "public")
        group = content / "groups" / "testikahvila.yaml"
        group.write_text(group.read_text("utf-8").replace("Testikahvila", "Testikahvio"),
                         encoding="utf-8")
        assert engine.build(content, tmp_path / "public", TODAY).ok
        after = published_index(tmp_path / "public")
    finally:
        engine.close()
    for lang in ("fi", "sv", "en"):
        first, second = f"pagefind/{lang}/", f"pagefind/{lang}/part-2/"
        # The page loads the first part's script; the second part is its index alone.
        assert f"{first}pagefind.js" in after and f"{first}pagefind-worker.js" in after
        assert f"{second}pagefind-entry.json" in after
        assert not [p for p in after if p.startswith(second) and p.endswith((".js", "pagefind"))
                    and "/fragment/" not in p and "/index/" not in p]
        # testikahvila is in the second part: the first is as it was.
        assert part(before, first, second) == part(after, first, second), lang
    # Its Finnish name changed, so its Finnish part was made again.
    assert part(before, "pagefind/fi/part-2/") != part(after, "pagefind/fi/part-2/")


def test_a_part_made_ahead_is_taken_only_for_the_pages_it_indexed(
        example_site: ExampleSite) -> None:
    """The live preview starts the edited group's part while it makes the rest of the site;
    the index then published is the one made from the pages the site has in the end."""
    output = example_site.output
    slugs = sorted(g.slug for g in example_site.result.content.published)
    paths = tuple(urls.output_path(urls.group("fi", slug)) for slug in slugs)
    pages = {path: (output / path).read_bytes() for path in paths}
    parts = {"fi": {urls.search_index("fi"): paths}}
    digests = {path: digest(data) for path, data in pages.items()}
    clean = index_files(parts, digests, pages.__getitem__, OutputCache(None), CODE, 1)

    def unread(path: str) -> bytes:
        raise AssertionError(f"{path} was read again")

    # The same pages: the part started ahead is the one published.
    ahead, outputs = Ahead(), OutputCache(None)
    ahead.start(parts["fi"], pages.__getitem__, outputs, CODE)
    assert index_files(parts, digests, unread, outputs, CODE, 1, ahead=ahead) == clean
    ahead.close()
    # A page that came out different after the part was started: made again from the
    # pages as they are, the same as a build that made nothing ahead.
    first = paths[0]
    edited = {**pages, first: pages[first].replace(b"</main>", b"<p>Sanakirja</p></main>")}
    ahead, outputs = Ahead(), OutputCache(None)
    ahead.start(parts["fi"], pages.__getitem__, outputs, CODE)
    changed = {**digests, first: digest(edited[first])}
    made = index_files(parts, changed, edited.__getitem__, outputs, CODE, 1, ahead=ahead)
    ahead.close()
    assert made == index_files(parts, changed, edited.__getitem__, OutputCache(None), CODE, 1)
    assert made != clean


def test_the_first_part_is_handed_over_before_the_last_is_made(
        example_site: ExampleSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index goes to the output part by part as each is made: at 10,000 groups it is
    140 MB, which the build need not hold at once."""
    output = example_site.output
    slugs = sorted(g.slug for g in example_site.result.content.published)
    parts = {part: tuple(urls.output_path(urls.group("fi", slug)) for slug in part_slugs)
             for part, part_slugs in urls.search_parts("fi", slugs, size=2).items()}
    first, *_, last = parts
    assert first != last
    pages = {path: (output / path).read_bytes() for group in parts.values() for path in group}
    first_put = threading.Event()
    seen: list[bool] = []
    index = search.search_index

    def search_index(paths: Any, html: Any, threads: int | None = None) -> dict[str, bytes]:
        if paths == parts[last]:
            seen.append(first_put.wait(timeout=10))
        return index(paths, html, threads)
    monkeypatch.setattr(search, "search_index", search_index)

    def put(path: str, data: bytes) -> None:
        if max((p for p in parts if path.startswith(p)), key=len) == first:
            first_put.set()
    search_files({"fi": parts}, {path: digest(data) for path, data in pages.items()},
                 pages.__getitem__, OutputCache(None), CODE, 1, put)
    assert seen == [True]


@pytest.mark.slow  # three builds
def test_a_build_after_an_edit_starts_the_edited_groups_part_ahead(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After an edit, the build renders the changed group pages first and has Pagefind index
    their part while it renders the rest (the lists); the index is the one a fresh build
    makes."""
    content = Path(shutil.copytree(FIXTURE, tmp_path / "content"))
    started: list[str] = []
    start = Ahead.start

    def recorded(self: Ahead, parts: Mapping[str, tuple[str, ...]], *args: Any) -> None:
        started.extend(parts)
        start(self, parts, *args)

    monkeypatch.setattr(Ahead, "start", recorded)
    engine = Engine(BuildOptions(search_part=1, jobs=2), tmp_path / "cache")
    try:
        assert engine.build(content, tmp_path / "public", TODAY).ok
        assert started == []  # a first build: every part changes, none is started ahead
        group = content / "groups" / "testikahvila.yaml"
        group.write_text(group.read_text("utf-8").replace("Testikahvila", "Testikahvio"),
                         encoding="utf-8")
        assert engine.build(content, tmp_path / "public", TODAY).ok
    finally:
        engine.close()
    # testikahvila is in each language's second part.
    assert started and all(part.endswith("/part-2/") for part in started), started
    fresh = Engine(BuildOptions(search_part=1))
    try:
        assert fresh.build(content, tmp_path / "fresh", TODAY).ok
    finally:
        fresh.close()
    assert published_index(tmp_path / "public") == published_index(tmp_path / "fresh")
