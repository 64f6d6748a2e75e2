"""The report page of each language (site-model stage): figures put into words and tables.

:func:`report_pages` turns the figures (:mod:`brochure.site.report_figures`) into one
:class:`~brochure.site.pages.ReportPage` per language: every table with its caption, the period
or date it counts, its headers in words, its numbers as shown and as numbers (what a public
report hides is ".." on the page and an empty cell in a spreadsheet), its notes, the chart
drawn from the same numbers, and the CSV file it is also written to. The page opens with how
many groups report, and a few sentences that state the headline figures; the workbook's cover
sheet says the same (:mod:`brochure.output.exports.report`).

Long on purpose: mostly the words of some forty tables (captions, headers, notes),
each next to the figures it describes; split by report section if it grows further.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from brochure.check.content import ValidContent
from brochure.core import urls
from brochure.core.formatting import (
    capitalise,
    date_range,
    day_month,
    number,
    short_date,
    weekday_name,
)
from brochure.core.i18n import N_, gettext, plural
from brochure.core.languages import local
from brochure.site.pages import (
    ChartData,
    ReportCell,
    ReportPage,
    ReportRow,
    ReportSection,
    ReportTable,
    Series,
    bar,
)
from brochure.site.report_figures import (
    ALL,
    CALENDAR_YEAR,
    ENDED,
    FIRST_TIME,
    NO_PROFESSIONAL,
    OVERDUE,
    RETIRED,
    REVIEW_RUNS_OUT,
    STARTED,
    STARTING,
    STARTS,
    VISITS,
    Attendance,
    Matrix,
    Period,
    Report,
)
from brochure.site.views import ROLES

TIME_NAMES = {
    "morning": N_("Morning (before 12)"),
    "afternoon": N_("Afternoon (12–17)"),
    "evening": N_("Evening (from 17)"),
}
PHASE_NAMES = {"pilot": N_("Pilot"), "established": N_("Established")}
HIDDEN_NAMES = {"season-ended": N_("The season has ended"),
                "review-overdue": N_("The review is overdue")}
EVENT_NAMES = {STARTED: N_("Started"), STARTING: N_("Starts"),
               ENDED: N_("Season ended"), RETIRED: N_("Ended (deleted)")}
# What a public report shows in place of a hidden count (as official statistics write it).
HIDDEN_MARK = ".."


class _Words:
    """The content's identifiers, numbers and dates in one language."""

    def __init__(self, content: ValidContent, report: Report, lang: str) -> None:
        self.content, self.vocab, self.report, self.lang = (
            content, content.vocabularies, report, lang)
        self.order = content.site.language_order

    def _(self, message: str) -> str:
        return gettext(self.lang, message)

    def municipality(self, key: str) -> str:
        entry = self.vocab.municipalities.get(key)
        return entry.get(self.lang) if entry else key

    def audience(self, key: str) -> str:
        entry = self.vocab.audiences.get(key)
        return entry.get(self.lang) if entry else key

    def language(self, key: str) -> str:
        entry = self.vocab.languages.get(key)
        return entry.get(self.lang) if entry else key

    def kind(self, key: str) -> str:
        entry = self.vocab.partner_kinds.get(key)
        return entry.get(self.lang) if entry else key

    def roles(self, roles: Sequence[str]) -> str:
        return " + ".join(self._(ROLES[r]) for r in roles)

    def partner(self, pid: str) -> tuple[str, str | None]:
        partner = self.content.partners.get(pid)
        name = local(partner.name, self.lang, self.order) if partner else None
        return (name.text, name.lang if name.lang != self.lang else None) if name else (pid,
                                                                                        None)

    def group(self, slug: str) -> tuple[str, str | None]:
        group = self.content.groups.get(slug)
        retired = self.content.retired.get(slug)
        text = group.name if group else retired.name if retired else None
        name = local(text, self.lang, self.order)
        return (name.text, name.lang if name.lang != self.lang else None) if name else (slug,
                                                                                        None)

    def unnamed(self, slug: str) -> str:
        """A hidden or deleted group as a public report counts it, without its name."""
        group = self.content.groups.get(slug)
        retired = self.content.retired.get(slug)
        municipality = self.municipality(group.municipality if group else
                                         retired.municipality if retired else "")
        if self.content.hidden.get(slug) == "review-overdue":
            return self._(N_("A hidden group (%(municipality)s)")) % {
                "municipality": municipality}
        return self._(N_("A group that has ended (%(municipality)s)")) % {
            "municipality": municipality}

    def number(self, value: int | float, decimals: int = 0) -> str:
        return number(value, self.lang, decimals)

    def date(self, day: dt.date) -> str:
        return short_date(day, self.lang)

    # --- cells ---

    def count(self, value: int, url: str | None = None, gap: bool = False) -> ReportCell:
        return ReportCell(self.number(value), url, gap, value=value)

    def decimal(self, value: float, decimals: int = 1) -> ReportCell:
        value = round(value, decimals)
        return ReportCell(self.number(value, decimals), value=value, decimals=decimals)

    def text(self, text: str) -> ReportCell:
        return ReportCell(text)

    def day(self, day: dt.date) -> ReportCell:
        return ReportCell(self.date(day), value=day)

    def people(self, measure: str, counts: Attendance, value: float | None = None,
               decimals: int = 0) -> ReportCell:
        """A count of people (or a figure made of one), unless a public report hides it."""
        if not self.report.shows(measure, counts):
            return ReportCell(HIDDEN_MARK, suppressed=True)
        shown = getattr(counts, measure) if value is None else value
        return self.decimal(shown, decimals) if decimals else self.count(int(shown))

    def drawn(self, measure: str, counts: Attendance) -> float | None:
        """A chart's bar: not drawn where the table hides the count."""
        return getattr(counts, measure) if self.report.shows(measure, counts) else None

    # --- the period ---

    def period(self, period: Period) -> str:
        """"Toimintavuosi 2026–2027 (1.8.2026–31.7.2027)", "Vuosi 2026 (1.1.–31.12.2026)"."""
        if period.kind == CALENDAR_YEAR:
            name = self._(N_("Year %(year)s")) % {"year": period.start.year}
        else:
            name = self._(N_("Operating year %(years)s")) % {
                "years": f"{period.start.year}–{period.end.year}"}
        return f"{name} ({date_range(period.start, period.end, self.lang)})"

    def of_period(self) -> str:
        """What a period table counts: the period, and the day its figures reach."""
        report = self.report
        text = self.period(report.period)
        if report.today < report.period.end:
            text += ", " + self._(N_("figures up to %(date)s")) % {
                "date": self.date(report.today)}
        return text

    def on_date(self) -> str:
        return self._(N_("Published groups on %(date)s")) % {"date": self.date(self.report.today)}


