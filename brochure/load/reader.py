"""Stage 1: read content files into plain Python values, remembering where each value stood.

YAML is read with PyYAML's event parser (libyaml when available) and the values are built here,
not by PyYAML's constructors, because partners' YAML hides traps the constructors resolve
silently: ``12:30`` becomes 750, ``0401234567`` an octal number, ``no`` a boolean. Every such
hazard is reported as a problem with its line and column instead, and nothing that PyYAML would
expand (anchors, aliases, merge keys, tags) is accepted, so no entry can grow into a billion
laughs. Values that were reported are replaced by :data:`INVALID` and their paths recorded, so
the validator does not report the same spot twice.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final

import yaml

from brochure.core.problems import Position, Problem, Severity
from brochure.load.syntax import dash_without_space, diagnose, nbsp_positions

MAX_FILE_BYTES: Final = 1024 * 1024

Path_ = tuple[str | int, ...]

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


class _Invalid:
    """Stands in for a value that was already reported by the loader."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Final = _Invalid()


@dataclass
class Document:
    """A parsed file: its data, and the position of every key and value in it."""

    path: str
    data: Any = None
    values: dict[Path_, Position] = field(default_factory=dict)
    keys: dict[Path_, Position] = field(default_factory=dict)
    raw: dict[Path_, str] = field(default_factory=dict)
    flagged: set[Path_] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    text: str = ""

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """Where ``path`` is, or its nearest ancestor that exists in the file."""
        table = self.keys if key else self.values
        for i in range(len(path), -1, -1):
            sub = path[:i]
            if sub in table:
                return table[sub]
            if sub in self.keys:
                return self.keys[sub]
        return Position(1, 1)

    def is_flagged(self, path: Path_) -> bool:
        return any(path[:i] in self.flagged for i in range(len(path) + 1))

    def report(self, rule: str, path: Path_, *, key: bool = False, **params: Any) -> None:
        self.problems.append(Problem(self.path, self.position(path, key=key), rule,
                                     params=params))


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
    for match in _LEADING_TAB.finditer(text):
        problems.append(Problem(path, _position_of(text, match.end() - 1), "yaml-tab"))
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


TimeFields = Callable[[Path_], bool]


class _Builder:
    """Turns parser events into values, positions and problems."""

    def __init__(self, doc: Document, times: TimeFields | None = None) -> None:
        self.doc = doc
        self.times = times

    def plain(self, value: str, path: Path_, position: Position) -> Any:
        """A plain (unquoted) scalar, typed the way YAML 1.2 would, hazards reported."""
        doc = self.doc
        if self.times is not None and _CLOCK_LIKE.match(value) and self.times(path):
            # A time field: 09:30, 9:30 and 13.00 can only be times of day here.
            doc.raw[path] = value
            return value
        if value in _NULL:
            return None
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        first = value[0]
        if value in _AMBIGUOUS:
            return self.hazard("yaml-ambiguous-boolean", path, position, value=value)
        if not (first.isdigit() or first in "+-."):
            return value
        if _INT.match(value):
            doc.raw[path] = value
            return int(value)
        if _LEADING_ZERO.match(value):
            return self.hazard("yaml-leading-zero", path, position, value=value)
        if _SEXAGESIMAL.match(value):
            return self.hazard("yaml-unquoted-time", path, position, value=value,
                               number=_sexagesimal_value(value))
        if _FLOAT.match(value):
            doc.raw[path] = value
            return float(value)
        match = _DATE.match(value)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                return self.hazard("invalid-date", path, position, value=value)
        return value

    def hazard(self, rule: str, path: Path_, position: Position, **params: Any) -> _Invalid:
        self.doc.problems.append(Problem(self.doc.path, position, rule, params=params))
        self.doc.flagged.add(path)
        return INVALID


def _pos(event: Any) -> Position:
    mark = event.start_mark
    return Position(mark.line + 1, mark.column + 1)


def _events(text: str) -> Iterator[Any]:
    return iter(yaml.parse(text, Loader=_Loader))


