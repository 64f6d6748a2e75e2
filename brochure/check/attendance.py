"""Attendance: anonymous counts per meeting, ``content/attendance/<slug>/<year>.yaml``.

Partners already count how many came and how many came for the first time. A file per group
and season (named by the year the season starts) lists the meetings::

    meetings:
      - {date: 2026-09-03, visitors: 12, first_time: 3}

Counts only. Any other field (a name, an age, a note about someone) is reported as personal
data that does not belong here, and so is any comment (``# ...``): the files are public, and a
remark about a meeting can tell who came even without a name. Nothing but numbers is kept.
Checks, each with its rule (see :mod:`brochure.check.rules`): the group exists, or has ended
and is listed in ``content/retired.yaml`` (its files stay: they are the coordinator's history);
every date is a meeting day of the group (:func:`brochure.core.schedule.not_meeting_day`; for
an ended group, in the file's season and not after the group ended) and not in the future;
counts are whole numbers from 0 to :data:`MAX_COUNT`; ``first_time`` is at most ``visitors``;
no date twice.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic_core import PydanticCustomError

from brochure.check.rules import EXPECTED
from brochure.check.validate import suggestion
from brochure.core.holidays import skipped_days
from brochure.core.models import Group, RetiredGroup, _to_date
from brochure.core.problems import Position, Problem
from brochure.core.schedule import not_meeting_day
from brochure.load.document import INVALID, Document, Path_
from brochure.load.reader import load_yaml

FOLDER = "attendance"
MAX_COUNT = 200
FIELDS = ("date", "visitors", "first_time")
_FILE = re.compile(r"(20[0-9]{2})\.yaml\Z")


@dataclass(frozen=True)
class Visit:
    """One meeting: how many came, and how many of them for the first time."""

    day: dt.date
    visitors: int
    first_time: int


@dataclass(frozen=True)
class SeasonAttendance:
    """One group's counts for the season that starts in ``season``."""

    slug: str
    season: int
    visits: tuple[Visit, ...]


def attendance_files(root: Path) -> Iterator[tuple[Path, str | None]]:
    """Every file under ``root/attendance``, with the problem rule if it cannot be read
    as an attendance file (``None``: read it). Nothing under the folder goes unnoticed."""
    folder = root / FOLDER
    if not folder.is_dir() or folder.is_symlink():
        return
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(dirpath)
        depth = len(here.relative_to(folder).parts)
        for name in sorted(filenames):
            if name.startswith(".") or name.lower() == "readme.md":
                continue
            path = here / name
            if path.is_symlink():
                yield path, "symlink"
            elif depth != 1 or not _FILE.match(name):
                yield path, "attendance-file-name"
            else:
                yield path, None


def season_of(path: Path) -> tuple[str, int]:
    """The group's slug and the season's start year of an attendance file."""
    match = _FILE.match(path.name)
    assert match is not None
    return path.parent.name, int(match.group(1))


def read_attendance(shown: str, data: bytes, slug: str, season: int, group: Group | None,
                    today: dt.date, calendar: str, retired: RetiredGroup | None,
                    known: Collection[str]) -> tuple[SeasonAttendance | None, list[Problem]]:
    """Read and check one attendance file; problems point at the line and column.
    ``calendar`` is the site's public holidays (``site.yaml``); ``retired`` is the group's
    entry in ``retired.yaml`` when it has ended and its file is deleted; ``known`` are the
    names of the groups' files and of the ended groups (to recognise a misspelt folder)."""
    doc = load_yaml(shown, data)
    problems = list(doc.problems) + comment_problems(shown, data)
    if slug not in known:
        # A folder named almost like a group is a typo: renaming it is the fix, not
        # restoring or retiring a group that never existed.
        close = difflib.get_close_matches(slug, sorted(known), n=1, cutoff=0.8)
        if close:
            problems.append(Problem(shown, Position(1, 1), "attendance-folder-name",
                                    params={"value": slug, "other": close[0]}))
        else:
            problems.append(Problem(shown, Position(1, 1), "attendance-unknown-group",
                                    params={"value": slug}))
    if doc.data is INVALID or not isinstance(doc.data, dict):
        return None, problems
    checker = _Checker(doc, group, season, today, calendar,
                       retired if group is None else None)
    visits = checker.run()
    problems += checker.problems
    return SeasonAttendance(slug, season, tuple(sorted(visits, key=lambda v: v.day))), problems


def comments(text: str) -> Iterator[tuple[int, int, bool]]:
    """Where each YAML comment starts: (line, column, whether the line holds nothing else),
    1-based. A ``#`` starts a comment at the start of a line or after a space, outside quotes.
    """
    for number, line in enumerate(text.splitlines(), 1):
        quote = ""
        for index, char in enumerate(line):
            if quote:
                if char == quote and not (quote == '"' and line[index - 1:index] == "\\"):
                    quote = ""
            elif char in "'\"" and (index == 0 or line[index - 1] in " \t[{,:-"):
                quote = char
            elif char == "#" and (index == 0 or line[index - 1] in " \t"):
                yield number, index + 1, not line[:index].strip()
                break


def comment_problems(shown: str, data: bytes) -> list[Problem]:
    """One problem per comment: a block of whole-line comments is one comment."""
    found: list[Problem] = []
    previous: tuple[int, bool] | None = None
    for line, column, whole in comments(data.decode("utf-8", errors="replace")):
        if not (whole and previous is not None and previous == (line - 1, True)):
            found.append(Problem(shown, Position(line, column), "attendance-comment"))
        previous = (line, whole)
    return found