def report_pages(content: ValidContent, report: Report, languages: tuple[str, ...],
                 site_titles: dict[str, str], public: bool, standalone: bool = False,
                 default_language: str | None = None) -> list[ReportPage]:
    """One report page per language (``standalone``: for ``brochure report --output``). The
    CSV files of ``default_language`` (the site's) keep the names ``data/report/<table>.csv``;
    the others' are in ``data/report/<lang>/``."""
    default = default_language or content.site.language_order[0]
    published = {g.slug for g in content.published}
    pages = []
    for lang in languages:
        words = _Words(content, report, lang)
        heading = gettext(lang, N_("Monitoring"))
        csv_lang = None if lang == default else lang

        def csv(name: str, csv_lang: str | None = csv_lang) -> str:
            return urls.report_csv(name, csv_lang)

        pages.append(ReportPage(
            url=urls.report(lang), lang=lang, key="report",
            title=f"{heading} – {site_titles[lang]}",
            description=gettext(lang, N_("Where the groups are, for whom, who runs them and how "
                                         "many come: the coordinator's follow-up.")),
            alternates={code: urls.report(code) for code in languages},
            heading=heading,
            summary=summary(words),
            period=words.of_period(),
            intro=_intro(words, public),
            sections=(
                _reporting(words, published, csv),
                _results(words, published, csv),
                _attendance(words, published, csv),
                _coverage(words, csv),
                _partners(words, published, csv),
                _freshness(words, published, public, csv),
            ),
            json=urls.REPORT_JSON,
            workbook=urls.REPORT_WORKBOOK if standalone else None,
            csv_folder=urls.report_csv("x", csv_lang).rsplit("/", 1)[0] + "/",
            standalone=standalone, absolute_links=standalone,
            sitemap=public and not standalone, noindex=not public or standalone))
    return pages


def summary(w: _Words) -> tuple[str, ...]:
    """The headline figures in a few sentences (the page's opening, the workbook's cover)."""
    report = w.report
    period = report.period
    total = report.attendance.total
    due = sum(c.due for c in report.coverage)
    reported = sum(c.held for c in report.coverage)
    if period.kind == CALENDAR_YEAR:
        opening = plural(w.lang, "In %(period)s, %(n)s group ran in the region.",
                         "In %(period)s, %(n)s groups ran in the region.",
                         report.groups_of_period)
        name = str(period.start.year)
    else:
        opening = plural(w.lang, "In the operating year %(period)s, %(n)s group ran in the "
                         "region.", "In the operating year %(period)s, %(n)s groups ran in "
                         "the region.", report.groups_of_period)
        name = f"{period.start.year}–{period.end.year}"
    lines = [opening % {"period": name, "n": report.groups_of_period}]
    lines.append(w._(N_("%(reporting)s of the %(expected)s groups that have met so far report "
                        "their attendance: %(reported)s meetings reported of %(due)s due by "
                        "%(date)s.")) % {
        "reporting": report.reporting, "expected": report.expected_to_report,
        "reported": reported, "due": due, "date": w.date(report.today)})
    if total.sessions and report.shows(VISITS, total):
        lines.append(w._(N_("The reported meetings had %(visits)s visits, %(average)s visitors "
                            "per meeting on average.")) % {
            "visits": w.number(total.visits), "average": w.number(total.average, 1)})
    if total.sessions and report.shows(FIRST_TIME, total):
        lines.append(w._(N_("At least %(n)s people came to a group for the first time (first "
                            "visits summed over the groups: a lower bound of the people "
                            "reached).")) % {"n": w.number(total.first_time)})
    started = sum(1 for e in report.started_ended if e.event == STARTED)
    ended = sum(1 for e in report.started_ended if e.event in (ENDED, RETIRED))
    lines.append(w._(N_("Groups that started in the period: %(started)s; groups that ended: "
                        "%(ended)s.")) % {"started": started, "ended": ended})
    return tuple(lines)


