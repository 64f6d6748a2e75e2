"""``brochure build``: check the content, then render and write the whole site atomically."""

from __future__ import annotations

import argparse
import sys
import time

from ..build import build
from ..i18n import N_, gettext
from ..printing import pdf_available
from ..report import render, summary
from ..site import SiteModel
from .options import EXIT_ERRORS, EXIT_OK, add_build, require_content


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # --cache, --jobs and --quiet are parsed here for the build engine, which reads them.
    add_build(parser)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    require_content(args, parser)
    if args.pdf and not pdf_available():
        print(gettext(args.lang, N_("PDFs need WeasyPrint and its system libraries: run "
                                    "make system-deps and pip install -e '.[pdf]'.")),
              file=sys.stderr)
        return EXIT_ERRORS
    started = time.perf_counter()
    result = build(args.content, args.output, args.today, base_url=args.base_url,
                   strict=args.strict, pdf=args.pdf)
    problems = result.problems
    if problems:
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
