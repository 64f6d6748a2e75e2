"""Attendance files (content/attendance/<slug>/<year>.yaml): each mistake has its rule, at its
line and column, in Finnish, Swedish and English; valid files are read into the content."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from brochure.check.content import load_content
from brochure.core.models import Group
from brochure.core.problems import Problem
from brochure.core.schedule import (
    IN_BREAK,
    OFF_RHYTHM,
    OUTSIDE_SEASON,
    WRONG_WEEKDAY,
    not_meeting_day,
    occurrences,
)
from tests.conftest import (
    TODAY,
    VALID_GROUP,
    Case,
    assert_case_in_all_languages,
    assert_only_case_reported,
    edit_group,
    position_of,
    problems_for,
    valid,
    write_group,
)

# VALID_GROUP meets on Thursdays from 2026-08-01 to 2027-05-31, with a winter break.
OCTOBER_BREAK = edit_group(("    - start: 2026-12-21", "    - start: 2026-10-15"),
                           ("      end: 2027-01-06", "      end: 2026-10-25"))
EVERY_OTHER_WEEK = edit_group(('      end: "15:00"', '      end: "15:00"\n      every: 2'))
GOOD = "meetings:\n  - {date: 2026-09-03, visitors: 12, first_time: 3}\n"


def meeting(line: str) -> str:
    return GOOD + line + "\n"


# A group that ended and whose file was deleted: retired.yaml keeps it, and so do its
# attendance files (the coordinator's history).
RETIRED = """\
groups:
  - slug: vanha-kahvila
    code: "h4k9"
    municipality: kokkola
    name: {fi: "Vanha kahvila", sv: "Gamla kaféet", en: "Old café"}
    ended: 2026-10-01
