"""What the pages show of a group or a partner, in one language: small typed values.

The site model (:mod:`brochure.site.model`) and the printables
(:mod:`brochure.site.printing`) are built from these. Everything here is a pure function of
the validated content and the date, worked out once per group and language by :class:`Views`.
Markdown stays source text here (:class:`Markdown`): turning it into HTML is rendering, done
by :mod:`brochure.output.render`. (A group's schema.org facts are in :mod:`.events`.)

Long on purpose: one small function per fact a page shows, kept together so that a
group's page, card, poster and fact box say the same thing in the same words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from brochure.check.content import ValidContent
from brochure.core import urls
from brochure.core.choices import REGISTRATION_CHOICES, ROLE_CHOICES, labels
from brochure.core.formatting import (
    capitalise,
    collation_key,
    date_range,
    day_month,
    long_date,
    meeting_phrase,
    meeting_words,
    phone_display,
    time_range,
    weekday_date,
    weekday_name,
    weekday_short,
)
from brochure.core.holidays import (
    BREAK,
    CANCELLED,
    SkippedDay,
    exception_days,
    meetings_skipped,
    named,
    no_meetings_said,
    skip_reason,
    skipped_days,
)
from brochure.core.i18n import N_, gettext
from brochure.core.languages import LANGUAGES, Local, Multilingual, local
from brochure.core.models import EVERYONE, WEEKDAYS, Group
from brochure.core.records import record
from brochure.core.schedule import Occurrence, exceptions, in_break, next_meetings

# The labels of a facilitator's role and of registration: brochure.core.choices' table.
ROLES = labels(ROLE_CHOICES)
# How far ahead the next meetings are looked for.
HORIZON_DAYS = 366
REGISTRATION = labels(REGISTRATION_CHOICES)
# What every group promises, in the order of the badges under its fact box (the template's
# ``promises`` macro says the same words).
PROMISES = (
    N_("Free of charge"),
    N_("No referral needed"),
    N_("You can stay anonymous"),
    N_("Open to all"),
)


@record
class Markdown:
    """A partner's Markdown in one language (or the Finnish standing in for it)."""

    source: str
    lang: str
    fallback: bool = False
    top_heading: int = 3


def markdown(text: Multilingual | None, lang: str, order: Sequence[str] = LANGUAGES,
             top_heading: int = 3) -> Markdown | None:
    found = local(text, lang, order)
    if found is None:
        return None
    return Markdown(found.text, found.lang, found.fallback, top_heading)


@record
class Labelled:
    id: str
    label: str


@record
class Link:
    url: str
    label: str
    current: bool = False
    lang: str | None = None
    count: int | None = None
    key: str | None = None


@record
class Cancelled:
    """A cancelled meeting that is still ahead, and why (shown on the card and the page)."""

    iso: str
    date: str
    reason: Local | None


@record
class NextMeeting:
    """A group's next meeting in words: the date block of a card and the fact box."""

    iso: str  # 2026-12-02, for scripts and <time datetime>
    weekday: str  # 'ke', 'ons', 'Wed'
    weekday_long: str  # 'Keskiviikko', 'Onsdag', 'Wednesday'
    date: str  # '2.12.', '2.12.', '2 Dec'
    time: str  # 'klo 13–15', 'kl. 13–15', '13:00–15:00'
    starts: str = ""  # 13:00:00, for lists by next meeting


@record
class UpcomingLine:
    """One line of a group's next meetings: a meeting, or a day it skips and why."""

    text: str
    skipped: bool = False


@record
class Card:
    """What a list shows of a group."""

    slug: str
    url: str
    name: Local
    summary: Local
    municipality: Labelled
    when: tuple[str, ...]
    starts: str | None
    audiences: tuple[Labelled, ...]
    languages: tuple[Labelled, ...]
    weekdays: tuple[str, ...]
    cancellations: tuple[Cancelled, ...] = ()
    # The next meeting, or why there is none ("Paused", "Ended"); the place in one line.
    next: NextMeeting | None = None
    status: str | None = None
    venue: str = ""
    # The days of the next meetings (ISO), for the "today / this week" view.
    dates: tuple[str, ...] = ()
    # The days the rule gives before the next meeting that the group skips ("ei 6.1.
    # loppiainen"), said where the next meeting is.
    skipped: str = ""


