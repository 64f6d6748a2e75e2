"""How fast is a full build? Every stage timed for N synthetic groups.

Builds N = 100, 1,000 and 10,000 synthetic groups (all three languages, every page type and
export) and prints, per size, the seconds spent in each stage (load and check, site model,
render with every export, write to disk), pages per second and the peak memory of the process.
Each size is built "cold" (empty QR cache: segno encodes every code) and, up to 1,000 groups,
again "warm" (QR codes from the cache a previous build left, as in the preview and repeated
builds). Target: 1,000 groups built in under 2 seconds on the project's 2-core machine.

    make bench
    .venv/bin/python benchmarks/build_bench.py [--sizes 100 1000] [--output-dir /dev/shm]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from synthetic import write_synthetic_content

from brochure import qr
from brochure.content import load_content
from brochure.render import render_site
from brochure.site import build_site
from brochure.writer import write_tree

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)
TARGET_GROUPS, TARGET_SECONDS = 1000, 2.0


def measure(content: Path, output: Path) -> dict[str, float]:
    times: dict[str, float] = {}
    start = time.perf_counter()
    loaded = load_content(content, TODAY)
    times["load"] = time.perf_counter() - start
    mark = time.perf_counter()
    model = build_site(loaded)
    times["site"] = time.perf_counter() - mark
    mark = time.perf_counter()
    files = render_site(model)
    times["render"] = time.perf_counter() - mark
    mark = time.perf_counter()
    write_tree(files, output)
    times["write"] = time.perf_counter() - mark
    qr.save_cache()
    times["total"] = time.perf_counter() - start
    times["pages"] = sum(1 for p in model.pages)
    times["files"] = len(files)
    times["published"] = len(loaded.published)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--output-dir", type=Path, default=None,
                        help="where to write the sites (default: a temporary folder)")
    args = parser.parse_args()
    print(f"{'groups':>7} {'QR':>5} {'load':>6} {'site':>6} {'render':>7} {'write':>6} "
          f"{'total':>7} {'pages':>7} {'files':>7} {'pages/s':>8} {'peak MB':>8}")
    verdicts = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(dir=args.output_dir) as tmp:
            root = Path(tmp)
            os.environ["BROCHURE_CACHE"] = str(root / "cache")
            content = write_synthetic_content(root / "content", size, REPO / "content")
            for state in ("cold", "warm") if size <= TARGET_GROUPS else ("cold",):
                qr.qr_path.cache_clear()
                qr._disk = qr._DiskCache()
                times = measure(content, root / "public")
                peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                rate = times["pages"] / times["total"]
                print(f"{size:>7} {state:>5} {times['load']:>6.2f} {times['site']:>6.2f} "
                      f"{times['render']:>7.2f} {times['write']:>6.2f} {times['total']:>7.2f} "
                      f"{int(times['pages']):>7} {int(times['files']):>7} {rate:>8.0f} "
                      f"{peak_mb:>8.0f}")
                if size == TARGET_GROUPS:
                    ok = times["total"] < TARGET_SECONDS
                    verdicts.append(
                        f"target {TARGET_GROUPS} groups in < {TARGET_SECONDS:.0f} s ({state}): "
                        f"{'met' if ok else 'NOT met'} ({times['total']:.2f} s, of which "
                        f"{times['write']:.2f} s writing to disk)")
            shutil.rmtree(root / "public", ignore_errors=True)
    for verdict in verdicts:
        print(verdict)
    print("peak MB is the process's maximum so far (sizes run in order, in one process).")
    print("Reproduce: make bench, or .venv/bin/python benchmarks/build_bench.py "
          "--sizes 100 1000 10000 [--output-dir /dev/shm to leave the disk out]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