"""
AFTER_ENDED = meeting("  - {date: 2026-10-08, visitors: 8, first_time: 1}")


def attendance(text: str, group: str = VALID_GROUP, folder: str = "testi",
               name: str = "2026.yaml", retired: str = ""
               ) -> Callable[[Path], list[Problem]]:
    def setup(tree: Path) -> list[Problem]:
        write_group(tree, group)
        if retired:
            (tree / "retired.yaml").write_text(retired, encoding="utf-8")
        path = tree / "attendance" / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return problems_for(tree, path)
    return setup


def case(id: str, rule: str, text: str, needle: str, token: str | None = None,
         says: tuple[str, ...] = (), **options: str) -> Case:
    at = position_of(text, needle, token) if needle else (1, 1)
    return Case(id, text, rule, at, says=says, setup=attendance(text, **options))


WEEKDAY = meeting("  - {date: 2026-09-02, visitors: 8, first_time: 1}")
BREAK = meeting("  - {date: 2026-10-22, visitors: 8, first_time: 1}")
SEASON = meeting("  - {date: 2026-07-30, visitors: 8, first_time: 1}")
RHYTHM = "meetings:\n  - {date: 2026-08-06, visitors: 7, first_time: 7}\n" \
    "  - {date: 2026-08-13, visitors: 8, first_time: 1}\n"
FUTURE = meeting("  - {date: 2026-11-26, visitors: 8, first_time: 1}")
FIRST = meeting("  - {date: 2026-09-10, visitors: 3, first_time: 4}")
NAME = meeting('  - {date: 2026-09-10, visitors: 5, first_time: 1, name: "Maija Meikäläinen"}')
TOP = "notes: Maija tuli ensimmäistä kertaa\n" + GOOD
NEGATIVE = meeting("  - {date: 2026-09-10, visitors: -3, first_time: 0}")
FRACTION = meeting("  - {date: 2026-09-10, visitors: 2.5, first_time: 0}")
TOO_MANY = meeting("  - {date: 2026-09-10, visitors: 250, first_time: 0}")
TWICE = meeting("  - {date: 2026-09-03, visitors: 4, first_time: 0}")
# 2026-09-10 is a Thursday the group cancelled; 31.10.2026 (All Saints' Day) is a Saturday.
CANCELLED_GROUP = VALID_GROUP + (
    "cancellations:\n  - date: 2026-09-10\n"
    "    reason: {fi: \"Ohjaaja sairas\", sv: \"Ledaren sjuk\", en: \"Facilitator ill\"}\n")
SATURDAYS = edit_group(("    - weekday: thursday", "    - weekday: saturday"))
CANCELLED = meeting("  - {date: 2026-09-10, visitors: 8, first_time: 1}")
HOLIDAY = "meetings:\n  - {date: 2026-10-31, visitors: 6, first_time: 0}\n"
OLD_SEASON = "meetings:\n  - {date: 2026-09-03, visitors: 12, first_time: 3}\n"
# The files are public: a note in a comment can name someone, so every comment is refused.
COMMENT_BLOCK = "# Matti tuli taas, asuu Kauppakadulla\n# retkahti viime viikolla\n" + GOOD
MISSPELT = meeting("  - {date: 2026-09-10, visitor: 5, first_time: 1}")
# A name where the date should be: personal data, not a misspelt "date".
KATE = meeting("  - {Kate: 2026-09-10, visitors: 5, first_time: 1}")
COMMENT_AFTER = meeting("  - {date: 2026-09-10, visitors: 5, first_time: 1}  # Maija")

CASES = [
    case("wrong-weekday", "attendance-weekday", WEEKDAY, "2026-09-02", says=("2026-09-02",)),
    case("date-in-a-break", "attendance-break", BREAK, "2026-10-22", says=("break",),
         group=OCTOBER_BREAK),
    case("before-the-season", "attendance-season", SEASON, "2026-07-30"),
    case("off-the-rhythm", "attendance-rhythm", RHYTHM, "2026-08-13",
         group=EVERY_OTHER_WEEK),
    case("in-the-future", "attendance-future", FUTURE, "2026-11-26"),
    case("first-time-over-visitors", "attendance-first-time", FIRST, "first_time: 4", "4",
         says=("(4)", "(3)")),
    case("a-name", "attendance-personal-data", NAME, "name:", says=("'name'", "personal data")),
    # A misspelt count is a misspelling (one message), not personal data.
    case("a-misspelt-count", "unknown-field", MISSPELT, "visitor:", says=("'visitors'",)),
    Case("a-name-for-a-date", KATE, "attendance-personal-data", position_of(KATE, "Kate:"),
         says=("'Kate'",), setup=attendance(KATE), also=frozenset({"missing-field"})),
    case("a-note-about-someone", "attendance-personal-data", TOP, "notes:",
         says=("'notes'",)),
    case("negative-count", "attendance-count", NEGATIVE, "-3", says=("-3", "whole number")),
    case("non-integer-count", "attendance-count", FRACTION, "2.5", says=("2.5",)),
    case("count-over-200", "attendance-count", TOO_MANY, "250", says=("200",)),
    case("date-twice", "attendance-date-twice", TWICE, "2026-09-03, visitors: 4", "2026-09-03",
         says=("line 2",)),
    case("unknown-group", "attendance-unknown-group", GOOD, "", folder="ei-ryhmaa",
         says=("'ei-ryhmaa'", "restore its file content/groups/ei-ryhmaa.yaml",
               "add it to content/retired.yaml (slug: ei-ryhmaa")),
    case("misspelt-folder", "attendance-folder-name", GOOD, "", folder="testii",
         says=("'testii'", "'testi'", "Rename the folder content/attendance/testii/")),
    case("after-the-group-ended", "attendance-after-ended", AFTER_ENDED, "2026-10-08",
         says=("2026-10-08", "2026-10-01", "retired.yaml"), folder="vanha-kahvila",
         retired=RETIRED),
    case("file-name", "attendance-file-name", GOOD, "", name="syksy.yaml",
         says=("syksy.yaml",)),
    case("cancelled-meeting", "attendance-cancelled", CANCELLED, "2026-09-10",
         says=("2026-09-10",), group=CANCELLED_GROUP),
    case("public-holiday", "attendance-holiday", HOLIDAY, "2026-10-31",
         says=("31.10.2026",), group=SATURDAYS),
    case("season-year", "attendance-season-year", OLD_SEASON, "2026-09-03", name="2025.yaml",
         says=("2025",)),
    case("a-comment-block", "attendance-comment", COMMENT_BLOCK, "# Matti",
         says=("comments", "public")),
    case("a-comment-after-a-meeting", "attendance-comment", COMMENT_AFTER, "# Maija",
         says=("public", "coordinator")),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_attendance_rule(case: Case, empty_tree: Path) -> None:
    assert_only_case_reported(case, empty_tree)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_attendance_rule_in_all_languages(case: Case, empty_tree: Path) -> None:
    assert_case_in_all_languages(case, empty_tree)


def test_a_valid_file_is_read_into_the_content(empty_tree: Path) -> None:
    text = GOOD + "  - {date: 2026-09-10, visitors: 0, first_time: 0}\n"
    problems = attendance(text)(empty_tree)
    assert problems == []
    content = load_content(empty_tree, TODAY)
    assert content.errors == 0
    [record] = valid(content).attendance
    assert (record.slug, record.season) == ("testi", 2026)
    assert [(v.day.isoformat(), v.visitors, v.first_time) for v in record.visits] == [
        ("2026-09-03", 12, 3), ("2026-09-10", 0, 0)]


def test_an_ended_groups_file_is_read_and_still_checked(empty_tree: Path) -> None:
    """The group file is deleted and retired.yaml lists the group: its attendance is valid
    history, and every rule but the schedule's (which is gone) still applies."""
    text = GOOD + "  - {date: 2026-09-09, visitors: 4, first_time: 0}\n"
    problems = attendance(text, folder="vanha-kahvila", retired=RETIRED)(empty_tree)
    assert problems == []
    content = load_content(empty_tree, TODAY)
    assert content.errors == 0, content.problems
    [record] = valid(content).attendance
    assert (record.slug, [v.day.isoformat() for v in record.visits]) == (
        "vanha-kahvila", ["2026-09-03", "2026-09-09"])
    # Counts, comments, the future and the file's season are checked as for any group.
    bad = (GOOD + "  - {date: 2026-09-10, visitors: 250, first_time: 0}  # Maija\n"
           "  - {date: 2027-09-02, visitors: 3, first_time: 0}\n")
    problems = attendance(bad, folder="vanha-kahvila", retired=RETIRED)(empty_tree)
    assert sorted(p.rule for p in problems) == [
        "attendance-comment", "attendance-count", "attendance-future"]
    assert valid(load_content(empty_tree, TODAY)).attendance == ()


