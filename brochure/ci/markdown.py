"""Markdown for GitHub's job summaries: text that shows literally in a table cell."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}|~#!])")


# What GitHub's autolink extension would turn into a link (an address stays text; an email
# address still becomes a mailto: link, which no escape prevents).
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp)(:)(?=//)|\b(www)(\.)")


def md_cell(text: str) -> str:
    """Text as it must appear inside a Markdown table cell: literally, on one line."""
    escaped = html.escape(text, quote=False)
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)
    escaped = _AUTOLINK.sub(lambda m: f"{m[1] or m[3]}\\{m[2] or m[4]}", escaped)
    return "<br>".join(line.strip() for line in escaped.splitlines() if line.strip())


# What would start a list, a heading underline or a numbered item at the start of a line.
_BLOCK_START = re.compile(r"([-+=]|[0-9]+[.)])")


def md_line(text: str) -> str:
    """Text as it must appear as one line of a paragraph or a quote: literally, and never
    starting a list or another block (``- Kerhohuone`` stays text)."""
    escaped = md_cell(text)
    match = _BLOCK_START.match(escaped)
    if match:
        end = match.end()
        escaped = escaped[:end - 1] + "\\" + escaped[end - 1:]
    return escaped


def row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"
