"""The live preview: build into a temporary folder, serve it, rebuild and reload on every edit.

Three parts, each small:

- :class:`~brochure.preview.watch.Watcher` notices changed files in ``content/``,
  ``templates/``, ``static/`` and the catalogs, with watchfiles: the system's notifications, or
  comparing modification times a few times a second where there are none.
- A worker thread hands the changes to
  :class:`~brochure.engine.incremental.IncrementalBuilder`, which keeps the temporary folder
  equal to a full build.
- A Tornado server (Tornado comes with ``livereload``) serves that folder and speaks the
  LiveReload protocol with ``livereload``'s own browser script: every HTML page it serves gets a
  ``<script src="/livereload.js">``, which opens a websocket; after a rebuild the server tells
  the pages that changed to reload. ``livereload.Server`` itself is not used: it polls for
  changes every 0.8 s, ignores a change that comes within 3 s of the last reload and has no
  place for an error page.

While the content has errors, every address answers with an error page (HTTP 500,
:mod:`~brochure.preview.errorpage`) that lists the problems in the chosen language with the
lines of the file around each; the page reloads when the files change and the site comes back
as soon as the content is valid.

Long on purpose: the three parts share the server's state (the folder, the last
problems, the open websockets), which one module keeps in view.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import errno
import json
import shutil
import signal
import socket
import tempfile
import threading
import traceback
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import web
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.netutil import bind_sockets

from brochure.check.messages import render as render_problems
from brochure.core import urls
from brochure.core.i18n import LOCALE_DIR, N_, gettext
from brochure.core.languages import FALLBACK
from brochure.engine.incremental import IncrementalBuilder, Update
from brochure.output.render import STATIC, TEMPLATES
from brochure.preview.errorpage import building_page, error_page, failure_item, problem_items
from brochure.preview.watch import Watcher

STATUS_PATH = "__preview__/status"
# How long the full pass waits for a browser to fetch the page the quick pass rebuilt.
FETCH_WAIT = 0.5


def _say(text: str) -> None:
    print(text, flush=True)


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
                 port: int = 8000, lang: str = FALLBACK, templates: Path = TEMPLATES,
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
            # Pages written early were announced then (see _early): not a second time.
            self._notify((set(update.written) - set(update.quick)) | set(update.deleted),
                         everyone=before.kind != "ok")
            self._report(update)
            return
        if update.failure is not None:
            items = [failure_item(update.failure)]
        else:
            items = problem_items(update.errors, self.lang)
        page = error_page(items, self.lang)
        if before.kind == "error" and before.error_page == page:
            return  # the same problems again (one save can come as two batches of changes)
        self.state = State("error", before.generation + 1, page, len(items))
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


class ReloadSocket(LiveReloadHandler):  # type: ignore[misc]  # livereload has no type hints
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
    return urls.output_path(urllib.parse.unquote(urllib.parse.urlsplit(url).path).lstrip("/"))


class StatusHandler(web.RequestHandler):
    """What the preview shows now, for scripts and benchmarks."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def get(self) -> None:
        state = self.preview.state
        self.set_header("Cache-Control", "no-store")
        self.write({"state": state.kind, "generation": state.generation,
                    "errors": state.errors})


class SiteHandler(web.StaticFileHandler):
    """The built site, served by Tornado's static file handler (paths kept inside the folder,
    a folder's index.html, content types, ranges); the error page or 'building…' instead
    while there is nothing to serve. Every HTML page gets the reload script."""

    # StaticFileHandler's own initialize takes the folder; the preview knows it.
    def initialize(self, preview: Preview) -> None:  # type: ignore[override]
        builder = preview.builder
        assert builder is not None
        super().initialize(path=str(builder.output), default_filename="index.html")
        self.preview = preview
        self.awaited = False

    def on_finish(self) -> None:
        if self.awaited:
            self.preview._fetched.set()

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")

    def compute_etag(self) -> str | None:
        # Nothing of the preview is cached (no-store): every build may change any file.
        return None

    def get_content_type(self) -> str:
        kind = super().get_content_type()
        if kind.startswith("text/") or kind in ("application/javascript", "application/json",
                                                "application/xml"):
            kind += "; charset=utf-8"
        return kind

    async def get(self, path: str, include_body: bool = True) -> None:
        preview = self.preview
        state = preview.state
        if state.kind != "ok":
            self.set_header("Cache-Control", "no-store")
            self.set_status(503 if state.kind == "building" else 500)
            return self._html(building_page(preview.lang) if state.kind == "building"
                              else state.error_page)
        self.awaited = bool(preview._awaited) and output_path(path) in preview._awaited
        self.path = self.parse_url_path(path)
        target = self.get_absolute_path(self.root, self.path)
        if path and not path.endswith("/") and Path(target).is_dir():
            # Not the handler's permanent redirect: the next build may make it a file.
            return self.redirect("/" + urllib.parse.quote(path) + "/", permanent=False)
        absolute = self.validate_absolute_path(self.root, target)
        assert absolute is not None
        if absolute.endswith(".html"):
            self.set_header("Cache-Control", "no-store")
            return self._html(Path(absolute).read_bytes())
        return await super().get(path, include_body)

    def write_error(self, status_code: int, **kwargs: object) -> None:
        """A missing address answers with the site's own 404 page, as on the real host."""
        page = Path(self.root) / "404.html"
        if status_code in (403, 404) and page.is_file():
            self.set_status(404)
            self.set_header("Cache-Control", "no-store")
            return self._html(page.read_bytes())
        return super().write_error(status_code, **kwargs)

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
