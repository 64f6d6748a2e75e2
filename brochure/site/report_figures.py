"""The report's figures: pure functions from the content to typed, frozen values.

Two kinds of tables, each saying which:

- **on the report's date**: what the brochure shows today, counting the **published** groups
  (coverage by municipality, audience, weekday, time and language; the partners' share and the
  facilitator pairs; freshness, which also lists the hidden groups and why);
- **of the period** (a calendar year, ``2026``, or an operating year, ``2026-2027``, from
  ``site.yaml``'s ``operating_year_start_month``): reporting coverage, attendance, each
  partner's input, the groups that started and ended, reach per 1,000 inhabitants and capacity
  use. One set of groups counts in all of them: every group whose season overlaps the period
  or that reported a meeting in it, whether published, ended or hidden, each with its status;
  a group whose file is deleted (``retired.yaml``) counts with the meetings it reported, as
  ended (its schedule, audiences and facilitators went with the file).

Figures hold identifiers (municipality, audience, partner and group ids), never words: the
pages (:mod:`brochure.site.report_pages`) put them into a language, the exports write them as
they are. Every count of people remembers the meetings it adds up (its atoms), so that a
public report can hide small counts and whatever would give them back
(:mod:`brochure.site.report_privacy`); :meth:`Report.shows` says what may be shown.

Long, one module on purpose: every period table counts the same set of
groups and the same atoms, and the privacy pass needs all of them at once; split by table
family (coverage, attendance, partners) if it grows further.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import typing
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from brochure.check.attendance import SeasonAttendance, Visit
from brochure.check.content import ValidContent
from brochure.core.digests import data_bytes, digest
from brochure.core.holidays import skipped_days
from brochure.core.models import WEEKDAYS, Group, RetiredGroup, Role
from brochure.core.records import record
from brochure.core.schedule import occurrences
from brochure.site.report_privacy import Count, suppress

# Parts of the day by a meeting's start: before noon, before five, later.
TIMES = ("morning", "afternoon", "evening")
PHASES = ("pilot", "established")
SEASON_ENDS, REVIEW_RUNS_OUT = "season-ends", "review-runs-out"
# The kinds of period.
CALENDAR_YEAR, OPERATING_YEAR = "calendar-year", "operating-year"
# A group's standing in the period (RETIRED: its file is deleted, retired.yaml lists it).
RUNNING, ENDED, STARTS, OVERDUE = "running", "season-ended", "starts", "review-overdue"
# What happened to a group in the period.
STARTED, STARTING, RETIRED = "started", "starts", "retired"
# Roles: the model's recommended pair is a professional with one of the others.
PROFESSIONAL = "professional"
TWO_PROFESSIONALS, NO_PROFESSIONAL = "two-professionals", "no-professional"
# The measures of people counted, and the key of a table's total row.
VISITS, FIRST_TIME = "visits", "first_time"
ALL = "all"

# One group's meetings in one month of one season: what every count of people adds up.
Atom = tuple[str, int, str]


def time_of_day(start: dt.time) -> str:
    return "morning" if start.hour < 12 else "afternoon" if start.hour < 17 else "evening"


# --- the period -----------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class Period:
    """The days the report's period tables count, both ends included."""

    start: dt.date
    end: dt.date
    kind: str

    @property
    def id(self) -> str:
        """``2026`` or ``2026-2027``: as ``--period`` takes it and as files name it."""
        if self.kind == CALENDAR_YEAR or self.start.year == self.end.year:
            return str(self.start.year)
        return f"{self.start.year}-{self.end.year}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def shifted(self, years: int) -> Period:
        """The period of the same kind ``years`` later (earlier if negative)."""
        return Period(self.start.replace(year=self.start.year + years),
                      _year_end(self.start.replace(year=self.start.year + years)), self.kind)


def _year_end(start: dt.date) -> dt.date:
    following = start.replace(year=start.year + 1)
    return following - dt.timedelta(days=1)


def calendar_year(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), CALENDAR_YEAR)


def operating_year(year: int, start_month: int) -> Period:
    """The operating year that starts on the first of ``start_month`` in ``year``."""
    start = dt.date(year, start_month, 1)
    return Period(start, _year_end(start), OPERATING_YEAR)


def current_period(today: dt.date, start_month: int) -> Period:
    """The operating year running on ``today``: the report's default period."""
    return operating_year(today.year if today.month >= start_month else today.year - 1,
                          start_month)


