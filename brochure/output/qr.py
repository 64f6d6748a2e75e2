"""QR codes for the printed brochure and the posters, as inline SVG.

The symbol comes from segno (error correction level M or better, never a Micro QR code, which
phones do not read). The SVG is written here from segno's module matrix, one line per
run of dark modules in module units with the quiet zone included, so the code scales to any
size in print without blurring and stays byte-identical from build to build.

Encoding is the slow part (segno tries all eight masks in pure Python: about 8 ms a code),
and the same short link is shown on several pages (brochures and poster, in every language),
so the path data is cached by URL for the life of the process, and kept between builds in a
small file in the build's cache folder (``--cache``). The cache holds only what segno computed
for a URL, keyed by segno's version, so it can make a build faster but never different.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

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


class _DiskCache:
    """QR path data from earlier builds: read from the build's cache folder on first use,
    written back by :func:`save_cache` (only by builds that write their output)."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.entries: dict[str, list[object]] | None = None
        self.changed = False

    def file(self) -> Path | None:
        if self.folder is None:
            return None
        return self.folder / f"qr-segno-{segno.__version__}-{ERROR_LEVEL}.json"

    def use(self, folder: Path | None) -> None:
        if folder != self.folder:
            self.folder, self.entries, self.changed = folder, None, False

    def get(self, text: str) -> QrPath | None:
        if self.entries is None:
            file = self.file()
            try:
                loaded = json.loads(file.read_text(encoding="utf-8")) if file else {}
            except (OSError, ValueError):
                loaded = {}  # a missing or broken cache only makes the build slower
            self.entries = loaded if isinstance(loaded, dict) else {}
        found = self.entries.get(text)
        if isinstance(found, list) and len(found) == 3:
            size, d, version = found
            if isinstance(size, int) and isinstance(d, str) and isinstance(version, int):
                return QrPath(size, d, version)
        return None

    def put(self, text: str, path: QrPath) -> None:
        if self.entries is not None:
            self.entries[text] = [path.size, path.d, path.version]
            self.changed = True

    def save(self) -> None:
        target = self.file()
        if not self.changed or self.entries is None or target is None:
            return
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".qr-")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(self.entries, stream, sort_keys=True)
            os.replace(temporary, target)
            self.changed = False
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower


_disk = _DiskCache()


def use_cache(folder: Path | None) -> None:
    """Keep QR drawings between builds in ``folder`` (None: only for this process)."""
    _disk.use(folder)


def save_cache() -> None:
    """Keep this build's QR codes for the next one (called by builds that write output)."""
    _disk.save()


def remember(entries: dict[str, QrPath]) -> None:
    """Codes drawn by worker processes, so the parent can keep them."""
    for text, path in entries.items():
        _disk.put(text, path)


def drawn() -> dict[str, QrPath]:
    """The codes this process drew (a worker hands them to the parent)."""
    return dict(_new)


_new: dict[str, QrPath] = {}


@functools.lru_cache(maxsize=16384)
def qr_path(text: str) -> QrPath:
    """SVG path data for the QR code of ``text`` (cached: the same URL is drawn many times).

    Each run of dark modules is a horizontal line one module thick (stroke-width 1, drawn
    through the middle of the row), written with relative moves to keep pages small.
    """
    found = _disk.get(text)
    if found is not None:
        return found
    path = _encode(text)
    _disk.put(text, path)
    _new[text] = path
    return path


def _encode(text: str) -> QrPath:
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
