"""The coordinator's look from ``site.yaml``: an accent colour and a logo, kept accessible.

The accent colours the header and the buttons, with white text on it, and the links on
white: a colour with less than 4.5:1 contrast against white (WCAG 2.1 AA for body text) is
not used, and the brochure's own blue stands in.
"""

from __future__ import annotations

import re

DEFAULT_ACCENT = "#0a3d62"
MIN_CONTRAST = 4.5
_HEX = re.compile(r"^#([0-9a-fA-F]{6})$")


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.1) of ``#rrggbb``."""
    match = _HEX.match(colour)
    if not match:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    digits = match.group(1)
    r, g, b = (int(digits[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(first: str, second: str) -> float:
    """The contrast ratio of two colours, from 1 to 21."""
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def accent(configured: str | None) -> str:
    """The configured accent if white text on it (and it on white) is readable, else ours."""
    if configured and _HEX.match(configured) and contrast(configured, "#ffffff") >= MIN_CONTRAST:
        return configured.lower()
    return DEFAULT_ACCENT
