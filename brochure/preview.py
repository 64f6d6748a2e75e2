"""The live preview: build into a temporary folder, serve it, rebuild and reload on every edit.

Three parts, each small:

- :class:`Watcher` notices changed files in ``content/``, ``templates/``, ``static/`` and the
  catalogs: with Linux's inotify (through ctypes, so there is nothing to install) or, elsewhere,
  by comparing modification times a few times a second.
- A worker thread hands the changes to :class:`~brochure.incremental.IncrementalBuilder`, which
  keeps the temporary folder equal to a full build.
- A Tornado server (Tornado comes with ``livereload``) serves that folder and speaks the
  LiveReload protocol with ``livereload``'s own browser script: every HTML page it serves gets a
  ``<script src="/livereload.js">``, which opens a websocket; after a rebuild the server tells
  the pages that changed to reload. ``livereload.Server`` itself is not used: it polls for
  changes every 0.8 s, ignores a change that comes within 3 s of the last reload and has no
  place for an error page.

While the content has errors, every address answers with an error page (HTTP 500) that lists
the problems in the chosen language with the lines of the file around each; the page reloads
when the files change and the site comes back as soon as the content is valid.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import dataclasses
import datetime as dt
import errno
import html
import json
import mimetypes
import os
import select
import shutil
import signal
import socket
import struct
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
from collections.abc import Callable, Iterable
from pathlib import Path

import jinja2
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import web
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.netutil import bind_sockets

from .i18n import LOCALE_DIR, N_, gettext
from .incremental import IncrementalBuilder, Update
from .problems import Problem
from .render import STATIC, TEMPLATES, environment
from .report import render as render_problems
from .rules import RULES, hint, message

ERROR_TEMPLATE = "preview_error.html"
STATUS_PATH = "__preview__/status"
# Lines shown around the line a problem points at.
CONTEXT_LINES = 2
# After the first change, wait this long for more before building (an editor or a git
# checkout often writes several files at once), but never longer than MAX_BATCH.
QUIET, MAX_BATCH = 0.01, 0.1
# How long the full pass waits for a browser to fetch the page the quick pass rebuilt.
FETCH_WAIT = 0.5
IGNORED_SUFFIXES = (".swp", ".swx", ".swo", ".tmp", "~", ".pyc")


def _say(text: str) -> None:
    print(text, flush=True)


# --- watching files ---------------------------------------------------------------------

class Watcher:
    """Changed files below some folders; :meth:`wait` returns them in batches.

    ``wait`` returns the changed paths, an empty set when nothing changed within the timeout,
    or None when the watcher lost track (everything may have changed).
    """

    def __init__(self, roots: Iterable[Path], *, polling: bool = False,
                 interval: float = 0.25) -> None:
        self.roots = [Path(os.path.abspath(r)) for r in roots if r.is_dir()]
        self.interval = interval
        self._inotify: _Inotify | None = None
        if not polling and sys.platform.startswith("linux"):
            try:
                self._inotify = _Inotify(self.roots)
            except OSError:
                self._inotify = None  # e.g. the limit of watches is reached: poll instead
        self._snapshot = {} if self._inotify else _snapshot(self.roots)

    @property
    def polling(self) -> bool:
        return self._inotify is None

    def close(self) -> None:
        if self._inotify is not None:
            self._inotify.close()

    def wait(self, timeout: float) -> set[Path] | None:
        first = self._changes(timeout)
        if not first:
            return first
        found: set[Path] | None = set(first)
        deadline = time.monotonic() + MAX_BATCH
        while found is not None and time.monotonic() < deadline:
            more = self._changes(QUIET)
            if more is None:
                found = None
            elif not more:
                break
            else:
                found |= more
        return found

    def _changes(self, timeout: float) -> set[Path] | None:
        if self._inotify is not None:
            return self._inotify.read(timeout)
        deadline = time.monotonic() + timeout
        while True:
            now = _snapshot(self.roots)
            changed = {Path(p) for p in now.keys() ^ self._snapshot.keys()}
            changed |= {Path(p) for p, stamp in now.items()
                        if p in self._snapshot and self._snapshot[p] != stamp}
            self._snapshot = now
            if changed or time.monotonic() >= deadline:
                return changed
            time.sleep(min(self.interval, max(0.0, deadline - time.monotonic())))


def _ignored(name: str) -> bool:
    return name.startswith(".") or name.endswith(IGNORED_SUFFIXES) or name == "__pycache__"


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


class _Inotify:
    """Linux inotify through libc: one watch per folder, new folders watched as they come."""

    # Whole writes only: a file is reported when closed after writing or moved, not while
    # it is still being written (IN_MODIFY) or just created empty (IN_CREATE).
    CLOSE_WRITE, ATTRIB, MOVED_FROM, MOVED_TO = 0x8, 0x4, 0x40, 0x80
    CREATE, DELETE, DELETE_SELF, MOVE_SELF = 0x100, 0x200, 0x400, 0x800
    OVERFLOW, IGNORED, ISDIR = 0x4000, 0x8000, 0x40000000
    MASK = CLOSE_WRITE | ATTRIB | MOVED_FROM | MOVED_TO | CREATE | DELETE | DELETE_SELF \
        | MOVE_SELF
    EVENT = struct.Struct("iIII")

    def __init__(self, roots: list[Path]) -> None:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        self._add = libc.inotify_add_watch
        self._add.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
        fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        self.fd = fd
        self.folders: dict[int, Path] = {}
        try:
            for root in roots:
                self._watch_tree(root)
        except OSError:
            self.close()
            raise

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def _watch_tree(self, root: Path) -> set[Path]:
        """Watch ``root`` and the folders below it; return the files already in them (a new
        folder's files may have been written before its watch was added)."""
        found: set[Path] = set()
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if not _ignored(d)]
            wd = self._add(self.fd, os.fsencode(folder), self.MASK)
            if wd < 0:
                error = ctypes.get_errno()
                if error == errno.ENOENT:  # removed meanwhile
                    continue
                raise OSError(error, f"cannot watch {folder}: {os.strerror(error)}")
            self.folders[wd] = Path(folder)
            found.update(Path(folder) / name for name in files if not _ignored(name))
        return found

    def read(self, timeout: float) -> set[Path] | None:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return set()
        try:
            data = os.read(self.fd, 1 << 16)
        except BlockingIOError:
            return set()
        changed: set[Path] = set()
        offset = 0
        while offset + self.EVENT.size <= len(data):
            wd, mask, _cookie, length = self.EVENT.unpack_from(data, offset)
            raw = data[offset + self.EVENT.size:offset + self.EVENT.size + length]
            offset += self.EVENT.size + length
            if mask & self.OVERFLOW:
                return None
            folder = self.folders.get(wd)
            if mask & self.IGNORED:
                self.folders.pop(wd, None)
                continue
            if folder is None:
                continue
            name = os.fsdecode(raw.rstrip(b"\0"))
            if not name:  # the folder itself was moved or deleted
                changed.add(folder)
                continue
            if _ignored(name):
                continue
            path = folder / name
            if mask & self.ISDIR:
                if mask & (self.CREATE | self.MOVED_TO):
                    try:
                        changed |= self._watch_tree(path)
                    except OSError:
                        return None
                changed.add(path)
            elif not mask & self.CREATE:
                changed.add(path)
        return changed


