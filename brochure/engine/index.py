"""The word search's index (:mod:`brochure.output.search`), one per language: each is made
from that language's group pages, again only when one of them changed.

Pagefind is a program of its own, so the languages' indexes are made side by side by
starting it several times from this process (no worker process is needed to wait for it).
How many run at once is bounded by ``--jobs`` and by memory: Pagefind holds the whole index
it makes, about 170 kB a page (1.6 GB for 10,000 pages), so a large site's languages are
indexed one after another.
"""

from __future__ import annotations

import concurrent.futures
import functools
import pickle
from collections.abc import Callable, Sequence

from brochure.core import urls
from brochure.core.digests import digest
from brochure.engine.cache import OutputCache, unpickled
from brochure.output import search
from brochure.site.pages import GroupPage, Page

# The pages the Pagefinds running at one time may index together (about 700 MB).
PAGES_AT_ONCE = 4000


@functools.cache
def search_version() -> str:
    """Pagefind's version (part of the index's key)."""
    return search.version()


def search_files(pages: Sequence[Page], digests: dict[str, bytes], html: Callable[[str], bytes],
                 outputs: OutputCache, code: bytes, jobs: int) -> dict[str, bytes]:
    """Every language's index, as files of the site: ``digests`` has each group page's
    digest, ``html`` reads its bytes."""
    by_lang: dict[str, list[str]] = {}
    for page in pages:
        if isinstance(page, GroupPage):
            by_lang.setdefault(page.lang, []).append(page.output_path)
    keys = {lang: digest(code, "search", search_version(), lang,
                         *(part for path in sorted(paths) for part in (path, digests[path])))
            for lang, paths in by_lang.items()}
    found = outputs.get_many(keys.values())
    indexes: dict[str, dict[str, bytes]] = {}
    for lang, key in keys.items():
        kept = unpickled(found.get(key), dict)  # or made below
        if kept is not None:
            indexes[lang] = kept
    missing = [lang for lang in by_lang if lang not in indexes]
    largest = max((len(by_lang[lang]) for lang in missing), default=1)
    at_once = max(1, min(jobs, len(missing), PAGES_AT_ONCE // max(1, largest)))
    with concurrent.futures.ThreadPoolExecutor(at_once) as pool:
        made = list(pool.map(lambda lang: search.search_index(by_lang[lang], html), missing))
    for lang, files in zip(missing, made, strict=True):
        indexes[lang] = files
        outputs.put(keys[lang], pickle.dumps(files, protocol=5))
    return {urls.search_index(lang) + path: data
            for lang, files in sorted(indexes.items()) for path, data in files.items()}