_CALENDAR = re.compile(r"\s*([0-9]{4})\s*\Z")
_OPERATING = re.compile(r"\s*([0-9]{4})\s*[-–/]\s*([0-9]{4})\s*\Z")


def parse_period(text: str, start_month: int) -> Period:
    """``2026`` (a calendar year) or ``2026-2027`` (an operating year); ValueError else."""
    match = _CALENDAR.match(text)
    if match:
        return calendar_year(int(match.group(1)))
    match = _OPERATING.match(text)
    if match and int(match.group(2)) == int(match.group(1)) + 1 and start_month > 1:
        return operating_year(int(match.group(1)), start_month)
    raise ValueError(text)


# --- the figures ----------------------------------------------------------------------------

@record
class Matrix:
    """Published groups by municipality (rows) and another dimension (columns).

    A group counts once in each cell it belongs to, so a row's cells may add up to more
    than the municipality's groups; ``row_totals`` count each group once.
    """

    name: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[int, ...], ...]
    row_totals: tuple[int, ...]
    column_totals: tuple[int, ...]

    def cell(self, row: str, column: str) -> int:
        return self.cells[self.rows.index(row)][self.columns.index(column)]

    def empty(self) -> tuple[tuple[str, str], ...]:
        """The (row, column) pairs with no group: the gaps."""
        return tuple((r, c) for i, r in enumerate(self.rows)
                     for j, c in enumerate(self.columns) if not self.cells[i][j])


@record
class PartnerShare:
    partner: str
    kind: str
    groups: int        # published groups the partner takes part in, in any role
    facilitating: int  # ... with a facilitator of its own
    contact: int       # ... as the contact partner


@record
class PairCount:
    """How many published groups have facilitators from partners of these two kinds."""

    kinds: tuple[str, str]
    groups: int


@record
class RolePair:
    """How many published groups have facilitators in exactly these roles (each group once)."""

    roles: tuple[str, ...]
    groups: int

    @property
    def recommended(self) -> bool:
        """A professional with a volunteer, peer or experience expert, as the model asks."""
        return PROFESSIONAL in self.roles and any(r != PROFESSIONAL for r in self.roles)


@record
class PairException:
    """A published group whose pair is not the model's recommended one, and why."""

    slug: str
    municipality: str
    phase: str
    roles: tuple[str, ...]
    reason: str  # TWO_PROFESSIONALS or NO_PROFESSIONAL


@record
class Freshness:
    slug: str
    municipality: str
    reviewed: dt.date
    months: int  # full months since the review


@record
class Hidden:
    slug: str
    reason: str  # the rule that hides it: season-ended, review-overdue


@record
class Expiring:
    slug: str
    kind: str  # SEASON_ENDS or REVIEW_RUNS_OUT
    last_day: dt.date
    days: int


@record
class Attendance:
    """Counts for one group, municipality, audience, cell, season, month, partner or period
    (``key``; ``ALL`` for a table's total)."""

    key: str
    groups: int
    sessions: int
    visits: int
    median: float  # visitors per session
    first_time: int
    # The meetings added up: what a count is made of, for the privacy check.
    atoms: frozenset[Atom] = field(default=frozenset(), compare=False, repr=False)

    @property
    def average(self) -> float:
        """Visitors per meeting (shown instead of the median: it hides with the visits)."""
        return self.visits / self.sessions if self.sessions else 0.0


@record
class PartialMonth:
    """A month the figures cover only part of: from a first meeting, or up to the date."""

    month: str  # YYYY-MM
    start: dt.date | None  # the activity began that day
    end: dt.date | None    # the figures reach this day


@record
class AttendanceFigures:
    groups: tuple[Attendance, ...]
    municipalities: tuple[Attendance, ...]
    audiences: tuple[Attendance, ...]
    # key "<municipality>/<audience>": the cells the privacy threshold is about.
    cells: tuple[Attendance, ...]
    seasons: tuple[Attendance, ...]
    months: tuple[Attendance, ...]
    total: Attendance = Attendance(ALL, 0, 0, 0, 0.0, 0)
    partial_months: tuple[PartialMonth, ...] = ()

    @property
    def any(self) -> bool:
        return bool(self.groups)

    def partial(self, month: str) -> PartialMonth | None:
        return next((p for p in self.partial_months if p.month == month), None)


