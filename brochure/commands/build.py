"""``brochure build``: check the content, then render and write the whole site atomically."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tqdm import tqdm

from ..engine import BuildOptions, Engine, default_jobs
from ..i18n import N_, gettext
from ..pdf import pdf_available
from ..report import render, summary
from ..site import SiteModel

EXIT_OK, EXIT_ERRORS = 0, 1
DEFAULT_CACHE = Path(".cache") / "brochure"


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if not args.content.is_dir():
        parser.error(f"content folder not found: {args.content}")
    if args.pdf and not pdf_available():
        print(gettext(args.lang, N_("PDFs need WeasyPrint and its system libraries: run "
                                    "make system-deps and pip install -e '.[pdf]'.")),
              file=sys.stderr)
        return EXIT_ERRORS
    quiet = bool(getattr(args, "quiet", False))
    jobs = getattr(args, "jobs", None) or default_jobs()
    cache = getattr(args, "cache", None) or DEFAULT_CACHE
    started = time.perf_counter()
    engine = Engine(BuildOptions(base_url=args.base_url, strict=args.strict, pdf=args.pdf,
                                 jobs=jobs), cache)
    # A bar only on a terminal, and only once there is much to render; CI logs get the
    # summary alone.
    bar = tqdm(desc=gettext(args.lang, N_("Rendering")), unit=" pages", delay=2.0,
               disable=quiet or not sys.stderr.isatty(), leave=False)
    try:
        result = engine.build(args.content, args.output, args.today, progress=bar.update)
    finally:
        bar.close()
        engine.close()
    problems = result.problems
    if problems and not quiet:
        print(render(problems, "text", args.lang))
    print(summary(args.lang, result.content.files, len(result.content.groups), problems))
    if result.model is None:
        print(gettext(args.lang, N_("Build failed: nothing was written; the previous site is "
                                    "unchanged.")), file=sys.stderr)
        return EXIT_ERRORS
    print(_built(args.lang, result.model, len(result.content.published),
                 len(result.content.hidden), result.files, time.perf_counter() - started))
    return EXIT_OK


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
