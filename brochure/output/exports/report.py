"""The report's figures as files: a CSV per table and language, and one JSON of everything.

**CSV** files are the page's tables as a spreadsheet opens them in the reader's language:
UTF-8 with a byte-order mark (so Excel shows ä and ö), headers in words, the period or date
each table counts as its first column, numbers without thousands separators and with the
language's decimal separator, and the columns separated the way Excel in that language
expects (``;`` and ``10,5`` in Finnish and Swedish, ``,`` and ``10.5`` in English; see
:func:`brochure.core.languages.csv_delimiter`). What a public report hides is an empty cell.
The site's default language keeps the names ``data/report/<table>.csv``; the other languages'
files are in ``data/report/<lang>/``.

**JSON** (``report.json``) holds the same figures with the content's identifiers (``kokkola``,
``everyone``), dates ISO, every field of earlier versions kept, and the period, the privacy
threshold and which cells a public report hides (their values are ``null``).

Both are deterministic: the same content and date give the same bytes. The workbook is in
:mod:`brochure.output.exports.report_workbook`.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from brochure.check.content import ValidContent
from brochure.core import urls
from brochure.core.i18n import N_, gettext
from brochure.core.languages import csv_delimiter, decimal_separator, text_in
from brochure.site.model import site_titles
from brochure.site.pages import ReportCell, ReportPage, ReportTable
from brochure.site.report_figures import (
    ALL,
    FIRST_TIME,
    VISITS,
    Attendance,
    Matrix,
    Report,
    report,
)
from brochure.site.report_pages import report_pages

Value = str | int | float | None
# Finnish names by kind ("municipality", "audience", "partner", "group") and identifier.
Names = Mapping[str, Mapping[str, str]]
# Tables that count the published groups on the report's date; the others count the period.
ON_DATE = ("coverage-", "partners", "facilitator-", "pair-exceptions", "phases", "freshness",
           "hidden", "expiring")


def names_of(content: ValidContent) -> dict[str, dict[str, str]]:
    """Everything's name in the site's main language."""
    vocab, order = content.vocabularies, content.site.language_order
    main = order[0]
    return {
        "municipality": {k: v.get(main) for k, v in vocab.municipalities.items()},
        "audience": {k: v.get(main) for k, v in vocab.audiences.items()},
        "partner": {k: text_in(p.name, main, order, k) for k, p in content.partners.items()},
        "group": {**{k: text_in(g.name, main, order, k) for k, g in content.retired.items()},
                  **{k: text_in(g.name, main, order, k) for k, g in content.groups.items()}},
    }


# --- CSV: the page's tables in the reader's language -----------------------------------------

def cell_text(cell: ReportCell, lang: str) -> str:
    """A cell as a spreadsheet in ``lang`` reads it: a number without grouping and with the
    language's decimal separator; a hidden count empty."""
    if cell.suppressed:
        return ""
    value = cell.value
    if isinstance(value, bool) or value is None or not isinstance(value, int | float):
        return cell.text
    if isinstance(value, float) or cell.decimals:
        return f"{value:.{cell.decimals}f}".replace(".", decimal_separator(lang))
    return str(value)


def csv_bytes(table: ReportTable, lang: str) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=csv_delimiter(lang), lineterminator="\r\n")
    # "Report period": a table of its own may have a column "Period" (the trend's years).
    writer.writerow((gettext(lang, N_("Report period")), *table.columns))
    for row in table.rows:
        writer.writerow((table.period, row.header, *(cell_text(c, lang) for c in row.cells)))
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def csv_files(pages: Sequence[ReportPage]) -> dict[str, bytes]:
    return {table.csv: csv_bytes(table, page.lang)
            for page in pages for section in page.sections for table in section.tables}


# --- JSON: the figures with their identifiers ------------------------------------------------

