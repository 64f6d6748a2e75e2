"""The nightly reminder: groups about to drop out of the brochure, so the coordinator can act.

A published group disappears on its own when its season ends or when its ``reviewed`` date gets
older than the site's ``policy.review_max_age_days`` (see :mod:`brochure.check.validate`). The
nightly publish run calls ``python -m brochure expiring`` (see :mod:`brochure.commands.expiring`)
twice: ``--format github`` prints one ``::warning``
annotation per group at the line to update, and ``--format markdown`` writes a table for the
job summary (Finnish, then Swedish and English), with the partner to remind and how to reach
them.
Groups already hidden are listed too, since nobody sees them on the site any more.

Nothing here fails a run: it only reports (exit 0), unless the options are wrong (exit 2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from brochure.check.content import ValidContent
from brochure.check.files import display_path
from brochure.check.group_rules import HIDING_RULES
from brochure.check.messages import escape_data, escape_property
from brochure.check.rules import message
from brochure.ci.markdown import md_cell, row
from brochure.core.i18n import N_, gettext, plural
from brochure.core.languages import IN_LANGUAGE, LANGUAGES, text_in
from brochure.core.models import Group
from brochure.core.problems import Position, Problem
from brochure.load.reader import load_yaml

SEASON, REVIEW = "season-ends", "review-runs-out"
# Where in the entry each kind of date is written: the annotation points there.
FIELD = {SEASON: ("schedule", "season", "end"), REVIEW: ("reviewed",)}


@dataclass(frozen=True)
class Expiry:
    """A published group whose season ends or whose review runs out on ``last_day``."""

    slug: str
    kind: str
    last_day: dt.date  # the last day the group is still shown
    days: int          # from today to last_day
    path: str
    position: Position


def expiring(content: ValidContent, days: int) -> list[Expiry]:
    """Published groups that stop being shown within ``days`` days, soonest first."""
    site = content.site
    if site is None:
        return []
    found: list[Expiry] = []
    for group in content.published:
        slug = group.slug
        dates = {REVIEW: group.reviewed + dt.timedelta(days=site.policy.review_max_age_days)}
        if group.schedule.season.end is not None:
            dates[SEASON] = group.schedule.season.end
        source = content.sources[slug]
        doc = None
        for kind, last_day in dates.items():
            left = (last_day - content.today).days
            if 0 <= left <= days:
                if doc is None:
                    doc = load_yaml(display_path(source), source.read_bytes())
                found.append(Expiry(slug, kind, last_day, left, doc.path,
                                    doc.position(FIELD[kind])))
    return sorted(found, key=lambda e: (e.last_day, e.slug, e.kind))


def hidden(content: ValidContent) -> list[tuple[str, str]]:
    """Groups not shown now, with the reason (a rule id), by slug."""
    return sorted(content.hidden.items())


# --- words ----------------------------------------------------------------------------------

def what(expiry: Expiry, lang: str) -> str:
    params = {"date": expiry.last_day.isoformat(), "days": expiry.days}
    if expiry.kind == SEASON:
        text = plural(lang, "The season ends on %(date)s, in %(days)s day; after that the "
                            "group is no longer shown.",
                      "The season ends on %(date)s, in %(days)s days; after that the group is "
                      "no longer shown.", expiry.days)
    else:
        text = plural(lang, "The entry must be reviewed by %(date)s, in %(days)s day, or the "
                            "group is hidden.",
                      "The entry must be reviewed by %(date)s, in %(days)s days, or the group "
                      "is hidden.", expiry.days)
    return text % params


def todo(expiry: Expiry, lang: str) -> str:
    if expiry.kind == SEASON:
        return gettext(lang, N_("If the group continues, update the season's end and the "
                                "reviewed date."))
    return gettext(lang, N_("Check the details with the partner and set reviewed to that "
                            "day's date."))


def group_name(content: ValidContent, group: Group, lang: str) -> str:
    return text_in(group.name, lang, content.site.language_order, group.slug)


def reach(content: ValidContent, group: Group, lang: str) -> str:
    """Whom to remind: the contact partner's name and the group's service contact."""
    contact = group.contact
    partner = content.partners.get(contact.partner)
    name = text_in(partner.name, lang, content.site.language_order, contact.partner) if partner \
        else contact.partner
    ways = [w for w in (contact.email, contact.phone) if w]
    if not ways and partner is not None and partner.contact is not None:
        ways = [w for w in (partner.contact.email, partner.contact.phone) if w]
    return f"{name} ({', '.join(ways)})" if ways else name


def municipality(content: ValidContent, group: Group, lang: str) -> str:
    vocab = content.vocabularies
    if vocab is not None and group.municipality in vocab.municipalities:
        return vocab.municipalities[group.municipality].get(lang)
    return group.municipality


# --- output ---------------------------------------------------------------------------------

def github_lines(content: ValidContent, found: list[Expiry], lang: str) -> list[str]:
    """One ``::warning`` workflow command per expiring group, escaped as the runner needs."""
    lines = []
    for expiry in found:
        group = content.groups[expiry.slug]
        body = "\n".join([
            f"{group_name(content, group, lang)}: {what(expiry, lang)}",
            todo(expiry, lang),
            gettext(lang, N_("Remind: %(contact)s")) % {"contact": reach(content, group, lang)},
        ])
        props = ",".join([
            f"file={escape_property(expiry.path)}",
            f"line={expiry.position.line}",
            f"col={expiry.position.column}",
            f"title={escape_property(expiry.kind)}",
        ])
        lines.append(f"::warning {props}::{escape_data(body)}")
    return lines


def section(content: ValidContent, problems: Sequence[Problem], found: list[Expiry], days: int,
            lang: str) -> str:
    lines = [f"## {IN_LANGUAGE[lang]}", ""]
    heading = plural(lang, "Groups that leave the brochure within %(n)s day",
                     "Groups that leave the brochure within %(n)s days", days) % {"n": days}
    lines += [f"### {md_cell(heading)}", ""]
    if not found:
        lines.append(gettext(lang, N_("No group's season ends and no review runs out in this "
                                      "time.")))
    else:
        header = [N_("Group"), N_("Municipality"), N_("When and why"), N_("What to do"),
                  N_("Whom to remind"), N_("File")]
        lines.append(row([gettext(lang, h) for h in header]))
        lines.append(row(["---"] * len(header)))
        for expiry in found:
            group = content.groups[expiry.slug]
            lines.append(row([
                md_cell(group_name(content, group, lang)),
                md_cell(municipality(content, group, lang)),
                md_cell(what(expiry, lang)),
                md_cell(todo(expiry, lang)),
                md_cell(reach(content, group, lang)),
                md_cell(f"{expiry.path}:{expiry.position.line}"),
            ]))
    gone = hidden(content)
    if gone:
        title = gettext(lang, N_("Groups not shown now"))
        lines += ["", f"### {md_cell(title)}", ""]
        by_file = {p.path: p for p in problems if p.rule in HIDING_RULES}
        for slug, _rule in gone:
            group = content.groups[slug]
            shown = display_path(content.sources[slug])
            problem = by_file.get(shown)
            reason = message(problem, lang) if problem is not None else ""
            lines.append(f"- {md_cell(group_name(content, group, lang))} "
                         f"({md_cell(shown)}): {md_cell(reason)}")
    return "\n".join(lines) + "\n"


def markdown(content: ValidContent, problems: Sequence[Problem], found: list[Expiry],
             days: int) -> str:
    """The job summary: Finnish first, then Swedish and English below it. ``problems`` are
    the check's, which say why the hidden groups are hidden."""
    return "\n".join(section(content, problems, found, days, lang) for lang in LANGUAGES)


def horizon(content: ValidContent, days: int | None) -> int:
    """How many days ahead to look: ``days`` if given, else the site's ``ending_soon_days``."""
    if days is not None:
        return days
    return content.site.policy.ending_soon_days