@record
class GroupCoverage:
    """One group of the period: its meetings planned, held, cancelled and not reported."""

    slug: str
    municipality: str
    contact: str  # the contact partner, whom the coordinator asks for missing reports
    status: str   # RUNNING, ENDED, STARTS, OVERDUE or RETIRED
    status_date: dt.date | None  # when it ended or starts
    # In the whole period: the schedule less breaks, holidays, cancellations (none for a
    # deleted group, whose schedule is gone: only its reported meetings are known).
    planned: int
    due: int      # ... of them before the report's date
    held: int     # meetings reported in the period
    cancelled: int
    unreported: tuple[dt.date, ...]  # due meetings without a report
    upcoming: int  # planned meetings still to come

    @property
    def reports(self) -> bool:
        return self.held > 0


@record
class PartnerInput:
    """What a partner puts into the groups of the period."""

    partner: str
    kind: str
    groups: int        # groups of the period with a facilitator of the partner
    facilitators: int  # the partner's facilitator places in them
    contact: int       # ... groups with the partner as contact
    due: int           # meetings of those groups due so far
    attendance: Attendance  # their reported meetings and visits


@record
class StartEnd:
    slug: str
    municipality: str
    event: str  # STARTED, STARTING, ENDED (the season is over) or RETIRED (deleted)
    day: dt.date


@record
class Reach:
    municipality: str
    population: int | None
    groups: int     # groups of the period in the municipality
    reporting: int  # ... that reported a meeting
    attendance: Attendance | None  # None: no group reported


@record
class Capacity:
    slug: str
    maximum: int
    attendance: Attendance
    over: int     # meetings with more visitors than the maximum


@record
class PopulationSource:
    source: dict[str, str]  # by language
    url: str | None
    year: int


@record
class Report:
    today: dt.date
    published: int
    hidden_count: int
    municipalities: tuple[str, ...]
    audiences: tuple[str, ...]
    languages: tuple[str, ...]
    by_audience: Matrix
    by_weekday: Matrix
    by_time: Matrix
    by_language: Matrix
    partners: tuple[PartnerShare, ...]
    pairs: tuple[PairCount, ...]
    phases: tuple[tuple[str, int], ...]
    freshness: tuple[Freshness, ...]
    hidden: tuple[Hidden, ...]
    expiring: tuple[Expiring, ...]
    window_days: int
    idle_partners: tuple[str, ...]
    attendance: AttendanceFigures
    # --- of the period ---
    period: Period = field(default_factory=lambda: calendar_year(2000))
    coverage: tuple[GroupCoverage, ...] = ()
    role_pairs: tuple[RolePair, ...] = ()
    pair_exceptions: tuple[PairException, ...] = ()
    partner_inputs: tuple[PartnerInput, ...] = ()
    started_ended: tuple[StartEnd, ...] = ()
    undated_retired: int = 0  # deleted groups without an end date in retired.yaml
    reach: tuple[Reach, ...] = ()
    population: PopulationSource | None = None
    capacity: tuple[Capacity, ...] = ()
    trend: tuple[Attendance, ...] = ()  # key: a period's id, oldest first
    # --- privacy ---
    published_slugs: frozenset[str] = frozenset()
    public: bool = False
    threshold: int = 5
    suppressed: frozenset[tuple[str, frozenset[Atom]]] = frozenset()

    @property
    def gaps(self) -> tuple[tuple[str, str], ...]:
        """Municipality × audience pairs without a published group."""
        return self.by_audience.empty()

    def names(self, slug: str) -> bool:
        """Whether the report may name a group: a public report names only the published
        ones (a hidden or deleted group appears nowhere on the site but at its own
        address); it still counts the others, as ended or hidden groups."""
        return not self.public or slug in self.published_slugs

    def shows(self, measure: str, counts: Attendance) -> bool:
        """Whether a public report may show this count of people (``VISITS`` also stands for
        everything made from the visits: the average, reach, capacity use)."""
        return (measure, counts.atoms) not in self.suppressed

    @property
    def groups_of_period(self) -> int:
        return len(self.coverage)

    @property
    def reporting(self) -> int:
        return sum(1 for c in self.coverage if c.reports)

    @property
    def expected_to_report(self) -> int:
        """Groups of the period that had meetings due or reported (not those yet to start)."""
        return sum(1 for c in self.coverage if c.due or c.held)

    @property
    def participants(self) -> int:
        """First visits summed over the groups: a lower bound of the people the reporting
        groups reached in the period (a newcomer counts once per group)."""
        return self.attendance.total.first_time


