"""brochure/engine/build.py and cache.py: the output cache is used across processes and never
changes a byte.

The first tests run each build in a process of its own, with a different hash seed, as two
runs of ``brochure build --cache`` (or two nights of the publish workflow) do. The last one
edits the content at random between warm builds and compares the result with a clean build.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from brochure.core.codes import ALPHABET
from brochure.engine import cache as cache_module
from brochure.engine.build import BuildOptions, Engine, Timings, build
from brochure.engine.cache import OutputCache
from tests.conftest import REPO, TODAY
from tests.golden import CONTENT as FIXTURE

# Builds in processes of their own (make test-fast leaves them out).
pytestmark = pytest.mark.slow

BUILD = """
import datetime as dt, json, sys
from pathlib import Path
from brochure.engine.build import BuildOptions, Engine
content, output, cache = (Path(a) for a in sys.argv[1:4])
engine = Engine(BuildOptions(jobs=int(sys.argv[4])), cache)
result = engine.build(content, output, dt.date.fromisoformat(sys.argv[5]))
engine.close()
print(json.dumps({"ok": result.ok, "files": result.files, "rendered": result.rendered,
                  "cached": result.cached, "made": result.made}))
"""


def run_build(content: Path, output: Path, cache: Path, *, seed: int,
              jobs: int = 1) -> dict[str, int]:
    env = dict(os.environ, PYTHONHASHSEED=str(seed))
    done = subprocess.run([sys.executable, "-c", BUILD, str(content), str(output), str(cache),
                           str(jobs), TODAY.isoformat()],
                          capture_output=True, text=True, env=env, cwd=REPO, check=True)
    stats: dict[str, int] = json.loads(done.stdout.splitlines()[-1])
    assert stats["ok"], done.stderr
    return stats


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass(frozen=True)
class ColdBuild:
    content: Path
    output: Path
    cache: Path
    stats: dict[str, int]

    def cache_copy(self, folder: Path) -> Path:
        """The cold build's cache, for a test to use (and change) on its own."""
        return Path(shutil.copytree(self.cache, folder / "cache"))


@pytest.fixture(scope="module")
def cold(tmp_path_factory: pytest.TempPathFactory) -> ColdBuild:
    """The fixture built once from an empty cache (both tests start from it). Its content is
    a copy at a path of its own (the cache keys name the files where they are); only the
    first test uses it, and edits it."""
    root = tmp_path_factory.mktemp("cold")
    content = Path(shutil.copytree(FIXTURE, root / "content"))
    stats = run_build(content, root / "public", root / "cache", seed=1)
    return ColdBuild(content, root / "public", root / "cache", stats)


def test_a_second_process_reuses_every_page_and_writes_the_same_bytes(
        tmp_path: Path, cold: ColdBuild) -> None:
    content = cold.content
    cache = cold.cache_copy(tmp_path)
    assert cold.stats["rendered"] > 50 and cold.stats["cached"] == 0
    warm = run_build(content, tmp_path / "warm", cache, seed=2, jobs=2)
    # Nothing is made again: no page, calendar, open-data record or feed.
    assert warm["rendered"] == 0 and warm["made"] == 0, warm
    assert files_of(tmp_path / "warm") == files_of(cold.output)

    # One group changed: its pages and the lists it is on are made again, nothing else.
    group = content / "groups" / "testikahvila.yaml"
    group.write_text(group.read_text("utf-8").replace("Testikahvila", "Testikahvio"),
                     encoding="utf-8")
    changed = run_build(content, tmp_path / "changed", cache, seed=3)
    assert 0 < changed["rendered"] < cold.stats["rendered"] / 2, changed
    # The other group's calendar and open-data records come from the cache, although the
    # build before did not need them (it took the exports whole).
    # (Of the fixture's two groups, only the changed one's records are made again.)
    assert (changed["made"] - changed["rendered"]
            < cold.stats["made"] - cold.stats["rendered"]), (changed, cold.stats)
    fresh = run_build(content, tmp_path / "fresh", tmp_path / "other-cache", seed=4, jobs=2)
    assert fresh["cached"] == 0
    # Its workers' entries were copied into the cache's database, their files removed.
    assert not list((tmp_path / "other-cache").glob(cache_module.HANDED + "*"))
    assert files_of(tmp_path / "changed") == files_of(tmp_path / "fresh")


