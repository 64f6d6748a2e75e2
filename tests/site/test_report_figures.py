"""brochure/site/report_figures.py: the report's figures checked against counts made here, in
plain Python, from the example content's YAML: coverage, the meetings planned, held, cancelled
and not reported, each partner's input, the facilitators' roles and capacity use, as
``report.json`` publishes them and as the workbook (read back with openpyxl) shows them. Also
the period: what ``--period`` accepts and which days it counts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import holidays
import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from brochure.check.content import load_content
from brochure.cli import main
from brochure.core.i18n import gettext
from brochure.core.models import Group
from brochure.output.exports.report import names_of, site_files, tables
from brochure.site.model import site_titles
from brochure.site.report_figures import (
    ALL,
    CALENDAR_YEAR,
    OPERATING_YEAR,
    RETIRED,
    UNREPORTED,
    current_period,
    parse_period,
    report,
    report_inputs,
)
from brochure.site.report_pages import report_pages
from tests.check.test_attendance import GOOD
from tests.check.test_attendance import RETIRED as RETIRED_YAML
from tests.conftest import SOURCE, TODAY, VALID_GROUP, ExampleSite, read_yaml, valid, write_group

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# The default period on TODAY: the operating year from August.
START, END = dt.date(2026, 8, 1), dt.date(2027, 7, 31)
FINNISH_HOLIDAYS = frozenset(holidays.country_holidays("FI", years=range(2026, 2028)))


# --- the example content, read independently -------------------------------------------------

@functools.cache
def published_groups() -> dict[str, dict[str, Any]]:
    """Groups whose season has not ended and whose review is recent enough (site policy)."""
    policy = read_yaml(SOURCE / "site.yaml")["policy"]
    groups = {}
    for path in sorted((SOURCE / "groups").glob("*.yaml")):
        group = read_yaml(path)
        end = group["schedule"]["season"].get("end")
        if end is not None and end < TODAY:
            continue
        if (TODAY - group["reviewed"]).days > policy["review_max_age_days"]:
            continue
        groups[path.stem] = group
    return groups


@functools.cache
def all_groups() -> dict[str, dict[str, Any]]:
    return {p.stem: read_yaml(p) for p in sorted((SOURCE / "groups").glob("*.yaml"))}


@functools.cache
def meetings() -> dict[str, list[dict[str, Any]]]:
    """Every reported meeting of the period, by group."""
    found: dict[str, list[dict[str, Any]]] = {}
    for path in sorted((SOURCE / "attendance").glob("*/*.yaml")):
        for row in read_yaml(path)["meetings"]:
            if START <= row["date"] <= END:
                found.setdefault(path.parent.name, []).append(row)
    return found


def in_period(group: dict[str, Any], slug: str) -> bool:
    season = group["schedule"]["season"]
    return (season["start"] <= END and (season.get("end") is None or season["end"] >= START)
            ) or slug in meetings()


def days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    while start <= end:
        yield start
        start += dt.timedelta(days=1)


def planned(group: dict[str, Any]) -> tuple[list[dt.date], int]:
    """Meeting days of the group's season in the period: the weekday and every-N rhythm from
    the first such day of the season, no break, no public holiday, no cancellation."""
    schedule = group["schedule"]
    season = schedule["season"]
    last = min(END, season.get("end") or END)
    breaks = [(b, b) if isinstance(b, dt.date) else (b["start"], b["end"])
              for b in schedule.get("breaks") or []]
    cancelled = {c["date"] for c in group.get("cancellations") or []}
    found, cancels = [], 0
    for day in days(max(START, season["start"]), last):
        rhythm = False
        for meeting in schedule["meetings"]:
            weekday = WEEKDAYS.index(meeting["weekday"])
            first = season["start"] + dt.timedelta(days=(weekday - season["start"].weekday()) % 7)
            weeks = (day - first).days // 7
            if day.weekday() == weekday and weeks % meeting.get("every", 1) == 0:
                rhythm = True
        if not rhythm or any(a <= day <= b for a, b in breaks):
            continue
        if day in cancelled:
            cancels += 1
        elif day not in FINNISH_HOLIDAYS or group.get("meets_on_public_holidays"):
            found.append(day)
    return found, cancels


def table(site: ExampleSite, name: str) -> list[dict[str, Any]]:
    data = json.loads(site.read("data/report/report.json"))
    rows: list[dict[str, Any]] = data["tables"][name]
    return rows


def assert_shown(site: ExampleSite, name: str, row: dict[str, Any], field: str,
                 expected: int) -> None:
    """A figure of a public report: the count made here, or null where the report lists
    the cell as hidden (a small number), and only there."""
    data = json.loads(site.read("data/report/report.json"))
    index = data["tables"][name].index(row)
    hidden = {(c["row"], c["field"]) for c in data["hidden_cells"].get(name, ())}
    wanted = None if (index, field) in hidden else expected
    assert row[field] == wanted, (name, index, field, row[field], expected)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    out = tmp_path_factory.mktemp("report")
    assert main(["report", "--content", str(SOURCE), "--today", TODAY.isoformat(),
                 "--output", str(out), "--lang", "fi"]) == 0
    return openpyxl.load_workbook(out / "report.xlsx")


def sheet(book: openpyxl.Workbook, caption: str) -> dict[str, tuple[Any, ...]]:
    """A table's sheet (found by its Finnish caption in A1) as rows by their first cell."""
    title = gettext("fi", caption)
    [found] = [ws for ws in book.worksheets if ws["A1"].value == title]
    assert isinstance(found, Worksheet)
    return {str(row[0]): row[1:] for row in found.iter_rows(min_row=5, values_only=True)
            if row[0] is not None}


