"""The build engine: the pipeline's steps, assembled once, for ``build`` and the live preview.

::

    load (check/content.py) → exports (output/exports/) → site model (site/model.py)
        → render (output/render.py, in worker processes) / PDFs (output/pdf.py) → write

Data flows one way: exports are made from the content, the site model from the content and
the exports' sizes, the pages from the site model; nothing changes an earlier stage's result.
The files go straight into a new output folder (:class:`~brochure.output.writer.StagedOutput`)
as they are made, and the folder replaces the old one only when every file is there.

What makes repeated builds fast without making them different (:mod:`.cache`):

- each page's key (its data, its cards by their digests, the templates it uses, the catalogs,
  the program) is kept with the digest of what it rendered to; a page whose key is found and
  whose file in the old output still has those bytes (the manifest) is hard-linked from there,
  neither rendered nor written;
- the exports' parts (a group's calendar events, its HSDS record) are kept by key, and the
  data files are put into the new output by the tasks that make them (:mod:`.data`);
- each part of the word search's index is made again only when one of its pages changed
  (:mod:`.index`);
- an engine that builds again (the live preview) keeps each group's details (:mod:`.details`);
- files that change are rendered by worker processes (:mod:`.workers`), which write them
  themselves.

Long on purpose: the pipeline's steps in order, each short, so that one file shows
the whole build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import pickle
import shutil
import tempfile
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from brochure.check.content import Checked, FileCache, ValidContent, load_content
from brochure.core import urls
from brochure.core.collection import collection_paused
from brochure.core.digests import digest
from brochure.core.i18n import LOCALE_DIR
from brochure.core.problems import Problem
from brochure.core.problems import strict as strict_problems
from brochure.engine.cache import (
    Mirror,
    OutputCache,
    PageKeys,
    code_digest,
    program_digest,
    template_digests,
    unpickled,
)
from brochure.engine.data import Data, DataTasks, KeptData, Placed, Report
from brochure.engine.details import KeptDetails
from brochure.engine.fragments import prepare
from brochure.engine.index import Ahead, search_files
from brochure.engine.workers import (
    Job,
    PdfJob,
    TemplateTimes,
    render_all,
    render_all_pdfs,
    render_pages,
)
from brochure.output.render import STATIC, TEMPLATES, Renderer, robots, sitemap, static_files
from brochure.output.writer import StagedOutput, link_into, write_into
from brochure.site.model import SiteModel, SiteOptions, build_site, groups_alone
from brochure.site.pages import Page, PosterPage, PrintPage, ReportPage

__all__ = ["BuildOptions", "BuildResult", "Engine", "Timings", "build"]


@dataclass(frozen=True)
class BuildOptions:
    base_url: str | None = None
    strict: bool = False
    pdf: bool = False
    jobs: int = 1
    # Groups in a part of the word search's index (urls.search_parts).
    search_part: int = urls.SEARCH_PART
    templates: Path = TEMPLATES
    static: Path = STATIC


@dataclass
class Timings:
    """Where a build's time went, stage by stage (``brochure build --timings``)."""

    stages: dict[str, float] = field(default_factory=dict)
    templates: TemplateTimes = field(default_factory=TemplateTimes)

    def count(self, stage: str, seconds: float) -> None:
        self.stages[stage] = self.stages.get(stage, 0.0) + seconds

    def add(self, stage: str, started: float) -> float:
        """Count the time since ``started`` to ``stage``; the time now."""
        now = time.perf_counter()
        self.stages[stage] = self.stages.get(stage, 0.0) + now - started
        return now


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
    timings: Timings = field(default_factory=Timings, repr=False)

    @property
    def ok(self) -> bool:
        return self.model is not None

    @property
    def content(self) -> ValidContent:
        """The content that was built (a failed build has none)."""
        if self.checked.content is None or self.model is None:
            raise ValueError("the build failed: there is no built content")
        return self.checked.content


@dataclass
class Plan:
    """One build's pages and what is known of them before rendering: each page's key, and the
    digest it rendered to last time (if the cache has it)."""

    model: SiteModel
    renderer: Renderer
    pages: list[Page]
    keys: list[bytes]
    known: dict[int, bytes]
    # The data files still to be written (none when ``plan`` was given a place for them).
    exports: dict[str, bytes]
    code: bytes  # the program's and its catalogs' digest (code_digest), read once a build