# --- coverage -------------------------------------------------------------------------------

def matrix(name: str, groups: Iterable[Group], rows: tuple[str, ...],
           columns: tuple[str, ...], keys: Callable[[Group], Iterable[str]]) -> Matrix:
    counts = {(r, c): 0 for r in rows for c in columns}
    totals = dict.fromkeys(rows, 0)
    for group in groups:
        if group.municipality not in totals:
            continue
        totals[group.municipality] += 1
        for key in set(keys(group)):
            if (group.municipality, key) in counts:
                counts[(group.municipality, key)] += 1
    cells = tuple(tuple(counts[(r, c)] for c in columns) for r in rows)
    return Matrix(name, rows, columns, cells, tuple(totals[r] for r in rows),
                  tuple(sum(cells[i][j] for i in range(len(rows))) for j in range(len(columns))))


# --- the partners' share --------------------------------------------------------------------

def partner_shares(content: ValidContent, groups: list[Group]) -> tuple[PartnerShare, ...]:
    # Counted in one pass over the groups, not one per partner.
    taking_part: Counter[str] = Counter(pid for g in groups for pid in g.partner_ids())
    facilitating: Counter[str] = Counter(
        pid for g in groups for pid in {f.partner for f in g.facilitators})
    contact: Counter[str] = Counter(g.contact.partner for g in groups)
    shares = [PartnerShare(pid, partner.kind, taking_part[pid], facilitating[pid], contact[pid])
              for pid, partner in content.partners.items()]
    return tuple(sorted(shares, key=lambda s: (-s.groups, s.partner)))


def _kind_rank(content: ValidContent) -> Callable[[str], tuple[int, str]]:
    order = list(content.vocabularies.partner_kinds) if content.vocabularies else []
    return lambda kind: (order.index(kind) if kind in order else len(order), kind)


def pair_counts(content: ValidContent, groups: list[Group]) -> tuple[PairCount, ...]:
    """Every pair of different partner kinds among a group's facilitators, plus pairs of
    the same kind (two associations, say), counted once per group."""
    rank = _kind_rank(content)
    counts: dict[tuple[str, str], int] = {}
    for group in groups:
        partners = list(dict.fromkeys(f.partner for f in group.facilitators))
        kinds = [content.partners[p].kind for p in partners if p in content.partners]
        pairs: set[tuple[str, str]] = set()
        for i in range(len(kinds)):
            for j in range(i + 1, len(kinds)):
                a, b = sorted((kinds[i], kinds[j]), key=rank)
                pairs.add((a, b))
        for pair in pairs:
            counts[pair] = counts.get(pair, 0) + 1
    return tuple(PairCount(k, n) for k, n in sorted(
        counts.items(), key=lambda kv: (-kv[1], rank(kv[0][0]), rank(kv[0][1]))))


ROLES: tuple[str, ...] = typing.get_args(Role)


def roles_of(group: Group) -> tuple[str, ...]:
    """The facilitators' roles in the model's order ("professional" first)."""
    return tuple(sorted((f.role for f in group.facilitators), key=ROLES.index))


def role_pairs(groups: list[Group]) -> tuple[RolePair, ...]:
    """Groups by their facilitators' roles: each group once, so the rows add up."""
    counts: dict[tuple[str, ...], int] = {}
    for group in groups:
        counts[roles_of(group)] = counts.get(roles_of(group), 0) + 1
    return tuple(RolePair(roles, n) for roles, n in sorted(
        counts.items(), key=lambda kv: (-kv[1], [ROLES.index(r) for r in kv[0]])))


def pair_exceptions(groups: list[Group]) -> tuple[PairException, ...]:
    """Groups without the recommended pair: two professionals, or no professional (allowed
    once a group is established, and worth knowing)."""
    found = []
    for group in groups:
        pair = RolePair(roles_of(group), 1)
        if not pair.recommended:
            reason = TWO_PROFESSIONALS if PROFESSIONAL in pair.roles else NO_PROFESSIONAL
            found.append(PairException(group.slug, group.municipality, group.phase,
                                       pair.roles, reason))
    return tuple(sorted(found, key=lambda e: (e.reason, e.municipality, e.slug)))


# --- freshness ------------------------------------------------------------------------------

