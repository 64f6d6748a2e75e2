"""Stage 5: write the output atomically.

The site is written into a fresh folder beside the target and swapped in only when every file
is there, so a failed build leaves the previous site untouched and no stale file survives.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_tree(files: Mapping[str, bytes], output: Path) -> None:
    """Replace ``output`` with exactly ``files`` (relative path -> bytes)."""
    output = output.resolve()
    parent = output.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=parent))
    try:
        made: set[Path] = set()
        for relative, data in sorted(files.items()):
            check_relative(relative)
            target = staging / relative
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(data)
        os.chmod(staging, 0o755)
        swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def check_relative(relative: str) -> None:
    """Output paths come from slugs and ids; refuse anything that could leave the folder."""
    parts = relative.split("/")
    if relative.startswith("/") or "\\" in relative or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"refusing to write outside the output folder: {relative!r}")


def swap(staging: Path, output: Path) -> None:
    """Put ``staging`` in place of ``output``; the old tree is removed afterwards."""
    old = None
    if output.exists() or output.is_symlink():
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
        os.rmdir(old)
        os.replace(output, old)
    os.replace(staging, output)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_file(path: Path, data: bytes) -> None:
    """Replace one file atomically (used by incremental rebuilds)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