def parse_yaml(path: str, text: str, times: TimeFields | None = None) -> Document:
    """Parse one YAML document strictly; all problems end up in ``Document.problems``.

    ``times`` tells which paths are times of day, where an unquoted 9:30 is read as text.
    """
    doc = Document(path=path, text=text)
    builder = _Builder(doc, times)
    lines = text.split("\n")
    # Each frame: [container, path, pending key or None, key position]
    stack: list[list[Any]] = []
    root: Any = INVALID
    documents = 0
    skip = 0  # depth inside a subtree that is being dropped (complex or duplicate key)
    skip_value = False  # the next value belongs to a dropped key
    try:
        for event in _events(text):
            kind = type(event)
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    doc.problems.append(Problem(path, _pos(event), "yaml-multiple-documents"))
                    break
                continue
            if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
                continue
            if skip:
                if kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                    skip += 1
                elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                    skip -= 1
                continue
            if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                frame = stack.pop()
                if not stack:
                    root = frame[0]
                continue

            position = _pos(event)
            # Where does this node go?
            parent = stack[-1] if stack else None
            is_key = False
            if parent is None:
                node_path: Path_ = ()
            elif isinstance(parent[0], list):
                node_path = (*parent[1], len(parent[0]))
            elif parent[2] is None:
                is_key = True
                node_path = parent[1]
            else:
                node_path = (*parent[1], parent[2])

            if is_key:
                assert parent is not None
                if kind is not yaml.ScalarEvent:
                    doc.problems.append(Problem(path, position, "yaml-complex-key"))
                    if kind is not yaml.AliasEvent:
                        skip = 1
                    skip_value = True
                    parent[2] = _DROPPED
                    continue
                key = event.value
                if key == "<<" and not event.style:
                    doc.problems.append(Problem(path, position, "yaml-anchor"))
                    parent[2] = _DROPPED
                    skip_value = True
                    continue
                if key in parent[0]:
                    first = doc.keys[(*parent[1], key)]
                    doc.problems.append(Problem(path, position, "yaml-duplicate-key",
                                                params={"key": key, "first_line": first.line}))
                    doc.flagged.add((*parent[1], key))
                    parent[2] = _DROPPED
                    skip_value = True
                    continue
                doc.keys[(*parent[1], key)] = position
                parent[2] = key
                continue

            # A value.
            if skip_value:
                skip_value = False
                assert parent is not None
                parent[2] = None
                if kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                    skip = 1
                continue

            value: Any
            if kind is yaml.AliasEvent:
                doc.problems.append(Problem(path, position, "yaml-anchor"))
                doc.flagged.add(node_path)
                value = INVALID
            else:
                if event.anchor is not None:
                    doc.problems.append(Problem(path, position, "yaml-anchor"))
                    doc.flagged.add(node_path)
                if event.tag is not None and not (kind is yaml.ScalarEvent
                                                  and event.tag == "!" and event.style):
                    tag = event.tag.replace("tag:yaml.org,2002:", "!!")
                    doc.problems.append(Problem(path, position, "yaml-tag",
                                                params={"tag": tag}))
                    doc.flagged.add(node_path)
                doc.values[node_path] = position
                if kind is yaml.ScalarEvent:
                    if not event.style:
                        value = builder.plain(event.value, node_path, position)
                        if isinstance(value, str) and value:
                            _comment_in_value(doc, lines, event, value, node_path)
                    else:
                        value = event.value
                else:
                    container: Any = {} if kind is yaml.MappingStartEvent else []
                    _attach(parent, container)
                    stack.append([container, node_path, None, position])
                    continue
            if parent is None:
                root = value
            else:
                _attach(parent, value)
    except yaml.MarkedYAMLError as exc:
        found = diagnose(text, exc.context, exc.context_mark, exc.problem, exc.problem_mark)
        # What the parser said about the broken line before it gave up is noise now.
        doc.problems = [p for p in doc.problems if p.line != found.position.line]
        doc.problems.append(Problem(path, found.position, found.rule, params=found.params))
        doc.data = INVALID
        return doc
    except yaml.YAMLError as exc:  # pragma: no cover - errors without a mark
        doc.problems.append(Problem(path, Position(1, 1), "yaml-syntax",
                                    params={"detail": str(exc)}))
        doc.data = INVALID
        return doc
    # A stream without any document (an empty file, or only comments) is empty, not invalid.
    doc.data = root if documents else None
    if "\n" in text and "-" in text:
        for position, line, fixed in dash_without_space(text):
            doc.problems.append(Problem(path, position, "yaml-dash-space",
                                        params={"value": line, "fixed": fixed}))
            # The text the dash started is reported; the field it landed in is not again.
            doc.flagged.update(p for p, at in doc.values.items() if at == position)
    return doc


