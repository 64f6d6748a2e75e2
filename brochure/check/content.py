"""Check a whole content tree: the input of every command.

:func:`load_content` reads ``content/`` (see the README for its layout), validates every file,
applies the rules, and returns a :class:`Checked`: every problem, and the valid content
(:class:`ValidContent`) whenever the site and its vocabularies can be read. It never raises on
bad content. A :class:`FileCache` lets the live preview re-read only the files that changed; a
full build passes none.

Long on purpose: one pass over the tree (:class:`_TreeCheck`) keeps the order in which
files depend on each other (site, vocabularies, partners, retired groups, groups, pages,
attendance) readable in one place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import multiprocessing
import multiprocessing.connection
import multiprocessing.process
import os
import pickle
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, cast

import phonenumbers
from pydantic import BaseModel

from brochure.check.attendance import (
    SeasonAttendance,
    attendance_files,
    read_attendance,
    season_of,
)
from brochure.check.file_rules import (
    partner_findings,
    population_findings,
    retired_findings,
    site_findings,
    vocabulary_findings,
)
from brochure.check.files import (
    POPULATION_FILE,
    RETIRED_FILE,
    SITE_FILE,
    VOCABULARIES_FILE,
    display_path,
    entry_files,
    file_problem,
    unread_files,
)
from brochure.check.findings import Context, normal_slug, problems_of, valid_slug
from brochure.check.group_rules import HIDING_RULES, group_findings, waiting_for
from brochure.check.lenient import Resolver, field_kinds, normalise
from brochure.check.short_codes import Coded, code_problems
from brochure.check.validate import Validated, validate_model
from brochure.core.collection import collection_paused
from brochure.core.digests import digest
from brochure.core.languages import LANGUAGES
from brochure.core.models import (
    PHONE_REGION,
    Group,
    Page,
    Partner,
    Population,
    Retired,
    RetiredGroup,
    Site,
    Vocabularies,
)
from brochure.core.problems import Position, Problem, Severity
from brochure.load.document import Document
from brochure.load.reader import load_markdown, load_yaml

M = TypeVar("M", bound=BaseModel)

# Page names the brochure uses for its own sections (see brochure.site.model).
RESERVED_PAGE_NAMES = frozenset({
    "groups", "municipality", "audience", "weekday", "partners", "print", "data", "r",
    "assets", "calendar", "feed", "poster", "search", "index", "report", "add-group",
})
_PAGE_FILE = re.compile(r"([a-z0-9][a-z0-9-]*)\.([a-z]{2})\.md\Z")


@dataclass(frozen=True)
class ValidContent:
    """The content that passed validation: the site and its vocabularies, the partners, the
    groups (published and hidden), the free pages, attendance and the deleted groups."""

    root: Path
    today: dt.date
    site: Site
    vocabularies: Vocabularies
    partners: Mapping[str, Partner]
    groups: Mapping[str, Group]
    # Valid groups kept out of the brochure, with the rule that hides each (season-ended…).
    hidden: Mapping[str, str]
    # Free pages by name and language.
    pages: Mapping[str, Mapping[str, Page]]
    # Each valid group's file.
    sources: Mapping[str, Path]
    # Anonymous meeting counts, by group and season (content/attendance/).
    attendance: tuple[SeasonAttendance, ...] = ()
    # Deleted groups (content/retired.yaml), by slug: their addresses stay as "ended" pages.
    retired: Mapping[str, RetiredGroup] = field(default_factory=dict)
    # Inhabitants per municipality (content/population.yaml), for the report's reach.
    population: Population | None = None
    # A digest of every file the content was read from and of the date: whatever is made
    # from the whole content can be kept under it (see brochure.engine).
    fingerprint: bytes = b""
    # Per group, a digest of its file, of the files read before the groups (the site, the
    # vocabularies, the partners, the deleted groups, the population) and of the date:
    # whatever is made from one group and the site's settings can be kept under it.
    group_keys: Mapping[str, bytes] = field(default_factory=dict)
    # A digest of the date and of every file but the groups' (the site, vocabularies,
    # partners, pages, attendance…): with the groups' data, what the report is made of.
    besides_groups: bytes = b""

    @functools.cached_property
    def published(self) -> list[Group]:
        """Groups shown in the brochure: valid, season not over, reviewed recently enough."""
        return [g for slug, g in self.groups.items() if slug not in self.hidden]

    def group_path(self, slug: str) -> Path:
        return self.root / "groups" / f"{slug}.yaml"


@dataclass(frozen=True)
class Checked:
    """What checking a content tree found: every problem, how many files were read, and the
    valid content (None when the site or the vocabularies cannot be read)."""

    root: Path
    today: dt.date
    problems: tuple[Problem, ...]
    files: int
    content: ValidContent | None

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.WARNING)

    @property
    def notices(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.NOTICE)

    def ready(self) -> ValidContent | None:
        """The content, when it has no errors at all: what may be built and published."""
        return self.content if self.errors == 0 else None


# --- reading one file, through the cache -----------------------------------------------------

Context_ = tuple[tuple[str, str], ...]  # what validators read of the site, hashable


@dataclass(frozen=True)
class _Entry:
    """One file read and validated, under the key of everything that made it: the file's
    name and bytes, the model, the resolver and the validation context."""

    key: bytes
    validated: Validated[BaseModel]


@dataclass(frozen=True)
class _Checked:
    """A group's context rules' problems, under the key of the file's entry and the context."""

    key: bytes
    problems: tuple[Problem, ...]


