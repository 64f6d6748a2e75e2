"""The preview's Watcher alone: what it reports, and in how many batches, with the system's
notifications and with polling. Every wait has a deadline; nothing sleeps longer than needed."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from brochure.preview import Watcher
from brochure.preview.watch import QUIET_MS

DEADLINE = 5.0


@pytest.fixture(params=[False, True], ids=["native", "polling"])
def watcher(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Watcher]:
    (tmp_path / "groups").mkdir()
    (tmp_path / "groups" / "old.yaml").write_text("name: old\n", encoding="utf-8")
    found = Watcher([tmp_path], polling=request.param, interval=0.02)
    assert found.polling is request.param
    try:
        yield found
    finally:
        found.close()


def collect(watcher: Watcher, wanted: set[Path]) -> list[set[Path]]:
    """The batches seen until every path in ``wanted`` has been reported."""
    batches: list[set[Path]] = []
    deadline = time.monotonic() + DEADLINE
    while not wanted <= set().union(*batches):
        assert time.monotonic() < deadline, f"not reported: {wanted - set().union(*batches)}"
        batch = watcher.wait(0.05)
        assert batch is not None, "the watcher lost track"
        if batch:
            batches.append(batch)
    return batches


def settle(watcher: Watcher) -> list[set[Path]]:
    """Batches still to come shortly after (none, when everything was reported)."""
    later: list[set[Path]] = []
    for _ in range(3):
        batch = watcher.wait(0.05)
        assert batch is not None
        if batch:
            later.append(batch)
    return later


def test_a_new_file(watcher: Watcher, tmp_path: Path) -> None:
    new = tmp_path / "groups" / "new.yaml"
    new.write_text("name: new\n", encoding="utf-8")
    assert set().union(*collect(watcher, {new})) == {new}


def test_a_change_and_another_within_the_same_second(watcher: Watcher, tmp_path: Path) -> None:
    old = tmp_path / "groups" / "old.yaml"
    old.write_text("name: one\n", encoding="utf-8")
    collect(watcher, {old})
    # Saved again at once, the same size: still seen (by its time to the nanosecond).
    old.write_text("name: two\n", encoding="utf-8")
    collect(watcher, {old})


def test_a_delete(watcher: Watcher, tmp_path: Path) -> None:
    old = tmp_path / "groups" / "old.yaml"
    old.unlink()
    collect(watcher, {old})


def test_a_rename_reports_both_names(watcher: Watcher, tmp_path: Path) -> None:
    old, new = tmp_path / "groups" / "old.yaml", tmp_path / "groups" / "renamed.yaml"
    old.rename(new)
    collect(watcher, {old, new})


def test_a_file_in_a_new_folder_and_later_edits_in_it(watcher: Watcher, tmp_path: Path) -> None:
    # Written at once, as a copy or a checkout does: maybe before the folder is watched.
    inside = tmp_path / "new" / "deeper" / "a.yaml"
    inside.parent.mkdir(parents=True)
    inside.write_text("a: 1\n", encoding="utf-8")
    collect(watcher, {inside})
    inside.write_text("a: 2\n", encoding="utf-8")
    collect(watcher, {inside})


def test_a_folder_moved_away_and_back(watcher: Watcher, tmp_path: Path) -> None:
    groups, away = tmp_path / "groups", tmp_path / "away"
    groups.rename(away)
    # The folder itself (notifications) or the files that were in it (polling).
    batches = collect_any(watcher, {groups, groups / "old.yaml"})
    assert groups in batches or groups / "old.yaml" in batches
    away.rename(groups)
    collect(watcher, {groups / "old.yaml"})


def collect_any(watcher: Watcher, wanted: set[Path]) -> set[Path]:
    seen: set[Path] = set()
    deadline = time.monotonic() + DEADLINE
    while not seen & wanted:
        assert time.monotonic() < deadline, f"none of {wanted} reported"
        seen |= watcher.wait(0.05) or set()
    return seen


def test_a_burst_of_writes_comes_as_one_batch(watcher: Watcher, tmp_path: Path) -> None:
    files = [tmp_path / "groups" / f"g{i:02}.yaml" for i in range(20)]

    written: list[float] = []

    def checkout() -> None:  # 20 files within 50 ms, while the watcher waits
        for path in files:
            path.write_text(f"name: {path.stem}\n", encoding="utf-8")
            written.append(time.monotonic())
            time.sleep(0.0025)

    writer = threading.Thread(target=checkout)
    started = time.monotonic()
    writer.start()
    try:
        batches = collect(watcher, set(files))
    finally:
        writer.join()
    assert time.monotonic() - started < 1.0
    batches += settle(watcher)
    # On a busy machine the writer itself may pause longer than the watcher's quiet time;
    # each such pause may start a batch, but within a burst no batch may be cut.
    pauses = sum(1 for a, b in itertools.pairwise(written) if b - a > QUIET_MS / 1000)
    assert len(batches) <= 2 + pauses, [sorted(p.name for p in b) for b in batches]
    assert set().union(*batches) == set(files)


def test_editor_temporary_files_are_ignored(watcher: Watcher, tmp_path: Path) -> None:
    groups = tmp_path / "groups"
    for name in (".old.yaml.swp", ".old.yaml.swx", "old.yaml.swo", "old.yaml~", "x.tmp",
                 "m.pyc"):
        (groups / name).write_text("x", encoding="utf-8")
    (groups / "__pycache__").mkdir()
    (groups / "__pycache__" / "m.cpython-311.pyc").write_text("x", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "index").write_text("x", encoding="utf-8")
    marker = groups / "saved.yaml"
    marker.write_text("name: saved\n", encoding="utf-8")
    seen = set().union(*collect(watcher, {marker}), *settle(watcher))
    assert seen == {marker}, seen


def test_wait_times_out_and_close_ends_a_wait(watcher: Watcher) -> None:
    started = time.monotonic()
    assert watcher.wait(0.05) == set()
    assert time.monotonic() - started < 0.5
    result: list[set[Path] | None] = []
    waiting = threading.Thread(target=lambda: result.append(watcher.wait(30)))
    waiting.start()
    time.sleep(0.05)
    watcher.close()
    waiting.join(2)
    assert not waiting.is_alive() and result == [set()]


def test_falls_back_to_polling_when_notifications_fail(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable(*args: object, **kwargs: object) -> Iterator[set[object]]:
        raise OSError(28, "inotify watch limit reached")
        yield set()

    monkeypatch.setattr("brochure.preview.watch.watch", unavailable)
    watcher = Watcher([tmp_path], interval=0.02)
    try:
        assert watcher.polling
        new = tmp_path / "new.yaml"
        new.write_text("x", encoding="utf-8")
        collect(watcher, {new})
    finally:
        watcher.close()
