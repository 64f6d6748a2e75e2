"""brochure/engine.py: the output cache is used across processes and never changes a byte.

Each build here runs in a process of its own, with a different hash seed, as two runs of
``brochure build --cache`` (or two nights of the publish workflow) do.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

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
