"""Partners' Markdown to safe HTML.

Python-Markdown renders; nh3 (ammonia) then keeps only plain structural tags, so no raw HTML,
script, event handler, iframe, image (no remote requests, no tracking pixels), comment or
``javascript:``/``data:`` link reaches a page, however it is encoded. Headings are moved down so
that a description can never add a second ``<h1>`` or jump above its section.
"""

from __future__ import annotations

import functools
import re
import threading

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "ul", "ol", "li", "strong", "em", "b", "i", "a", "blockquote", "code",
    "pre", "h2", "h3", "h4", "h5", "h6",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_HEADING = re.compile(r"<(/?)h([1-6])\b")
_local = threading.local()


def _converter() -> markdown.Markdown:
    md: markdown.Markdown | None = getattr(_local, "md", None)
    if md is None:
        md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
        _local.md = md
    return md


def shift_headings(html: str, top: int) -> str:
    """Move headings down so the highest one is ``<h{top}>`` (never above it), and close the
    gaps: no heading is more than one level below the one it follows (``## A`` before ``# B``
    would otherwise give an ``<h3>`` straight under the page's ``<h1>``). Headings of the same
    level in the source stay at the same level as each other."""
    opened: list[tuple[int, int]] = []  # (level in the source, level on the page)
    current = top

    def level(match: re.Match[str]) -> str:
        nonlocal current
        if match.group(1):  # a closing tag closes the heading opened last
            return f"</h{current}"
        source = int(match.group(2))
        while opened and opened[-1][0] > source:
            opened.pop()
        if opened and opened[-1][0] == source:
            current = opened[-1][1]
        else:
            current = min(opened[-1][1] + 1 if opened else top, 6)
            opened.append((source, current))
        return f"<h{current}"

    return _HEADING.sub(level, html)


@functools.lru_cache(maxsize=16384)
def render_markdown(text: str, *, top_heading: int = 3) -> Markup:
    """Markdown from a partner as sanitised HTML whose headings start at ``top_heading``.

    Cached by text: the same description is shown in several places and, in the live
    preview, again after every edit of another file.
    """
    html = _converter().reset().convert(text)
    html = shift_headings(html, top_heading)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # Headings were shifted before cleaning; a raw <h1> in the source is gone by now.
    return Markup(_REL_WITHOUT_HREF.sub(_drop_rel, clean).strip())


# A link whose address was removed (javascript:, data: …) keeps nh3's rel, which is only
# allowed on <a href> (the Nu HTML Checker reports it as an error).
_REL_WITHOUT_HREF = re.compile(r'<a\b(?:[^>"]|"[^"]*")*>')


def _drop_rel(match: re.Match[str]) -> str:
    tag = match.group(0)
    return tag if ' href="' in tag else tag.replace(' rel="noopener noreferrer"', "")
