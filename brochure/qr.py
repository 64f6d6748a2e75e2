"""QR codes for the printed brochure and the posters, as inline SVG.

The symbol comes from segno (error correction level M or better, never a Micro QR code, which
phones do not read). The SVG is written here from segno's module matrix, one line per
run of dark modules in module units with the quiet zone included, so the code scales to any
size in print without blurring and stays byte-identical from build to build.

Encoding is the slow part (segno tries all eight masks in pure Python: about 10 ms a code),
and the same short link is shown on several pages (brochures and poster, in every language),
so the path data is cached by URL for the life of the process.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import segno
from markupsafe import Markup, escape

# The blank margin a scanner needs around the symbol, in modules (ISO/IEC 18004 asks for 4).
QUIET_ZONE = 4
ERROR_LEVEL = "m"


@dataclass(frozen=True)
class QrPath:
    """The drawing of one QR code: ``size`` × ``size`` modules, quiet zone included."""

    size: int
    d: str
    version: int


@functools.lru_cache(maxsize=8192)
def qr_path(text: str) -> QrPath:
    """SVG path data for the QR code of ``text`` (cached: the same URL is drawn many times).

    Each run of dark modules is a horizontal line one module thick (stroke-width 1, drawn
    through the middle of the row), written with relative moves to keep pages small.
    """
    code = segno.make(text, error=ERROR_LEVEL, micro=False)
    parts: list[str] = []
    pen_x, pen_y = 0, 0
    for y, row in enumerate(code.matrix, start=QUIET_ZONE):
        x, width = 0, len(row)
        while x < width:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < width and row[x]:
                x += 1
            begin = start + QUIET_ZONE
            if not parts:
                parts.append(f"M{begin} {y}.5")
            else:
                parts.append(f"m{begin - pen_x} {y - pen_y}")
            parts.append(f"h{x - start}")
            pen_x, pen_y = x + QUIET_ZONE, y
    size = len(code.matrix) + 2 * QUIET_ZONE
    return QrPath(size, "".join(parts), int(code.version))


def qr_svg(text: str, label: str, css_class: str = "qr") -> Markup:
    """An inline ``<svg>`` QR code for ``text``, announced to screen readers as ``label``.

    The white square behind the code keeps the quiet zone light on any background.
    """
    path = qr_path(text)
    size = path.size
    safe_label = escape(label)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{escape(css_class)}" '
        f'viewBox="0 0 {size} {size}" role="img" aria-label="{safe_label}" '
        f'shape-rendering="crispEdges"><title>{safe_label}</title>'
        f'<path fill="#fff" d="M0 0h{size}v{size}h-{size}z"/>'
        f'<path stroke="#000" d="{path.d}"/></svg>'
    )
