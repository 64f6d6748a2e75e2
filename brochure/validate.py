"""Stage 2: validate loaded documents into models and apply the operating model's rules.

Pydantic checks the shape of each file; its errors are mapped back to the line and column of
the offending key or value and to a rule id. Then the rules that need context (vocabularies,
partners, the date) run on the valid models.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import types
import typing
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from .codes import ALPHABET, suggest_code, valid_code
from .languages import LANGUAGES
from .loader import Document, Path_
from .models import (
    ID_PATTERN,
    Group,
    Partner,
    Retired,
    Site,
    Text,
    Vocabularies,
    suggest_time,
)
from .problems import Position, Problem, Severity
from .publicholidays import public_holidays
from .rules import EXPECTED, RULES
from .schedule import occurrences

M = TypeVar("M", bound=BaseModel)

SUMMARY_LIMIT = 160
SLUG_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]{1,58})[a-z0-9]\Z")
# Finland, generously: catches swapped latitude and longitude.
LATITUDES, LONGITUDES = (59.0, 70.5), (19.0, 32.0)


# --- pydantic errors to problems --------------------------------------------------------

_EXPECTED = {
    "string_type": "text", "str_type": "text",
    "int_type": "number", "int_parsing": "number", "int_from_float": "number",
    "float_type": "decimal", "float_parsing": "decimal",
    "bool_type": "boolean", "bool_parsing": "boolean",
    "list_type": "list", "tuple_type": "list", "too_short": "list", "too_long": "list",
    "dict_type": "mapping", "model_type": "mapping", "model_attributes_type": "mapping",
    "date_type": "date", "date_parsing": "date", "date_from_datetime_parsing": "date",
}


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that holds the field at ``loc`` (used for 'did you mean')."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    if origin in (list, tuple, typing.Union, types.UnionType, dict):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def suggestion(value: str, choices: Iterable[str]) -> dict[str, Any]:
    """``{'suggestion_id': best}`` when one choice is close enough to a typo, else ``{}``."""
    matches = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return {"suggestion_id": matches[0]} if matches else {}


def _field_name(loc: tuple[Any, ...]) -> str:
    names = [str(p) for p in loc if isinstance(p, str)]
    return ".".join(names) if names else "?"


def _error_problem(model: type[BaseModel], doc: Document, error: Any) -> Problem | None:
    loc: Path_ = tuple(p for p in error["loc"] if isinstance(p, str | int))
    kind: str = error["type"]
    if doc.is_flagged(loc):
        return None
    ctx = dict(error.get("ctx") or {})
    if kind == "extra_forbidden":
        holder = _model_at(model, loc[:-1])
        choices = holder.model_fields if holder else []
        return _problem(doc, "unknown-field", loc, key=True, field=str(loc[-1]),
                        **suggestion(str(loc[-1]), choices))
    if kind == "missing":
        return _problem(doc, "missing-field", loc[:-1], key=True, field=_field_name(loc))
    if kind in ("time-format", "date-format", "invalid-date", "phone-invalid",
                "email-invalid", "url-invalid"):
        raw = doc.raw.get(loc)
        if raw is not None:
            ctx["value"] = raw
            if kind == "time-format":
                ctx["suggestion"] = suggest_time(raw)
        return _problem(doc, kind, loc, **ctx)
    if kind == "literal_error":
        value = error.get("input")
        allowed = str(ctx.get("expected", "")).replace("'", "")
        return _problem(doc, "invalid-value", loc, value=value, field=_field_name(loc),
                        allowed=allowed)
    expected = _EXPECTED.get(kind, "text")
    return _problem(doc, "wrong-type", loc, field=_field_name(loc),
                    expected=_expected_word(expected))


def _expected_word(key: str) -> str:
    return EXPECTED[key]


def _problem(doc: Document, rule: str, loc: Path_, *, key: bool = False,
             severity: Severity | None = None, **params: Any) -> Problem:
    return Problem(doc.path, doc.position(loc, key=key), rule,
                   severity or RULES[rule].severity, params)


def validate_model(model: type[M], doc: Document) -> tuple[M | None, list[Problem]]:
    """Validate a document's data into ``model``; problems point into the file."""
    if not isinstance(doc.data, dict):
        return None, []
    if "slug" in doc.data and "slug" in model.model_fields:
        # The slug is the file name; a 'slug:' line in the file is a mistake, not an override.
        doc.problems.append(_problem(doc, "unknown-field", ("slug",), key=True, field="slug"))
        doc.flagged.add(("slug",))
        doc.data = {k: v for k, v in doc.data.items() if k != "slug"}
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        problems = []
        seen: set[tuple[Position, str]] = set()
        for error in exc.errors(include_url=False):
            problem = _error_problem(model, doc, error)
            if problem and (problem.position, problem.rule) not in seen:
                seen.add((problem.position, problem.rule))
                problems.append(problem)
        return None, _drop_explained(problems)


