"""``brochure new``."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    parser.error("new: not available yet")
    return 2
