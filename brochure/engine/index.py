"""The word search's index (:mod:`brochure.output.search`), one per language: each is made
from that language's group pages, again only when one of them changed, and the languages'
indexes are made side by side in worker processes (Pagefind takes about a millisecond a
page, the slowest step of a rebuild)."""

from __future__ import annotations

import functools
import pickle
from collections.abc import Callable, Sequence

from brochure.core import urls
from brochure.core.digests import digest
from brochure.engine.cache import OutputCache, unpickled
from brochure.engine.workers import run_tasks
from brochure.output import search
from brochure.site.pages import GroupPage, Page


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
    tasks = [functools.partial(_index, sorted(by_lang[lang]), html) for lang in missing]
    for lang, files in zip(missing, run_tasks(tasks, jobs, outputs), strict=True):
        indexes[lang] = files
        outputs.put(keys[lang], pickle.dumps(files, protocol=5))
    return {urls.search_index(lang) + path: data
            for lang, files in sorted(indexes.items()) for path, data in files.items()}


def _index(paths: list[str], html: Callable[[str], bytes]) -> dict[str, bytes]:
    return search.search_index({path: html(path) for path in paths})