def _write_into(folder: Path, path: str, data: bytes) -> bytes:
    """A worker's way to write a file into the new output: its digest back."""
    write_into(folder, path, data)
    return digest(data)


def _site_key(code: bytes, model: SiteModel) -> bytes:
    """What every page and fragment depends on: the program, its catalogs, the site's
    address and languages."""
    return digest(code, model.base_url, ",".join(model.languages))


def _page_keys(model: SiteModel, pages: list[Page], page_keys: PageKeys, site_key: bytes,
               templates: dict[str, bytes]) -> list[bytes]:
    """Each page's key: what every page depends on, its language's chrome, the templates it
    uses and its data."""
    chrome = {lang: pickle.dumps(c, protocol=5) for lang, c in model.chrome.items()}
    # What pages of one language and kind share, digested once for all of them.
    shared: dict[tuple[str, str, tuple[str, ...]], bytes] = {}

    def common(page: Page) -> bytes:
        kind = (page.lang, page.template, page.USES)
        found = shared.get(kind)
        if found is None:
            found = shared[kind] = digest(site_key, "page", chrome.get(page.lang, b""), *(
                templates.get(t, b"") for t in (page.template, *page.USES)))
        return found
    return [digest(common(p), page_keys.data(p)) for p in pages]


def _search_first(plan: Plan, todo: list[int], jobs: int
                  ) -> tuple[list[int], list[int], dict[str, tuple[str, ...]]]:
    """The pages to render in two goes, and the parts of the word search's index to start
    between them: after an edit, when no more parts of the index change than there are
    ``jobs``, the changed pages they index come first, so that Pagefind indexes those parts
    while the rest is rendered. Otherwise (a first build) every page in one go, and no part
    started ahead."""
    parts = {part: paths for language in plan.model.search.values()
             for part, paths in language.items()}
    part_of = {path: part for part, paths in parts.items() for path in paths}
    pages = plan.pages
    changed = {part_of[pages[i].output_path] for i in todo
               if pages[i].output_path in part_of}
    if not changed or len(changed) > jobs:
        return [], todo, {}
    first = [i for i in todo if pages[i].output_path in part_of]
    rest = [i for i in todo if pages[i].output_path not in part_of]
    return first, rest, {part: parts[part] for part in sorted(changed)}


def _emitted(emit: Callable[[str, bytes], None], path: str, data: bytes) -> bytes:
    """Hand a file to the live preview (``emit``); its digest."""
    emit(path, data)
    return digest(data)


@dataclass(frozen=True)
class _Placer:
    """Puts data files into the new output from any process of the build (see
    :class:`~brochure.engine.data.Placer`): linked from the last build's if it has the
    bytes, else written."""

    staging: Path
    previous: Mirror

    def place(self, path: str, data: bytes) -> Placed:
        found = digest(data)
        source = self.previous.unchanged(path, found)
        if source is None:
            write_into(self.staging, path, data)
        else:
            link_into(self.staging, path, source)
        return Placed(found, len(data), linked=source is not None)

    def linkable(self, path: str, placed: Placed) -> bool:
        return self.previous.unchanged(path, placed.digest) is not None

    def link(self, path: str, placed: Placed) -> Placed:
        source = self.previous.unchanged(path, placed.digest)
        assert source is not None, path
        link_into(self.staging, path, source)
        return dataclasses.replace(placed, linked=True)


@dataclass(frozen=True)
class _Output:
    """The new output being filled, the last build's to link from, and the digest of every
    file put so far."""

    staged: StagedOutput
    previous: Mirror
    digests: dict[str, bytes]

    def put(self, path: str, data: bytes) -> None:
        """Put a file into it: linked from the last build's output if it has these bytes."""
        self.record(path, self.placer().place(path, data))

    def placer(self) -> _Placer:
        """What puts files into it from the build's worker processes."""
        return _Placer(self.staged.staging, self.previous)

    def record(self, path: str, placed: Placed) -> None:
        """Note a file put into it (by :meth:`placer`, from any process)."""
        self.staged.record(path, linked=placed.linked)
        self.digests[path] = placed.digest

    def made(self, path: str, found: bytes) -> None:
        """Note a file a worker process wrote into it (:func:`_write_into`): its digest."""
        self.staged.record(path)
        self.digests[path] = found

    def link(self, path: str, known: bytes | None) -> bool:
        """Link the last build's file at ``path`` if it has the bytes of ``known`` (the
        digest the cache has for it); whether it did (else the file must be made)."""
        if known is None:
            return False
        source = self.previous.unchanged(path, known)
        if source is None:
            return False
        self.staged.link(path, source)
        self.digests[path] = known
        return True