def test_a_damaged_cache_is_ignored_not_trusted(tmp_path: Path, cold: ColdBuild) -> None:
    cache = cold.cache_copy(tmp_path)
    database = cache / "outputs.sqlite"
    assert database.is_file()
    data = bytearray(database.read_bytes())
    for offset in range(200, len(data), 997):  # scribble over pages of the database
        data[offset] ^= 0xFF
    database.write_bytes(bytes(data))
    again = run_build(FIXTURE, tmp_path / "again", cache, seed=2)
    assert again["files"] == cold.stats["files"]
    assert files_of(tmp_path / "again") == files_of(cold.output)


# --- random edits: warm builds end where a clean build does ----------------------------------
# Each step edits the fixture's content the way partners and the coordinator do (or moves the
# build's day on, as the nightly build does), then builds it warm: a new engine on the same
# cache and output, two workers, as `brochure build --cache --jobs 2` runs each night. After
# the last step the published tree must be byte for byte what a clean serial build of the
# same content makes. Random sequences find the stale entries a fixed script never hits.

GROUPS = ("iltakahvit-toholampi", "testikahvila")
MUNICIPALITIES = ("halsua", "kannus", "kokkola", "perho", "toholampi", "veteli")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
Edit = tuple[str, str, int]  # (kind, group, number)