# --- the error page ---------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class ErrorItem:
    path: str
    line: int
    column: int
    rule: str
    message: str
    hint: str
    excerpt: tuple[tuple[int, str, bool], ...]


def excerpt(path: str, line: int, around: int = CONTEXT_LINES) -> tuple[tuple[int, str, bool],
                                                                          ...]:
    """The lines of a file around ``line``: (number, text, is the line itself)."""
    if line < 1:
        return ()
    try:
        text = Path(path).read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return ()
    lines = text.splitlines()
    first, last = max(1, line - around), min(len(lines), line + around)
    # Tabs are shown as arrows: a tab in YAML is an error that is otherwise invisible.
    return tuple((n, lines[n - 1].replace("\t", "→   "), n == line)
                 for n in range(first, last + 1))


def problem_items(problems: Iterable[Problem], lang: str) -> list[ErrorItem]:
    return [ErrorItem(p.path, p.line, p.column, p.rule, message(p, lang), hint(p, lang),
                      excerpt(p.path, p.line))
            for p in problems if p.rule in RULES]


def failure_item(exc: BaseException) -> ErrorItem:
    """A template error (or a bug) as an item of the error page, pointing into the template."""
    path, line = "", 0
    if isinstance(exc, jinja2.TemplateSyntaxError):
        path, line = exc.filename or exc.name or "", exc.lineno
    else:
        for frame in traceback.extract_tb(exc.__traceback__):
            if frame.filename.endswith(".html"):
                path, line = frame.filename, frame.lineno or 0
        if not path and exc.__traceback__ is not None:
            last = traceback.extract_tb(exc.__traceback__)[-1]
            path, line = last.filename, last.lineno or 0
    shown = _shown_path(path)
    text = getattr(exc, "message", None) or str(exc)
    return ErrorItem(shown, line, 0, type(exc).__name__, text, "", excerpt(path, line))


