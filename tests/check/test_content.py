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


def test_the_review_date_decides_on_the_day(content_tree: Path) -> None:
    late = load_content(content_tree, dt.date(2030, 1, 1))
    assert valid(late).published == [] and "kahvila" in valid(late).hidden
