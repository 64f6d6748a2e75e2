"""How fast is the content check? ``load_content`` on N synthetic valid groups.

Times ``load_content`` for each size (median of 3 runs up to 1000 groups, one run above) and
the whole command line (``python build.py check --content …``) for 1000 groups, and prints a
table. The target: 1000 groups checked in under one second.

    make bench
    .venv/bin/python benchmarks/check_bench.py [--sizes 100 1000] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import write_synthetic_content

from brochure.check.content import load_content

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)
TARGET_GROUPS, TARGET_SECONDS = 1000, 1.0


def time_load(root: Path, runs: int) -> float:
    """Median seconds of ``runs`` full checks; the content must be clean."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        content = load_content(root, TODAY)
        times.append(time.perf_counter() - start)
        if content.problems:
            first = content.problems[0]
            raise SystemExit(f"synthetic content is not clean: {len(content.problems)} problems,"
                             f" first {first.path}:{first.line} {first.rule} {first.params}")
    return statistics.median(times)


def time_cli(root: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, str(REPO / "build.py"), "check", "--content", str(root),
             "--today", TODAY.isoformat()],
            cwd=REPO, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit(f"check failed ({result.returncode}):\n{result.stdout[-2000:]}"
                             f"{result.stderr[-2000:]}")
    return statistics.median(times)


def profile(root: Path, top: int = 25) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    load_content(root, TODAY)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs().sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000],
                        metavar="N", help="numbers of groups (default: 100 1000 10000)")
    parser.add_argument("--source", type=Path, default=REPO / "content",
                        help="content tree whose site, vocabularies and partners are copied")
    parser.add_argument("--cli-size", type=int, default=TARGET_GROUPS, metavar="N",
                        help="groups for the end-to-end command timing (0: skip)")
    parser.add_argument("--profile", action="store_true",
                        help=f"profile load_content on {TARGET_GROUPS} groups (cProfile)")
    args = parser.parse_args(argv)

    print(f"brochure check benchmark: Python {sys.version.split()[0]}, today={TODAY}")
    print(f"{'N':>7}  {'runs':>4}  {'seconds':>9}  {'groups/s':>9}")
    results: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="brochure-bench-") as tmp:
        for n in args.sizes:
            root = write_synthetic_content(Path(tmp) / f"content-{n}", n, args.source,
                                           today=TODAY)
            runs = 3 if n <= 1000 else 1
            load_content(root, TODAY)  # warm up: imports, compiled catalogs, OS file cache
            seconds = time_load(root, runs)
            results[n] = seconds
            print(f"{n:>7}  {runs:>4}  {seconds:>9.3f}  {n / seconds:>9.0f}", flush=True)
        if args.cli_size:
            root = write_synthetic_content(Path(tmp) / "content-cli", args.cli_size,
                                           args.source, today=TODAY)
            seconds = time_cli(root, 3)
            print(f"\nCLI end to end (python build.py check --content …), {args.cli_size} "
                  f"groups, median of 3: {seconds:.3f} s")
        if args.profile:
            profile(write_synthetic_content(Path(tmp) / "content-profile", TARGET_GROUPS,
                                            args.source, today=TODAY))

    if TARGET_GROUPS in results:
        seconds = results[TARGET_GROUPS]
        verdict = "met" if seconds < TARGET_SECONDS else "NOT met"
        print(f"\nTarget {TARGET_GROUPS} groups < {TARGET_SECONDS:.0f} s: {verdict} "
              f"({seconds:.3f} s).")
    print("Reproduce: `make bench`, or "
          "`.venv/bin/python benchmarks/check_bench.py [--sizes 100 1000] [--profile]`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