def _shown_path(path: str) -> str:
    try:
        return os.path.relpath(path) if path else ""
    except ValueError:
        return path


def error_page(items: list[ErrorItem], lang: str) -> bytes:
    """The error page in ``lang``; plain text in HTML if even that template fails."""
    try:
        env = environment(lang, TEMPLATES)
        return env.get_template(ERROR_TEMPLATE).render(items=items, lang=lang).encode("utf-8")
    except Exception as exc:  # the preview's own page must never hide the real problem
        body = "\n\n".join(f"{i.path}:{i.line} {i.rule}: {i.message}" for i in items)
        return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Preview</title>"
                f"</head><body><pre>{html.escape(body)}\n\n{html.escape(repr(exc))}</pre>"
                f"</body></html>").encode()


def building_page(lang: str) -> bytes:
    text = html.escape(gettext(lang, N_("Building the preview… This page reloads when it is "
                                        "ready.")))
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{text}</title></head><body><p>{text}</p></body></html>").encode()


# --- the server ----------------------------------------------------------------------------

class PortUnavailable(Exception):
    """The address cannot be listened on (most often: another program uses the port)."""


@dataclasses.dataclass(frozen=True)
class State:
    """What the server shows now; replaced whole by the worker thread."""

    kind: str = "building"  # building | ok | error
    generation: int = 0
    error_page: bytes = b""
    errors: int = 0


