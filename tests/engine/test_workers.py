"""Worker processes: tasks started beside the build's own work, and stopped on an error."""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import platform
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest

from brochure.core.digests import digest
from brochure.engine import workers
from brochure.engine.cache import OutputCache
from brochure.engine.workers import (
    BESIDE_NICENESS,
    CHUNK,
    Job,
    Started,
    _page_chunks,
    can_fork,
    render_all,
    run_tasks,
)
from brochure.site.pages import Page, RootPage, ShortPage

pytestmark = pytest.mark.skipif(not can_fork(), reason="worker processes are forked")


def wait_for(path: Path, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def failure_within(build: Callable[[], object], seconds: float = 60.0) -> BaseException:
    """What ``build`` raised, in a thread of its own; fails the test if it is still going after
    ``seconds`` (a build waiting for ever) or returned."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            build()
        except BaseException as error:
            failed.append(error)

    building = threading.Thread(target=run, daemon=True)
    building.start()
    building.join(timeout=seconds)
    assert not building.is_alive(), "the build waits for ever"
    assert len(failed) == 1, "the build did not fail"
    return failed[0]


def test_tasks_run_in_other_processes_while_the_build_goes_on(tmp_path: Path) -> None:
    """The data files are made while the site model is: the tasks are under way before
    anyone asks for their results, which come back in order, with what they cached."""
    outputs = OutputCache(tmp_path / "cache")
    marker = tmp_path / "begun"

    def first() -> int:
        marker.touch()
        return os.getpid()

    def second() -> int:
        outputs.put(digest("second"), b"kept")
        return os.getpid()

    with Started([first, second], 2, outputs, beside=True) as tasks:
        # Nothing has asked for the results yet: the first task runs all the same.
        assert wait_for(marker)
        pids = tasks.result()
    assert os.getpid() not in pids
    outputs.save()
    assert outputs.get_many([digest("second")]) == {digest("second"): b"kept"}
    assert multiprocessing.active_children() == []


def test_a_tasks_error_is_raised_where_its_result_is_asked_for(tmp_path: Path) -> None:
    def broken() -> None:
        raise ValueError("no such municipality")

    with Started([broken, lambda: None], 2, OutputCache(None)) as tasks, \
            pytest.raises(ValueError, match="no such municipality"):
        tasks.result()
    assert multiprocessing.active_children() == []


def test_an_error_elsewhere_stops_the_tasks(tmp_path: Path) -> None:
    """A build that fails while its tasks run (a template error in the model, say) leaves no
    processes behind and does not wait for them to finish."""
    marker = tmp_path / "begun"

    def slow() -> None:
        marker.touch()
        time.sleep(60)

    started = time.monotonic()
    with pytest.raises(RuntimeError), Started([slow, slow], 2, OutputCache(None)):
        assert wait_for(marker)
        raise RuntimeError("the model failed")
    assert time.monotonic() - started < 30
    assert multiprocessing.active_children() == []


def test_in_one_process_tasks_run_when_their_results_are_asked_for() -> None:
    ran: list[str] = []

    def task(name: str) -> str:
        ran.append(name)
        return name

    tasks = Started([lambda: task("a"), lambda: task("b")], 1, OutputCache(None))
    assert ran == []
    assert tasks.result() == ["a", "b"]
    assert ran == ["a", "b"]


def test_tasks_beside_the_build_yield_the_processor_to_it(tmp_path: Path) -> None:
    """The data files' tasks run at a lower priority than the build's own process, which
    every later stage waits for; tasks the build only waits for do not."""
    outputs = OutputCache(tmp_path / "cache")
    own = os.nice(0)

    def niceness() -> int:
        return os.nice(0)

    with Started([niceness, niceness], 2, outputs, beside=True) as tasks:
        beside = tasks.result()
    with Started([niceness, niceness], 2, outputs) as tasks:
        waited = tasks.result()
    assert beside == [min(19, own + BESIDE_NICENESS)] * 2
    assert waited == [own] * 2


def test_each_task_beside_the_build_gets_a_process_of_its_own(tmp_path: Path) -> None:
    """What one data task held (a language's calendars) is given back when it ends, not kept
    by the process for the next task; tasks the build only waits for share two processes."""
    outputs = OutputCache(tmp_path / "cache")
    with Started([os.getpid] * 4, 2, outputs, beside=True) as tasks:
        beside = tasks.result()
    with Started([os.getpid] * 4, 2, outputs) as tasks:
        waited = tasks.result()
    assert len(set(beside)) == 4 and os.getpid() not in beside
    assert len(set(waited)) <= 2


def test_tasks_beside_the_build_start_while_the_build_holds_a_lock(tmp_path: Path) -> None:
    """A process forked while another thread holds a lock inherits the lock held, by a thread
    it does not have, and waits for it forever. The build holds locks while it makes the site
    model (the holidays library's, Babel's), so a task's process must never be forked from a
    helper thread then: a build of 1,000 groups hung that way, waiting for its data files."""
    lock = threading.Lock()

    def quick() -> int:
        return os.getpid()

    def locking() -> int:
        with lock:
            return os.getpid()

    outputs = OutputCache(tmp_path / "cache")
    with Started([quick, quick, locking, locking], 2, outputs, beside=True) as tasks:
        with lock:  # the build's own work, while the quick tasks end and others start
            time.sleep(1.0)
        waiting = threading.Thread(target=tasks.result, daemon=True)
        waiting.start()
        waiting.join(timeout=30)
        assert not waiting.is_alive(), "the tasks' processes never finished"
    assert multiprocessing.active_children() == []


def test_a_finished_tasks_process_ends_before_its_result_is_asked_for(tmp_path: Path) -> None:
    """What a data task held is given back when it ends, although the build asks for the
    results only after the site model: a result larger than a pipe holds (every group's
    calendar keys) must not keep the process, and its memory, waiting to send it."""
    outputs = OutputCache(tmp_path / "cache")
    done = tmp_path / "done"
    done.mkdir()

    def big(n: int) -> bytes:
        (done / str(n)).touch()
        return bytes(1_000_000)

    tasks = [functools.partial(big, n) for n in range(3)]
    with Started(tasks, 2, outputs, beside=True) as started:
        deadline = time.monotonic() + 30
        while (len(list(done.iterdir())) < 3 or multiprocessing.active_children()) \
                and time.monotonic() < deadline:
            time.sleep(0.02)
        assert multiprocessing.active_children() == [], "finished tasks' processes live on"
        assert started.result() == [bytes(1_000_000)] * 3


def test_tasks_dealt_to_fewer_processes_come_back_in_their_order(tmp_path: Path) -> None:
    """Light tasks beside the build share ``processes`` (a process costs about 0.1 s): task i
    goes to share i % processes, and the results still come in the tasks' order."""
    tasks = [functools.partial(lambda i: (i, os.getpid()), i) for i in range(5)]
    with Started(tasks, 2, OutputCache(tmp_path / "c"), beside=True, processes=2) as started:
        done = started.result()
    assert [i for i, _ in done] == [0, 1, 2, 3, 4]
    pids = [pid for _, pid in done]
    assert pids[0] == pids[2] == pids[4] != pids[1] == pids[3] and os.getpid() not in pids


def test_no_more_tasks_work_at_once_than_jobs(tmp_path: Path) -> None:
    outputs = OutputCache(tmp_path / "cache")

    def spell() -> tuple[float, float]:
        began = time.monotonic()
        time.sleep(0.2)
        return began, time.monotonic()

    with Started([spell] * 5, 2, outputs, beside=True) as started:
        spells = started.result()
    at_once = max(sum(1 for b, e in spells if b <= moment < e) for moment, _ in spells)
    assert at_once == 2


def test_tasks_waiting_for_their_turn_start_in_their_order() -> None:
    """The longest tasks come first. Processes waiting on one semaphore took it in the order
    they reached it, so a long task could start last and work on alone while the other
    processor waited. Here the later tasks are the first to wait."""
    context = multiprocessing.get_context("fork")
    turns = workers._Turns(context, 5, 1)
    began = context.SimpleQueue()

    def task(i: int) -> None:
        with turns.turn(i):
            began.put(i)
            time.sleep(0.02)

    processes = [context.Process(target=task, args=(i,)) for i in range(5)]
    for process in [*reversed(processes[1:]), processes[0]]:
        process.start()
        time.sleep(0.05)
    for process in processes:
        process.join(timeout=30)
    assert [began.get() for _ in processes] == [0, 1, 2, 3, 4]


def test_a_task_killed_while_it_holds_a_slot_fails_the_build_instead_of_hanging(
        tmp_path: Path) -> None:
    """When memory runs out, the system kills a process without warning. Killed while they
    held both slots, two tasks left a third waiting for a slot for ever, and the build with
    it: now the build fails at once and says why."""
    def task() -> int:
        for name in ("first", "second"):  # the first two to get a slot are killed in it
            with contextlib.suppress(FileExistsError):
                (tmp_path / name).touch(exist_ok=False)
                deadline = time.monotonic() + 10
                while not (tmp_path / "second").exists() and time.monotonic() < deadline:
                    time.sleep(0.01)
                os.kill(os.getpid(), signal.SIGKILL)
        return os.getpid()

    with Started([task] * 3, 2, OutputCache(tmp_path / "cache"), beside=True) as tasks:
        failed = failure_within(tasks.result, 30)
    assert "exit code -9" in str(failed), failed
    assert multiprocessing.active_children() == []


class Unpicklable(Exception):
    def __init__(self, message: str, handle: object) -> None:
        super().__init__(message)
        self.handle = handle

    def __reduce__(self) -> Any:
        raise TypeError("cannot pickle a handle")


def test_an_error_that_cannot_travel_back_still_says_what_went_wrong(tmp_path: Path) -> None:
    def broken() -> None:
        raise Unpicklable("the municipality list is empty", object())

    with Started([broken, lambda: None], 2, OutputCache(tmp_path / "c"), beside=True) as tasks, \
            pytest.raises(RuntimeError, match="the municipality list is empty"):
        tasks.result()
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("beside", [True, False])
def test_a_tasks_error_is_raised_without_waiting_for_the_others(
        tmp_path: Path, beside: bool) -> None:
    """The first error fails the build at once, and the tasks still working are stopped: a
    task that never ends (waiting for something that does not come) cannot hold it up."""
    def fails() -> None:
        raise ValueError("the partner file is missing")

    def never_ends() -> None:
        time.sleep(600)

    def build() -> None:
        with Started([lambda: None, fails, never_ends], 3, OutputCache(tmp_path / "c"),
                     beside=beside) as tasks:
            tasks.result()

    failed = failure_within(build)
    assert "the partner file is missing" in str(failed), failed
    assert multiprocessing.active_children() == []


class NeedsTwo(Exception):
    """Pickles (as its message), but cannot be made again from that: two arguments."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")


@pytest.mark.parametrize("beside", [True, False])
def test_an_error_that_cannot_be_made_again_here_still_says_what_went_wrong(
        tmp_path: Path, beside: bool) -> None:
    """It was read back as a bare AssertionError, the task's own words lost."""
    def broken() -> None:
        raise NeedsTwo("groups/x.yaml", "bad weekday")

    with Started([lambda: None, broken], 2, OutputCache(tmp_path / "c"), beside=beside) \
            as tasks, pytest.raises(RuntimeError, match=r"groups/x\.yaml: bad weekday"):
        tasks.result()
    assert multiprocessing.active_children() == []


# The number of the write system call, by machine (the test watches for it).
WRITE = {"x86_64": 1, "aarch64": 64}.get(platform.machine())


def _killed_once_writing(thread: int) -> None:
    """What the system does to a process out of memory: here, once ``thread`` (this
    process's main thread) is writing its result."""
    while Path(f"/proc/self/task/{thread}/syscall").read_text().split()[0] != str(WRITE):
        time.sleep(0.0002)
    time.sleep(0.002)
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.skipif(WRITE is None or not Path("/proc/self/task").exists(),
                    reason="watches /proc/self/task/<thread>/syscall")
def test_a_worker_killed_while_it_sends_its_result_fails_the_build_instead_of_hanging(
        tmp_path: Path) -> None:
    """The system kills a process without warning when memory runs out. A pool whose worker
    died in the middle of sending a large result (the cards of a language) waited for the
    rest of it for ever."""
    def large() -> bytes:
        threading.Thread(target=_killed_once_writing, args=(threading.get_native_id(),),
                         daemon=True).start()
        return os.urandom(64 << 20)

    failed = failure_within(lambda: run_tasks([lambda: b"", large], 2,
                                              OutputCache(tmp_path / "cache")))
    assert "exit code -9" in str(failed), failed
    assert multiprocessing.active_children() == []


# Whether each fork in this process came from its main thread, while a test records them.
_forks: list[bool] | None = None


def _record_fork() -> None:
    if _forks is not None:
        _forks.append(threading.current_thread() is threading.main_thread())


os.register_at_fork(before=_record_fork)


def _own_page(i: int) -> ShortPage:
    """A group's own page (a short link's), as cheap to render as any."""
    return ShortPage(url=f"r/g{i}/", lang="fi", title="", description="", targets={},
                     choices=(), canonical="")


def _list_page(i: int) -> RootPage:
    """A page that is not a group's own (the build's process renders those, as one chunk)."""
    return RootPage(url=f"l{i}/", lang="fi", title="", description="", choices=())


class _Renderer:
    def render(self, page: Page) -> str:
        return f"<p>{page.output_path}</p>"


class _SlowRenderer:
    """As slow as a real page (a millisecond), so that the workers get their share."""

    def render(self, page: Page) -> str:
        time.sleep(0.001)
        return f"<p>{page.output_path}</p>"


def test_every_worker_process_is_forked_by_the_builds_own_thread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Enough pages that the page workers are replaced (every CHUNKS_PER_CHILD chunks), and
    tasks beside the build: no process comes from a helper thread, which could fork it while
    the build's thread holds a lock (see the test above)."""
    global _forks
    monkeypatch.setattr(workers, "CHUNKS_PER_CHILD", 2)
    pages = [_own_page(i) for i in range(24 * CHUNK)]

    def write(path: str, data: bytes) -> bytes:
        return digest(data)

    job = Job(_SlowRenderer(), pages, write)  # type: ignore[arg-type]
    _forks = []
    try:
        rendered = [i for done, _ in render_all(job, range(len(pages)), 2) for i, _ in done]
        with Started([os.getpid] * 5, 2, OutputCache(tmp_path / "c"), beside=True) as tasks:
            tasks.result()
        forks = _forks
    finally:
        _forks = None
    assert sorted(rendered) == list(range(len(pages)))
    # One worker a pool beside the build's process, a new pool every CHUNKS_PER_CHILD (2)
    # chunks; five tasks.
    assert len(forks) >= 3 + 5 and all(forks), forks


def test_the_pages_that_list_many_groups_are_set_apart_from_the_groups_own() -> None:
    """A page that lists every group reads most of the site model, and a worker that reads
    an inherited object gets its own copy of the memory it sits on: so the lists are set
    apart, each alone, for the build's process (the test below), and groups' own pages go
    to the workers in chunks, in order."""
    pages: list[Page] = [_own_page(i) for i in range(2 * CHUNK + 5)]
    pages[CHUNK:CHUNK] = [_list_page(i) for i in range(3)]  # (the model has them in between)
    pages.append(_list_page(3))
    lists = [i for i, page in enumerate(pages) if isinstance(page, RootPage)]
    own = [i for i, page in enumerate(pages) if isinstance(page, ShortPage)]
    chunks = _page_chunks(pages, range(len(pages)))
    assert chunks == ([[i] for i in lists], [own[:CHUNK], own[CHUNK:2 * CHUNK], own[2 * CHUNK:]])
    assert _page_chunks(pages, own[:3]) == ([], [own[:3]])  # no empty chunk


def test_run_tasks_does_every_other_task_here_and_takes_back_what_the_worker_made(
        tmp_path: Path) -> None:
    """Tasks that read the site model (the cards) are done half here, where the model is
    (a worker copies what it touches), half in one forked worker (--jobs 2); their results
    come in order, and what the worker added to the cache is in the build's cache."""
    cache = OutputCache(tmp_path / "c")

    def task(i: int) -> tuple[int, int]:
        cache.put(digest(str(i)), str(i).encode())
        time.sleep(0.01)
        return i, os.getpid()

    done = run_tasks([functools.partial(task, i) for i in range(8)], 2, cache)
    assert [i for i, _ in done] == list(range(8))
    here = os.getpid()
    assert [pid == here for _, pid in done] == [i % 2 == 0 for i in range(8)]
    assert len({pid for _, pid in done}) == 2
    cache.save()
    assert cache.get_many([digest(str(i)) for i in range(8)]) == {
        digest(str(i)): str(i).encode() for i in range(8)}
    cache.close()


class _PidRenderer:
    """Renders a page as the number of the process that renders it."""

    def render(self, page: Page) -> str:
        time.sleep(0.001)
        return str(os.getpid())


def test_the_builds_own_process_renders_the_pages_that_list_many_groups(tmp_path: Path) -> None:
    """The lists read most of the site model, which the build's process holds already: a
    forked worker would copy it (at 10,000 groups 620 MB). So the build's process renders
    them, beside one worker for the groups' own pages, and helps with those too."""
    pages: list[Page] = [_own_page(i) for i in range(6 * CHUNK)]
    pages[CHUNK:CHUNK] = [_list_page(i) for i in range(3)]

    def write(path: str, data: bytes) -> bytes:
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return digest(data)

    job = Job(_PidRenderer(), pages, write)  # type: ignore[arg-type]
    done = [i for chunk, _ in render_all(job, range(len(pages)), 2) for i, _ in chunk]
    assert sorted(done) == list(range(len(pages)))
    by = {page.output_path: int((tmp_path / page.output_path).read_text()) for page in pages}
    here = os.getpid()
    assert all(by[page.output_path] == here for page in pages if isinstance(page, RootPage))
    others = {pid for pid in by.values() if pid != here}
    assert len(others) == 1, others  # one worker (--jobs 2), which rendered groups' pages


class _KilledRenderer:
    """Renders a page as its address; the process rendering ``fatal`` is killed (as the
    system kills one when memory runs out)."""

    def __init__(self, fatal: str) -> None:
        self.fatal = fatal

    def render(self, page: Page) -> str:
        if page.output_path == self.fatal:
            os.kill(os.getpid(), signal.SIGKILL)
        return f"<p>{page.output_path}</p>"


def test_a_page_worker_killed_fails_the_build_instead_of_hanging() -> None:
    """A pool that lost a worker's chunk waited for it for ever (multiprocessing.Pool), and
    forked a replacement from a thread of its own: now the build fails at once."""
    pages = [_own_page(i) for i in range(4 * CHUNK)]

    def write(path: str, data: bytes) -> bytes:
        return digest(data)

    job = Job(_KilledRenderer(pages[CHUNK + 3].output_path), pages, write)  # type: ignore[arg-type]

    def waited_too_long(*_: object) -> None:
        raise TimeoutError("the build waits for ever")

    # (The build's own thread renders: the workers are forked by it. An alarm stops it if
    # it waits.)
    before = signal.signal(signal.SIGALRM, waited_too_long)
    signal.alarm(30)
    try:
        with pytest.raises(BrokenProcessPool):
            for _ in render_all(job, range(len(pages)), 2):
                pass
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
    assert multiprocessing.active_children() == []
