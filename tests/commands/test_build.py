"""brochure/commands/build.py: what ``brochure build --timings`` tells whoever makes the build
faster (the stages, the slowest templates as Hugo's --templateMetrics, the peak memory)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from brochure.commands.build import timings_table
from brochure.engine.build import Timings
from brochure.engine.workers import TemplateTimes
from tests.conftest import REPO, TODAY
from tests.golden import CONTENT as FIXTURE


def test_the_table_has_each_stage_the_total_the_memory_and_the_slowest_templates() -> None:
    times = TemplateTimes()
    times.add("group.html", 0.5, 10)
    times.add("home.html", 0.1, 1)
    table = timings_table(Timings({"load": 1.0, "render": 2.5}, times), 11, 3, (2048, 1600))
    lines = table.splitlines()
    assert lines[:4] == ["stage          seconds", "load              1.00",
                         "render            2.50", "total             3.50"]
    assert "pages rendered: 11, kept from the last build: 3" in lines
    assert any(line.startswith("peak memory: build 2048 MB, largest child process 1600 MB")
               for line in lines)
    rows = lines[lines.index("template               calls   seconds   ms/call") + 1:]
    assert [row.split()[:2] for row in rows] == [["group.html", "10"], ["home.html", "1"]]
    assert rows[0].split()[3] == "50.00"  # ms a call


def test_a_build_with_timings_prints_the_stages_it_went_through(tmp_path: Path) -> None:
    # A process of its own, so that its peak memory and its children are this build's alone.
    done = subprocess.run(
        [sys.executable, "build.py", "build", "--content", str(FIXTURE), "--output",
         str(tmp_path / "public"), "--cache", str(tmp_path / "cache"), "--today",
         TODAY.isoformat(), "--quiet", "--timings"],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    out = done.stdout
    assert done.returncode == 0, done.stderr
    stages = dict(re.findall(r"^(\w+)\s+([0-9.]+)$", out.split("stage          seconds")[1]
                             .split("total")[0], re.M))
    assert list(stages) == ["load", "exports", "model", "fragments", "keys", "link", "render",
                            "search", "write", "switch"]
    # Two groups in three languages: six group pages, each rendered once.
    assert re.search(r"^group\.html\s+6\s", out, re.M), out
    found = re.search(r"^peak memory: build (\d+) MB, largest child process (\d+) MB", out, re.M)
    assert found, out
    # A Python process with the program's libraries takes tens of megabytes; its children
    # include the word search's Pagefind, so theirs is never nothing (in wrong units, these
    # would be a thousand times off).
    build_mb, child_mb = int(found.group(1)), int(found.group(2))
    assert 30 < build_mb < 2000 and 0 < child_mb < 2000, out
