"""Which files of ``content/`` are read, and the ones that would be lost silently otherwise.

Every file under ``content/`` is either read by a loader or reported: a wrong extension, a
link (which could bring in a file from anywhere), or a file in a folder no loader reads (with
the folder where it belongs).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from pathlib import Path

from brochure.check.rules import RULES
from brochure.core.problems import Position, Problem

# Files at the top of content/ that a loader reads (retired.yaml: addresses kept for groups
# that ended), and the folders whose own files are read.
SITE_FILE = "site.yaml"
VOCABULARIES_FILE = "vocabularies.yaml"
RETIRED_FILE = "retired.yaml"
POPULATION_FILE = "population.yaml"
_TOP_FILES = frozenset({SITE_FILE, VOCABULARIES_FILE, RETIRED_FILE, POPULATION_FILE})
_READ_FOLDERS = {"groups": ".yaml", "partners": ".yaml", "pages": ".md"}
_TEXT_EXTENSIONS = (".yaml", ".yml", ".txt", ".md")


def display_path(path: Path) -> str:
    """The path as a person should see it: relative to the working directory if inside it."""
    # Resolve the folder only: a link must be shown as itself, not as the file it points to.
    cwd = os.getcwd()
    try:
        return str((_resolved(cwd, str(path.parent)) / path.name).relative_to(
            _resolved(cwd, cwd)))
    except ValueError:
        return str(path)


@functools.lru_cache(maxsize=1024)
def _resolved(cwd: str, folder: str) -> Path:
    """``folder`` resolved from ``cwd``: every file of a folder shares it (resolving costs
    system calls for each part of the path, for each of a thousand files)."""
    return Path(cwd, folder).resolve()


def file_problem(path: Path, rule: str, **params: object) -> Problem:
    """A problem with a whole file, at its first line."""
    return Problem(display_path(path), Position(1, 1), rule, RULES[rule].severity, params)


def entry_files(folder: Path, extension: str) -> tuple[list[Path], list[Problem]]:
    """The entry files of a folder, sorted by name; wrong extensions and links reported, not
    read."""
    if folder.is_symlink():
        # A linked folder would bring in files from anywhere, as a linked file would.
        return [], [file_problem(folder, "symlink", value=folder.name)]
    if not folder.is_dir():
        return [], []
    # scandir knows each entry's type without a system call per file (the preview reads the
    # folder after every edit).
    with os.scandir(folder) as found:
        entries = sorted(found, key=lambda entry: entry.name)
    paths: list[Path] = []
    problems: list[Problem] = []
    for entry in entries:
        path = folder / entry.name
        if path.name.startswith(".") or path.name.lower() == "readme.md":
            continue
        if entry.is_symlink():
            problems.append(file_problem(path, "symlink", value=path.name))
        elif not entry.is_file():
            continue
        elif not path.name.endswith(extension):
            problems.append(file_problem(path, "file-extension", value=path.name,
                                         extension=extension))
        else:
            paths.append(path)
    return paths, problems


def iter_content_files(root: Path) -> Iterator[Path]:
    """Every file the content tree consists of (for watchers and path filters)."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def unread_files(root: Path) -> Iterator[Problem]:
    """Every text file under content/ that no loader reads: it would be lost silently.

    Files in the read folders with another extension are reported by :func:`entry_files`."""
    for path in iter_content_files(root):
        name = path.name
        if not name.lower().endswith(_TEXT_EXTENSIONS) or name.lower() == "readme.md":
            continue
        relative = path.relative_to(root).parts
        if len(relative) == 1 and name in _TOP_FILES:
            continue
        if len(relative) == 2 and relative[0] in _READ_FOLDERS:
            continue  # read, or reported as a wrong extension
        if relative[0] == "attendance":
            continue  # read by the attendance loader, which reports misnamed files itself
        yield file_problem(path, "file-not-read", value="/".join(relative),
                           folder=_belongs(path))


def _belongs(path: Path) -> str:
    """The folder a stray file most likely belongs in, judged by its name and its text."""
    if path.suffix.lower() == ".md":
        return "content/pages/"
    try:
        text = path.read_text(encoding="utf-8", errors="replace")[:20000]
    except OSError:
        text = ""
    if re.search(r"^(facilitators|schedule|municipality|venue):", text, re.MULTILINE):
        return "content/groups/"
    if re.search(r"^kind:", text, re.MULTILINE):
        return "content/partners/"
    if text.startswith("---"):
        return "content/pages/"
    return "content/groups/"
