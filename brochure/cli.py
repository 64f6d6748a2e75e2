"""The command line: ``brochure check|build|serve|schema|new|expiring|report|pr-summary`` (also
``python build.py …``).

Commands are thin: each adds its own options and calls the stages (:mod:`brochure.commands`);
the options they share, and the exit codes, are in :mod:`brochure.commands.options`. Exit codes
are a contract: 0 success, 1 content errors (or a failed build), 2 usage errors.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from typing import Protocol

from brochure.commands import (
    build,
    check,
    expiring,
    new,
    options,
    pr_summary,
    report,
    schema,
    serve,
)
from brochure.commands.options import EXIT_USAGE


class Command(Protocol):
    """A module of :mod:`brochure.commands`."""

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace, parser: argparse.ArgumentParser) -> int: ...


# Every command, in the order of ``brochure --help``, with its one line of help.
COMMANDS: dict[str, tuple[Command, str]] = {
    "check": (check, "check content files and report every problem"),
    "build": (build, "build the site into public/ (the default command)"),
    "serve": (serve, "preview the site with live reload"),
    "schema": (schema, "write JSON Schemas for entries into schema/"),
    "new": (new, "write a new entry with every field explained"),
    "expiring": (expiring, "report groups whose season ends or whose review runs out soon"),
    "report": (report, "make the coordinator's report: coverage, partners, freshness, "
                       "attendance"),
    "pr-summary": (pr_summary, "write the Markdown job summary of a pull request's entries"),
}


def _description(name: str) -> str:
    text = COMMANDS[name][1]
    return text[:1].upper() + text[1:] + "."


def _add_options(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    """The shared options, then the command's own; the command's parser parses ``command``."""
    options.add_common(parser)
    COMMANDS[name][0].add_arguments(parser)
    parser.set_defaults(command=name, command_parser=parser)
    return parser


def make_parser() -> argparse.ArgumentParser:
    """``brochure COMMAND ...``: one subparser per command."""
    parser = argparse.ArgumentParser(
        prog="brochure",
        description="Build and check the brochure of low-threshold groups.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_command, text) in COMMANDS.items():
        _add_options(sub.add_parser(name, help=text, description=_description(name)), name)
    return parser


def _run(args: argparse.Namespace) -> int:
    """Run the parsed command; its usage errors show its own usage line."""
    parser: argparse.ArgumentParser = args.command_parser
    del args.command_parser
    return COMMANDS[args.command][0].run(args, parser)


def main(argv: Sequence[str] | None = None, default: str | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = make_parser()
    if default and (not args_list or args_list[0].startswith("-")) and args_list[:1] not in (
            ["-h"], ["--help"]):
        args_list.insert(0, default)
    args = options.parse_args(parser, args_list)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    code = _run(args)
    if argv is None:
        # The program's own command line: the process ends next. Python's last garbage
        # collection would go over every object a build made (0.2 s of a 1,000-group build's
        # exit); frozen objects are left out of it. (Callers that pass ``argv`` and go on,
        # such as the tests, keep collecting.)
        gc.freeze()
    return code
