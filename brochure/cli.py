"""The command line: ``brochure check|build|serve|schema|new`` (also ``python build.py …``).

Commands are thin: they parse options and call the stages. Exit codes are a contract:
0 success, 1 content errors (or a failed build), 2 usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from .languages import LANGUAGES

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
HELSINKI = ZoneInfo("Europe/Helsinki")


def helsinki_today() -> dt.date:
    return dt.datetime.now(HELSINKI).date()


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {value!r}") from None


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                        help="content tree to read (default: content/)")
    parser.add_argument("--today", type=_date, default=None, metavar="YYYY-MM-DD",
                        help="date used for seasons and reviews (default: today in Helsinki)")
    parser.add_argument("--lang", choices=LANGUAGES, default="fi",
                        help="language of messages (default: fi)")


def _build_options(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("--output", type=Path, default=Path("public"), metavar="DIR",
                        help="where to write the site (default: public/)")
    parser.add_argument("--base-url", default=None, metavar="URL",
                        help="override site.yaml's base_url (e.g. for a preview)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--pdf", action="store_true", help="also write PDF printables")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="brochure",
        description="Build and check the brochure of low-threshold groups.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="check content files and report every problem")
    _common(check)
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                       help="report only on these files or folders (default: all)")
    check.add_argument("--format", choices=("text", "github", "json"), default="text")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")

    build = sub.add_parser("build", help="build the site into public/ (the default command)")
    _build_options(build)

    serve = sub.add_parser("serve", help="preview the site with live reload")
    _common(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)

    schema = sub.add_parser("schema", help="write JSON Schemas for entries into schema/")
    _common(schema)
    schema.add_argument("--output", type=Path, default=Path("schema"), metavar="DIR")

    new = sub.add_parser("new", help="write a new entry with every field explained")
    _common(new)
    new.add_argument("kind", choices=("group", "partner"))
    new.add_argument("id", metavar="SLUG")
    new.add_argument("--municipality")
    new.add_argument("--partner", action="append", default=[],
                     help="partner id of a facilitator (give twice for the pair)")
    return parser


def main(argv: Sequence[str] | None = None, default: str | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = make_parser()
    if default and (not args_list or args_list[0].startswith("-")) and args_list[:1] not in (
            ["-h"], ["--help"]):
        args_list.insert(0, default)
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    if getattr(args, "today", None) is None and hasattr(args, "today"):
        args.today = helsinki_today()

    from . import commands

    handler = getattr(commands, args.command.replace("-", "_"))
    code: int = handler.run(args, parser)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