@record
class FacilitatorView:
    role: str
    partner: Local
    partner_url: str
    name: str | None


@record
class GroupDetail:
    """Everything a group's page says about it, in one language."""

    card: Card
    description: Markdown | None
    season: str
    # Planned breaks, and the public holidays and cancelled meetings still ahead.
    no_meetings: tuple[str, ...]
    upcoming: tuple[UpcomingLine, ...]
    venue_name: Local | None
    address: str
    map_url: str
    geo_url: str
    accessibility: tuple[Labelled, ...]
    activities: tuple[Labelled, ...]
    facilitators: tuple[FacilitatorView, ...]
    phase: str
    substitute: Local | None
    contact_partner: Local
    contact_partner_url: str
    contact_name: str | None
    phone: str | None
    phone_href: str | None
    email: str | None
    registration: str
    max_participants: int | None
    reviewed: str
    reviewed_iso: str
    short_url: str
    calendar: str


@record
class FactBox:
    """The top of a group's page in words, as it reads there: when it next meets (or why it
    does not), where, whom to call, and the promises. Made for the pull request's summary
    (:mod:`brochure.ci.pr_summary`), so a partner sees their entry as residents will."""

    when: tuple[str, ...]  # 'Seuraava kerta:' and the meeting, or 'Tauolla'; when it starts
    venue_name: str | None
    address: str
    phone: str | None  # 'Soita 040 1234567', the button's words
    email: str | None
    promises: tuple[str, ...]


@record
class PartnerView:
    id: str
    url: str
    name: Local
    kind: Labelled
    description: Local | None
    website: str | None
    email: str | None
    phone: str | None
    phone_href: str | None
    cards: tuple[Card, ...]


