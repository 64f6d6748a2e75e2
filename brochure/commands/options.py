"""The options every command shares, how they are parsed, and the exit codes: defined once.

Every command takes ``--content DIR``, ``--today YYYY-MM-DD`` and ``--lang fi|sv|en``
(:func:`add_common`); ``build`` adds the build options (:func:`add_build`), of which ``serve``
shares the engine's ``--cache`` and ``--jobs`` (:func:`add_engine`). :func:`parse_args` parses
and fills in what depends on the moment (``--today`` is today in the site's time zone unless
given), and :func:`require_content` is the one "content folder not found" usage error.

Exit codes are a contract: 0 success, 1 content errors (or a failed build), 2 usage errors
(argparse's own ``parser.error`` exits with 2 as well).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from brochure.check.content import site_setting
from brochure.check.files import SITE_FILE
from brochure.core.languages import FALLBACK, LANGUAGES

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2

# Where the build keeps its outputs between builds, relative to the current directory.
DEFAULT_CACHE = Path(".cache") / "brochure"


def site_today(content: Path) -> dt.date:
    """Today's date in the site's time zone (``site.yaml``: ``time_zone``): the day seasons
    and reviews are counted from. UTC's when site.yaml cannot say (the check reports why)."""
    name = site_setting(content / SITE_FILE, "time_zone")
    try:
        zone: dt.tzinfo = ZoneInfo(name) if name else dt.UTC
    except (ValueError, ZoneInfoNotFoundError):
        zone = dt.UTC
    return dt.datetime.now(zone).date()


def cpu_count() -> int:
    """The CPUs this process may run on (at least 1): the default of ``--jobs``."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on every platform (macOS, Windows)
        return os.cpu_count() or 1


def parse_date(value: str) -> dt.date:
    """``--today``'s type: a real calendar date in the form YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {value!r}") from None


def parse_jobs(value: str) -> int:
    """``--jobs``'s type: a whole number of processes, 1 or more."""
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"not a number of processes (1 or more): {value!r}")
    return jobs


# --- adding options to a command's parser ----------------------------------------------------

def add_common(parser: argparse.ArgumentParser) -> None:
    """``--content``, ``--today`` and ``--lang``: every command has them, worded alike."""
    parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                        help="content tree to read (default: content/)")
    # None until parse_args() puts today's date where the site is there (see resolve()).
    parser.add_argument("--today", type=parse_date, default=None, metavar="YYYY-MM-DD",
                        help="date used for seasons and reviews (default: today in the site's time "
                             "zone)")
    parser.add_argument("--lang", choices=LANGUAGES, default=FALLBACK,
                        help=f"language of messages (default: {FALLBACK})")


def add_strict(parser: argparse.ArgumentParser) -> None:
    """``--strict``: ``check`` and ``build`` treat warnings as errors."""
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")


def add_engine(parser: argparse.ArgumentParser) -> None:
    """``--cache`` and ``--jobs``, read by the build engine: ``build`` and ``serve``."""
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, metavar="DIR",
                        help="where outputs are kept between builds; deleting it only makes "
                             f"the next build slower (default: {DEFAULT_CACHE.as_posix()}/)")
    parser.add_argument("--jobs", type=parse_jobs, default=cpu_count(), metavar="N",
                        help="processes to build with; 1 builds serially "
                             "(default: the number of CPUs)")


def add_build(parser: argparse.ArgumentParser) -> None:
    """The options of ``build``: where and how to write the site, and the engine's."""
    parser.add_argument("--output", type=Path, default=Path("public"), metavar="DIR",
                        help="where to write the site (default: public/)")
    parser.add_argument("--base-url", default=None, metavar="URL",
                        help="override site.yaml's base_url (e.g. for a preview)")
    add_strict(parser)
    parser.add_argument("--pdf", action="store_true", help="also write PDF printables")
    add_engine(parser)
    parser.add_argument("--quiet", action="store_true", help="print only the summary line")
    parser.add_argument("--timings", action="store_true",
                        help="print the time of each stage and the slowest templates")


# --- parsing ---------------------------------------------------------------------------------

def resolve(args: argparse.Namespace) -> argparse.Namespace:
    """Fill in the defaults that depend on the moment: ``today`` is today where the site is."""
    if hasattr(args, "today") and args.today is None:
        args.today = site_today(getattr(args, "content", Path("content")))
    return args


def parse_args(parser: argparse.ArgumentParser,
               argv: Sequence[str] | None = None) -> argparse.Namespace:
    """``parser.parse_args(argv)`` with the defaults resolved; exits with 2 on usage errors."""
    return resolve(parser.parse_args(argv))


def require_content(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Path:
    """The content folder, or the usage error (exit 2) every command gives when it is missing."""
    content: Path = args.content
    if not content.is_dir():
        parser.error(f"content folder not found: {content}")
    return content
