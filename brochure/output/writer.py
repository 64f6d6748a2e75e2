"""Stage 5: write the output atomically.

The site is written into a fresh folder beside the target, file by file as the build makes
them (nothing needs to hold the whole site in memory), and swapped in only when every file is
there. A failed build removes its folder and leaves the previous site untouched; no stale file
survives, because the new folder holds exactly this build's files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType


def check_relative(relative: str) -> None:
    """Output paths come from slugs and ids; refuse anything that could leave the folder."""
    parts = relative.split("/")
    if relative.startswith("/") or "\\" in relative or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"refusing to write outside the output folder: {relative!r}")


class StagedOutput:
    """A new output folder, filled with :meth:`put` and put in place by :meth:`commit`.

    Use it as a context manager: leaving it without a commit (an error) removes the folder.
    """

    def __init__(self, output: Path) -> None:
        self.output = output.resolve()
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.new-",
                                             dir=self.output.parent))
        self._made: set[str] = {""}
        self.paths: set[str] = set()
        # The files linked from an earlier tree rather than written.
        self.linked: set[str] = set()
        self.committed = False

    def put(self, relative: str, data: bytes) -> None:
        self.record(relative)
        self._folder(relative)
        with open(self.staging / relative, "wb") as stream:
            stream.write(data)

    def link(self, relative: str, source: Path) -> None:
        """Put the old tree's unchanged file ``source`` at ``relative`` without copying its
        bytes (a hard link; a copy where the system cannot link)."""
        self.record(relative, linked=True)
        self._folder(relative)
        link_or_copy(source, self.staging / relative)

    def record(self, relative: str, linked: bool = False) -> None:
        """Note a file of the new tree put there by :func:`write_into` or :func:`link_into`
        (``linked``: from an earlier tree)."""
        if relative in self.paths:
            raise ValueError(f"two outputs for the same file: {relative}")
        check_relative(relative)
        self.paths.add(relative)
        if linked:
            self.linked.add(relative)

    def _folder(self, relative: str) -> None:
        folder = relative.rpartition("/")[0]
        if folder not in self._made:
            (self.staging / folder).mkdir(parents=True, exist_ok=True)
            self._made.add(folder)

    def commit(self) -> None:
        os.chmod(self.staging, 0o755)
        swap(self.staging, self.output)
        self.committed = True

    def abort(self) -> None:
        if not self.committed:
            shutil.rmtree(self.staging, ignore_errors=True)

    def __enter__(self) -> StagedOutput:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.abort()


def link_or_copy(source: Path, target: Path) -> None:
    """``source``'s bytes at ``target`` without copying them (a hard link; a copy where the
    system cannot link, e.g. across file systems)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def write_into(folder: Path, relative: str, data: bytes) -> None:
    """Write one file of a tree being filled (by any process of the build; the build records
    it with :meth:`StagedOutput.record`)."""
    check_relative(relative)
    target = folder / relative
    try:  # most files go into a folder that is there already: no mkdir for each
        target.write_bytes(data)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def link_into(folder: Path, relative: str, source: Path) -> None:
    """Link ``source`` into a tree being filled (by any process of the build; the build
    records it with :meth:`StagedOutput.record`)."""
    check_relative(relative)
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    link_or_copy(source, target)


def write_tree(files: Mapping[str, bytes], output: Path) -> None:
    """Replace ``output`` with exactly ``files`` (relative path -> bytes)."""
    with StagedOutput(output) as staged:
        for relative, data in sorted(files.items()):
            staged.put(relative, data)
        staged.commit()


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
    """Replace one file atomically (used by the live preview's updates)."""
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
