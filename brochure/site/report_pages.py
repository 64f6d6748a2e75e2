"""The report page of each language (site-model stage): figures put into words and tables.

:func:`report_pages` turns the figures (:mod:`.figures`) into one
:class:`~brochure.site.pages.ReportPage` per language: every table with its caption, its headers
and its numbers as shown (counts below the privacy threshold as "< 5" in a public report), the
chart drawn from the same numbers, and the CSV file it is also written to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from babel.numbers import format_decimal

from brochure.check.content import ValidContent
from brochure.core import urls
from brochure.core.formatting import capitalise, short_date, weekday_name
from brochure.core.i18n import N_, gettext, plural
from brochure.core.languages import local, locale
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
from brochure.site.report_figures import REVIEW_RUNS_OUT, Attendance, Matrix, Report, shown_count

TIME_NAMES = {
    "morning": N_("Morning (before 12)"),
    "afternoon": N_("Afternoon (12–17)"),
    "evening": N_("Evening (from 17)"),
}
PHASE_NAMES = {"pilot": N_("Pilot"), "established": N_("Established")}
HIDDEN_NAMES = {"season-ended": N_("The season has ended"),
                "review-overdue": N_("The review is overdue")}


class _Words:
    """The content's identifiers in one language."""

    def __init__(self, content: ValidContent, lang: str) -> None:
        self.content, self.vocab, self.lang = content, content.vocabularies, lang
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

    def partner(self, pid: str) -> tuple[str, str | None]:
        partner = self.content.partners.get(pid)
        name = local(partner.name, self.lang, self.order) if partner else None
        return (name.text, name.lang if name.lang != self.lang else None) if name else (pid,
                                                                                        None)

    def group(self, slug: str) -> tuple[str, str | None]:
        group = self.content.groups.get(slug)
        name = local(group.name, self.lang, self.order) if group else None
        return (name.text, name.lang if name.lang != self.lang else None) if name else (slug,
                                                                                        None)

    def number(self, value: int | float) -> str:
        return str(format_decimal(value, locale=locale(self.lang)))


def report_pages(content: ValidContent, report: Report, languages: tuple[str, ...],
                 site_titles: dict[str, str], public: bool, standalone: bool = False
                 ) -> list[ReportPage]:
    """One report page per language (``standalone``: for ``brochure report --output``)."""
    threshold = content.site.report_threshold
    published = {g.slug for g in content.published}
    pages = []
    for lang in languages:
        words = _Words(content, lang)
        heading = gettext(lang, N_("Monitoring"))
        pages.append(ReportPage(
            url=urls.report(lang), lang=lang, key="report",
            title=f"{heading} – {site_titles[lang]}",
            description=gettext(lang, N_("Where the groups are, for whom, who runs them and how "
                                         "many come: the coordinator's follow-up.")),
            alternates={code: urls.report(code) for code in languages},
            heading=heading,
            intro=_intro(words, report, public, threshold),
            sections=(
                _coverage(words, report),
                _partners(words, report),
                _freshness(words, report, published, public),
                _attendance(words, report, published, public, threshold),
            ),
            json=urls.REPORT_JSON,
            standalone=standalone, absolute_links=standalone,
            sitemap=public and not standalone, noindex=not public or standalone))
    return pages


def _intro(w: _Words, report: Report, public: bool, threshold: int) -> tuple[str, ...]:
    lines = [w._(N_("Figures of %(date)s: %(published)s groups published, %(hidden)s "
                    "hidden.")) % {"date": short_date(report.today, w.lang),
                                   "published": report.published,
                                   "hidden": report.hidden_count}]
    if public:
        lines.append(w._(N_("To protect privacy, attendance counts below %(threshold)s are "
                            "shown as \"< %(threshold)s\".")) % {"threshold": threshold})
    lines.append(w._(N_("Every chart has a table with the same numbers next to it. Each table "
                        "is also a spreadsheet file (CSV), and everything together is one JSON "
                        "file.")))
    return tuple(lines)


# --- coverage -------------------------------------------------------------------------------

