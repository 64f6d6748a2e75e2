"""brochure/content.py: a content tree becomes published groups, hidden ones and pages."""

from __future__ import annotations

import datetime as dt
import multiprocessing.connection
import os
import signal
import struct
import threading
import weakref
from pathlib import Path

import pytest

from brochure.check import content as content_module
from brochure.check.content import Checked, FileCache, load_content
from brochure.core.codes import suggest_code
from brochure.core.problems import Severity
from brochure.load import reader
from brochure.load.document import Document
from tests.conftest import TODAY, VALID_GROUP, describe, replace_line, valid, write_group


def test_a_valid_tree_publishes_its_group_without_a_problem(content_tree: Path) -> None:
    content = load_content(content_tree, TODAY)
    assert content.problems == (), describe(content.problems)
    assert [g.slug for g in valid(content).published] == ["kahvila"]
    assert valid(content).hidden == {}
    assert {"soite", "kpkoos"} <= set(valid(content).partners)


def test_an_ended_season_hides_the_group_but_keeps_it_valid(content_tree: Path) -> None:
    ended = replace_line(VALID_GROUP, "end: 2027-05-31", "    end: 2026-11-01")
    ended = replace_line(replace_line(ended, "breaks:", ""), "start: 2026-12-21", "")
    write_group(content_tree, replace_line(ended, "end: 2027-01-06", ""), slug="kahvila")
    content = load_content(content_tree, TODAY)
    assert content.errors == 0, describe(content.problems)
    assert "kahvila" in valid(content).groups and valid(content).published == []
    assert set(valid(content).hidden) == {"kahvila"}


def test_a_broken_group_is_left_out_and_reported_but_the_rest_loads(content_tree: Path) -> None:
    broken = replace_line(VALID_GROUP, "municipality:", "municipality: kokola")
    write_group(content_tree, broken.replace('code: "k7m3"', 'code: "p4tw"'), slug="rikki")
    content = load_content(content_tree, TODAY)
    assert [g.slug for g in valid(content).published] == ["kahvila"]
    assert [(p.path.rsplit("/", 1)[-1], p.rule) for p in content.problems] == [
        ("rikki.yaml", "unknown-municipality")]


def test_a_page_needs_its_finnish_version(content_tree: Path) -> None:
    pages = content_tree / "pages"
    pages.mkdir(exist_ok=True)
    (pages / "ohje.sv.md").write_text("---\ntitle: Hjälp\n---\nText\n", encoding="utf-8")
    content = load_content(content_tree, TODAY)
    missing = {(p.params["language"], p.severity) for p in content.problems
               if p.rule == "missing-page"}
    assert missing == {("fi", Severity.ERROR), ("en", Severity.WARNING)}


def test_the_file_cache_rereads_only_changed_files(content_tree: Path) -> None:
    cache = FileCache()
    first = load_content(content_tree, TODAY, cache)
    again = load_content(content_tree, TODAY, cache)
    assert valid(again).groups["kahvila"] is valid(first).groups["kahvila"]  # not parsed again
    path = content_tree / "groups" / "kahvila.yaml"
    path.write_text(VALID_GROUP.replace("Testikahvila", "Uusi kahvila"), encoding="utf-8")
    changed = load_content(content_tree, TODAY, cache)
    assert valid(changed).groups["kahvila"].name.fi == "Uusi kahvila"


