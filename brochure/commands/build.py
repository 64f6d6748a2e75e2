"""``brochure build``: check the content, then render and write the whole site atomically."""

from __future__ import annotations

import argparse
import resource
import sys
import time
from typing import TYPE_CHECKING

from brochure.check.messages import render, summary
from brochure.commands.options import EXIT_ERRORS, EXIT_OK, add_build, require_content
from brochure.core.i18n import N_, gettext

if TYPE_CHECKING:
    from brochure.engine.build import Timings
    from brochure.site.model import SiteModel


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_build(parser)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    # The engine, and what it needs, are imported by the command that builds: every other
    # command (`check` above all, which partners run most) starts without them.
    from tqdm import tqdm

    from brochure.engine.build import BuildOptions, Engine
    from brochure.output.pdf import pdf_available

    require_content(args, parser)
    if args.pdf and not pdf_available():
        print(gettext(args.lang, N_("PDFs need WeasyPrint and its system libraries: run "
                                    "make system-deps and pip install -e '.[pdf]'.")),
              file=sys.stderr)
        return EXIT_ERRORS
    started = time.perf_counter()
    engine = Engine(BuildOptions(base_url=args.base_url, strict=args.strict, pdf=args.pdf,
                                 jobs=args.jobs), args.cache)
    # A bar only on a terminal, and only for a build that takes a while; CI logs and
    # --quiet get the summary alone. Without its monitor thread: the build forks workers.
    tqdm.monitor_interval = 0
    bar = tqdm(desc=gettext(args.lang, N_("Rendering")), unit=" pages", delay=2.0,
               disable=args.quiet or not sys.stderr.isatty(), leave=False)
    try:
        result = engine.build(args.content, args.output, args.today, progress=bar.update)
    finally:
        bar.close()
        engine.close()
    problems = result.problems
    if problems and (not args.quiet or result.model is None):
        print(render(problems, "text", args.lang))
    valid = result.checked.content
    print(summary(args.lang, result.checked.files, len(valid.groups) if valid else 0, problems))
    if result.model is None:
        print(gettext(args.lang, N_("Build failed: nothing was written; the previous site is "
                                    "unchanged.")), file=sys.stderr)
        return EXIT_ERRORS
    if not args.quiet:
        print(_built(args.lang, result.model, len(result.content.published),
                     len(result.content.hidden), result.files, time.perf_counter() - started))
    if args.timings:
        print(timings_table(result.timings, result.rendered, result.cached, peak_memory()))
    return EXIT_OK


def peak_memory() -> tuple[int, int]:
    """The largest resident size (MB) of this process and of any of its child processes
    that have ended (page workers, Pagefind)."""
    unit = 1 << 20 if sys.platform == "darwin" else 1 << 10  # bytes there, kilobytes here
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return own // unit, children // unit


def timings_table(timings: Timings, rendered: int, kept: int,
                  memory: tuple[int, int] | None = None) -> str:
    """Each stage's time, and the ten slowest page templates with their counts (as Hugo's
    --templateMetrics): for people who make the build faster, so in English."""
    lines = ["stage          seconds"]
    lines += [f"{stage:<14} {seconds:7.2f}" for stage, seconds in timings.stages.items()]
    lines += [f"{'total':<14} {sum(timings.stages.values()):7.2f}", "",
              f"pages rendered: {rendered}, kept from the last build: {kept}"]
    if memory is not None:
        lines.append(f"peak memory: build {memory[0]} MB, largest child process {memory[1]} MB"
                     " (resident; pages a forked worker shares are counted in both)")
    lines += ["", "template               calls   seconds   ms/call"]
    for template, calls, seconds in timings.templates.slowest(10):
        lines.append(f"{template:<22} {calls:5d} {seconds:9.2f} {1000 * seconds / calls:9.2f}")
    return "\n".join(lines)


def _built(lang: str, model: SiteModel, published: int, hidden: int, files: int,
           seconds: float) -> str:
    per_language = ", ".join(
        f"{code}: {sum(1 for p in model.pages if p.lang == code and p.kind)}"
        for code in model.languages)
    return gettext(lang, N_("Built %(files)s files (pages per language: %(pages)s); "
                            "%(published)s groups published, %(hidden)s hidden; "
                            "%(seconds).2f s.")) % {
        "files": files, "pages": per_language, "published": published, "hidden": hidden,
        "seconds": seconds}