def _intro(w: _Words, public: bool) -> tuple[str, ...]:
    report = w.report
    lines = [w._(N_("Figures of %(date)s: %(published)s groups published, %(hidden)s "
                    "hidden.")) % {"date": w.date(report.today), "published": report.published,
                                   "hidden": report.hidden_count}]
    if public:
        lines.append(w._(N_("To protect privacy, counts of people below %(threshold)s are "
                            "hidden (shown as \"..\"), and so is every figure from which they "
                            "could be worked out.")) % {"threshold": report.threshold})
    lines.append(w._(N_("Every table says the period or the date it counts. Every chart has "
                        "a table with the same numbers next to it. Each table is also a "
                        "spreadsheet file (CSV), and everything together is one JSON file.")))
    return tuple(lines)


def _hidden_note(w: _Words) -> str:
    return w._(N_("\"..\" on the page, an empty cell in a spreadsheet: hidden to protect "
                  "privacy, being below %(threshold)s or a figure from which a hidden one could "
                  "be worked out.")) % {"threshold": w.report.threshold}


Csv = Callable[[str], str]


def _table(w: _Words, csv: Csv, name: str, caption: str, columns: Sequence[str],
           rows: Sequence[ReportRow], *, period: str, chart: ChartData | None = None,
           empty: str = "", notes: Sequence[str] = ()) -> ReportTable:
    table = ReportTable(name, caption, tuple(columns), tuple(rows), csv(name), chart,
                        empty, period, tuple(notes))
    if table.suppressed:
        return ReportTable(name, caption, tuple(columns), tuple(rows), csv(name), chart,
                           empty, period, (*notes, _hidden_note(w)))
    return table


def _group_row(w: _Words, published: set[str], slug: str, cells: Sequence[ReportCell],
               suffix: str = "") -> ReportRow:
    if not w.report.names(slug):
        return ReportRow(w.unnamed(slug), tuple(cells))
    name, name_lang = w.group(slug)
    return ReportRow(name + suffix, tuple(cells),
                     urls.group(w.lang, slug) if slug in published else None, name_lang,
                     key=slug)


def _status(w: _Words, status: str, day: dt.date | None) -> str:
    if status == ENDED and day is not None:
        return w._(N_("Season ended %(date)s")) % {"date": w.date(day)}
    if status == STARTS and day is not None:
        return w._(N_("Starts %(date)s")) % {"date": w.date(day)}
    if status == OVERDUE:
        return w._(N_("Hidden: the review is overdue"))
    if status == RETIRED:
        return (w._(N_("Ended %(date)s")) % {"date": w.date(day)} if day is not None
                else w._(N_("Ended")))
    return w._(N_("Running"))


# --- reporting coverage ---------------------------------------------------------------------

def _reporting(w: _Words, published: set[str], csv: Csv) -> ReportSection:
    report = w.report
    rows = []
    for c in sorted(report.coverage, key=lambda c: (c.municipality, w.group(c.slug)[0])):
        rows.append(_group_row(w, published, c.slug, (
            w.text(w.municipality(c.municipality)), w.text(_status(w, c.status, c.status_date)),
            w.count(c.planned), w.count(c.due), w.count(c.held), w.count(c.cancelled),
            w.count(len(c.unreported)), w.count(c.upcoming))))
    cov = report.coverage
    rows.append(ReportRow(w._(N_("All groups")), (
        w.text(""), w.text(""), w.count(sum(c.planned for c in cov)),
        w.count(sum(c.due for c in cov)), w.count(sum(c.held for c in cov)),
        w.count(sum(c.cancelled for c in cov)), w.count(sum(len(c.unreported) for c in cov)),
        w.count(sum(c.upcoming for c in cov))), key=ALL, total=True))
    intro = w._(N_(
        "The groups of the period, and how many of their meetings are reported. Only reported "
        "meetings count in the figures below, so they say as much as the reports do."))
    return ReportSection("reporting", w._(N_("Reporting")), intro, (
        _table(w, csv, "reporting", w._(N_("Meetings planned, held and reported per group")),
               (w._(N_("Group")), w._(N_("Municipality")), w._(N_("Status")),
                w._(N_("Planned in the period")), w._(N_("Due so far")),
                w._(N_("Reported")), w._(N_("Cancelled")), w._(N_("Not reported")),
                w._(N_("Still to come"))), rows, period=w.of_period(), notes=(
                   w._(N_("Planned: the meetings of the group's current season that fall in "
                          "the period, without its breaks, public holidays (unless it meets "
                          "on them) and cancelled meetings. Due: planned before %(date)s.")) %
                   {"date": w.date(report.today)},
                   w._(N_("Reported: meetings with an attendance report in the period; an "
                          "earlier season's meetings count as reported but are not in the "
                          "plan, which comes from the current season.")),
                   w._(N_("A group counts in every table of the period, also when its season "
                          "has ended or it is hidden.")),
                   *((w._(N_("A group that has ended and whose entry is deleted counts with "
                             "the meetings it reported; its plan was deleted with its "
                             "entry.")),) if any(c.status == RETIRED for c in cov) else ()))),
    ))