class Views:
    """The per-language views of one content tree's groups and partners, each made once."""

    def __init__(self, content: ValidContent,
                 kept: Mapping[tuple[str, str], GroupDetail] | None = None) -> None:
        """``kept``: groups' details (with their cards) by slug and language, made earlier
        from the same group file and settings (the engine keeps them between builds)."""
        self.content = content
        self.site = content.site
        self.vocab = content.vocabularies
        self.today = content.today
        # The site's languages, its main one first: the text shown where one is missing.
        self.order = content.site.language_order
        self._details: dict[tuple[str, str], GroupDetail] = dict(kept or {})
        self._cards: dict[tuple[str, str], Card] = {
            key: detail.card for key, detail in self._details.items()}
        self._upcoming: dict[str, list[Occurrence]] = {}
        self._skipped: dict[str, list[dt.date]] = {}
        self._between: dict[tuple[str, dt.date, dt.date], list[SkippedDay]] = {}
        self._name_keys: dict[tuple[str, str], tuple[tuple[str, str], str]] = {}

    def address(self, group: Group, lang: str) -> str:
        """The venue's address in ``lang``: its street and municipality in that language."""
        return group.venue.address_in(lang, self.vocab.municipalities.get(group.municipality))

    def local(self, text: Multilingual | None, lang: str) -> Local | None:
        """``text`` in ``lang``, or in the site's main language (marked) where it is missing."""
        return local(text, lang, self.order)

    def label(self, category: str, key: str, lang: str) -> Labelled:
        labels = getattr(self.vocab, category)
        return Labelled(key, labels[key].get(lang) if key in labels else key)

    def partner_name(self, pid: str, lang: str) -> Local:
        partner = self.content.partners.get(pid)
        name = self.local(partner.name, lang) if partner else None
        return name or Local(pid, lang)

    def sorted_groups(self, groups: Iterable[Group], lang: str) -> list[Group]:
        return sorted(groups, key=lambda g: self._name_key(g, lang))

    def _name_key(self, group: Group, lang: str) -> tuple[tuple[str, str], str]:
        """A group's place in alphabetical order in ``lang``: worked out once (the lists,
        brochures and partners' pages each sort the groups they show)."""
        key = (group.slug, lang)
        found = self._name_keys.get(key)
        if found is None:
            name = self.local(group.name, lang)
            found = self._name_keys[key] = (
                collation_key(name.text if name else group.slug, lang), group.slug)
        return found

    def by_next_meeting(self, groups: Iterable[Group], lang: str) -> list[Group]:
        """The groups that meet soonest first (by day and time); those with no next
        meeting last; the same moment in alphabetical order."""
        by_name = self.sorted_groups(groups, lang)
        rank = {g.slug: i for i, g in enumerate(by_name)}

        def key(g: Group) -> tuple[int, str, str, int]:
            # From the card, which a build after an edit keeps for the groups not edited.
            first = self.card(g, lang).next
            if first is None:
                return (1, "", "", rank[g.slug])
            return (0, first.iso, first.starts, rank[g.slug])
        return sorted(by_name, key=key)

    def next_meeting(self, group: Group, lang: str) -> NextMeeting | None:
        upcoming = self.upcoming(group)
        if not upcoming:
            return None
        first = upcoming[0]
        weekday = WEEKDAYS[first.day.weekday()]
        return NextMeeting(
            iso=first.day.isoformat(),
            weekday=weekday_short(first.day, lang),
            weekday_long=capitalise(weekday_name(weekday, lang)),
            date=day_month(first.day, lang),
            time=gettext(lang, N_("at %(time)s")) % {
                "time": time_range(first.start, first.end, lang)},
            starts=first.start.isoformat(),
        )

    def status(self, group: Group, lang: str) -> str | None:
        """Why a group has no meeting now: ended, paused (a break), or not yet started."""
        schedule = group.schedule
        season = schedule.season
        if season.end and season.end < self.today:
            return gettext(lang, N_("Ended"))
        if in_break(self.today, schedule.breaks):
            return gettext(lang, N_("Paused"))
        if not self.upcoming(group):
            return gettext(lang, N_("Paused"))
        return None

    def card(self, group: Group, lang: str) -> Card:
        key = (group.slug, lang)
        found = self._cards.get(key)
        if found is None:
            found = self._cards[key] = self._card(group, lang)
        return found

    def _card(self, group: Group, lang: str) -> Card:
        season = group.schedule.season
        name, summary = self.local(group.name, lang), self.local(group.summary, lang)
        assert name is not None and summary is not None
        starts = None
        if season.start > self.today:
            starts = gettext(lang, N_("Starts on %(date)s")) % {
                "date": long_date(season.start, lang)}
        return Card(
            slug=group.slug,
            url=urls.group(lang, group.slug),
            name=name,
            summary=summary,
            municipality=self.label("municipalities", group.municipality, lang),
            when=tuple(meeting_phrase(m, lang) for m in group.schedule.meetings),
            starts=starts,
            # Every group is open to all: only the particular audiences are named.
            audiences=tuple(self.label("audiences", a, lang) for a in group.audiences
                            if a != EVERYONE),
            languages=tuple(self.label("languages", a, lang) for a in group.languages),
            weekdays=tuple(dict.fromkeys(m.weekday for m in group.schedule.meetings)),
            cancellations=tuple(
                Cancelled(c.date.isoformat(), weekday_date(c.date, lang),
                          self.local(c.reason, lang))
                for c in sorted(group.cancellations, key=lambda c: c.date)
                if c.date >= self.today),
            next=self.next_meeting(group, lang),
            status=self.status(group, lang),
            venue=venue_line(group, lang, self.address(group, lang), self.order),
            dates=tuple(dict.fromkeys(o.day.isoformat() for o in self.upcoming(group))),
            skipped=self._skipped_before_next(group, lang),
        )

    def _skipped_before_next(self, group: Group, lang: str) -> str:
        upcoming = self.upcoming(group)
        if not upcoming or upcoming[0].day <= self.today:
            return ""
        # Cancelled meetings are announced above the card with their reasons.
        skipped = [s for s in self.skipped_between(group, self.today, upcoming[0].day, lang)
                   if s.kind != CANCELLED]
        notes = [gettext(lang, N_("not on %(date)s: %(reason)s")) % {
            "date": _skipped_dates(s, lang), "reason": skip_reason(s, lang)}
            for s in _one_per_break(skipped)]
        return ", ".join(notes)

    def skipped_between(self, group: Group, start: dt.date, end: dt.date,
                        lang: str) -> list[SkippedDay]:
        """The meetings the group's rule gives from ``start`` to ``end`` that do not take
        place, with reasons in ``lang``; the days are worked out once for every language."""
        key = (group.slug, start, end)
        found = self._between.get(key)
        if found is None:
            found = self._between[key] = meetings_skipped(group, start, end,
                                                          self.site.public_holidays)
        return named(found, lang, self.site.public_holidays)

    def skipped(self, group: Group) -> list[dt.date]:
        """Every day of the season the group does not meet although its rule says so (breaks,
        public holidays, cancellations): the same in every language, so worked out once."""
        found = self._skipped.get(group.slug)
        if found is None:
            found = self._skipped[group.slug] = exceptions(
                group.schedule, exception_days(group, self.site.public_holidays))
        return found

    def upcoming(self, group: Group) -> list[Occurrence]:
        """The next meetings (the same in every language, so worked out once per group)."""
        found = self._upcoming.get(group.slug)
        if found is None:
            start = max(self.today, group.schedule.season.start)
            skip = skipped_days(group, start, start + dt.timedelta(days=HORIZON_DAYS),
                                self.site.public_holidays)
            found = self._upcoming[group.slug] = next_meetings(
                group.schedule, self.today, horizon_days=HORIZON_DAYS, skip=skip)
        return found

    def details(self) -> Mapping[tuple[str, str], GroupDetail]:
        """Every group's details made or kept so far, by slug and language."""
        return self._details

    def detail(self, group: Group, lang: str) -> GroupDetail:
        key = (group.slug, lang)
        found = self._details.get(key)
        if found is None:
            found = self._details[key] = self._detail(group, lang)
        return found

    def _detail(self, group: Group, lang: str) -> GroupDetail:
        schedule = group.schedule
        season = schedule.season
        if season.end:
            season_text = gettext(lang, N_("Season %(dates)s")) % {
                "dates": date_range(season.start, season.end, lang)}
        else:
            season_text = gettext(lang, N_("Ongoing since %(date)s")) % {
                "date": long_date(season.start, lang)}
        start = max(self.today, season.start)
        last = start + dt.timedelta(days=HORIZON_DAYS)
        upcoming_days = self.upcoming(group)
        lines = [(o.day, UpcomingLine(weekday_date(o.day, lang) + " " + gettext(
            lang, N_("at %(time)s")) % {"time": time_range(o.start, o.end, lang)}))
            for o in upcoming_days]
        if upcoming_days:
            between = self.skipped_between(group, self.today, upcoming_days[-1].day, lang)
            lines += [(s.day, UpcomingLine(gettext(lang, N_("%(date)s: no meeting (%(reason)s)"))
                                           % {"date": _skipped_dates(s, lang),
                                              "reason": skip_reason(s, lang)}, skipped=True))
                      for s in _one_per_break(between)]
        upcoming = tuple(line for _, line in sorted(lines, key=lambda pair: pair[0]))
        venue, contact = group.venue, group.contact
        return GroupDetail(
            card=self.card(group, lang),
            description=markdown(group.description, lang, self.order),
            season=season_text,
            no_meetings=tuple(no_meetings_said(group, self.skipped_between(
                group, start, min(last, season.end or last), lang), lang)),
            upcoming=upcoming,
            venue_name=self.local(venue.name, lang),
            address=self.address(group, lang),
            map_url=urls.map_link(venue.address, venue.coordinates),
            geo_url=urls.geo(venue.address, venue.coordinates),
            accessibility=tuple(self.label("accessibility", a, lang)
                                for a in venue.accessibility),
            activities=tuple(self.label("activities", a, lang) for a in group.activities),
            facilitators=tuple(
                FacilitatorView(gettext(lang, ROLES[f.role]), self.partner_name(f.partner, lang),
                                urls.partner(lang, f.partner), f.name)
                for f in group.facilitators),
            phase=group.phase,
            substitute=self.local(group.substitute, lang),
            contact_partner=self.partner_name(contact.partner, lang),
            contact_partner_url=urls.partner(lang, contact.partner),
            contact_name=contact.name,
            phone=phone_display(contact.phone, self.site.phone_region) if contact.phone else None,
            phone_href=urls.tel(contact.phone) if contact.phone else None,
            email=contact.email,
            registration=gettext(lang, REGISTRATION[group.registration]),
            max_participants=group.max_participants,
            reviewed=long_date(group.reviewed, lang),
            reviewed_iso=group.reviewed.isoformat(),
            short_url=urls.short(group.code or group.slug),
            calendar=urls.group_calendar(lang, group.slug),
        )

    def share(self, group: Group, lang: str) -> tuple[str, str]:
        """What a shared link to the group says: its name with the day, time and place
        ("Digikahvila – joka toinen keskiviikko klo 13–15, Palvelutalon kerhohuone, Kannus"),
        and the next meeting, the address and the summary."""
        card = self.card(group, lang)
        when = ", ".join(meeting_words(m, lang) for m in group.schedule.meetings)
        place = ", ".join(part for part in (
            (self.local(group.venue.name, lang) or Local("", lang)).text,
            card.municipality.label)
            if part)
        title = f"{card.name.text} – {when}, {place}"
        parts = []
        if card.next:
            parts.append(gettext(lang, N_("Next meeting: %(when)s.")) % {
                "when": f"{card.next.weekday} {card.next.date} {card.next.time}"})
        elif card.status:
            parts.append(card.status + ".")
        parts.append(self.address(group, lang) + ".")
        parts.append(card.summary.text)
        return title, " ".join(parts)

    def fact_box(self, group: Group, lang: str) -> FactBox:
        """The group's fact box in ``lang`` (templates/group.html lays out the same words)."""
        detail = self.detail(group, lang)
        card = detail.card
        when: list[str] = []
        if card.next is not None:
            if card.status:
                when.append(card.status)
            when.append(f"{gettext(lang, N_('Next meeting:'))} {card.next.weekday_long} "
                        f"{card.next.date} {card.next.time}")
        elif card.status:
            when.append(card.status)
        if card.starts:
            when.append(card.starts)
        return FactBox(
            when=tuple(when),
            venue_name=detail.venue_name.text if detail.venue_name else None,
            address=detail.address,
            phone=(gettext(lang, N_("Call %(number)s")) % {"number": detail.phone}
                   if detail.phone else None),
            email=detail.email,
            promises=tuple(gettext(lang, promise) for promise in PROMISES),
        )

    def partner(self, pid: str, lang: str, groups: list[Group]) -> PartnerView:
        """The partner's page: ``groups`` are the published groups it takes part in."""
        partner = self.content.partners[pid]
        groups = self.sorted_groups(groups, lang)
        contact = partner.contact
        phone = contact.phone if contact else None
        return PartnerView(
            id=pid,
            url=urls.partner(lang, pid),
            name=self.partner_name(pid, lang),
            kind=self.label("partner_kinds", partner.kind, lang),
            description=self.local(partner.description, lang),
            website=partner.website,
            email=contact.email if contact else None,
            phone=phone_display(phone, self.site.phone_region) if phone else None,
            phone_href=urls.tel(phone) if phone else None,
            cards=tuple(self.card(g, lang) for g in groups),
        )


def _one_per_break(skipped: list[SkippedDay]) -> list[SkippedDay]:
    """The skipped days with each planned break said once."""
    seen: set[tuple[dt.date | None, dt.date | None]] = set()
    out = []
    for item in skipped:
        if item.kind == BREAK:
            if (item.start, item.end) in seen:
                continue
            seen.add((item.start, item.end))
        out.append(item)
    return out


def _skipped_dates(skipped: SkippedDay, lang: str) -> str:
    """'6.1.' for one day, '21.12.2026–6.1.2027' for a planned break."""
    if skipped.kind == BREAK and skipped.start and skipped.end and skipped.start != skipped.end:
        return date_range(skipped.start, skipped.end, lang)
    return weekday_date(skipped.day, lang)


def venue_line(group: Group, lang: str, address: str,
               order: Sequence[str] = LANGUAGES) -> str:
    """The place in one line: the venue's name and its street ('Kerhohuone, Mäntytie 4')."""
    name = local(group.venue.name, lang, order)
    street = address.split(",", 1)[0].strip()
    return f"{name.text}, {street}" if name and street else (name.text if name else street)


# --- JSON-LD ----------------------------------------------------------------------------