@dataclass
class Table:
    """One table of ``report.json``: rows of named values, and the fields a public report
    hides in them (by row index)."""

    name: str
    header: tuple[str, ...]
    rows: list[tuple[Value, ...]] = field(default_factory=list)
    hidden: list[tuple[int, str]] = field(default_factory=list)

    def add(self, *values: Value, hide: Sequence[str] = ()) -> None:
        row = list(values)
        for name in hide:
            row[self.header.index(name)] = None
            self.hidden.append((len(self.rows), name))
        self.rows.append(tuple(row))


def _matrix(name: str, matrix: Matrix, names: Names) -> Table:
    table = Table(name, ("municipality", "name_fi", *matrix.columns, "groups"))
    for i, row in enumerate(matrix.rows):
        table.add(row, names["municipality"].get(row, row), *matrix.cells[i],
                  matrix.row_totals[i])
    table.add(ALL, "", *matrix.column_totals, sum(matrix.row_totals))
    return table


def _hide(report: Report, counts: Attendance, visits: Sequence[str] = (
        "visits", "median_visitors", "average_visitors"),
          first_time: Sequence[str] = ("first_time",)) -> list[str]:
    return [*(visits if not report.shows(VISITS, counts) else ()),
            *(first_time if not report.shows(FIRST_TIME, counts) else ())]


ATTENDANCE_FIELDS = ("groups", "sessions", "visits", "median_visitors", "first_time",
                     "average_visitors")


def _attendance(report: Report, name: str, key: str, items: Sequence[Attendance],
                names: Names) -> Table:
    kind = names.get(key, {})
    table = Table(name, (key, "name_fi", *ATTENDANCE_FIELDS))
    for a in (*items, report.attendance.total) if items else items:
        table.add(a.key, kind.get(a.key, "" if a.key == ALL else a.key),
                  *_numbers(a), hide=_hide(report, a))
    return table


def _numbers(a: Attendance) -> tuple[Value, ...]:
    return (a.groups, a.sessions, a.visits, a.median, a.first_time, round(a.average, 2))


def _hidden(report: Report) -> Table:
    """Hidden groups and why; a public report names none of them (a hidden group appears
    nowhere on the site) and counts them by reason instead."""
    if not report.public:
        table = Table("hidden", ("group", "reason"))
        for h in report.hidden:
            table.add(h.slug, h.reason)
        return table
    table = Table("hidden", ("reason", "groups"))
    for reason, n in sorted(Counter(h.reason for h in report.hidden).items()):
        table.add(reason, n)
    return table


def _named(report: Report, names: Names) -> Names:
    """The names a report may use: a public report leaves out the groups it may not name."""
    return {**names, "group": {k: v for k, v in names["group"].items() if report.names(k)}}


def _slug(report: Report, slug: str) -> str | None:
    return slug if slug == ALL or report.names(slug) else None


