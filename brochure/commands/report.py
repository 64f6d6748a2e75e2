"""``brochure report``: the coordinator's report (see :mod:`brochure.site.report_figures`).

``--period 2026`` (a calendar year) or ``--period 2026-2027`` (an operating year, from the
month in ``site.yaml``'s ``operating_year_start_month``) chooses the period of the period
tables; the default is the operating year running on ``--today``.

``--output DIR`` writes the report page in each language, its CSV and JSON files and the
workbook ``DIR/report.xlsx`` in ``--lang`` into ``DIR`` (how an ``internal`` report is made;
its links to group lists go to the public site). ``--internal`` shows every number even when
``site.yaml`` publishes the report, whose small counts the site hides. ``--summary FILE``
writes the Markdown summary for the nightly job (``-``: standard output), comparing with a
previous run's ``report.json`` given by ``--previous``.

Exit codes: 0 success, 1 content errors (nothing is written), 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from brochure.check.content import load_content
from brochure.check.messages import render
from brochure.ci import nightly as summary
from brochure.commands.options import EXIT_ERRORS, EXIT_OK, require_content
from brochure.core.i18n import N_, gettext
from brochure.core.problems import Severity
from brochure.site.report_figures import parse_period
from brochure.site.report_figures import report as report_figures


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", type=Path, default=None, metavar="DIR",
                        help="write the report pages, CSV and JSON into DIR")
    parser.add_argument("--base-url", default=None, metavar="URL",
                        help="override site.yaml's base_url (where the report links to)")
    parser.add_argument("--summary", default=None, metavar="FILE",
                        help="write the Markdown summary for the nightly job (- for "
                             "standard output)")
    parser.add_argument("--previous", type=Path, default=None, metavar="JSON",
                        help="the previous run's report.json, for new coverage gaps")
    parser.add_argument("--days", type=int, default=14, metavar="N",
                        help="how far ahead the summary looks for what runs out (default 14)")
    parser.add_argument("--internal", action="store_true",
                        help="every number, small counts too, even when site.yaml makes the "
                             "report public (for the coordinator's own use: do not publish)")
    parser.add_argument("--period", default=None, metavar="YEAR|YEAR-YEAR",
                        help="2026 (a calendar year) or 2026-2027 (an operating year); "
                             "default: the operating year running on --today")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    require_content(args, parser)
    if args.output is None and args.summary is None:
        parser.error("give --output DIR, --summary FILE, or both")
    if args.days < 0:
        parser.error("--days must not be negative")
    checked = load_content(args.content, args.today)
    content = checked.ready()
    if content is None:
        errors = [p for p in checked.problems if p.severity is Severity.ERROR]
        print(render(errors, "text", args.lang), file=sys.stderr)
        print(gettext(args.lang, N_("The report was not made: the content has errors.")),
              file=sys.stderr)
        return EXIT_ERRORS
    period = None
    if args.period is not None:
        try:
            period = parse_period(args.period, content.site.operating_year_start_month)
        except ValueError:
            parser.error(f"--period: not a year (2026) or an operating year (2026-2027): "
                         f"{args.period!r}")
    figures = report_figures(content, period, public=False if args.internal else None)
    if args.output is not None:
        # Imported here: the pages and the workbook need the engine; the summary does not.
        from brochure.engine.build import BuildOptions, Engine
        from brochure.engine.report import write_report

        engine = Engine(BuildOptions(base_url=args.base_url))
        try:
            write_report(engine, content, figures, args.output, args.lang)
        finally:
            engine.close()
    if args.summary is not None:
        previous = summary.previous_gaps(
            args.previous.read_bytes() if args.previous and args.previous.is_file() else None)
        text = summary.markdown(content, checked.problems, figures, previous, args.days,
                                args.lang)
        if args.summary == "-":
            sys.stdout.write(text)
        else:
            with open(args.summary, "a", encoding="utf-8") as out:
                out.write(text)
    return EXIT_OK
