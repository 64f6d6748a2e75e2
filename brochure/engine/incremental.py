"""The live preview's builds: the build engine, writing only the files an edit changed.

:class:`IncrementalBuilder` keeps one :class:`~brochure.engine.build.Engine` (the same steps as
``build``) and, between updates, the digest of every file in its output folder. After an edit
the engine makes the whole site again, but everything that did not change comes from its
caches: unchanged files are not read again (:class:`~brochure.check.content.FileCache`) and pages
whose data and templates are the same are not rendered again (the output cache knows what they
rendered to, and the folder still holds it). Only files whose bytes differ are written, each
atomically, and files that are gone are deleted, so the folder always equals a full build.

When group files changed, the engine renders and writes those groups' own pages first (their
page in each language, the short link, posters), from a model of those groups alone, and calls
``early``: the person who saved the file is looking at one of them (at 1,000 groups, 0.1 s
after the save instead of 2.7 s). The whole site then makes them again; one that comes out
different is written again and listed in :attr:`Update.corrected` (the tests require none).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from brochure.core import i18n
from brochure.core.collection import collection_paused
from brochure.core.digests import digest
from brochure.core.i18n import LOCALE_DIR
from brochure.core.problems import Problem, Severity
from brochure.engine.build import BuildOptions, Engine
from brochure.output.render import STATIC, TEMPLATES
from brochure.output.writer import write_file
from brochure.site.model import SiteModel

# Files in the content folder whose change can alter every page.
GLOBAL_FILES = frozenset({"site.yaml", "vocabularies.yaml"})


class Cancelled(Exception):
    """The update was left unfinished: the preview is stopping, or newer edits came."""


@dataclass
class Changes:
    """Changed files, sorted by what they can affect."""

    content: set[Path] = field(default_factory=set)
    templates: set[str] = field(default_factory=set)
    static: bool = False
    catalogs: bool = False
    # Start afresh: unknown changes, the site settings, vocabularies or catalogs.
    reset: bool = False

    @property
    def group_slugs(self) -> set[str] | None:
        """The slugs of the changed group files, or None if anything else changed too."""
        if self.reset or self.templates or self.static or not self.content:
            return None
        slugs = set()
        for path in self.content:
            if path.parent.name == "groups" and path.suffix == ".yaml":
                slugs.add(path.stem)
            elif path.exists() or path.parent.name != "groups":
                return None
            # else: an editor's temporary file, already gone (sed -i, atomic saves)
        return slugs


@dataclass
class Update:
    """What one update did (``ok`` is false when content errors or a failure stopped it)."""

    ok: bool
    problems: list[Problem] = field(default_factory=list)
    failure: BaseException | None = None
    cancelled: bool = False
    full: bool = False
    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    quick: list[str] = field(default_factory=list)
    corrected: list[str] = field(default_factory=list)
    seconds: float = 0.0
    quick_seconds: float | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


class IncrementalBuilder:
    """Keeps ``output`` equal to a full build of ``content_dir``, updating only what changed.

    Not thread-safe: one thread calls :meth:`update`; :meth:`cancel` and :meth:`interrupt`
    may come from another.
    """

    def __init__(self, content_dir: Path, output: Path, today: dt.date, *,
                 base_url: str | None = None, templates: Path = TEMPLATES,
                 static: Path = STATIC, locale_dir: Path = LOCALE_DIR,
                 cache: Path | None = None) -> None:
        self.content_dir = content_dir
        self.output = output
        self.today = today
        self.templates = templates
        self.static = static
        self.locale_dir = locale_dir
        # The preview's threads rule out forked workers: pages are rendered in this thread.
        self.engine = Engine(BuildOptions(base_url=base_url, jobs=1, templates=templates,
                                          static=static), cache, locale_dir)
        self.model: SiteModel | None = None
        self.digests: dict[str, bytes] = {}
        self._pending = Changes(reset=True)
        self._cancel = threading.Event()
        self._interrupt = threading.Event()
        self._interruptible = False

    def cancel(self) -> None:
        """Stop for good: an update under way ends at its next file (the preview closes)."""
        self._cancel.set()

    def interrupt(self) -> None:
        """Newer edits are waiting: end an update under way early (its changes are taken up
        by the next update)."""
        self._interrupt.set()

    def _check(self) -> None:
        if self._cancel.is_set() or (self._interruptible and self._interrupt.is_set()):
            raise Cancelled

    def classify(self, paths: Iterable[Path] | None) -> Changes:
        """Sort changed paths by what they can affect (None: anything may have changed)."""
        if paths is None:
            return Changes(reset=True)
        changes = Changes()
        content, templates = _resolved(self.content_dir), _resolved(self.templates)
        static, locale = _resolved(self.static), _resolved(self.locale_dir)
        for path in paths:
            path = _resolved(path)
            if path.is_relative_to(content):
                if path.parent == content and path.name in GLOBAL_FILES:
                    changes.reset = True
                changes.content.add(path)
            elif path.is_relative_to(templates):
                changes.templates.add(path.relative_to(templates).as_posix())
            elif path.is_relative_to(static):
                changes.static = True
            elif path.is_relative_to(locale) and path.suffix == ".po":
                changes.catalogs = changes.reset = True
        return changes

    def update(self, paths: Iterable[Path] | None = None,
               early: Callable[[list[str]], None] | None = None) -> Update:
        """Bring the output up to date after ``paths`` changed (None: after anything).

        ``early`` is called with the files of the edited groups, written before the rest.
        """
        started = time.perf_counter()
        changes = _merge(self._pending, self.classify(paths))
        self._pending = changes
        self._interrupt.clear()
        # The edited group's own pages are always finished, and a fresh start is never cut
        # short (the next update would have to start afresh again).
        self._interruptible = False
        if changes.catalogs:
            i18n.reload()
        # No garbage collection during an update: with the caches a full collection takes a
        # good part of a second, and someone is waiting for the pages (collected after).
        with collection_paused():
            checked = self.engine.load(self.content_dir, self.today)
            result = Update(ok=False, problems=list(checked.problems), full=changes.reset)
            content = checked.ready()
            if content is None:
                result.seconds = time.perf_counter() - started
                return result
            slugs = changes.group_slugs or set()
            seen: dict[str, bytes] = {}

            shown_early: set[str] = set()

            def emit(path: str, data: bytes) -> None:
                before = len(result.written)
                seen[path] = self._write(path, data, result.written)
                if path in shown_early and len(result.written) > before:
                    # The whole site's page differs from the one shown first: a group's own
                    # page depended on more than groups_alone gave it.
                    result.corrected.append(path)
                self._check()

            def unchanged(path: str, found: bytes) -> bool:
                # The page would render to what this folder already holds: kept as it is.
                if self.digests.get(path) != found:
                    return False
                seen[path] = found
                return True

            def quick() -> None:
                self._interruptible = not changes.reset
                result.quick = list(result.written)
                shown_early.update(seen)
                result.quick_seconds = time.perf_counter() - started
                if early is not None and result.quick:
                    early(list(result.quick))
                self._check()

            self._interruptible = not slugs and not changes.reset
            try:
                model, rendered, _cached = self.engine.make(
                    content, emit, unchanged, alone=slugs, early=quick,
                    kept=lambda path: (self.output / path).read_bytes())
                for path in sorted(set(self.digests) - set(seen)):
                    self._delete(path, result)
            except Cancelled:
                self.engine.outputs.save()
                result.cancelled = True
            except Exception as exc:  # a template or program error: shown, kept for a retry
                self.engine.outputs.discard()
                result.failure = exc
            else:
                self.engine.outputs.save()
                result.ok = True
                result.rendered = rendered
                self.model = model
                self._pending = Changes()
        result.seconds = time.perf_counter() - started
        return result

    def _write(self, path: str, data: bytes, written: list[str]) -> bytes:
        """Write ``path`` if its bytes changed; its digest either way."""
        found = digest(data)
        if self.digests.get(path) == found:
            return found
        target = self.output / path
        if self.digests:
            write_file(target, data)
        else:  # the first build: nothing is served from here yet
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        self.digests[path] = found
        written.append(path)
        return found

    def _delete(self, path: str, result: Update) -> None:
        target = self.output / path
        target.unlink(missing_ok=True)
        del self.digests[path]
        result.deleted.append(path)
        # Remove folders left empty, so the tree is the one a full build writes.
        folder = target.parent
        root = self.output.resolve()
        while folder.resolve() != root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def _merge(first: Changes, second: Changes) -> Changes:
    return Changes(first.content | second.content, first.templates | second.templates,
                   first.static or second.static, first.catalogs or second.catalogs,
                   first.reset or second.reset)


def _resolved(path: Path) -> Path:
    return Path(os.path.abspath(path))
