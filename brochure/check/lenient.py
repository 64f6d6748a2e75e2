"""Meeting partners halfway: values that can mean only one thing are read as that thing.

Part of the validate stage, run on a loaded document before its model is validated. A time
written 9:30, 09:30 or "13.00", a weekday written tiistai, tis or Tuesday, a municipality
written Karleby or Kokkola, a partner written by its name, a yes/no field written kyllä, nej
or Yes, a date written 1.2.2027, a number written "20" or 020, a whole value wrapped in
Word's quotes (”Lukupiiri”): each
is replaced by the
canonical value, and a notice (``written-as``) shows how it is written. Nothing ambiguous is
guessed: what is not found here stays as it was and the validator reports it.

Which fields are times, texts, yes/no values or fixed choices is read from the pydantic
models (the loader asks :func:`field_kinds`), so a new field of those types is handled
without changes here; which fields refer to a vocabulary or a partner is the table
:data:`REFERENCES`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import types
import typing
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, BeforeValidator

from brochure.core.choices import LITERAL_CHOICES
from brochure.core.languages import LANGUAGES, YES_NO
from brochure.core.models import Group, Partner, Site, Vocabularies, finnish_date, to_clock
from brochure.core.problems import Problem, Severity
from brochure.load.document import Document, Path_, Value
from brochure.load.reader import FieldKind, FieldKinds

# --- words for the fixed choices (Literal fields) ------------------------------------------

# Canonical value -> its name in each language (shown beside the id in lists of allowed values)
# and further words partners write for it: the one table of brochure.core.choices.
LITERAL_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    choice.value: (choice.names, choice.words)
    for choice in LITERAL_CHOICES
}


def fold(text: str) -> str:
    """The form under which two words count as the same: NFC, case, spaces, a final dot."""
    text = unicodedata.normalize("NFC", text).casefold().strip().rstrip(".").strip()
    return re.sub(r"\s+", " ", text)


def literal_labels(value: str) -> dict[str, str] | None:
    """A fixed choice's name in each language, or None when there is none."""
    words = LITERAL_WORDS.get(value)
    if words is None:
        return None
    return dict(zip(LANGUAGES, words[0], strict=True))


# --- what a path in a document is -------------------------------------------------------

def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """The type under Annotated/Optional, and the metadata found on the way."""
    metadata: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            args = typing.get_args(annotation)
            annotation, metadata = args[0], [*metadata, *list(args[1:])]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation, metadata
            annotation = members[0]
        else:
            return annotation, metadata


def annotation_at(model: type[BaseModel], path: Path_) -> tuple[Any, list[Any]] | None:
    """The declared type (and its metadata) of the value at ``path`` in ``model``."""
    return _annotation_at(model, tuple(0 if isinstance(p, int) else p for p in path))


@functools.cache
def _annotation_at(model: type[BaseModel], path: Path_) -> tuple[Any, list[Any]] | None:
    current: Any = model
    metadata: list[Any] = []
    for part in path:
        current, extra = _unwrap(current)
        metadata = extra
        if isinstance(part, str):
            if not (isinstance(current, type) and issubclass(current, BaseModel)):
                return None
            info = current.model_fields.get(part)
            if info is None:
                return None
            current, metadata = info.annotation, list(info.metadata)
        else:
            if typing.get_origin(current) not in (list, tuple):
                return None
            args = typing.get_args(current)
            if not args:
                return None
            current = args[0] if typing.get_origin(current) is list or len(args) == 1 or (
                len(args) == 2 and args[1] is Ellipsis) else args[min(part, len(args) - 1)]
            metadata = []
    inner, extra = _unwrap(current)
    return inner, [*metadata, *extra]


ValueKind = Literal["time", "integer", "boolean", "text", "date"]
# The kinds of value read by their type alone (the rest: choices, references, Word's quotes).
_KINDS: dict[Any, ValueKind] = {int: "integer", bool: "boolean", str: "text", dt.date: "date"}


def value_kind(model: type[BaseModel], path: Path_) -> ValueKind | None:
    """What ``model`` expects at ``path``: a time of day, a whole number, a yes/no value, a
    text or a date (the model's fields read once)."""
    found = annotation_at(model, path)
    if found is None:
        return None
    inner, metadata = found
    if any(isinstance(m, BeforeValidator) and m.func is to_clock for m in metadata):
        return "time"
    return _KINDS.get(inner)


def literal_choices(model: type[BaseModel], path: Path_) -> tuple[str, ...] | None:
    found = annotation_at(model, path)
    if found is None or typing.get_origin(found[0]) is not typing.Literal:
        return None
    return tuple(str(a) for a in typing.get_args(found[0]))