def test_the_saved_file_cache_keeps_unchanged_entries_as_they_were(
        content_tree: Path, tmp_path: Path) -> None:
    """Between builds: an entry is read back only when its file asks for it, and saved as
    the bytes it was read as; the edited file's entry is the one made again."""
    folder, version = tmp_path / "cache", b"v1"
    first = FileCache()
    expected = valid(load_content(content_tree, TODAY, first))
    first.save(folder, version)
    kept = FileCache.load(folder, version)
    assert kept.stored and not kept.entries  # nothing read back yet
    assert valid(load_content(content_tree, TODAY, kept)).groups == expected.groups
    stored = dict(kept.stored)
    path = content_tree / "groups" / "kahvila.yaml"
    path.write_text(VALID_GROUP.replace("Testikahvila", "Uusi kahvila"), encoding="utf-8")
    changed = valid(load_content(content_tree, TODAY, kept))
    kept.save(folder, version)
    again = FileCache.load(folder, version)
    made_again = [name for name in again.stored if again.stored[name] != stored.get(name)]
    assert len(made_again) == 1 and made_again[0].endswith("/groups/kahvila.yaml"), made_again
    assert valid(load_content(content_tree, TODAY, again)).groups == changed.groups
    assert FileCache.load(folder, b"v2").stored == {}  # another program reads nothing


def test_a_file_cache_read_from_a_folder_holds_bytes_only_and_saves_the_same(
        content_tree: Path, tmp_path: Path) -> None:
    """A build's file cache (read from its cache folder) keeps no parsed document: each entry
    is pickled as it is made and read back from its bytes when asked for. It checks and saves
    what a cache that holds the objects does."""
    plain, folder = FileCache(), tmp_path / "bytes"
    first = load_content(content_tree, TODAY, plain)
    expected = valid(first)
    in_bytes = FileCache.load(folder, b"v1")  # nothing there yet: an empty one
    assert not in_bytes.holding
    assert valid(load_content(content_tree, TODAY, in_bytes)).groups == expected.groups
    assert not in_bytes.entries and in_bytes.stored
    plain.save(tmp_path / "plain", b"v1")
    in_bytes.save(folder, b"v1")
    assert FileCache.load(folder, b"v1").stored == FileCache.load(tmp_path / "plain", b"v1").stored
    # The next check reads each entry back from its bytes, and keeps holding bytes only.
    stored = dict(in_bytes.stored)
    again = load_content(content_tree, TODAY, in_bytes)
    assert valid(again).groups == expected.groups and again.problems == first.problems
    assert not in_bytes.entries and in_bytes.stored == stored