@dataclass
class FileCache:
    """Parsed and validated files, and each group's context rules' problems, by the digest of
    what they were made from: an unchanged file is neither read as YAML nor checked again.

    The live preview keeps one in memory; a build with a cache folder keeps it between runs
    (:meth:`save`, :meth:`load`), marked with the program's version so a changed program never
    reads an old entry. There each entry stays pickled until a file with its key asks for
    it, and an unchanged entry is saved as the bytes it was read as: a build after one edit
    pickles one file's entry, not a thousand.

    A cache read from a folder holds bytes only (``holding`` false): an entry is pickled as
    soon as it is made, and read back from its bytes whenever a file asks for it, so no
    parsed document outlives its file's check. Held for every file until the end of the
    check, the documents and what they left scattered in memory took a few hundred megabytes
    at 10,000 groups."""

    FILE = "files.pickle"

    entries: dict[str, _Entry] = field(default_factory=dict)
    rules: dict[str, _Checked] = field(default_factory=dict)
    # The entries read since the last save: the others belong to files that are gone.
    touched: set[str] = field(default_factory=set, repr=False)
    # The entries as the cache folder had them: name -> (key, the pickled validated file).
    stored: dict[str, tuple[bytes, bytes]] = field(default_factory=dict, repr=False)
    # Whether entries are kept as objects (in ``entries``) or as bytes only (in ``stored``).
    holding: bool = True

    @staticmethod
    def _name(path: str, model: type[BaseModel]) -> str:
        return f"{model.__name__}:{path}"

    def has(self, path: str, model: type[BaseModel], key: bytes) -> bool:
        """Whether it has the file's entry under ``key`` (without reading it)."""
        name = self._name(path, model)
        entry, stored = self.entries.get(name), self.stored.get(name)
        return (entry is not None and entry.key == key) or (stored is not None
                                                              and stored[0] == key)

    def get(self, path: str, model: type[M], key: bytes) -> Validated[M] | None:
        name = self._name(path, model)
        self.touched.add(name)
        entry = self.entries.get(name)
        if entry is None or entry.key != key:
            entry = self._stored(name, key)
        return cast(Validated[M], entry.validated) if entry is not None else None

    def _stored(self, name: str, key: bytes) -> _Entry | None:
        """The entry the cache folder had for ``name`` under ``key``, read back now."""
        found = self.stored.get(name)
        if found is None or found[0] != key:
            return None
        try:
            validated = pickle.loads(found[1])
        except Exception:  # a damaged entry is made again
            return None
        entry = _Entry(key, validated)
        if self.holding:
            self.entries[name] = entry
        return entry

    def put(self, path: str, model: type[M], key: bytes, validated: Validated[M]) -> None:
        name = self._name(path, model)
        self.touched.add(name)
        if self.holding:
            self.entries[name] = _Entry(key, cast(Validated[BaseModel], validated))
        else:
            self.entries.pop(name, None)
            self.stored[name] = (key, pickle.dumps(validated, protocol=5))

    @classmethod
    def load(cls, folder: Path, version: bytes) -> FileCache:
        """The cache kept in ``folder`` by a build of this ``version`` (else an empty one),
        holding bytes only."""
        try:
            with open(folder / cls.FILE, "rb") as stream:
                found = pickle.load(stream)
            if isinstance(found, tuple) and len(found) == 3 and found[0] == version \
                    and isinstance(found[1], dict) and isinstance(found[2], dict):
                return cls(rules=found[2], stored=found[1], holding=False)
        except Exception:  # a missing, damaged or foreign cache only makes a build slower
            pass
        return cls(holding=False)

    def _pickle_touched(self) -> None:
        """``stored`` becomes the entries read since the last save, as bytes (an entry read
        back unchanged keeps the bytes it was read as). Doing it again changes nothing: a
        sealed entry's bytes are kept as they are."""
        stored: dict[str, tuple[bytes, bytes]] = {}
        for name in sorted(self.touched):
            entry, before = self.entries.get(name), self.stored.get(name)
            if entry is None or (before is not None and before[0] == entry.key):
                if before is not None:
                    stored[name] = before
            else:
                stored[name] = (entry.key, pickle.dumps(entry.validated, protocol=5))
        self.stored = stored
        self.entries = {name: e for name, e in self.entries.items() if name in self.touched}
        self.rules = {path: r for path, r in self.rules.items()
                      if f"Group:{path}" in self.touched}

    def save(self, folder: Path, version: bytes) -> None:
        """Keep the entries read since the last save (dropping those of files that are gone)
        in ``folder``."""
        self._pickle_touched()
        self.touched = set()
        stored = self.stored
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".files-")
            with os.fdopen(handle, "wb") as stream:
                pickle.dump((version, stored, self.rules), stream, protocol=5)
            os.replace(temporary, folder / self.FILE)
        except OSError:
            pass


