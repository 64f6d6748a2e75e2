"""``brochure expiring``: the groups about to drop out of the brochure (see
:mod:`brochure.ci.expiring`). The nightly publish run calls it as
``python -m brochure expiring``.

It only reports (exit 0), unless the options are wrong (exit 2).
"""

from __future__ import annotations

import argparse
import sys

from brochure.check.content import load_content
from brochure.ci.expiring import expiring, github_lines, horizon, markdown
from brochure.commands.options import EXIT_OK, require_content


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--days", type=int, default=None, metavar="N",
                        help="how far ahead to look (default: site.yaml's "
                             "policy.ending_soon_days)")
    parser.add_argument("--format", choices=("github", "markdown"), default="markdown")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    require_content(args, parser)
    if args.days is not None and args.days < 0:
        parser.error("--days must not be negative")
    content = load_content(args.content, args.today)
    days = horizon(content, args.days)
    found = expiring(content, days)
    if args.format == "github":
        for line in github_lines(content, found, args.lang):
            print(line)
    else:
        sys.stdout.write(markdown(content, found, days))
    return EXIT_OK
