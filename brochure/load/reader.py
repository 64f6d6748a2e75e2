"""Stage 1: read content files into plain Python values, remembering where each value stood.

YAML is read with PyYAML's event parser (libyaml when available) and the values are built here,
not by PyYAML's constructors, because partners' YAML hides traps the constructors resolve
silently: ``12:30`` becomes 750, ``0401234567`` an octal number, ``no`` a boolean. Every such
hazard is reported as a problem with its line and column instead, and nothing that PyYAML would
expand (anchors, aliases, merge keys, tags) is accepted, so no entry can grow into a billion
laughs. Values that were reported are replaced by :data:`INVALID` and their paths recorded, so
the validator does not report the same spot twice. The result is an immutable
:class:`~brochure.load.document.Document`.

Long on purpose: the event parser's cases and the hazards it reports belong together.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import yaml

from brochure.core.problems import Position, Problem, Severity
from brochure.load.document import INVALID, Document, Invalid, Path_, Value
from brochure.load.syntax import dash_without_space, diagnose, nbsp_positions

MAX_FILE_BYTES: Final = 1024 * 1024

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


# --- reading text ------------------------------------------------------------------------

# Characters that are never typed on purpose in an entry. Tab, LF and CR are fine (tabs used for
# indentation are reported separately). Zero-width joiners stay allowed: emoji need them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile("[\u200b\u200e\u200f\u061c\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_LEADING_TAB = re.compile(r"^[ ]*\t", re.MULTILINE)


def _position_of(text: str, index: int) -> Position:
    line = text.count("\n", 0, index) + 1
    start = text.rfind("\n", 0, index) + 1
    return Position(line, index - start + 1)


def decode(path: str, data: bytes, *, yaml_text: bool = True) -> tuple[str | None, list[Problem]]:
    """Bytes to text, or problems: too large, not UTF-8, control or invisible characters;
    in YAML (``yaml_text``), non-breaking spaces where YAML needs ordinary ones."""
    if len(data) > MAX_FILE_BYTES:
        return None, [Problem(path, Position(1, 1), "file-too-large",
                              params={"size": len(data), "limit": MAX_FILE_BYTES})]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        return None, [Problem(path, _position_of(good, len(good)), "yaml-encoding",
                              params={"byte": f"0x{data[exc.start]:02X}"})]
    problems: list[Problem] = []
    for match in _CONTROL.finditer(text):
        problems.append(Problem(path, _position_of(text, match.start()), "yaml-control-character",
                                params={"char": f"U+{ord(match.group()):04X}"}))
    for match in _INVISIBLE.finditer(text):
        char = match.group()
        name = unicodedata.name(char, f"U+{ord(char):04X}")
        problems.append(Problem(path, _position_of(text, match.start()),
                                "yaml-invisible-character",
                                params={"char": f"U+{ord(char):04X} {name}"}))
    tabs = list(_LEADING_TAB.finditer(text))
    if tabs:
        # One message, at the first: an editor that indents with tabs does it on every line.
        problems.append(Problem(path, _position_of(text, tabs[0].end() - 1), "yaml-tab",
                                params={"lines": len(tabs)}))
    if yaml_text and "\u00a0" in text:
        problems += [Problem(path, position, "yaml-nbsp") for position in nbsp_positions(text)]
    return text, problems


# --- resolving plain scalars -------------------------------------------------------------

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_AMBIGUOUS = {"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
              "y", "Y", "n", "N"}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+\Z")
# YAML 1.1's base-60 numbers: 12:30 is 750. A leading zero (09:30) makes it text in every
# YAML version, so only [1-9] starts one.
_SEXAGESIMAL = re.compile(r"[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?\Z")
# What a partner writes as a time of day: 9:30, 09:30, 13.00 (read as text in a time field).
_CLOCK_LIKE = re.compile(r"[0-9]{1,2}[:.][0-9]{2}\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\Z")


def _sexagesimal_value(text: str) -> int:
    total = 0
    for part in text.split(":"):
        total = total * 60 + int(float(part.replace("_", "") or 0))
    return total


# What the model expects at a path, where that changes how a plain scalar is read: a time of
# day, a text, a yes/no value or a whole number. The loader knows the model only through this
# callback.
FieldKind = Literal["time", "text", "boolean", "integer"]
FieldKinds = Callable[[Path_], FieldKind | None]


def _typed_by_yaml(value: str) -> bool:
    """Would YAML make this plain scalar something other than a text (a number, a date, a
    boolean of YAML 1.1)? Null, true and false excepted: they mean the same everywhere."""
    if value in _AMBIGUOUS:
        return True
    if not value or not (value[0].isdigit() or value[0] in "+-."):
        return False
    return any(pattern.match(value) for pattern in (_INT, _LEADING_ZERO, _SEXAGESIMAL, _FLOAT,
                                                    _DATE))


@dataclass
class _Found:
    """What parsing one text finds, gathered while the events stream by (then frozen)."""

    path: str
    values: dict[Path_, Position] = field(default_factory=dict)
    keys: dict[Path_, Position] = field(default_factory=dict)
    raw: dict[Path_, str] = field(default_factory=dict)
    flagged: set[Path_] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    def add(self, rule: str, position: Position, severity: Severity = Severity.ERROR,
            **params: Any) -> None:
        self.problems.append(Problem(self.path, position, rule, severity, params))

    def document(self, data: Value, text: str) -> Document:
        return Document(self.path, data, self.values, self.keys, self.raw,
                        frozenset(self.flagged), tuple(self.problems), text)


class _Scalars:
    """Plain (unquoted) scalars to values, typed the way YAML 1.2 would, hazards reported."""

    def __init__(self, found: _Found, kinds: FieldKinds | None = None) -> None:
        self.found = found
        self.kinds = kinds

    def plain(self, value: str, path: Path_, position: Position) -> Value:
        found = self.found
        kind = self.kinds(path) if self.kinds is not None else None
        if kind == "time" and _CLOCK_LIKE.match(value):
            # A time field: 09:30, 9:30 and 13.00 can only be times of day here.
            found.raw[path] = value
            return value
        if value in _NULL:
            return None
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        if (kind == "text" and _typed_by_yaml(value)) or (
                kind == "boolean" and value in _AMBIGUOUS):
            # Where the model expects a text, 0401234567 or 12:30 can only be that text; in a
            # yes/no field, yes and no can only be yes and no (read by the lenient stage).
            found.raw[path] = value
            return value
        if kind == "integer" and _LEADING_ZERO.match(value):
            # Where the model expects a whole number, 020 can only be twenty (never YAML 1.1's
            # octal sixteen): read as written, for the lenient stage.
            found.raw[path] = value
            return value
        first = value[0]
        if value in _AMBIGUOUS:
            return self.hazard("yaml-ambiguous-boolean", path, position, value=value)
        if not (first.isdigit() or first in "+-."):
            return value
        if _INT.match(value):
            found.raw[path] = value
            return int(value)
        if _LEADING_ZERO.match(value):
            return self.hazard("yaml-leading-zero", path, position, value=value)
        if _SEXAGESIMAL.match(value):
            return self.hazard("yaml-unquoted-time", path, position, value=value,
                               number=_sexagesimal_value(value))
        if _FLOAT.match(value):
            found.raw[path] = value
            return float(value)
        match = _DATE.match(value)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                return self.hazard("invalid-date", path, position, value=value)
        return value

    def hazard(self, rule: str, path: Path_, position: Position, **params: Any) -> Invalid:
        self.found.add(rule, position, **params)
        self.found.flagged.add(path)
        return INVALID


def _pos(event: Any) -> Position:
    mark = event.start_mark
    return Position(mark.line + 1, mark.column + 1)


def _events(text: str) -> Iterator[Any]:
    return iter(yaml.parse(text, Loader=_Loader))


_DROPPED: Final = object()


@dataclass
class _Frame:
    """An open mapping or list: what is built so far, where it is, and the key being read."""

    container: dict[str, Value] | list[Value]
    path: Path_
    key: str | object | None = None  # the pending key; _DROPPED: its value is skipped


class _Parser:
    """Builds values from PyYAML's events, recording positions and hazards in ``found``."""

    def __init__(self, found: _Found, text: str, kinds: FieldKinds | None) -> None:
        self.found = found
        self.scalars = _Scalars(found, kinds)
        self.lines = text.split("\n")
        self.stack: list[_Frame] = []
        self.root: Value = INVALID
        self.skip = 0  # depth inside a subtree that is being dropped (complex or duplicate key)
        self.skip_value = False  # the next value belongs to a dropped key

    def run(self, text: str) -> Value:
        """The document's value (None for a stream with no document: empty, or comments)."""
        documents = 0
        for event in _events(text):
            kind = type(event)
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.found.add("yaml-multiple-documents", _pos(event))
                    break
            elif kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
                continue
            elif self.skip:
                self._skipping(kind)
            elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                frame = self.stack.pop()
                if not self.stack:
                    self.root = frame.container
            else:
                self._node(event)
        return self.root if documents else None

    def _skipping(self, kind: type) -> None:
        if kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
            self.skip += 1
        elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            self.skip -= 1

    def _node(self, event: Any) -> None:
        parent = self.stack[-1] if self.stack else None
        if parent is not None and isinstance(parent.container, dict) and parent.key is None:
            self._key(event, parent)
        elif self.skip_value:
            self.skip_value = False
            assert parent is not None
            parent.key = None
            if type(event) in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                self.skip = 1
        else:
            self._value(event, parent)

    def _key(self, event: Any, parent: _Frame) -> None:
        found, position = self.found, _pos(event)
        assert isinstance(parent.container, dict)
        if type(event) is not yaml.ScalarEvent:
            found.add("yaml-complex-key", position)
            if type(event) is not yaml.AliasEvent:
                self.skip = 1
            self._drop(parent)
            return
        key = event.value
        if key == "<<" and not event.style:
            found.add("yaml-anchor", position)
            self._drop(parent)
        elif key in parent.container:
            first = found.keys[(*parent.path, key)]
            found.add("yaml-duplicate-key", position, key=key, first_line=first.line)
            found.flagged.add((*parent.path, key))
            self._drop(parent)
        else:
            found.keys[(*parent.path, key)] = position
            parent.key = key

    def _drop(self, parent: _Frame) -> None:
        parent.key = _DROPPED
        self.skip_value = True

    def _value(self, event: Any, parent: _Frame | None) -> None:
        found, position, kind = self.found, _pos(event), type(event)
        if parent is None:
            path: Path_ = ()
        elif isinstance(parent.container, list):
            path = (*parent.path, len(parent.container))
        else:
            assert isinstance(parent.key, str)
            path = (*parent.path, parent.key)
        value: Value
        if kind is yaml.AliasEvent:
            found.add("yaml-anchor", position)
            found.flagged.add(path)
            value = INVALID
        else:
            if event.anchor is not None:
                found.add("yaml-anchor", position)
                found.flagged.add(path)
            if event.tag is not None and not (kind is yaml.ScalarEvent
                                              and event.tag == "!" and event.style):
                found.add("yaml-tag", position,
                          tag=event.tag.replace("tag:yaml.org,2002:", "!!"))
                found.flagged.add(path)
            found.values[path] = position
            if kind is not yaml.ScalarEvent:
                container: dict[str, Value] | list[Value] = (
                    {} if kind is yaml.MappingStartEvent else [])
                self._attach(parent, container)
                self.stack.append(_Frame(container, path))
                return
            if event.style:
                value = event.value
            else:
                value = self.scalars.plain(event.value, path, position)
                if isinstance(value, str) and value:
                    self._comment_in_value(event, value)
        if parent is None:
            self.root = value
        else:
            self._attach(parent, value)

    @staticmethod
    def _attach(parent: _Frame | None, value: Value) -> None:
        if parent is None:
            return
        if isinstance(parent.container, list):
            parent.container.append(value)
            return
        if isinstance(parent.key, str):
            parent.container[parent.key] = value
        parent.key = None

    def _comment_in_value(self, event: Any, value: str) -> None:
        """Warn when YAML cut an unquoted text at ' #': 'Mäntytie 4 #2' reads 'Mäntytie 4'.

        A comment set off by two spaces and '# ' (``role: peer  # rooli``) is meant as one.
        """
        mark = event.end_mark
        if mark.line >= len(self.lines):
            return
        line = self.lines[mark.line].rstrip("\r")
        match = _COMMENT_AFTER.match(line, mark.column)
        if not match or (len(match.group(1)) > 1 and match.group(2).startswith(" ")):
            return
        lost = "#" + match.group(2).rstrip()
        fixed = '"' + f"{value}{match.group(1)}{lost}".replace('"', '\\"') + '"'
        self.found.add("yaml-comment-in-value",
                       Position(mark.line + 1, match.start() + len(match.group(1)) + 1),
                       Severity.WARNING, value=value, lost=lost, fixed=fixed)