class Preview:
    """Builds ``content`` into a temporary folder and serves it with live reload."""

    def __init__(self, content: Path, today: dt.date, *, host: str = "127.0.0.1",
                 port: int = 8000, lang: str = "fi", templates: Path = TEMPLATES,
                 static: Path = STATIC, locale_dir: Path = LOCALE_DIR, polling: bool = False,
                 say: Callable[[str], None] = _say) -> None:
        self.content = content
        self.today = today
        self.host = host
        self.port = port
        self.lang = lang
        self.templates = templates
        self.static = static
        self.locale_dir = locale_dir
        self.polling = polling
        self.say = say
        self.state = State()
        self.clients: set[ReloadSocket] = set()
        self.sockets: list[socket.socket] = []
        self.folder: Path | None = None
        self.builder: IncrementalBuilder | None = None
        self.loop: IOLoop | None = None
        self._stop = threading.Event()
        self._stopped: asyncio.Event | None = None
        self._worker: threading.Thread | None = None
        self._ready = threading.Event()
        # Pages the quick pass just wrote for an open browser, and whether it fetched one.
        self._awaited: frozenset[str] = frozenset()
        self._fetched = threading.Event()
        # Changes seen but not yet built (None: everything), guarded by _lock.
        self._queued: set[Path] | None = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._watching = threading.Event()

    @property
    def url(self) -> str:
        host = self.host
        if host in ("0.0.0.0", "::", ""):
            host = "127.0.0.1"
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}/"

    def bind(self) -> None:
        """Take the port now, so that a port in use is reported before anything is built."""
        try:
            self.sockets = bind_sockets(self.port, address=self.host)
        except (OSError, OverflowError) as exc:
            code = getattr(exc, "errno", None)
            if code == errno.EADDRINUSE:
                text = gettext(self.lang, N_(
                    "Port %(port)s on %(host)s is already in use (is another preview running?). "
                    "Stop the other program or choose another port with --port."))
            elif code == errno.EACCES:
                text = gettext(self.lang, N_(
                    "Not allowed to use port %(port)s on %(host)s; choose a port above 1024 "
                    "with --port."))
            else:
                text = gettext(self.lang, N_(
                    "Cannot listen on %(host)s port %(port)s: %(reason)s"))
            raise PortUnavailable(text % {"host": self.host, "port": self.port,
                                          "reason": exc}) from None
        self.port = self.sockets[0].getsockname()[1]

    # -- running --

    def run(self) -> int:
        """Serve until Ctrl-C (SIGINT) or SIGTERM; 0 when stopped that way."""
        try:
            asyncio.run(self.serve(signals=True))
        except KeyboardInterrupt:  # platforms without loop signal handlers
            self._cleanup()
        return 0

    async def serve(self, signals: bool = False) -> None:
        if not self.sockets:
            self.bind()
        self._stopped = asyncio.Event()
        loop = asyncio.get_running_loop()
        if signals:
            for sig in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError, RuntimeError):
                    loop.add_signal_handler(sig, self._stopped.set)
        self.loop = IOLoop.current()
        self.folder = Path(tempfile.mkdtemp(prefix="brochure-preview-"))
        self.builder = IncrementalBuilder(self.content, self.folder / "site", self.today,
                                          base_url=self.url, templates=self.templates,
                                          static=self.static, locale_dir=self.locale_dir)
        app = web.Application([
            (r"/livereload", ReloadSocket, {"preview": self}),
            (r"/livereload\.js", LiveReloadJSHandler),
            (r"/" + STATUS_PATH, StatusHandler, {"preview": self}),
            (r"/(.*)", SiteHandler, {"preview": self}),
        ], log_function=_quiet)
        server = HTTPServer(app)
        server.add_sockets(self.sockets)
        self.say(gettext(self.lang, N_("Preview at %(url)s (press Ctrl-C to stop)")) % {
            "url": self.url})
        self._worker = threading.Thread(target=self._work, name="preview-builder", daemon=True)
        self._worker.start()
        self._ready.set()
        try:
            await self._stopped.wait()
        finally:
            server.stop()
            for client in list(self.clients):
                client.close()
            self._stop.set()
            self.builder.cancel()
            await asyncio.to_thread(self._worker.join, 10)
            await server.close_all_connections()
            self._cleanup()
            self.say(gettext(self.lang, N_("Preview stopped.")))

    def stop(self) -> None:
        """Stop serving (from any thread)."""
        loop, stopped = self.loop, self._stopped
        if loop is not None and stopped is not None:
            loop.add_callback(stopped.set)

    def _cleanup(self) -> None:
        self._stop.set()
        for sock in self.sockets:
            sock.close()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    # -- the worker thread --

    def _watch(self) -> None:
        """The watcher thread: queue changes, wake the builder, cut short a long update."""
        watcher = Watcher([self.content, self.templates, self.static, self.locale_dir],
                          polling=self.polling)
        self._watching.set()
        try:
            while not self._stop.is_set():
                changed = watcher.wait(0.25)
                if changed is not None and not changed:
                    continue
                with self._lock:
                    if changed is None or self._queued is None:
                        self._queued = None
                    else:
                        self._queued |= changed
                self._wake.set()
                if self.builder is not None:
                    self.builder.interrupt()
        finally:
            watcher.close()

    def _work(self) -> None:
        """The builder thread: the first build, then one update per batch of changes."""
        watcher = threading.Thread(target=self._watch, name="preview-watcher", daemon=True)
        watcher.start()
        self._watching.wait(5)  # edits made during the first build are seen
        try:
            self._rebuild(None)
            while not self._stop.is_set():
                if not self._wake.wait(0.25):
                    continue
                with self._lock:
                    changed, self._queued = self._queued, set()
                    self._wake.clear()
                self._rebuild(changed)
        except Exception:  # never die silently: say why the preview no longer updates
            if not self._stop.is_set():
                self.say(traceback.format_exc())
        finally:
            self._stop.set()
            watcher.join(5)

    def _rebuild(self, changed: set[Path] | None) -> None:
        builder = self.builder
        assert builder is not None
        update = builder.update(changed, early=self._early)
        if update.cancelled or self._stop.is_set():
            return
        before = self.state
        if update.ok:
            self.state = State("ok", before.generation + 1)
            self._notify(set(update.written) | set(update.deleted),
                         everyone=before.kind != "ok")
            self._report(update)
            return
        if update.failure is not None:
            items = [failure_item(update.failure)]
        else:
            items = problem_items(update.errors, self.lang)
        self.state = State("error", before.generation + 1, error_page(items, self.lang),
                           len(items))
        self._notify(set(), everyone=True)
        if update.failure is not None:
            self.say("".join(traceback.format_exception_only(update.failure)).rstrip())
        else:
            self.say(render_problems(update.errors, "text", self.lang))

    def _early(self, written: list[str]) -> None:
        """The edited group's pages are written: reload the browsers that show them, and
        give them a moment to fetch the page before the full pass takes the processor."""
        before = self.state
        self.state = State("ok", before.generation)
        paths = set(written)
        watching = {c.page for c in list(self.clients) if c.page} & paths
        self._awaited = frozenset(watching)
        self._fetched.clear()
        self._notify(paths, everyone=before.kind != "ok")
        if watching:
            self._fetched.wait(FETCH_WAIT)
        self._awaited = frozenset()

    def _report(self, update: Update) -> None:
        changed = len(update.written) + len(update.deleted)
        text = gettext(self.lang, N_("Updated %(files)s files in %(ms)s ms.")) % {
            "files": changed, "ms": round(update.seconds * 1000)}
        if update.quick_seconds is not None and update.quick:
            text += " " + gettext(self.lang, N_("The edited group's pages were ready in "
                                                "%(ms)s ms.")) % {
                "ms": round(update.quick_seconds * 1000)}
        self.say(text)

    def _notify(self, paths: set[str], everyone: bool) -> None:
        loop = self.loop
        if loop is not None:
            loop.add_callback(self._send_reloads, paths, everyone)

    def _send_reloads(self, paths: set[str], everyone: bool) -> None:
        """Tell each open page to reload if it changed (all of them after an error)."""
        if not everyone and paths and all(p.endswith(".css") for p in paths):
            # Stylesheets only: livereload.js swaps them without reloading the page.
            for client in list(self.clients):
                client.reload(sorted(paths)[0])
            return
        known = self.builder.digests if self.builder is not None else {}
        for client in list(self.clients):
            page = client.page
            if (everyone or page is None or page in paths or page not in known
                    or any(p.startswith("assets/") for p in paths)):
                client.reload(page or "*")