def months_between(start: dt.date, end: dt.date) -> int:
    """Full months from ``start`` to ``end`` (0 if ``end`` is earlier)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(0, months)


def expiring(content: ValidContent, groups: list[Group], days: int) -> tuple[Expiring, ...]:
    """Published groups whose season ends or review runs out within ``days`` days (the same
    dates as ``brochure expiring``)."""
    found = []
    for group in groups:
        dates = {REVIEW_RUNS_OUT: group.reviewed + dt.timedelta(
            days=content.site.policy.review_max_age_days)}
        if group.schedule.season.end is not None:
            dates[SEASON_ENDS] = group.schedule.season.end
        for kind, last_day in dates.items():
            left = (last_day - content.today).days
            if 0 <= left <= days:
                found.append(Expiring(group.slug, kind, last_day, left))
    return tuple(sorted(found, key=lambda e: (e.last_day, e.slug, e.kind)))


# --- the period's groups and their meetings -----------------------------------------------------

@record
class _Reported:
    """A reported meeting of a group, with the season of its file."""

    slug: str
    season: int
    visit: Visit

    @property
    def atom(self) -> Atom:
        return (self.slug, self.season, self.visit.day.strftime("%Y-%m"))


def _reported(content: ValidContent, records: Iterable[SeasonAttendance]) -> list[_Reported]:
    """Every reported meeting of a group, or of a deleted group that retired.yaml lists."""
    return sorted((_Reported(r.slug, r.season, v) for r in records
                   if r.slug in content.groups or r.slug in content.retired
                   for v in r.visits), key=lambda m: (m.visit.day, m.slug))


def municipality_of(content: ValidContent, slug: str) -> str:
    """A group's municipality, also a deleted group's (from retired.yaml)."""
    group = content.groups.get(slug)
    return group.municipality if group is not None else content.retired[slug].municipality


def audiences_of(content: ValidContent, slug: str) -> tuple[str, ...]:
    """A group's audiences; none for a deleted group (they went with its file)."""
    group = content.groups.get(slug)
    return tuple(group.audiences) if group is not None else ()


def overlaps(group: Group, period: Period) -> bool:
    season = group.schedule.season
    return season.start <= period.end and (season.end is None or season.end >= period.start)


def planned_days(group: Group, period: Period, calendar: str
                 ) -> tuple[list[dt.date], list[dt.date]]:
    """The group's meeting days in the period by its current season's schedule (breaks left
    out), without public holidays (unless it meets on them) and cancellations; and the
    cancelled days."""
    season = group.schedule.season
    start = max(period.start, season.start)
    end = min(period.end, season.end) if season.end else period.end
    if start > end:
        return [], []
    days = sorted({o.day for o in occurrences(group.schedule, start, end)})
    skipped = skipped_days(group, start, end, calendar)
    cancelled = {c.date for c in group.cancellations}
    return [d for d in days if d not in skipped], [d for d in days if d in cancelled]


def _status(content: ValidContent, group: Group) -> tuple[str, dt.date | None]:
    season = group.schedule.season
    if content.hidden.get(group.slug) == "review-overdue":
        return OVERDUE, None
    if season.end is not None and season.end < content.today:
        return ENDED, season.end
    if season.start > content.today:
        return STARTS, season.start
    return RUNNING, None


def retired_coverage(entry: RetiredGroup, reported: Sequence[_Reported]) -> GroupCoverage:
    """A deleted group with meetings reported in the period: ended, its reports counted,
    nothing planned (its schedule went with its file), nothing left unreported."""
    return GroupCoverage(
        slug=entry.slug, municipality=entry.municipality, contact="", status=RETIRED,
        status_date=entry.ended, planned=0, due=0, held=len(reported), cancelled=0,
        unreported=(), upcoming=0)


def group_coverage(content: ValidContent, group: Group, period: Period,
                   reported: Sequence[_Reported]) -> GroupCoverage:
    planned, cancelled = planned_days(group, period, content.site.public_holidays)
    today = content.today
    days = {m.visit.day for m in reported}
    status, status_date = _status(content, group)
    return GroupCoverage(
        slug=group.slug, municipality=group.municipality, contact=group.contact.partner,
        status=status, status_date=status_date, planned=len(planned),
        due=sum(1 for d in planned if d < today), held=len(reported),
        cancelled=len(cancelled),
        unreported=tuple(d for d in planned if d < today and d not in days),
        upcoming=sum(1 for d in planned if d >= today and d not in days))