# --- the funder's and the model's questions -------------------------------------------------

def _results(w: _Words, published: set[str], csv: Csv) -> ReportSection:
    report = w.report
    total = report.attendance.total
    key_rows = [
        (N_("Groups in the period"), w.count(report.groups_of_period)),
        (N_("Groups that report attendance"), w.count(report.reporting)),
        (N_("Meetings due so far"), w.count(sum(c.due for c in report.coverage))),
        (N_("Meetings reported"), w.count(total.sessions)),
        (N_("Visits"), w.people(VISITS, total)),
        (N_("Average visitors per meeting"), w.people(VISITS, total, total.average, 1)),
        (N_("Participants, at least (first visits)"), w.people(FIRST_TIME, total)),
        (N_("Groups started"), w.count(sum(1 for e in report.started_ended
                                           if e.event == STARTED))),
        (N_("Groups ended"), w.count(sum(1 for e in report.started_ended
                                         if e.event in (ENDED, RETIRED)))),
        (N_("Municipalities with a group"),
         w.count(len({c.municipality for c in report.coverage}))),
    ]
    key_figures = _table(
        w, csv, "key-figures", w._(N_("Key figures")), (w._(N_("Figure")), w._(N_("Value"))),
        [ReportRow(w._(label), (cell,), key=label) for label, cell in key_rows],
        period=w.of_period(), notes=(w._(N_(
            "Participants: first visits summed over the reporting groups. It is a lower bound "
            "of the people reached as far as the counts allow: regulars who first came before "
            "the period are not in it, and groups that do not report are missing; a person "
            "who came to two groups for the first time counts in both.")),))
    return ReportSection("results", w._(N_("Participants, partners and reach")), w._(N_(
        "The funder's and the operating model's questions: how many take part, what each "
        "partner puts in, how many groups started or ended and where, how much of each "
        "municipality the groups reach, and how full they are.")), (
        key_figures,
        _partner_input(w, csv),
        _started_ended(w, published, csv),
        _reach(w, csv),
        _capacity(w, published, csv),
    ))


def _partner_input(w: _Words, csv: Csv) -> ReportTable:
    rows = []
    for p in w.report.partner_inputs:
        name, name_lang = w.partner(p.partner)
        rows.append(ReportRow(name, (
            w.text(w.kind(p.kind)), w.count(p.groups), w.count(p.facilitators),
            w.count(p.contact), w.count(p.due), w.count(p.attendance.sessions),
            w.people(VISITS, p.attendance)), urls.partner(w.lang, p.partner), name_lang,
            key=p.partner))
    return _table(
        w, csv, "partner-input", w._(N_("Each partner's input: groups, meetings and visits")),
        (w._(N_("Partner")), w._(N_("Kind")), w._(N_("Groups facilitated")),
         w._(N_("Facilitators")), w._(N_("As contact partner")), w._(N_("Meetings due so far")),
         w._(N_("Meetings reported")), w._(N_("Visits reported"))), rows,
        period=w.of_period(), empty=w._(N_("No group in the period.")), notes=(w._(N_(
            "A group counts for each partner with a facilitator in it, so the rows add up to "
            "more than the groups. Meetings and visits are those of the groups the partner "
            "facilitates.")),))


def _started_ended(w: _Words, published: set[str], csv: Csv) -> ReportTable:
    rows = [_group_row(w, published, e.slug, (
        w.text(w.municipality(e.municipality)), w.text(w._(EVENT_NAMES[e.event])),
        w.day(e.day))) for e in w.report.started_ended]
    notes = [w._(N_(
        "Started: a new (pilot) group's earliest reported meeting in any season's attendance "
        "file, or its current season's first day; an established group goes on and is not "
        "counted as started. Season ended: the season in the group's entry is over. Ended "
        "(deleted): the date in content/retired.yaml."))]
    if w.report.undated_retired:
        notes.append(w._(N_("Deleted groups without an end date in content/retired.yaml: "
                            "%(n)s (not counted).")) % {"n": w.report.undated_retired})
    return _table(w, csv, "groups-started-ended", w._(N_("Groups started and ended")),
                  (w._(N_("Group")), w._(N_("Municipality")), w._(N_("What")),
                   w._(N_("Date"))), rows, period=w.of_period(),
                  empty=w._(N_("No group started or ended in the period.")), notes=notes)


