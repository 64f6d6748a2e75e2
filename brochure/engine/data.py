"""The build's data files and the public report: made from the content alone, before the site
model (whose download pages list the files with their sizes).

Both are kept in the output cache under the content's fingerprint, so a build of unchanged
content takes them whole. Otherwise they are made as independent tasks, in worker processes
when there are several (:func:`~brochure.engine.workers.run_tasks`): the report, and each
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
from brochure.engine.workers import run_tasks
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


def make_data(content: ValidContent, outputs: OutputCache, code: bytes,
              base_url: str | None, jobs: int) -> Data:
    base = base_url_of(content, base_url)
    report_key = digest(code, "report", content.fingerprint)
    exports_key = digest(code, "exports", content.fingerprint, base)
    found = outputs.get_many([report_key, exports_key])
    report: Report | None = unpickled(found.get(report_key), Report)
    exported: _Exported | None = unpickled(found.get(exports_key), _Exported)
    tasks: list[Callable[[], Report | _Exported]] = []
    if report is None:
        tasks.append(functools.partial(_report, content))
    if exported is None:
        source = Source.of(content, content.published, base, content.site.language_order)
        # The slowest first, so that two processes finish at about the same time.
        for exporter in (calendars.files, hsds.files):
            for lang in source.languages:
                one = dataclasses.replace(source, languages=(lang,))
                tasks.append(functools.partial(_exporter, outputs, code, exporter, one))
        tasks.append(functools.partial(_whole, opendata.files, source))
        tasks.append(functools.partial(_whole, feeds.files, source))
    made = run_tasks(tasks, jobs, outputs)
    if report is None:
        first = made.pop(0)
        assert isinstance(first, Report)
        report = first
        outputs.put(report_key, pickle.dumps(report, protocol=5))
    if exported is None:
        files: Files = {}
        parts: list[bytes] = []
        for part in made:
            assert isinstance(part, _Exported)
            files.update(part.files)
            parts.extend(part.parts)
        exported = _Exported(dict(sorted(files.items())), parts)
        outputs.put(exports_key, pickle.dumps(exported, protocol=5))
    else:
        # The groups' parts stay in the cache, for the build after a change.
        outputs.keep(exported.parts)
    files = {**exported.files, **report.files, **group_sources.files(content)}
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
