"""The operating model's rules for one group, and the content model's rules that need more
than one field or another file.

Each rule names the fields it reads (:class:`GroupRule`). An entry with a broken field is
checked by the rules that do not read it, so a partner sees the pair's and the promises'
problems in the same round as a typing mistake; a rule that reads a field it did not name
fails loudly instead of being skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from brochure.check.findings import (
    REFERENCE_RULES,
    Context,
    Finding,
    broken_partner,
    find,
    find_at,
    partner_reference,
    reference,
    references,
    text_findings,
    translation_findings,
)
from brochure.check.validate import readable_fields
from brochure.core.codes import ALPHABET, suggest_code, valid_code
from brochure.core.holidays import public_holidays
from brochure.core.languages import LANGUAGES
from brochure.core.models import Group, Site, Text
from brochure.core.schedule import occurrences
from brochure.load.document import Path_

SUMMARY_LIMIT = 160
# How often a meeting may repeat (every N weeks) and how many may take part.
EVERY_RANGE = (1, 4)
PARTICIPANTS_RANGE = (1, 1000)

Check = Callable[[Group, Context], Iterator[Finding]]


@dataclass(frozen=True)
class GroupRule:
    """A check of one group, run when every field it ``reads`` has a valid value."""

    reads: tuple[str, ...]
    check: Check


def _pair_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    """The pair: two facilitators from two organisations, each a partner."""
    facilitators = group.facilitators
    if len(facilitators) < 2:
        yield find("two-facilitators", ("facilitators",), count=len(facilitators))
    elif len({f.partner for f in facilitators}) < 2 and all(
            f.partner.strip() for f in facilitators):  # (blanks are reported as blanks)
        yield find("facilitators-same-organisation", ("facilitators",),
                   partner=facilitators[0].partner)
    for i, facilitator in enumerate(facilitators):
        yield from partner_reference(ctx, facilitator.partner, ("facilitators", i, "partner"))


def _pilot_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    """A professional in the pair while the group is new."""
    if group.phase == "pilot" and not any(f.role == "professional" for f in group.facilitators):
        yield find("pilot-needs-professional", ("phase",))


def _promise(field: str, required: bool, rule_id: str) -> GroupRule:
    """What low threshold promises: free, no referral, anonymous (one rule each)."""
    def findings(group: Group, ctx: Context) -> Iterator[Finding]:
        if getattr(group, field) is not required:
            yield find(rule_id, (field,))
    return GroupRule((field,), findings)


def _registration_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    if group.registration == "required":
        yield find("registration-required", ("registration",))
    elif group.registration not in ("none", "welcome"):
        yield find("invalid-value", ("registration",), value=group.registration,
                   field="registration", choices=[("none", None), ("welcome", None)])


def _reference_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    vocab = ctx.vocabularies
    yield from reference(vocab.municipalities, "unknown-municipality", group.municipality,
                         ("municipality",))


def _list_findings(field: str, vocabulary: str) -> GroupRule:
    """A list of vocabulary ids: known, each once; audiences and languages not empty."""
    def findings(group: Group, ctx: Context) -> Iterator[Finding]:
        values = getattr(group, field)
        if not values and field != "activities":
            yield find("missing-field", (field,), key=True, field=field)
        yield from references(getattr(ctx.vocabularies, vocabulary), REFERENCE_RULES[vocabulary],
                              values, (field,))
    return GroupRule((field,), findings)


def _venue_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    venue = group.venue
    yield from references(ctx.vocabularies.accessibility, "unknown-accessibility-feature",
                          venue.accessibility, ("venue", "accessibility"))
    yield from text_findings(venue.name, ("venue", "name"), ctx.order)
    # The street in other languages is optional (the main one is in ``address``).
    yield from text_findings(venue.street, ("venue", "street"), ctx.order, required=False)
    bounds = ctx.site.coordinates
    if venue.coordinates is not None and not bounds.contain(*venue.coordinates):
        lat, lon = venue.coordinates
        middle = f"{(bounds.south + bounds.north) / 2:.4f}, {(bounds.west + bounds.east) / 2:.4f}"
        yield find("coordinates-range", ("venue", "coordinates"), value=f"[{lat}, {lon}]",
                   example=middle)


_POSTCODE = re.compile(r"\b[0-9]{5}\b")


_ADDRESS_SEPARATOR = re.compile(r"\s/\s|;|\n|\s(?:tai|eller|or|ja|och|and)\s+[A-ZÅÄÖ]")


def _address_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    """One place per group: two addresses in one field cannot be shown on a map or found."""
    address = group.venue.address
    if len(_POSTCODE.findall(address)) > 1 or (
            _ADDRESS_SEPARATOR.search(address) and len(re.findall(r"[0-9]+", address)) > 1):
        yield find("two-addresses", ("venue", "address"), value=address)


def _contact_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    yield from partner_reference(ctx, group.contact.partner, ("contact", "partner"))
    if not group.contact.phone and not group.contact.email:
        yield find("contact-missing", ("contact",), key=True)


def _schedule_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    schedule = group.schedule
    season = schedule.season
    if not schedule.meetings:
        yield find("no-meetings", ("schedule", "meetings"), key=True)
    for i, meeting in enumerate(schedule.meetings):
        if meeting.end <= meeting.start:
            yield find("time-order", ("schedule", "meetings", i, "end"),
                       start=meeting.start.strftime("%H:%M"),
                       end=meeting.end.strftime("%H:%M"))
        if not EVERY_RANGE[0] <= meeting.every <= EVERY_RANGE[1]:
            yield find("every-range", ("schedule", "meetings", i, "every"), value=meeting.every,
                       field="schedule.meetings.every")
    if season.end is not None and season.end < season.start:
        yield find("season-order", ("schedule", "season", "end"),
                   start=season.start.isoformat(), end=season.end.isoformat())
    for i, pause in enumerate(schedule.breaks):
        if pause.end < pause.start:
            yield find("break-order", ("schedule", "breaks", i),
                       start=pause.start.isoformat(), end=pause.end.isoformat())
        elif pause.start < season.start or (season.end is not None and pause.end > season.end):
            shown = pause.start.isoformat() if pause.start == pause.end else (
                f"{pause.start.isoformat()} – {pause.end.isoformat()}")
            yield find("break-outside-season", ("schedule", "breaks", i), value=shown,
                       start=season.start.isoformat(),
                       end=season.end.isoformat() if season.end else "…")


def _cancellation_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    """Each cancelled date: inside the season, on a meeting day, once, with a reason."""
    schedule = group.schedule
    season = schedule.season
    seen: set[dt.date] = set()
    for i, cancellation in enumerate(group.cancellations):
        day = cancellation.date
        loc: Path_ = ("cancellations", i, "date")
        if day in seen:
            yield find("cancellation-duplicate", loc, value=day.isoformat())
        elif day < season.start or (season.end is not None and day > season.end):
            yield find("cancellation-outside-season", loc, value=day.isoformat(),
                       start=season.start.isoformat(),
                       end=season.end.isoformat() if season.end else "…")
        elif not any(occurrences(schedule, day, day)):
            yield find("cancellation-not-meeting-day", loc, value=day.isoformat())
        seen.add(day)
        if cancellation.reason is None:
            yield find("cancellation-reason-missing", ("cancellations", i), value=day.isoformat())
        else:
            yield from text_findings(cancellation.reason, ("cancellations", i, "reason"),
                                     ctx.order)


def _holiday_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    """A notice listing the coming public holidays that fall on meeting days, until the entry
    says whether the group meets on them (``meets_on_public_holidays``)."""
    if "meets_on_public_holidays" in group.model_fields_set:
        return
    season = group.schedule.season
    start = max(ctx.today, season.start)
    end = season.end or start + dt.timedelta(days=365)
    if end < start:
        return
    calendar = ctx.site.public_holidays
    holidays = public_holidays(start, end, calendar)
    cancelled = {c.date for c in group.cancellations}
    days = sorted({o.day for o in occurrences(group.schedule, start, end)
                   if o.day in holidays and o.day not in cancelled})
    if days:
        yield find("public-holidays-in-season", ("schedule", "season"), key=True,
                   holiday_dates=[d.isoformat() for d in days], calendar=calendar,
                   holidays=", ".join(f"{d.isoformat()} {holidays[d]}" for d in days))


def _code_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    """The short code's form (whether it is unique is checked with every group, in
    :mod:`brochure.check.content`)."""
    if group.code is not None and not valid_code(group.code):
        yield find("code-format", ("code",), value=group.code, alphabet=ALPHABET,
                   suggestion=suggest_code(group.slug or group.code))


def _size_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    low, high = PARTICIPANTS_RANGE
    if group.max_participants is not None and not low <= group.max_participants <= high:
        yield find("number-range", ("max_participants",), field="max_participants", min=low,
                   max=high, value=group.max_participants)


TEXT_FIELDS = ("name", "summary", "description", "substitute")


def _text_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    texts: dict[str, Text | None] = {f: getattr(group, f, None) for f in TEXT_FIELDS}
    for field, text in texts.items():
        yield from text_findings(text, (field,), ctx.order)
    summary = texts["summary"]
    for lang in LANGUAGES:
        value = summary.get(lang) if summary else None
        if value and len(value.strip()) > SUMMARY_LIMIT:
            yield find("summary-too-long", ("summary", lang), language=lang,
                       length=len(value.strip()), limit=SUMMARY_LIMIT)
    yield from translation_findings(texts, ctx.order)


NAME_LIMIT = 80


# Texts the pages render as Markdown (brochure.site.views); the others are shown as typed.
MARKDOWN_FIELDS = frozenset({"description"})


_HTML_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>")


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")


_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$", re.MULTILINE)


_BULLET = re.compile(r"^[ \t]*([\u2022\u25cf\u25aa\u25e6\u2023\u2043\u00b7])", re.MULTILINE)


def markup_findings(text: Text | None, loc: Path_) -> Iterator[Finding]:
    """What the page would drop or mangle in a Markdown text: HTML, images, tables and
    • bullets. Warnings: the entry is still published. (Other texts are shown as typed, '<'
    included; a whole value in Word's quotes is read without them, see
    :func:`brochure.check.lenient.without_word_quotes`.)"""
    if text is None:
        return
    for lang in LANGUAGES:
        value = getattr(text, lang)
        if value:
            yield from _markdown_findings(value, (*loc, lang))


def _markdown_findings(value: str, here: Path_) -> Iterator[Finding]:
    tag = _HTML_TAG.search(value)
    name = tag.group(1).lower() if tag else None
    image = _MD_IMAGE.search(value)
    rows = list(_TABLE_ROW.finditer(value))
    if name == "img" or image:
        found = tag if name == "img" else image
        yield find_at("image-in-text", here, found.start() if found else 0)
    elif name == "table" or len(rows) >= 2:
        found = tag if name == "table" else rows[0]
        yield find_at("table-in-text", here,
                      found.start() + len(found.group(0)) - len(found.group(0).lstrip())
                      if found else 0)
    elif tag is not None:
        yield find_at("html-in-text", here, tag.start(), tag=f"<{name}>")
    bullet = _BULLET.search(value)
    if bullet:
        yield find_at("bullet-character", here, bullet.start(1), char=bullet.group(1))


def _markup_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    for name in MARKDOWN_FIELDS:
        yield from markup_findings(getattr(group, name, None), (name,))
    title: Text | None = getattr(group, "name", None)
    for lang in LANGUAGES:
        value = title.get(lang) if title is not None else None
        if value and len(value.strip()) > NAME_LIMIT:
            yield find("name-too-long", ("name", lang), language=lang,
                       length=len(value.strip()), limit=NAME_LIMIT)


def publication_findings(group: Group, site: Site, today: dt.date) -> Iterator[Finding]:
    """Warnings that keep a group out of the brochure, and the notice before its season ends."""
    yield from _season_findings(group, site, today)
    yield from _review_findings(group, site, today)


def _season_findings(group: Group, site: Site, today: dt.date) -> Iterator[Finding]:
    season = group.schedule.season
    policy = site.policy
    if season.end is not None and season.end < today:
        yield find("season-ended", ("schedule", "season", "end"), end=season.end.isoformat())
    elif season.end is not None and (season.end - today).days <= policy.ending_soon_days:
        yield find("season-ending-soon", ("schedule", "season", "end"),
                   end=season.end.isoformat(), days=(season.end - today).days)


def _review_findings(group: Group, site: Site, today: dt.date) -> Iterator[Finding]:
    policy = site.policy
    age = (today - group.reviewed).days
    if age > policy.review_max_age_days:
        yield find("review-overdue", ("reviewed",), reviewed=group.reviewed.isoformat(),
                   days=policy.review_max_age_days)
    elif age < 0:
        yield find("reviewed-in-future", ("reviewed",), reviewed=group.reviewed.isoformat())


HIDING_RULES = frozenset({"season-ended", "review-overdue"})


GROUP_RULES: tuple[GroupRule, ...] = (
    GroupRule(("facilitators",), _pair_findings),
    GroupRule(("facilitators", "phase"), _pilot_findings),
    _promise("free", True, "must-be-free"),
    _promise("referral_required", False, "no-referral"),
    _promise("anonymous", True, "must-be-anonymous"),
    GroupRule(("registration",), _registration_findings),
    GroupRule(("municipality",), _reference_findings),
    _list_findings("audiences", "audiences"),
    _list_findings("activities", "activities"),
    _list_findings("languages", "languages"),
    GroupRule(("venue",), _venue_findings),
    GroupRule(("venue",), _address_findings),
    GroupRule(("contact",), _contact_findings),
    GroupRule(("schedule",), _schedule_findings),
    GroupRule(("max_participants",), _size_findings),
    GroupRule(("schedule", "cancellations"), _cancellation_findings),
    GroupRule(("schedule", "cancellations"), _holiday_findings),
    GroupRule(("code", "slug"), _code_findings),
    # The texts are read where they are valid (getattr): each is checked on its own.
    GroupRule((), _text_findings),
    GroupRule((), _markup_findings),
    GroupRule(("schedule",), lambda group, ctx: _season_findings(group, ctx.site, ctx.today)),
    GroupRule(("reviewed",), lambda group, ctx: _review_findings(group, ctx.site, ctx.today)),
)


def group_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    """Every rule of the operating model and of the content model, for one group.

    ``group`` may be partial (see :func:`brochure.check.validate.partial_model`): a rule that
    reads a field the entry got wrong is not run, since that field is already reported.
    """
    readable = readable_fields(group)
    for rule in GROUP_RULES:
        if readable.issuperset(rule.reads):
            yield from rule.check(group, ctx)


def waiting_for(group: Group, ctx: Context) -> tuple[str, ...]:
    """The partners with errors in their files that ``group`` names: it is not published
    until they are fixed, and the partner's file says so (one message for one mistake)."""
    readable = readable_fields(group)
    names = [f.partner for f in group.facilitators] if "facilitators" in readable else []
    if "contact" in readable:
        names.append(group.contact.partner)
    found = (broken_partner(ctx, name) for name in names)
    return tuple(dict.fromkeys(pid for pid in found if pid is not None))