def first_day(group: Group, reported: Iterable[_Reported]) -> dt.date:
    """When a group began: its earliest reported meeting in any season's file, or its current
    season's start (a group that goes on keeps its earlier files)."""
    return min([group.schedule.season.start, *(m.visit.day for m in reported)])


# --- attendance -----------------------------------------------------------------------------

def summarise(key: str, meetings: Sequence[_Reported], groups: int | None = None) -> Attendance:
    visits = [m.visit for m in meetings]
    return Attendance(
        key, groups if groups is not None else len({m.slug for m in meetings}), len(visits),
        sum(v.visitors for v in visits),
        float(statistics.median(v.visitors for v in visits)) if visits else 0.0,
        sum(v.first_time for v in visits), frozenset(m.atom for m in meetings))


def _gather(meetings: Sequence[_Reported], keys: Callable[[str], Iterable[str]],
            order: Iterable[str] | None = None) -> tuple[Attendance, ...]:
    by_key: dict[str, list[_Reported]] = {}
    for meeting in meetings:
        for key in dict.fromkeys(keys(meeting.slug)):
            by_key.setdefault(key, []).append(meeting)
    wanted = [k for k in order if k in by_key] if order is not None else sorted(by_key)
    return tuple(summarise(k, by_key[k]) for k in wanted)


def partial_months(content: ValidContent, period: Period, meetings: Sequence[_Reported],
                   groups: Mapping[str, Group]) -> tuple[PartialMonth, ...]:
    """Months the figures cover only in part: the month of the report's date (up to it, or
    the period's end), and the first month, when the reporting groups' activity began after
    its first week (seasons that start in late August, say)."""
    if not meetings:
        return ()
    marks: dict[str, PartialMonth] = {}
    starts = [groups[m.slug].schedule.season.start for m in meetings if m.slug in groups]
    began = min([meetings[0].visit.day, *(day for day in starts if day in period)])
    if began.day > 7:
        key = began.strftime("%Y-%m")
        marks[key] = PartialMonth(key, began, None)
    last = min(content.today, period.end)
    if (last + dt.timedelta(days=1)).day != 1:
        key = last.strftime("%Y-%m")
        marks[key] = PartialMonth(key, marks[key].start if key in marks else None, last)
    return tuple(marks[k] for k in sorted(marks))


def attendance_figures(content: ValidContent, meetings: Sequence[_Reported], period: Period,
                       ) -> AttendanceFigures:
    vocab = content.vocabularies
    seasons: dict[str, list[_Reported]] = {}
    months: dict[str, list[_Reported]] = {}
    for meeting in meetings:
        seasons.setdefault(str(meeting.season), []).append(meeting)
        months.setdefault(meeting.visit.day.strftime("%Y-%m"), []).append(meeting)
    cell_order = [f"{m}/{a}" for m in vocab.municipalities for a in vocab.audiences]
    return AttendanceFigures(
        groups=_gather(meetings, lambda s: [s]),
        municipalities=_gather(meetings, lambda s: [municipality_of(content, s)],
                               vocab.municipalities),
        audiences=_gather(meetings, lambda s: audiences_of(content, s), vocab.audiences),
        cells=_gather(meetings, lambda s: [f"{municipality_of(content, s)}/{a}"
                                           for a in audiences_of(content, s)], cell_order),
        seasons=tuple(summarise(k, seasons[k]) for k in sorted(seasons)),
        months=tuple(summarise(k, months[k]) for k in sorted(months)),
        total=summarise(ALL, meetings),
        partial_months=partial_months(content, period, meetings, content.groups))


def trend(content: ValidContent, everything: Sequence[_Reported], period: Period
          ) -> tuple[Attendance, ...]:
    """Each period of the same kind from the first reported meeting up to ``period``."""
    if not everything:
        return (summarise(period.id, []),)
    first = period
    earliest = everything[0].visit.day
    while earliest < first.start:
        first = first.shifted(-1)
    rows = []
    current = first
    while current <= period:
        rows.append(summarise(current.id, [m for m in everything if m.visit.day in current]))
        current = current.shifted(1)
    return tuple(rows)


# --- the period's other questions ------------------------------------------------------------