def test_every_file_under_the_folder_is_read_or_reported(empty_tree: Path) -> None:
    write_group(empty_tree, VALID_GROUP)
    folder = empty_tree / "attendance"
    (folder / "testi").mkdir(parents=True)
    (folder / "testi" / "2026.yaml").write_text(GOOD, encoding="utf-8")
    (folder / "muistiinpanot.txt").write_text("Maija\n", encoding="utf-8")
    (folder / "testi" / "vanhat").mkdir()
    (folder / "testi" / "vanhat" / "2025.yaml").write_text(GOOD, encoding="utf-8")
    content = load_content(empty_tree, TODAY)
    reported = sorted(Path(p.path).name for p in content.problems
                      if p.rule == "attendance-file-name")
    assert reported == ["2025.yaml", "muistiinpanot.txt"]
    before = load_content(empty_tree.parent / "none", TODAY).files  # nothing at all
    assert content.files - before >= 4  # site, vocabularies, partners, group + 3 here


def test_meeting_days_agree_with_the_calendar() -> None:
    """One function says whether a group meets on a day; it agrees with the occurrences."""
    data = yaml.safe_load(EVERY_OTHER_WEEK)
    schedule = Group.model_validate(data).schedule
    start, end = dt.date(2026, 7, 1), dt.date(2027, 7, 1)
    meets = {o.day for o in occurrences(schedule, start, end)}
    day = start
    while day < end:
        assert (not_meeting_day(schedule, day) is None) == (day in meets), day
        day += dt.timedelta(days=1)
    assert not_meeting_day(schedule, dt.date(2026, 7, 30)) == OUTSIDE_SEASON
    assert not_meeting_day(schedule, dt.date(2026, 8, 5)) == WRONG_WEEKDAY
    assert not_meeting_day(schedule, dt.date(2026, 8, 13)) == OFF_RHYTHM
    assert not_meeting_day(schedule, dt.date(2026, 12, 24)) == IN_BREAK
