"""The fixture tree builds into exactly the committed expected files (see tests/golden.py).

A failure shows which files differ and how; if the change is intended, run ``make golden``
and review the diff of ``tests/fixtures/site/expected`` like code.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from brochure.output.render import STATIC
from tests.golden import EXPECTED, build_golden, files_of

HINT = "intended? run `make golden` and review the diff of tests/fixtures/site/expected"


def test_the_fixture_builds_into_the_expected_files(tmp_path: Path) -> None:
    build_golden(tmp_path / "public")
    built = files_of(tmp_path / "public")
    copied = sorted(p.relative_to(tmp_path / "public").as_posix()
                    for p in (tmp_path / "public" / "assets").iterdir())
    # Every file of static/ is published beside the pages, under assets/.
    assert copied == sorted(f"assets/{p.name}" for p in STATIC.iterdir()
                            if not p.name.startswith(".")), copied
    expected = files_of(EXPECTED)
    assert expected, f"no expected files: {HINT}"
    # Everything committed is compared: no expected file is left out of the comparison.
    committed = sorted(p.relative_to(EXPECTED).as_posix() for p in EXPECTED.rglob("*")
                       if p.is_file())
    assert committed == sorted(expected), f"expected files not compared: {HINT}"
    missing, extra = sorted(expected.keys() - built), sorted(built.keys() - expected)
    assert not missing and not extra, f"missing {missing[:10]}, unexpected {extra[:10]}: {HINT}"
    changed = [name for name in sorted(expected) if expected[name] != built[name]]
    if changed:
        first = changed[0]
        diff = difflib.unified_diff(
            expected[first].decode("utf-8", "replace").splitlines(),
            built[first].decode("utf-8", "replace").splitlines(),
            f"expected/{first}", f"built/{first}", n=2, lineterm="")
        shown = "\n".join(list(diff)[:40])
        raise AssertionError(f"{len(changed)} files differ ({', '.join(changed[:8])}); "
                             f"the first:\n{shown}\n{HINT}")
