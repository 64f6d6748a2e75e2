"""The build's data files and the public report: made from the content alone, beside the site
model, which waits for them only when it comes to the pages that list the files with their
sizes and show the report.

Both are kept in the output cache under the content's fingerprint, so a build of unchanged
content takes them whole. Otherwise they are made as independent tasks, in worker processes
when there are several (:class:`~brochure.engine.workers.Started`): the report, and each
exporter in each language. Within a task, what an exporter makes of one group (its calendar
events, its HSDS record) is kept by the group's key, so an edit remakes one group's parts.
"""

from __future__ import annotations

import dataclasses
import functools
import pickle
from collections.abc import Callable
from dataclasses import dataclass

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

Files = dict[str, bytes]


@dataclass(frozen=True)
class Report:
    """The public report's files and pages, with the pages' keys as worked out when they were
    made (a pickle of an unpickled page need not be the same bytes)."""

    files: Files
    pages: list[ReportPage]
    keys: list[bytes]


@dataclass(frozen=True)
class Data:
    files: Files  # every data file, the report's and the groups' own files included
    report: Report


@dataclass(frozen=True)
class _Exported:
    files: Files
    parts: list[bytes]  # the keys of the groups' parts it used


class DataTasks:
    """The data files and the report, being made (in worker processes, when there are
    several) while the build goes on: the site model needs them only for its downloads and
    report pages. :meth:`result` waits for them; leaving a ``with`` block stops the
    processes if nothing waited for them (an error elsewhere)."""

    def __init__(self, content: ValidContent, outputs: OutputCache, code: bytes,
                 base_url: str | None, jobs: int) -> None:
        self.content, self.outputs = content, outputs
        base = base_url_of(content, base_url)
        self.report_key = digest(code, "report", content.fingerprint)
        self.exports_key = digest(code, "exports", content.fingerprint, base)
        found = outputs.get_many([self.report_key, self.exports_key])
        self.report: Report | None = unpickled(found.get(self.report_key), Report)
        self.exported: _Exported | None = unpickled(found.get(self.exports_key), _Exported)
        tasks: list[Callable[[], Report | _Exported]] = []
        if self.report is None:
            tasks.append(functools.partial(_report, content))
        if self.exported is None:
            source = Source.of(content, content.published, base, content.site.language_order)
            # The slowest first, so that two processes finish at about the same time.
            for exporter in (calendars.files, hsds.files):
                for lang in source.languages:
                    one = dataclasses.replace(source, languages=(lang,))
                    tasks.append(functools.partial(_exporter, outputs, code, exporter, one))
            tasks.append(functools.partial(_whole, opendata.files, source))
            tasks.append(functools.partial(_whole, feeds.files, source))
        self.started = Started(tasks, jobs, outputs)

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
            parts: list[bytes] = []
            for part in made:
                assert isinstance(part, _Exported)
                files.update(part.files)
                parts.extend(part.parts)
            exported = _Exported(dict(sorted(files.items())), parts)
            outputs.put(self.exports_key, pickle.dumps(exported, protocol=5))
        else:
            # The groups' parts stay in the cache, for the build after a change.
            outputs.keep(exported.parts)
        files = {**exported.files, **report.files, **group_sources.files(self.content)}
        return Data(dict(sorted(files.items())), report)


def _report(content: ValidContent) -> Report:
    files, pages = report_files(content)
    keys = PageKeys()
    return Report(files, pages, [keys.data(page) for page in pages])


def _exporter(outputs: OutputCache, code: bytes, exporter: Callable[[Source, Memo], Files],
              source: Source) -> _Exported:
    parts: list[bytes] = []

    def memo(key: bytes, make: Callable[[], bytes]) -> bytes:
        full = digest(code, key)
        parts.append(full)
        found = outputs.get_many([full]).get(full)
        if found is None:
            found = make()
            outputs.put(full, found)
        return found

    return _Exported(exporter(source, memo), parts)


def _whole(exporter: Callable[[Source], Files], source: Source) -> _Exported:
    return _Exported(exporter(source), [])