Loader = Callable[[str, bytes], Document]


def _read(path: Path, model: type[M], cache: FileCache | None, *,
          identity: Mapping[str, object] | None = None, loader: Loader | None = None,
          resolver: Resolver | None = None, resolver_key: bytes = b"",
          context: Context_ = (), inputs: list[bytes] | None = None) -> Validated[M]:
    """One file loaded, read leniently and validated into ``model`` (from the cache when the
    file, the resolver and the context are the same as last time). ``identity`` are the
    model's fields that come from the file's name; a page (``loader``) also gets its Markdown
    ``body``; ``resolver_key`` digests the resolver."""
    shown = display_path(path)
    data = path.read_bytes()
    key = _file_key(shown, data, model, identity, resolver_key, context)
    if inputs is not None:
        inputs.append(key)
    if cache is not None:
        found = cache.get(shown, model, key)
        if found is not None:
            return found
    doc = load_yaml(shown, data, field_kinds(model)) if loader is None else loader(shown, data)
    # Unambiguous spellings (9:30, tiistai, Karleby) become canonical values, with a notice.
    doc = normalise(model, doc, resolver)
    if loader is not None:
        identity = {**(identity or {}), "body": doc.body}
    validated = validate_model(model, doc, identity, dict(context))
    if cache is not None:
        cache.put(shown, model, key, validated)
    return validated


