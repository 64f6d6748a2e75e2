"""Rendering pages (and PDFs) in worker processes that write their files themselves.

The pages to render are split between ``jobs`` processes forked from the build: they inherit
the renderer and the site model instead of receiving them, and each writes the files it renders
straight into the output folder being filled, returning only their digests (and how long each
template took, for ``--timings``). Nothing rendered travels back through a pipe, and no process
holds the whole site in memory. Each page depends only on itself, so the bytes are the same
whatever the number of processes.

Forking is used where the system has it. The command line runs no other thread (its progress
bar's monitor thread is switched off); a thread elsewhere in the parent (the preview's server)
is not inherited, and the children never use what it might hold: they render and write. Every
process is forked by the build's own thread, between its steps, never by a pool's helper
thread, which could fork while the build's thread holds a lock (see :class:`_EachInItsOwn`).
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import functools
import gc
import multiprocessing
import multiprocessing.connection
import multiprocessing.pool
import multiprocessing.process
import os
import pickle
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from brochure.engine.cache import OutputCache
from brochure.output.render import Renderer
from brochure.site.pages import GROUP_PAGES, Page

T = TypeVar("T")

# Below this many pages, starting processes costs more than it saves.
PARALLEL_THRESHOLD = 64
CHUNK = 48
# A page worker is replaced by a fresh fork after about this many chunks, 2,000 pages (a new
# pool: see _here_and_in_workers and forked_pool; each fork costs what the child loads
# again, e.g. hyphenation dictionaries).
CHUNKS_PER_CHILD = 42


@dataclass
class TemplateTimes:
    """How often each page template was rendered, and for how long in all (``--timings``)."""

    calls: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, template: str, seconds: float, calls: int = 1) -> None:
        self.calls[template] = self.calls.get(template, 0) + calls
        self.seconds[template] = self.seconds.get(template, 0.0) + seconds

    def merge(self, other: TemplateTimes) -> None:
        for template, calls in other.calls.items():
            self.add(template, other.seconds[template], calls)

    def slowest(self, count: int = 10) -> list[tuple[str, int, float]]:
        return sorted(((t, self.calls[t], s) for t, s in self.seconds.items()),
                      key=lambda row: -row[2])[:count]


Write = Callable[[str, bytes], bytes]  # writes a file of the output, returns its digest


@dataclass(frozen=True)
class Job:
    """What forked workers inherit: the renderer, the pages and where to write."""

    renderer: Renderer
    pages: Sequence[Page]
    write: Write


_job: Job | None = None


def render_pages(job: Job, indices: Sequence[int]) -> tuple[list[tuple[int, bytes]],
                                                           TemplateTimes]:
    """Render the pages at ``indices`` and write them; their digests, and the time each
    template took."""
    times = TemplateTimes()
    done = []
    for i in indices:
        page = job.pages[i]
        started = time.perf_counter()
        html = job.renderer.render(page).encode("utf-8")
        times.add(page.template, time.perf_counter() - started)
        done.append((i, job.write(page.output_path, html)))
    return done, times


def _worker_chunk(indices: list[int]) -> tuple[list[tuple[int, bytes]], TemplateTimes]:
    assert _job is not None
    return render_pages(_job, indices)


def render_all(job: Job, todo: Sequence[int], jobs: int,
               progress: Callable[[int], None] | None = None
               ) -> Iterator[tuple[list[tuple[int, bytes]], TemplateTimes]]:
    """Render the pages ``todo`` (in ``jobs`` processes where it pays), chunk by chunk."""
    if jobs <= 1 or len(todo) < PARALLEL_THRESHOLD or not can_fork():
        for start in range(0, len(todo), CHUNK):
            chunk = todo[start:start + CHUNK]
            yield render_pages(job, chunk)
            if progress:
                progress(len(chunk))
        return
    global _job
    lists, own = _page_chunks(job.pages, todo)
    _job = job
    try:
        for done in _here_and_in_workers(functools.partial(render_pages, job), _worker_chunk,
                                         lists, own, jobs - 1):
            yield done
            if progress:
                progress(len(done[0]))
    finally:
        _job = None


def _page_chunks(pages: Sequence[Page], todo: Sequence[int]
                 ) -> tuple[list[list[int]], list[list[int]]]:
    """The pages ``todo`` in chunks: every page that shows many groups (lists, brochures,
    the report) alone, for the build's own process (see render_all), and the groups' own pages,
    for the workers.

    A worker that reads an inherited object writes to it (its reference count), and the
    system copies the memory page the object sits on. A page that lists every group reads
    most of the site model: when both workers rendered such pages, both copied most of it
    (at 10,000 groups 420 MB each); when one worker rendered them all, it copied 620 MB. The
    build's process holds the model already and copies nothing. Groups' own pages read
    only their group (a worker copies about 240 MB at 10,000 groups)."""
    wide = [[i] for i in todo if not isinstance(pages[i], GROUP_PAGES)]
    own = [i for i in todo if isinstance(pages[i], GROUP_PAGES)]
    return wide, list(_chunks(own, CHUNK))


def _here_and_in_workers(here: Callable[[Any], T], work: Callable[[Any], T],
                         first: list[Any], chunks: list[Any], workers: int) -> Iterator[T]:
    """``first`` done here, one at a time, while ``workers`` forked processes do ``chunks``;
    whenever this process has nothing of its own left, it does some of ``chunks`` too."""
    mine = collections.deque(first)
    pending = collections.deque(chunks)
    while pending:
        with forked_pool(workers) as pool:
            # This pool's share, given at once (its workers never wait for this process,
            # busy with a page of its own): CHUNKS_PER_CHILD chunks a worker, then new forks.
            running = {pool.submit(work, pending.popleft())  # (forked at the first)
                       for _ in range(min(len(pending), workers * CHUNKS_PER_CHILD))}
            while running:
                if not mine and pending:
                    mine.append(pending.popleft())  # the workers have theirs: one here
                if mine:
                    yield here(mine.popleft())
                finished, running = concurrent.futures.wait(
                    running, timeout=0 if mine or pending else None,
                    return_when=concurrent.futures.FIRST_COMPLETED)
                for future in finished:
                    yield future.result()
    while mine:
        yield here(mine.popleft())


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


@contextlib.contextmanager
def forked_pool(processes: int, initializer: Callable[[], None] | None = None
                ) -> Iterator[concurrent.futures.ProcessPoolExecutor]:
    """A pool of processes forked from this one, which they share memory with.

    A child's memory grows as it works: what it makes, and every inherited object it touches
    (counting a reference writes to the object, and the system then copies the memory page
    it sits on). So the page workers are replaced by fresh forks every so many pages (a new
    pool: see _here_and_in_workers), and what the build holds is frozen for the garbage
    collector first, whose collections would otherwise write to every inherited object.
    Without both, at 10,000 groups each worker came to hold its own copy of much of the site
    model.

    The workers are forked by this thread, at the first task given to the pool, and never
    replaced: a pool that replaces them (``multiprocessing.Pool`` with ``maxtasksperchild``,
    or when one dies) forks from a thread of its own, at any moment, and a process forked
    while another thread holds a lock inherits the lock held and waits for it for ever (see
    _EachInItsOwn). When the system kills a worker (as it does when memory runs out), the
    pool is broken and says so (``BrokenProcessPool``): a ``multiprocessing.Pool`` would
    wait for the lost work for ever. That holds for small results only (pages' and PDFs'
    digests, written whole at once): a worker killed in the middle of sending a result larger
    than a pipe holds leaves the pool waiting for the rest of it, so the tasks whose results
    are large (cards, calendars) go to :class:`_EachInItsOwn` instead.
    """
    gc.freeze()
    pool = concurrent.futures.ProcessPoolExecutor(
        processes, multiprocessing.get_context("fork"),
        initializer=functools.partial(_child_started, initializer))
    try:
        yield pool
    finally:
        # Whoever leaves the block has every result it wants (or failed): the workers stop
        # at once, as multiprocessing.Pool's stop when its block ends (the executor has no
        # method for it before Python 3.14), instead of finishing work nobody waits for.
        workers: dict[int, multiprocessing.process.BaseProcess] = \
            getattr(pool, "_processes", None) or {}
        for process in list(workers.values()):
            process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


def unordered(pool: concurrent.futures.Executor, work: Callable[[Any], T],
              items: Iterable[Any]) -> Iterator[T]:
    """``work`` done on each of ``items`` in ``pool``, the results as they come."""
    futures = [pool.submit(work, item) for item in items]
    for future in concurrent.futures.as_completed(futures):
        yield future.result()


def _child_started(initializer: Callable[[], None] | None) -> None:
    # A child collects its own garbage even while the build pauses collection (see
    # core.collection): what it inherited is frozen, so that costs it little.
    gc.enable()
    if initializer is not None:
        initializer()


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


# --- other tasks ---------------------------------------------------------------------------------

_tasks: Sequence[Callable[[], Any]] | None = None
_cache: OutputCache | None = None


class Started(Generic[T]):
    """Independent ``tasks`` started in processes forked from this one (where ``jobs`` is
    above 1), while this process goes on with other work; :meth:`result` waits for them.
    Tasks ``beside`` the build each get a process of their own, ``jobs`` at a time (or are
    dealt to ``processes``, each doing its share in turn); those the build only waits for are
    dealt to ``jobs - 1`` processes, and every ``jobs``-th is done here when the results are
    asked for.

    A forked process inherits the tasks (only results travel, pickled) and opens ``cache``
    afresh; after each task, what it added to the cache there is handed back and added to
    ``cache`` here. In one process the tasks run when their results are asked for. One set of
    tasks runs at a time.
    """

    def __init__(self, tasks: Sequence[Callable[[], T]], jobs: int, cache: OutputCache,
                 beside: bool = False, processes: int | None = None) -> None:
        """``beside``: the build goes on meanwhile, and comes first (see :func:`_beside`)."""
        global _tasks, _cache
        self._tasks, self._cache = tasks, cache
        self._pool = contextlib.ExitStack()
        self._running: Callable[[], list[tuple[T, Any]]] | None = None
        if jobs <= 1 or len(tasks) < 2 or not can_fork():
            return
        assert _tasks is None, "one set of tasks at a time"
        _tasks, _cache = tasks, cache
        try:
            if beside:
                # A task beside the build gets a process of its own: what one task held (at
                # 10,000 groups a language's calendars, some hundreds of MB) is given back
                # before the next starts, rather than kept by a process Python never shrinks.
                # (Unless the caller deals them to fewer ``processes``: light tasks.)
                shares = _dealt(list(range(len(tasks))), processes or len(tasks))
                own = self._pool.enter_context(_EachInItsOwn(
                    len(shares), jobs, cache, functools.partial(_run_share, shares),
                    beside=True))
                self._running = lambda: _in_order(shares, own.results(), {})
            else:
                # Every jobs-th task is done here, when the results are asked for: what the
                # tasks read of the build (the cards of the site model) is where it is, while
                # a forked worker gets its own copy of every memory page it touches (at
                # 10,000 groups two workers making the cards held 670 MB each). The others
                # are dealt to jobs - 1 processes, each doing its share in turn. (Not a
                # pool: a pool's worker killed while it sends a large result, as the system
                # kills one when memory runs out, leaves the pool waiting for the rest of
                # it for ever.)
                theirs = _dealt([i for i in range(len(tasks)) if i % jobs], jobs - 1)
                shared = self._pool.enter_context(_EachInItsOwn(
                    len(theirs), len(theirs), cache, functools.partial(_run_share, theirs),
                    beside=False))

                def running() -> list[tuple[T, Any]]:
                    here = {i: (tasks[i](), None) for i in range(0, len(tasks), jobs)}
                    return _in_order(theirs, shared.results(), here)
                self._running = running
        except BaseException:
            self.close()
            raise

    def result(self) -> list[T]:
        """The tasks' results, in order (raises what a task raised)."""
        if self._running is None:
            return [task() for task in self._tasks]
        if _tasks is not self._tasks:
            raise RuntimeError("the tasks' processes were stopped")
        try:
            done = self._running()
        finally:
            self.close()
        for _, handed in done:
            if handed is not None:  # (None: done here)
                self._cache.take_back(handed)
        return [result for result, _ in done]

    def __enter__(self) -> Started[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the processes (done by :meth:`result`, and on leaving a ``with`` block: an
        error elsewhere does not leave them running)."""
        global _tasks, _cache
        self._pool.close()
        if _tasks is self._tasks:
            _tasks = _cache = None


# How much lower the tasks run beside the build are scheduled (os.nice).
BESIDE_NICENESS = 10


def _beside(cache: OutputCache) -> None:
    """A worker whose tasks run beside the build's own process yields the processor to it:
    the build's process is the one every later stage waits for, and the tasks' results are
    needed only at the end of its work (the data files, beside the site model). When it
    waits, the workers have the processors to themselves."""
    with contextlib.suppress(OSError):
        os.nice(BESIDE_NICENESS)
    cache.forked()


class _Turns:
    """Lets ``jobs`` of ``count`` tasks work at a time, and starts the waiting ones in their
    order as turns free up. (Processes waiting on one semaphore would take it in whatever
    order they happened to reach it: a long task that starts last then works on alone while
    the other processors wait. The callers put the longest first.)"""

    def __init__(self, context: Any, count: int, jobs: int) -> None:
        self._go = [context.Semaphore(1 if i < jobs else 0) for i in range(count)]
        self._next = context.Value("i", min(jobs, count))

    @contextlib.contextmanager
    def turn(self, i: int) -> Iterator[None]:
        """Task ``i``'s turn: waits for it, and hands the next waiting task its turn after."""
        self._go[i].acquire()
        try:
            yield
        finally:
            with self._next.get_lock():
                following = self._next.value
                self._next.value += 1
            if following < len(self._go):
                self._go[following].release()


class _EachInItsOwn:
    """The tasks (by their number), each in a process of its own, all forked at once by the
    thread that starts them; ``jobs`` of them work at a time, and the others wait for their
    turn (:class:`_Turns`). Each sends its result through a pipe of its own, whose sending
    end only its process holds: a process that ends without a result, or in the middle of
    sending one, is noticed (the pipe ends), and the build fails instead of waiting.

    Not a pool that replaces each worker after its task: a pool forks the replacements from a
    thread of its own, at any moment. A process forked while another thread holds a lock
    inherits the lock held, by a thread it does not have, and waits for it forever; and the
    build holds locks while it makes the site model (the holidays library's, Babel's)."""

    def __init__(self, count: int, jobs: int, cache: OutputCache,
                 run: Callable[[int], tuple[Any, Any]], beside: bool) -> None:
        """``run``: what a process does with its number (its result, and what it handed
        back); ``beside``: at a lower priority (see :func:`_beside`)."""
        context = multiprocessing.get_context("fork")
        turns = _Turns(context, count, jobs)
        self._started: list[tuple[multiprocessing.process.BaseProcess,
                                  multiprocessing.connection.Connection]] = []
        # Each task's (ok, result or error), taken as soon as it is sent; None: not (yet).
        self._results: list[tuple[bool, Any] | None] = [None] * count
        self._reader: threading.Thread | None = None
        # The first task whose process ended without sending anything (killed), and whether
        # the processes are being stopped (see _stop_the_rest).
        self._lost: int | None = None
        self._stopping = False
        self._lock = threading.Lock()
        # Told each time a result comes (or a process ends without one), and when all have.
        self._changed = threading.Condition(self._lock)
        self._all_read = False
        gc.freeze()  # (see forked_pool)
        try:
            for i in range(count):
                receive, send = context.Pipe(duplex=False)
                process = context.Process(
                    target=_own_task, args=(i, turns, send, cache, run, beside),
                    daemon=True)
                try:
                    process.start()
                finally:
                    send.close()
                self._started.append((process, receive))
        except BaseException:
            self.__exit__()
            raise
        finally:
            gc.unfreeze()
        # Reading them as they come lets a finished task's process end: a pipe holds 64 kB,
        # and a process still sending the rest of its result keeps all its memory. (This
        # thread forks nothing, and the tasks' processes are all forked already.)
        self._reader = threading.Thread(target=self._read, name="task-results", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        waiting = {receive: i for i, (_, receive) in enumerate(self._started)}
        try:
            while waiting:
                ready = multiprocessing.connection.wait(list(waiting))
                for receive in [r for r in waiting if r in ready]:
                    i = waiting.pop(receive)
                    try:
                        self._results[i] = receive.recv()
                    except (EOFError, OSError):  # its process ended without a (whole) result
                        self._stop_the_rest(i)
                    except Exception as error:  # sent whole, but cannot be made again here
                        self._results[i] = (False, RuntimeError(
                            f"a task's result could not be read back "
                            f"({type(error).__name__}: {error})"))
                    with self._changed:
                        self._changed.notify_all()
        finally:
            with self._changed:
                self._all_read = True
                self._changed.notify_all()

    def _failure(self) -> BaseException | None:
        """What the first task that failed (of those that said so) raised."""
        return next((found[1] for found in self._results
                     if found is not None and not found[0]), None)

    def _stop_the_rest(self, lost: int) -> None:
        """A task's process ended without sending anything: it was killed (by the system,
        when memory ran out), maybe in its turn, which the tasks waiting for theirs
        would then wait for for ever. The build fails anyway: stop them all now."""
        with self._lock:
            if self._stopping:  # (__exit__ is stopping them, and may have ended some)
                return
            self._stopping = True
            self._lost = lost
            # By number, not through the Process objects (the build's thread's to use): no
            # process is reaped before the build's thread sets _stopping or this thread has
            # ended, and a process not reaped keeps its number, so this reaches no other.
            for process, _ in self._started:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(process.pid, signal.SIGTERM)  # type: ignore[arg-type]

    def results(self) -> list[tuple[Any, Any]]:
        """Each task's result and what it handed back, in order (raises what one raised, as
        soon as it says so: the others are stopped on leaving the ``with`` block rather than
        waited for)."""
        assert self._reader is not None
        with self._changed:
            self._changed.wait_for(lambda: self._all_read or self._failure() is not None)
            failure = None if self._lost is not None else self._failure()
        if failure is not None:
            raise failure
        self._reader.join()
        if self._lost is not None:
            process = self._started[self._lost][0]
            process.join()
            raise RuntimeError(f"a task's process ended without its result (exit code "
                               f"{process.exitcode}; -9 is how a process ends that the system "
                               f"killed when memory ran out)")
        done = []
        for found in self._results:
            assert found is not None  # (a task without a result stopped the rest)
            ok, value = found
            if not ok:
                raise value
            done.append(value)
        return done

    def __enter__(self) -> _EachInItsOwn:
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the processes still working, and wait for them all."""
        with self._lock:
            self._stopping = True
        for process, _ in self._started:
            if process.is_alive():
                process.terminate()
        for process, _ in self._started:
            process.join()
        if self._reader is not None:
            self._reader.join()  # (every pipe is at its end now)
        for process, receive in self._started:
            process.close()
            receive.close()
        self._started = []


def _own_task(i: int, turns: _Turns, send: multiprocessing.connection.Connection,
              cache: OutputCache, run: Callable[[int], tuple[Any, Any]], beside: bool) -> None:
    _child_started(functools.partial(_beside, cache) if beside else cache.forked)
    said = ""
    with turns.turn(i):
        try:
            value: tuple[bool, Any] = (True, run(i))
        except BaseException as error:
            said = "".join(traceback.format_exception(error))
            value = (False, _travelling(error, said))
    # Sent after the turn is handed on: the next task need not wait for this one's reader.
    try:
        send.send(value)
    except Exception as error:  # it cannot be pickled (nothing was sent): say so, and what
        send.send((False, RuntimeError(
            f"a task's {'result' if value[0] else 'error'} could not be sent back ({error})"
            + (f":\n{said}" if said else ""))))
    send.close()


def _travelling(error: BaseException, said: str) -> BaseException:
    """``error`` as it can travel to the build's process: itself with its traceback, or,
    when it could not be made again there from its pickle (an exception class whose
    arguments are not its message), what it said."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"a task failed:\n{said}")
    return multiprocessing.pool.ExceptionWithTraceback(  # type: ignore[attr-defined,no-any-return]
        error, error.__traceback__)


def run_tasks(tasks: Sequence[Callable[[], T]], jobs: int, cache: OutputCache) -> list[T]:
    """Run independent ``tasks`` (in ``jobs`` processes where there are several: this one
    and ``jobs - 1`` forked) and return their results in order (see :class:`Started`)."""
    return Started(tasks, jobs, cache).result()


def _dealt(tasks: list[int], processes: int) -> list[list[int]]:
    """The tasks (by number) dealt to ``processes`` (task i of them into share i %
    processes), leaving none empty."""
    return [tasks[k::processes] for k in range(min(processes, len(tasks)))]


def _run_share(shares: Sequence[Sequence[int]], k: int) -> tuple[Any, Any]:
    """Share ``k`` of the tasks, in turn: their results, and what they added to the cache."""
    assert _tasks is not None and _cache is not None
    return [_tasks[i]() for i in shares[k]], _cache.hand_back()


def _in_order(shares: Sequence[Sequence[int]], results: Sequence[tuple[Any, Any]],
              here: dict[int, tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Each task's result and what was handed back with it, in the tasks' order, from each
    share's results and those done ``here``. What a share's process added to the cache
    comes back once, with its first task."""
    done = dict(here)
    for share, (made, handed) in zip(shares, results, strict=True):
        done.update((i, (result, handed if n == 0 else None))
                    for n, (i, result) in enumerate(zip(share, made, strict=True)))
    return [done[i] for i in range(len(done))]


# --- PDFs ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PdfJob:
    """What PDF workers inherit: the printable pages' HTML comes from the output folder."""

    pages: Sequence[Page]
    assets: Mapping[str, bytes]
    base_url: str
    today: Any
    folder: Path
    write: Write


_pdf_job: PdfJob | None = None


def render_pdfs(job: PdfJob, tasks: Sequence[tuple[int, str]]) -> list[tuple[int, bytes]]:
    # WeasyPrint is optional: loaded only when PDFs are made.
    from brochure.output.pdf import render_pdf

    done = []
    for i, path in tasks:
        page = job.pages[i]
        html = (job.folder / page.output_path).read_bytes()
        data = render_pdf(html, page.url, job.assets, job.base_url, job.today)
        done.append((i, job.write(path, data)))
    return done


def _pdf_chunk(tasks: list[tuple[int, str]]) -> list[tuple[int, bytes]]:
    assert _pdf_job is not None
    return render_pdfs(_pdf_job, tasks)


def render_all_pdfs(job: PdfJob, tasks: Sequence[tuple[int, str]],
                    jobs: int) -> Iterator[tuple[int, bytes]]:
    global _pdf_job
    if jobs <= 1 or len(tasks) < 2 or not can_fork():
        yield from render_pdfs(job, tasks)
        return
    _pdf_job = job
    try:
        with forked_pool(min(jobs, len(tasks))) as pool:
            for done in unordered(pool, _pdf_chunk, _chunks(list(tasks), 4)):
                yield from done
    finally:
        _pdf_job = None
