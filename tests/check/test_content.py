"""brochure/content.py: a content tree becomes published groups, hidden ones and pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from brochure.check.content import FileCache, load_content
from brochure.core.problems import Severity
from tests.conftest import TODAY, VALID_GROUP, describe, replace_line, valid, write_group


def test_a_valid_tree_publishes_its_group_without_a_problem(content_tree: Path) -> None:
    content = load_content(content_tree, TODAY)
    assert content.problems == (), describe(content.problems)
    assert [g.slug for g in valid(content).published] == ["kahvila"]
    assert valid(content).hidden == {}
    assert {"soite", "kpkoos"} <= set(valid(content).partners)


def test_an_ended_season_hides_the_group_but_keeps_it_valid(content_tree: Path) -> None:
    ended = replace_line(VALID_GROUP, "end: 2027-05-31", "    end: 2026-11-01")
    ended = replace_line(replace_line(ended, "breaks:", ""), "start: 2026-12-21", "")
    write_group(content_tree, replace_line(ended, "end: 2027-01-06", ""), slug="kahvila")
    content = load_content(content_tree, TODAY)
    assert content.errors == 0, describe(content.problems)
    assert "kahvila" in valid(content).groups and valid(content).published == []
    assert set(valid(content).hidden) == {"kahvila"}


def test_a_broken_group_is_left_out_and_reported_but_the_rest_loads(content_tree: Path) -> None:
    broken = replace_line(VALID_GROUP, "municipality:", "municipality: kokola")
    write_group(content_tree, broken.replace('code: "k7m3"', 'code: "p4tw"'), slug="rikki")
    content = load_content(content_tree, TODAY)
    assert [g.slug for g in valid(content).published] == ["kahvila"]
    assert [(p.path.rsplit("/", 1)[-1], p.rule) for p in content.problems] == [
        ("rikki.yaml", "unknown-municipality")]


def test_a_page_needs_its_finnish_version(content_tree: Path) -> None:
    pages = content_tree / "pages"
    pages.mkdir(exist_ok=True)
    (pages / "ohje.sv.md").write_text("---\ntitle: Hjälp\n---\nText\n", encoding="utf-8")
    content = load_content(content_tree, TODAY)
    missing = {(p.params["language"], p.severity) for p in content.problems
               if p.rule == "missing-page"}
    assert missing == {("fi", Severity.ERROR), ("en", Severity.WARNING)}


def test_the_file_cache_rereads_only_changed_files(content_tree: Path) -> None:
    cache = FileCache()
    first = load_content(content_tree, TODAY, cache)
    again = load_content(content_tree, TODAY, cache)
    assert valid(again).groups["kahvila"] is valid(first).groups["kahvila"]  # not parsed again
    path = content_tree / "groups" / "kahvila.yaml"
    path.write_text(VALID_GROUP.replace("Testikahvila", "Uusi kahvila"), encoding="utf-8")
    changed = load_content(content_tree, TODAY, cache)
    assert valid(changed).groups["kahvila"].name.fi == "Uusi kahvila"


def test_the_saved_file_cache_keeps_unchanged_entries_as_they_were(
        content_tree: Path, tmp_path: Path) -> None:
    """Between builds: an entry is read back only when its file asks for it, and saved as
    the bytes it was read as; the edited file's entry is the one made again."""
    folder, version = tmp_path / "cache", b"v1"
    first = FileCache()
    expected = valid(load_content(content_tree, TODAY, first))
    first.save(folder, version)
    kept = FileCache.load(folder, version)
    assert kept.stored and not kept.entries  # nothing read back yet
    assert valid(load_content(content_tree, TODAY, kept)).groups == expected.groups
    stored = dict(kept.stored)
    path = content_tree / "groups" / "kahvila.yaml"
    path.write_text(VALID_GROUP.replace("Testikahvila", "Uusi kahvila"), encoding="utf-8")
    changed = valid(load_content(content_tree, TODAY, kept))
    kept.save(folder, version)
    again = FileCache.load(folder, version)
    made_again = [name for name in again.stored if again.stored[name] != stored.get(name)]
    assert len(made_again) == 1 and made_again[0].endswith("/groups/kahvila.yaml"), made_again
    assert valid(load_content(content_tree, TODAY, again)).groups == changed.groups
    assert FileCache.load(folder, b"v2").stored == {}  # another program reads nothing


def test_a_sealed_file_cache_holds_bytes_only_and_saves_the_same(
        content_tree: Path, tmp_path: Path) -> None:
    """A build seals the cache once the content is checked: the entries (with the parsed
    documents they keep for positions) become pickled bytes, and saving writes what saving
    without sealing would have."""
    plain, sealed = FileCache(), FileCache()
    expected = valid(load_content(content_tree, TODAY, plain))
    assert valid(load_content(content_tree, TODAY, sealed)).groups == expected.groups
    sealed.seal()
    assert not sealed.entries and sealed.stored
    plain.save(tmp_path / "plain", b"v1")
    sealed.save(tmp_path / "sealed", b"v1")
    assert FileCache.load(tmp_path / "sealed", b"v1").stored == \
        FileCache.load(tmp_path / "plain", b"v1").stored
    # The next check reads each entry back from its bytes.
    again = load_content(content_tree, TODAY, sealed)
    assert valid(again).groups == expected.groups
    assert set(sealed.entries) == set(sealed.stored)


def test_the_review_date_decides_on_the_day(content_tree: Path) -> None:
    late = load_content(content_tree, dt.date(2030, 1, 1))
    assert valid(late).published == [] and "kahvila" in valid(late).hidden