_COMMENT_AFTER = re.compile(r"([ \t]+)#(.*)")


def parse_yaml(path: str, text: str, kinds: FieldKinds | None = None) -> Document:
    """Parse one YAML document strictly; every problem is in ``Document.problems``.

    ``kinds`` tells which paths are times of day, texts or yes/no values, where a plain
    scalar can mean only one thing (an unquoted 9:30 is a time, 0401234567 a text).
    """
    found = _Found(path)
    parser = _Parser(found, text, kinds)
    try:
        data = parser.run(text)
    except yaml.MarkedYAMLError as exc:
        where = diagnose(text, exc.context, exc.context_mark, exc.problem, exc.problem_mark)
        # What the parser said about the broken line before it gave up is noise now.
        found.problems = [p for p in found.problems if p.line != where.position.line]
        found.add(where.rule, where.position, **where.params)
        return found.document(INVALID, text)
    except yaml.YAMLError as exc:  # pragma: no cover - errors without a mark
        found.add("yaml-syntax", Position(1, 1), detail=str(exc))
        return found.document(INVALID, text)
    if "\n" in text and "-" in text:
        for position, line, fixed in dash_without_space(text):
            found.add("yaml-dash-space", position, value=line, fixed=fixed)
            # The text the dash started is reported; the field it landed in is not again.
            found.flagged.update(p for p, at in found.values.items() if at == position)
    return found.document(data, text)


