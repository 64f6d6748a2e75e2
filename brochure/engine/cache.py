"""What the engine keeps between builds, in the ``--cache`` folder: nothing that can make a build
different, only faster.

- :class:`OutputCache` (``outputs.sqlite``): the exports' parts by key (a group's calendar
  events, its HSDS record), and each page's key with the digest of the bytes it rendered to.
  A page whose key is found, and whose file in the mirror still has that digest, is linked
  from there instead of being rendered and written again.
- :class:`Mirror`: the last build's files, hard-linked in the cache folder with their digests,
  so the next build can link what did not change instead of rendering and writing it.
- Keys (:func:`digest`, :class:`PageKeys`) digest everything that shapes an output: its data,
  the templates it uses, the catalogs, the program and the library versions.

Anything unexpected (not a SQLite file, another format, a damaged entry, a changed file) is
treated as not found.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import json
import os
import pickle
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Set
from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard, TypeVar

import jinja2

from brochure.core.digests import data_bytes, digest
from brochure.core.i18n import LOCALE_DIR
from brochure.core.records import field_names
from brochure.output.render import template_closures
from brochure.output.writer import link_or_copy
from brochure.site.pages import Filters, PrintEntry, PrintSection
from brochure.site.views import Card, GroupDetail, PartnerView

PACKAGE = Path(__file__).resolve().parents[1]
# Changing what a key means or how entries are stored: bump, and old caches are ignored.
CACHE_FORMAT = "brochure-output-cache-2"
# Pending entries beyond this size are stored before the build ends (see OutputCache._spill).
SPILL_BYTES = 64 << 20
COLUMNS = "key BLOB PRIMARY KEY, check_ BLOB, data BLOB"
# The files in which worker processes hand their entries back (see OutputCache.hand_back).
HANDED = ".handed-"
LIBRARIES = ("jinja2", "markupsafe", "babel", "markdown", "nh3", "segno", "icalendar",
             "pydantic", "phonenumbers", "weasyprint", "pygal", "pyphen", "holidays")


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


def template_digests(env: jinja2.Environment) -> dict[str, bytes]:
    """Per template: a digest of its own source and of every template it uses."""
    loader = env.loader
    assert loader is not None
    sources = {name: loader.get_source(env, name)[0] for name in env.list_templates()}
    return {name: digest(*(part for ref in sorted(closure)
                           for part in (ref, sources.get(ref, ""))))
            for name, closure in template_closures(env).items()}


class PageKeys:
    """A page's data as a digest, where each part it shares with other pages (a card on every
    list that shows the group, a group's details on its page, its poster and the brochures)
    counts by the part's own digest, worked out once, rather than by its data again on every
    page that shows it."""

    def __init__(self, given: Mapping[int, bytes] | None = None) -> None:
        self._shared: dict[int, bytes] = {}
        # Keys worked out when the page was made (pages kept in the cache: a pickle of an
        # unpickled object need not be the same bytes), by the page's id.
        self._given = dict(given or {})

    def data(self, page: object) -> bytes:
        found = self._given.get(id(page))
        if found is not None:
            return found
        return digest(type(page).__name__, data_bytes(
            tuple((name, self._part(value)) for name, value in _fields(page))))

    def _part(self, value: object) -> object:
        kind = type(value)
        if kind in _BY_DIGEST:
            return self.shared(value)
        if kind in _HOLDING:
            return (kind.__name__, {name: self._part(v) for name, v in _fields(value)})
        if kind is tuple and value and type(value[0]) in _PARTS:  # type: ignore[index]
            return tuple(self._part(v) for v in value)  # type: ignore[attr-defined]
        return value

    def give(self, page: object, found: bytes) -> None:
        """Give a page the key of its data it had when it was made (one kept between
        builds)."""
        self._given[id(page)] = found

    @staticmethod
    def cards_of(page: object) -> Iterator[Card]:
        """The cards a page lists (in its fields that are tuples of cards)."""
        for _, value in _fields(page):
            if _cards(value):
                yield from value

    def seed(self, part: object, found: bytes) -> None:
        """Give a shared part the digest it had when it was made (one kept between builds)."""
        self._shared[id(part)] = found

    def shared(self, part: object) -> bytes:
        # Shared parts come from the views' caches: the same object on every page.
        found = self._shared.get(id(part))
        if found is None:
            found = self._shared[id(part)] = digest(type(part).__name__,
                                                    data_bytes(self._state(part)))
        return found

    def _state(self, part: object) -> object:
        if type(part) is Card:
            return part
        # The parts it holds (a detail's card, a brochure section's entries) by their digests.
        return {name: self._part(v) for name, v in _fields(part)}


def _fields(data: object) -> Iterator[tuple[str, object]]:
    """A page's or a part's fields and their values, in order (they have no ``__dict__``:
    their classes have slots, which hold a site's hundreds of thousands of them in less
    memory)."""
    for name in field_names(type(data)):
        yield name, getattr(data, name)


# The parts PageKeys counts by their digests, and those that hold such parts. A group's entry
# in the brochures and a municipality's section are each on two brochures (the whole one
# and the municipality's), an entry on the group's poster too: digested once, not on each.
# A municipality's filter links are on its page and its seven pages by weekday.
_BY_DIGEST: tuple[type, ...] = (Card, GroupDetail, PrintEntry, PrintSection, Filters)
_HOLDING: tuple[type, ...] = (PartnerView,)
_PARTS = _BY_DIGEST + _HOLDING


def _cards(value: object) -> TypeGuard[tuple[Card, ...]]:
    return isinstance(value, tuple) and bool(value) and type(value[0]) is Card


# --- the output cache ------------------------------------------------------------------------

def _batches(keys: list[bytes], size: int = 500) -> Iterator[tuple[list[bytes], str]]:
    """``keys`` in batches SQLite takes as parameters, each with its ``?`` marks."""
    for start in range(0, len(keys), size):
        batch = keys[start:start + size]
        yield batch, ",".join("?" * len(batch))


def _running(handed: str) -> bool:
    """Whether the build that named a hand-back file (``.handed-<its process>-…``) still
    runs: one that does (another build using the same cache folder) keeps its files."""
    number = handed[len(HANDED):].split("-", 1)[0]
    if not number.isdigit():
        return False
    try:
        os.kill(int(number), 0)
    except ProcessLookupError:
        return False
    except OSError:  # it runs, as another user
        return True
    return True


T = TypeVar("T")


def unpickled(found: bytes | None, kind: type[T]) -> T | None:
    """A pickled cache entry as a ``kind``; None for a missing entry, or one an older program
    wrote (it is made again)."""
    if found is None:
        return None
    try:
        value = pickle.loads(found)
    except Exception:
        return None
    return value if isinstance(value, kind) else None


@dataclass(frozen=True)
class Handed:
    """What a worker process added to the cache (as bytes, or in its ``file``) and which
    entries it used."""

    made: dict[bytes, bytes]
    used: set[bytes]
    file: Path | None = None


class OutputCache:
    """Outputs by key, in ``folder/outputs.sqlite`` (None: in memory, for the life of the
    engine: the live preview).

    Anything unexpected (not a SQLite file, another format, a damaged entry) makes the cache
    start afresh; it can only make a build slower, never different.
    """

    FILE = "outputs.sqlite"

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.db: sqlite3.Connection | None = None
        self.used: set[bytes] = set()
        self._inherited: sqlite3.Connection | None = None
        self.pending: dict[bytes, bytes] = {}
        self._pending_bytes = 0
        self._worker = False
        self._handed: Path | None = None  # a worker's file of entries for the build
        # This build's hand-back files (its workers inherit the name): another build using
        # the same cache folder meanwhile keeps its own.
        self._handed_prefix = f"{HANDED}{os.getpid()}-"
        # How many entries this build made (stored early or still pending).
        self.made = 0
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
                db.execute(f"CREATE TABLE IF NOT EXISTS outputs ({COLUMNS})")
                db.execute("INSERT INTO meta VALUES ('format', ?)", (CACHE_FORMAT,))
            elif row[0] != CACHE_FORMAT:
                db.close()
                return None
            db.execute("SELECT count(*) FROM outputs").fetchone()
            return db
        except sqlite3.Error:
            return None

    def get_many(self, keys: Iterable[bytes]) -> dict[bytes, bytes]:
        """The entries it has of ``keys``, including those put during this build (the live
        preview's whole site finds the edited group's pages its quick pass made)."""
        wanted = list(dict.fromkeys(keys))
        self.used.update(wanted)
        found = {k: self.pending[k] for k in wanted if k in self.pending}
        missing = [k for k in wanted if k not in found]
        if self.memory is not None:
            found.update((k, self.memory[k]) for k in missing if k in self.memory)
            return found
        if self.db is None:
            return found
        try:
            for batch, marks in _batches(missing):
                for key, check, data in self.db.execute(
                        f"SELECT key, check_, data FROM outputs WHERE key IN ({marks})", batch):
                    if _intact(check, data):
                        found[key] = data
        except sqlite3.Error:
            self.db = None
            return {k: self.pending[k] for k in wanted if k in self.pending}
        return found

    def get(self, key: bytes) -> bytes | None:
        """One entry, as :meth:`get_many` finds it (the exporters ask for each group's parts
        one by one: at 1,000 groups 11,000 times a build)."""
        self.used.add(key)
        found = self.pending.get(key)
        if found is not None:
            return found
        if self.memory is not None:
            return self.memory.get(key)
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT check_, data FROM outputs WHERE key = ?",
                                  (key,)).fetchone()
        except sqlite3.Error:
            self.db = None
            return None
        return row[1] if row is not None and _intact(*row) else None

    def count(self, keys: Iterable[bytes]) -> int:
        """How many of ``keys`` it has, without reading them (nor keeping them: see
        :meth:`keep`)."""
        wanted = list(dict.fromkeys(keys))
        if self.memory is not None:
            return sum(1 for k in wanted if k in self.memory or k in self.pending)
        if self.db is None:
            return 0
        found = sum(1 for k in wanted if k in self.pending)
        missing = [k for k in wanted if k not in self.pending]
        try:
            for batch, marks in _batches(missing):
                found += self.db.execute(
                    f"SELECT count(*) FROM outputs WHERE key IN ({marks})", batch).fetchone()[0]
        except sqlite3.Error:
            return 0
        return found

    def keep(self, keys: Iterable[bytes]) -> None:
        """Keep entries this build did not read but the next one may need."""
        self.used.update(keys)

    def put(self, key: bytes, data: bytes) -> None:
        self.used.add(key)
        if self.db is not None or self.memory is not None:
            if key not in self.pending:
                self.made += 1
            self.pending[key] = data
            self._pending_bytes += len(data)
            self._spill()

    def _spill(self) -> None:
        """Store what is pending once it is large (a big site's build would otherwise hold
        every calendar, record and index it made until the end). An entry is stored under the
        digest of what made it, so storing it early can only make a later build faster; a
        worker process stores its own in a file of its own (:meth:`hand_back`), and the build
        copies them into its database. (A page worker forked
        while this runs inherits the connection but never uses it: pages do not read the
        cache.)"""
        if self.db is None or self._pending_bytes < SPILL_BYTES:
            return
        if self._worker:
            self._spill_handed()
            return
        try:
            self.db.execute("BEGIN")
            self._store(self.db)
            self.db.execute("COMMIT")
        except sqlite3.Error:
            self.db = None
        self.pending.clear()
        self._pending_bytes = 0

    def _store(self, db: sqlite3.Connection) -> None:
        db.executemany("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?)",
                       ((k, digest(v), v) for k, v in self.pending.items()))

    def save(self) -> None:
        """Store what this build made and forget what it did not use."""
        self.made = 0
        if self.memory is not None:
            self.memory.update(self.pending)
            for key in set(self.memory) - self.used:
                del self.memory[key]
        db = self.db
        if db is None:
            self.pending.clear()
            self._pending_bytes = 0
            self.used.clear()
            return
        try:
            db.execute("BEGIN")
            self._store(db)
            db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key BLOB PRIMARY KEY)")
            db.execute("DELETE FROM used")
            db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in self.used))
            db.execute("DELETE FROM outputs WHERE key NOT IN (SELECT key FROM used)")
            db.execute("COMMIT")
        except sqlite3.Error:
            self.db = None
        self.pending.clear()
        self._pending_bytes = 0
        self.used.clear()
        self._remove_handed()

    # A worker process (:func:`~brochure.engine.workers.run_tasks`) reads the cache through
    # its own connection and hands what it added back to the build, which stores it. With a
    # cache folder the entries go into a file of the worker's own there, which the build copies
    # into its database in SQLite (at 10,000 groups the exports' parts are some 400 MB that
    # would otherwise travel through a pipe and be held in the build's memory at once).

    def forked(self) -> None:
        """In a forked worker: a connection of its own (SQLite's must not cross a fork; the
        inherited one is kept open, never used, so that closing it cannot touch the
        parent's), nothing pending yet."""
        self._inherited = self.db
        if self.folder is not None and self.db is not None:
            self.db = self._connect(self.folder / self.FILE)
        self.pending, self.used, self._pending_bytes, self._worker = {}, set(), 0, True
        self._handed = None

    def hand_back(self) -> Handed:
        """What this worker added and used since it last handed back, for the build."""
        self._spill_handed()  # (a no-op without a folder or with nothing pending)
        handed = Handed(self.pending, self.used, self._handed)
        self.pending, self.used, self._pending_bytes, self._handed = {}, set(), 0, None
        return handed

    def _spill_handed(self) -> None:
        """In a worker: what is pending, into the worker's own file in the cache folder (if
        that cannot be written, the entries are handed back as bytes)."""
        if not self.pending or self.folder is None or self.db is None:
            return
        try:
            if self._handed is None:
                handle, name = tempfile.mkstemp(dir=self.folder, prefix=self._handed_prefix,
                                                suffix=".sqlite")
                os.close(handle)
                self._handed = Path(name)
            with contextlib.closing(sqlite3.connect(self._handed)) as db:
                db.execute(f"CREATE TABLE IF NOT EXISTS outputs ({COLUMNS})")
                self._store(db)
                db.commit()
        except (OSError, sqlite3.Error):
            if self._handed is not None:
                self._handed.unlink(missing_ok=True)
                self._handed = None
            return
        self.pending.clear()
        self._pending_bytes = 0

    def take_back(self, handed: Handed) -> None:
        """Store what a worker handed back: its entries' bytes, or its file's entries copied
        into the database (a file that cannot be read is skipped: its entries are made again
        by a later build, and the cache stays as it was)."""
        self.used.update(handed.used)
        for key, data in handed.made.items():
            self.put(key, data)
        if handed.file is None:
            return
        try:
            if self.db is not None:
                self.made += len(_copied(self.db, handed.file) - self.pending.keys())
        except sqlite3.Error:
            pass  # the file cannot be read: skipped
        finally:
            handed.file.unlink(missing_ok=True)

    def _remove_handed(self) -> None:
        """This build's hand-back files its workers left (a task that failed, a build that
        stopped) are removed with the build's cache, and so are those of builds whose
        process is gone (killed before they could remove theirs)."""
        if self.folder is None or self._worker:
            return
        for left in self.folder.glob(HANDED + "*"):
            if left.name.startswith(self._handed_prefix) or not _running(left.name):
                left.unlink(missing_ok=True)

    def discard(self) -> None:
        """Forget what this build made (a build into a temporary folder). Entries already
        stored (early, or handed back by workers) stay: they are found by what made them,
        like any other."""
        self.pending.clear()
        self._pending_bytes = 0
        self.used.clear()
        self.made = 0

    def close(self) -> None:
        self._remove_handed()
        if self.db is not None:
            self.db.close()
            self.db = None


def _intact(check: bytes, data: bytes) -> bool:
    """Whether a stored entry is as it was stored (a damaged one is simply not found)."""
    return digest(data) == check


def _copied(db: sqlite3.Connection, file: Path) -> set[bytes]:
    """Copy every entry of the database ``file`` into ``db``, in one transaction; the keys
    ``db`` did not have. On an error ``db`` is left as it was."""
    db.execute("ATTACH DATABASE ? AS handed", (str(file),))
    try:
        db.execute("BEGIN")
        new = {key for (key,) in db.execute(
            "SELECT key FROM handed.outputs WHERE key NOT IN (SELECT key FROM main.outputs)")}
        db.execute("INSERT OR REPLACE INTO main.outputs (key, check_, data) "
                   "SELECT key, check_, data FROM handed.outputs")
        db.execute("COMMIT")
        return new
    except sqlite3.Error:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    finally:
        db.execute("DETACH DATABASE handed")


# --- what the last build published --------------------------------------------------------------

@dataclass(frozen=True)
class Published:
    """One file of the last build's tree as it was written."""

    digest: bytes
    size: int
    mtime_ns: int


class Mirror:
    """The last build's files, hard-linked in the cache folder (``published/``) with their
    digests, sizes and times (``published.json``): the next build links what did not change
    from here, whatever folder it writes to (a fresh checkout restores only the cache).

    Linking costs no bytes on the same file system. A file is trusted only while its size and
    modification time are the ones recorded: one changed by hand since is made again."""

    def __init__(self, folder: Path) -> None:
        self.root = folder / "published"
        self.file = folder / "published.json"
        self.files: dict[str, Published] = {}

    def load(self) -> Mirror:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
            if data.get("format") != CACHE_FORMAT:
                return self
            self.files = {path: Published(bytes.fromhex(d), size, mtime)
                          for path, (d, size, mtime) in data["files"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.files = {}
        return self

    def unchanged(self, path: str, wanted: bytes) -> Path | None:
        """The last build's file at ``path``, if it still holds the bytes of ``wanted``."""
        found = self.files.get(path)
        if found is None or found.digest != wanted:
            return None
        source = self.root / path
        try:
            stat = source.stat()
        except OSError:
            return None
        if stat.st_size != found.size or stat.st_mtime_ns != found.mtime_ns:
            return None
        return source

    def update(self, tree: Path, digests: Mapping[str, bytes],
               linked: Set[str] = frozenset()) -> None:
        """Make the mirror the tree just published: link in what changed, drop what went.
        The files in ``linked`` came from the mirror as they are (found unchanged by this
        build), so they are not looked at again."""
        try:
            for path in set(self.files) - set(digests):
                (self.root / path).unlink(missing_ok=True)
                del self.files[path]
            for path, found in digests.items():
                if (path in linked and path in self.files) or \
                        self.unchanged(path, found) is not None:
                    continue
                target = self.root / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.unlink(missing_ok=True)
                link_or_copy(tree / path, target)
                stat = target.stat()
                self.files[path] = Published(found, stat.st_size, stat.st_mtime_ns)
            self._save()
        except OSError:
            # A mirror that cannot be kept only makes the next build slower.
            shutil.rmtree(self.root, ignore_errors=True)
            self.file.unlink(missing_ok=True)
            self.files = {}

    def _save(self) -> None:
        handle, temporary = tempfile.mkstemp(dir=self.file.parent, prefix=".published-")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump({"format": CACHE_FORMAT,
                       "files": {path: [p.digest.hex(), p.size, p.mtime_ns]
                                 for path, p in sorted(self.files.items())}}, stream)
        os.replace(temporary, self.file)
