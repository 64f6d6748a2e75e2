"""Incremental rebuilds (the live preview) give exactly the files of a clean full build.

A copy of the example content, templates and assets is edited step by step: groups added,
changed, renamed and deleted, a partner, a free page, templates and the stylesheet changed, an
edit that breaks the content and its fix. After each step the builder updates its output, and
at checkpoints the whole tree is compared byte for byte with a full build of the same state.
Other checks make sure the updates really are incremental (an edit re-renders only what shows
it), so that a builder that always rebuilt everything could not pass.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from brochure.engine import build as engine_build
from brochure.engine import workers
from brochure.engine.build import build
from brochure.engine.incremental import IncrementalBuilder, Update
from brochure.engine.workers import Job
from brochure.output.render import environment, template_closures

# Whole trees built again and again (make test-fast leaves them out).
pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 23)
GROUP = "torstain-olohuone"


class Tree:
    """Copies of content/, templates/ and static/, and an incremental builder over them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        for name in ("content", "templates", "static"):
            shutil.copytree(REPO / name, root / name)
        self.content = root / "content"
        self.templates = root / "templates"
        self.static = root / "static"
        self.output = root / "preview"
        self.builder = IncrementalBuilder(self.content, self.output, TODAY,
                                          templates=self.templates, static=self.static)

    def edit(self, path: Path, old: str, new: str) -> Path:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        write(path, text.replace(old, new, 1))
        return path

    def update(self, *paths: Path) -> Update:
        result = self.builder.update(list(paths))
        assert result.failure is None, repr(result.failure)
        assert result.ok, [f"{p.path}:{p.line} {p.rule}" for p in result.errors]
        assert result.corrected == [], "the quick pass wrote pages the full pass had to fix"
        return result

    def files(self) -> dict[str, bytes]:
        return {p.relative_to(self.output).as_posix(): p.read_bytes()
                for p in sorted(self.output.rglob("*")) if p.is_file()}

    def assert_same_as_full_build(self) -> None:
        full = build(self.content, self.root / "unused", TODAY, templates=self.templates,
                     static=self.static, write=False)
        assert full.model is not None, "the full build failed"
        mine = self.files()
        missing = sorted(set(full.output) - set(mine))
        extra = sorted(set(mine) - set(full.output))
        different = sorted(p for p in set(mine) & set(full.output) if mine[p] != full.output[p])
        assert not (missing or extra or different), (
            f"missing {missing[:5]}, extra {extra[:5]}, different {different[:5]}")
        empty = [d for d in self.output.rglob("*") if d.is_dir() and not any(d.iterdir())]
        assert not empty, f"empty folders left behind: {empty}"


