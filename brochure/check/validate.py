"""Stage 2: validate a loaded document into its model, mapping pydantic's errors to problems.

Pydantic checks the shape of each file; its errors are mapped back to the line and column of
the offending key or value and to a rule id. A file's own name or language (a group's slug, a
partner's id, a page's name) is given to the model here, with the file's values, so no model is
changed after it is made. The rules that need context run afterwards, on the models
(:mod:`brochure.check.findings`, :mod:`brochure.check.group_rules`).
"""

from __future__ import annotations

import difflib
import functools
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from brochure.check.fields import field_keys
from brochure.check.lenient import (
    annotation_at,
    fold,
    literal_choices,
    literal_labels,
    literal_words,
)
from brochure.check.rules import EXPECTED, RULES
from brochure.core.models import suggest_time
from brochure.core.problems import Problem, Severity
from brochure.load.document import Document, Path_

M = TypeVar("M", bound=BaseModel)


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
               words: dict[str, str | None] | None = None,
               cutoff: float = 0.6) -> dict[str, Any]:
    """``{'suggestion_id': best}`` when one choice is close enough to a typo, else ``{}``.

    ``words`` (folded label -> id) lets a misspelt label suggest its id too."""
    choices = list(choices)
    matches = difflib.get_close_matches(value, choices, n=1, cutoff=cutoff)
    if matches:
        return {"suggestion_id": matches[0]}
    if words:
        close = difflib.get_close_matches(fold(value), list(words), n=1, cutoff=0.75)
        if close and words[close[0]]:
            return {"suggestion_id": words[close[0]]}
    return {}


def key_suggestion(key: str, choices: list[str], parent: str = "") -> dict[str, Any]:
    """What an unknown key was meant to be: a field and its value run together for want of
    a colon (``{weekday thursday, …}``) is shown with the colon; a field's words in any
    language (``kunta``, under ``parent``) give the field; else the closest field."""
    first, _, rest = key.partition(" ")
    if rest.strip() and first in choices:
        return {"suggestion_id": f"{first}: {rest.strip()}"}
    named = field_keys().get(f"{parent}|{fold(key)}")
    if named in choices:
        return {"suggestion_id": named}
    return suggestion(key, choices)


def field_name(loc: tuple[Any, ...]) -> str:
    """The field's dotted path without list indexes (``schedule.meetings.weekday``): a
    message names it in words and by its key alone (:func:`brochure.check.fields.field_words`),
    since the line already points there."""
    return _dotted(loc) or "?"


def _dotted(loc: tuple[Any, ...]) -> str:
    """``loc``'s field names joined by dots ("" at the top of a file)."""
    return ".".join(str(p) for p in loc if isinstance(p, str))


def _written(doc: Document, loc: Path_, value: Any) -> dict[str, Any]:
    """How the value at ``loc`` was written, for a message: a scalar as typed, a list or a
    group of fields written on one line (``[63,8391, 23,1302]``) as it stands in the file,
    else what kind of value it is (``value_kind``, put in words by the catalogue)."""
    if isinstance(value, dict | list):
        position = doc.position(loc)
        lines = doc.text.split("\n")
        if doc.values.get(loc) == position and 0 < position.line <= len(lines):
            rest = lines[position.line - 1][position.column - 1:].rstrip("\r")
            closing = {"[": "]", "{": "}"}.get(rest[:1])
            if closing is not None:
                end = _closing(rest, rest[0], closing)
                if end is not None:
                    return {"value": rest[:end + 1]}
        return {"value_kind": "list" if isinstance(value, list) else "mapping"}
    if value is None:
        return {"value": ""}
    if isinstance(value, bool):
        return {"value": "true" if value else "false"}
    if isinstance(value, str):
        return {"value": f"'{value}'"}
    return {"value": doc.raw.get(loc, str(value))}


def _closing(text: str, opening: str, closing: str) -> int | None:
    """The index of the bracket that closes ``text[0]`` on the same line, or None."""
    depth = 0
    for i, char in enumerate(text):
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return i
    return None


