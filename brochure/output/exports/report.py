"""The report's figures as files: one CSV per table and one JSON of everything.

CSV files are UTF-8 with a byte-order mark (so Excel opens Finnish and Swedish letters
right), comma-separated, with a header row of English column names; values are the content's
identifiers (``kokkola``, ``everyone``), dates ISO, and the first column's identifier is
followed by its Finnish name (``name_fi``) for people reading the file. The JSON holds the
same tables. A public report writes attendance counts below the privacy threshold as
``"< 5"`` (a string), exactly as the page shows them; an internal one writes every number.

Both are deterministic: the same content and date give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from brochure.check.content import ValidContent
from brochure.core import urls
from brochure.core.languages import text_in
from brochure.site.report_figures import Attendance, Matrix, Report, report, shown_count

Value = str | int | float
# Finnish names by kind ("municipality", "audience", "partner", "group") and identifier.
Names = Mapping[str, Mapping[str, str]]


def names_of(content: ValidContent) -> dict[str, dict[str, str]]:
    """Everything's name in the site's main language."""
    vocab, order = content.vocabularies, content.site.language_order
    main = order[0]
    return {
        "municipality": {k: v.get(main) for k, v in vocab.municipalities.items()},
        "audience": {k: v.get(main) for k, v in vocab.audiences.items()},
        "partner": {k: text_in(p.name, main, order, k) for k, p in content.partners.items()},
        "group": {k: text_in(g.name, main, order, k) for k, g in content.groups.items()},
    }


@dataclass(frozen=True)
class Table:
    """One table of the report, as written to its CSV file (``name``.csv)."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]


def _matrix(name: str, matrix: Matrix, names: Names) -> Table:
    header = ("municipality", "name_fi", *matrix.columns, "groups")
    rows: list[tuple[Value, ...]] = [
        (row, names["municipality"].get(row, row), *matrix.cells[i], matrix.row_totals[i])
        for i, row in enumerate(matrix.rows)]
    rows.append(("all", "", *matrix.column_totals, sum(matrix.row_totals)))
    return Table(name, header, tuple(rows))


def people(value: int | float, threshold: int, public: bool) -> Value:
    """A count of people: the number, or "< threshold" in a public report."""
    if public and value < threshold:
        return shown_count(value, threshold, public)
    return value


def _attendance(name: str, key: str, items: Sequence[Attendance], threshold: int,
                public: bool, names: Names) -> Table:
    kind = names.get(key, {})
    return Table(name, (key, "name_fi", "groups", "sessions", "visits", "median_visitors",
                        "first_time"),
                 tuple((a.key, kind.get(a.key, a.key), a.groups, a.sessions,
                        people(a.visits, threshold, public),
                        people(a.median, threshold, public),
                        people(a.first_time, threshold, public)) for a in items))


def _hidden(report: Report, public: bool) -> Table:
    """Hidden groups and why; a public report names none of them (a hidden group appears
    nowhere on the site) and counts them by reason instead."""
    if not public:
        return Table("hidden", ("group", "reason"),
                     tuple((h.slug, h.reason) for h in report.hidden))
    reasons = Counter(h.reason for h in report.hidden)
    return Table("hidden", ("reason", "groups"), tuple(sorted(reasons.items())))


def _shown_groups(report: Report, public: bool) -> tuple[Attendance, ...]:
    """Attendance per group: in a public report, of published groups only."""
    published = {f.slug for f in report.freshness}
    return tuple(a for a in report.attendance.groups if not public or a.key in published)


def tables(report: Report, threshold: int, public: bool,
           names: Names) -> tuple[Table, ...]:
    """Every table of the report, in the page's order."""
    att = report.attendance
    cells = tuple(
        (*a.key.split("/", 1), a.groups, a.sessions, people(a.visits, threshold, public),
         people(a.median, threshold, public), people(a.first_time, threshold, public))
        for a in att.cells)
    return (
        _matrix("coverage-audience", report.by_audience, names),
        _matrix("coverage-weekday", report.by_weekday, names),
        _matrix("coverage-time", report.by_time, names),
        _matrix("coverage-language", report.by_language, names),
        Table("coverage-gaps", ("municipality", "audience"), report.gaps),
        Table("partners", ("partner", "name_fi", "kind", "groups", "facilitating",
                           "contact"),
              tuple((s.partner, names["partner"].get(s.partner, s.partner), s.kind, s.groups,
                     s.facilitating, s.contact)
                    for s in report.partners)),
        Table("facilitator-pairs", ("kind_1", "kind_2", "groups"),
              tuple((*p.kinds, p.groups) for p in report.pairs)),
        Table("phases", ("phase", "groups"), report.phases),
        Table("freshness", ("group", "name_fi", "municipality", "reviewed", "months"),
              tuple((f.slug, names["group"].get(f.slug, f.slug), f.municipality,
                     f.reviewed.isoformat(), f.months)
                    for f in report.freshness)),
        _hidden(report, public),
        Table("expiring", ("group", "what", "last_day", "days"),
              tuple((e.slug, e.kind, e.last_day.isoformat(), e.days)
                    for e in report.expiring)),
        Table("partners-without-groups", ("partner", "name_fi"),
              tuple((p, names["partner"].get(p, p)) for p in report.idle_partners)),
        _attendance("attendance-groups", "group", _shown_groups(report, public), threshold,
                    public, names),
        _attendance("attendance-municipalities", "municipality", att.municipalities,
                    threshold, public, names),
        _attendance("attendance-audiences", "audience", att.audiences, threshold, public, names),
        Table("attendance-cells", ("municipality", "audience", "groups", "sessions", "visits",
                                   "median_visitors", "first_time"), cells),
        _attendance("attendance-seasons", "season", att.seasons, threshold, public, names),
        _attendance("attendance-months", "month", att.months, threshold, public, names),
    )


def csv_bytes(table: Table) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.header)
    writer.writerows(table.rows)
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def json_bytes(report: Report, threshold: int, public: bool, names: Names) -> bytes:
    data = {
        "today": report.today.isoformat(),
        "public": public,
        "privacy_threshold": threshold,
        "published_groups": report.published,
        "hidden_groups": report.hidden_count,
        "policy_window_days": report.window_days,
        "tables": {t.name: [dict(zip(t.header, row, strict=True)) for row in t.rows]
                   for t in tables(report, threshold, public, names)},
    }
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode()


def files(figures: Report, threshold: int, public: bool, names: Names) -> dict[str, bytes]:
    """Path (relative to the site) -> bytes of every report file."""
    out = {urls.report_csv(t.name): csv_bytes(t)
           for t in tables(figures, threshold, public, names)}
    out[urls.REPORT_JSON] = json_bytes(figures, threshold, public, names)
    return dict(sorted(out.items()))


def site_files(content: ValidContent) -> dict[str, bytes]:
    """The report's files when the report is part of the site (``report: public``)."""
    site = content.site
    if site is None or site.report != "public":
        return {}
    return files(report(content), site.report_threshold, True, names_of(content))