_DROPPED: Final = object()
_COMMENT_AFTER = re.compile(r"([ \t]+)#(.*)")


def _comment_in_value(doc: Document, lines: list[str], event: Any, value: str,
                      path: Path_) -> None:
    """Warn when YAML cut an unquoted text at ' #': 'Mäntytie 4 #2' reads 'Mäntytie 4'.

    A comment set off by two spaces and '# ' (``role: peer  # rooli``) is meant as one.
    """
    mark = event.end_mark
    if mark.line >= len(lines):
        return
    line = lines[mark.line].rstrip("\r")
    match = _COMMENT_AFTER.match(line, mark.column)
    if not match or (len(match.group(1)) > 1 and match.group(2).startswith(" ")):
        return
    lost = "#" + match.group(2).rstrip()
    doc.problems.append(Problem(
        doc.path, Position(mark.line + 1, match.start() + len(match.group(1)) + 1),
        "yaml-comment-in-value", Severity.WARNING, params={"value": value, "lost": lost,
                                         "fixed": '"' + f"{value}{match.group(1)}{lost}"
                                         .replace('"', '\\"') + '"'}))


def _attach(parent: list[Any] | None, value: Any) -> None:
    if parent is None:
        return
    container = parent[0]
    if isinstance(container, list):
        container.append(value)
    else:
        if parent[2] is not _DROPPED:
            container[parent[2]] = value
        parent[2] = None


def load_yaml(path: str, data: bytes, times: TimeFields | None = None) -> Document:
    """Read a YAML content file: decode, check the text, parse; never raises on bad input."""
    text, problems = decode(path, data)
    if text is None or any(p.rule in _FATAL for p in problems):
        doc = Document(path=path, data=INVALID, text=text or "")
        doc.problems = problems
        return doc
    doc = parse_yaml(path, text, times)
    doc.problems[:0] = problems
    if doc.data is None and not doc.problems:
        doc.problems.append(Problem(path, Position(1, 1), "yaml-empty"))
        doc.data = INVALID
    elif doc.data is not INVALID and not isinstance(doc.data, dict) and not doc.problems:
        doc.problems.append(Problem(path, Position(1, 1), "yaml-not-mapping"))
        doc.data = INVALID
    return doc


# Problems after which the parser would only add noise.
_FATAL = {"yaml-control-character", "yaml-tab", "yaml-nbsp"}


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)


def load_markdown(path: str, data: bytes) -> tuple[Document, str]:
    """A page: YAML front matter (with positions as in the file) and the Markdown body."""
    text, problems = decode(path, data, yaml_text=False)
    if text is None or any(p.rule in _FATAL for p in problems):
        doc = Document(path=path, data=INVALID)
        doc.problems = problems
        return doc, ""
    match = _FRONT_MATTER.match(text)
    if match and "\u00a0" in match.group(1):
        # Only the front matter is YAML; the Markdown below may hold any space.
        spaces = [Problem(path, position, "yaml-nbsp")
                  for position in nbsp_positions("\n" + match.group(1))]
        if spaces:
            doc = Document(path=path, data=INVALID, problems=problems + spaces)
            return doc, ""
    if not match:
        doc = Document(path=path, data=INVALID, problems=problems)
        doc.problems.append(Problem(path, Position(1, 1), "page-front-matter"))
        return doc, text
    # Parse the front matter padded by one line so that positions match the file.
    doc = parse_yaml(path, "\n" + match.group(1))
    doc.problems[:0] = problems
    if doc.data is not INVALID and not isinstance(doc.data, dict):
        doc.problems.append(Problem(path, Position(1, 1), "page-front-matter"))
        doc.data = INVALID
    return doc, text[match.end():]
