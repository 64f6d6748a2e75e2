"""The build engine: the pipeline's steps, assembled once, for ``build`` and the live preview.

::

    load (content.py) → validate → exports (exports/) → site model (site.py)
        → render (render.py) / PDFs (pdf.py) → write (writer.py)

Data flows one way: exports are made from the content, the site model from the content and
the exports' sizes, the pages from the site model; nothing changes an earlier stage's result.

Two things make repeated builds fast without making them different:

- **An output cache** (:class:`OutputCache`, a SQLite file in the ``--cache`` folder): each
  rendered page, PDF and export set is stored under a key that digests everything that
  produces it: the page's own data (pages are plain frozen values), the templates it uses,
  the catalogs and the program's code and library versions. A page whose key is found is not
  rendered again. Every entry carries a digest of its bytes, and the file a format marker, so
  a corrupt or foreign cache is noticed and ignored.
- **Worker processes** (``jobs``): pages that must be rendered are split between processes
  forked from the build, which inherit the site model instead of receiving it. Each page
  depends only on itself, so the bytes are the same whatever the number of processes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import importlib.metadata
import multiprocessing
import pickle
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from brochure.check.content import Checked, FileCache, ValidContent, load_content
from brochure.core import urls
from brochure.core.i18n import LOCALE_DIR
from brochure.core.languages import site_languages
from brochure.core.problems import Problem
from brochure.core.problems import strict as strict_problems
from brochure.output import qr
from brochure.output.exports import Source, hsds, opendata
from brochure.output.exports import calendar as calendars
from brochure.output.exports import feed as feeds
from brochure.output.exports import sources as group_sources
from brochure.output.exports.report import site_files as report_files
from brochure.output.render import (
    STATIC,
    TEMPLATES,
    Renderer,
    robots,
    sitemap,
    static_files,
    template_closures,
)
from brochure.output.writer import StagedOutput
from brochure.site.model import SiteModel, SiteOptions, base_url_of, build_site
from brochure.site.pages import Page, PosterPage, PrintPage

PACKAGE = Path(__file__).resolve().parents[1]
# Changing what a key means or how entries are stored: bump, and old caches are ignored.
CACHE_FORMAT = "brochure-output-cache-1"
LIBRARIES = ("jinja2", "markupsafe", "babel", "markdown", "nh3", "segno", "icalendar",
             "pydantic", "phonenumbers", "weasyprint", "pygal")
# Below this many pages to render, starting processes costs more than it saves.
PARALLEL_THRESHOLD = 64
CHUNK = 48


@dataclass(frozen=True)
class BuildOptions:
    base_url: str | None = None
    strict: bool = False
    pdf: bool = False
    jobs: int = 1
    templates: Path = TEMPLATES
    static: Path = STATIC


@dataclass
class BuildResult:
    """What a build found and made: the check (``problems``: with ``--strict``, its warnings as
    errors) and, when it succeeded, the site model and what was written."""

    checked: Checked
    problems: list[Problem]
    model: SiteModel | None = None
    files: int = 0
    rendered: int = 0
    cached: int = 0
    # Everything made rather than taken from the cache: pages, exports, PDFs (0 when nothing
    # changed since the last build with the same cache).
    made: int = 0
    # Path -> digest of every file of the site (the preview compares them between builds).
    digests: dict[str, bytes] = field(default_factory=dict, repr=False)
    output: dict[str, bytes] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return self.model is not None

    @property
    def content(self) -> ValidContent:
        """The content that was built (a failed build has none)."""
        if self.checked.content is None or self.model is None:
            raise ValueError("the build failed: there is no built content")
        return self.checked.content


def digest(*parts: bytes | str) -> bytes:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


@functools.cache
def program_digest() -> bytes:
    """This program and the versions of the libraries that shape the bytes (they cannot
    change while it runs, so this is worked out once)."""
    parts: list[bytes | str] = [CACHE_FORMAT]
    for path in sorted(PACKAGE.rglob("*.py")):
        parts += [path.relative_to(PACKAGE).as_posix(), path.read_bytes()]
    for name in LIBRARIES:
        try:
            parts += [name, importlib.metadata.version(name)]
        except importlib.metadata.PackageNotFoundError:
            parts += [name, "-"]
    return digest(*parts)


def code_digest(locale_dir: Path = LOCALE_DIR) -> bytes:
    """What every output depends on besides its data: the program and its catalogs (which
    the live preview may see edited)."""
    parts: list[bytes | str] = [program_digest()]
    for path in sorted(locale_dir.rglob("*.po")):
        parts += [path.relative_to(locale_dir).as_posix(), path.read_bytes()]
    return digest(*parts)


def template_digests(renderer: Renderer) -> dict[str, bytes]:
    """Per template: a digest of its own source and of every template it uses."""
    env = next(iter(renderer.envs.values()))
    loader = env.loader
    assert loader is not None
    sources = {name: loader.get_source(env, name)[0] for name in env.list_templates()}
    return {name: digest(*(part for ref in sorted(closure)
                           for part in (ref, sources.get(ref, ""))))
            for name, closure in template_closures(env).items()}


# --- the output cache ------------------------------------------------------------------------

class OutputCache:
    """Rendered outputs by key, in ``folder/outputs.sqlite`` (None: in memory, for the life
    of the engine: the live preview).

    Anything unexpected (not a SQLite file, another format, a damaged entry) makes the cache
    start afresh; it can only make a build slower, never different.
    """

    FILE = "outputs.sqlite"

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.db: sqlite3.Connection | None = None
        self.used: set[bytes] = set()
        self.pending: dict[bytes, bytes] = {}
        self.memory: dict[bytes, bytes] | None = None
        if folder is not None:
            self.db = self._open(folder / self.FILE)
        else:
            self.memory = {}

    def _open(self, path: Path) -> sqlite3.Connection | None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = self._connect(path)
            if db is None:
                path.unlink(missing_ok=True)
                db = self._connect(path)
            return db
        except (OSError, sqlite3.Error):
            return None

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection | None:
        try:
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            row = db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
            if row is None:
                db.execute("CREATE TABLE IF NOT EXISTS outputs "
                           "(key BLOB PRIMARY KEY, check_ BLOB, data BLOB)")
                db.execute("INSERT INTO meta VALUES ('format', ?)", (CACHE_FORMAT,))
            elif row[0] != CACHE_FORMAT:
                db.close()
                return None
            db.execute("SELECT count(*) FROM outputs").fetchone()
            return db
        except sqlite3.Error:
            return None

    def get_many(self, keys: Iterable[bytes]) -> dict[bytes, bytes]:
        wanted = list(dict.fromkeys(keys))
        self.used.update(wanted)
        found: dict[bytes, bytes] = {}
        if self.memory is not None:
            return {k: self.memory[k] for k in wanted if k in self.memory}
        if self.db is None:
            return found
        try:
            for start in range(0, len(wanted), 500):
                batch = wanted[start:start + 500]
                marks = ",".join("?" * len(batch))
                for key, check, data in self.db.execute(
                        f"SELECT key, check_, data FROM outputs WHERE key IN ({marks})", batch):
                    if digest(data) == check:  # a damaged entry is simply not found
                        found[key] = data
        except sqlite3.Error:
            self.db = None
            return {}
        return found

    def keep(self, keys: Iterable[bytes]) -> None:
        """Keep entries this build did not read but the next one may need."""
        self.used.update(keys)

    def put(self, key: bytes, data: bytes) -> None:
        self.used.add(key)
        if self.db is not None or self.memory is not None:
            self.pending[key] = data

    def save(self) -> None:
        """Store what this build made and forget what it did not use."""
        if self.memory is not None:
            self.memory.update(self.pending)
            for key in set(self.memory) - self.used:
                del self.memory[key]
        db = self.db
        if db is None:
            self.pending.clear()
            self.used.clear()
            return
        try:
            db.execute("BEGIN")
            db.executemany("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?)",
                           ((k, digest(v), v) for k, v in self.pending.items()))
            db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key BLOB PRIMARY KEY)")
            db.execute("DELETE FROM used")
            db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in self.used))
            db.execute("DELETE FROM outputs WHERE key NOT IN (SELECT key FROM used)")
            db.execute("COMMIT")
        except sqlite3.Error:
            self.db = None
        self.pending.clear()
        self.used.clear()

    def discard(self) -> None:
        self.pending.clear()
        self.used.clear()

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


# --- rendering in worker processes ------------------------------------------------------------

# What forked workers inherit: the renderer and the pages (set just before the pool starts).
_shared: dict[str, Any] = {}


def _render_chunk(indices: list[int]) -> tuple[list[tuple[int, bytes]], dict[str, qr.QrPath]]:
    renderer: Renderer = _shared["renderer"]
    pages: list[Page] = _shared["pages"]
    done = [(i, renderer.render(pages[i]).encode("utf-8")) for i in indices]
    return done, qr.drawn()


def _pdf_chunk(tasks: list[tuple[int, bytes]]) -> list[tuple[int, bytes]]:
    from brochure.output.pdf import render_pdf

    pages: list[Page] = _shared["pages"]
    files: Mapping[str, bytes] = _shared["assets"]
    base, today = _shared["base_url"], _shared["today"]
    return [(i, render_pdf(html, pages[i].url, files, base, today)) for i, html in tasks]


def _can_fork() -> bool:
    # Forking a process that runs other threads (the preview's server) is not safe.
    return "fork" in multiprocessing.get_all_start_methods() and \
        threading.active_count() == 1


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


# --- the engine -------------------------------------------------------------------------------

class Engine:
    """Builds a content tree into a site; keeps what can be reused between its builds.

    ``build`` gathers everything first and writes last: a content error writes nothing.
    The live preview keeps one engine and calls :meth:`make` after every edit.
    """

    def __init__(self, options: BuildOptions = BuildOptions(), cache: Path | None = None,
                 locale_dir: Path = LOCALE_DIR) -> None:
        self.options = options
        self.cache_dir = cache
        self.locale_dir = locale_dir
        self.files = FileCache()
        self.outputs = OutputCache(cache)
        self._environments: tuple[bytes, dict[str, jinja2.Environment], dict[str, bytes]] | \
            None = None
        qr.use_cache(cache)

    def close(self) -> None:
        self.outputs.close()

    # -- stages --

    def load(self, content_dir: Path, today: dt.date) -> Checked:
        """Check the content (with ``--strict``, its warnings become errors)."""
        checked = load_content(content_dir, today, self.files)
        if self.options.strict:
            return dataclasses.replace(checked, problems=tuple(strict_problems(checked.problems)))
        return checked

    def exports(self, content: ValidContent, code: bytes) -> dict[str, bytes]:
        base = base_url_of(content, self.options.base_url)
        source = Source.of(content, content.published, base,
                           site_languages(content.site.languages))
        key = digest(code, "exports", pickle.dumps(source, protocol=5))
        found = self.outputs.get_many([key]).get(key)
        if found is not None:
            try:
                files: dict[str, bytes]
                files, parts = pickle.loads(found)
                # The groups' own entries stay in the cache, for the build after a change.
                self.outputs.keep(parts)
                return files
            except Exception:
                pass
        parts = []

        def memo(key: bytes, make: Callable[[], bytes]) -> bytes:
            full = digest(code, key)
            parts.append(full)
            found = self.outputs.get_many([full]).get(full)
            if found is None:
                found = make()
                self.outputs.put(full, found)
            return found

        files = {}
        files.update(calendars.files(source, memo))
        files.update(hsds.files(source, memo))
        files.update(opendata.files(source))
        files.update(feeds.files(source))
        files = dict(sorted(files.items()))
        self.outputs.put(key, pickle.dumps((files, parts), protocol=5))
        return files

    def make(self, content: ValidContent,
             emit: Callable[[str, bytes], None],
             progress: Callable[[int], None] | None = None,
             first: Callable[[Page], bool] | None = None,
             early: Callable[[], None] | None = None) -> tuple[SiteModel, list[str], int]:
        """Make every file of the site from valid content, handing each to ``emit``.

        Pages for which ``first`` is true are rendered and emitted before the others, then
        ``early`` is called (the preview shows the edited group's page while the rest is
        made). Returns the site model, the addresses of the pages rendered and how many pages
        came from the cache.
        """
        options = self.options
        code = code_digest(self.locale_dir)
        exports = dict(sorted({**self.exports(content, code), **report_files(content),
                               **group_sources.files(content)}.items()))
        model = build_site(content, SiteOptions(options.base_url, options.pdf),
                           {path: len(data) for path, data in exports.items()})
        renderer, templates = self._renderer(model, code)
        chrome = {lang: pickle.dumps(c, protocol=5) for lang, c in model.chrome.items()}
        site_key = digest(code, model.base_url, ",".join(model.languages))
        pages = list(model.pages)
        keys = [digest(site_key, "page", chrome.get(p.lang, b""),
                       *(templates.get(t, b"") for t in (p.template, *p.USES)),
                       pickle.dumps(p, protocol=5)) for p in pages]
        found = self.outputs.get_many(keys)
        html: dict[int, bytes] = {}
        todo: list[int] = []
        for i, key in enumerate(keys):
            data = found.get(key)
            if data is None:
                todo.append(i)
            else:
                html[i] = data
        emitted: set[int] = set()
        made = [pages[i].url for i in todo]
        if first is not None:
            soon = [i for i in todo if first(pages[i])]
            for i, data in self._render(renderer, pages, soon, progress):
                html[i] = data
                self.outputs.put(keys[i], data)
            for i in (i for i, page in enumerate(pages) if first(page)):
                emit(pages[i].output_path, html[i])
                emitted.add(i)
            todo = [i for i in todo if i not in emitted]
            if early is not None:
                early()
        for i, data in self._render(renderer, pages, todo, progress):
            html[i] = data
            self.outputs.put(keys[i], data)

        assets = dict(static_files(options.static))
        for i, page in enumerate(pages):
            if i not in emitted:
                emit(page.output_path, html[i])
        for path, data in exports.items():
            emit(path, data)
        for path, data in assets.items():
            emit(path, data)
        emit(urls.SITEMAP, sitemap(model).encode("utf-8"))
        emit(urls.ROBOTS, robots(model).encode("utf-8"))
        if options.pdf:
            self._pdfs(model, pages, html, assets, code, emit)
        return model, made, len(pages) - len(made)

    def _renderer(self, model: SiteModel, code: bytes) -> tuple[Renderer, dict[str, bytes]]:
        """A renderer for ``model``, reusing the Jinja environments (templates compiled once)
        while the templates and catalogs stay the same."""
        folder = self.options.templates
        key = digest(code, ",".join(model.languages), *(
            part for path in sorted(folder.rglob("*")) if path.is_file()
            for part in (path.relative_to(folder).as_posix(), path.read_bytes())))
        if self._environments is not None and self._environments[0] == key:
            return Renderer(model, folder, self._environments[1]), self._environments[2]
        renderer = Renderer(model, folder)
        templates = template_digests(renderer)
        self._environments = (key, renderer.envs, templates)
        return renderer, templates

    def _render(self, renderer: Renderer, pages: list[Page], todo: list[int],
                progress: Callable[[int], None] | None) -> Iterator[tuple[int, bytes]]:
        jobs = max(1, self.options.jobs)
        if jobs == 1 or len(todo) < PARALLEL_THRESHOLD or not _can_fork():
            for i in todo:
                yield i, renderer.render(pages[i]).encode("utf-8")
                if progress:
                    progress(1)
            return
        _shared.update(renderer=renderer, pages=pages)
        try:
            context = multiprocessing.get_context("fork")
            with context.Pool(jobs) as pool:
                for done, drawn in pool.imap_unordered(_render_chunk, _chunks(todo, CHUNK)):
                    qr.remember(drawn)
                    yield from done
                    if progress:
                        progress(len(done))
        finally:
            _shared.clear()

    def _pdfs(self, model: SiteModel, pages: list[Page], html: dict[int, bytes],
              assets: dict[str, bytes], code: bytes,
              emit: Callable[[str, bytes], None]) -> None:
        wanted = [(i, p.pdf) for i, p in enumerate(pages)
                  if isinstance(p, PrintPage | PosterPage) and p.pdf]
        style = digest(*(part for path, data in sorted(assets.items()) for part in (path, data)))
        keys = {i: digest(code, "pdf", style, model.base_url, model.today.isoformat(), html[i])
                for i, _ in wanted}
        found = self.outputs.get_many(keys.values())
        todo = [(i, html[i]) for i, _ in wanted if keys[i] not in found]
        made = dict(self._render_pdfs(model, pages, todo, assets))
        for i, path in wanted:
            assert path is not None
            data = found.get(keys[i]) or made[i]
            if i in made:
                self.outputs.put(keys[i], data)
            emit(path, data)

    def _render_pdfs(self, model: SiteModel, pages: list[Page], todo: list[tuple[int, bytes]],
                     assets: dict[str, bytes]) -> Iterator[tuple[int, bytes]]:
        _shared.update(pages=pages, assets=assets, base_url=model.base_url, today=model.today)
        try:
            jobs = max(1, self.options.jobs)
            if jobs == 1 or len(todo) < 2 or not _can_fork():
                yield from _pdf_chunk(todo)
                return
            context = multiprocessing.get_context("fork")
            with context.Pool(min(jobs, len(todo))) as pool:
                for done in pool.imap_unordered(_pdf_chunk, _chunks(todo, 4)):
                    yield from done
        finally:
            _shared.clear()

    # -- a whole build --

    def build(self, content_dir: Path, output: Path | None, today: dt.date, *,
              collect: bool = False,
              progress: Callable[[int], None] | None = None) -> BuildResult:
        """Check, then build into ``output`` (None: write nothing, keep nothing in the cache).

        On any error the old output stays as it was. ``collect`` also keeps every file's
        bytes in :attr:`BuildResult.output` (for tests and small sites).
        """
        checked = self.load(content_dir, today)
        result = BuildResult(checked, list(checked.problems))
        content = checked.ready()
        if content is None:
            return result

        def keep(path: str, data: bytes) -> None:
            result.digests[path] = digest(data)
            if collect:
                result.output[path] = data

        if output is None:
            model, rendered, cached = self.make(content, keep, progress)
            result.made = len(self.outputs.pending)
            self.outputs.discard()
        else:
            with StagedOutput(output) as staged:
                def emit(path: str, data: bytes) -> None:
                    staged.put(path, data)
                    keep(path, data)

                model, rendered, cached = self.make(content, emit, progress)
                staged.commit()
            result.made = len(self.outputs.pending)
            self.outputs.save()
            qr.save_cache()
        result.model, result.files = model, len(result.digests)
        result.rendered, result.cached = len(rendered), cached
        return result


def build(content_dir: Path, output: Path, today: dt.date, *, base_url: str | None = None,
          strict: bool = False, pdf: bool = False, write: bool = True,
          cache: Path | None = None, jobs: int = 1, templates: Path = TEMPLATES,
          static: Path = STATIC) -> BuildResult:
    """Build the site; on any error nothing is written and the old output stays as it was.

    The result keeps every file's bytes (``output``): meant for tests and small sites; the
    command line uses :class:`~brochure.engine.build.Engine` directly.
    """
    engine = Engine(BuildOptions(base_url=base_url, strict=strict, pdf=pdf, jobs=jobs,
                                 templates=templates, static=static), cache)
    try:
        return engine.build(content_dir, output if write else None, today, collect=True)
    finally:
        engine.close()
