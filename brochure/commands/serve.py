"""``brochure serve``."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    parser.error("serve: not available yet")
    return 2