def tables(report: Report, names: Names) -> tuple[Table, ...]:
    """Every table of ``report.json`` (its earlier tables first, as they were)."""
    names = _named(report, names)
    att = report.attendance
    group_names = names["group"]
    out: list[Table] = [
        _matrix("coverage-audience", report.by_audience, names),
        _matrix("coverage-weekday", report.by_weekday, names),
        _matrix("coverage-time", report.by_time, names),
        _matrix("coverage-language", report.by_language, names)]
    gaps = Table("coverage-gaps", ("municipality", "audience"))
    for gap in report.gaps:
        gaps.add(*gap)
    partners = Table("partners", ("partner", "name_fi", "kind", "groups", "facilitating",
                                  "contact"))
    for s in report.partners:
        partners.add(s.partner, names["partner"].get(s.partner, s.partner), s.kind, s.groups,
                     s.facilitating, s.contact)
    pairs = Table("facilitator-pairs", ("kind_1", "kind_2", "groups"))
    for p in report.pairs:
        pairs.add(*p.kinds, p.groups)
    phases = Table("phases", ("phase", "groups"))
    for phase, n in report.phases:
        phases.add(phase, n)
    freshness = Table("freshness", ("group", "name_fi", "municipality", "reviewed", "months"))
    for f in report.freshness:
        freshness.add(f.slug, group_names.get(f.slug, f.slug), f.municipality,
                      f.reviewed.isoformat(), f.months)
    expiring = Table("expiring", ("group", "what", "last_day", "days"))
    for e in report.expiring:
        expiring.add(e.slug, e.kind, e.last_day.isoformat(), e.days)
    idle = Table("partners-without-groups", ("partner", "name_fi"))
    for pid in report.idle_partners:
        idle.add(pid, names["partner"].get(pid, pid))
    status = {c.slug: c for c in report.coverage}
    groups = Table("attendance-groups", ("group", "name_fi", *ATTENDANCE_FIELDS, "status"))
    for a in (*att.groups, att.total) if att.groups else ():
        entry = status.get(a.key)
        groups.add(_slug(report, a.key), group_names.get(a.key, ""),
                   *_numbers(a), entry.status if entry else None, hide=_hide(report, a))
    cells = Table("attendance-cells", ("municipality", "audience", *ATTENDANCE_FIELDS))
    for a in (*att.cells, att.total) if att.cells else ():
        municipality, _, audience = a.key.partition("/")
        cells.add(municipality, audience or ALL, *_numbers(a), hide=_hide(report, a))
    months = _attendance(report, "attendance-months", "month", att.months, names)
    months.header = (*months.header, "partial_from", "partial_to")
    months.rows = [(*row, *_partial(report, str(row[0]))) for row in months.rows]
    out += [gaps, partners, pairs, phases, freshness, _hidden(report), expiring, idle, groups,
            _attendance(report, "attendance-municipalities", "municipality", att.municipalities,
                        names),
            _attendance(report, "attendance-audiences", "audience", att.audiences, names),
            cells,
            _attendance(report, "attendance-seasons", "season", att.seasons, names),
            months]
    return (*out, *_period_tables(report, names), *_role_tables(report))


def _partial(report: Report, month: str) -> tuple[Value, Value]:
    partial = report.attendance.partial(month)
    if partial is None:
        return None, None
    return (partial.start.isoformat() if partial.start else None,
            partial.end.isoformat() if partial.end else None)


def _period_tables(report: Report, names: Names) -> list[Table]:
    group_names = names["group"]
    reporting = Table("reporting", ("group", "name_fi", "municipality", "contact_partner",
                                    "status", "status_date", "planned", "due", "reported",
                                    "cancelled", "not_reported", "still_to_come",
                                    "not_reported_dates"))
    for c in report.coverage:
        reporting.add(_slug(report, c.slug), group_names.get(c.slug, ""), c.municipality,
                      c.contact,
                      c.status, c.status_date.isoformat() if c.status_date else None,
                      c.planned, c.due, c.held, c.cancelled, len(c.unreported), c.upcoming,
                      " ".join(d.isoformat() for d in c.unreported))
    inputs = Table("partner-input", ("partner", "name_fi", "kind", "groups", "facilitators",
                                     "contact", "due", "reported", "visits"))
    for p in report.partner_inputs:
        inputs.add(p.partner, names["partner"].get(p.partner, p.partner), p.kind, p.groups,
                   p.facilitators, p.contact, p.due, p.attendance.sessions,
                   p.attendance.visits, hide=_hide(report, p.attendance, ("visits",), ()))
    events = Table("groups-started-ended", ("group", "name_fi", "municipality", "event",
                                            "date"))
    for e in report.started_ended:
        events.add(_slug(report, e.slug), group_names.get(e.slug, ""), e.municipality, e.event,
                   e.day.isoformat())
    reach = Table("reach", ("municipality", "name_fi", "inhabitants", "groups", "reporting",
                            "visits", "visits_per_1000", "first_time", "first_time_per_1000"))
    for r in report.reach:
        a = r.attendance
        if a is None:
            reach.add(r.municipality, names["municipality"].get(r.municipality),
                      r.population, r.groups, r.reporting, None, None, None, None)
            continue
        reach.add(r.municipality, names["municipality"].get(r.municipality), r.population,
                  r.groups, r.reporting, a.visits, _per_1000(a.visits, r.population),
                  a.first_time, _per_1000(a.first_time, r.population),
                  hide=_hide(report, a, ("visits", "visits_per_1000"),
                             ("first_time", "first_time_per_1000")))
    capacity = Table("capacity", ("group", "name_fi", "maximum", "sessions",
                                  "average_visitors", "use_percent", "over_maximum"))
    for use in report.capacity:
        a = use.attendance
        capacity.add(_slug(report, use.slug), group_names.get(use.slug, ""), use.maximum,
                     a.sessions,
                     round(a.average, 2), round(a.average * 100 / use.maximum, 1), use.over,
                     hide=_hide(report, a, ("average_visitors", "use_percent"), ()))
    trend = Table("attendance-trend", ("period", *ATTENDANCE_FIELDS))
    for a in report.trend:
        trend.add(a.key, *_numbers(a), hide=_hide(report, a))
    return [reporting, inputs, events, reach, capacity, trend]


