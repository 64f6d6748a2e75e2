"""How fast is a full build, and where does the time go? The engine's stages, timed.

For N synthetic groups (all three languages, every page type and export) it prints per build:
load and check, the rest of the build (exports, site model, render, write), how many pages
were rendered and how many came from the output cache, and the peak memory of the process.
Each size is built cold (empty ``--cache`` folder), warm (nothing changed) and after one group
changed. For the comparison with Hugo on the same groups, see ``benchmarks/peers.py``.

    .venv/bin/python benchmarks/build_bench.py [--sizes 100 1000] [--jobs 2]
        [--output-dir /dev/shm]
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

from synthetic import write_synthetic_content

from brochure.commands.options import cpu_count
from brochure.engine.build import BuildOptions, Engine

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)


def one(content: Path, output: Path, cache: Path, jobs: int) -> tuple[float, float, int, int,
                                                                       int]:
    engine = Engine(BuildOptions(jobs=jobs), cache)
    start = time.perf_counter()
    engine.load(content, TODAY)
    load = time.perf_counter() - start
    result = engine.build(content, output, TODAY)
    total = time.perf_counter() - start
    engine.close()
    assert result.ok, [str(p) for p in result.problems[:3]]
    return load, total, result.rendered, result.cached, result.files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--jobs", type=int, default=cpu_count())
    parser.add_argument("--output-dir", type=Path, default=None,
                        help="where to write the sites (default: a temporary folder)")
    args = parser.parse_args()
    print(f"{'groups':>7} {'state':>8} {'load':>6} {'total':>7} {'rendered':>9} {'cached':>7} "
          f"{'files':>7} {'peak MB':>8}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory(dir=args.output_dir) as tmp:
            root = Path(tmp)
            content = write_synthetic_content(root / "content", size, REPO / "content",
                                              today=TODAY)
            for state in ("cold", "warm", "one edit"):
                if state == "one edit":
                    first = sorted((content / "groups").glob("*.yaml"))[0]
                    text = first.read_text(encoding="utf-8")
                    first.write_text(text.replace("Avoin ryhmä", "Muutettu ryhmä", 1),
                                     encoding="utf-8")
                load, total, rendered, cached, files = one(content, root / "public",
                                                           root / "cache", args.jobs)
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(f"{size:>7} {state:>8} {load:>6.2f} {total:>7.2f} {rendered:>9} "
                      f"{cached:>7} {files:>7} {peak:>8.0f}")
    print("Seconds of wall time; the build includes loading again. Peak MB is this process's "
          "(worker processes not included).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
