"""``brochure serve``: live preview on http://127.0.0.1:8000 (see :mod:`brochure.preview`)."""

from __future__ import annotations

import argparse
import sys

EXIT_USAGE = 2


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if not args.content.is_dir():
        parser.error(f"content folder not found: {args.content}")
    if not 0 <= args.port <= 65535:
        parser.error(f"--port must be between 0 and 65535: {args.port}")
    from ..preview import PortUnavailable, Preview  # Tornado is loaded only for this command

    preview = Preview(args.content, args.today, host=args.host, port=args.port, lang=args.lang)
    try:
        preview.bind()
    except PortUnavailable as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    return preview.run()