def _reach(w: _Words, csv: Csv) -> ReportTable:
    report = w.report
    rows = []

    def per_1000(measure: str, counts: Attendance, inhabitants: int | None) -> ReportCell:
        if inhabitants is None:
            return w.text("")
        return w.people(measure, counts, getattr(counts, measure) * 1000 / inhabitants, 1)

    for r in report.reach:
        counted = r.attendance
        numbers: tuple[ReportCell, ...]
        if counted is None:
            numbers = (w.text(""),) * 4
        else:
            numbers = (w.people(VISITS, counted), per_1000(VISITS, counted, r.population),
                       w.people(FIRST_TIME, counted),
                       per_1000(FIRST_TIME, counted, r.population))
        rows.append(ReportRow(w.municipality(r.municipality), (
            w.count(r.population) if r.population is not None else w.text(""),
            w.count(r.groups, gap=not r.groups), w.count(r.reporting), *numbers),
            urls.municipality(w.lang, r.municipality), key=r.municipality))
    total = report.attendance.total
    inhabitants = sum(r.population or 0 for r in report.reach)
    complete = all(r.population is not None for r in report.reach)
    # The whole region's reach is over the municipalities whose groups report: where none
    # does, the reach is unknown, and counting its people would make it look smaller.
    reported = [r for r in report.reach if r.attendance is not None]
    known = sum(r.population or 0 for r in reported) if reported and all(
        r.population is not None for r in reported) else None
    rows.append(ReportRow(w._(N_("All municipalities")), (
        w.count(inhabitants) if complete else w.text(""),
        w.count(sum(r.groups for r in report.reach)),
        w.count(sum(r.reporting for r in report.reach)),
        w.people(VISITS, total), per_1000(VISITS, total, known),
        w.people(FIRST_TIME, total),
        per_1000(FIRST_TIME, total, known)), key=ALL, total=True))
    source = report.population
    notes = [w._(N_("Per 1,000 inhabitants: the reported counts divided by the population. "
                    "Where no group reports, nothing is shown: the reach there is unknown, "
                    "not zero. For all municipalities, the counts are divided by the "
                    "population of the municipalities where a group reports."))]
    if source is not None:
        notes.insert(0, w._(N_("Inhabitants: %(source)s (%(year)s).")) % {
            "source": source.source.get(w.lang) or next(iter(source.source.values()), ""),
            "year": source.year} + (f" {source.url}" if source.url else ""))
    else:
        notes.insert(0, w._(N_("No population figures: add content/population.yaml.")))
    return _table(
        w, csv, "reach", w._(N_("Reach per 1,000 inhabitants, per municipality")),
        (w._(N_("Municipality")), w._(N_("Inhabitants")), w._(N_("Groups")),
         w._(N_("Groups reporting")), w._(N_("Visits")),
         w._(N_("Visits per 1,000 inhabitants")), w._(N_("First-time visitors")),
         w._(N_("First-time visitors per 1,000 inhabitants"))), rows,
        period=w.of_period(), notes=notes)


def _capacity(w: _Words, published: set[str], csv: Csv) -> ReportTable:
    rows = []
    for c in w.report.capacity:
        a = c.attendance
        rows.append(_group_row(w, published, c.slug, (
            w.count(c.maximum), w.count(a.sessions), w.people(VISITS, a, a.average, 1),
            w.people(VISITS, a, a.average * 100 / c.maximum, 1),
            w.count(c.over))))
    return _table(
        w, csv, "capacity", w._(N_("Capacity use: visitors against the group's maximum")),
        (w._(N_("Group")), w._(N_("Maximum")), w._(N_("Meetings reported")),
         w._(N_("Average visitors per meeting")), w._(N_("Use of capacity (%)")),
         w._(N_("Meetings over the maximum"))), rows, period=w.of_period(),
        empty=w._(N_("No reporting group has a maximum number of participants.")),
        notes=(w._(N_("Groups with a maximum (max_participants) that reported meetings. Use "
                      "of capacity: the average visitors per meeting as a share of the "
                      "maximum.")),))


# --- attendance -----------------------------------------------------------------------------

def _month_name(w: _Words, key: str) -> str:
    year, month = key.split("-")
    name = f"{int(month)}/{year}"
    partial = w.report.attendance.partial(key)
    if partial is None:
        return name
    if partial.start and partial.end:
        return w._(N_("%(month)s (%(start)s–%(end)s)")) % {
            "month": name, "start": day_month(partial.start, w.lang),
            "end": day_month(partial.end, w.lang)}
    if partial.start:
        return w._(N_("%(month)s (from %(date)s)")) % {
            "month": name, "date": day_month(partial.start, w.lang)}
    assert partial.end is not None
    return w._(N_("%(month)s (to %(date)s)")) % {"month": name,
                                                 "date": day_month(partial.end, w.lang)}