def fi_name(group: dict[str, Any]) -> str:
    return str(group["name"]["fi"])


# --- the tests -------------------------------------------------------------------------------

def test_the_example_has_published_groups_and_attendance() -> None:
    assert len(published_groups()) >= 10
    assert len(meetings()) >= 4


def test_coverage_matrix_matches_a_count_made_here(example_site: ExampleSite) -> None:
    counts: Counter[tuple[str, str]] = Counter()
    per_municipality: Counter[str] = Counter()
    for group in published_groups().values():
        per_municipality[group["municipality"]] += 1
        for audience in group["audiences"]:
            counts[(group["municipality"], audience)] += 1
    vocab = read_yaml(SOURCE / "vocabularies.yaml")
    rows = {row["municipality"]: row for row in table(example_site, "coverage-audience")}
    assert set(rows) == {*vocab["municipalities"], "all"}
    for municipality in vocab["municipalities"]:
        assert rows[municipality]["groups"] == per_municipality[municipality]
        for audience in vocab["audiences"]:
            assert rows[municipality][audience] == counts[(municipality, audience)]
    gaps = {(g["municipality"], g["audience"]) for g in table(example_site, "coverage-gaps")}
    assert gaps == {(m, a) for m in vocab["municipalities"] for a in vocab["audiences"]
                    if not counts[(m, a)]}
    assert gaps, "the example content has gaps to show"


def test_planned_held_and_unreported_meetings_match(example_site: ExampleSite,
                                                    workbook: openpyxl.Workbook) -> None:
    reported = meetings()
    expected = {}
    for slug, group in all_groups().items():
        if not in_period(group, slug):
            continue
        days_planned, cancels = planned(group)
        held = {m["date"] for m in reported.get(slug, [])}
        expected[slug] = (len(days_planned), sum(1 for d in days_planned if d < TODAY),
                          len(reported.get(slug, [])), cancels,
                          sum(1 for d in days_planned if d < TODAY and d not in held))
    rows = {r["group"]: r for r in table(example_site, "reporting")}
    assert {slug: (r["planned"], r["due"], r["reported"], r["cancelled"], r["not_reported"])
            for slug, r in rows.items()} == expected
    # Ötökkäretket meets every other Saturday: 21.11. was due, and nobody has reported it.
    assert "2026-11-21" in rows["otokkaretket-lestijarvi"]["not_reported_dates"]
    assert rows["digikahvila-kannus"]["cancelled"] == 1
    shown = sheet(workbook, "Meetings planned, held and reported per group")
    for slug, (planned_, due, held_, cancelled, unreported) in expected.items():
        row = shown[fi_name(all_groups()[slug])]
        assert row[2:7] == (planned_, due, held_, cancelled, unreported), slug
    headline = json.loads(example_site.read("data/report/report.json"))["headline"]
    assert headline["groups_reporting"] == len(reported)
    assert headline["meetings_reported"] == sum(len(m) for m in reported.values())