def test_a_checked_groups_document_is_let_go_before_the_next_group_is_read(
        content_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A parsed document (with every value's position) is about ten times its file's size:
    held for every group until the whole tree was checked, 10,000 groups' documents took a
    few hundred megabytes a build then kept. Only what the later checks report is kept
    (where a group's code is), and a build's file cache holds bytes."""
    taken = {"k7m3"}  # kahvila's
    for i in range(12):
        slug = f"kahvila-{i}"
        code = suggest_code(slug, taken)
        taken.add(code)
        write_group(content_tree, VALID_GROUP.replace('code: "k7m3"', f'code: "{code}"'), slug)
    alive: list[weakref.ref[Document]] = []
    most = 0

    def load_yaml(path: str, data: bytes, kinds: object = None) -> Document:
        nonlocal most
        doc = reader.load_yaml(path, data, kinds)  # type: ignore[arg-type]
        if "/groups/" in path:
            alive.append(weakref.ref(doc))
            most = max(most, sum(1 for ref in alive if ref() is not None))
        return doc

    monkeypatch.setattr(content_module, "load_yaml", load_yaml)
    checked = load_content(content_tree, TODAY, FileCache.load(tmp_path / "cache", b"v1"))
    assert checked.errors == 0, describe(checked.problems)
    assert len(alive) == 13 and most <= 2, most


def twelve_groups(tree: Path) -> None:
    """Twelve more groups, each with its own code; two with mistakes, one in each half."""
    taken = {"k7m3"}  # kahvila's
    for i in range(12):
        slug = f"kahvila-{i:02}"
        code = suggest_code(slug, taken)
        taken.add(code)
        text = VALID_GROUP.replace('code: "k7m3"', f'code: "{code}"')
        if i in (3, 10):
            text = text.replace("weekday: thursday", "weekday: someday")
        write_group(tree, text, slug)


def test_a_second_process_reads_half_the_groups_and_the_check_is_the_same(
        content_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With --jobs 2, a forked process reads and validates the second half of the group files
    a build's cache lacks while the build's process reads the first half (1,000 groups: the
    check 1.31 s -> 0.90 s). The check finds the same problems and content, and keeps the
    same cache, as one process does."""
    twelve_groups(content_tree)
    monkeypatch.setattr(content_module, "READ_AHEAD_AT_LEAST", 1)
    one_cache = FileCache.load(tmp_path / "one", b"v1")
    one = load_content(content_tree, TODAY, one_cache)
    assert one.errors == 2, describe(one.problems)
    parsed_here: list[str] = []

    def load_yaml(path: str, data: bytes, kinds: object = None) -> Document:
        parsed_here.append(Path(path).name)  # (in the forked process, appended there only)
        return reader.load_yaml(path, data, kinds)  # type: ignore[arg-type]

    monkeypatch.setattr(content_module, "load_yaml", load_yaml)
    two_cache = FileCache.load(tmp_path / "two", b"v1")
    two = load_content(content_tree, TODAY, two_cache, jobs=2)
    assert two.problems == one.problems
    assert valid(two) == valid(one)
    groups = sorted(p.name for p in (content_tree / "groups").glob("*.yaml"))
    assert [name for name in parsed_here if name in groups] == groups[:len(groups) // 2]
    one_cache.save(tmp_path / "one", b"v1")
    two_cache.save(tmp_path / "two", b"v1")
    assert set(FileCache.load(tmp_path / "two", b"v1").stored) == set(
        FileCache.load(tmp_path / "one", b"v1").stored)
    # A build whose cache has every file starts no process: nothing to read ahead.
    parsed_here.clear()
    again = load_content(content_tree, TODAY, FileCache.load(tmp_path / "two", b"v1"), jobs=2)
    assert again.problems == one.problems, (describe(again.problems), describe(one.problems))
    assert [name for name in parsed_here if name in groups] == []


def _killed(*args: object) -> list[tuple[str, bytes, bytes]]:
    os.kill(os.getpid(), signal.SIGKILL)
    return []


def test_a_killed_read_ahead_process_leaves_the_files_to_the_check(
        content_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The process reading ahead is only a head start: killed (out of memory), the check
    reads those files itself and finds what it always finds."""
    twelve_groups(content_tree)
    monkeypatch.setattr(content_module, "READ_AHEAD_AT_LEAST", 1)
    one = load_content(content_tree, TODAY)
    monkeypatch.setattr(content_module, "_read_groups", _killed)
    two = load_content(content_tree, TODAY, FileCache.load(tmp_path / "c", b"v1"), jobs=2)
    assert two.problems == one.problems and valid(two) == valid(one)


def _killed_while_sending(send: multiprocessing.connection.Connection,
                          *args: object) -> None:
    """What the system does to a process out of memory, in the middle of sending its entries:
    the message's start, and then the process is gone."""
    os.write(send.fileno(), struct.pack("!i", 1 << 20) + b"x" * 1000)
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_read_ahead_process_killed_while_sending_leaves_the_files_to_the_check(
        content_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check does not wait for the rest of the entries for ever: the pipe ends with the
    process, and the check reads those files itself."""
    twelve_groups(content_tree)
    monkeypatch.setattr(content_module, "READ_AHEAD_AT_LEAST", 1)
    one = load_content(content_tree, TODAY)
    monkeypatch.setattr(content_module, "_send_groups", _killed_while_sending)
    found: list[Checked] = []
    checking = threading.Thread(target=lambda: found.append(load_content(
        content_tree, TODAY, FileCache.load(tmp_path / "c", b"v1"), jobs=2)), daemon=True)
    checking.start()
    checking.join(timeout=30)
    assert found, "the check waits for ever"
    assert found[0].problems == one.problems and valid(found[0]) == valid(one)


def test_the_review_date_decides_on_the_day(content_tree: Path) -> None:
    late = load_content(content_tree, dt.date(2030, 1, 1))
    assert valid(late).published == [] and "kahvila" in valid(late).hidden
