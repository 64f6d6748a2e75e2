"""brochure/engine/details.py: an engine that builds again (the live preview) keeps each
group's details and works out only the edited group's again, and on another day none of them
(their next meetings move on). That the kept details give the pages a new engine makes after
every kind of edit is tested by tests/engine/test_incremental.py, whose builder keeps one
engine through its edits and compares with full builds."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from brochure.engine.build import Engine
from tests.conftest import TODAY
from tests.golden import CONTENT as FIXTURE


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def fresh(content: Path, output: Path, today: dt.date) -> dict[str, bytes]:
    engine = Engine()
    try:
        assert engine.build(content, output, today).ok
    finally:
        engine.close()
    return files_of(output)


def test_kept_details_are_the_unedited_groups_and_never_stale(tmp_path: Path) -> None:
    content = Path(shutil.copytree(FIXTURE, tmp_path / "content"))
    engine = Engine()
    try:
        assert engine.build(content, tmp_path / "public", TODAY).ok
        first = dict(engine.details._kept)
        group = content / "groups" / "testikahvila.yaml"
        group.write_text(group.read_text("utf-8").replace("Testikahvila", "Testikahvio"),
                         encoding="utf-8")
        assert engine.build(content, tmp_path / "public", TODAY).ok
        second = engine.details._kept
        # The other group's details are the same objects; the edited group's are new.
        same = {entry.detail.card.slug for key, entry in second.items()
                if first.get(key) is entry}
        assert same == {"iltakahvit-toholampi"}, same

        later = TODAY + dt.timedelta(days=8)  # the next meetings move on
        assert engine.build(content, tmp_path / "public", later).ok
        assert not any(first.get(key) is entry or second.get(key) is entry
                       for key, entry in engine.details._kept.items())
        assert files_of(tmp_path / "public") == fresh(content, tmp_path / "fresh", later)
    finally:
        engine.close()