def _attendance(w: _Words, published: set[str], csv: Csv) -> ReportSection:
    report = w.report
    att = report.attendance
    lang = w.lang

    def cells(a: Attendance) -> tuple[ReportCell, ...]:
        return (w.count(a.groups), w.count(a.sessions), w.people(VISITS, a),
                w.people(VISITS, a, a.average, 1), w.people(FIRST_TIME, a))

    columns = (w._(N_("Groups")), w._(N_("Meetings")), w._(N_("Visits")),
               w._(N_("Average visitors per meeting")), w._(N_("First-time visitors")))
    total = ReportRow(w._(N_("All groups")), cells(att.total), key=ALL, total=True)

    def table(name: str, caption: str, first: str, rows: Sequence[ReportRow],
              chart: ChartData | None = None, notes: Sequence[str] = (),
              with_total: bool = True) -> ReportTable:
        if rows and with_total:
            rows = [*rows, total]
        return _table(w, csv, name, caption, (first, *columns), rows, period=w.of_period(),
                      chart=chart, empty=w._(N_("No attendance has been reported yet.")),
                      notes=notes)

    def status(slug: str) -> str:
        entry = next((c for c in report.coverage if c.slug == slug), None)
        if entry is None or entry.status not in (ENDED, OVERDUE, STARTS, RETIRED):
            return ""
        said = _status(w, entry.status, entry.status_date)
        # Only the first letter: an English month keeps its capital ("ended 1 Oct 2026").
        return f" ({said[:1].lower()}{said[1:]})"

    month_chart = ChartData(
        "months", w._(N_("Visits and first-time visitors per month")),
        tuple(_month_name(w, a.key) for a in att.months),
        (Series(w._(N_("Visits")), tuple(w.drawn(VISITS, a) for a in att.months)),
         Series(w._(N_("First-time visitors")),
                tuple(w.drawn(FIRST_TIME, a) for a in att.months))))
    season_chart = bar(
        "seasons", w._(N_("Visits per season")),
        [w._(N_("Season %(year)s")) % {"year": a.key} for a in att.seasons],
        w._(N_("Visits")), [w.drawn(VISITS, a) for a in att.seasons])
    trend_names = [_period_name(w, key) for key in (a.key for a in report.trend)]
    trend_chart = bar("trend", w._(N_("Visits per period, this and earlier ones")),
                      trend_names, w._(N_("Visits")),
                      [w.drawn(VISITS, a) for a in report.trend])
    intro = w._(N_(
        "Partners report how many came to each meeting and how many came for the first time: "
        "numbers only, never names. A group counts in each of its audiences."))
    if not att.any:
        intro += " " + w._(N_("No attendance has been reported yet."))
    else:
        intro += " " + plural(lang, "%(n)s meeting reported.", "%(n)s meetings reported.",
                              att.total.sessions) % {"n": att.total.sessions}
    partial_note = (w._(N_("A month with dates in brackets is counted only in part: from the "
                           "day the groups began, or up to the day of the figures.")),)
    trend_rows = [ReportRow(name, (w.count(a.groups), w.count(a.sessions),
                                   w.people(VISITS, a), w.people(VISITS, a, a.average, 1),
                                   w.people(FIRST_TIME, a)), key=a.key)
                  for name, a in zip(trend_names, report.trend, strict=True)]
    audience_notes = (w._(N_("A group counts in each of its audiences, so the rows add up to "
                             "more than the total.")),
                      *((w._(N_("A group whose entry is deleted counts in the total only: its "
                                "audiences were deleted with its entry.")),)
                        if any(c.status == RETIRED for c in report.coverage)
                        else ()))
    return ReportSection("attendance", w._(N_("Attendance")), intro, (
        _table(w, csv, "attendance-trend", w._(N_("Attendance per period: the trend")),
               (w._(N_("Period")), w._(N_("Groups reporting")), *columns[1:]), trend_rows,
               period=w._(N_("Every period of the attendance files up to %(period)s")) % {
                   "period": w.period(report.period)},
               chart=trend_chart if any(a.sessions for a in report.trend) else None,
               notes=(w._(N_("Each row counts the meetings reported in that period, by the "
                             "groups that reported then.")),)),
        table("attendance-months", w._(N_("Attendance per month")), w._(N_("Month")),
              [ReportRow(_month_name(w, a.key), cells(a), key=a.key) for a in att.months],
              month_chart if att.any else None, partial_note),
        table("attendance-seasons", w._(N_("Attendance per season")), w._(N_("Season")),
              [ReportRow(w._(N_("Season %(year)s")) % {"year": a.key}, cells(a), key=a.key)
               for a in att.seasons], season_chart if att.any else None,
              (w._(N_("A season is named by the year it starts in, as the attendance files "
                      "are; only its meetings in the period count.")),)),
        table("attendance-groups", w._(N_("Attendance per group")), w._(N_("Group")),
              [_group_row(w, published, a.key, cells(a), status(a.key))
               for a in att.groups]),
        table("attendance-municipalities", w._(N_("Attendance per municipality")),
              w._(N_("Municipality")),
              [ReportRow(w.municipality(a.key), cells(a), urls.municipality(lang, a.key),
                         key=a.key) for a in att.municipalities]),
        table("attendance-audiences", w._(N_("Attendance per audience")),
              w._(N_("Audience")),
              [ReportRow(w.audience(a.key), cells(a), urls.audience(lang, a.key), key=a.key)
               for a in att.audiences],
              notes=audience_notes),
        table("attendance-cells", w._(N_("Attendance by municipality and audience")),
              w._(N_("Municipality and audience")),
              [ReportRow(f"{w.municipality(a.key.split('/')[0])} – "
                         f"{w.audience(a.key.split('/')[1])}", cells(a), key=a.key)
               for a in att.cells],
              notes=audience_notes),
    ))


def _period_name(w: _Words, key: str) -> str:
    if "-" in key:
        first, last = key.split("-")
        return w._(N_("Operating year %(years)s")) % {"years": f"{first}–{last}"}
    return w._(N_("Year %(year)s")) % {"year": key}


# --- coverage -------------------------------------------------------------------------------