def _file_key(shown: str, data: bytes, model: type[BaseModel],
              identity: Mapping[str, object] | None, resolver_key: bytes,
              context: Context_) -> bytes:
    """What a file's validated entry in the cache is kept under."""
    return digest(shown, data, model.__name__, repr(sorted((identity or {}).items())),
                  resolver_key, repr(context))


# --- reading group files ahead, in another process ---------------------------------------------

# The fewest group files worth a process of their own (its start and the entries' way back
# cost about as much as reading 50 files).
READ_AHEAD_AT_LEAST = 100


@dataclass(frozen=True)
class _Ahead:
    """Group files being read and validated in a forked process while this one reads the
    others, into the cache's bytes (as :meth:`FileCache.put` keeps them).

    The entries come back through a pipe whose sending end only that process holds, so a
    process killed before or while it sends them (as the system kills one when memory runs
    out) ends the pipe, and this one reads those files itself. (Not a process pool: a pool
    whose worker is killed in the middle of sending a large result waits for the rest of it
    for ever.)"""

    process: multiprocessing.process.BaseProcess
    receive: multiprocessing.connection.Connection
    cache: FileCache

    @classmethod
    def start(cls, paths: list[Path], cache: FileCache, resolver: Resolver,
              resolver_key: bytes, context: Context_) -> _Ahead | None:
        """Start reading those of ``paths`` the cache lacks (None if too few do)."""
        missing = []
        for path in paths:
            shown = display_path(path)
            key = _file_key(shown, path.read_bytes(), Group, {"slug": path.stem}, resolver_key,
                            context)
            if not cache.has(shown, Group, key):
                missing.append(path)
        if len(missing) < READ_AHEAD_AT_LEAST:
            return None
        fork = multiprocessing.get_context("fork")
        receive, send = fork.Pipe(duplex=False)
        process = fork.Process(target=_send_groups, args=(send, missing, resolver,
                                                           resolver_key, context), daemon=True)
        try:
            process.start()
        except BaseException:
            receive.close()
            raise
        finally:
            send.close()
        return cls(process, receive, cache)

    def into_cache(self) -> None:
        """Wait, and put what was read into the cache. If the process failed (killed, out
        of memory), nothing is put: this process reads those files itself."""
        try:
            entries = self.receive.recv()
        except Exception:  # (the pipe ended, or the entries cannot be read back)
            return
        finally:
            self.close()
        for name, key, data in entries:
            self.cache.stored[name] = (key, data)

    def close(self) -> None:
        """Stop the process (a check that failed need not wait for it), and wait for it."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.receive.close()


def _send_groups(send: multiprocessing.connection.Connection, paths: list[Path],
                 resolver: Resolver, resolver_key: bytes, context: Context_) -> None:
    # On any error the check reads those files itself (and says what went wrong).
    with send, contextlib.suppress(Exception):
        send.send(_read_groups(paths, resolver, resolver_key, context))


def _read_groups(paths: list[Path], resolver: Resolver, resolver_key: bytes,
                 context: Context_) -> list[tuple[str, bytes, bytes]]:
    """Group files read and validated as :func:`_read` does, as cache entries' bytes."""
    cache = FileCache(holding=False)
    for path in paths:
        _read(path, Group, cache, identity={"slug": path.stem}, resolver=resolver,
              resolver_key=resolver_key, context=context)
    return [(name, key, data) for name, (key, data) in cache.stored.items()]


def load_vocabularies(root: Path) -> Validated[Vocabularies] | None:
    """Only ``vocabularies.yaml`` (what ``schema`` and ``new`` need), or None without it."""
    path = root / VOCABULARIES_FILE
    if not path.is_file():
        return None
    return _read(path, Vocabularies, None)


# --- the whole tree ----------------------------------------------------------------------------

