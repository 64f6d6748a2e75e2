"""``brochure expiring``: the groups about to drop out of the brochure (see
:mod:`brochure.ci.expiring`). The nightly publish run calls it as
``python -m brochure expiring``.

It only reports (exit 0), unless the options are wrong (exit 2).
"""

from __future__ import annotations

import argparse
import sys

from brochure.check.content import load_content
from brochure.check.messages import render
from brochure.ci.expiring import expiring, github_lines, horizon, markdown
from brochure.commands.options import EXIT_OK, require_content
from brochure.core.problems import Severity


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--days", type=int, default=None, metavar="N",
                        help="how far ahead to look (default: site.yaml's "
                             "policy.ending_soon_days)")
    parser.add_argument("--format", choices=("github", "markdown"), default="markdown")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    require_content(args, parser)
    if args.days is not None and args.days < 0:
        parser.error("--days must not be negative")
    checked = load_content(args.content, args.today)
    content = checked.content
    if content is None:
        # Without a readable site.yaml nothing is published, so nothing runs out; the build
        # reports the errors.
        print(render([p for p in checked.problems if p.severity is Severity.ERROR], "text",
                     args.lang), file=sys.stderr)
        return EXIT_OK
    days = horizon(content, args.days)
    found = expiring(content, days)
    if args.format == "github":
        for line in github_lines(content, found, args.lang):
            print(line)
    else:
        sys.stdout.write(markdown(content, checked.problems, found, days))
    return EXIT_OK