def load_yaml(path: str, data: bytes, kinds: FieldKinds | None = None) -> Document:
    """Read a YAML content file: decode, check the text, parse; never raises on bad input."""
    text, problems = decode(path, data)
    if text is None or any(p.rule in _FATAL for p in problems):
        return Document(path, INVALID, problems=tuple(problems), text=text or "")
    doc = parse_yaml(path, text, kinds)
    doc = dataclasses.replace(doc, problems=(*problems, *doc.problems))
    if doc.data is None and not doc.problems:
        return dataclasses.replace(doc, data=INVALID,
                                   problems=(Problem(path, Position(1, 1), "yaml-empty"),))
    if doc.data is not INVALID and not isinstance(doc.data, dict) and not doc.problems:
        return dataclasses.replace(doc, data=INVALID,
                                   problems=(Problem(path, Position(1, 1), "yaml-not-mapping"),))
    return doc


# Problems after which the parser would only add noise.
_FATAL = {"yaml-control-character", "yaml-tab", "yaml-nbsp"}


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)


def load_markdown(path: str, data: bytes) -> Document:
    """A page: YAML front matter (with positions as in the file) as the document's data, and
    the Markdown below it as its ``body``."""
    text, problems = decode(path, data, yaml_text=False)
    if text is None or any(p.rule in _FATAL for p in problems):
        return Document(path, INVALID, problems=tuple(problems))
    match = _FRONT_MATTER.match(text)
    if match and "\u00a0" in match.group(1):
        # Only the front matter is YAML; the Markdown below may hold any space.
        spaces = [Problem(path, position, "yaml-nbsp")
                  for position in nbsp_positions("\n" + match.group(1))]
        if spaces:
            return Document(path, INVALID, problems=(*problems, *spaces))
    if not match:
        return Document(path, INVALID, body=text, problems=(
            *problems, Problem(path, Position(1, 1), "page-front-matter")))
    # Parse the front matter padded by one line so that positions match the file.
    doc = parse_yaml(path, "\n" + match.group(1))
    doc = dataclasses.replace(doc, problems=(*problems, *doc.problems),
                              body=text[match.end():])
    if doc.data is not INVALID and not isinstance(doc.data, dict):
        doc = dataclasses.replace(doc, data=INVALID, problems=(
            *doc.problems, Problem(path, Position(1, 1), "page-front-matter")))
    return doc