def _matrix_table(w: _Words, csv: Csv, matrix: Matrix, caption: str,
                  column_name: Callable[[str], str], column_url: Callable[[str], str | None],
                  chart: ChartData | None = None) -> ReportTable:
    rows = []
    for i, mid in enumerate(matrix.rows):
        url = urls.municipality(w.lang, mid)
        cells = tuple(w.count(n, url if n else None, gap=not n) for n in matrix.cells[i])
        total = matrix.row_totals[i]
        rows.append(ReportRow(w.municipality(mid),
                              (*cells, w.count(total, url if total else None, gap=not total)),
                              url, key=mid))
    totals = tuple(w.count(n, column_url(c) if n else None, gap=not n)
                   for c, n in zip(matrix.columns, matrix.column_totals, strict=True))
    rows.append(ReportRow(w._(N_("All municipalities")),
                          (*totals, w.count(sum(matrix.row_totals))), key=ALL, total=True))
    return _table(
        w, csv, f"coverage-{matrix.name}", caption,
        (w._(N_("Municipality")), *(column_name(c) for c in matrix.columns),
         w._(N_("All groups"))), rows, period=w.on_date(), chart=chart)


def _gaps_table(w: _Words, csv: Csv) -> ReportTable:
    missing: dict[str, list[str]] = {}
    for municipality, audience in w.report.gaps:
        missing.setdefault(municipality, []).append(w.audience(audience))
    return _table(
        w, csv, "coverage-gaps", w._(N_("Audiences without a group, per municipality")),
        (w._(N_("Municipality")), w._(N_("No published group for"))),
        [ReportRow(w.municipality(m), (w.text(", ".join(audiences)),),
                   urls.municipality(w.lang, m), key=m)
         for m, audiences in missing.items()], period=w.on_date(),
        empty=w._(N_("Every municipality has a group for every audience.")))


def _coverage(w: _Words, csv: Csv) -> ReportSection:
    lang = w.lang
    report = w.report
    per_municipality = bar(
        "municipalities", w._(N_("Published groups per municipality, all audiences together")),
        [w.municipality(m) for m in report.by_audience.rows], w._(N_("Groups")),
        report.by_audience.row_totals)
    return ReportSection("coverage", w._(N_("Coverage")), w._(N_(
        "How many published groups each municipality has, for whom, on which days, at which "
        "time of day and in which languages. A group can count in several columns. Cells with "
        "no group are highlighted: they are the gaps. Each number leads to the groups of that "
        "municipality.")), (
        _matrix_table(w, csv, report.by_audience,
                      w._(N_("Groups by municipality and audience")), w.audience,
                      lambda a: urls.audience(lang, a), per_municipality),
        _gaps_table(w, csv),
        _matrix_table(w, csv, report.by_weekday, w._(N_("Groups by municipality and weekday")),
                      lambda d: capitalise(weekday_name(d, lang)),
                      lambda d: urls.filter_page(lang, "weekday", d)),
        _matrix_table(w, csv, report.by_time,
                      w._(N_("Groups by municipality and time of day")),
                      lambda t: w._(TIME_NAMES[t]), lambda t: None),
        _matrix_table(w, csv, report.by_language,
                      w._(N_("Groups by municipality and language")), w.language,
                      lambda code: None),
    ))


# --- the partners' share --------------------------------------------------------------------

def _partners(w: _Words, published: set[str], csv: Csv) -> ReportSection:
    report = w.report
    rows = []
    for share in report.partners:
        name, name_lang = w.partner(share.partner)
        rows.append(ReportRow(name, (
            w.text(w.kind(share.kind)), w.count(share.groups, gap=not share.groups),
            w.count(share.facilitating), w.count(share.contact)),
            urls.partner(w.lang, share.partner), name_lang, key=share.partner))
    partner_chart = bar(
        "partners", w._(N_("Published groups per partner")), [r.header for r in rows],
        w._(N_("Groups")), [s.groups for s in report.partners])
    pairs = [(f"{w.kind(p.kinds[0])} + {w.kind(p.kinds[1])}", p.groups, "+".join(p.kinds))
             for p in report.pairs]
    pair_chart = bar("pairs", w._(N_("Facilitator pairs by sector (kind of partner)")),
                     [p[0] for p in pairs], w._(N_("Groups")), [p[1] for p in pairs])
    roles = report.role_pairs
    role_rows = [ReportRow(w.roles(r.roles), (
        w.count(r.groups), w.text(w._(N_("Yes")) if r.recommended else w._(N_("No")))),
        key="+".join(r.roles)) for r in roles]
    if role_rows:
        role_rows.append(ReportRow(w._(N_("All groups")), (
            w.count(sum(r.groups for r in roles)), w.text("")), key=ALL, total=True))
    role_chart = bar("roles", w._(N_("Facilitator pairs by role")),
                     [w.roles(r.roles) for r in roles], w._(N_("Groups")),
                     [r.groups for r in roles])
    exception_rows = [_group_row(w, published, e.slug, (
        w.text(w.municipality(e.municipality)), w.text(w._(PHASE_NAMES[e.phase])),
        w.text(w.roles(e.roles)),
        w.text(w._(N_("No professional")) if e.reason == NO_PROFESSIONAL
               else w._(N_("Two professionals")))))
        for e in report.pair_exceptions]
    return ReportSection("partners", w._(N_("The partners' share")), w._(N_(
        "Which partners take part in the published groups, as a facilitator's organisation "
        "or as the contact partner. Facilitators work in pairs from two different "
        "organisations; the pairs show how the sectors work together, and who runs the "
        "groups: the model recommends a professional with a volunteer, a peer or an "
        "experience expert.")), (
        _table(w, csv, "partners", w._(N_("Groups per partner")),
               (w._(N_("Partner")), w._(N_("Kind")), w._(N_("Groups")),
                w._(N_("With a facilitator")), w._(N_("As contact partner"))),
               rows, period=w.on_date(), chart=partner_chart),
        _table(w, csv, "facilitator-pairs",
               w._(N_("Facilitator pairs by sector (kind of partner)")),
               (w._(N_("Pair")), w._(N_("Groups"))),
               [ReportRow(label, (w.count(n),), key=key) for label, n, key in pairs],
               period=w.on_date(), chart=pair_chart, notes=(w._(N_(
                   "A group with facilitators from more than two partners counts once in "
                   "each of its pairs.")),)),
        _table(w, csv, "facilitator-roles", w._(N_("Facilitator pairs by role")),
               (w._(N_("Roles")), w._(N_("Groups")), w._(N_("The recommended pair"))),
               role_rows, period=w.on_date(), chart=role_chart, notes=(w._(N_(
                   "Each group once, by its facilitators' roles. The operating model asks "
                   "for a professional in every new group; once a group is established, two "
                   "experience experts may run it.")),)),
        _table(w, csv, "pair-exceptions",
               w._(N_("Groups without the recommended pair")),
               (w._(N_("Group")), w._(N_("Municipality")), w._(N_("Phase")),
                w._(N_("Roles")), w._(N_("Why"))),
               exception_rows, period=w.on_date(),
               empty=w._(N_("Every group has the recommended pair."))),
        _table(w, csv, "phases", w._(N_("Pilot and established groups")),
               (w._(N_("Phase")), w._(N_("Groups"))),
               [ReportRow(w._(PHASE_NAMES[p]), (w.count(n),), key=p)
                for p, n in report.phases], period=w.on_date()),
    ))


