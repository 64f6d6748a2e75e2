"""brochure/writer.py: the output is replaced whole, or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from brochure.output.writer import StagedOutput, check_relative, write_file, write_tree


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_new_tree_replaces_the_old_one_and_leaves_no_stale_file(tmp_path: Path) -> None:
    output = tmp_path / "public"
    write_tree({"fi/index.html": b"old", "fi/groups/gone/index.html": b"gone"}, output)
    write_tree({"fi/index.html": b"new", "sv/index.html": b"ny"}, output)
    assert tree(output) == {"fi/index.html": b"new", "sv/index.html": b"ny"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]  # no staging left behind


def test_an_error_midway_keeps_the_previous_site(tmp_path: Path) -> None:
    output = tmp_path / "public"
    write_tree({"fi/index.html": b"published"}, output)
    with pytest.raises(RuntimeError), StagedOutput(output) as staged:
        staged.put("fi/index.html", b"half")
        raise RuntimeError("a template failed")
    assert tree(output) == {"fi/index.html": b"published"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_the_same_file_twice_is_a_mistake_not_an_overwrite(tmp_path: Path) -> None:
    with StagedOutput(tmp_path / "public") as staged:
        staged.put("a/index.html", b"1")
        with pytest.raises(ValueError, match="two outputs"):
            staged.put("a/index.html", b"2")


@pytest.mark.parametrize("relative", ["../escape.html", "/etc/passwd", "a//b", "a/./b",
                                      "a\\b", "a/.."])
def test_paths_that_could_leave_the_folder_are_refused(relative: str) -> None:
    with pytest.raises(ValueError, match="outside the output folder"):
        check_relative(relative)


def test_write_file_replaces_one_file_atomically(tmp_path: Path) -> None:
    target = tmp_path / "fi" / "index.html"
    write_file(target, b"first")
    write_file(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["index.html"]
    assert target.stat().st_mode & 0o777 == 0o644
