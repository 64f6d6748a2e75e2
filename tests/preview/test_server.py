"""The live preview over real HTTP and a real LiveReload websocket on 127.0.0.1.

The server runs on a free port, builds a copy of the example content, and is driven the way a
browser and an editor drive it: pages fetched over HTTP, the reload signal received on the
websocket, files edited on disk. Every wait polls with a deadline.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
from tornado.websocket import WebSocketClientConnection, websocket_connect

from brochure.check.content import load_content
from brochure.check.rules import message
from brochure.preview import Preview, Watcher, output_path, serve_in_thread

# A real server with real waits (make test-fast leaves them out).
pytestmark = pytest.mark.slow


def run_isolated(coroutine: Coroutine[Any, Any, object]) -> object:
    """``asyncio.run`` in a thread of its own: the browser tests' Playwright (sync API) may
    have left an event loop attached to the main thread when the whole suite runs."""
    value: list[object] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            value.append(asyncio.run(coroutine))
        except BaseException as error:  # re-raised in the test's thread
            errors.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return value[0] if value else None


REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 23)
GROUP = "torstain-olohuone"
DEADLINE = 30.0


def fetch(url: str) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=DEADLINE) as response:
            return response.status, response.read().decode("utf-8"), dict(response.headers)
    except urllib.error.HTTPError as error:
        with error:  # an error answer holds the connection open until it is closed
            return error.code, error.read().decode("utf-8"), dict(error.headers)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def wait_for(check: Callable[[], bool], what: str, seconds: float = DEADLINE) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


async def eventually(check: Callable[[], Awaitable[bool]], what: str,
                     seconds: float = DEADLINE) -> None:
    deadline = time.monotonic() + seconds
    while not await check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    for name in ("content", "templates", "static"):
        shutil.copytree(REPO / name, tmp_path / name)
    (tmp_path / "locale").mkdir()
    return tmp_path


@pytest.fixture
def preview(site: Path) -> Iterator[Preview]:
    # Copies of everything it watches: edits elsewhere in the repository do not reach it.
    server = Preview(site / "content", TODAY, port=0, lang="sv", templates=site / "templates",
                     static=site / "static", locale_dir=site / "locale",
                     say=lambda text: None)
    thread = serve_in_thread(server)
    try:
        wait_for(lambda: server.state.kind == "ok", "the first build")
        yield server
    finally:
        server.stop()
        thread.join(DEADLINE)
        assert not thread.is_alive(), "the preview did not stop"
    assert server.folder is not None and not server.folder.exists(), "temporary folder left"


class Browser:
    """A page open in a browser: livereload.js's side of the protocol."""

    def __init__(self, socket: WebSocketClientConnection) -> None:
        self.socket = socket
        self.messages: asyncio.Queue[dict[str, object]] = asyncio.Queue()
        self.task = asyncio.ensure_future(self._receive())

    @classmethod
    async def open(cls, base: str, page: str) -> Browser:
        socket = await websocket_connect(base.replace("http://", "ws://") + "livereload")
        await socket.write_message(json.dumps({
            "command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
        hello = json.loads(str(await socket.read_message()))
        assert hello["command"] == "hello"
        await socket.write_message(json.dumps({"command": "info", "url": base + page,
                                               "plugins": {}}))
        return cls(socket)

    async def _receive(self) -> None:
        while (raw := await self.socket.read_message()) is not None:
            self.messages.put_nowait(json.loads(str(raw)))

    async def reload(self) -> dict[str, object]:
        found = await asyncio.wait_for(self.messages.get(), DEADLINE)
        assert found["command"] == "reload", found
        return found

    async def close(self) -> None:
        # Wait for the closing handshake: a socket still open when the event loop ends is
        # reported later, at random, as an unclosed-socket warning in another test.
        self.socket.close()
        try:
            await asyncio.wait_for(self.task, DEADLINE)
        finally:
            self.task.cancel()
            stream = self.socket.protocol.stream if self.socket.protocol else None
            if stream is not None:
                stream.close()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_edit_break_and_fix_are_served_and_reloaded(preview: Preview, site: Path) -> None:
    base = preview.url
    group = site / "content" / "groups" / f"{GROUP}.yaml"
    page = f"sv/groups/{GROUP}/"

    status, body, headers = fetch(base + page)
    assert status == 200 and "Torsdagens vardagsrum" in body
    assert '<script src="/livereload.js?port=' in body and headers["Cache-Control"] == "no-store"
    assert fetch(base + "livereload.js")[0] == 200

    async def scenario() -> None:
        browser = await Browser.open(base, page)
        other = await Browser.open(base, "sv/groups/kielikahvila-kokkola/")
        try:
            # An edit: the page shows it and its browser is told to reload.
            edit(group, 'sv: "Torsdagens vardagsrum"', 'sv: "Torsdagens nya vardagsrum"')
            await browser.reload()
            assert "Torsdagens nya vardagsrum" in fetch(base + page)[1]

            async def updated() -> bool:
                return "Torsdagens nya vardagsrum" in fetch(base + "sv/")[1]

            await eventually(updated, "the home page")
            assert other.messages.empty(), "a page that did not change was reloaded"

            # A broken file: every address shows the error page, in the chosen language.
            edit(group, "municipality: kokkola", "municipality: kokola")
            await browser.reload()
            await other.reload()
            status, error_page, _ = fetch(base + page)
            assert status == 500
            problem = next(p for p in load_content(site / "content", TODAY).problems
                           if p.rule == "unknown-municipality")
            text = html.unescape(error_page)
            assert message(problem, "sv") in text
            assert f"{GROUP}.yaml:{problem.line}" in text and "unknown-municipality" in text
            marked = re.search(r'<mark class="line"><span class="number">(\d+)</span>(.*?)'
                               r"</mark>", error_page)
            assert marked and int(marked.group(1)) == problem.line
            assert marked.group(2) == "municipality: kokola"
            assert "municipality: kokola" in text and "<script src=\"/livereload.js" in text
            assert fetch(base + "fi/")[0] == 500 and fetch(base + "no/such/page/")[0] == 500

            # Fixed: the site is back.
            edit(group, "municipality: kokola", "municipality: kokkola")
            await browser.reload()
            status, body, _ = fetch(base + page)
            assert status == 200 and "Torsdagens nya vardagsrum" in body

            # A stylesheet is swapped in place (livereload.js's live CSS).
            css = site / "static" / "style.css"
            css.write_text(css.read_text(encoding="utf-8") + "\n.preview { color: red }\n",
                           encoding="utf-8")
            reload = await browser.reload()
            assert reload["path"] == "assets/style.css" and reload["liveCSS"] is True
            assert fetch(base + "assets/style.css")[1].endswith(".preview{color:red}\n")
        finally:
            await browser.close()
            await other.close()

    run_isolated(scenario())


def test_addresses_behave_like_a_static_host(preview: Preview) -> None:
    base = preview.url
    status, _body, headers = fetch(base + "fi")
    assert status == 302 and headers["Location"] == "/fi/"
    status, body, _ = fetch(base + "fi/no-such-page/")
    assert status == 404 and "404" in body and "/livereload.js" in body
    status, body, headers = fetch(base + "sitemap.xml")
    assert status == 200 and headers["Content-Type"].startswith(("application/xml", "text/xml"))
    assert "livereload" not in body and base in body  # links point at the preview
    assert fetch(base + "../../etc/passwd")[0] == 404
    status, body, _ = fetch(base + "__preview__/status")
    assert json.loads(body)["state"] == "ok"


def test_output_path_of_an_address() -> None:
    assert output_path("http://127.0.0.1:8000/") == "index.html"
    assert output_path("http://127.0.0.1:8000/fi/groups/x/?a=1#b") == "fi/groups/x/index.html"
    assert output_path("http://h/sitemap.xml") == "sitemap.xml"


@pytest.mark.parametrize("polling", [False, True])
def test_watcher_reports_saved_files(tmp_path: Path, polling: bool) -> None:
    (tmp_path / "groups").mkdir()
    watcher = Watcher([tmp_path], polling=polling, interval=0.02)
    try:
        saved = tmp_path / "groups" / "uusi.yaml"
        saved.write_text("name: x\n", encoding="utf-8")
        (tmp_path / "groups" / ".uusi.yaml.swp").write_text("x", encoding="utf-8")
        seen: set[Path] = set()

        def noticed() -> bool:
            found = watcher.wait(0.05)
            assert found is not None
            seen.update(found)
            return saved in seen

        wait_for(noticed, "the saved file")
        assert all(not p.name.startswith(".") for p in seen)
        # A new folder with a file written at once (as a copy or a git checkout does).
        inside = tmp_path / "new-folder" / "a.yaml"
        inside.parent.mkdir()
        inside.write_text("a: 1\n", encoding="utf-8")
        wait_for(lambda: inside in (watcher.wait(0.05) or set()), "a file in the new folder")
        # Later edits in the new folder are seen too.
        inside.write_text("a: 2\n", encoding="utf-8")
        wait_for(lambda: inside in (watcher.wait(0.05) or set()), "an edit in the new folder")
    finally:
        watcher.close()


# --- the command ------------------------------------------------------------------------

def serve_command(site: Path, port: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "build.py", "serve", "--content", str(site / "content"),
         "--cache", str(site / "cache"), "--port", str(port), "--today", TODAY.isoformat(),
         "--lang", "en"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})


def first_line(process: subprocess.Popen[str]) -> str:
    """The first line the command prints, read in a thread so that the wait has a deadline."""
    lines: list[str] = []
    assert process.stdout is not None
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()
                                                          if process.stdout else ""))
    reader.start()
    reader.join(DEADLINE)
    assert lines, "the command printed nothing"
    return lines[0]


