"""The report's figures: pure functions from the content to typed, frozen values.

Everything here counts **published** groups (what residents and professionals see), except
freshness, which also lists the hidden ones and why, and attendance, which counts every
valid group with reported meetings. Figures hold identifiers (municipality, audience,
partner and group ids), never words: the page (:mod:`brochure.site.model`) puts them into a
language, and the exports (:mod:`.export`) write them as they are. Nothing is hidden for
privacy here; :func:`shown_count` is applied where a public report shows a count.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from brochure.check.attendance import SeasonAttendance, Visit
from brochure.check.content import ValidContent
from brochure.core.models import WEEKDAYS, Group

# Parts of the day by a meeting's start: before noon, before five, later.
TIMES = ("morning", "afternoon", "evening")
PHASES = ("pilot", "established")
SEASON_ENDS, REVIEW_RUNS_OUT = "season-ends", "review-runs-out"


def time_of_day(start: dt.time) -> str:
    return "morning" if start.hour < 12 else "afternoon" if start.hour < 17 else "evening"


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class PartnerShare:
    partner: str
    kind: str
    groups: int        # published groups the partner takes part in, in any role
    facilitating: int  # ... with a facilitator of its own
    contact: int       # ... as the contact partner


@dataclass(frozen=True)
class PairCount:
    """How many published groups have facilitators from partners of these two kinds."""

    kinds: tuple[str, str]
    groups: int


@dataclass(frozen=True)
class Freshness:
    slug: str
    municipality: str
    reviewed: dt.date
    months: int  # full months since the review


@dataclass(frozen=True)
class Hidden:
    slug: str
    reason: str  # the rule that hides it: season-ended, review-overdue


@dataclass(frozen=True)
class Expiring:
    slug: str
    kind: str  # SEASON_ENDS or REVIEW_RUNS_OUT
    last_day: dt.date
    days: int


@dataclass(frozen=True)
class Attendance:
    """Counts for one group, municipality, audience, cell, season or month (``key``)."""

    key: str
    groups: int
    sessions: int
    visits: int
    median: float  # visitors per session
    first_time: int


@dataclass(frozen=True)
class AttendanceFigures:
    groups: tuple[Attendance, ...]
    municipalities: tuple[Attendance, ...]
    audiences: tuple[Attendance, ...]
    # key "<municipality>/<audience>": the cells the privacy threshold is about.
    cells: tuple[Attendance, ...]
    seasons: tuple[Attendance, ...]
    months: tuple[Attendance, ...]

    @property
    def any(self) -> bool:
        return bool(self.groups)


@dataclass(frozen=True)
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

    @property
    def gaps(self) -> tuple[tuple[str, str], ...]:
        """Municipality × audience pairs without a published group."""
        return self.by_audience.empty()


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
    shares = []
    for pid, partner in content.partners.items():
        shares.append(PartnerShare(
            pid, partner.kind,
            sum(1 for g in groups if pid in g.partner_ids()),
            sum(1 for g in groups if any(f.partner == pid for f in g.facilitators)),
            sum(1 for g in groups if g.contact.partner == pid)))
    return tuple(sorted(shares, key=lambda s: (-s.groups, s.partner)))


def pair_counts(content: ValidContent, groups: list[Group]) -> tuple[PairCount, ...]:
    """Every pair of different partner kinds among a group's facilitators, plus pairs of
    the same kind (two associations, say), counted once per group."""
    vocab = content.vocabularies
    order = list(vocab.partner_kinds) if vocab else []

    def rank(kind: str) -> tuple[int, str]:
        return (order.index(kind) if kind in order else len(order), kind)

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


# --- attendance -----------------------------------------------------------------------------

def summarise(key: str, visits: list[Visit], groups: int) -> Attendance:
    return Attendance(
        key, groups, len(visits), sum(v.visitors for v in visits),
        float(statistics.median(v.visitors for v in visits)) if visits else 0.0,
        sum(v.first_time for v in visits))


def attendance_figures(content: ValidContent,
                       records: Iterable[SeasonAttendance]) -> AttendanceFigures:
    by_group: dict[str, list[Visit]] = {}
    for record in records:
        if record.slug in content.groups:
            by_group.setdefault(record.slug, []).extend(record.visits)
    vocab = content.vocabularies

    def gather(keys: Callable[[Group], Iterable[str]],
               order: Iterable[str] | None = None) -> tuple[Attendance, ...]:
        visits: dict[str, list[Visit]] = {}
        members: dict[str, set[str]] = {}
        for slug, items in by_group.items():
            for key in keys(content.groups[slug]):
                visits.setdefault(key, []).extend(items)
                members.setdefault(key, set()).add(slug)
        wanted = [k for k in order if k in visits] if order is not None else sorted(visits)
        return tuple(summarise(k, visits[k], len(members[k])) for k in wanted)

    seasons: dict[str, list[Visit]] = {}
    season_groups: dict[str, set[str]] = {}
    months: dict[str, list[Visit]] = {}
    month_groups: dict[str, set[str]] = {}
    for record in records:
        if record.slug not in content.groups:
            continue
        key = str(record.season)
        seasons.setdefault(key, []).extend(record.visits)
        season_groups.setdefault(key, set()).add(record.slug)
        for visit in record.visits:
            month = visit.day.strftime("%Y-%m")
            months.setdefault(month, []).append(visit)
            month_groups.setdefault(month, set()).add(record.slug)
    cell_order = [f"{m}/{a}" for m in vocab.municipalities for a in vocab.audiences]
    return AttendanceFigures(
        groups=tuple(summarise(s, by_group[s], 1) for s in sorted(by_group)),
        municipalities=gather(lambda g: [g.municipality], vocab.municipalities),
        audiences=gather(lambda g: g.audiences, vocab.audiences),
        cells=gather(lambda g: [f"{g.municipality}/{a}" for a in g.audiences], cell_order),
        seasons=tuple(summarise(k, seasons[k], len(season_groups[k])) for k in sorted(seasons)),
        months=tuple(summarise(k, months[k], len(month_groups[k])) for k in sorted(months)))


# --- the whole report -----------------------------------------------------------------------

def report(content: ValidContent) -> Report:
    """Every figure of the coordinator's report, for valid content."""
    site, vocab = content.site, content.vocabularies
    published = sorted(content.published, key=lambda g: g.slug)
    municipalities = tuple(vocab.municipalities)
    audiences = tuple(vocab.audiences)
    languages = tuple(vocab.languages)
    involved = {pid for g in published for pid in g.partner_ids()}
    window = site.policy.ending_soon_days
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
        attendance=attendance_figures(content, content.attendance),
    )


def shown_count(value: int | float, threshold: int, public: bool) -> str:
    """A count as a public report may show it: below ``threshold``, only "< threshold", so
    nobody in a small village can be singled out; an internal report shows every count."""
    if public and value < threshold:
        return f"< {threshold}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
