"""Stage 2: validate loaded documents into models and apply the operating model's rules.

Pydantic checks the shape of each file; its errors are mapped back to the line and column of
the offending key or value and to a rule id. Then the rules that need context (vocabularies,
partners, the date) run on the valid models.
"""

from __future__ import annotations

import dataclasses
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

from brochure.check.lenient import fold, literal_choices, literal_labels, literal_words
from brochure.check.rules import EXPECTED, RULES
from brochure.core.codes import ALPHABET, suggest_code, valid_code
from brochure.core.holidays import public_holidays
from brochure.core.languages import LANGUAGES
from brochure.core.models import (
    ID_PATTERN,
    Group,
    Partner,
    Population,
    Retired,
    Site,
    Text,
    Vocabularies,
    suggest_time,
)
from brochure.core.problems import Position, Problem, Severity
from brochure.core.schedule import occurrences
from brochure.load.reader import Document, Path_

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


def suggestion(value: str, choices: Iterable[str],
               words: dict[str, str | None] | None = None) -> dict[str, Any]:
    """``{'suggestion_id': best}`` when one choice is close enough to a typo, else ``{}``.

    ``words`` (folded label -> id) lets a misspelt label suggest its id too."""
    choices = list(choices)
    matches = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    if matches:
        return {"suggestion_id": matches[0]}
    if words:
        close = difflib.get_close_matches(fold(value), list(words), n=1, cutoff=0.75)
        if close and words[close[0]]:
            return {"suggestion_id": words[close[0]]}
    return {}


def _field_name(loc: tuple[Any, ...]) -> str:
    """The field as the partner sees it in the file: ``weekday``, not
    ``schedule.meetings.weekday`` (the line already points there)."""
    names = [str(p) for p in loc if isinstance(p, str)]
    return names[-1] if names else "?"


def literal_choice_list(choices: Iterable[str]) -> list[tuple[str, dict[str, str] | None]]:
    return [(choice, literal_labels(choice)) for choice in choices]


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
        literals = literal_choices(model, loc) or tuple(
            str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ").split(", "))
        return _problem(doc, "invalid-value", loc, value=value, field=_field_name(loc),
                        choices=literal_choice_list(literals),
                        **suggestion(str(value), literals, literal_words(literals)))
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
    # Partners whose files have errors (id, file): referring to one is one line, not many.
    broken: tuple[tuple[str, str], ...] = ()
    # Each partner's name in every language, for the list of allowed partners.
    partner_names: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()


@dataclass(frozen=True)
class Finding:
    rule: str
    loc: Path_
    params: dict[str, Any]
    key: bool = False
    # Where in the text value the problem starts (a character index), for the exact line.
    offset: int | None = None


def _find(rule: str, loc: Path_, key: bool = False, **params: Any) -> Finding:
    return Finding(rule, loc, params, key)


def _find_at(rule: str, loc: Path_, offset: int, **params: Any) -> Finding:
    return Finding(rule, loc, params, False, offset)


def position_in_text(doc: Document, loc: Path_, value: str, offset: int) -> Position:
    """The line and column of ``value[offset]`` in the file, for a text written as a literal
    block (``|``) or on one line without escapes; else where the value starts."""
    start = doc.position(loc)
    lines = doc.text.split("\n")
    if not 0 < start.line <= len(lines):
        return start
    source = lines[start.line - 1][start.column - 1:].rstrip("\r")
    before = value[:offset]
    if source[:1] == "|":
        line = start.line + 1 + before.count("\n")
        if line > len(lines):
            return start
        text_line = lines[line - 1]
        indent = len(text_line) - len(text_line.lstrip(" "))
        column = indent + len(before) - (before.rfind("\n") + 1) + 1
        return Position(line, column)
    if "\n" in value or "\\" in source:
        return start
    quote = 1 if source[:1] in "\"'" else 0
    return Position(start.line, start.column + quote + offset)


_REFERENCES = {
    "municipalities": "unknown-municipality",
    "audiences": "unknown-audience",
    "activities": "unknown-activity",
    "accessibility": "unknown-accessibility-feature",
    "languages": "unknown-language",
    "partner_kinds": "unknown-partner-kind",
}


def choice_list(vocab: dict[str, Any]) -> list[tuple[str, dict[str, str] | None]]:
    """A vocabulary's ids with their labels, for the list of allowed values."""
    return [(key, label.model_dump() if hasattr(label, "model_dump") else None)
            for key, label in vocab.items()]


def _label_words(vocab: dict[str, Any]) -> dict[str, str | None]:
    words: dict[str, str | None] = {}
    for key, label in vocab.items():
        for text in (label.model_dump().values() if hasattr(label, "model_dump") else ()):
            words[fold(text)] = key
    return words


def _reference(vocab: dict[str, Any], rule: str, value: str, loc: Path_) -> Iterator[Finding]:
    if value not in vocab:
        yield _find(rule, loc, value=value, choices=choice_list(vocab),
                    **suggestion(value, vocab, _label_words(vocab)))


def _references(vocab: dict[str, Any], rule: str, values: list[str],
                loc: Path_) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            yield _find("duplicate-value", (*loc, i), value=value)
        seen.add(value)
        yield from _reference(vocab, rule, value, (*loc, i))


def _partner(ctx: Context, value: str, loc: Path_) -> Iterator[Finding]:
    broken = {fold(pid): (pid, path) for pid, path in ctx.broken}
    if fold(value) in broken and value not in ctx.partners:
        pid, path = broken[fold(value)]
        yield _find("partner-file-errors", loc, value=pid, file=path)
    elif value not in ctx.partners:
        names = {pid: dict(labels) for pid, labels in ctx.partner_names}
        choices = [(pid, names.get(pid)) for pid in sorted(ctx.partners)]
        words = {fold(label): pid for pid, labels in names.items() for label in labels.values()}
        yield _find("unknown-partner", loc, value=value, choices=choices,
                    **suggestion(value, ctx.partners, dict(words)))


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
                    field="registration", choices=[("none", None), ("welcome", None)])


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


