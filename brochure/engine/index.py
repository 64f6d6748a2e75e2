"""The word search's index (:mod:`brochure.output.search`), one per language in parts of
about 250 groups, at most 16 (:func:`brochure.core.urls.search_parts`): each part is made from
its group pages, again only when one of them changed, so an edit to one group makes one part
again.

Pagefind is a program of its own, so the parts are made side by side by starting it several
times from this process (no worker process is needed to wait for it). How many run at once is
bounded by ``--jobs`` and by memory: Pagefind holds about 170 kB a page while it indexes, so a
part of 250 groups needs about 45 MB, but a site of more than 4,000 groups has larger parts
(at 10,000 groups, 16 parts of about 625), and no more than PAGES_AT_ONCE pages are indexed
at one time.

The page loads the first part's script; the other parts are merged into it in the browser,
so they need none of Pagefind's scripts or WebAssembly: only their index.
"""

from __future__ import annotations

import concurrent.futures
import functools
import os
import pickle
from collections.abc import Callable, Iterable, Mapping

from brochure.core.digests import digest
from brochure.engine.cache import OutputCache, unpickled
from brochure.output import search

# The pages the Pagefinds running at one time may index together (about 700 MB).
PAGES_AT_ONCE = 4000
# What a merged part needs none of: the first part's script runs the search.
SCRIPTS = ("pagefind.js", "pagefind-worker.js", "wasm.")


@functools.cache
def search_version() -> str:
    """Pagefind's version (part of the index's key)."""
    return search.version()


Index = dict[str, bytes]  # a part's files, by their path in the part's folder


def part_key(code: bytes, part: str, paths: Iterable[str], digests: Mapping[str, bytes]
             ) -> bytes:
    """A part's key in the output cache: its address and its pages' digests."""
    return digest(code, "search", search_version(), part,
                  *(item for path in sorted(paths) for item in (path, digests[path])))


class Ahead:
    """Parts of the index being made ahead of the build that needs them: the live preview's,
    after an edit, from the edited group's pages (written first) and the others' pages as the
    folder has them. Pagefind, a program of its own, then runs on the other processor while
    the rest of the site is made, and the build takes a part by its key: a part whose pages
    came out different in the end has another key and is made again.

    The pages are copied for Pagefind when a part is started, so a later write cannot change
    what it indexes under its key."""

    def __init__(self) -> None:
        self._parts: dict[bytes, search.Indexing] = {}

    def start(self, parts: Mapping[str, tuple[str, ...]], html: Callable[[str], bytes],
              outputs: OutputCache, code: bytes) -> None:
        """Start the ``parts`` the cache lacks (``html`` reads a page as it is now)."""
        for part, paths in parts.items():
            try:
                pages = {path: html(path) for path in paths}
            except OSError:  # a page not written yet: the build makes the part
                continue
            key = part_key(code, part, paths, {path: digest(data)
                                               for path, data in pages.items()})
            if key not in self._parts and not outputs.get_many([key]):
                # In one thread: the build goes on beside it.
                self._parts[key] = search.Indexing(paths, pages.__getitem__, threads=1)

    def take(self, key: bytes) -> Index | None:
        """The part made under ``key`` (waiting for it), or None if none was started or it
        failed (the build makes it, and says why if it fails again)."""
        started = self._parts.pop(key, None)
        if started is None:
            return None
        try:
            return started.result()
        except search.SearchIndexError:
            return None

    def close(self) -> None:
        """Stop the parts nobody took."""
        for started in self._parts.values():
            started.stop()
        self._parts.clear()


def search_files(languages: Mapping[str, Mapping[str, tuple[str, ...]]],
                 digests: dict[str, bytes], html: Callable[[str], bytes], outputs: OutputCache,
                 code: bytes, jobs: int, put: Callable[[str, bytes], None],
                 ahead: Ahead | None = None) -> None:
    """Every part of every language's index (``languages``: the site model's ``search``), as
    files of the site handed to ``put`` part by part, as each is found or made (at 10,000
    groups the index is 140 MB the build need not hold): ``digests`` has each group page's
    digest, ``html`` reads its bytes; ``ahead`` may have made some parts already."""
    parts = {part: paths for language in languages.values() for part, paths in language.items()}
    # A language's first part is the one whose script the page loads.
    primary = {next(iter(language)) for language in languages.values() if language}

    def put_part(part: str, files: Index) -> None:
        for path, data in files.items():
            if part in primary or not path.startswith(SCRIPTS):
                put(part + path, data)

    keys = {part: part_key(code, part, paths, digests) for part, paths in parts.items()}
    found = outputs.get_many(keys.values())
    missing = []
    for part, key in keys.items():
        kept = unpickled(found.pop(key, None), dict)  # or made below
        if kept is None and ahead is not None:
            kept = ahead.take(key)
            if kept is not None:
                outputs.put(key, pickle.dumps(kept, protocol=5))
        if kept is None:
            missing.append(part)
        else:
            put_part(part, kept)
    if ahead is not None:
        ahead.close()  # a part nobody took stops before the missing ones start
    largest = max((len(parts[part]) for part in missing), default=1)
    at_once = max(1, min(jobs, len(missing), PAGES_AT_ONCE // max(1, largest)))
    # Pagefinds running side by side share the processors rather than each taking them all
    # (two at once on two processors: 0.55 s a pair of parts, against 0.59 s).
    threads = max(1, (os.cpu_count() or 1) // at_once) if at_once > 1 else None
    with concurrent.futures.ThreadPoolExecutor(at_once) as pool:
        made = pool.map(lambda part: search.search_index(parts[part], html, threads), missing)
        for part, files in zip(missing, made, strict=True):
            outputs.put(keys[part], pickle.dumps(files, protocol=5))
            put_part(part, files)
