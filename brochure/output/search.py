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


def search_index(paths: Sequence[str], html: Callable[[str], bytes]) -> dict[str, bytes]:
    """The index of the pages at ``paths`` (output paths), as files relative to the index
    folder; ``html`` reads each page when it is copied for Pagefind (so that no more than one
    page is held at a time)."""
    with tempfile.TemporaryDirectory(prefix="brochure-search-") as folder:
        site, bundle = Path(folder) / "site", Path(folder) / "bundle"
        for path in sorted(paths):
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            # The soft hyphens that let long words wrap are no part of the words.
            target.write_bytes(html(path).decode("utf-8").replace(SOFT_HYPHEN, "")
                               .encode("utf-8"))
        _run(["--site", str(site), "--output-path", str(bundle), "--root-selector", "main",
              "--silent"], cwd=folder)
        files = {path.relative_to(bundle).as_posix(): path.read_bytes()
                 for path in sorted(bundle.rglob("*"))
                 if path.is_file() and not path.name.startswith(UNUSED)}
    if ENTRY in files:
        entry = json.loads(files[ENTRY])
        files[ENTRY] = json.dumps(entry, sort_keys=True, ensure_ascii=False,
                                  separators=(",", ":")).encode("utf-8")
    return files


def _run(arguments: list[str], cwd: str | None = None) -> str:
    try:
        executable = pagefind_bin.get_executable()
        done = subprocess.run([str(executable), *arguments], capture_output=True, text=True,
                              timeout=300, check=False, cwd=cwd)
    except (OSError, subprocess.SubprocessError) as error:
        raise SearchIndexError(f"Pagefind could not be run: {error}") from error
    if done.returncode != 0:
        raise SearchIndexError(f"Pagefind failed: {done.stdout}{done.stderr}".strip())
    return done.stdout