def test_each_partners_input_matches(example_site: ExampleSite,
                                     workbook: openpyxl.Workbook) -> None:
    reported = meetings()
    groups = {s: g for s, g in all_groups().items() if in_period(g, s)}
    names = {p.stem: read_yaml(p)["name"]["fi"] for p in (SOURCE / "partners").glob("*.yaml")}
    rows = {r["partner"]: r for r in table(example_site, "partner-input")}
    # Every partner who facilitates a group of the period has its row (the loop checks them).
    assert set(rows) >= {f["partner"] for g in groups.values() for f in g["facilitators"]}
    shown = sheet(workbook, "Each partner's input: groups, meetings and visits")
    for pid, row in rows.items():
        mine = [s for s, g in groups.items() if any(f["partner"] == pid
                                                     for f in g["facilitators"])]
        due = sum(sum(1 for d in planned(groups[s])[0] if d < TODAY) for s in mine)
        held = sum(len(reported.get(s, [])) for s in mine)
        visits = sum(m["visitors"] for s in mine for m in reported.get(s, []))
        assert (row["groups"], row["due"], row["reported"]) == (len(mine), due, held), pid
        assert_shown(example_site, "partner-input", row, "visits", visits)
        assert shown[names[pid]][1] == len(mine)
        assert shown[names[pid]][4:6] == (due, held)
        assert shown[names[pid]][6] == row["visits"]


def test_roles_and_the_recommended_pair_match(example_site: ExampleSite,
                                              workbook: openpyxl.Workbook) -> None:
    order = ("professional", "experience-expert", "peer", "volunteer")
    roles = Counter("+".join(sorted((f["role"] for f in g["facilitators"]), key=order.index))
                    for g in published_groups().values())
    reported = {r["roles"]: r["groups"] for r in table(example_site, "facilitator-roles")}
    assert reported == dict(roles)
    # The example as the issue counted it: 13 recommended pairs, 5 with two professionals,
    # one without a professional.
    assert roles["professional+professional"] == 5
    assert roles["experience-expert+experience-expert"] == 1
    exceptions = {r["group"]: r["reason"] for r in table(example_site, "pair-exceptions")}
    assert exceptions["torstain-olohuone"] == "no-professional"
    assert sum(1 for r in exceptions.values() if r == "two-professionals") == 5
    assert sum(v for k, v in roles.items() if "professional" in k.split("+")
               and k != "professional+professional") == 13
    shown = sheet(workbook, "Facilitator pairs by role")
    assert sum(row[0] for name, row in shown.items()
               if name != gettext("fi", "All groups") and isinstance(row[0], int)) == 19


def test_capacity_use_matches(example_site: ExampleSite, workbook: openpyxl.Workbook) -> None:
    reported = meetings()
    groups = all_groups()
    expected = {slug: (groups[slug]["max_participants"], len(rows),
                       sum(1 for m in rows if m["visitors"] > groups[slug]["max_participants"]))
                for slug, rows in reported.items() if groups[slug].get("max_participants")}
    rows = {r["group"]: r for r in table(example_site, "capacity")}
    assert {s: (r["maximum"], r["sessions"], r["over_maximum"]) for s, r in rows.items()} == (
        expected)
    assert rows["digikahvila-kannus"]["over_maximum"] == 2  # 9 and 10 with a maximum of 8
    shown = sheet(workbook, "Capacity use: visitors against the group's maximum")
    for slug, (maximum, sessions, over) in expected.items():
        row = shown[fi_name(groups[slug])]
        assert (row[0], row[1], row[4]) == (maximum, sessions, over)


def test_attendance_per_group_and_municipality_match(example_site: ExampleSite) -> None:
    groups = all_groups()
    reported = meetings()
    by_group = {r["group"]: r for r in table(example_site, "attendance-groups")}
    assert set(by_group) == {*reported, "all"}
    for slug, rows in reported.items():
        row = by_group[slug]
        assert row["sessions"] == len(rows)
        assert_shown(example_site, "attendance-groups", row, "visits",
                     sum(m["visitors"] for m in rows))
        assert_shown(example_site, "attendance-groups", row, "first_time",
                     sum(m["first_time"] for m in rows))
    municipality: Counter[str] = Counter()
    for slug, rows in reported.items():
        municipality[groups[slug]["municipality"]] += sum(m["visitors"] for m in rows)
    by_municipality = {r["municipality"]: r for r in table(example_site,
                                                           "attendance-municipalities")}
    for key, visits in municipality.items():
        assert_shown(example_site, "attendance-municipalities", by_municipality[key], "visits",
                     visits)
    # One set of groups: the rows add up to the total row.
    total = by_group["all"]
    assert total["sessions"] == sum(r["sessions"] for k, r in by_group.items() if k != "all")
    assert total["visits"] == sum(sum(m["visitors"] for m in rows)
                                  for rows in reported.values())


