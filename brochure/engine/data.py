"""The build's data files and the public report: made from the content alone, beside the site
model, which waits for them only when it comes to the pages that list the files with their
sizes and show the report.

Both are kept in the output cache under the content's fingerprint, so a build of unchanged
content takes them whole. Otherwise they are made as independent tasks, in worker processes
when there are several (:class:`~brochure.engine.workers.Started`): the report, and each
exporter in each language. Within a task, what an exporter makes of one group (its calendar
events, its HSDS record) is kept by the group's key, so an edit remakes one group's parts.

Given a :class:`Placer` (a build into an output folder), each task puts its files into the new
output itself, written or linked from the last build's, and hands back only their digests and
sizes: the files (half a gigabyte at 10,000 groups) never travel to the build's process, nor
are they kept in the cache, which keeps that list instead; a build of unchanged content links
every file from the last build's. The live preview, which needs the bytes, gets the files.
"""

from __future__ import annotations

import dataclasses
import functools
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from brochure.check.content import ValidContent
from brochure.core.digests import digest
from brochure.engine.cache import OutputCache, PageKeys, unpickled
from brochure.engine.workers import Started
from brochure.output.exports import Memo, Source, hsds, opendata
from brochure.output.exports import calendar as calendars
from brochure.output.exports import feed as feeds
from brochure.output.exports import sources as group_sources
from brochure.output.exports.report import site_files as report_files
from brochure.site.model import base_url_of
from brochure.site.pages import ReportPage
from brochure.site.report_figures import report_inputs

Files = dict[str, bytes]


@dataclass(frozen=True)
class Report:
    """The public report's files and pages, with the pages' keys as worked out when they were
    made (a pickle of an unpickled page need not be the same bytes)."""

    files: Files
    pages: list[ReportPage]
    keys: list[bytes]


@dataclass(frozen=True)
class Placed:
    """A data file a task put into the new output itself: what the build records of it."""

    digest: bytes
    size: int
    linked: bool  # linked from the last build's output (the same bytes), not written


class Placer(Protocol):
    """Puts data files into the new output (from any process of the build)."""

    def place(self, path: str, data: bytes) -> Placed:
        """Write ``data`` at ``path``, or link the last build's file if it has these bytes."""

    def linkable(self, path: str, placed: Placed) -> bool:
        """Whether the last build's file at ``path`` still has ``placed``'s bytes."""

    def link(self, path: str, placed: Placed) -> Placed:
        """Link the last build's file at ``path`` (:meth:`linkable`)."""


@dataclass(frozen=True)
class Data:
    # The data files as bytes: all of them without a Placer; with one, those still to be
    # put into the output (the report's and the groups' own files).
    files: Files
    report: Report
    # With a Placer: the files already in the output (put there by the tasks, or linked
    # from the last build's when the content is unchanged).
    placed: dict[str, Placed] = field(default_factory=dict)


@dataclass(frozen=True)
class _Exported:
    files: Files
    parts: list[bytes]  # the keys of the groups' parts it used
    placed: dict[str, Placed] = field(default_factory=dict)


Made = Report | _Exported  # what a task makes


class KeptData:
    """The report of an engine's last build, as it is, by its key: the next build (the live
    preview's, after an edit that leaves the report as it was) takes it instead of
    unpickling it from the cache again (at 1,000 groups 0.1 s). Not the data files: any
    edit changes them, and the live preview's would be kept twice (the cache in its memory
    holds them already: 40 kB a group)."""

    def __init__(self) -> None:
        self._report: tuple[bytes, Report] | None = None

    def report(self, key: bytes) -> Report | None:
        return self._report[1] if self._report is not None and self._report[0] == key else None

    def keep(self, key: bytes, report: Report) -> None:
        self._report = (key, report)