def _quiet(handler: web.RequestHandler) -> None:
    """No access log: the console is for rebuilds and problems."""


class ReloadSocket(LiveReloadHandler):  # type: ignore[misc]
    """livereload's websocket, with the open pages kept per server (not in a class global)."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview
        self.page: str | None = None

    def check_origin(self, origin: str) -> bool:
        # Only the preview's own pages (livereload allows any site to connect).
        return _same_host(origin, self.request.host)

    def on_message(self, message: str | bytes) -> None:
        try:
            data = json.loads(message)
        except ValueError:
            return
        if not isinstance(data, dict):
            return
        if data.get("command") == "hello":
            self.send_message({
                "command": "hello",
                "protocols": ["http://livereload.com/protocols/official-7"],
                "serverName": "brochure-preview",
            })
        elif data.get("command") == "info":
            self.page = output_path(str(data.get("url", "")))
            self.preview.clients.add(self)

    def on_close(self) -> None:
        self.preview.clients.discard(self)

    def reload(self, path: str) -> None:
        self.send_message({"command": "reload", "path": path, "liveCSS": True,
                           "liveImg": True})


def _same_host(origin: str, host: str) -> bool:
    return urllib.parse.urlsplit(origin).netloc.lower() == host.lower()


def output_path(url: str) -> str:
    """The file an address of the preview is served from ('fi/' -> 'fi/index.html')."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path).lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path


