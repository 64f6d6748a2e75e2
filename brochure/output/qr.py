"""QR codes for the printed brochure and the posters, as inline SVG written by segno.

Error correction level M, never a Micro QR code (phones do not read them), and one fixed mask:
choosing the best of the eight masks is most of segno's work (about 6 ms a code instead of
about 1 ms), and any mask gives a valid code that scans (tests/output/test_pdf.py scans the
printed ones). The SVG is segno's: one path of module-wide lines with the quiet zone
included, so the code scales to any size in print without blurring and stays byte-identical
from build to build; the ``<svg>`` element gets its role and accessible name here.
"""

from __future__ import annotations

import segno
from markupsafe import Markup, escape

# The blank margin a scanner needs around the symbol, in modules (ISO/IEC 18004 asks for 4).
QUIET_ZONE = 4
ERROR_LEVEL = "m"
MASK = 0


# Drawings by the text they hold: the same short link is printed on several pages, and the
# build engine keeps drawings between builds (:func:`remember`).
_DRAWINGS: dict[str, str] = {}


def drawing(text: str) -> str:
    """segno's SVG of the code for ``text``."""
    found = _DRAWINGS.get(text)
    if found is None:
        if len(_DRAWINGS) >= 65536:  # a long preview session
            _DRAWINGS.clear()
        code = segno.make(text, error=ERROR_LEVEL, micro=False, mask=MASK)
        found = _DRAWINGS[text] = str(code.svg_inline(
            border=QUIET_ZONE, omitsize=True, light="#fff", dark="#000", svgclass=None,
            lineclass=None))
    return found


def remember(drawings: dict[str, str]) -> None:
    """Drawings made before, by their text."""
    if len(_DRAWINGS) + len(drawings) > 65536:  # a long preview session
        _DRAWINGS.clear()
    _DRAWINGS.update(drawings)


def qr_svg(text: str, label: str, css_class: str = "qr") -> Markup:
    """An inline ``<svg>`` QR code for ``text``, announced to screen readers as ``label``.

    The white square behind the code keeps the quiet zone light on any background.
    """
    opening, _, rest = drawing(text).partition(">")
    assert opening.startswith("<svg ")
    safe_label = escape(label)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{escape(css_class)}" '
        f'{opening.removeprefix("<svg ")} role="img" aria-label="{safe_label}" '
        f'shape-rendering="crispEdges"><title>{safe_label}</title>{rest}')
