"""brochure/engine/data.py: the data files and the report, made beside the site model."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from brochure.check.content import ValidContent, load_content
from brochure.engine.cache import OutputCache, code_digest
from brochure.engine.data import DataTasks, KeptData
from brochure.engine.workers import can_fork
from tests.conftest import TODAY, valid
from tests.golden import CONTENT as FIXTURE


@pytest.mark.skipif(not can_fork(), reason="the tasks' processes are forked")
def test_light_tasks_share_the_processes_and_make_the_same_files(tmp_path: Path) -> None:
    """Each task in a process of its own costs about 0.1 s a task. After a build of nearly
    the same content (each group's parts kept), the tasks are light: then each of the
    ``--jobs`` processes does a share of them, and makes what they would have made."""
    content = valid(load_content(FIXTURE, TODAY))
    outputs, code = OutputCache(tmp_path / "cache"), code_digest()
    with DataTasks(content, outputs, code, None, 2) as first:
        assert first._shares == 9  # nothing kept yet: a process for each of the nine tasks
        made = first.result()
    outputs.save()
    # An edit elsewhere (another fingerprint): the groups' parts are all in the cache.
    edited = dataclasses.replace(content, fingerprint=b"another" + content.fingerprint)
    with DataTasks(edited, outputs, code, None, 2) as again:
        assert again._shares == 2
        remade = again.result()
    assert remade.files == made.files
    assert remade.report.files == made.report.files and remade.report.keys == made.report.keys


def test_the_next_build_takes_the_kept_report_as_it_is_and_a_changed_one_anew() -> None:
    """The live preview's engine keeps the report it took or made: an edit that leaves the
    report as it was (a group's summary) takes the very same report, with no unpickling; an
    edit to what the report counts makes it again."""
    content = valid(load_content(FIXTURE, TODAY))
    outputs, code, kept = OutputCache(None), code_digest(), KeptData()

    def edited(name: str, **update: object) -> ValidContent:
        slug, group = next(iter(content.groups.items()))
        return dataclasses.replace(content, fingerprint=name.encode() + content.fingerprint,
                                   groups={**content.groups, slug: group.model_copy(
                                       update=update)})

    with DataTasks(content, outputs, code, None, 1, kept=kept) as first:
        report = first.result().report
    outputs.save()
    summary = next(iter(content.groups.values())).summary
    with DataTasks(edited("summary", summary=summary.model_copy(update={"fi": "Uusi."})),
                   outputs, code, None, 1, kept=kept) as again:
        assert again.result().report is report
    outputs.save()
    counted = edited("municipality", municipality="halsua")  # (it was toholampi)
    with DataTasks(counted, outputs, code, None, 1, kept=kept) as changed:
        remade = changed.result().report
    assert remade is not report
    assert remade.files == DataTasks(counted, OutputCache(None), code, None, 1
                                     ).result().report.files
    assert remade.files != report.files
