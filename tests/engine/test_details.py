"""brochure/engine/details.py: an engine that builds again (the live preview) keeps each
group's details and own pages and works out only the edited group's again, and on another
day none of them (their next meetings move on). That the kept details give the pages a new
engine makes after every kind of edit is tested by tests/engine/test_incremental.py, whose
builder keeps one engine through its edits and compares with full builds."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from brochure.engine.build import BuildOptions, Engine
from brochure.site.model import SiteModel
from brochure.site.pages import GroupPage, PosterPage, PrintPage
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


def group_pages(model: SiteModel | None) -> dict[tuple[str, str], GroupPage]:
    assert model is not None
    return {(p.key, p.lang): p for p in model.pages if isinstance(p, GroupPage)}


def posters(model: SiteModel | None) -> dict[tuple[str, str], PosterPage]:
    assert model is not None
    return {(p.key, p.lang): p for p in model.pages if isinstance(p, PosterPage)}


def test_kept_details_are_the_unedited_groups_and_never_stale(tmp_path: Path) -> None:
    content = Path(shutil.copytree(FIXTURE, tmp_path / "content"))
    engine = Engine()
    try:
        built = engine.build(content, tmp_path / "public", TODAY)
        assert built.ok
        first = dict(engine.details._kept)
        group = content / "groups" / "testikahvila.yaml"
        group.write_text(group.read_text("utf-8").replace("Testikahvila", "Testikahvio"),
                         encoding="utf-8")
        again = engine.build(content, tmp_path / "public", TODAY)
        assert again.ok
        second = engine.details._kept
        # The other group's details are the same objects; the edited group's are new.
        same = {entry.detail.card.slug for key, entry in second.items()
                if first.get(key) is entry}
        assert same == {"iltakahvit-toholampi"}, same
        # So are its pages and posters, in every language (and the entry the brochures
        # show, the poster's).
        unedited = {("iltakahvit-toholampi", lang) for lang in ("fi", "sv", "en")}
        for kind in (group_pages, posters):
            before, after = kind(built.model), kind(again.model)
            assert {key for key, page in after.items() if before.get(key) is page} == unedited
        assert again.model is not None
        shown = {id(entry) for page in again.model.pages if isinstance(page, PrintPage)
                 for section in page.sections for entry in section.groups}
        assert {id(poster.group) for poster in posters(again.model).values()} == shown

        later = TODAY + dt.timedelta(days=8)  # the next meetings move on
        assert engine.build(content, tmp_path / "public", later).ok
        assert not any(first.get(key) is entry or second.get(key) is entry
                       for key, entry in engine.details._kept.items())
        assert files_of(tmp_path / "public") == fresh(content, tmp_path / "fresh", later)
    finally:
        engine.close()


def test_a_kept_group_page_is_not_taken_at_another_site_address(tmp_path: Path) -> None:
    """A group's details are the same at any address of the site, its page is not (its
    schema.org facts name its full address): a build for another address, with the same
    cache folder, makes the pages again and writes what a fresh build writes."""
    content, cache = FIXTURE, tmp_path / "cache"
    for base in ("https://example.org/ryhmat/", "https://ryhmat.example.fi/"):
        engine = Engine(BuildOptions(base_url=base), cache)
        try:
            built = engine.build(content, tmp_path / "public", TODAY)
            assert built.ok
        finally:
            engine.close()
        fresh_engine = Engine(BuildOptions(base_url=base))
        try:
            assert fresh_engine.build(content, tmp_path / "fresh", TODAY).ok
        finally:
            fresh_engine.close()
        assert files_of(tmp_path / "public") == files_of(tmp_path / "fresh")
        assert all(page.event.url.startswith(base)
                   for page in group_pages(built.model).values())