class _Exports:
    """The data files and the report, made beside the site model: the first call that needs
    them waits for them. With an ``output``, the tasks put most files there themselves, and
    the rest are put there then and not kept (at 10,000 groups the data files are half a
    gigabyte the build need not hold)."""

    def __init__(self, tasks: DataTasks, output: _Output | None, waited: float) -> None:
        self._tasks, self._output = tasks, output
        self._report: Report | None = None
        self._sizes: dict[str, int] = {}
        self.files: dict[str, bytes] = {}  # the data files still to be written
        self.waited = waited  # seconds spent on the data files in this process

    def report(self) -> Report:
        """The report (waiting for every data file)."""
        if self._report is None:
            started = time.perf_counter()
            data: Data = self._tasks.result()
            self._sizes = {path: len(made) for path, made in data.files.items()}
            self._sizes.update((path, placed.size) for path, placed in data.placed.items())
            if self._output is None:
                self.files = data.files
            else:
                for path, made in data.files.items():
                    self._output.put(path, made)
                for path, placed in data.placed.items():
                    self._output.record(path, placed)
            self._report = data.report
            self.waited += time.perf_counter() - started
        return self._report

    def sizes(self) -> dict[str, int]:
        self.report()
        return self._sizes

    def report_pages(self) -> list[ReportPage]:
        return self.report().pages


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
        # Checked files by the digest of their bytes, kept in memory for this engine's next
        # build (the live preview). With a cache folder they are kept there instead: read at
        # the start of each check and saved at its end (:meth:`load`).
        self.files = FileCache()
        self.outputs = OutputCache(cache)
        # Without a cache folder the mirror lives as long as the engine (the preview, tests).
        self._scratch = None if cache is not None else Path(
            tempfile.mkdtemp(prefix="brochure-cache-"))
        self.mirror = Mirror(cache or self._scratch or Path())
        self._environments: tuple[bytes, dict[str, jinja2.Environment], dict[str, bytes]] | \
            None = None
        # Each group's details, for this engine's next build (the live preview) and, with a
        # cache folder, the next build's process.
        self.details = KeptDetails(self.outputs)
        # The report, for this engine's next build (see KeptData).
        self.data = KeptData()

    def close(self) -> None:
        self.outputs.close()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)

    # -- stages --

    def load(self, content_dir: Path, today: dt.date) -> Checked:
        """Check the content (with ``--strict``, its warnings become errors).

        With a cache folder, the checked files are saved there as soon as they are checked
        (they never make a build different, only its next check faster) and not kept in
        memory: at 10,000 groups their bytes are over 100 MB the rest of the build need not
        hold."""
        if self.cache_dir is None:
            checked = load_content(content_dir, today, self.files)
        else:
            version = program_digest()
            files = FileCache.load(self.cache_dir, version)
            checked = load_content(content_dir, today, files, self.options.jobs)
            files.save(self.cache_dir, version)
        if self.options.strict:
            return dataclasses.replace(checked, problems=tuple(strict_problems(checked.problems)))
        return checked

    def plan(self, content: ValidContent, timings: Timings, output: _Output | None = None,
             code: bytes | None = None) -> Plan:
        """The exports, the site model and every page's key: everything but rendering.

        With ``output``, the data files go there as soon as they are made, and are not kept:
        at 10,000 groups they are half a gigabyte the rest of the build need not hold.
        ``code`` is :func:`~.cache.code_digest`, when the caller has it already."""
        started = time.perf_counter()
        code = code or code_digest(self.locale_dir)
        with DataTasks(content, self.outputs, code, self.options.base_url, self.options.jobs,
                       output.placer() if output is not None else None, self.data) as tasks:
            # (The time so far is looking them up and starting them.)
            exports = _Exports(tasks, output, waited=time.perf_counter() - started)
            views = self.details.views(content, code)
            model = build_site(content, self._site_options(), exports.sizes, views,
                               report=exports.report_pages, kept=self.details.pages())
            report = exports.report()
        # The data files are made beside the model: "exports" is the time spent waiting for
        # them (all of their making with --jobs 1), "model" the rest.
        timings.count("exports", exports.waited)
        started = timings.add("model", started + exports.waited)
        renderer, templates = self.renderer(model, code)
        page_keys = PageKeys({id(page): key for page, key in zip(
            report.pages, report.keys, strict=True)})
        self.details.keep(views, page_keys, model.pages)
        site_key = _site_key(code, model)
        pages = list(model.pages)
        started = timings.add("model", started)
        prepare(renderer, pages, self.outputs, page_keys, site_key, templates, self.options.jobs)
        started = timings.add("fragments", started)
        keys = _page_keys(model, pages, page_keys, site_key, templates)
        found = self.outputs.get_many(keys)
        known = {i: found[key] for i, key in enumerate(keys) if len(found.get(key, b"")) == 20}
        timings.add("keys", started)
        return Plan(model, renderer, pages, keys, known, exports.files, code)

    def _site_options(self) -> SiteOptions:
        return SiteOptions(self.options.base_url, self.options.pdf, self.options.search_part)

    def renderer(self, model: SiteModel, code: bytes) -> tuple[Renderer, dict[str, bytes]]:
        """A renderer for ``model``, reusing the Jinja environments (templates compiled once)
        while the templates and catalogs stay the same."""
        folder = self.options.templates
        key = digest(code, ",".join(model.languages), *(
            part for path in sorted(folder.rglob("*")) if path.is_file()
            for part in (path.relative_to(folder).as_posix(), path.read_bytes())))
        if self._environments is not None and self._environments[0] == key:
            return Renderer(model, folder, self._environments[1]), self._environments[2]
        renderer = Renderer(model, folder)
        # Working them out parses every template (about 0.08 s): a new process of a build
        # with a cache folder reads them from the cache while the templates stay the same.
        kept = digest(key, "template digests")
        templates = unpickled(self.outputs.get_many([kept]).get(kept), dict)
        if templates is None:
            templates = template_digests(next(iter(renderer.envs.values())))
            self.outputs.put(kept, pickle.dumps(templates, protocol=5))
        self._environments = (key, renderer.envs, templates)
        return renderer, templates

    def make_tree(self, content: ValidContent, staged: StagedOutput, previous: Mirror,
                  result: BuildResult,
                  progress: Callable[[int], None] | None = None) -> SiteModel:
        """Every file of the site, into ``staged``: unchanged pages and files linked from the
        previous output, the others rendered (in worker processes) and written."""
        timings = result.timings
        digests = result.digests
        output = _Output(staged, previous, digests)
        plan = self.plan(content, timings, output)
        started = time.perf_counter()
        pages = plan.pages
        todo = [i for i, page in enumerate(pages)
                if not output.link(page.output_path, plan.known.get(i))]
        started = timings.add("link", started)
        job = Job(plan.renderer, pages, functools.partial(_write_into, staged.staging))

        def html(path: str) -> bytes:
            return (staged.staging / path).read_bytes()

        def render(indices: list[int]) -> None:
            for done, times in render_all(job, indices, self.options.jobs, progress):
                timings.templates.merge(times)
                for i, found in done:
                    output.made(pages[i].output_path, found)
                    self.outputs.put(plan.keys[i], found)

        ahead = Ahead()
        try:
            first, rest, parts = _search_first(plan, todo, self.options.jobs)
            render(first)
            # Pagefind indexes those parts on the other processor while the rest is rendered.
            ahead.start(parts, html, self.outputs, plan.code)
            render(rest)
            started = timings.add("render", started)
            self.outputs.keep(plan.keys)
            self._search(plan, digests, html, output.put, ahead)
        finally:
            ahead.close()
        started = timings.add("search", started)
        assets = dict(static_files(self.options.static))
        for path, data in self._site_files(plan, assets).items():
            output.put(path, data)
        started = timings.add("write", started)
        if self.options.pdf:
            self._pdfs(plan, assets, output)
            timings.add("pdf", started)
        result.rendered, result.cached = len(todo), len(pages) - len(todo)
        return plan.model

    def _site_files(self, plan: Plan, assets: dict[str, bytes]) -> dict[str, bytes]:
        """Every file but the pages and the search index: the data files, the assets, the
        favicon at the site's root (browsers ask for it there), the sitemap and robots.txt."""
        files = {**plan.exports, **assets,
                 urls.SITEMAP: sitemap(plan.model).encode("utf-8"),
                 urls.ROBOTS: robots(plan.model).encode("utf-8")}
        favicon = self.options.static / urls.FAVICON
        if favicon.is_file():
            files[urls.FAVICON] = favicon.read_bytes()
        return files

    def _search(self, plan: Plan, digests: dict[str, bytes], html: Callable[[str], bytes],
                put: Callable[[str, bytes], None], ahead: Ahead | None = None) -> None:
        """The word search's indexes (:mod:`.index`), handed to ``put`` file by file."""
        search_files(plan.model.search, digests, html, self.outputs, plan.code,
                     self.options.jobs, put, ahead)

    def _pdfs(self, plan: Plan, assets: dict[str, bytes], output: _Output) -> None:
        """The printables' PDFs, keyed by their page's bytes and the stylesheets."""
        model, pages = plan.model, plan.pages
        wanted = [(i, p.pdf) for i, p in enumerate(pages)
                  if isinstance(p, PrintPage | PosterPage) and p.pdf]
        style = digest(*(part for path, data in sorted(assets.items()) for part in (path, data)))
        keys = {i: digest(plan.code, "pdf", style, model.base_url, model.today.isoformat(),
                          output.digests[pages[i].output_path]) for i, _ in wanted}
        found = self.outputs.get_many(keys.values())
        paths = dict(wanted)
        todo = [(i, path) for i, path in wanted if not output.link(path, found.get(keys[i]))]
        self.outputs.keep(keys.values())
        staging = output.staged.staging
        job = PdfJob(pages, assets, model.base_url, model.today, staging,
                     functools.partial(_write_into, staging))
        for i, made in render_all_pdfs(job, todo, self.options.jobs):
            output.made(paths[i], made)
            self.outputs.put(keys[i], made)

    def make(self, content: ValidContent, emit: Callable[[str, bytes], None],
             unchanged: Callable[[str, bytes], bool], kept: Callable[[str], bytes],
             alone: Collection[str] = (),
             early: Callable[[], None] | None = None) -> tuple[SiteModel, list[str], int]:
        """Every file of the site, handed to ``emit`` (the live preview, which keeps its own
        folder): a page whose cached digest ``unchanged`` confirms is not rendered again;
        ``kept`` reads any page back from that folder (for the word search's index).

        With ``alone`` (the slugs of edited groups), those groups' own pages are made first,
        from a model of their own (:func:`~brochure.site.model.groups_alone`), and emitted;
        then ``early`` is called. The preview shows the edited group's page in a fraction of
        the time the whole site takes. The whole site finds those pages under their keys; one
        whose data came out different there has another key and is made again (the preview
        notices when its bytes differ). The word search's index, the slowest part
        to make again, comes last. Returns the site model, the addresses of the pages rendered
        and how many pages were kept as they were.
        """
        code = code_digest(self.locale_dir)
        ahead = Ahead()
        try:
            return self._make(content, emit, unchanged, kept, alone, early, code, ahead)
        finally:
            ahead.close()

    def _make(self, content: ValidContent, emit: Callable[[str, bytes], None],
              unchanged: Callable[[str, bytes], bool], kept: Callable[[str], bytes],
              alone: Collection[str], early: Callable[[], None] | None, code: bytes,
              ahead: Ahead) -> tuple[SiteModel, list[str], int]:
        first: list[str] = []
        if alone:
            own = self._make_alone(content, alone, emit, code)
            first = [page.url for page in own.pages]
            if early is not None:
                early()
            for parts in own.search.values():
                ahead.start(parts, kept, self.outputs, code)
        timings = Timings()
        plan = self.plan(content, timings, code=code)
        pages = plan.pages
        todo = [i for i, page in enumerate(pages)
                if i not in plan.known or not unchanged(page.output_path, plan.known[i])]
        digests = {page.output_path: plan.known[i] for i, page in enumerate(pages)
                   if i in plan.known}
        done, _times = render_pages(Job(plan.renderer, pages, functools.partial(_emitted, emit)),
                                    todo)
        for i, found in done:
            self.outputs.put(plan.keys[i], found)
            digests[pages[i].output_path] = found
        self.outputs.keep(plan.keys)
        for path, data in self._site_files(plan, dict(static_files(self.options.static))).items():
            emit(path, data)
        # Every page is in the preview's folder by now (emitted, or kept as it was).
        self._search(plan, digests, kept, emit, ahead)
        rendered = [*first, *(pages[i].url for i in todo)]
        return plan.model, list(dict.fromkeys(rendered)), len(pages) - len(todo)

    def _make_alone(self, content: ValidContent, slugs: Collection[str],
                    emit: Callable[[str, bytes], None], code: bytes) -> SiteModel:
        """The own pages of the groups ``slugs``, rendered and emitted before the site's, and
        kept under their keys (the whole site finds them and does not render them again);
        their model."""
        model = groups_alone(content, slugs, self._site_options())
        renderer, templates = self.renderer(model, code)
        pages, page_keys, site_key = list(model.pages), PageKeys(), _site_key(code, model)
        prepare(renderer, pages, self.outputs, page_keys, site_key, templates, 1)
        keys = _page_keys(model, pages, page_keys, site_key, templates)
        done, _times = render_pages(Job(renderer, pages, functools.partial(_emitted, emit)),
                                    range(len(pages)))
        for i, found in done:
            self.outputs.put(keys[i], found)
        return model

    # -- a whole build --

    def build(self, content_dir: Path, output: Path | None, today: dt.date, *,
              collect: bool = False,
              progress: Callable[[int], None] | None = None) -> BuildResult:
        """Check, then build into ``output`` (None: into a temporary folder, removed after;
        the cache keeps only what was stored before the build ended: a large build's early
        stores and what worker processes handed back).

        On any error the old output stays as it was. ``collect`` also keeps every file's
        bytes in :attr:`BuildResult.output` (for tests and small sites).
        """
        with collection_paused():
            return self._build(content_dir, output, today, collect, progress)

    def _build(self, content_dir: Path, output: Path | None, today: dt.date, collect: bool,
               progress: Callable[[int], None] | None) -> BuildResult:
        started = time.perf_counter()
        checked = self.load(content_dir, today)
        result = BuildResult(checked, list(checked.problems))
        content = checked.ready()
        result.timings.add("load", started)
        if content is None:
            return result
        with _target(output) as target, StagedOutput(target) as staged:
            previous = self.mirror.load()
            model = self.make_tree(content, staged, previous, result, progress)
            started = time.perf_counter()
            if collect:
                result.output = {path: (staged.staging / path).read_bytes()
                                 for path in sorted(result.digests)}
            result.made = self.outputs.made
            if output is None:
                self.outputs.discard()
            else:
                staged.commit()
                previous.update(target, result.digests, staged.linked)
                self.outputs.save()
            result.timings.add("switch", started)
        result.model, result.files = model, len(result.digests)
        return result