class StatusHandler(web.RequestHandler):
    """What the preview shows now, for scripts and benchmarks."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def get(self) -> None:
        state = self.preview.state
        self.set_header("Cache-Control", "no-store")
        self.write({"state": state.kind, "generation": state.generation,
                    "errors": state.errors})


class SiteHandler(web.RequestHandler):
    """The built site, the error page, or 'building…', each with the reload script."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview
        self.awaited = False

    def on_finish(self) -> None:
        if self.awaited:
            self.preview._fetched.set()

    def get(self, path: str) -> None:
        preview = self.preview
        state = preview.state
        self.set_header("Cache-Control", "no-store")
        if state.kind == "building":
            self.set_status(503)
            return self._html(building_page(preview.lang))
        if state.kind == "error":
            self.set_status(500)
            return self._html(state.error_page)
        builder = preview.builder
        assert builder is not None
        root = builder.output
        self.awaited = bool(preview._awaited) and output_path(path) in preview._awaited
        parts = path.split("/")
        if any(p in (".", "..") or "\\" in p for p in parts):
            raise web.HTTPError(404)
        target = root.joinpath(*[p for p in parts if p])
        if target.is_dir():
            if path and not path.endswith("/"):
                return self.redirect("/" + urllib.parse.quote(path) + "/", permanent=False)
            target = target / "index.html"
        try:
            data = target.read_bytes()
        except OSError:
            self.set_status(404)
            try:
                return self._html((root / "404.html").read_bytes())
            except OSError:
                raise web.HTTPError(404) from None
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            return self._html(data)
        if kind.startswith("text/") or kind in ("application/javascript", "application/json",
                                                "application/xml"):
            kind += "; charset=utf-8"
        self.set_header("Content-Type", kind)
        self.finish(data)

    def _html(self, data: bytes) -> None:
        script = (f'<script src="/livereload.js?port={self.preview.port}"></script>'
                  .encode("ascii"))
        for marker in (b"</head>", b"</body>"):
            index = data.find(marker)
            if index >= 0:
                data = data[:index] + script + data[index:]
                break
        else:
            data += script
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(data)


def serve_in_thread(preview: Preview, timeout: float = 30) -> threading.Thread:
    """Run ``preview`` in a background thread (tests, benchmarks); stop it with
    :meth:`Preview.stop` and join the thread."""
    errors: list[BaseException] = []

    def main() -> None:
        try:
            asyncio.run(preview.serve())
        except BaseException as exc:  # reported to the caller below
            errors.append(exc)
            preview._ready.set()

    thread = threading.Thread(target=main, name="preview-server", daemon=True)
    thread.start()
    if not preview._ready.wait(timeout):
        raise TimeoutError("the preview did not start")
    if errors:
        raise errors[0]
    return thread
