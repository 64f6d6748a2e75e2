"""``brochure check``: report every problem in every file, then exit 1 if there are errors."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path, PurePath

from brochure.check.content import load_content
from brochure.check.files import display_path
from brochure.check.messages import render, summary
from brochure.commands.options import EXIT_ERRORS, EXIT_OK, add_strict, require_content
from brochure.core.problems import Problem, Severity, strict


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="report only on these files or folders (default: all)")
    parser.add_argument("--format", choices=("text", "github", "json"), default="text")
    add_strict(parser)


def select(problems: list[Problem], paths: list[Path]) -> list[Problem]:
    """Only the problems in the given files or below the given folders."""
    if not paths:
        return problems
    # Compare absolute paths, so that '.', '..' and absolute arguments select what they name.
    wanted = [os.path.abspath(display_path(p)) for p in paths]
    return [p for p in problems if any(_within(os.path.abspath(p.path), w) for w in wanted)]


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    require_content(args, parser)
    for path in args.paths:
        if not path.exists():
            parser.error(f"no such file or folder: {path}")
    checked = load_content(args.content, args.today)
    problems = select(list(checked.problems), args.paths)
    if args.strict:
        problems = strict(problems)
    # Each group file once: the valid ones, and those an error kept out (a file can be both,
    # e.g. a key written twice).
    valid = set(checked.content.groups) if checked.content is not None else set()
    groups = len(valid | {PurePath(p.path).stem for p in checked.problems
                          if p.severity is Severity.ERROR and "/groups/" in f"/{p.path}"})
    line = summary(args.lang, checked.files, groups, problems)
    output = render(problems, args.format, args.lang)
    if output:
        print(output)
    print(line, file=sys.stderr if args.format == "json" else sys.stdout)
    return EXIT_ERRORS if any(p.severity is Severity.ERROR for p in problems) else EXIT_OK