def partner_inputs(content: ValidContent, coverage: Sequence[GroupCoverage],
                   meetings: Sequence[_Reported]) -> tuple[PartnerInput, ...]:
    found = []
    for pid, partner in content.partners.items():
        places = {c.slug: sum(1 for f in content.groups[c.slug].facilitators if f.partner == pid)
                  if c.slug in content.groups else 0 for c in coverage}
        mine = [c for c in coverage if places[c.slug]]
        slugs = {c.slug for c in mine}
        if not mine and not any(c.contact == pid for c in coverage):
            continue
        own = [m for m in meetings if m.slug in slugs]
        found.append(PartnerInput(
            pid, partner.kind, len(mine), sum(places.values()),
            sum(1 for c in coverage if c.contact == pid), sum(c.due for c in mine),
            summarise(pid, own)))
    return tuple(sorted(found, key=lambda p: (-p.groups, -p.attendance.sessions, p.partner)))


def started_ended(content: ValidContent, period: Period, groups: Sequence[Group],
                  everything: Sequence[_Reported]) -> tuple[tuple[StartEnd, ...], int]:
    found = []
    for group in groups:
        began = first_day(group, [m for m in everything if m.slug == group.slug])
        # A new group is a pilot; an established one began before its current season (when
        # is not known), so a new season of it is no start.
        if group.phase == "pilot" and began in period:
            found.append(StartEnd(group.slug, group.municipality,
                                  STARTED if began <= content.today else STARTING, began))
        end = group.schedule.season.end
        if end is not None and end in period and end < content.today:
            found.append(StartEnd(group.slug, group.municipality, ENDED, end))
    undated = 0
    for entry in content.retired.values():
        # A deleted group began with its earliest reported meeting, if it reported any.
        own = [m.visit.day for m in everything if m.slug == entry.slug]
        if own and min(own) in period:
            found.append(StartEnd(entry.slug, entry.municipality, STARTED, min(own)))
        if entry.ended is None:
            undated += 1
        elif entry.ended in period:
            found.append(StartEnd(entry.slug, entry.municipality, RETIRED, entry.ended))
    return tuple(sorted(found, key=lambda e: (e.day, e.slug, e.event))), undated


def reach(content: ValidContent, coverage: Sequence[GroupCoverage],
          municipalities: Sequence[Attendance]) -> tuple[Reach, ...]:
    vocab = content.vocabularies
    population = content.population.municipalities if content.population else {}
    counted = {a.key: a for a in municipalities}
    return tuple(Reach(
        m, population.get(m), sum(1 for c in coverage if c.municipality == m),
        sum(1 for c in coverage if c.municipality == m and c.reports), counted.get(m))
        for m in vocab.municipalities)


def capacity(content: ValidContent, coverage: Sequence[GroupCoverage],
             meetings: Sequence[_Reported]) -> tuple[Capacity, ...]:
    found = []
    for entry in coverage:
        group = content.groups.get(entry.slug)
        maximum = group.max_participants if group is not None else None
        own = [m for m in meetings if m.slug == entry.slug]
        if maximum is None or not own:
            continue
        found.append(Capacity(entry.slug, maximum, summarise(entry.slug, own),
                              sum(1 for m in own if m.visit.visitors > maximum)))
    return tuple(found)


# --- privacy --------------------------------------------------------------------------------

def published_counts(attendance: AttendanceFigures, partners: Sequence[PartnerInput],
                     trend_rows: Sequence[Attendance]) -> dict[str, list[Attendance]]:
    """Every count of people a report publishes, by measure: what the privacy check must
    protect. Reach and capacity use are made of the municipalities' and groups' counts."""
    tables = (*attendance.groups, *attendance.municipalities, *attendance.audiences,
              *attendance.cells, *attendance.seasons, *attendance.months, attendance.total)
    return {VISITS: [*tables, *(p.attendance for p in partners), *trend_rows],
            FIRST_TIME: [*tables, *trend_rows]}


def suppressed_counts(counts: dict[str, list[Attendance]], threshold: int
                      ) -> frozenset[tuple[str, frozenset[Atom]]]:
    out: set[tuple[str, frozenset[Atom]]] = set()
    for measure, items in counts.items():
        hidden = suppress((Count(a.atoms, getattr(a, measure)) for a in items), threshold)
        out.update((measure, atoms) for atoms in hidden)
    return frozenset(out)


# --- the whole report -----------------------------------------------------------------------