@dataclass
class _target:
    """The folder to build into: ``output``, or a temporary one removed afterwards."""

    output: Path | None

    def __enter__(self) -> Path:
        if self.output is not None:
            return self.output
        self.temporary = Path(tempfile.mkdtemp(prefix="brochure-build-"))
        return self.temporary / "public"

    def __exit__(self, *exc: object) -> None:
        if self.output is None:
            shutil.rmtree(self.temporary, ignore_errors=True)


def build(content_dir: Path, output: Path, today: dt.date, *, base_url: str | None = None,
          strict: bool = False, pdf: bool = False, write: bool = True,
          cache: Path | None = None, jobs: int = 1, templates: Path = TEMPLATES,
          static: Path = STATIC, search_part: int = urls.SEARCH_PART) -> BuildResult:
    """Build the site; on any error nothing is written and the old output stays as it was.

    The result keeps every file's bytes (``output``): meant for tests and small sites; the
    command line uses :class:`~brochure.engine.build.Engine` directly.
    """
    engine = Engine(BuildOptions(base_url=base_url, strict=strict, pdf=pdf, jobs=jobs,
                                 search_part=search_part, templates=templates, static=static),
                    cache)
    try:
        return engine.build(content_dir, output if write else None, today, collect=True)
    finally:
        engine.close()