def load_content(root: Path, today: dt.date, cache: FileCache | None = None,
                 jobs: int = 1) -> Checked:
    """Read, validate and cross-check every file below ``root``.

    With ``jobs`` above 1 and a cache that holds bytes only (a build's, read from its
    folder), a forked process reads and validates the second half of the group files the
    cache lacks while this one reads the first: the check then finds them in the cache."""
    with collection_paused():
        return _TreeCheck(root, today, cache, jobs).run()


@dataclass(frozen=True)
class _Partners:
    valid: dict[str, Partner]
    docs: dict[str, Document]
    # Partners whose files have errors, with the file: a group naming one is told once.
    broken: dict[str, str]


class _TreeCheck:
    """One pass over a content tree; gathers problems as it goes, returns :class:`Checked`."""

    def __init__(self, root: Path, today: dt.date, cache: FileCache | None,
                 jobs: int = 1) -> None:
        self.root, self.today, self.cache, self.jobs = root, today, cache, jobs
        self.problems: list[Problem] = []
        self.files = 0
        # What validators read of the site: the region phone numbers are dialled in, read
        # from site.yaml before anything (site.yaml's own numbers are in that region too).
        self.context: Context_ = _site_context(root / SITE_FILE)
        # Each file's key as it is read: the content's fingerprint.
        self.inputs: list[bytes] = []
        # Each group file's key, by slug.
        self.file_keys: dict[str, bytes] = {}

    def run(self) -> Checked:
        site, site_doc = self._single(SITE_FILE, Site)
        # The site's languages, its main one first (the brochure's own order without one).
        self.order: tuple[str, ...] = site.language_order if site is not None else LANGUAGES
        vocab, vocab_doc = self._single(VOCABULARIES_FILE, Vocabularies)
        if vocab is not None and vocab_doc is not None:
            self.problems += problems_of(vocab_doc, vocabulary_findings(vocab))
        partners = self._partners(vocab)
        if site is not None and site_doc is not None:
            self.problems += problems_of(site_doc, site_findings(
                site, frozenset(partners.valid), partners.broken))
        retired, retired_shown = self._retired(vocab)
        population = self._population(vocab)
        settings = digest(self.today.isoformat(), *self.inputs)
        groups, hidden, sources = self._groups(site, vocab, partners, retired, retired_shown)
        pages = self._pages(self.order[0])
        attendance = self._attendance(groups, retired,
                                      site.public_holidays if site is not None else "")
        self.problems += unread_files(self.root)
        content = None
        if site is not None and vocab is not None:
            content = ValidContent(
                root=self.root, today=self.today, site=site, vocabularies=vocab,
                partners=partners.valid, groups=groups, hidden=hidden, pages=pages,
                sources=sources, attendance=attendance, retired=retired,
                population=population,
                fingerprint=digest(self.today.isoformat(), *self.inputs),
                group_keys={slug: digest(settings, self.file_keys[slug]) for slug in groups},
                besides_groups=self._besides_groups())
        return Checked(self.root, self.today, tuple(sorted(self.problems, key=Problem.sort_key)),
                       self.files, content)

    def _besides_groups(self) -> bytes:
        group_files = set(self.file_keys.values())
        return digest(self.today.isoformat(), *(key for key in self.inputs
                                                if key not in group_files))

    def _single(self, name: str, model: type[M]) -> tuple[M | None, Document | None]:
        path = self.root / name
        if path.is_symlink():
            self.problems.append(file_problem(path, "symlink", value=name))
            return None, None
        if not path.is_file():
            self.problems.append(file_problem(path, "missing-file", value=name))
            return None, None
        self.files += 1
        validated = _read(path, model, self.cache, context=self.context, inputs=self.inputs)
        self.problems += validated.problems
        return validated.model, validated.doc

    def _entries(self, folder: str, extension: str) -> list[Path]:
        paths, problems = entry_files(self.root / folder, extension)
        self.problems += problems
        self.files += len(paths)
        return paths

    def _partners(self, vocab: Vocabularies | None) -> _Partners:
        found = _Partners({}, {}, {})
        resolver = Resolver(vocab)
        resolver_key = digest(pickle.dumps(resolver, protocol=5))
        for path in self._entries("partners", ".yaml"):
            pid = path.stem
            validated = _read(path, Partner, self.cache, identity={"id": pid},
                              resolver=resolver, resolver_key=resolver_key,
                              context=self.context, inputs=self.inputs)
            self.problems += validated.problems
            if not valid_slug(pid):
                self.problems.append(Problem(validated.doc.path, Position(1, 1), "slug-format",
                                             params={"value": pid}))
            elif validated.model is None:
                found.broken[pid] = validated.doc.path
            else:
                found.valid[pid] = validated.model
                found.docs[pid] = validated.doc
        if vocab is not None:
            for pid, partner in found.valid.items():
                self.problems += problems_of(found.docs[pid],
                                             partner_findings(partner, vocab, self.order))
        return found

    def _retired(self, vocab: Vocabularies | None) -> tuple[dict[str, RetiredGroup], str]:
        path = self.root / RETIRED_FILE
        if not (path.exists() or path.is_symlink()):
            return {}, RETIRED_FILE
        retired, doc = self._single(RETIRED_FILE, Retired)
        if retired is None or doc is None or vocab is None:
            return {}, doc.path if doc is not None else RETIRED_FILE
        found = problems_of(doc, retired_findings(retired, vocab, self.order))
        self.problems += found
        if any(p.severity is Severity.ERROR for p in found):
            return {}, doc.path
        return {g.slug: g for g in retired.groups}, doc.path

    def _population(self, vocab: Vocabularies | None) -> Population | None:
        path = self.root / POPULATION_FILE
        if not (path.exists() or path.is_symlink()):
            return None
        population, doc = self._single(POPULATION_FILE, Population)
        if population is None or doc is None or vocab is None:
            return None
        found = problems_of(doc, population_findings(population, vocab, self.order))
        self.problems += found
        return None if any(p.severity is Severity.ERROR for p in found) else population

    def _groups(self, site: Site | None, vocab: Vocabularies | None, partners: _Partners,
                retired: dict[str, RetiredGroup], retired_shown: str
                ) -> tuple[dict[str, Group], dict[str, str], dict[str, Path]]:
        context = _context(site, vocab, self.today, partners) if site and vocab else None
        resolver = Resolver(vocab, {pid: tuple(v for v in p.name.model_dump().values() if v)
                                    for pid, p in partners.valid.items()})
        resolver_key = digest(pickle.dumps(resolver, protocol=5))
        context_key = digest(pickle.dumps(context, protocol=5), resolver_key)
        paths = self._entries("groups", ".yaml")
        half = len(paths) // 2
        ahead = None
        if self.jobs > 1 and self.cache is not None and not self.cache.holding:
            ahead = _Ahead.start(paths[half:], self.cache, resolver, resolver_key,
                                 self.context)
        groups: dict[str, Group] = {}
        hidden: dict[str, str] = {}
        sources: dict[str, Path] = {}
        seen: dict[str, str] = {}
        same: dict[str, str] = {}  # the data of a group file -> the first file with it
        coded: list[Coded] = []
        # Groups that name a partner whose file has errors, by partner: told in its file.
        waiting: dict[str, list[str]] = {}
        try:
            for i, path in enumerate(paths):
                if ahead is not None and i == half:
                    ahead.into_cache()
                slug = path.stem
                validated = _read(path, Group, self.cache, identity={"slug": slug},
                                  resolver=resolver, resolver_key=resolver_key,
                                  context=self.context, inputs=self.inputs)
                self.file_keys[slug] = self.inputs[-1]
                own = len(self.problems)  # where this file's problems begin
                self.problems += validated.problems
                shown = validated.doc.path
                if normal_slug(slug) in seen:
                    self.problems.append(Problem(shown, Position(1, 1), "slug-duplicate",
                                                 params={"value": slug,
                                                         "other": seen[normal_slug(slug)]}))
                    continue
                seen[normal_slug(slug)] = shown
                self.problems += _copies(validated.doc, path, same)
                if not valid_slug(slug):
                    self.problems.append(Problem(shown, Position(1, 1), "slug-format",
                                                 params={"value": slug}))
                    continue
                coded.append(Coded.of(slug, validated.doc, validated.usable))
                if context is None or validated.usable is None:
                    continue
                found = self._rules(validated, context, context_key)
                self.problems += found
                # A value read leniently but refused by a rule (anonymous: ei) gets one message:
                # the error, not also "nothing needs to be done".
                refused = {p.position for p in found if p.severity is Severity.ERROR}
                if refused & {p.position for p in validated.problems if p.rule == "written-as"}:
                    self.problems[own:] = [p for p in self.problems[own:] if not (
                        p.rule == "written-as" and p.position in refused)]
                partners_broken = waiting_for(validated.usable, context)
                for pid in partners_broken:
                    waiting.setdefault(pid, []).append(slug)
                if validated.model is None or partners_broken or any(
                        p.severity is Severity.ERROR for p in found):
                    continue
                groups[slug] = validated.model
                sources[slug] = path
                hiding = [p.rule for p in found if p.rule in HIDING_RULES]
                if hiding:
                    hidden[slug] = hiding[0]
        finally:
            if ahead is not None:
                ahead.close()
        self.problems += _waiting_problems(waiting, partners.broken)
        problems, failed = code_problems(coded, retired, retired_shown)
        self.problems += problems
        for slug in failed:
            groups.pop(slug, None)
            hidden.pop(slug, None)
            sources.pop(slug, None)
        return groups, hidden, sources

    def _rules(self, validated: Validated[Group], context: Context,
               context_key: bytes) -> tuple[Problem, ...]:
        """The problems the context rules find in a group (kept in the cache while the file
        and what the rules read stay the same, so neither the preview nor the next build
        checks every group again)."""
        group = validated.usable
        assert group is not None
        path = validated.doc.path
        key = digest(path, validated.doc.text, context_key)
        if self.cache is not None:
            memo = self.cache.rules.get(path)
            if memo is not None and memo.key == key:
                return memo.problems
        found = tuple(problems_of(validated.doc, group_findings(group, context)))
        if self.cache is not None:
            self.cache.rules[path] = _Checked(key, found)
        return found

    def _pages(self, main: str) -> dict[str, dict[str, Page]]:
        """The free pages; every page needs its version in the site's main language."""
        pages: dict[str, dict[str, Page]] = {}
        folder = self.root / "pages"
        for path in self._entries("pages", ".md"):
            shown = display_path(path)
            match = _PAGE_FILE.match(path.name)
            if not match or match.group(2) not in LANGUAGES:
                self.problems.append(Problem(shown, Position(1, 1), "page-file-name",
                                             params={"value": path.name}))
                continue
            name, lang = match.groups()
            if name in RESERVED_PAGE_NAMES:
                self.problems.append(Problem(shown, Position(1, 1), "page-name-reserved",
                                             params={"value": name}))
                continue
            validated = _read(path, Page, self.cache, loader=load_markdown,
                              identity={"name": name, "lang": lang}, inputs=self.inputs)
            self.problems += validated.problems
            if validated.model is not None:
                pages.setdefault(name, {})[lang] = validated.model
        for name, versions in sorted(pages.items()):
            present = next(lang for lang in LANGUAGES if lang in versions)
            for lang in LANGUAGES:
                if lang not in versions:
                    missing = folder / f"{name}.{lang}.md"
                    # The main language stands in for every page: without it, it is not shown.
                    severity = Severity.ERROR if lang == main else Severity.WARNING
                    self.problems.append(Problem(
                        display_path(folder / f"{name}.{present}.md"), Position(1, 1),
                        "missing-page", severity,
                        {"value": name, "language": lang, "file": display_path(missing)}))
        return pages

    def _attendance(self, groups: Mapping[str, Group], retired: Mapping[str, RetiredGroup],
                    calendar: str) -> tuple[SeasonAttendance, ...]:
        """``attendance/<slug>/<year>.yaml``: every file below the folder is read or
        reported. A deleted group's files stay valid while ``retired.yaml`` lists it: they
        are the coordinator's history, and the report counts them as an ended group's."""
        root = self.root
        if (root / "attendance").is_symlink():
            self.problems.append(file_problem(root / "attendance", "symlink",
                                              value="attendance"))
            return ()
        # The names an attendance folder may have: a group's file, or an ended group.
        known = {path.stem for path in (root / "groups").glob("*.yaml")} | retired.keys()
        records: list[SeasonAttendance] = []
        for path, rule in attendance_files(root):
            self.files += 1
            if rule is not None:
                self.problems.append(file_problem(path, rule, value=path.name))
                continue
            slug, season = season_of(path)
            data = path.read_bytes()
            self.inputs.append(digest(display_path(path), data))
            record, found = read_attendance(display_path(path), data, slug, season,
                                            groups.get(slug), self.today, calendar,
                                            retired.get(slug), known)
            self.problems += found
            if record is not None and not any(p.severity is Severity.ERROR for p in found):
                records.append(record)
        return tuple(records)