def apply_edit(content: Path, edit: Edit) -> int:
    """Makes one edit; returns how many days the build's day moves on."""
    kind, slug, number = edit
    group = content / "groups" / f"{slug}.yaml"

    def rewrite(path: Path, pattern: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        changed = re.sub(pattern, new, text, count=1, flags=re.MULTILINE)
        assert changed != text or new in text, (path, pattern)
        path.write_text(changed, encoding="utf-8")

    if kind == "name":
        rewrite(group, r'^(name:\n  fi: "[^"\d]*)[^"]*"', rf'\g<1> {number}"')
    elif kind == "municipality":
        rewrite(group, r"^municipality: \w+", f"municipality: {MUNICIPALITIES[number % 6]}")
    elif kind == "weekday":
        rewrite(group, r"weekday: \w+", f"weekday: {WEEKDAYS[number % 5]}")
    elif kind == "overdue":  # a review long overdue hides the group; a new one shows it
        rewrite(group, r"^reviewed: [\d-]+", "reviewed: " + (
            "2024-01-15" if number % 2 else "2026-11-01"))
    elif kind == "copy":  # a new group, with a short code of its own
        copy = content / "groups" / f"kopio-{number}.yaml"
        text = group.read_text(encoding="utf-8")
        copy.write_text(re.sub(r'^code: "\w+"', f'code: "k{ALPHABET[number]}x{ALPHABET[number]}"',
                               text, count=1, flags=re.MULTILINE), encoding="utf-8")
    elif kind == "remove":  # a copy made earlier goes again
        (content / "groups" / f"kopio-{number}.yaml").unlink(missing_ok=True)
    elif kind == "partner":
        rewrite(content / "partners" / "kpkoos.yaml", r'^(name:\n  fi: "[^"\d]*)[^"]*"',
                rf'\g<1> {number}"')
    elif kind == "page":
        with (content / "pages" / "about.fi.md").open("a", encoding="utf-8") as page:
            page.write(f"\nLisätty kappale {number}.\n")
    elif kind == "day":
        return number * 3
    return 0


edits = st.tuples(
    st.sampled_from(["name", "municipality", "weekday", "overdue", "copy", "remove",
                     "partner", "page", "day"]),
    st.sampled_from(GROUPS), st.integers(0, 5))


# A few sequences a run (each is five builds at most); hypothesis's database replays a failure
# first the next time.
@settings(max_examples=3, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(edits, min_size=1, max_size=4))
def test_random_edits_built_warm_give_the_clean_build(
        tmp_path_factory: pytest.TempPathFactory, steps: list[Edit]) -> None:
    root = tmp_path_factory.mktemp("edits")
    content = Path(shutil.copytree(FIXTURE, root / "content"))
    output, cache, today = root / "public", root / "cache", TODAY
    for number, step in enumerate([None, *steps]):
        if step is not None:
            today += dt.timedelta(days=apply_edit(content, step))
        # Cold and serial first, then warm with two workers.
        engine = Engine(BuildOptions(jobs=1 if number == 0 else 2), cache)
        try:
            built = engine.build(content, output, today)
        finally:
            engine.close()
        assert built.ok, [f"{p.path}:{p.line} {p.rule}" for p in built.problems
                          if p.severity.value == "error"]
        assert number == 0 or built.cached > 0, "the warm build used no cache"
    clean = build(content, root / "unused", today, write=False)
    assert clean.ok
    mine = files_of(output)
    assert sorted(mine) == sorted(clean.output), (
        "missing", sorted(set(clean.output) - set(mine))[:5],
        "extra", sorted(set(mine) - set(clean.output))[:5])
    assert not [path for path in mine if mine[path] != clean.output[path]], steps


# --- the output cache's store and the pages' keys, in this process ---------------------------

def test_a_large_builds_entries_are_stored_before_it_ends(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A big site's build does not hold everything it made until the end: past SPILL_BYTES
    pending, entries go into the file (another process finds them at once), a worker puts
    its own into a file of its own, which the build copies into its database (the entries
    never travel through a pipe), and each entry counts once as made."""
    monkeypatch.setattr(cache_module, "SPILL_BYTES", 100)
    outputs = OutputCache(tmp_path)
    outputs.put(b"a" * 20, b"x" * 60)
    assert OutputCache(tmp_path).get_many([b"a" * 20]) == {}  # 60 bytes: still pending
    outputs.put(b"b" * 20, b"y" * 60)
    assert OutputCache(tmp_path).get_many([b"a" * 20, b"b" * 20]) == {
        b"a" * 20: b"x" * 60, b"b" * 20: b"y" * 60}

    worker = OutputCache(tmp_path)
    worker.forked()
    worker.put(b"c" * 20, b"z" * 200)  # past SPILL_BYTES: into the worker's own file
    assert not worker.pending  # (the worker holds none of it)
    assert OutputCache(tmp_path).get_many([b"c" * 20]) == {}
    worker.put(b"d" * 20, b"w" * 10)  # handed back with it
    handed = worker.hand_back()
    assert handed.made == {} and handed.file is not None
    outputs.take_back(handed)
    assert OutputCache(tmp_path).get_many([b"c" * 20, b"d" * 20]) == {
        b"c" * 20: b"z" * 200, b"d" * 20: b"w" * 10}
    assert not handed.file.exists()
    assert outputs.made == 4

    outputs.save()
    kept = OutputCache(tmp_path)
    assert set(kept.get_many([b"a" * 20, b"b" * 20, b"c" * 20, b"d" * 20])) == {
        b"a" * 20, b"b" * 20, b"c" * 20, b"d" * 20}
    # A file that cannot be read is skipped; the cache goes on as it was.
    damaged = OutputCache(tmp_path)
    damaged.forked()
    damaged.put(b"f" * 20, b"u" * 10)
    broken = damaged.hand_back()
    assert broken.file is not None
    broken.file.write_bytes(b"not a database")
    outputs.take_back(broken)
    outputs.put(b"g" * 20, b"t" * 10)
    outputs.save()
    assert OutputCache(tmp_path).get_many([b"f" * 20, b"g" * 20]) == {b"g" * 20: b"t" * 10}
    assert not broken.file.exists()
    # A worker stopped before it handed its file back leaves nothing behind.
    stopped = OutputCache(tmp_path)
    stopped.forked()
    stopped.put(b"e" * 20, b"v" * 200)
    assert list(tmp_path.glob(cache_module.HANDED + "*"))
    # Nor does a build killed before it could remove its workers' files; another build that
    # still runs keeps its own.
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (tmp_path / f"{cache_module.HANDED}{gone}-x1.sqlite").write_bytes(b"")
    running = tmp_path / f"{cache_module.HANDED}1-x2.sqlite"  # (process 1 always runs)
    running.write_bytes(b"")
    outputs.save()
    assert list(tmp_path.glob(cache_module.HANDED + "*")) == [running]


def test_a_change_in_a_groups_details_changes_every_page_that_shows_them(
        tmp_path: Path) -> None:
    """Pages count a group's details (phone, dates, description) by the details' digest,
    worked out once: the group's page, its poster and the brochures that list it must still
    get new keys when only the details change, and no other page may."""
    content = Path(shutil.copytree(FIXTURE, tmp_path / "content"))
    engine = Engine(BuildOptions())

    def keys() -> dict[str, bytes]:
        checked = engine.load(content, TODAY).ready()
        assert checked is not None
        plan = engine.plan(checked, Timings())
        return {page.output_path: key for page, key in zip(plan.pages, plan.keys, strict=True)}

    try:
        before = keys()
        group = content / "groups" / "testikahvila.yaml"
        group.write_text(group.read_text(encoding="utf-8").replace(
            '"040 123 4567"', '"040 123 4568"'), encoding="utf-8")
        after = keys()
    finally:
        engine.close()
    changed = {path for path in before if before[path] != after.get(path)}
    for lang in ("fi", "sv", "en"):
        assert f"{lang}/groups/testikahvila/index.html" in changed
        assert f"{lang}/groups/testikahvila/poster/index.html" in changed
        assert any(path.startswith(f"{lang}/print/") for path in changed), changed
        assert f"{lang}/groups/iltakahvit-toholampi/index.html" not in changed
        assert f"{lang}/groups/iltakahvit-toholampi/poster/index.html" not in changed


def test_data_files_come_from_the_last_output_and_are_made_again_when_it_lost_one(
        tmp_path: Path) -> None:
    """The data files of unchanged content are linked from the last build's output (the
    cache keeps only their digests); one gone from there makes them all again. (The warm
    build is the cold one's engine again: its check reads the file cache the cold build
    saved, each entry back from its bytes.)"""
    cache, output = tmp_path / "cache", tmp_path / "public"
    engine = Engine(BuildOptions(), cache)
    try:
        for step in ("cold", "warm", "lost"):
            if step == "lost":
                (cache / "published" / "data" / "groups.json").unlink()
                engine.close()
                engine = Engine(BuildOptions(), cache)
            result = engine.build(FIXTURE, output, TODAY)
            assert result.ok
            if step == "cold":
                expected = files_of(output)
            assert files_of(output) == expected, step
            # Warm, nothing is made again; with a file lost, the data files are.
            assert (result.made == 0) == (step == "warm"), (step, result.made)
    finally:
        engine.close()



def test_one_entry_is_found_as_among_many(tmp_path: Path) -> None:
    """``get`` (the exporters' parts, one by one) finds what ``get_many`` finds: pending,
    stored, or not at all where the entry is missing or damaged."""
    first = OutputCache(tmp_path)
    first.put(b"stored", b"kept bytes")
    first.put(b"damaged", b"other bytes")
    first.save()
    first.close()
    with sqlite3.connect(tmp_path / OutputCache.FILE) as db:
        db.execute("UPDATE outputs SET data = ? WHERE key = ?", (b"scribbled", b"damaged"))
    for folder in (tmp_path, None):
        cache = OutputCache(folder)
        cache.put(b"pending", b"made now")
        for key in (b"stored", b"damaged", b"pending", b"missing"):
            assert cache.get(key) == cache.get_many([key]).get(key)
        assert cache.get(b"pending") == b"made now"
        assert (cache.get(b"stored"), cache.get(b"damaged")) == (
            (b"kept bytes", None) if folder else (None, None))
        cache.close()