def field_kind(model: type[BaseModel], path: Path_) -> FieldKind | None:
    """What the loader reads by: every kind but a date (the loader reads YAML's dates)."""
    kind = value_kind(model, path)
    return None if kind == "date" else kind


def field_kinds(model: type[BaseModel]) -> FieldKinds:
    """For the loader: is this path a time of day, a whole number, a text or a yes/no value
    in ``model``?"""
    return lambda path: field_kind(model, path)


# --- yes/no and Word's quotes ---------------------------------------------------------------

# YAML's own words for a yes/no value, and the languages' (brochure.core.languages.YES_NO).
_YAML_BOOLEANS = {"true": True, "false": False, "on": True, "off": False}


@functools.cache
def boolean_words() -> dict[str, bool]:
    """Folded word -> the yes/no value it means in a yes/no field."""
    table = dict(_YAML_BOOLEANS)
    for yes, no in YES_NO.values():
        table.update({fold(word): True for word in yes})
        table.update({fold(word): False for word in no})
    return table


# The quotes Word and phones type: double (“ ” „ « ») and single (‘ ’ ‚).
DOUBLE_QUOTES = "\u201c\u201d\u201e\u00ab\u00bb"
SINGLE_QUOTES = "\u2018\u2019\u201a"
TYPOGRAPHIC_QUOTES = DOUBLE_QUOTES + SINGLE_QUOTES


def without_word_quotes(value: str) -> str | None:
    """The text inside typographic quotes that wrap the whole value (”Lukupiiri”), or None.

    Only quotes of one kind around text without another such quote inside count as wrapping:
    “Elämä” ja “arki” is a text that quotes two words, and “Children’s café” keeps its
    apostrophe."""
    text = value.strip()
    for kind in (DOUBLE_QUOTES, SINGLE_QUOTES):
        if len(text) >= 3 and text[0] in kind and text[-1] in kind:
            inner = text[1:-1].strip()
            if inner and not any(char in kind for char in inner):
                return inner
    return None


def yaml_quoted(text: str) -> str:
    """``text`` as it is written in quotes in YAML (for the notice's "it is written")."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


# --- references to vocabularies and partners ---------------------------------------------

# (model, path with '*' for any list index) -> vocabulary name, or "partners".
REFERENCES: dict[type[BaseModel], dict[tuple[str, ...], str]] = {
    Group: {
        ("municipality",): "municipalities",
        ("audiences", "*"): "audiences",
        ("activities", "*"): "activities",
        ("languages", "*"): "languages",
        ("venue", "accessibility", "*"): "accessibility",
        ("facilitators", "*", "partner"): "partners",
        ("contact", "partner"): "partners",
    },
    Partner: {("kind",): "partner_kinds"},
    Site: {("coordinator", "partner"): "partners"},
}


def _pattern(path: Path_) -> tuple[str, ...]:
    return tuple("*" if isinstance(p, int) else p for p in path)


@dataclass(frozen=True)
class Resolver:
    """What references can be resolved against: the vocabularies and the partners' names."""

    vocabularies: Vocabularies | None = None
    partners: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def choices(self, kind: str) -> dict[str, dict[str, str] | None]:
        """Every id of a vocabulary (or the partners) with its labels, if any."""
        if kind == "partners":
            return {pid: None for pid in self.partners}
        vocab = getattr(self.vocabularies, kind, None) if self.vocabularies else None
        if vocab is None:
            return {}
        return {key: label.model_dump() for key, label in vocab.items()}

    def words(self, kind: str) -> dict[str, str | None]:
        """Folded word -> the one id it means (None when two ids share the word)."""
        table: dict[str, str | None] = {}

        def add(word: str, key: str) -> None:
            word = fold(word)
            if word:
                table[word] = key if table.get(word, key) == key else None

        if kind == "partners":
            for pid, names in self.partners.items():
                add(pid, pid)
                for name in names:
                    add(name, pid)
            return table
        for key, labels in self.choices(kind).items():
            add(key, key)
            for label in (labels or {}).values():
                add(label, key)
        return table


# Each resolver's word tables (Resolver.words), made once for all the files it reads rather
# than once a file: a thousand groups' files share one resolver. Kept for the last few.
_TABLES: dict[int, tuple[Resolver, dict[str, dict[str, str | None]]]] = {}


def _tables_of(resolver: Resolver) -> dict[str, dict[str, str | None]]:
    found = _TABLES.get(id(resolver))
    if found is None or found[0] is not resolver:
        if len(_TABLES) >= 8:
            _TABLES.clear()
        found = _TABLES[id(resolver)] = (resolver, {})
    return found[1]