def _matrix_table(w: _Words, matrix: Matrix, caption: str, column_name: Callable[[str], str],
                  column_url: Callable[[str], str | None],
                  chart: ChartData | None = None) -> ReportTable:
    rows = []
    for i, mid in enumerate(matrix.rows):
        url = urls.municipality(w.lang, mid)
        cells = tuple(ReportCell(w.number(n), url if n else None, gap=not n)
                      for n in matrix.cells[i])
        total = matrix.row_totals[i]
        rows.append(ReportRow(w.municipality(mid),
                              (*cells, ReportCell(w.number(total), url if total else None,
                                                  gap=not total)), url))
    totals = tuple(ReportCell(w.number(n), column_url(c) if n else None, gap=not n)
                   for c, n in zip(matrix.columns, matrix.column_totals, strict=True))
    rows.append(ReportRow(w._(N_("All municipalities")),
                          (*totals, ReportCell(w.number(sum(matrix.row_totals))))))
    return ReportTable(
        f"coverage-{matrix.name}", caption,
        (w._(N_("Municipality")), *(column_name(c) for c in matrix.columns),
         w._(N_("All groups"))),
        tuple(rows), urls.report_csv(f"coverage-{matrix.name}"),
        chart)


def _gaps_table(w: _Words, report: Report) -> ReportTable:
    missing: dict[str, list[str]] = {}
    for municipality, audience in report.gaps:
        missing.setdefault(municipality, []).append(w.audience(audience))
    return ReportTable(
        "coverage-gaps", w._(N_("Audiences without a group, per municipality")),
        (w._(N_("Municipality")), w._(N_("No published group for"))),
        tuple(ReportRow(w.municipality(m), (ReportCell(", ".join(audiences)),),
                        urls.municipality(w.lang, m))
              for m, audiences in missing.items()),
        urls.report_csv("coverage-gaps"),
        empty=w._(N_("Every municipality has a group for every audience.")))


def _coverage(w: _Words, report: Report) -> ReportSection:
    lang = w.lang
    per_municipality = bar(
        "municipalities", w._(N_("Published groups per municipality")),
        [w.municipality(m) for m in report.by_audience.rows], w._(N_("Groups")),
        report.by_audience.row_totals)
    return ReportSection("coverage", w._(N_("Coverage")), w._(N_(
        "How many published groups each municipality has, for whom, on which days, at which "
        "time of day and in which languages. A group can count in several columns. Cells with "
        "no group are highlighted: they are the gaps. Each number leads to the groups of that "
        "municipality.")), (
        _matrix_table(w, report.by_audience,
                      w._(N_("Groups by municipality and audience")), w.audience,
                      lambda a: urls.audience(lang, a), per_municipality),
        _gaps_table(w, report),
        _matrix_table(w, report.by_weekday, w._(N_("Groups by municipality and weekday")),
                      lambda d: capitalise(weekday_name(d, lang)),
                      lambda d: urls.filter_page(lang, "weekday", d)),
        _matrix_table(w, report.by_time, w._(N_("Groups by municipality and time of day")),
                      lambda t: w._(TIME_NAMES[t]), lambda t: None),
        _matrix_table(w, report.by_language,
                      w._(N_("Groups by municipality and language")), w.language,
                      lambda code: None),
    ))


# --- the partners' share --------------------------------------------------------------------

def _partners(w: _Words, report: Report) -> ReportSection:
    rows = []
    for share in report.partners:
        name, name_lang = w.partner(share.partner)
        rows.append(ReportRow(name, (
            ReportCell(w.kind(share.kind)), ReportCell(w.number(share.groups), gap=not
                                                       share.groups),
            ReportCell(w.number(share.facilitating)), ReportCell(w.number(share.contact))),
            urls.partner(w.lang, share.partner), name_lang))
    partner_chart = bar(
        "partners", w._(N_("Published groups per partner")), [r.header for r in rows],
        w._(N_("Groups")), [s.groups for s in report.partners])
    pairs = [(f"{w.kind(p.kinds[0])} + {w.kind(p.kinds[1])}", p.groups) for p in report.pairs]
    pair_chart = bar("pairs", w._(N_("Facilitator pairs by kind of partner")),
                            [p[0] for p in pairs], w._(N_("Groups")), [p[1] for p in pairs])
    return ReportSection("partners", w._(N_("The partners' share")), w._(N_(
        "Which partners take part in the published groups, as a facilitator's organisation "
        "or as the contact partner. Facilitators work in pairs from two different "
        "organisations; the pairs show how the sectors work together.")), (
        ReportTable("partners", w._(N_("Groups per partner")),
                    (w._(N_("Partner")), w._(N_("Kind")), w._(N_("Groups")),
                     w._(N_("With a facilitator")), w._(N_("As contact partner"))),
                    tuple(rows), urls.report_csv("partners"), partner_chart),
        ReportTable("facilitator-pairs", w._(N_("Facilitator pairs by kind of partner")),
                    (w._(N_("Pair")), w._(N_("Groups"))),
                    tuple(ReportRow(label, (ReportCell(w.number(n)),)) for label, n in pairs),
                    urls.report_csv("facilitator-pairs"), pair_chart),
        ReportTable("phases", w._(N_("Pilot and established groups")),
                    (w._(N_("Phase")), w._(N_("Groups"))),
                    tuple(ReportRow(w._(PHASE_NAMES[p]), (ReportCell(w.number(n)),))
                          for p, n in report.phases),
                    urls.report_csv("phases")),
    ))