def _per_1000(value: int, inhabitants: int | None) -> float | None:
    return round(value * 1000 / inhabitants, 2) if inhabitants else None


def _role_tables(report: Report) -> list[Table]:
    roles = Table("facilitator-roles", ("roles", "groups", "recommended"))
    for r in report.role_pairs:
        roles.add("+".join(r.roles), r.groups, r.recommended)
    exceptions = Table("pair-exceptions", ("group", "municipality", "phase", "roles",
                                           "reason"))
    for e in report.pair_exceptions:
        exceptions.add(e.slug, e.municipality, e.phase, "+".join(e.roles), e.reason)
    return [roles, exceptions]


def json_bytes(report: Report, names: Names) -> bytes:
    period = report.period
    made = tables(report, names)
    total = report.attendance.total
    data: dict[str, Any] = {
        "today": report.today.isoformat(),
        "public": report.public,
        "privacy_threshold": report.threshold,
        "published_groups": report.published,
        "hidden_groups": report.hidden_count,
        "policy_window_days": report.window_days,
        "tables": {t.name: [dict(zip(t.header, row, strict=True)) for row in t.rows]
                   for t in made},
        "period": {"id": period.id, "kind": period.kind, "start": period.start.isoformat(),
                   "end": period.end.isoformat(),
                   "figures_to": min(report.today, period.end).isoformat()},
        "fields": {t.name: list(t.header) for t in made},
        "counts": {t.name: "date" if t.name.startswith(ON_DATE) else "period" for t in made},
        "hidden_cells": {t.name: [{"row": i, "field": f} for i, f in t.hidden]
                         for t in made if t.hidden},
        "headline": {
            "groups_in_period": report.groups_of_period,
            "groups_reporting": report.reporting,
            "groups_expected_to_report": report.expected_to_report,
            "meetings_due": sum(c.due for c in report.coverage),
            "meetings_reported": total.sessions,
            "visits": total.visits if report.shows(VISITS, total) else None,
            "participants_at_least": total.first_time if report.shows(FIRST_TIME, total)
            else None,
        },
        "population": {"source": report.population.source, "url": report.population.url,
                       "year": report.population.year} if report.population else None,
    }
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode()


# --- every file -------------------------------------------------------------------------------

def files(figures: Report, pages: Sequence[ReportPage], names: Names) -> dict[str, bytes]:
    """Path (relative to the site) -> bytes of every report file."""
    out = csv_files(pages)
    out[urls.REPORT_JSON] = json_bytes(figures, names)
    return dict(sorted(out.items()))


def site_pages(content: ValidContent, figures: Report) -> list[ReportPage]:
    """The report's pages when the report is part of the site (``report: public``)."""
    languages = content.site.language_order
    return report_pages(content, figures, languages, site_titles(content, languages),
                        public=True)


def site_files(content: ValidContent) -> tuple[dict[str, bytes], list[ReportPage]]:
    """The report's files and pages when the report is part of the site (``report: public``):
    made together, so the figures are counted once."""
    site = content.site
    if site is None or site.report != "public":
        return {}, []
    figures = report(content)
    pages = site_pages(content, figures)
    return files(figures, pages, names_of(content)), pages