def _pair_at(model: type[BaseModel], loc: Path_) -> Path_ | None:
    """The path of the fixed-length tuple (coordinates) that ``loc`` is or is inside."""
    for end in range(len(loc), 0, -1):
        found = annotation_at(model, loc[:end])
        if found is not None and typing.get_origin(found[0]) is tuple:
            return loc[:end]
    return None


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
        # Fields given from the file's name (a group's slug) are not offered as spellings.
        choices = [name for name, info in holder.model_fields.items()
                   if not info.exclude] if holder else []
        return _problem(doc, "unknown-field", loc, key=True, field=str(loc[-1]),
                        **key_suggestion(str(loc[-1]), choices, _dotted(loc[:-1])))
    if kind == "missing":
        return _problem(doc, "missing-field", loc[:-1], key=True, field=field_name(loc))
    if kind in ("time-format", "date-format", "invalid-date", "phone-invalid", "phone-letter",
                "unknown-setting", "email-invalid", "url-invalid"):
        raw = doc.raw.get(loc)
        if raw is not None:
            ctx["value"] = raw
        if kind == "time-format":
            # An example to write, not a demand for quotes: the loader reads 13:00 anyway.
            ctx["suggestion"] = suggest_time(str(ctx.get("value", ""))).strip('"')
        return _problem(doc, kind, loc, **ctx)
    if kind == "literal_error" and isinstance(error.get("input"), list | dict):
        # Several values where one is chosen (weekday: [thursday, friday]): the list itself
        # is the mistake, not the words in it.
        return _problem(doc, "wrong-type", loc, field=field_name(loc),
                        expected=_expected_word("text"), **_written(doc, loc, error["input"]))
    if kind == "literal_error":
        value = error.get("input")
        literals = literal_choices(model, loc) or tuple(
            str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ").split(", "))
        return _problem(doc, "invalid-value", loc, value=value, field=field_name(loc),
                        choices=literal_choice_list(literals),
                        **suggestion(str(value), literals, literal_words(literals)))
    pair = _pair_at(model, loc)
    if pair is not None:
        # Coordinates: say what the whole pair should be, and show it as it was written.
        return _problem(doc, "wrong-type", pair, field=field_name(pair),
                        expected=_expected_word("pair"),
                        **_written(doc, pair, value_at(doc.data, pair)))
    expected = _EXPECTED.get(kind, "text")
    return _problem(doc, "wrong-type", loc, field=field_name(loc),
                    expected=_expected_word(expected), **_written(doc, loc, error.get("input")))


def value_at(data: Any, loc: Path_) -> Any:
    """The value at ``loc`` in a document's data, or None where there is none."""
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _expected_word(key: str) -> str:
    return EXPECTED[key]


def _problem(doc: Document, rule: str, loc: Path_, *, key: bool = False,
             severity: Severity | None = None, **params: Any) -> Problem:
    return Problem(doc.path, doc.position(loc, key=key), rule,
                   severity or RULES[rule].severity, params)


@dataclass(frozen=True)
class Validated(Generic[M]):
    """A document validated into ``model``: the model, or the fields of it that are valid on
    their own (``partial``, for the rules to check); and every problem of the file so far."""

    doc: Document
    model: M | None
    partial: M | None
    problems: tuple[Problem, ...]

    @property
    def usable(self) -> M | None:
        """The model, or the partial one: what the rules can check."""
        return self.model if self.model is not None else self.partial


def validate_model(model: type[M], doc: Document,
                   identity: Mapping[str, object] | None = None,
                   context: Mapping[str, object] | None = None) -> Validated[M]:
    """Validate a document's data into ``model``; problems point into the file.

    ``identity`` are the model's fields that come from the file's name, not its text (a
    group's ``slug``): a file that writes one is told so, and the name's value is used.
    ``context`` is what validators read of the site (the region phone numbers are dialled
    in: :data:`brochure.core.models.PHONE_REGION`).
    """
    context = dict(context or {})
    identity = identity or {}
    if not isinstance(doc.data, dict):
        return Validated(doc, None, None, doc.problems)
    data = doc.data
    written = [name for name in identity if name in data]
    if written:
        doc = doc.with_problems(
            [_problem(doc, "unknown-field", (name,), key=True, field=name) for name in written],
            flagged=[(name,) for name in written])
        data = {k: v for k, v in data.items() if k not in identity}
    try:
        return Validated(doc, model.model_validate({**data, **identity}, context=context), None,
                         doc.problems)
    except ValidationError as exc:
        problems = []
        seen: set[tuple[object, str]] = set()
        for error in exc.errors(include_url=False):
            problem = _error_problem(model, doc, error)
            if problem and (problem.position, problem.rule) not in seen:
                seen.add((problem.position, problem.rule))
                problems.append(problem)
        partial = partial_model(model, data, identity, context)
        # A value read leniently (written-as) but still wrong gets one message: the error.
        wrong = {p.position for p in problems}
        earlier = [p for p in doc.problems
                   if not (p.rule == "written-as" and p.position in wrong)]
        return Validated(doc, None, partial, (*earlier, *_drop_explained(problems)))


def _drop_explained(problems: list[Problem]) -> list[Problem]:
    """A misspelt field (or one run together with its value) is also a missing one; say it
    once, as the misspelling."""
    meant = {str(p.params["suggestion_id"]).split(":")[0] for p in problems
             if p.rule == "unknown-field" and "suggestion_id" in p.params}
    return [p for p in problems
            if not (p.rule == "missing-field" and p.params["field"].split(".")[-1] in meant)]


def partial_model(model: type[M], data: object,
                  identity: Mapping[str, object] | None = None,
                  context: Mapping[str, object] | None = None) -> M | None:
    """The fields of an invalid entry that are valid on their own, for the rules to check.

    A rule that needs a field missing here is not run (see :func:`readable_fields`), so a
    partner sees the operating model's problems in the same round as the typing mistakes.
    """
    if not isinstance(data, dict):
        return None
    values: dict[str, Any] = dict(identity or {})
    for name in model.model_fields:
        if name not in data or name in values:
            continue
        try:
            values[name] = _adapter(model, name).validate_python(data[name],
                                                                 context=dict(context or {}))
        except ValidationError:
            continue
    given = {name for name in values if name in data}
    return model.model_construct(_fields_set=given, **values)


def readable_fields(instance: BaseModel) -> frozenset[str]:
    """The fields a (possibly partial) model has a value for: a partial model lacks the
    required fields its file got wrong."""
    return frozenset(name for name in type(instance).model_fields if name in vars(instance))


@functools.cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    annotation: Any = info.annotation
    if info.metadata:
        annotation = typing.Annotated[annotation, *info.metadata]
    return TypeAdapter(annotation)
