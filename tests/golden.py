"""The golden site: a small fixture tree built into committed, expected output.

The fixture (``tests/fixtures/site/content``) is a copy, not ``content/``, so editing the
example content never changes it. After an intended change to templates, texts or exports,
regenerate the expected files with ``make golden`` and review their diff like code: it shows
exactly what residents would see change.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from brochure.engine.build import BuildResult, build

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "site"
CONTENT = FIXTURE / "content"
EXPECTED = FIXTURE / "expected"
TODAY = dt.date(2026, 11, 23)


def build_golden(output: Path) -> BuildResult:
    result = build(CONTENT, output, TODAY)
    if result.model is None:
        raise SystemExit("the golden fixture does not build:\n"
                         + "\n".join(str(p) for p in result.problems))
    return result


# The site's own stylesheets and scripts are copied from static/: comparing them would
# compare static/ with itself, so the expected files leave them out (the test checks that
# they are all there), and the favicon with them. The word search's index is Pagefind's
# output (its program, WebAssembly and binary index; tests/output/test_search.py checks what
# it finds and that it is the same from build to build).
LEFT_OUT = ("assets/", "pagefind/", "favicon.ico")


def files_of(folder: Path) -> dict[str, bytes]:
    """The built files that the templates, texts and exports make (not the copied assets)."""
    return {name: p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not (name := p.relative_to(folder).as_posix()).startswith(
                LEFT_OUT)}


def regenerate() -> None:
    """Write exactly the files the test compares (the copied assets are not among them)."""
    with tempfile.TemporaryDirectory() as temporary:
        output = Path(temporary) / "expected"
        build_golden(output)
        files = files_of(output)
    if EXPECTED.exists():
        shutil.rmtree(EXPECTED)
    for name, data in files.items():
        target = EXPECTED / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"wrote {len(files)} files to {EXPECTED.relative_to(Path.cwd())}; "
          "review them with `git diff --stat` and `git diff`")

if __name__ == "__main__":
    if sys.argv[1:] != ["--regenerate"]:
        raise SystemExit("usage: python tests/golden.py --regenerate   (or: make golden)")
    regenerate()