def write(path: Path, text: str) -> None:
    """Write a file so that its modification stamp surely changes (the file cache compares
    time and size; two writes within one clock tick could otherwise look the same)."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns <= before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    tree = Tree(tmp_path)
    first = tree.builder.update(None)
    assert first.ok and first.full, first.failure
    return tree


def list_pages(tree: Tree) -> set[str]:
    """Home, filter and partner pages: the lists of groups."""
    model = tree.builder.model
    assert model is not None
    kinds = {"home", "municipality", "audience", "weekday", "partners", "partner"}
    return {page.url for page in model.pages if page.kind in kinds}


def group_file(tree: Tree, slug: str = GROUP) -> Path:
    return tree.content / "groups" / f"{slug}.yaml"


def test_edits_give_the_same_tree_as_a_full_build(tree: Tree,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    tree.assert_same_as_full_build()
    groups = tree.content / "groups"

    # Add a group: its own pages come from the quick pass, the lists from the full pass.
    new = groups / "uusi-olohuone.yaml"
    write(new, group_file(tree).read_text(encoding="utf-8").replace(
        'fi: "Torstain olohuone"', 'fi: "Uusi olohuone"').replace(
        'code: "w7dc"', 'code: "ac55"'))  # a short code of its own
    added = tree.update(new)
    assert "fi/groups/uusi-olohuone/index.html" in added.quick
    assert "r/uusi-olohuone/index.html" in added.quick
    assert "fi/index.html" in added.written

    # Only the description changes: the card and so the lists stay as they are. The whole
    # site finds the pages the quick pass made under their keys, and does not render them
    # again.
    renders: list[str] = []
    render_pages = workers.render_pages

    def counted(job: Job, indices: Sequence[int]) -> Any:
        renders.extend(job.pages[i].output_path for i in indices)
        return render_pages(job, indices)
    monkeypatch.setattr(engine_build, "render_pages", counted)
    described = tree.update(tree.edit(group_file(tree), "Tarjolla on kahvia",
                                      "Tarjolla on aina kahvia"))
    monkeypatch.undo()
    assert "fi/groups/torstain-olohuone/index.html" in described.quick
    assert sorted(renders) == sorted(set(renders)), "pages rendered twice"
    assert "fi/groups/torstain-olohuone/" in described.rendered
    assert not set(described.rendered) & list_pages(tree), described.rendered

    # Another municipality: the lists that show it, and every list's filter counts.
    moved = tree.update(tree.edit(group_file(tree), "municipality: kokkola",
                                  "municipality: halsua"))
    assert {"fi/", "fi/municipality/kokkola/", "fi/municipality/halsua/",
            "fi/municipality/perho/"} <= set(moved.rendered)
    tree.assert_same_as_full_build()

    # Rename, then delete: the old pages go, and no empty folder stays.
    renamed = groups / "torstain-olohuone-halsua.yaml"
    group_file(tree).rename(renamed)
    # Its attendance moves with it: an attendance folder must name an existing group.
    counts = tree.content / "attendance" / "torstain-olohuone"
    if counts.is_dir():
        counts.rename(counts.with_name(renamed.stem))
    result = tree.update(group_file(tree), renamed)
    assert "fi/groups/torstain-olohuone/index.html" in result.deleted
    assert "fi/groups/torstain-olohuone-halsua/index.html" in result.written + result.quick
    new.unlink()
    result = tree.update(new)
    assert "r/uusi-olohuone/index.html" in result.deleted
    tree.assert_same_as_full_build()

    # A partner's name is shown on its page, the partner list and its groups' pages.
    partner = tree.edit(tree.content / "partners" / "kpkoos.yaml", 'fi: "',
                        'fi: "Uudistettu ')
    result = tree.update(partner)
    assert "fi/partners/kpkoos/" in result.rendered
    assert "fi/groups/torstain-olohuone-halsua/" in result.rendered

    # A review long overdue hides the group: its page becomes a tombstone, its calendar and
    # poster go, the lists no longer show it.
    hidden = group_file(tree, "kielikahvila-kokkola")
    result = tree.update(tree.edit(hidden, "reviewed: ", "reviewed: 2020-01-01\n# was: "))
    assert "fi/groups/kielikahvila-kokkola/index.html" in result.written + result.quick
    assert "fi/groups/kielikahvila-kokkola/calendar.ics" in result.deleted
    assert "fi/groups/kielikahvila-kokkola/poster/index.html" in result.deleted
    assert "fi/" in result.rendered

    # A free page.
    tree.update(tree.edit(tree.content / "pages" / "contribute.fi.md", "## ", "## Ohje: "))

    # Templates: group.html re-renders group pages only; _card.html the pages with cards.
    result = tree.update(tree.edit(tree.templates / "group.html", "{% block main %}",
                                   "{% block main %}\n<!-- muokattu -->"))
    assert result.rendered and all("/groups/" in url for url in result.rendered), result.rendered
    result = tree.update(tree.edit(tree.templates / "_card.html", 'class="card"',
                                   'class="card edited"'))
    assert {"fi/", "sv/municipality/halsua/", "en/partners/kpkoos/"} <= set(result.rendered)
    assert not any("/groups/" in url for url in result.rendered), result.rendered

    # The stylesheet: only the asset is written again (a comment alone is minified away).
    result = tree.update(tree.edit(tree.static / "style.css", "{", "{ --edited: 1;", ))
    assert result.written == ["assets/style.css"] and not result.rendered

    # The site's settings can change any page: everything is compared afresh.
    result = tree.update(tree.edit(tree.content / "site.yaml", 'fi: "Ryhmiä kaikille',
                                   'fi: "Ryhmät kaikille'))
    assert result.full and "fi/index.html" in result.written
    tree.assert_same_as_full_build()


def test_broken_content_keeps_the_output_until_fixed(tree: Tree) -> None:
    before = tree.files()
    path = tree.edit(group_file(tree), "municipality: kokkola", "municipality: kokola")
    broken = tree.builder.update([path])
    assert not broken.ok
    assert [(p.rule, p.line) for p in broken.errors] == [("unknown-municipality", 23)]
    assert tree.files() == before
    # Another file changes while the first is still broken: it is not forgotten.
    other = tree.edit(group_file(tree, "kielikahvila-kokkola"), "fi: \"", "fi: \"Uusi ")
    assert not tree.builder.update([other]).ok
    tree.update(tree.edit(path, "municipality: kokola", "municipality: kokkola"))
    tree.assert_same_as_full_build()


def test_a_broken_template_is_reported_and_recovers(tree: Tree) -> None:
    template = tree.templates / "partner.html"
    original = template.read_text(encoding="utf-8")
    write(template, original.replace("{% endblock %}", "{% endblok %}", 1))
    result = tree.builder.update([template])
    assert not result.ok and result.failure is not None
    write(template, original.replace("{% block main %}", "{% block main %}<!-- ok -->", 1))
    fixed = tree.update(template)
    assert fixed.rendered and all("/partners/" in url for url in fixed.rendered)
    tree.assert_same_as_full_build()


def test_changes_are_sorted_by_what_they_affect(tmp_path: Path) -> None:
    content, templates, static = tmp_path / "content", tmp_path / "templates", tmp_path / "st"
    builder = IncrementalBuilder(content, tmp_path / "out", TODAY, templates=templates,
                                 static=static)
    classify = builder.classify
    assert classify(None).reset
    assert classify([content / "vocabularies.yaml"]).reset
    catalog = builder.locale_dir / "fi" / "LC_MESSAGES" / "messages.po"
    assert classify([catalog]).catalogs and classify([catalog]).reset
    changes = classify([templates / "_macros.html", static / "filter.js"])
    assert changes.templates == {"_macros.html"} and changes.static and not changes.reset
    groups = content / "groups"
    assert classify([groups / f"{GROUP}.yaml", groups / "x.yaml"]).group_slugs == {GROUP, "x"}
    # An editor's temporary file that is already gone does not spoil the quick pass.
    assert classify([groups / f"{GROUP}.yaml", groups / "sedAb12"]).group_slugs == {GROUP}
    assert classify([groups / f"{GROUP}.yaml", content / "partners" / "kpkoos.yaml"]
                    ).group_slugs is None


def test_template_closures_follow_extends_include_and_import(tmp_path: Path) -> None:
    (tmp_path / "base.html").write_text("{% block main %}{% endblock %}", encoding="utf-8")
    (tmp_path / "_m.html").write_text("{% macro x() %}{% endmacro %}", encoding="utf-8")
    (tmp_path / "_part.html").write_text('{% from "_m.html" import x %}', encoding="utf-8")
    (tmp_path / "page.html").write_text(
        '{% extends "base.html" %}{% block main %}{% include "_part.html" %}{% endblock %}',
        encoding="utf-8")
    (tmp_path / "any.html").write_text("{% include name %}", encoding="utf-8")
    closures = template_closures(environment("fi", tmp_path))
    assert closures["page.html"] == {"page.html", "base.html", "_part.html", "_m.html"}
    assert closures["_m.html"] == {"_m.html"}
    assert closures["any.html"] == set(closures)  # a name in a variable may be any template


def test_newer_edits_cut_the_full_pass_short(tree: Tree) -> None:
    first = tree.edit(group_file(tree), 'fi: "Torstain olohuone"', 'fi: "Torstain tupa"')
    cut = tree.builder.update([first], early=lambda written: tree.builder.interrupt())
    assert cut.cancelled and not cut.ok
    assert "fi/groups/torstain-olohuone/index.html" in cut.quick  # shown before the cut
    assert "Torstain tupa" not in (tree.output / "fi" / "index.html").read_text()
    # The next update takes up what the cut one left undone.
    second = tree.edit(group_file(tree, "kielikahvila-kokkola"), 'fi: "', 'fi: "Uusi ')
    tree.update(second)
    assert "Torstain tupa" in (tree.output / "fi" / "index.html").read_text()
    tree.assert_same_as_full_build()
