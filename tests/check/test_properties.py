"""Whatever a partner saves, the checker answers with problems; it never crashes.

Arbitrary text and bytes go to the loader; arbitrary mutations of a valid entry go through the
whole pipeline (load, validate, rules). The only acceptable outcome is a list of reported
problems, each pointing at a real place in the file and having a message.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brochure.check.content import load_content
from brochure.check.rules import RULES, hint, message
from brochure.core.problems import Problem
from brochure.load.document import INVALID
from brochure.load.reader import load_yaml
from tests.conftest import TODAY, VALID_GROUP, make_tree, valid

SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])

# The valid entry as plain data (dates stay dates; we dump it back with PyYAML).
VALID_DATA: dict[str, Any] = yaml.safe_load(VALID_GROUP)


def assert_reported(problems: Sequence[Problem], text: str | None = None) -> None:
    """Every problem has a known rule, a sane position and a message in English."""
    lines = text.split("\n") if text is not None else None
    for problem in problems:
        assert problem.rule in RULES, problem
        assert problem.line >= 1 and problem.column >= 1, problem
        if lines is not None:
            assert problem.line <= len(lines) + 1, (problem, len(lines))
        assert message(problem, "en"), problem
        hint(problem, "en")


# --- the loader on its own ----------------------------------------------------------------

@SETTINGS
@given(st.text())
def test_load_yaml_never_raises_on_text(text: str) -> None:
    doc = load_yaml("x.yaml", text.encode("utf-8"))
    assert_reported(doc.problems)
    # Either valid data (a mapping) or at least one reported problem.
    if doc.data is INVALID or not isinstance(doc.data, dict):
        assert doc.problems


@SETTINGS
@given(st.binary())
def test_load_yaml_never_raises_on_bytes(data: bytes) -> None:
    doc = load_yaml("x.yaml", data)
    assert_reported(doc.problems)
    if not isinstance(doc.data, dict):
        assert doc.problems


# YAML-ish text: the characters that make YAML interesting, so that hypothesis reaches the
# parser's corners (flow collections, anchors, tags, documents, block scalars) quickly.
_YAML_ALPHABET = st.sampled_from([*"abfnoy019:.-#&*!|>'\"{}[],? \n\t<%@`~", "\u00e4"])
yamlish = st.lists(st.one_of(_YAML_ALPHABET,
                             st.sampled_from(["---", "...", "<<: ", "!!str ", "&a ", "*a",
                                              "12:30", "0401", "no", "2026-02-30", "\n  ",
                                              "\n- "])),
                   max_size=60).map("".join)


@SETTINGS
@given(yamlish)
def test_load_yaml_never_raises_on_yamlish_text(text: str) -> None:
    doc = load_yaml("x.yaml", text.encode("utf-8"))
    assert_reported(doc.problems, text)


# --- mutations of a valid entry through the whole pipeline --------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=20), st.dates())
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key or index path in ``data``."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield (*prefix, i)
            yield from _paths(value, (*prefix, i))


ALL_PATHS = list(_paths(VALID_DATA))


def _copy(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _copy(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_copy(v) for v in data]
    return data


def _mutate(data: Any, path: tuple[Any, ...], how: str, value: Any, name: str) -> Any:
    data = _copy(data)
    holder = data
    for part in path[:-1]:
        holder = holder[part]
    last = path[-1]
    if how == "drop":
        del holder[last]
    elif how == "replace":
        holder[last] = value
    elif how == "rename" and isinstance(holder, dict):
        holder[name] = holder.pop(last)
    return data


@st.composite
def mutated_entries(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["drop", "replace", "rename", "insert"]))
    if kind == "insert":
        position = draw(st.integers(0, len(VALID_GROUP)))
        inserted = draw(st.one_of(st.text(max_size=20), yamlish))
        return VALID_GROUP[:position] + inserted + VALID_GROUP[position:]
    path = draw(st.sampled_from(ALL_PATHS))
    value = draw(values)
    name = draw(st.text(min_size=1, max_size=12))
    data = _mutate(VALID_DATA, path, kind, value, name)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def tree() -> Iterator[Path]:
    # Module scoped (hypothesis reuses a fixture across examples); built once, group rewritten.
    folder = Path(tempfile.mkdtemp(prefix="brochure-props-"))
    try:
        yield make_tree(folder / "content")
    finally:
        shutil.rmtree(folder)


def _check(tree: Path, data: bytes) -> tuple[list[Problem], bool]:
    """The problems found, and whether the entry became a group."""
    path = tree / "groups" / "testi.yaml"
    path.write_bytes(data)
    content = load_content(tree, TODAY)
    # The copied site, vocabularies and partners are valid: every problem is in the entry.
    assert {p.path for p in content.problems} <= {str(path)}, content.problems
    return list(content.problems), "testi" in valid(content).groups


@SETTINGS
@given(mutated_entries())
def test_mutated_entry_only_reports_problems(tree: Path, text: str) -> None:
    problems, _ = _check(tree, text.encode("utf-8"))
    assert_reported(problems, text)


@SETTINGS
@given(st.text(max_size=200))
def test_arbitrary_entry_text_only_reports_problems(tree: Path, text: str) -> None:
    problems, is_group = _check(tree, text.encode("utf-8"))
    assert_reported(problems, text)
    if not is_group:
        # A file that does not become a group always says why.
        assert problems


def test_the_unmutated_entry_is_valid(tree: Path) -> None:
    """The mutations start from a valid entry (also as PyYAML writes it back)."""
    dumped = yaml.safe_dump(VALID_DATA, allow_unicode=True, sort_keys=False)
    assert _check(tree, dumped.encode("utf-8")) == ([], True)
    assert isinstance(VALID_DATA["reviewed"], dt.date)
