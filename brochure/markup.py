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
    """Move headings down so the highest one is ``<h{top}>`` (never above it)."""
    levels = [int(m.group(2)) for m in _HEADING.finditer(html)]
    if not levels:
        return html
    shift = max(0, top - min(levels))
    if not shift:
        return html
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + shift, 6)}", html)


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
    return Markup(clean.strip())
