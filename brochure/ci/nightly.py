"""The nightly job summary: what needs the coordinator's attention, in Finnish by default.

Three things, as Markdown for ``$GITHUB_STEP_SUMMARY``:

- **new coverage gaps**: municipality × audience pairs that have no published group now but
  had one in the previous run (compared with the previous run's ``report.json``, which the
  workflow keeps in its cache); without a previous file every gap is listed once;
- **what leaves the brochure soon**: the ``brochure expiring`` table (seasons and reviews that
  run out within the days given, and the groups already hidden);
- **partners with nothing published**;
- **meetings not reported**: the meetings of the report's period held more than
  :data:`UNREPORTED_AFTER_DAYS` days ago without an attendance report, by the group's contact
  partner, whom the coordinator reminds.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from brochure.check.content import ValidContent
from brochure.ci.expiring import expiring, section
from brochure.ci.markdown import md_cell
from brochure.core.formatting import date_range, short_date
from brochure.core.i18n import N_, gettext
from brochure.core.languages import local
from brochure.core.problems import Problem
from brochure.site.report_figures import Report

Gap = tuple[str, str]
# A meeting is listed as not reported once it is this many days old.
UNREPORTED_AFTER_DAYS = 14


def previous_gaps(data: bytes | None) -> frozenset[Gap] | None:
    """The gaps in a previous run's ``report.json`` (None: no usable previous run)."""
    if data is None:
        return None
    try:
        parsed: Any = json.loads(data.decode("utf-8"))
        rows = parsed["tables"]["coverage-gaps"]
        return frozenset((str(r["municipality"]), str(r["audience"])) for r in rows)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None


def new_gaps(report: Report, previous: Iterable[Gap] | None) -> tuple[Gap, ...]:
    """Gaps now that were not gaps before (every gap when there is no previous run)."""
    before = frozenset(previous) if previous is not None else frozenset()
    return tuple(gap for gap in report.gaps if gap not in before)


def markdown(content: ValidContent, problems: Sequence[Problem], report: Report,
             previous: frozenset[Gap] | None, days: int, lang: str) -> str:
    """The nightly summary in ``lang``; ``problems`` (the check's) say why hidden groups are
    hidden."""
    vocab = content.vocabularies

    def _(message: str) -> str:
        return gettext(lang, message)

    title = _(N_("Monitoring")) + " " + short_date(report.today, lang)
    gaps_heading = _(N_("New coverage gaps"))
    idle_heading = _(N_("Partners with no published group"))
    lines = [f"## {md_cell(title)}", "", f"### {md_cell(gaps_heading)}", ""]
    gaps = new_gaps(report, previous)
    if previous is None:
        lines.append(_(N_("No earlier run to compare with: every municipality and audience "
                          "without a published group is listed.")))
        lines.append("")
    if not gaps:
        lines.append(_(N_("No new gaps since the previous run.")))
    for municipality, audience in gaps:
        lines.append(f"- {md_cell(vocab.municipalities[municipality].get(lang))}: "
                     f"{md_cell(vocab.audiences[audience].get(lang))}")
    expiring_part = section(content, problems, expiring(content, days), days,
                            lang).splitlines()
    lines += ["", *expiring_part[2:]]  # without its "## In <language>" heading
    lines += ["", f"### {md_cell(idle_heading)}", ""]
    if not report.idle_partners:
        lines.append(_(N_("Every partner takes part in a published group.")))
    for pid in report.idle_partners:
        name = local(content.partners[pid].name, lang, content.site.language_order)
        lines.append(f"- {md_cell(name.text if name else pid)}")
    lines += ["", *unreported(content, report, lang)]
    return "\n".join(lines).rstrip("\n") + "\n"


def unreported(content: ValidContent, report: Report, lang: str) -> list[str]:
    """Meetings older than :data:`UNREPORTED_AFTER_DAYS` days without a report, by contact
    partner: "- Soite" and under it "  - Iltakahvit (Toholampi): 6 (8.9.–10.11.2026)"."""
    vocab = content.vocabularies

    def _(message: str) -> str:
        return gettext(lang, message)

    before = report.today - dt.timedelta(days=UNREPORTED_AFTER_DAYS)
    heading = _(N_("Meetings not reported"))
    lines = [f"### {md_cell(heading)}", "",
             _(N_("Meetings of %(period)s held more than %(days)s days ago without an "
                  "attendance report, by the group's contact partner.")) % {
                 "period": report.period.id, "days": UNREPORTED_AFTER_DAYS}, ""]
    by_partner: dict[str, list[str]] = {}
    for entry in report.coverage:
        old = [day for day in entry.unreported if day < before]
        if not old:
            continue
        group = content.groups[entry.slug]
        name = local(group.name, lang, content.site.language_order)
        when = date_range(old[0], old[-1], lang) if len(old) > 1 else short_date(old[0], lang)
        by_partner.setdefault(entry.contact, []).append(
            f"  - {md_cell(name.text if name else entry.slug)} "
            f"({md_cell(vocab.municipalities[group.municipality].get(lang))}): "
            f"{len(old)} ({md_cell(when)})")
    if not by_partner:
        lines.append(_(N_("Every meeting held before then is reported.")))
    for pid in sorted(by_partner, key=lambda p: (-len(by_partner[p]), p)):
        partner = content.partners.get(pid)
        name = local(partner.name, lang, content.site.language_order) if partner else None
        lines.append(f"- {md_cell(name.text if name else pid)}")
        lines += by_partner[pid]
    return lines