# --- freshness ------------------------------------------------------------------------------

def _hidden(w: _Words, public: bool, csv: Csv,
            group_row: Callable[[str, Sequence[ReportCell]], ReportRow]) -> ReportTable:
    """Hidden groups and why; a public report counts them by reason without naming them (a
    hidden group appears nowhere on the site)."""
    def why(reason: str) -> str:
        return w._(HIDDEN_NAMES.get(reason, reason))

    report = w.report
    if public:
        reasons: dict[str, int] = {}
        for h in report.hidden:
            reasons[h.reason] = reasons.get(h.reason, 0) + 1
        rows = [ReportRow(why(r), (w.count(n),), key=r) for r, n in sorted(reasons.items())]
        columns = (w._(N_("Why")), w._(N_("Groups")))
    else:
        rows = [group_row(h.slug, (w.text(why(h.reason)),)) for h in report.hidden]
        columns = (w._(N_("Group")), w._(N_("Why")))
    return _table(w, csv, "hidden", w._(N_("Hidden groups")), columns, rows,
                  period=w.on_date(), empty=w._(N_("No group is hidden.")))


def _freshness(w: _Words, published: set[str], public: bool, csv: Csv) -> ReportSection:
    report = w.report

    def group_row(slug: str, cells: Sequence[ReportCell]) -> ReportRow:
        return _group_row(w, published, slug, cells)

    idle = []
    for pid in report.idle_partners:
        name, name_lang = w.partner(pid)
        kind = w.content.partners[pid].kind if pid in w.content.partners else ""
        idle.append(ReportRow(name, (w.text(w.kind(kind)),), urls.partner(w.lang, pid),
                              name_lang, key=pid))
    return ReportSection("freshness", w._(N_("Freshness")), w._(N_(
        "How long ago each published group's details were checked, which groups are hidden and "
        "why, what runs out soon, and which partners have no published group.")), (
        _table(w, csv, "freshness", w._(N_("Months since the last review")),
               (w._(N_("Group")), w._(N_("Municipality")), w._(N_("Reviewed")),
                w._(N_("Months ago"))),
               [group_row(f.slug, (w.text(w.municipality(f.municipality)), w.day(f.reviewed),
                                   w.count(f.months)))
                for f in report.freshness], period=w.on_date()),
        _hidden(w, public, csv, group_row),
        _table(w, csv, "expiring", w._(N_("Running out within %(days)s days")) % {
                   "days": report.window_days},
               (w._(N_("Group")), w._(N_("What runs out")), w._(N_("Last day shown")),
                w._(N_("Days left"))),
               [group_row(e.slug, (
                   w.text(w._(N_("The review")) if e.kind == REVIEW_RUNS_OUT
                          else w._(N_("The season"))),
                   w.day(e.last_day), w.count(e.days))) for e in report.expiring],
               period=w.on_date(), empty=w._(N_("Nothing runs out within this time."))),
        _table(w, csv, "partners-without-groups", w._(N_("Partners with no published group")),
               (w._(N_("Partner")), w._(N_("Kind"))), idle, period=w.on_date(),
               empty=w._(N_("Every partner takes part in a published group."))),
    ))