def test_reach_uses_the_population_file(example_site: ExampleSite) -> None:
    population = read_yaml(SOURCE / "population.yaml")
    assert population["year"] == 2024 and "Tilastokeskus" in population["source"]["fi"]
    rows = {r["municipality"]: r for r in table(example_site, "reach")}
    halsua = rows["halsua"]
    assert halsua["inhabitants"] == population["municipalities"]["halsua"]
    assert halsua["visits_per_1000"] == round(halsua["visits"] * 1000 / halsua["inhabitants"],
                                              2)
    # Where no group reports, the reach is unknown, not zero.
    assert rows["perho"]["reporting"] == 0 and rows["perho"]["visits"] is None


def test_the_regions_reach_counts_the_people_where_groups_report() -> None:
    """All municipalities' visits per 1,000 are over the inhabitants of the municipalities
    whose groups report: where none reports the reach is unknown, not zero (it made the
    region's figure 5.7 instead of 6.9)."""
    content = valid(load_content(SOURCE, TODAY))
    figures = report(content, public=False)
    [page] = report_pages(content, figures, ("en",), site_titles(content, ("en",)),
                          public=False)
    [table] = [t for section in page.sections for t in section.tables if t.id == "reach"]
    total = next(row for row in table.rows if row.total)
    reporting = [r for r in figures.reach if r.attendance is not None]
    silent = [r for r in figures.reach if r.attendance is None]
    assert reporting and silent, "the example has municipalities with and without reports"
    people = sum(r.population or 0 for r in reporting)
    visits = figures.attendance.total.visits
    assert total.cells[3].value == visits
    assert total.cells[4].value == pytest.approx(visits * 1000 / people, abs=0.05)


def test_only_a_new_group_counts_as_started(empty_tree: Path) -> None:
    """A pilot group whose season begins in the period started in it; an established group's
    new season is no start (it began earlier; when is not known without its old files)."""
    write_group(empty_tree, VALID_GROUP, "uusi")
    write_group(empty_tree, VALID_GROUP.replace("phase: pilot", "phase: established")
                .replace('code: "k7m3"', 'code: "m3k7"'), "jatkuva")
    figures = report(valid(load_content(empty_tree, TODAY)), public=False)
    assert {(e.slug, e.event) for e in figures.started_ended} == {("uusi", "started")}


def test_an_ended_groups_attendance_counts_as_an_ended_group(empty_tree: Path) -> None:
    """A group's file is deleted and retired.yaml lists it: its reported meetings count in
    the period's totals and in a per-group row marked as ended, so the rows add up."""
    write_group(empty_tree, VALID_GROUP)
    (empty_tree / "retired.yaml").write_text(RETIRED_YAML, encoding="utf-8")
    for slug, text in (("testi", GOOD), ("vanha-kahvila", (
            "meetings:\n  - {date: 2026-09-02, visitors: 8, first_time: 2}\n"
            "  - {date: 2026-09-30, visitors: 6, first_time: 0}\n"))):
        (empty_tree / "attendance" / slug).mkdir(parents=True)
        (empty_tree / "attendance" / slug / "2026.yaml").write_text(text, encoding="utf-8")
    content = valid(load_content(empty_tree, TODAY))
    figures = report(content, public=False)
    att = figures.attendance
    rows = {a.key: a for a in att.groups}
    assert {k: (a.sessions, a.visits, a.first_time) for k, a in rows.items()} == {
        "testi": (1, 12, 3), "vanha-kahvila": (2, 14, 2)}
    assert (att.total.sessions, att.total.visits, att.total.first_time) == (3, 26, 5)
    for table in (att.groups, att.municipalities, att.seasons, att.months):
        assert sum(a.visits for a in table) == att.total.visits
    assert figures.trend[-1].visits == 26
    # Its audiences went with its file: it counts in no audience, only in the total.
    assert {a.key: a.visits for a in att.audiences} == {"everyone": 12, "outside-work": 12}
    ended = {c.slug: c for c in figures.coverage}["vanha-kahvila"]
    assert (ended.status, ended.status_date, ended.held, ended.planned, ended.unreported) == (
        RETIRED, dt.date(2026, 10, 1), 2, 0, ())
    assert figures.groups_of_period == figures.reporting == 2
    assert {(e.slug, e.event) for e in figures.started_ended} >= {
        ("vanha-kahvila", "started"), ("vanha-kahvila", "retired")}
    # The coordinator's (internal) report names it as ended, in every language ...
    pages = report_pages(content, figures, ("fi", "sv", "en"),
                         site_titles(content, ("fi", "sv", "en")), public=False)
    said = {page.lang: [row.header for section in page.sections for table in section.tables
                        if table.id == "attendance-groups" for row in table.rows]
            for page in pages}
    assert "Vanha kahvila (päättyi 1.10.2026)" in said["fi"], said["fi"]
    assert "Gamla kaféet (upphörde 1.10.2026)" in said["sv"], said["sv"]
    assert "Old café (ended 1 Oct 2026)" in said["en"], said["en"]
    json_rows = {t.name: [dict(zip(t.header, r, strict=True)) for r in t.rows]
                 for t in tables(figures, names_of(content))}
    by_group = {r["group"]: r for r in json_rows["attendance-groups"]}
    assert by_group["vanha-kahvila"]["status"] == "retired"
    assert by_group[ALL]["visits"] == 26
    assert {r["group"]: r["status"] for r in json_rows["reporting"]}["vanha-kahvila"] == (
        "retired")
    # ... and a public report counts it without its name.
    public = report(content, public=True)
    [page] = report_pages(content, public, ("fi",), site_titles(content, ("fi",)),
                          public=True)
    headers = [row.header for section in page.sections for table in section.tables
               if table.id == "attendance-groups" for row in table.rows]
    assert "Päättynyt ryhmä (Kokkola)" in headers and "Vanha kahvila" not in str(headers)