def literal_words(choices: tuple[str, ...]) -> dict[str, str | None]:
    table: dict[str, str | None] = {}
    for choice in choices:
        words = LITERAL_WORDS.get(choice, ((), ()))
        for word in (choice, *words[0], *words[1]):
            folded = fold(word)
            table[folded] = choice if table.get(folded, choice) == choice else None
    return table


# 9:30, 09.30, and the same after "klo", "kl." or "kello" (as the words are written on posters).
_TIME = re.compile(r"\s*(?:(?:klo|kl\.?|kello)\s*)?([0-9]{1,2})[:.]([0-9]{2})\s*\Z",
                   re.IGNORECASE)


def _canonical_time(value: str) -> str | None:
    match = _TIME.match(value)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour >= 24 or minute >= 60:
        return None
    return f"{hour:02d}:{minute:02d}"


def _leaves(data: Value, path: Path_ = ()) -> Iterator[tuple[Path_, Value]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _leaves(value, (*path, i))
    else:
        yield path, data


def _replaced(data: Value, changes: Mapping[Path_, Value], path: Path_ = ()) -> Value:
    """A copy of ``data`` with the values at ``changes``' paths replaced."""
    if path in changes:
        return changes[path]
    if isinstance(data, dict):
        return {key: _replaced(value, changes, (*path, key)) for key, value in data.items()}
    if isinstance(data, list):
        return [_replaced(value, changes, (*path, i)) for i, value in enumerate(data)]
    return data


def normalise(model: type[BaseModel], doc: Document,
              resolver: Resolver | None = None) -> Document:
    """``doc`` with unambiguous spellings replaced by canonical values, each with a notice."""
    if not isinstance(doc.data, dict):
        return doc
    reader = _Reader(model, doc, resolver, _tables_of(resolver) if resolver else {})
    changes: dict[Path_, Value] = {}
    notices: list[Problem] = []
    for path, value in _leaves(doc.data):
        if not isinstance(value, str) or doc.is_flagged(path):
            continue
        unwrapped = without_word_quotes(value)
        text = value if unwrapped is None else unwrapped
        canonical, shown = reader.read(path, value, text, unwrapped is not None)
        if canonical is None:
            if unwrapped is not None:
                # Never shown with Word's quotes; what is wrong with the rest is the
                # validator's to say (one message for the one mistake).
                changes[path] = text
            continue
        if canonical == value and shown is None:
            continue
        changes[path] = canonical
        notices.append(Problem(doc.path, doc.position(path), "written-as", Severity.NOTICE,
                               {"value": value, "canonical": shown or canonical}))
    if not changes:
        return doc
    return doc.with_data(_replaced(doc.data, changes)).with_problems(notices)


# Spaces and tabs only (what \s means differs between Python and JavaScript), and at most
# nine digits (a larger count is no count, and Python refuses to read thousands of digits).
_DIGITS = re.compile(r"[ \t]*([0-9]{1,9})[ \t]*")


@dataclass
class _Reader:
    """What one value of a document is read as: (canonical value, how it is written) or
    (None, None) when there is nothing to read."""

    model: type[BaseModel]
    doc: Document
    resolver: Resolver | None
    tables: dict[str, dict[str, str | None]] = field(default_factory=dict)

    def read(self, path: Path_, value: str, text: str,
             unwrapped: bool) -> tuple[str | bool | int | None, str | None]:
        model = self.model
        kind = value_kind(model, path)
        if kind == "time":
            canonical = _canonical_time(text)
            unquoted = self.doc.raw.get(path) == value
            if canonical is not None and (canonical != value or unquoted):
                return canonical, f'"{canonical}"'
            return canonical, None
        if kind == "integer":
            # "20", or 020 with its leading zero: a whole number written as text.
            digits = _DIGITS.fullmatch(text)
            return (int(digits.group(1)), str(int(digits.group(1)))) if digits else (None, None)
        if kind == "date":
            # 1.2.2027, as Finns write a date: one day only (a date written as YAML's
            # 2027-02-01 is read by the loader).
            found = finnish_date(text)
            return found, found
        if kind == "boolean":
            answer = boolean_words().get(fold(text))
            if answer is None:
                return None, None
            return answer, "true" if answer else "false"
        if (choices := literal_choices(model, path)) is not None:
            if text in choices:
                return (text, None) if unwrapped else (None, None)
            return literal_words(choices).get(fold(text)), None
        vocabulary = REFERENCES.get(model, {}).get(_pattern(path))
        if self.resolver is not None and vocabulary is not None:
            if vocabulary not in self.tables:
                self.tables[vocabulary] = self.resolver.words(vocabulary)
            known = self.tables[vocabulary]
            if known.get(text) == text:
                return (text, None) if unwrapped else (None, None)
            return known.get(fold(text)), None
        if unwrapped:
            return text, yaml_quoted(text)
        return None, None