def _drop_explained(problems: list[Problem]) -> list[Problem]:
    """A misspelt field is also a missing one; say it once, as the misspelling."""
    meant = {p.params["suggestion_id"] for p in problems
             if p.rule == "unknown-field" and "suggestion_id" in p.params}
    return [p for p in problems
            if not (p.rule == "missing-field" and p.params["field"].split(".")[-1] in meant)]


def partial_model(model: type[M], data: Any) -> M | None:
    """The fields of an invalid entry that are valid on their own, for the rules to check.

    Rules that read a field missing here are skipped (see :func:`run_findings`), so a partner
    sees the operating model's problems in the same round as the typing mistakes.
    """
    if not isinstance(data, dict):
        return None
    values = {}
    for name, _info in model.model_fields.items():
        if name not in data:
            continue
        try:
            values[name] = _adapter(model, name).validate_python(data[name])
        except ValidationError:
            continue
    return model.model_construct(_fields_set=set(values), **values)


@functools.cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    annotation: Any = info.annotation
    if info.metadata:
        annotation = typing.Annotated[annotation, *info.metadata]
    return TypeAdapter(annotation)


# --- rules that need the whole content ---------------------------------------------------

@dataclass(frozen=True)
class Context:
    """What a group's rules can refer to."""

    vocabularies: Vocabularies
    partners: frozenset[str]
    site: Site
    today: dt.date


@dataclass(frozen=True)
class Finding:
    rule: str
    loc: Path_
    params: dict[str, Any]
    key: bool = False


def _find(rule: str, loc: Path_, key: bool = False, **params: Any) -> Finding:
    return Finding(rule, loc, params, key)


_REFERENCES = {
    "municipalities": "unknown-municipality",
    "audiences": "unknown-audience",
    "activities": "unknown-activity",
    "accessibility": "unknown-accessibility-feature",
    "languages": "unknown-language",
    "partner_kinds": "unknown-partner-kind",
}


def _reference(vocab: dict[str, Any], rule: str, value: str, loc: Path_) -> Iterator[Finding]:
    if value not in vocab:
        yield _find(rule, loc, value=value, allowed=", ".join(vocab),
                    **suggestion(value, vocab))


def _references(vocab: dict[str, Any], rule: str, values: list[str],
                loc: Path_) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            yield _find("duplicate-value", (*loc, i), value=value)
        seen.add(value)
        yield from _reference(vocab, rule, value, (*loc, i))


def _partner(ctx: Context, value: str, loc: Path_) -> Iterator[Finding]:
    if value not in ctx.partners:
        yield _find("unknown-partner", loc, value=value, **suggestion(value, ctx.partners))