# What of a group no figure, page or file of the report reads: a partner's edit of only these
# (its texts, its place, the contact person's details) leaves the report as it was, and the
# build keeps it (tests/site/test_report_figures.py changes each of them in every group and
# compares the whole report). A field not named here counts, as every new one will.
UNREPORTED: Mapping[str, bool | set[str]] = {"summary": True, "description": True, "venue": True,
                                         "substitute": True, "contact": {"name", "phone", "email"}}


def report_inputs(content: ValidContent) -> bytes:
    """A digest of what the report is made of: every file but the groups' (and the date),
    and each group's data but for :data:`UNREPORTED`."""
    return digest(content.besides_groups, *(
        part for slug, group in content.groups.items()
        for part in (slug, data_bytes(group.model_dump(exclude=UNREPORTED)),
                     content.hidden.get(slug, ""))))


def report(content: ValidContent, period: Period | None = None, public: bool | None = None
           ) -> Report:
    """Every figure of the coordinator's report, for valid content: ``period`` by default
    the operating year running on the content's date; ``public`` by default as
    ``site.yaml`` says (a public report hides small counts)."""
    site, vocab = content.site, content.vocabularies
    if period is None:
        period = current_period(content.today, site.operating_year_start_month)
    if public is None:
        public = site.report == "public"
    published = sorted(content.published, key=lambda g: g.slug)
    municipalities = tuple(vocab.municipalities)
    audiences = tuple(vocab.audiences)
    languages = tuple(vocab.languages)
    involved = {pid for g in published for pid in g.partner_ids()}
    window = site.policy.ending_soon_days

    everything = _reported(content, content.attendance)
    meetings = [m for m in everything if m.visit.day in period]
    with_reports = {m.slug for m in meetings}
    of_period = [g for slug, g in sorted(content.groups.items())
                 if overlaps(g, period) or slug in with_reports]
    coverage = (*(group_coverage(content, g, period,
                                 [m for m in meetings if m.slug == g.slug])
                  for g in of_period),
                *(retired_coverage(entry, [m for m in meetings if m.slug == slug])
                  for slug, entry in sorted(content.retired.items())
                  if slug in with_reports and slug not in content.groups))
    attendance = attendance_figures(content, meetings, period)
    inputs = partner_inputs(content, coverage, meetings)
    trend_rows = trend(content, everything, period)
    events, undated = started_ended(content, period, of_period, everything)
    population = content.population
    threshold = site.report_threshold
    suppressed = (suppressed_counts(published_counts(attendance, inputs, trend_rows),
                                    threshold) if public else frozenset())
    return Report(
        today=content.today,
        published=len(published),
        hidden_count=len(content.hidden),
        municipalities=municipalities,
        audiences=audiences,
        languages=languages,
        by_audience=matrix("audience", published, municipalities, audiences,
                           lambda g: g.audiences),
        by_weekday=matrix("weekday", published, municipalities, WEEKDAYS,
                          lambda g: [m.weekday for m in g.schedule.meetings]),
        by_time=matrix("time", published, municipalities, TIMES,
                       lambda g: [time_of_day(m.start) for m in g.schedule.meetings]),
        by_language=matrix("language", published, municipalities, languages,
                           lambda g: g.languages),
        partners=partner_shares(content, published),
        pairs=pair_counts(content, published),
        phases=tuple((p, sum(1 for g in published if g.phase == p)) for p in PHASES),
        freshness=tuple(sorted(
            (Freshness(g.slug, g.municipality, g.reviewed,
                       months_between(g.reviewed, content.today)) for g in published),
            key=lambda f: (f.reviewed, f.slug))),
        hidden=tuple(Hidden(slug, reason) for slug, reason in sorted(content.hidden.items())),
        expiring=expiring(content, published, window),
        window_days=window,
        idle_partners=tuple(sorted(set(content.partners) - involved)),
        attendance=attendance,
        period=period,
        coverage=coverage,
        role_pairs=role_pairs(published),
        pair_exceptions=pair_exceptions(published),
        partner_inputs=inputs,
        started_ended=events,
        undated_retired=undated,
        reach=reach(content, coverage, attendance.municipalities),
        population=PopulationSource(
            {lang: text for lang, text in population.source.model_dump().items() if text},
            population.url, population.year) if population else None,
        capacity=capacity(content, coverage, meetings),
        trend=trend_rows,
        published_slugs=frozenset(g.slug for g in published),
        public=public,
        threshold=threshold,
        suppressed=suppressed,
    )
