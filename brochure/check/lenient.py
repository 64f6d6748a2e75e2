"""Meeting partners halfway: values that can mean only one thing are read as that thing.

Part of the validate stage, run on a loaded document before its model is validated. A time
written 9:30, 09:30 or "13.00", a weekday written tiistai, tis or Tuesday, a municipality
written Karleby or Kokkola, a partner written by its name: each is replaced by the canonical
value, and a notice (``written-as``) shows how it is written. Nothing ambiguous is guessed:
what is not found here stays as it was and the validator reports it.

Which fields are times or fixed choices is read from the pydantic models, so a new field of
those types is handled without changes here; which fields refer to a vocabulary or a
partner is the table :data:`REFERENCES`.
"""

from __future__ import annotations

import functools
import re
import types
import typing
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, BeforeValidator

from brochure.core.choices import LITERAL_CHOICES
from brochure.core.languages import LANGUAGES
from brochure.core.models import Group, Partner, Site, Vocabularies, to_clock
from brochure.core.problems import Problem, Severity
from brochure.load.document import Document, Path_, Value

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


def is_time(model: type[BaseModel], path: Path_) -> bool:
    found = annotation_at(model, path)
    return found is not None and any(
        isinstance(m, BeforeValidator) and m.func is to_clock for m in found[1])


def literal_choices(model: type[BaseModel], path: Path_) -> tuple[str, ...] | None:
    found = annotation_at(model, path)
    if found is None or typing.get_origin(found[0]) is not typing.Literal:
        return None
    return tuple(str(a) for a in typing.get_args(found[0]))


def time_fields(model: type[BaseModel]) -> typing.Callable[[Path_], bool]:
    """For the loader: is this path a time of day in ``model``?"""
    return lambda path: is_time(model, path)


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


def _replaced(data: Value, changes: Mapping[Path_, str], path: Path_ = ()) -> Value:
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
    references = REFERENCES.get(model, {})
    tables: dict[str, dict[str, str | None]] = {}
    changes: dict[Path_, str] = {}
    notices: list[Problem] = []
    for path, value in _leaves(doc.data):
        if not isinstance(value, str) or doc.is_flagged(path):
            continue
        canonical: str | None = None
        shown: str | None = None
        if is_time(model, path):
            canonical = _canonical_time(value)
            unquoted = doc.raw.get(path) == value
            if canonical is not None and (canonical != value or unquoted):
                shown = f'"{canonical}"'
        elif (choices := literal_choices(model, path)) is not None:
            if value not in choices:
                canonical = literal_words(choices).get(fold(value))
        elif resolver is not None and (kind := references.get(_pattern(path))) is not None:
            if kind not in tables:
                tables[kind] = resolver.words(kind)
            known = tables[kind]
            if value not in known or known.get(value) != value:
                canonical = known.get(fold(value))
        if canonical is None or (canonical == value and shown is None):
            continue
        changes[path] = canonical
        notices.append(Problem(doc.path, doc.position(path), "written-as", Severity.NOTICE,
                               {"value": value, "canonical": shown or canonical}))
    if not changes:
        return doc
    return doc.with_data(_replaced(doc.data, changes)).with_problems(notices)