def text_findings(text: Text | None, loc: Path_, *, required: bool = True) -> Iterator[Finding]:
    """Finnish present, no empty texts. Missing translations are gathered per file."""
    if text is None:
        return
    for lang in LANGUAGES:
        value = getattr(text, lang)
        if value is not None and not value.strip():
            yield _find("empty-text", (*loc, lang), field=_field_name(loc))
    if required and not text.get("fi"):
        yield _find("finnish-required", loc, key=True, field=_field_name(loc))


def translation_findings(texts: dict[str, Text | None]) -> Iterator[Finding]:
    """One warning per missing language, naming every field that lacks it."""
    for lang in ("sv", "en"):
        fields = [name for name, text in texts.items() if text is not None and not text.get(lang)]
        if fields:
            yield _find("missing-translation", (fields[0],), key=True, language=lang,
                        fields=", ".join(fields))


def _facilitator_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    """The pair: two facilitators, two organisations, a professional while piloting."""
    facilitators = group.facilitators
    if len(facilitators) < 2:
        yield _find("two-facilitators", ("facilitators",), count=len(facilitators))
    elif len({f.partner for f in facilitators}) < 2:
        yield _find("facilitators-same-organisation", ("facilitators",),
                    partner=facilitators[0].partner)
    for i, facilitator in enumerate(facilitators):
        yield from _partner(ctx, facilitator.partner, ("facilitators", i, "partner"))
    if group.phase == "pilot" and not any(f.role == "professional" for f in facilitators):
        yield _find("pilot-needs-professional", ("phase",))


def _promise(field: str, required: bool, rule_id: str) -> Any:
    """What low threshold promises: free, no referral, anonymous (one rule each)."""
    def findings(group: Group, ctx: Context) -> Iterator[Finding]:
        if getattr(group, field) is not required:
            yield _find(rule_id, (field,))
    return findings


def _registration_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    if group.registration == "required":
        yield _find("registration-required", ("registration",))
    elif group.registration not in ("none", "welcome"):
        yield _find("invalid-value", ("registration",), value=group.registration,
                    field="registration", allowed="none, welcome")


def _reference_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    vocab = ctx.vocabularies
    yield from _reference(vocab.municipalities, "unknown-municipality", group.municipality,
                          ("municipality",))


def _list_findings(field: str, vocabulary: str) -> Any:
    def findings(group: Group, ctx: Context) -> Iterator[Finding]:
        values = getattr(group, field)
        if not values and field != "activities":
            yield _find("missing-field", (field,), key=True, field=field)
        yield from _references(getattr(ctx.vocabularies, vocabulary), _REFERENCES[vocabulary],
                               values, (field,))
    return findings


def _venue_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    venue = group.venue
    yield from _references(ctx.vocabularies.accessibility, "unknown-accessibility-feature",
                           venue.accessibility, ("venue", "accessibility"))
    yield from text_findings(venue.name, ("venue", "name"))
    if venue.coordinates is not None:
        lat, lon = venue.coordinates
        if not (LATITUDES[0] <= lat <= LATITUDES[1] and LONGITUDES[0] <= lon <= LONGITUDES[1]):
            yield _find("coordinates-range", ("venue", "coordinates"), value=f"[{lat}, {lon}]")


def _contact_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    yield from _partner(ctx, group.contact.partner, ("contact", "partner"))
    if not group.contact.phone and not group.contact.email:
        yield _find("contact-missing", ("contact",), key=True)


