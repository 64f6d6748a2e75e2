"""Changed files below some folders, in batches, with watchfiles.

watchfiles (Rust's ``notify``) uses the system's notifications (inotify, FSEvents,
ReadDirectoryChangesW) and collects the changes in a thread of its own, so nothing is missed
between two calls of :meth:`Watcher.wait`. Where notifications are unavailable (or when asked),
:func:`_poll` compares modification times a few times a second instead.

Not watchfiles' own polling (``force_polling``): in watchfiles 1.3 it compares modification
times in whole seconds, so a file saved again within the same second is never reported
(samuelcolvin/watchfiles#319; fixed in notify by notify-rs/notify#981, not yet released in
watchfiles). When it is, ``_open`` can pass ``force_polling=True`` and :func:`_poll` can go.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Generator, Iterable
from pathlib import Path

from watchfiles import Change, watch

IGNORED_SUFFIXES = (".swp", ".swx", ".swo", ".tmp", "~", ".pyc")
# A batch ends when nothing new has come for QUIET_MS (an editor or a git checkout often
# writes several files at once), but never later than MAX_BATCH_MS after its first change.
QUIET_MS, MAX_BATCH_MS = 10, 100
# How long watchfiles waits when nothing changes before :meth:`Watcher.wait` looks at its
# deadline again.
TICK_MS = 50

_Changes = Generator[set[tuple[Change, str]], None, None]


def _ignored(name: str) -> bool:
    """Hidden files and folders, editors' temporary files and Python's caches."""
    return name.startswith(".") or name.endswith(IGNORED_SUFFIXES) or name == "__pycache__"


class Watcher:
    """Changed files below some folders; :meth:`wait` returns them in batches.

    ``wait`` returns the changed paths (files; a deleted or moved-away folder as itself, a new
    folder with the files in it), an empty set when nothing changed within the timeout, or None
    when the watcher lost track (everything may have changed).
    """

    def __init__(self, roots: Iterable[Path], *, polling: bool = False,
                 interval: float = 0.25) -> None:
        self.roots = [Path(os.path.abspath(r)) for r in roots if r.is_dir()]
        self.interval = interval  # between two looks when polling
        self._prefixes = [str(r).rstrip(os.sep) + os.sep for r in self.roots]
        self._polling = polling
        self._stop = threading.Event()
        self._pending: set[Path] = set()
        self._changes = self._start()

    @property
    def polling(self) -> bool:
        return self._polling

    def close(self) -> None:
        """Stop watching (from any thread: a :meth:`wait` under way returns within
        QUIET_MS)."""
        self._stop.set()
        # A generator running in another thread cannot be closed here; it ends itself on
        # the stop event.
        with contextlib.suppress(ValueError):
            self._changes.close()

    def wait(self, timeout: float) -> set[Path] | None:
        deadline = time.monotonic() + timeout
        found, self._pending = self._pending, set()
        while not found and not self._stop.is_set():
            try:
                batch = next(self._changes, None)
            except (OSError, RuntimeError):
                # The watcher failed (say, a new folder beyond the limit of inotify watches):
                # start afresh, and whatever changed meanwhile is unknown.
                self._changes = self._start()
                return None
            if batch is None:  # closed
                break
            found = self._paths(batch)
            if time.monotonic() >= deadline:
                break
        return found

    def _start(self) -> _Changes:
        if not self._polling:
            try:
                return self._open(polling=False)
            except (OSError, RuntimeError):
                # No notifications here (too many watches or instances, an unusual file
                # system): compare modification times instead.
                self._polling = True
        return self._open(polling=True)

    def _open(self, polling: bool) -> _Changes:
        if polling:
            changes = _poll(self.roots, self.interval, self._stop)
        else:
            changes = watch(
                *self.roots, watch_filter=self._wanted, debounce=MAX_BATCH_MS, step=QUIET_MS,
                stop_event=self._stop, rust_timeout=TICK_MS, yield_on_timeout=True,
                force_polling=False, recursive=True, ignore_permission_denied=True)
        # A generator starts watching when it first runs: run it now, so that nothing written
        # after the constructor returns is missed (and keep what it may already have seen).
        self._pending |= self._paths(next(changes, set()))
        return changes

    def _wanted(self, change: Change, path: str) -> bool:
        for prefix in self._prefixes:
            if path.startswith(prefix):
                return not any(_ignored(part) for part in path[len(prefix):].split(os.sep))
        return True  # a root itself

    def _paths(self, batch: set[tuple[Change, str]]) -> set[Path]:
        found: set[Path] = set()
        for change, name in batch:
            path = Path(name)
            if change == Change.added and path.is_dir():
                # A new folder (made, moved in or checked out): files written into it before
                # it was watched are not reported on their own.
                found |= _files(path)
            elif change == Change.modified and path.is_dir():
                continue  # a folder's time changes with its entries, which are reported
            found.add(path)
        return found


def _files(folder: Path) -> set[Path]:
    found: set[Path] = set()
    for parent, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not _ignored(d)]
        found.update(Path(parent) / name for name in files if not _ignored(name))
    return found


def _poll(roots: list[Path], interval: float, stop: threading.Event) -> _Changes:
    """Changes found by comparing the files' modification times (to the nanosecond), sizes
    and inodes every ``interval`` seconds, batched and yielded like :func:`watchfiles.watch`
    does (an empty set after TICK_MS without changes)."""
    seen = _snapshot(roots)
    scanned = time.monotonic()
    yield set()  # watching has begun
    while not stop.is_set():
        tick_end = time.monotonic() + TICK_MS / 1000
        found: set[tuple[Change, str]] = set()
        first = 0.0
        while True:
            pause = QUIET_MS / 1000 if found else min(scanned + interval, tick_end) \
                - time.monotonic()
            if pause > 0 and stop.wait(pause):
                return
            if not found and time.monotonic() < scanned + interval:
                break  # the end of a tick, and not yet time to look again
            now = _snapshot(roots)
            scanned = time.monotonic()
            changed = {(Change.added, p) for p in now.keys() - seen.keys()}
            changed |= {(Change.deleted, p) for p in seen.keys() - now.keys()}
            changed |= {(Change.modified, p) for p, stamp in now.items()
                        if p in seen and seen[p] != stamp}
            seen = now
            if changed and not found:
                first = scanned
            found |= changed
            if found and (not changed or scanned - first >= MAX_BATCH_MS / 1000):
                break
            if not found and scanned >= tick_end:
                break
        yield found


def _snapshot(roots: list[Path]) -> dict[str, tuple[int, int, int]]:
    found: dict[str, tuple[int, int, int]] = {}
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if not _ignored(d)]
            for name in files:
                if _ignored(name):
                    continue
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                found[path] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    return found
