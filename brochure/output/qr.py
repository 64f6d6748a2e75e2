"""QR codes for the printed brochure and the posters, as inline SVG written by segno.

Error correction level M, never a Micro QR code (phones do not read them), and one fixed mask:
choosing the best of the eight masks is most of segno's work (about 6 ms a code instead of
about 1 ms), and any mask gives a valid code that scans (tests/output/test_pdf.py scans the
printed ones). The SVG is segno's: one path of module-wide lines with the quiet zone
included, so the code scales to any size in print without blurring and stays byte-identical
from build to build; the ``<svg>`` element gets its role and accessible name here.
"""

from __future__ import annotations

import functools

import segno
from markupsafe import Markup, escape

# The blank margin a scanner needs around the symbol, in modules (ISO/IEC 18004 asks for 4).
QUIET_ZONE = 4
ERROR_LEVEL = "m"
MASK = 0


@functools.lru_cache(maxsize=16384)
def _drawing(text: str) -> str:
    """segno's SVG of the code (cached: the same short link is printed on several pages)."""
    code = segno.make(text, error=ERROR_LEVEL, micro=False, mask=MASK)
    return str(code.svg_inline(border=QUIET_ZONE, omitsize=True, light="#fff", dark="#000",
                               svgclass=None, lineclass=None))


def qr_svg(text: str, label: str, css_class: str = "qr") -> Markup:
    """An inline ``<svg>`` QR code for ``text``, announced to screen readers as ``label``.

    The white square behind the code keeps the quiet zone light on any background.
    """
    drawing = _drawing(text)
    opening, _, rest = drawing.partition(">")
    assert opening.startswith("<svg ")
    safe_label = escape(label)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{escape(css_class)}" '
        f'{opening.removeprefix("<svg ")} role="img" aria-label="{safe_label}" '
        f'shape-rendering="crispEdges"><title>{safe_label}</title>{rest}')
