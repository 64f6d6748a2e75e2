"""Inline SVG charts, drawn at build time with pygal.

pygal is made for interactive charts: by default its SVG loads scripts from a CDN and carries
an inline configuration script, a random id and a comment with the date it was drawn. None of
that is wanted here (the site makes no third-party requests, needs no JavaScript, and the
same content must give the same bytes), so :func:`svg` asks for no scripts (``js=[]``) and
then removes the inline script and the comments and puts a stable id in place of the random
one. The chart gets ``role="img"`` and a ``<title>`` naming it; its numbers are in the table
beside it on the page, for screen readers and for copying.
"""

from __future__ import annotations

import re
import sys

import pygal
from markupsafe import Markup, escape
from pygal.style import Style

from brochure.site.pages import ChartData

# pygal puts an old-style import hook for its map plugins at the end of sys.meta_path. Every
# import that nothing else finds then warns (ImportWarning: find_spec() not found), e.g. the
# optional imports libraries try. The brochure draws no maps: take the hook out again.
sys.meta_path[:] = [finder for finder in sys.meta_path
                    if type(finder).__name__ != "PluginImportFixer"]

# Colours from the site's stylesheet; text on white meets WCAG AA.
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1a1a1a",
    foreground_strong="#1a1a1a",
    foreground_subtle="#595959",
    # Light fills, so that the values printed on the bars (dark text) stay readable.
    colors=("#8dbbe3", "#f2b872", "#a5d6a7", "#ce93d8"),
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    legend_font_size=13,
    opacity="1",
    opacity_hover="1",
    transition="0s",
)

_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_OPEN = re.compile(r"<svg\b[^>]*>")
_ID = re.compile(r"<svg\b[^>]*\bid=\"chart-([0-9a-f-]+)\"")
_SAFE_ID = re.compile(r"[a-z0-9-]+\Z")


def svg(chart: ChartData) -> Markup:
    """The chart as an inline ``<svg>`` element: no scripts, no outside references."""
    assert _SAFE_ID.match(chart.id), chart.id
    rows = max(1, len(chart.labels))
    config = dict(
        js=[], disable_xml_declaration=True, no_prefix=False, style=STYLE,
        show_legend=len(chart.series) > 1, legend_at_bottom=True, print_values=True,
        print_zeroes=True, tooltip_fancy_mode=False, explicit_size=False, pretty_print=False,
        margin=12, show_y_guides=False, show_x_guides=True, truncate_label=-1,
        value_formatter=_number, formatter=_number, allow_interruptions=False,
    )
    if chart.kind == "line":
        plot: pygal.graph.graph.Graph = pygal.Line(width=720, height=320, dots_size=4,
                                                  show_y_guides=True, show_x_guides=False,
                                                  **{k: v for k, v in config.items()
                                                     if k not in ("show_y_guides",
                                                                  "show_x_guides")})
    else:
        plot = pygal.HorizontalBar(width=720, height=60 + 36 * rows * len(chart.series),
                                   **config)
    # A horizontal bar chart draws its first label at the bottom: reversed, it reads from
    # the top in the table's order.
    backwards = chart.kind != "line"
    plot.x_labels = list(reversed(chart.labels)) if backwards else list(chart.labels)
    for series in chart.series:
        plot.add(series.name, list(reversed(series.values)) if backwards else
                 list(series.values))
    text = plot.render(is_unicode=True)
    found = _ID.search(text)
    if found:
        text = text.replace(found.group(1), chart.id)
    text = _COMMENT.sub("", _SCRIPT.sub("", text))
    title_id = f"chart-{chart.id}-title"
    opening = _OPEN.search(text)
    assert opening is not None
    tag = opening.group(0)
    new_tag = tag[:-1] + f' role="img" aria-labelledby="{title_id}" focusable="false">'
    text = (text[:opening.start()] + new_tag +
            f'<title id="{title_id}">{escape(chart.title)}</title>' + text[opening.end():])
    return Markup(text)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"
