"""YAML hazards: each is one clear problem at the exact line and column where it stands.

Every case writes a group file that is valid except for one hazard, runs the whole check
(``load_content``) and expects that hazard, where an editor shows it, with a message that says
what a partner needs to know; nothing else may be reported about the same spot.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from brochure.check.content import load_content
from brochure.check.rules import hint, message
from brochure.core.problems import Problem
from brochure.load.document import INVALID
from brochure.load.reader import MAX_FILE_BYTES, FieldKind, load_yaml
from tests.conftest import (
    TODAY,
    VALID_GROUP,
    Case,
    assert_case_in_all_languages,
    assert_only_case_reported,
    check_text,
    expect,
    line_of,
    position_of,
    replace_line,
    valid,
    write_group,
)

V = VALID_GROUP


def bad(case_id: str, needle: str, new: str, rule: str, token: str, *, line: str | None = None,
        says: tuple[str, ...] = (), also: frozenset[str] = frozenset()) -> Case:
    """VALID_GROUP with the line containing ``needle`` replaced by ``new``; the problem is
    expected where ``token`` starts on the line containing ``line`` (default: ``new``'s first
    line)."""
    text = replace_line(V, needle, new)
    at = position_of(text, line if line is not None else new.strip().splitlines()[0], token)
    return Case(case_id, text, rule, at, says, also=also)


# The billion laughs: nine levels of nine aliases each; expanded it would be 10**9 strings.
LAUGHS = 'lol0: &l0 "lol"\n' + "".join(
    f"lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 10))

LATIN1 = V.encode("latin-1")  # "Testkaféet": é is 0xE9 in Latin-1, not UTF-8
TOO_LARGE = V + "# " + "x" * MAX_FILE_BYTES + "\n"

CASES = [
    # Duplicate keys: the second one is reported, naming the line of the first.
    Case("duplicate-key", replace_line(V, "free: true", "free: true\nfree: false"),
         "yaml-duplicate-key", (line_of(V, "free: true") + 1, 1),
         says=("'free'", f"first on line {line_of(V, 'free: true')}")),
    Case("duplicate-nested-key",
         replace_line(V, 'address: "Testikatu', '  address: "Testikatu 1"\n  address: "Toinen 2"'),
         "yaml-duplicate-key", position_of(replace_line(
             V, 'address: "Testikatu', '  address: "Testikatu 1"\n  address: "Toinen 2"'),
             'address: "Toinen', "address"),
         says=("'address'", f"line {line_of(V, 'address:')}")),
    # Times: sexagesimal 12:30 is the number 750 in YAML 1.1. In a time field it is read as
    # the time, in a text field as the text (see below); elsewhere it is a hazard.
    bad("unquoted-time", "max_participants:", "max_participants: 12:30", "yaml-unquoted-time",
        "12:30", says=("12:30", "750", '"12:30"')),
    bad("time-24", 'start: "12:00"', '      start: "24:00"', "time-format", '"24:00"',
        says=("24:00",)),
    bad("time-unquoted-24", 'start: "12:00"', "      start: 24:00", "time-format", "24:00",
        says=("24:00",)),
    # yes/no/on/off: booleans in YAML 1.1, text in YAML 1.2. A yes/no field reads them (with a
    # notice, tests/check/test_lenient.py) and a text field as text; elsewhere, a hazard.
    bad("ambiguous-NO", "max_participants:", "max_participants: NO", "yaml-ambiguous-boolean",
        "NO", says=("NO", '"NO"')),
    bad("ambiguous-on-in-a-list-of-dates", "- start: 2026-12-21",
        "    - on\n    - start: 2026-12-21", "yaml-ambiguous-boolean", "on", line="- on",
        says=("on", "true or false")),
    # A number with a leading zero would become an (octal) number: in a text field (a phone
    # number) it is read as the text, in a whole-number field as the number
    # (tests/check/test_lenient.py), elsewhere it is a hazard.
    bad("leading-zero", "coordinates:", "  coordinates: [063, 23.1302]", "yaml-leading-zero",
        "063", says=("063", '"063"')),
    # Dates.
    bad("impossible-date", "reviewed:", "reviewed: 2026-02-30", "invalid-date", "2026-02-30",
        says=("2026-02-30", "not a real date")),
    bad("impossible-date-quoted", "reviewed:", 'reviewed: "2026-02-30"', "invalid-date",
        '"2026-02-30"', says=("2026-02-30",)),
    # (A date as Finns write it, 4.3.2026, is read: tests/check/test_lenient.py.)
    bad("date-with-slashes", "reviewed:", "reviewed: 2026/03/04", "date-format", "2026/03/04",
        says=("2026/03/04", "2026-09-01")),
    bad("finnish-date-not-a-day", "reviewed:", "reviewed: 31.2.2026", "date-format",
        "31.2.2026", says=("31.2.2026",)),
    # Anchors, aliases and merge keys.
    bad("anchor", "address:", '  address: &addr "Testikatu 1"', "yaml-anchor", "&addr",
        says=("&",)),
    bad("alias", "address:", "  address: *addr", "yaml-anchor", "*addr"),
    bad("merge-key", "contact:", "contact:\n  <<: {name: Testi}", "yaml-anchor", "<<",
        line="<<:"),
    # Tags.
    bad("tag-str", "address:", '  address: !!str "Testikatu 1"', "yaml-tag", "!!str",
        says=("!!str",)),
    bad("tag-python", "address:", "  address: !!python/object:os.system [echo]", "yaml-tag",
        "!!python", says=("!!python/object:os.system",)),
    bad("tag-on-mapping", "contact:", "contact: !!map", "yaml-tag", "!!map", says=("!!map",)),
    # Several documents in one file.
    Case("multiple-documents", V + "---\nname: {fi: Toinen}\n", "yaml-multiple-documents",
         (V.count("\n") + 1, 1), says=("---",)),
    # Tabs used for indentation.
    bad("tab", "address:", '\taddress: "Testikatu 1"', "yaml-tab", "\t", line="address:"),
    bad("tab-after-spaces", "address:", '  \taddress: "Testikatu 1"', "yaml-tab", "\t",
        line="address:"),
    # A tab after a list's dash: YAML stops there (the hint counts the one line).
    bad("tab-after-dash", "- role: professional", "  - \trole: professional", "yaml-tab",
        "\t", says=(": 1",)),
    # An editor that indents with tabs does it on every line: one message, with the count.
    Case("tabs-on-every-line", V.replace("\n  ", "\n\t"), "yaml-tab",
         position_of(V.replace("\n  ", "\n\t"), "\t", "\t"),
         says=(str(V.count("\n  ")),)),
    # Encodings and characters.
    Case("latin-1", LATIN1, "yaml-encoding", position_of(V, "Testkaféet", "é"),
         says=("UTF-8", "0xE9")),
    bad("control-character", "address:", '  address: "Testi\x07katu 1"',
        "yaml-control-character", "\x07", says=("U+0007",)),
    bad("bidi-override", "address:", '  address: "Testi\u202ekatu 1"',
        "yaml-invisible-character", "\u202e", says=("U+202E",)),
    bad("zero-width-space", "address:", '  address: "Testi\u200bkatu 1"',
        "yaml-invisible-character", "\u200b", says=("U+200B",)),
    Case("too-large", TOO_LARGE, "file-too-large", (1, 1),
         says=(str(len(TOO_LARGE.encode())), str(MAX_FILE_BYTES))),
    # Syntax errors and shapes.
    bad("syntax", "address:", "  address: Testikatu: 1", "yaml-colon-in-value", "Testikatu",
        says=("': '", '"Testikatu: 1"')),
    Case("empty", "", "yaml-empty", (1, 1), says=("empty",)),
    Case("only-comments", "# yaml-language-server: $schema=../../schema/group.schema.json\n",
         "yaml-empty", (1, 1)),
    Case("list-at-top", "- name: Kahvila\n- name: Toinen\n", "yaml-not-mapping", (1, 1)),
    Case("text-at-top", "Kahvila joka torstai\n", "yaml-not-mapping", (1, 1)),
    Case("complex-key", V + "? [a, b]\n: x\n", "yaml-complex-key", (V.count("\n") + 1, 3)),
]


def _symlink(tree: Path) -> list[Problem]:
    real = tree / "groups" / "real.yaml"
    real.write_text(V, encoding="utf-8")
    link = tree / "groups" / "linkki.yaml"
    link.symlink_to(real.name)
    content = load_content(tree, TODAY)
    assert list(valid(content).groups) == ["real"], "the link must not become a group of its own"
    return [p for p in content.problems if p.path == str(link)]


def _extension(tree: Path) -> list[Problem]:
    path = tree / "groups" / "kahvila.yml"
    path.write_text(V, encoding="utf-8")
    content = load_content(tree, TODAY)
    assert valid(content).groups == {}, "a .yml file is not read"
    return [p for p in content.problems if p.path == str(path)]


CASES += [
    Case("symlink", "", "symlink", (1, 1), says=("linkki.yaml", "link"), setup=_symlink),
    Case("yml-extension", "", "file-extension", (1, 1), says=("kahvila.yml", ".yaml"),
         setup=_extension),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_hazard_is_reported_where_it_stands(case: Case, empty_tree: Path) -> None:
    assert_only_case_reported(case, empty_tree)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_hazard_message_in_all_languages(case: Case, empty_tree: Path) -> None:
    assert_case_in_all_languages(case, empty_tree)


# --- details that the table does not show ---------------------------------------------------

def test_valid_group_has_no_problems(empty_tree: Path) -> None:
    assert check_text(empty_tree, V) == []


def test_utf8_bom_is_accepted(empty_tree: Path) -> None:
    path = empty_tree / "groups" / "testi.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + replace_line(V, "free: true", "free: false").encode())
    content = load_content(empty_tree, TODAY)
    # Nothing about the BOM, and positions are unchanged by it.
    assert [(p.rule, p.line, p.column) for p in content.problems] == [
        ("must-be-free", *position_of(V, "free: true", "true"))]


def test_bom_alone_gives_a_clean_group(empty_tree: Path) -> None:
    (empty_tree / "groups" / "testi.yaml").write_bytes(b"\xef\xbb\xbf" + V.encode())
    content = load_content(empty_tree, TODAY)
    assert content.problems == ()
    assert list(valid(content).groups) == ["testi"]


def test_explicit_document_start_and_end_are_fine(empty_tree: Path) -> None:
    assert check_text(empty_tree, "---\n" + V + "...\n") == []


def test_windows_line_endings_keep_positions(empty_tree: Path) -> None:
    text = replace_line(V, "free: true", "free: false")
    problems = check_text(empty_tree, text.replace("\n", "\r\n"))
    expect(problems, "must-be-free", *position_of(text, "free: false", "false"))


def test_quoted_values_are_text_not_hazards(empty_tree: Path) -> None:
    text = replace_line(V, "registration:", 'registration: "none"')
    text = replace_line(text, "address:", '  address: "NO 12:30 0401234567"')
    assert check_text(empty_tree, text) == []


def test_unquoted_values_in_text_fields_are_text(empty_tree: Path) -> None:
    text = replace_line(V, "address:", "  address: 12:30")
    text = replace_line(text, 'en: "Test Café"', "  en: NO")
    write_group(empty_tree, text)
    content = load_content(empty_tree, TODAY)
    assert content.problems == ()
    group = valid(content).groups["testi"]
    assert (group.venue.address, group.name.en) == ("12:30", "NO")


def test_non_specific_tag_on_quoted_text_is_fine(empty_tree: Path) -> None:
    assert check_text(empty_tree, replace_line(V, "address:", '  address: ! "Testikatu 1"')) == []


def test_billion_laughs_returns_quickly() -> None:
    start = time.perf_counter()
    doc = load_yaml("laughs.yaml", LAUGHS.encode())
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0
    assert doc.problems and {p.rule for p in doc.problems} == {"yaml-anchor"}
    # The first anchor stands on line 1 after 'lol0: '.
    assert (doc.problems[0].line, doc.problems[0].column) == (1, 7)
    # Nothing was expanded: no value is larger than nine entries.
    assert isinstance(doc.data, dict)
    assert all(len(v) <= 9 for v in doc.data.values() if isinstance(v, list))


def test_billion_laughs_as_a_group_file(empty_tree: Path) -> None:
    start = time.perf_counter()
    problems = check_text(empty_tree, V + LAUGHS)
    assert time.perf_counter() - start < 2.0
    assert "yaml-anchor" in {p.rule for p in problems}
    first = line_of(V + LAUGHS, "lol0:")
    expect(problems, "yaml-anchor", first, 7)


def test_every_control_character_is_reported_once(empty_tree: Path) -> None:
    text = replace_line(V, "address:", '  address: "A\x07B\x1bC"')
    problems = check_text(empty_tree, text)
    line = line_of(text, "address:")
    assert [(p.rule, p.line, p.column) for p in problems] == [
        ("yaml-control-character", line, 14), ("yaml-control-character", line, 16)]


def test_encoding_error_on_a_later_line(empty_tree: Path) -> None:
    data = V.encode() + "extra: caf\u00e9\n".encode("latin-1")
    problems = check_text(empty_tree, data)
    expect(problems, "yaml-encoding", V.count("\n") + 1, 11)


def test_file_of_exactly_the_limit_is_read(empty_tree: Path) -> None:
    padding = MAX_FILE_BYTES - len(V.encode()) - 2
    text = V + "#" + "x" * padding + "\n"
    assert len(text.encode()) == MAX_FILE_BYTES
    assert check_text(empty_tree, text) == []


def test_loader_keeps_unquoted_values_typed() -> None:
    doc = load_yaml("x.yaml", b"a: 2026-09-01\nb: 12\nc: 1.5\nd: true\ne: ~\nf: text\n")
    assert doc.problems == ()
    assert doc.data == {"a": dt.date(2026, 9, 1), "b": 12, "c": 1.5, "d": True, "e": None,
                        "f": "text"}


def test_reported_values_are_not_reported_again(empty_tree: Path) -> None:
    """A hazard in a required field is not also a wrong-type or missing-field error."""
    text = replace_line(V, "reviewed:", "reviewed: 2026-02-30")
    text = replace_line(text, "max_participants:", "max_participants: 12:00")
    problems = check_text(empty_tree, text)
    assert sorted(p.rule for p in problems) == ["invalid-date", "yaml-unquoted-time"]


KINDS: dict[str, FieldKind] = {"phone": "text", "free": "boolean", "start": "time"}


def kinds(path: tuple[str | int, ...]) -> FieldKind | None:
    return KINDS.get(str(path[-1]))


@pytest.mark.parametrize(("written", "read"), [
    ("0401234567", "0401234567"), ("+358401234567", "+358401234567"), ("12345", "12345"),
    ("12:30", "12:30"), ("2026-09-01", "2026-09-01"), ("1.5", "1.5"), ("NO", "NO"),
    ("040 123 4567", "040 123 4567"), ("~", None), ("true", True),
])
def test_a_text_field_reads_the_text_as_written(written: str, read: object) -> None:
    """Where the model expects a text, whatever YAML would make a number, a date or a
    boolean of YAML 1.1 is that text: nothing to put in quotes."""
    doc = load_yaml("x.yaml", f"phone: {written}\n".encode(), kinds)
    assert doc.problems == () and doc.data == {"phone": read}


@pytest.mark.parametrize("written", ["yes", "No", "ON", "off"])
def test_a_yes_no_field_keeps_yes_and_no_for_the_lenient_reading(written: str) -> None:
    doc = load_yaml("x.yaml", f"free: {written}\nother: {written}\n".encode(), kinds)
    assert doc.data == {"free": written, "other": INVALID}  # other: no known kind, a hazard
    assert doc.raw[("free",)] == written
    assert [p.rule for p in doc.problems] == ["yaml-ambiguous-boolean"]


def test_loader_never_returns_data_with_a_hazard_inside() -> None:
    doc = load_yaml("x.yaml", b"a: no\nb: [1, 0123]\n")
    data = doc.data
    assert isinstance(data, dict) and isinstance(data["b"], list)
    assert data["a"] is INVALID and data["b"][1] is INVALID
    assert [(p.rule, p.line, p.column) for p in doc.problems] == [
        ("yaml-ambiguous-boolean", 1, 4), ("yaml-leading-zero", 2, 8)]


def test_message_mentions_the_number_yaml_would_make() -> None:
    doc = load_yaml("x.yaml", b"start: 18:45\n")
    (problem,) = doc.problems
    assert "1125" in message(problem, "en")
    assert '"18:45"' in hint(problem, "en")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this system")
def test_symlinked_site_file_is_reported(empty_tree: Path) -> None:
    site = empty_tree / "site.yaml"
    real = empty_tree.parent / "site-real.yaml"
    site.rename(real)
    site.symlink_to(real)
    content = load_content(empty_tree, TODAY)
    expect([p for p in content.problems if p.path == str(site)], "symlink", 1, 1)
    assert content.content is None
