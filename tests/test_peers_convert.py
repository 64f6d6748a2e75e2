"""The peer benchmark's converter: generated groups become a content tree without errors.

``benchmarks/peers.py`` builds the same generated groups with Hugo and with the project; its
figures mean something only if every generated group is a valid, published group here. No
timing is asserted.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from brochure.check.content import load_content
from tests.conftest import valid

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "bench"
TODAY = dt.date(2026, 12, 1)
N = 30


def peers_module(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    spec = importlib.util.spec_from_file_location("peers", REPO / "benchmarks" / "peers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "peers", module)  # its dataclasses look themselves up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("today", [TODAY, dt.date(2027, 6, 15)])
def test_generated_groups_convert_to_a_valid_tree(tmp_path: Path, today: dt.date,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    if not (SHARED / "gen_content.py").is_file():
        pytest.skip(f"the shared benchmark generator is not in {SHARED}")
    peers = peers_module(monkeypatch)
    jsonl = peers.generate(SHARED, N, tmp_path / "groups.jsonl", 42)
    groups = peers.read_groups(jsonl)
    root = peers.write_project_content(groups, tmp_path / "content", REPO / "content", today)

    content = load_content(root, today)

    assert content.errors == 0, [str(p) for p in content.problems]
    assert len(valid(content).groups) == N
    assert len(valid(content).published) == N


SPAWNING = """
import subprocess, sys, time
held = bytearray(200 << 20)
for i in range(0, len(held), 4096):
    held[i] = 1
print("ready", flush=True)
end = time.monotonic() + 1.5
while time.monotonic() < end:
    subprocess.run(["true"])
"""


def test_the_process_tree_counts_a_build_once_while_it_starts_programs(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A program started by subprocess shares its parent's memory until it runs (vfork), and
    # /proc then shows that memory as the child's too: the build, which starts Pagefind
    # dozens of times, must not be counted twice in the peak the benchmark reports.
    peers = peers_module(monkeypatch)
    samples = []
    with subprocess.Popen([sys.executable, "-c", SPAWNING], stdout=subprocess.PIPE,
                          text=True) as child:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        while child.poll() is None:
            samples.append(peers.tree_rss(child.pid) // 1024)
    assert len(samples) > 20
    assert 200 <= max(samples) < 300, max(samples)