def test_ctrl_c_stops_cleanly(site: Path) -> None:
    process = serve_command(site, 0)
    try:
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", first_line(process))
        assert found, "no address printed"
        base = found.group(0)
        wait_for(lambda: fetch(base + "__preview__/status")[1].find('"ok"') >= 0,
                 "the first build")
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=DEADLINE)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr + stdout
    assert "Preview stopped." in stdout


def test_a_port_in_use_is_explained(site: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = serve_command(site, port)
        try:
            stdout, stderr = process.communicate(timeout=DEADLINE)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == 2
    assert f"Port {port} on 127.0.0.1 is already in use" in stderr
    assert "--port" in stderr and "Traceback" not in stderr + stdout


def test_a_template_error_points_at_its_line(tmp_path: Path) -> None:
    from brochure.output.render import environment
    from brochure.preview import error_page, failure_item

    template = tmp_path / "page.html"
    template.write_text("<p>\n{% if x %}\n<b>{{ x }}</b>\n{% endfi %}\n</p>\n", encoding="utf-8")
    with pytest.raises(Exception) as raised:
        environment("en", tmp_path).get_template("page.html")
    item = failure_item(raised.value)
    assert item.path.endswith("page.html") and item.line == 4
    assert item.rule == "TemplateSyntaxError" and "endfi" in item.message
    page = error_page([item], "en").decode("utf-8")
    assert '<mark class="line"><span class="number">4</span>{% endfi %}</mark>' in page
    assert "&lt;b&gt;{{ x }}&lt;/b&gt;" in page  # the source is escaped, not markup
