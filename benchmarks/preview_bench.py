"""How long from saving a group file to the preview serving the rebuilt page?

For each size N, writes N synthetic groups (``synthetic.py``), starts the real preview
(``python build.py serve --port 0``) in its own process, waits for the first build, and acts
as a browser showing one group's page: connected to the LiveReload websocket, it edits the
group's Finnish name ``--edits`` times; after each save it waits for the reload message and
fetches the page until it shows the new name ("page served"), then polls the preview's status
until the whole update is done, lists, filters and sitemap included ("all pages"). Prints the
median and 90th percentile of both. Target: page served in under 150 ms at 1,000 groups.

    .venv/bin/python benchmarks/preview_bench.py --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from synthetic import write_synthetic_content
from tornado.httpclient import AsyncHTTPClient
from tornado.websocket import websocket_connect

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)
TARGET_GROUPS, TARGET_MS = 1000, 150.0


async def get(client: AsyncHTTPClient, url: str) -> tuple[int, bytes]:
    response = await client.fetch(url, raise_error=False, request_timeout=600)
    return response.code, response.body or b""


async def status(client: AsyncHTTPClient, base: str) -> dict[str, object]:
    code, body = await get(client, base + "__preview__/status")
    return json.loads(body) if code == 200 else {}


async def until(check: Callable[[], Awaitable[bool]], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not await check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        await asyncio.sleep(0.002)


def start(content: Path, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    """Start the preview; its output goes to ``log`` (a pipe nobody reads could fill up)."""
    with log.open("wb") as stream:
        process = subprocess.Popen(
            [sys.executable, "build.py", "serve", "--content", str(content), "--port", "0",
             "--today", TODAY.isoformat(), "--lang", "en"],
            cwd=REPO, stdout=stream, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 60
    while not (found := re.search(r"http://127\.0\.0\.1:(\d+)/", log.read_text())):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"the preview did not start:\n{log.read_text()}")
        time.sleep(0.05)
    return process, int(found.group(1))


async def browse(port: int, slug: str, target: Path, edits: int,
                 all_timeout: float) -> dict[str, float]:
    """Act as a browser showing the group's page: on the reload message, fetch it again."""
    base = f"http://127.0.0.1:{port}/"
    page = f"{base}fi/groups/{slug}/"
    http = AsyncHTTPClient()
    started = time.monotonic()

    async def ready() -> bool:
        return (await status(http, base)).get("state") == "ok"

    await until(ready, 3600, "the first build")
    first_build = time.monotonic() - started
    socket = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
    await socket.write_message(json.dumps({
        "command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
    await socket.read_message()
    await socket.write_message(json.dumps({"command": "info", "url": page, "plugins": {}}))
    messages: asyncio.Queue[str] = asyncio.Queue()

    async def receive() -> None:
        while (message := await socket.read_message()) is not None:
            messages.put_nowait(str(message))

    receiver = asyncio.ensure_future(receive())
    original = target.read_text(encoding="utf-8")
    name = re.search(r'^name:\n  fi: "([^"]*)"', original, re.MULTILINE)
    assert name, "no Finnish name in the synthetic group"
    page_ms, all_ms = [], []
    try:
        for i in range(edits):
            while not messages.empty():
                messages.get_nowait()
            marker = f"Muokattu{i:03d}".encode()
            generation = int(str((await status(http, base)).get("generation", 0)))
            edited = original.replace(name.group(0), name.group(0)[:-1] + f' Muokattu{i:03d}"')
            t0 = time.perf_counter()
            target.write_text(edited, encoding="utf-8")
            while json.loads(await asyncio.wait_for(messages.get(), 600)).get(
                    "command") != "reload":
                pass

            async def shown(marker: bytes = marker) -> bool:
                return marker in (await get(http, page))[1]

            await until(shown, 600, "the edited page")
            page_ms.append((time.perf_counter() - t0) * 1000)

            async def done(generation: int = generation) -> bool:
                now = await status(http, base)
                return now.get("state") == "ok" and int(str(now.get("generation", 0))) > (
                    generation)

            try:
                await until(done, all_timeout, "the whole update")
            except TimeoutError:
                # Report what was measured; a next edit would only interrupt this update.
                all_ms.append(float("inf"))
                break
            all_ms.append((time.perf_counter() - t0) * 1000)
            assert marker in (await get(http, base + "fi/"))[1], "the home page lacks the edit"
    finally:
        receiver.cancel()
        socket.close()
    return {
        "first_build_s": first_build,
        "edits": len(page_ms),
        "page_median": statistics.median(page_ms),
        "page_p90": _p90(page_ms),
        "all_median": statistics.median(all_ms),
        "all_p90": _p90(all_ms),
    }


def bench(n: int, edits: int, work: Path, all_timeout: float) -> dict[str, float]:
    content = write_synthetic_content(work / "content", n, REPO / "content", today=TODAY)
    files = sorted((content / "groups").glob("*.yaml"))
    target = files[len(files) // 2]
    log = work / "preview.log"
    process, port = start(content, log)
    try:
        return asyncio.run(browse(port, target.stem, target, edits, all_timeout))
    except BaseException:
        print(f"the preview's output:\n{log.read_text()[-3000:]}", file=sys.stderr)
        raise
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()


def _ms(value: float) -> str:
    return "timed out" if value == float("inf") else f"{value:.0f} ms"


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--all-timeout", type=float, default=600, metavar="SECONDS",
                        help="give up waiting for a whole update after this long (the edits "
                             "of that size stop there)")
    parser.add_argument("--work-dir", type=Path, default=None,
                        help="where to write the synthetic content (default: a temporary "
                             "folder)")
    args = parser.parse_args()
    print(f"preview: time from saving one group file to the page being served "
          f"({args.edits} edits per size, {os.cpu_count()} CPUs)")
    print(f"{'groups':>7} {'first build':>12} {'page served: median':>20} {'p90':>8} "
          f"{'all pages: median':>18} {'p90':>8}")
    verdict = []
    for n in args.sizes:
        work = Path(tempfile.mkdtemp(prefix="preview-bench-", dir=args.work_dir))
        try:
            r = bench(n, args.edits, work, args.all_timeout)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(f"{n:>7} {r['first_build_s']:>10.1f} s {r['page_median']:>17.0f} ms "
              f"{r['page_p90']:>5.0f} ms {_ms(r['all_median']):>18} {_ms(r['all_p90']):>8}"
              f"  ({r['edits']:.0f} edits)", flush=True)
        if n == TARGET_GROUPS:
            ok = r["page_median"] < TARGET_MS
            verdict.append(f"target: page served in under {TARGET_MS:.0f} ms at {n} groups: "
                           f"{'met' if ok else 'NOT met'} (median {r['page_median']:.0f} ms)")
    for line in verdict:
        print(line)
    print("'page served': the edited group's page shows the change; 'all pages': lists, "
          "filters, partner pages and sitemap too.")
    print("reproduce: .venv/bin/python benchmarks/preview_bench.py --sizes 1000 10000")
    print("           (--edits N: edits per size; each waits for the whole update)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
