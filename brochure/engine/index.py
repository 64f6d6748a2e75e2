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
import pickle
from collections.abc import Callable, Mapping

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


def search_files(languages: Mapping[str, Mapping[str, tuple[str, ...]]],
                 digests: dict[str, bytes], html: Callable[[str], bytes], outputs: OutputCache,
                 code: bytes, jobs: int) -> dict[str, bytes]:
    """Every part of every language's index (``languages``: the site model's ``search``), as
    files of the site: ``digests`` has each group page's digest, ``html`` reads its bytes."""
    parts = {part: paths for language in languages.values() for part, paths in language.items()}
    # A language's first part is the one whose script the page loads.
    primary = {next(iter(language)) for language in languages.values() if language}
    keys = {part: digest(code, "search", search_version(), part,
                         *(item for path in sorted(paths) for item in (path, digests[path])))
            for part, paths in parts.items()}
    found = outputs.get_many(keys.values())
    indexes: dict[str, dict[str, bytes]] = {}
    for part, key in keys.items():
        kept = unpickled(found.get(key), dict)  # or made below
        if kept is not None:
            indexes[part] = kept
    missing = [part for part in parts if part not in indexes]
    largest = max((len(parts[part]) for part in missing), default=1)
    at_once = max(1, min(jobs, len(missing), PAGES_AT_ONCE // max(1, largest)))
    with concurrent.futures.ThreadPoolExecutor(at_once) as pool:
        made = list(pool.map(lambda part: search.search_index(parts[part], html), missing))
    for part, files in zip(missing, made, strict=True):
        indexes[part] = files
        outputs.put(keys[part], pickle.dumps(files, protocol=5))
    return {part + path: data for part, files in sorted(indexes.items())
            for path, data in files.items() if part in primary or not path.startswith(SCRIPTS)}