def site_setting(path: Path, name: str) -> str | None:
    """One setting of site.yaml as written, before the file is checked (None when it cannot
    be read: the check reports why)."""
    if not path.is_file() or path.is_symlink():
        return None
    data = load_yaml(str(path), path.read_bytes()).data
    value = data.get(name) if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _site_context(path: Path) -> Context_:
    """The region phone numbers are dialled in, as site.yaml says (nothing if it cannot be
    read: numbers are then kept as written, and site.yaml is reported)."""
    region = site_setting(path, "phone_region")
    # An unknown region is reported once, at site.yaml's line, not at every number.
    if region is None or region not in phonenumbers.SUPPORTED_REGIONS:
        return ()
    return ((PHONE_REGION, region),)


def _context(site: Site, vocab: Vocabularies, today: dt.date, partners: _Partners) -> Context:
    names = tuple((pid, tuple((lang, text) for lang, text in p.name.model_dump().items()
                              if text))
                  for pid, p in sorted(partners.valid.items()))
    return Context(vocab, frozenset(partners.valid), site, today,
                   broken=tuple(sorted(partners.broken.items())), partner_names=names)


def _waiting_problems(waiting: Mapping[str, list[str]],
                      broken: Mapping[str, str]) -> list[Problem]:
    """One message in each partner file with errors that groups name: how many groups wait
    for it, and which (the groups themselves get none)."""
    return [Problem(broken[pid], Position(1, 1), "partner-file-errors", Severity.ERROR,
                    {"value": pid, "count": len(slugs), "slugs": sorted(slugs),
                     "groups": ", ".join(f"{slug}.yaml" for slug in sorted(slugs))})
            for pid, slugs in sorted(waiting.items())]


def _copies(doc: Document, path: Path, same: dict[str, str]) -> list[Problem]:
    """A copy of another group file would be published twice; with a short code the copy's
    repeated code is already an error (code-duplicate), which says it."""
    if not isinstance(doc.data, dict) or "code" in doc.data:
        return []
    fingerprint = repr(doc.data)
    if fingerprint in same:
        return [Problem(doc.path, Position(1, 1), "duplicate-group", Severity.WARNING,
                        {"value": path.name, "other": same[fingerprint]})]
    same[fingerprint] = doc.path
    return []
