"""The word search's index: Pagefind, run over the rendered group pages at build time.

Pagefind (a Rust program, installed from its wheel ``pagefind-bin``) reads each page's
``<main>``, stems its words in the page's language (Finnish, Swedish and English among them,
so "kuoroon" finds "kuoro") and writes a static index: a small script, a WebAssembly file per
language and the index in chunks. The site serves each language's at ``pagefind/<lang>/``,
and the home page's script loads them only when the search field is used. Only the group pages
are indexed: a search finds groups, not the pages about the brochure.

The index is made from the pages alone, in a temporary folder, and its files are named after
their contents, so the same pages give the same bytes (a test builds twice and compares). One
file is not byte-stable as Pagefind writes it: ``pagefind-entry.json`` lists the languages in
the order of a Rust hash map, which changes from run to run. It is written again here with its
keys sorted; the data are the same, and pagefind.js reads it as JSON.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pagefind_bin

from brochure.output.hyphenation import SOFT_HYPHEN

# The parts of Pagefind's bundle the site uses: its search API, the index and the WebAssembly
# that reads it. Its ready-made user interfaces (scripts and styles) are left out.
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.",
          "pagefind-highlight.")
ENTRY = "pagefind-entry.json"


class SearchIndexError(RuntimeError):
    """Pagefind could not index the pages (it is missing, or it failed)."""


def version() -> str:
    """Pagefind's version (part of the cache key of the index)."""
    return _run(["--version"]).strip()


def search_index(paths: Sequence[str], html: Callable[[str], bytes],
                 threads: int | None = None) -> dict[str, bytes]:
    """The index of the pages at ``paths`` (output paths), as files relative to the index
    folder; ``html`` reads each page when it is copied for Pagefind (so that no more than one
    page is held at a time); Pagefind works in ``threads`` (by default one a processor)."""
    return Indexing(paths, html, threads).result()


class Indexing:
    """Pagefind indexing pages, started and not yet waited for: the pages are copied into a
    folder of its own first, so the caller may go on (and change its own files) meanwhile."""

    def __init__(self, paths: Sequence[str], html: Callable[[str], bytes],
                 threads: int | None = None) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="brochure-search-")
        try:
            folder = Path(self._folder.name)
            site, self._bundle = folder / "site", folder / "bundle"
            for path in sorted(paths):
                target = site / path
                target.parent.mkdir(parents=True, exist_ok=True)
                # The soft hyphens that let long words wrap are no part of the words.
                target.write_bytes(html(path).decode("utf-8").replace(SOFT_HYPHEN, "")
                                   .encode("utf-8"))
            self._process = _start(["--site", str(site), "--output-path", str(self._bundle),
                                    "--root-selector", "main", "--silent"], cwd=folder,
                                   threads=threads)
        except BaseException:
            self._folder.cleanup()
            raise

    def result(self) -> dict[str, bytes]:
        """The index's files (waiting for Pagefind to finish)."""
        try:
            _finish(self._process)
            files = {path.relative_to(self._bundle).as_posix(): path.read_bytes()
                     for path in sorted(self._bundle.rglob("*"))
                     if path.is_file() and not path.name.startswith(UNUSED)}
        finally:
            self.stop()
        if ENTRY in files:
            entry = json.loads(files[ENTRY])
            files[ENTRY] = json.dumps(entry, sort_keys=True, ensure_ascii=False,
                                      separators=(",", ":")).encode("utf-8")
        return files

    def stop(self) -> None:
        """Stop Pagefind if it still runs, and remove the folder."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.communicate()  # (closes its pipes)
        self._folder.cleanup()


def _start(arguments: list[str], cwd: Path | None = None,
           threads: int | None = None) -> subprocess.Popen[str]:
    # Pagefind works in as many threads as there are processors unless told otherwise.
    env = None if threads is None else {**os.environ, "RAYON_NUM_THREADS": str(threads)}
    try:
        return subprocess.Popen([str(pagefind_bin.get_executable()), *arguments],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                cwd=cwd, env=env)
    except OSError as error:
        raise SearchIndexError(f"Pagefind could not be run: {error}") from error


def _finish(process: subprocess.Popen[str]) -> str:
    """Pagefind's output once it is done (an error if it failed, or ran for 5 minutes)."""
    try:
        out, err = process.communicate(timeout=300)
    except subprocess.TimeoutExpired as error:
        process.kill()
        process.communicate()
        raise SearchIndexError(f"Pagefind could not be run: {error}") from error
    if process.returncode != 0:
        raise SearchIndexError(f"Pagefind failed: {out}{err}".strip())
    return out


def _run(arguments: list[str]) -> str:
    return _finish(_start(arguments))