def _schedule_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    schedule = group.schedule
    season = schedule.season
    if not schedule.meetings:
        yield _find("no-meetings", ("schedule", "meetings"), key=True)
    for i, meeting in enumerate(schedule.meetings):
        if meeting.end <= meeting.start:
            yield _find("time-order", ("schedule", "meetings", i, "end"),
                        start=meeting.start.strftime("%H:%M"),
                        end=meeting.end.strftime("%H:%M"))
        if not 1 <= meeting.every <= 4:
            yield _find("every-range", ("schedule", "meetings", i, "every"), value=meeting.every)
    if season.end is not None and season.end < season.start:
        yield _find("season-order", ("schedule", "season", "end"),
                    start=season.start.isoformat(), end=season.end.isoformat())
    for i, pause in enumerate(schedule.breaks):
        if pause.end < pause.start:
            yield _find("break-order", ("schedule", "breaks", i),
                        start=pause.start.isoformat(), end=pause.end.isoformat())
        elif pause.start < season.start or (season.end is not None and pause.end > season.end):
            shown = pause.start.isoformat() if pause.start == pause.end else (
                f"{pause.start.isoformat()} – {pause.end.isoformat()}")
            yield _find("break-outside-season", ("schedule", "breaks", i), value=shown,
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
            yield _find("cancellation-duplicate", loc, value=day.isoformat())
        elif day < season.start or (season.end is not None and day > season.end):
            yield _find("cancellation-outside-season", loc, value=day.isoformat(),
                        start=season.start.isoformat(),
                        end=season.end.isoformat() if season.end else "…")
        elif not any(occurrences(schedule, day, day)):
            yield _find("cancellation-not-meeting-day", loc, value=day.isoformat())
        seen.add(day)
        if cancellation.reason is None:
            yield _find("cancellation-reason-missing", ("cancellations", i), value=day.isoformat())
        else:
            yield from text_findings(cancellation.reason, ("cancellations", i, "reason"))


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
    holidays = public_holidays(start, end)
    cancelled = {c.date for c in group.cancellations}
    days = sorted({o.day for o in occurrences(group.schedule, start, end)
                   if o.day in holidays and o.day not in cancelled})
    if days:
        yield _find("public-holidays-in-season", ("schedule", "season"), key=True,
                    holiday_dates=[d.isoformat() for d in days],
                    holidays=", ".join(f"{d.isoformat()} {holidays[d]}" for d in days))


def _code_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    """The short code's form (whether it is unique is checked with every group, in
    :mod:`brochure.content`)."""
    if group.code is not None and not valid_code(group.code):
        yield _find("code-format", ("code",), value=group.code, alphabet=ALPHABET,
                    suggestion=suggest_code(group.slug or group.code))


def _size_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    if group.max_participants is not None and not 1 <= group.max_participants <= 1000:
        yield _find("number-range", ("max_participants",), field="max_participants", min=1,
                    max=1000)


_TEXT_FIELDS = ("name", "summary", "description", "substitute")


def _text_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    texts: dict[str, Text | None] = {f: getattr(group, f, None) for f in _TEXT_FIELDS}
    for field, text in texts.items():
        yield from text_findings(text, (field,))
    summary = texts["summary"]
    for lang in LANGUAGES:
        value = summary.get(lang) if summary else None
        if value and len(value.strip()) > SUMMARY_LIMIT:
            yield _find("summary-too-long", ("summary", lang), language=lang,
                        length=len(value.strip()), limit=SUMMARY_LIMIT)
    yield from translation_findings(texts)


def _publication_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    yield from publication_findings(group, ctx.site, ctx.today)


GROUP_RULES = (
    _facilitator_findings,
    _promise("free", True, "must-be-free"),
    _promise("referral_required", False, "no-referral"),
    _promise("anonymous", True, "must-be-anonymous"),
    _registration_findings,
    _reference_findings,
    _list_findings("audiences", "audiences"),
    _list_findings("activities", "activities"),
    _list_findings("languages", "languages"),
    _venue_findings,
    _contact_findings,
    _schedule_findings,
    _size_findings,
    _cancellation_findings,
    _holiday_findings,
    _code_findings,
    _text_findings,
    _publication_findings,
)


def group_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    """Every rule of the operating model and of the content model, for one group.

    ``group`` may be partial (see :func:`partial_model`): a rule that needs a field the entry
    got wrong is skipped, since that field is already reported.
    """
    for rule_findings in GROUP_RULES:
        try:
            yield from list(rule_findings(group, ctx))
        except AttributeError:
            continue


def publication_findings(group: Group, site: Site, today: dt.date) -> Iterator[Finding]:
    """Warnings that keep a group out of the brochure, and the notice before its season ends."""
    season = group.schedule.season
    policy = site.policy
    if season.end is not None and season.end < today:
        yield _find("season-ended", ("schedule", "season", "end"), end=season.end.isoformat())
    elif season.end is not None and (season.end - today).days <= policy.ending_soon_days:
        yield _find("season-ending-soon", ("schedule", "season", "end"),
                    end=season.end.isoformat(), days=(season.end - today).days)
    age = (today - group.reviewed).days
    if age > policy.review_max_age_days:
        yield _find("review-overdue", ("reviewed",), reviewed=group.reviewed.isoformat(),
                    days=policy.review_max_age_days)
    elif age < 0:
        yield _find("reviewed-in-future", ("reviewed",), reviewed=group.reviewed.isoformat())


HIDING_RULES = frozenset({"season-ended", "review-overdue"})


def partner_findings(partner: Partner, vocab: Vocabularies) -> Iterator[Finding]:
    yield from _reference(vocab.partner_kinds, "unknown-partner-kind", partner.kind, ("kind",))
    yield from text_findings(partner.name, ("name",))
    yield from text_findings(partner.description, ("description",))
    yield from translation_findings({"name": partner.name, "description": partner.description})


def site_findings(site: Site, partners: frozenset[str]) -> Iterator[Finding]:
    yield from text_findings(site.title, ("title",))
    yield from text_findings(site.description, ("description",))
    if site.coordinator.partner not in partners:
        yield _find("unknown-partner", ("coordinator", "partner"), value=site.coordinator.partner,
                    **suggestion(site.coordinator.partner, partners))
    if site.default_language not in site.languages:
        yield _find("invalid-value", ("default_language",), value=site.default_language,
                    field="default_language", allowed=", ".join(site.languages))


def retired_findings(retired: Retired, vocab: Vocabularies) -> Iterator[Finding]:
    """``content/retired.yaml``: each deleted group's slug, code, municipality and name."""
    slugs: set[str] = set()
    codes: set[str] = set()
    for i, entry in enumerate(retired.groups):
        loc: Path_ = ("groups", i)
        if not valid_slug(entry.slug):
            yield _find("slug-format", (*loc, "slug"), value=entry.slug)
        elif normal_slug(entry.slug) in slugs:
            yield _find("duplicate-value", (*loc, "slug"), value=entry.slug)
        slugs.add(normal_slug(entry.slug))
        if entry.code is not None:
            if not valid_code(entry.code):
                yield _find("code-format", (*loc, "code"), value=entry.code, alphabet=ALPHABET,
                            suggestion=suggest_code(entry.slug))
            elif entry.code in codes:
                yield _find("duplicate-value", (*loc, "code"), value=entry.code)
            codes.add(entry.code)
        yield from _reference(vocab.municipalities, "unknown-municipality", entry.municipality,
                              (*loc, "municipality"))
        yield from text_findings(entry.name, (*loc, "name"))


def vocabulary_findings(vocab: Vocabularies) -> Iterator[Finding]:
    for category in Vocabularies.model_fields:
        for key in getattr(vocab, category):
            if not ID_PATTERN.match(key):
                yield _find("slug-format", (category, key), key=True, value=key)


def problems_of(doc: Document, findings: Iterable[Finding]) -> list[Problem]:
    out = []
    for finding in findings:
        if doc.is_flagged(finding.loc):
            continue
        out.append(Problem(doc.path, doc.position(finding.loc, key=finding.key), finding.rule,
                           RULES[finding.rule].severity, finding.params))
    return out


def normal_slug(slug: str) -> str:
    """The form under which two slugs count as the same."""
    return unicodedata.normalize("NFKC", slug).casefold()


def valid_slug(slug: str) -> bool:
    return bool(SLUG_PATTERN.match(slug)) and "--" not in slug