_POSTCODE = re.compile(r"\b[0-9]{5}\b")
_ADDRESS_SEPARATOR = re.compile(r"\s/\s|;|\n|\s(?:tai|eller|or|ja|och|and)\s+[A-ZÅÄÖ]")


def _address_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    """One place per group: two addresses in one field cannot be shown on a map or found."""
    address = group.venue.address
    if len(_POSTCODE.findall(address)) > 1 or (
            _ADDRESS_SEPARATOR.search(address) and len(re.findall(r"[0-9]+", address)) > 1):
        yield _find("two-addresses", ("venue", "address"), value=address)


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
    :mod:`brochure.check.content`)."""
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


NAME_LIMIT = 80
# Texts the pages render as Markdown (brochure.site.views); the others are shown as typed.
MARKDOWN_FIELDS = frozenset({"description"})
_HTML_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$", re.MULTILINE)
_BULLET = re.compile(r"^[ \t]*([\u2022\u25cf\u25aa\u25e6\u2023\u2043\u00b7])", re.MULTILINE)
TYPOGRAPHIC_QUOTES = "\u201c\u201d\u2018\u2019\u201e\u201a\u00ab\u00bb"


def markup_findings(text: Text | None, loc: Path_, *, markdown: bool) -> Iterator[Finding]:
    """What the page would drop or mangle in a text: in Markdown, HTML, images, tables and
    • bullets; anywhere, a value wrapped in Word's quotes. Warnings: the entry is still
    published. (Other texts are shown as typed, '<' included.)"""
    if text is None:
        return
    for lang in LANGUAGES:
        value = getattr(text, lang)
        if not value:
            continue
        here = (*loc, lang)
        if markdown:
            yield from _markdown_findings(value, here)
        stripped = value.strip()
        if (len(stripped) >= 2 and stripped[0] in TYPOGRAPHIC_QUOTES
                and stripped[-1] in TYPOGRAPHIC_QUOTES):
            yield _find("typographic-quotes", here, value=stripped,
                        fixed=stripped[1:-1].strip())


def _markdown_findings(value: str, here: Path_) -> Iterator[Finding]:
    tag = _HTML_TAG.search(value)
    name = tag.group(1).lower() if tag else None
    image = _MD_IMAGE.search(value)
    rows = list(_TABLE_ROW.finditer(value))
    if name == "img" or image:
        found = tag if name == "img" else image
        yield _find_at("image-in-text", here, found.start() if found else 0)
    elif name == "table" or len(rows) >= 2:
        found = tag if name == "table" else rows[0]
        yield _find_at("table-in-text", here,
                       found.start() + len(found.group(0)) - len(found.group(0).lstrip())
                       if found else 0)
    elif tag is not None:
        yield _find_at("html-in-text", here, tag.start(), tag=f"<{name}>")
    bullet = _BULLET.search(value)
    if bullet:
        yield _find_at("bullet-character", here, bullet.start(1), char=bullet.group(1))


def _markup_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    for name in _TEXT_FIELDS:
        yield from markup_findings(getattr(group, name, None), (name,),
                                   markdown=name in MARKDOWN_FIELDS)
    venue = getattr(group, "venue", None)
    if venue is not None:
        yield from markup_findings(venue.name, ("venue", "name"), markdown=False)
    title: Text | None = getattr(group, "name", None)
    for lang in LANGUAGES:
        value = title.get(lang) if title is not None else None
        if value and len(value.strip()) > NAME_LIMIT:
            yield _find("name-too-long", ("name", lang), language=lang,
                        length=len(value.strip()), limit=NAME_LIMIT)


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
    _address_findings,
    _contact_findings,
    _schedule_findings,
    _size_findings,
    _cancellation_findings,
    _holiday_findings,
    _code_findings,
    _text_findings,
    _markup_findings,
    _publication_findings,
)


def group_findings(group: Group, ctx: Context) -> Iterator[Finding]:
    """Every rule of the operating model and of the content model, for one group.

    ``group`` may be partial (see :func:`partial_model`): a rule that needs a field the entry
    got wrong is skipped, since that field is already reported.
    """
    broken_said = False
    for rule_findings in GROUP_RULES:
        try:
            found = list(rule_findings(group, ctx))
        except AttributeError:
            continue
        for finding in found:
            if finding.rule == "partner-file-errors":
                # One line is enough: the partner's own file lists its errors.
                if broken_said:
                    continue
                broken_said = True
            yield finding


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


def site_findings(site: Site, partners: frozenset[str],
                  broken: dict[str, str] | None = None) -> Iterator[Finding]:
    yield from text_findings(site.title, ("title",))
    yield from text_findings(site.description, ("description",))
    if broken and site.coordinator.partner in broken:
        yield _find("partner-file-errors", ("coordinator", "partner"),
                    value=site.coordinator.partner, file=broken[site.coordinator.partner])
    elif site.coordinator.partner not in partners:
        yield _find("unknown-partner", ("coordinator", "partner"), value=site.coordinator.partner,
                    **suggestion(site.coordinator.partner, partners))
    if site.default_language not in site.languages:
        yield _find("invalid-value", ("default_language",), value=site.default_language,
                    field="default_language", choices=[(lang, None) for lang in site.languages])


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


def population_findings(population: Population, vocab: Vocabularies) -> Iterator[Finding]:
    """``content/population.yaml``: a figure for each municipality of the vocabulary."""
    yield from text_findings(population.source, ("source",))
    for key in population.municipalities:
        for finding in _reference(vocab.municipalities, "unknown-municipality", key,
                                  ("municipalities", key)):
            yield dataclasses.replace(finding, key=True)
    missing = [m for m in vocab.municipalities if m not in population.municipalities]
    if missing:
        yield _find("population-missing", ("municipalities",), key=True,
                    value=", ".join(missing))


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
        position = doc.position(finding.loc, key=finding.key)
        if finding.offset is not None:
            value = _value_at(doc.data, finding.loc)
            if isinstance(value, str):
                position = position_in_text(doc, finding.loc, value, finding.offset)
        out.append(Problem(doc.path, position, finding.rule, RULES[finding.rule].severity,
                           finding.params))
    return out


def _value_at(data: Any, loc: Path_) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def normal_slug(slug: str) -> str:
    """The form under which two slugs count as the same."""
    return unicodedata.normalize("NFKC", slug).casefold()


def valid_slug(slug: str) -> bool:
    return bool(SLUG_PATTERN.match(slug)) and "--" not in slug