# --- freshness ------------------------------------------------------------------------------

def _hidden(w: _Words, report: Report, public: bool,
            group_row: Callable[[str, Sequence[ReportCell]], ReportRow]) -> ReportTable:
    """Hidden groups and why; a public report counts them by reason without naming them (a
    hidden group appears nowhere on the site)."""
    def why(reason: str) -> str:
        return w._(HIDDEN_NAMES.get(reason, reason))

    if public:
        reasons: dict[str, int] = {}
        for h in report.hidden:
            reasons[h.reason] = reasons.get(h.reason, 0) + 1
        rows = tuple(ReportRow(why(r), (ReportCell(w.number(n)),))
                     for r, n in sorted(reasons.items()))
        columns = (w._(N_("Why")), w._(N_("Groups")))
    else:
        rows = tuple(group_row(h.slug, (ReportCell(why(h.reason)),)) for h in report.hidden)
        columns = (w._(N_("Group")), w._(N_("Why")))
    return ReportTable("hidden", w._(N_("Hidden groups")), columns, rows,
                       urls.report_csv("hidden"), empty=w._(N_("No group is hidden.")))


def _freshness(w: _Words, report: Report, published: set[str],
               public: bool) -> ReportSection:
    lang = w.lang

    def group_row(slug: str, cells: Sequence[ReportCell]) -> ReportRow:
        name, name_lang = w.group(slug)
        return ReportRow(name, tuple(cells), urls.group(lang, slug) if slug in published
                         else None, name_lang)

    idle = []
    for pid in report.idle_partners:
        name, name_lang = w.partner(pid)
        kind = w.content.partners[pid].kind if pid in w.content.partners else ""
        idle.append(ReportRow(name, (ReportCell(w.kind(kind)),), urls.partner(lang, pid),
                              name_lang))
    return ReportSection("freshness", w._(N_("Freshness")), w._(N_(
        "How long ago each published group's details were checked, which groups are hidden and "
        "why, what runs out soon, and which partners have no published group.")), (
        ReportTable("freshness", w._(N_("Months since the last review")),
                    (w._(N_("Group")), w._(N_("Municipality")), w._(N_("Reviewed")),
                     w._(N_("Months ago"))),
                    tuple(group_row(f.slug, (ReportCell(w.municipality(f.municipality)),
                                             ReportCell(short_date(f.reviewed, lang)),
                                             ReportCell(w.number(f.months))))
                          for f in report.freshness),
                    urls.report_csv("freshness")),
        _hidden(w, report, public, group_row),
        ReportTable("expiring", w._(N_("Running out within %(days)s days")) % {
                        "days": report.window_days},
                    (w._(N_("Group")), w._(N_("What runs out")), w._(N_("Last day shown")),
                     w._(N_("Days left"))),
                    tuple(group_row(e.slug, (
                        ReportCell(w._(N_("The review")) if e.kind == REVIEW_RUNS_OUT
                                   else w._(N_("The season"))),
                        ReportCell(short_date(e.last_day, lang)),
                        ReportCell(w.number(e.days)))) for e in report.expiring),
                    urls.report_csv("expiring"),
                    empty=w._(N_("Nothing runs out within this time."))),
        ReportTable("partners-without-groups", w._(N_("Partners with no published group")),
                    (w._(N_("Partner")), w._(N_("Kind"))), tuple(idle),
                    urls.report_csv("partners-without-groups"),
                    empty=w._(N_("Every partner takes part in a published group."))),
    ))


