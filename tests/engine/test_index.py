"""brochure/engine/index.py: an edit to one group makes only its part of each language's word
search index again; the parts after the first carry no script of their own."""

from __future__ import annotations

import shutil
from pathlib import Path

from brochure.engine.build import BuildOptions, Engine
from tests.conftest import TODAY
from tests.golden import CONTENT as FIXTURE


def search_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted((folder / "pagefind").rglob("*")) if p.is_file()}


def part(files: dict[str, bytes], prefix: str, others: str | None = None) -> dict[str, bytes]:
    """The files under ``prefix`` (but not under ``others``)."""
    return {p: d for p, d in files.items()
            if p.startswith(prefix) and (others is None or not p.startswith(others))}


def test_an_edit_makes_only_its_groups_part_again(tmp_path: Path) -> None:
    content = Path(shutil.copytree(FIXTURE, tmp_path / "content"))
    # One group a part: the fixture's two groups are in two parts (urls.search_parts).
    engine = Engine(BuildOptions(search_part=1), tmp_path / "cache")
    try:
        assert engine.build(content, tmp_path / "public", TODAY).ok
        before = search_files(tmp_path / "public")
        group = content / "groups" / "testikahvila.yaml"
        group.write_text(group.read_text("utf-8").replace("Testikahvila", "Testikahvio"),
                         encoding="utf-8")
        assert engine.build(content, tmp_path / "public", TODAY).ok
        after = search_files(tmp_path / "public")
    finally:
        engine.close()
    for lang in ("fi", "sv", "en"):
        first, second = f"pagefind/{lang}/", f"pagefind/{lang}/part-2/"
        # The page loads the first part's script; the second part is its index alone.
        assert f"{first}pagefind.js" in after and f"{first}pagefind-worker.js" in after
        assert f"{second}pagefind-entry.json" in after
        assert not [p for p in after if p.startswith(second) and p.endswith((".js", "pagefind"))
                    and "/fragment/" not in p and "/index/" not in p]
        # testikahvila is in the second part: the first is as it was.
        assert part(before, first, second) == part(after, first, second), lang
    # Its Finnish name changed, so its Finnish part was made again.
    assert part(before, "pagefind/fi/part-2/") != part(after, "pagefind/fi/part-2/")