class DataTasks:
    """The data files and the report, being made (in worker processes, when there are
    several) while the build goes on: the site model needs them only for its downloads and
    report pages. :meth:`result` waits for them; leaving a ``with`` block stops the
    processes if nothing waited for them (an error elsewhere)."""

    def __init__(self, content: ValidContent, outputs: OutputCache, code: bytes,
                 base_url: str | None, jobs: int, placer: Placer | None = None,
                 kept: KeptData | None = None) -> None:
        self.content, self.outputs = content, outputs
        self.kept = kept if kept is not None else KeptData()
        base = base_url_of(content, base_url)
        # The report is kept through edits that do not change it (report_inputs).
        self.report_key = digest(code, "report", report_inputs(content))
        self.exports_key = digest(code, "exports", content.fingerprint, base,
                                  "placed" if placer else "files")
        self.report: Report | None = self.kept.report(self.report_key)
        found = outputs.get_many([self.exports_key] if self.report is not None
                                 else [self.report_key, self.exports_key])
        if self.report is None:
            self.report = unpickled(found.get(self.report_key), Report)
        else:
            outputs.keep([self.report_key])
        self.exported: _Exported | None = unpickled(found.get(self.exports_key), _Exported)
        if self.exported is not None and placer is not None:
            self.exported = _relinked(self.exported, placer)
        tasks: list[Callable[[], Made]] = []
        if self.report is None:
            tasks.append(functools.partial(_report, content))
        light = False  # (see below)
        if self.exported is None:
            source = Source.of(content, content.published, base, content.site.language_order)
            # The slowest first, so that two processes finish at about the same time.
            for exporter in (calendars.files, hsds.files):
                for lang in source.languages:
                    one = dataclasses.replace(source, languages=(lang,))
                    tasks.append(functools.partial(_exporter, outputs, code, exporter, one,
                                                   placer))
            tasks.append(functools.partial(_exporter, outputs, code, opendata.files, source,
                                           placer))
            tasks.append(functools.partial(_whole, feeds.files, source, placer))
            light = jobs > 1 and len(tasks) > jobs and _parts_kept(outputs, code, source)
        # Each task gets a process of its own (see Started), which costs about 0.1 s. When
        # the groups' parts are kept from the last build, the tasks are light (at 1,000
        # groups 0.05-0.35 s each): then each of ``jobs`` processes does a share of them.
        self._shares = jobs if light else len(tasks)
        self.started: Started[Made] = Started(tasks, jobs, outputs, beside=True,
                                              processes=self._shares)

    def __enter__(self) -> DataTasks:
        return self

    def __exit__(self, *exc: object) -> None:
        self.started.close()

    def result(self) -> Data:
        made = self.started.result()
        report, exported, outputs = self.report, self.exported, self.outputs
        if report is None:
            first = made.pop(0)
            assert isinstance(first, Report)
            report = first
            outputs.put(self.report_key, pickle.dumps(report, protocol=5))
        if exported is None:
            files: Files = {}
            placed: dict[str, Placed] = {}
            parts: list[bytes] = []
            for part in made:
                assert isinstance(part, _Exported)
                files.update(part.files)
                placed.update(part.placed)
                parts.extend(part.parts)
            exported = _Exported(dict(sorted(files.items())), parts, dict(sorted(placed.items())))
            if outputs.folder is not None:
                # (Not in memory, the live preview's: each edit gives the content another
                # fingerprint, and pickling every file again cost 0.02 s and 40 MB an edit at
                # 1,000 groups; the groups' parts make them again quickly.)
                outputs.put(self.exports_key, pickle.dumps(exported, protocol=5))
        else:
            # The groups' parts stay in the cache, for the build after a change.
            outputs.keep(exported.parts)
        self.kept.keep(self.report_key, report)
        files = {**exported.files, **report.files, **group_sources.files(self.content)}
        return Data(dict(sorted(files.items())), report, exported.placed)


def _parts_kept(outputs: OutputCache, code: bytes, source: Source) -> bool:
    """Whether the output cache has most groups' calendar events in the first language (as
    after a build of nearly the same content): the exporters then make little anew."""
    lang = source.languages[0]
    one = dataclasses.replace(source, languages=(lang,))  # as its calendar task has it
    keys = [_memo_key(code, calendars.events_key(one, group, lang)) for group in one.groups]
    return bool(keys) and outputs.count(keys) >= 0.9 * len(keys)


def _report(content: ValidContent) -> Report:
    files, pages = report_files(content)
    keys = PageKeys()
    return Report(files, pages, [keys.data(page) for page in pages])


def _relinked(exported: _Exported, placer: Placer) -> _Exported | None:
    """The data files of unchanged content, linked from the last build's output; None (make
    them again) if it lacks any of them."""
    if not all(placer.linkable(path, placed) for path, placed in exported.placed.items()):
        return None
    return dataclasses.replace(exported, placed={
        path: placer.link(path, placed) for path, placed in exported.placed.items()})


def _placed(files: Files, placer: Placer | None) -> tuple[Files, dict[str, Placed]]:
    """A task's files: as bytes, or put into the output by ``placer`` (their digests)."""
    if placer is None:
        return files, {}
    return {}, {path: placer.place(path, data) for path, data in files.items()}


def _exporter(outputs: OutputCache, code: bytes, exporter: Callable[[Source, Memo], Files],
              source: Source, placer: Placer | None = None) -> _Exported:
    parts: list[bytes] = []

    def memo(key: bytes, make: Callable[[], bytes]) -> bytes:
        full = _memo_key(code, key)
        parts.append(full)
        found = outputs.get(full)
        if found is None:
            found = make()
            outputs.put(full, found)
        return found

    files, placed = _placed(exporter(source, memo), placer)
    return _Exported(files, parts, placed)


def _memo_key(code: bytes, key: bytes) -> bytes:
    """Where the output cache keeps what an exporter made of one group under ``key``."""
    return digest(code, key)


def _whole(exporter: Callable[[Source], Files], source: Source,
           placer: Placer | None = None) -> _Exported:
    files, placed = _placed(exporter(source), placer)
    return _Exported(files, [], placed)
