"""Markdown for GitHub's job summaries: text that shows literally in a table cell."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}|~#!])")


def md_cell(text: str) -> str:
    """Text as it must appear inside a Markdown table cell: literally, on one line."""
    escaped = html.escape(text, quote=False)
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)
    return "<br>".join(line.strip() for line in escaped.splitlines() if line.strip())


def row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"