class _Checker:
    def __init__(self, doc: Document, group: Group | None, season: int,
                 today: dt.date, calendar: str, retired: RetiredGroup | None) -> None:
        self.doc, self.group, self.season, self.today = doc, group, season, today
        self.calendar, self.retired = calendar, retired
        self.problems: list[Problem] = []

    def report(self, rule: str, path: Path_, *, key: bool = False, **params: Any) -> None:
        self.problems.append(Problem(self.doc.path, self.doc.position(path, key=key), rule,
                                     params=params))

    def run(self) -> list[Visit]:
        data = self.doc.data
        assert isinstance(data, dict)  # read_attendance checks it first
        for name in data:
            if name != "meetings":
                self.report("attendance-personal-data", (name,), key=True, field=name)
        if "meetings" not in data:
            self.report("missing-field", (), key=True, field="meetings")
            return []
        meetings = data["meetings"]
        if self.doc.is_flagged(("meetings",)):
            return []
        if not isinstance(meetings, list):
            self.report("wrong-type", ("meetings",), field="meetings",
                        expected=EXPECTED["list"])
            return []
        visits: list[Visit] = []
        first_seen: dict[dt.date, int] = {}
        for i, item in enumerate(meetings):
            visit = self.meeting(i, item)
            if visit is None:
                continue
            if visit.day in first_seen:
                self.report("attendance-date-twice", ("meetings", i, "date"),
                            date=visit.day.isoformat(), first_line=first_seen[visit.day])
                continue
            first_seen[visit.day] = self.doc.position(("meetings", i, "date")).line
            visits.append(visit)
        return visits

    def meeting(self, i: int, item: Any) -> Visit | None:
        at: Path_ = ("meetings", i)
        if self.doc.is_flagged(at):
            return None
        if not isinstance(item, dict):
            self.report("wrong-type", at, field="meetings",
                        expected=EXPECTED["mapping"])
            return None
        ok = True
        meant: set[str] = set()
        for name in item:
            if name not in FIELDS:
                # A misspelt field (visitor) is a misspelling, said once; anything else may
                # be a name, which an attendance file never holds.
                # (A close match only: Kate is a name, not a misspelt date.)
                close = suggestion(str(name), [f for f in FIELDS if f not in item],
                                   cutoff=0.8)
                if close:
                    meant.add(close["suggestion_id"])
                    self.report("unknown-field", (*at, name), key=True, field=name, **close)
                else:
                    self.report("attendance-personal-data", (*at, name), key=True,
                                field=name)
                ok = False
        for name in FIELDS:
            if name not in item and name not in meant:
                self.report("missing-field", at, field=f"meetings.{name}")
                ok = False
        if not ok:
            return None
        day = self.date((*at, "date"), item["date"])
        visitors = self.count((*at, "visitors"), item["visitors"])
        first_time = self.count((*at, "first_time"), item["first_time"])
        if visitors is not None and first_time is not None and first_time > visitors:
            self.report("attendance-first-time", (*at, "first_time"), first_time=first_time,
                        visitors=visitors)
            return None
        if day is None or visitors is None or first_time is None:
            return None
        if not self.meeting_day((*at, "date"), day):
            return None
        return Visit(day, visitors, first_time)

    def date(self, path: Path_, value: Any) -> dt.date | None:
        if self.doc.is_flagged(path):
            return None
        try:
            return _to_date(value) if isinstance(value, dt.date | str) else _not_a_date()
        except PydanticCustomError as error:
            if error.type == "wrong-type":
                self.report("wrong-type", path, field="date", expected=EXPECTED["date"])
            else:
                self.report(error.type, path, **(error.context or {}))
            return None

    def count(self, path: Path_, value: Any) -> int | None:
        if self.doc.is_flagged(path):
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not \
                0 <= value <= MAX_COUNT:
            shown = self.doc.raw.get(path, str(value))
            self.report("attendance-count", path, field=str(path[-1]), value=shown,
                        max=MAX_COUNT)
            return None
        return value

    def meeting_day(self, path: Path_, day: dt.date) -> bool:
        if day > self.today:
            self.report("attendance-future", path, date=day.isoformat())
            return False
        group = self.group
        if group is None:
            return self.ended_group_day(path, day)
        season = group.schedule.season
        if self.season != season.start.year:
            # Only the current season's schedule is known: an earlier season's dates are
            # checked against its years only, and must come before the current season.
            if self.season > season.start.year or day >= season.start or not \
                    self.season <= day.year <= self.season + 1:
                self.report("attendance-season-year", path, date=day.isoformat(),
                            year=self.season)
                return False
            return True
        reason = not_meeting_day(group.schedule, day)
        if reason is not None:
            self.report(f"attendance-{reason}", path, date=day.isoformat())
            return False
        # The schedule says yes; the group's own exceptions can still say no.
        if any(c.date == day for c in group.cancellations):
            self.report("attendance-cancelled", path, date=day.isoformat())
            return False
        if day in skipped_days(group, day, day, self.calendar):
            self.report("attendance-holiday", path, date=day.isoformat(),
                        holiday_dates=[day.isoformat()], calendar=self.calendar)
            return False
        return True

    def ended_group_day(self, path: Path_, day: dt.date) -> bool:
        """A deleted group's schedule is gone: its dates are checked against the file's
        season and the day ``retired.yaml`` says the group ended."""
        retired = self.retired
        if retired is None:
            return True
        if not self.season <= day.year <= self.season + 1:
            self.report("attendance-season-year", path, date=day.isoformat(), year=self.season)
            return False
        if retired.ended is not None and day > retired.ended:
            self.report("attendance-after-ended", path, date=day.isoformat(),
                        ended=retired.ended.isoformat())
            return False
        return True


def _not_a_date() -> dt.date:
    raise PydanticCustomError("wrong-type", "not a date")