# --- attendance -----------------------------------------------------------------------------

def _attendance(w: _Words, report: Report, published: set[str], public: bool,
                threshold: int) -> ReportSection:
    lang = w.lang
    att = report.attendance

    def people(value: int | float) -> ReportCell:
        if public and value < threshold:
            return ReportCell(shown_count(value, threshold, public))
        return ReportCell(w.number(value))

    def cells(a: Attendance) -> tuple[ReportCell, ...]:
        return (ReportCell(w.number(a.groups)), ReportCell(w.number(a.sessions)),
                people(a.visits), people(a.median), people(a.first_time))

    def drawn(value: int) -> float | None:
        return None if public and value < threshold else value

    columns = (w._(N_("Groups")), w._(N_("Meetings")), w._(N_("Visits")),
               w._(N_("Median visitors per meeting")), w._(N_("First-time visitors")))

    def table(name: str, caption: str, first: str, rows: Sequence[ReportRow],
              chart: ChartData | None = None) -> ReportTable:
        return ReportTable(name, caption, (first, *columns), tuple(rows),
                           urls.report_csv(name), chart,
                           empty=w._(N_("No attendance has been reported yet.")))

    def group_rows() -> list[ReportRow]:
        rows = []
        for a in att.groups:
            if public and a.key not in published:
                continue  # a hidden group appears nowhere on the site
            name, name_lang = w.group(a.key)
            rows.append(ReportRow(name, cells(a), urls.group(lang, a.key)
                                  if a.key in published else None, name_lang))
        return rows

    def month_name(key: str) -> str:
        year, month = key.split("-")
        return f"{int(month)}/{year}"

    month_chart = ChartData(
        "months", w._(N_("Visits per month")), tuple(month_name(a.key) for a in att.months),
        (Series(w._(N_("Visits")), tuple(drawn(a.visits) for a in att.months)),
         Series(w._(N_("First-time visitors")),
                       tuple(drawn(a.first_time) for a in att.months))),
        kind="bar")
    season_chart = bar(
        "seasons", w._(N_("Visits per season")),
        [w._(N_("Season %(year)s")) % {"year": a.key} for a in att.seasons],
        w._(N_("Visits")), [drawn(a.visits) for a in att.seasons])
    intro = w._(N_(
        "Partners report how many came to each meeting and how many came for the first time: "
        "numbers only, never names. A group counts in each of its audiences."))
    if not att.any:
        intro += " " + w._(N_("No attendance has been reported yet."))
    meetings = sum(a.sessions for a in att.groups)
    if att.any:
        intro += " " + plural(lang, "%(n)s meeting reported.", "%(n)s meetings reported.",
                              meetings) % {"n": meetings}
    return ReportSection("attendance", w._(N_("Attendance")), intro, (
        table("attendance-seasons", w._(N_("Attendance per season")), w._(N_("Season")),
              [ReportRow(w._(N_("Season %(year)s")) % {"year": a.key}, cells(a))
               for a in att.seasons], season_chart if att.any else None),
        table("attendance-months", w._(N_("Attendance per month")), w._(N_("Month")),
              [ReportRow(month_name(a.key), cells(a)) for a in att.months],
              month_chart if att.any else None),
        table("attendance-municipalities", w._(N_("Attendance per municipality")),
              w._(N_("Municipality")),
              [ReportRow(w.municipality(a.key), cells(a), urls.municipality(lang, a.key))
               for a in att.municipalities]),
        table("attendance-audiences", w._(N_("Attendance per audience")),
              w._(N_("Audience")),
              [ReportRow(w.audience(a.key), cells(a), urls.audience(lang, a.key))
               for a in att.audiences]),
        table("attendance-cells", w._(N_("Attendance by municipality and audience")),
              w._(N_("Municipality and audience")),
              [ReportRow(f"{w.municipality(a.key.split('/')[0])} – "
                         f"{w.audience(a.key.split('/')[1])}", cells(a))
               for a in att.cells]),
        table("attendance-groups", w._(N_("Attendance per group")), w._(N_("Group")),
              group_rows()),
    ))

