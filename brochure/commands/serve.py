"""``brochure serve``: live preview on http://127.0.0.1:8000 (see :mod:`brochure.preview`)."""

from __future__ import annotations

import argparse
import sys

from brochure.commands.options import EXIT_USAGE, add_engine, require_content


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    # --cache and --jobs are parsed here for the build engine, which reads them.
    add_engine(parser)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    require_content(args, parser)
    if not 0 <= args.port <= 65535:
        parser.error(f"--port must be between 0 and 65535: {args.port}")
    # Lazy on purpose: Tornado (the preview's server) is loaded only for this command.
    from brochure.preview import PortUnavailable, Preview

    preview = Preview(args.content, args.today, host=args.host, port=args.port, lang=args.lang)
    try:
        preview.bind()
    except PortUnavailable as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    return preview.run()
