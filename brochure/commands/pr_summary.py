"""``brochure pr-summary``: the job summary of a pull request's entries (see
:mod:`brochure.ci.pr_summary`). The check workflow calls it as
``python -m brochure pr-summary``.

Exit 1 if the pull request deletes a group file without its entry in ``content/retired.yaml``
(after writing the summary, which says so), 2 if the options are wrong or git cannot compare
the two commits, else 0.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from brochure.check.content import load_content
from brochure.check.messages import github_line
from brochure.ci.pr_summary import (
    changed_entries,
    repository_root,
    summary,
    unretired,
    unretired_problem,
)
from brochure.commands.options import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, require_content


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base", required=True, metavar="REF",
                        help="the commit the pull request starts from")
    parser.add_argument("--head", default="HEAD", metavar="REF",
                        help="the pull request's commit (default: HEAD)")
    parser.add_argument("--preview", default=None, metavar="NAME",
                        help="name of the artifact that holds the preview of the site")
    parser.add_argument("--output", type=Path, default=None, metavar="FILE",
                        help="append the summary to FILE (default: print it)")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    require_content(args, parser)
    try:
        repo = repository_root(args.content)
        changes = changed_entries(repo, args.base, args.head, args.content)
    except subprocess.CalledProcessError as error:
        print(f"git failed: {error.stderr.strip()}", file=sys.stderr)
        return EXIT_USAGE
    content = load_content(args.content, args.today)
    text = summary(content, changes, repo, args.preview)
    if args.output is None:
        sys.stdout.write(text)
    else:
        with args.output.open("a", encoding="utf-8") as handle:
            handle.write(text)
    lost = unretired(content, changes)
    for change in lost:
        # An annotation on the check (stdout goes into the job summary).
        print(github_line(unretired_problem(change), args.lang), file=sys.stderr)
    return EXIT_ERRORS if lost else EXIT_OK
