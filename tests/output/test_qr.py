"""QR codes: what a phone reads from the printed code is the group's short link.

The codes are decoded with a real decoder (zbarimg, from Debian's zbar-tools) after the very
SVG the pages carry has been drawn by WeasyPrint and rasterised by pdftoppm, as on paper.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import segno

from brochure.output import qr
from brochure.output.qr import MASK, QUIET_ZONE, qr_svg

URLS = [
    "https://example.org/ryhmat/r/torstain-olohuone/",
    "https://example.org/ryhmat/r/a/",
    "https://esite.example.fi/matalan-kynnyksen-ryhmat/r/"
    "aamukahvit-ja-tulevaisuus-kannus-ja-lahikunnat/",
]


def modules(path_data: str) -> set[tuple[int, int]]:
    """The dark modules an SVG path of horizontal one-module lines draws, as (x, y)."""
    dark: set[tuple[int, int]] = set()
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?\d+(?:\.\d+)?)(?: (-?\d+(?:\.\d+)?))?",
                                    path_data):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            length = int(a)
            assert length > 0
            dark.update((int(x) + i, int(y - 0.5)) for i in range(length))
            x += length
    return dark


def drawn(url: str) -> tuple[str, int]:
    """The path data of the dark modules and the symbol's size, from the SVG the pages get."""
    svg = str(qr_svg(url, url))
    box = re.search(r'viewBox="0 0 (\d+) \1"', svg)
    assert box is not None
    return re.findall(r'<path stroke="#000" d="([^"]+)"', svg)[0], int(box.group(1))


@pytest.mark.parametrize("url", URLS)
def test_drawing_is_exactly_the_symbol_of_the_address(url: str) -> None:
    code = segno.make(url, error="m", micro=False, mask=MASK)
    expected = {(x + QUIET_ZONE, y + QUIET_ZONE)
                for y, row in enumerate(code.matrix) for x, bit in enumerate(row) if bit}
    path, size = drawn(url)
    assert modules(path) == expected
    assert size == len(code.matrix) + 2 * QUIET_ZONE


def test_error_correction_is_at_least_medium_and_never_micro() -> None:
    # A printed code gets creased and dirty: at least medium error correction, and never a
    # Micro QR symbol (at most 17 modules a side), which many phone cameras cannot read.
    assert qr.ERROR_LEVEL.upper() in ("M", "Q", "H")
    for url in URLS:
        _, size = drawn(url)
        assert size - 2 * QUIET_ZONE >= 21, url


def test_svg_is_announced_with_the_address_and_escapes_its_label() -> None:
    svg = str(qr_svg(URLS[0], 'QR code: <"&>'))
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert svg.count(" class=") == 1 and 'role="img"' in svg
    assert 'aria-label="QR code: &lt;&#34;&amp;&gt;"' in svg
    assert "<title>QR code: &lt;&#34;&amp;&gt;</title>" in svg


def test_same_address_gives_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    first = qr_svg(URLS[0], "a")
    monkeypatch.setattr(qr, "_DRAWINGS", {})
    assert qr_svg(URLS[0], "a") == first  # recomputing gives the same drawing


def decode_pngs(folder: Path) -> list[str]:
    texts = []
    for png in sorted(folder.glob("*.png")):
        done = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable",
                               "-Sqrcode.enable", str(png)],
                              capture_output=True, text=True, timeout=60, check=False)
        texts.append(done.stdout.strip())
    return texts


@pytest.mark.pdf
def test_codes_drawn_by_weasyprint_decode_to_their_address(tmp_path: Path) -> None:
    weasyprint = pytest.importorskip("weasyprint")
    assert shutil.which("zbarimg") and shutil.which("pdftoppm"), "make system-deps"
    # One code per page, at the size the brochure prints them (30 mm).
    pages = "".join(f'<div style="break-after: page; width: 30mm">{qr_svg(url, url)}</div>'
                    for url in URLS)
    pdf = tmp_path / "codes.pdf"
    weasyprint.HTML(string=f"<!DOCTYPE html><html><body>{pages}</body></html>").write_pdf(pdf)
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(pdf), str(tmp_path / "page")],
                   check=True, timeout=60)
    assert decode_pngs(tmp_path) == URLS