# --- what the report reads ------------------------------------------------------------------

def _with_anothers(group: Group, other: Group) -> Group:
    """``group`` with ``other``'s values in every field the report is said not to read."""
    update: dict[str, Any] = {}
    for name, which in UNREPORTED.items():
        if which is True:
            update[name] = getattr(other, name)
        else:
            assert isinstance(which, set)
            update[name] = getattr(group, name).model_copy(
                update={sub: getattr(getattr(other, name), sub) for sub in which})
    return group.model_copy(update=update)


def test_an_edit_of_what_the_report_never_reads_keeps_the_report_and_its_key() -> None:
    """The build keeps the report through an edit of a group's texts, place or contact
    person (``UNREPORTED``): the report made of such edits in every group is the same, page
    by page and byte by byte, so keeping it can never publish an out-of-date report."""
    content = valid(load_content(SOURCE, TODAY))
    groups = list(content.groups.values())
    edited = dataclasses.replace(content, groups={
        g.slug: _with_anothers(g, groups[(i + 1) % len(groups)]) for i, g in enumerate(groups)})
    for name in UNREPORTED:  # each field really was changed somewhere
        assert any(getattr(a, name) != getattr(b, name)
                   for a, b in zip(groups, edited.groups.values(), strict=True)), name
    assert site_files(edited) == site_files(content)
    assert report_inputs(edited) == report_inputs(content)
    # What the report shows changes its key: a group's name, its day, its attendance file.
    first = groups[0]
    meeting = first.schedule.meetings[0].model_copy(update={"weekday": "sunday"})
    for update in ({"name": groups[1].name}, {"schedule": first.schedule.model_copy(
            update={"meetings": [meeting]})}):
        renamed = dataclasses.replace(content, groups={
            **content.groups, first.slug: first.model_copy(update=update)})
        assert report_inputs(renamed) != report_inputs(content), update
    other_files = dataclasses.replace(content, besides_groups=b"attendance edited")
    assert report_inputs(other_files) != report_inputs(content)


# --- the period ------------------------------------------------------------------------------

def test_periods_are_calendar_or_operating_years() -> None:
    assert parse_period("2026", 8).kind == CALENDAR_YEAR
    year = parse_period("2026-2027", 8)
    assert (year.kind, year.start, year.end, year.id) == (
        OPERATING_YEAR, START, END, "2026-2027")
    assert current_period(TODAY, 8) == year
    assert current_period(dt.date(2027, 7, 31), 8) == year
    assert current_period(dt.date(2027, 8, 1), 8).id == "2027-2028"
    assert parse_period("2026-2027", 9).start == dt.date(2026, 9, 1)
    for wrong in ("2026-2028", "26", "2026-27", "kevät"):
        with pytest.raises(ValueError):
            parse_period(wrong, 8)
