"""YAML syntax errors in a partner's words: what went wrong, where it started, how to fix it.

libyaml reports where it gave up, in English and often a line after the real mistake. This
module looks at the text around that place and names the likely cause instead: a
non-breaking space or a Word quote, an unclosed quote or bracket, a colon or a dash without
the space after it, text after a closing quote, an indentation that does not line up. It is
part of the load stage (:mod:`brochure.load.reader`) and returns rule ids with parameters; the
words come from :mod:`brochure.check.rules`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from brochure.core.problems import Position

NBSP = "\u00a0"
# Word's "smart quotes" (and the low German/Finnish-style opening quotes).
WORD_QUOTES = "\u201c\u201d\u2018\u2019\u201e\u201a\u00ab\u00bb"
_BLOCK_START = re.compile(r"^[ ]*(?:-[ ]+)*(?:[^#'\"\s][^#]*?:[ ]+)?[|>][-+0-9]*[ ]*(?:#.*)?$")
_KEY = re.compile(r"[^:#'\"\s\u00a0{}\[\],&*!|>%@`-][^:#\u00a0]*?:")


@dataclass(frozen=True)
class Diagnosis:
    """One syntax problem: a rule id, where it starts, and its message's parameters."""

    rule: str
    position: Position
    params: dict[str, Any] = field(default_factory=dict)


def structural_lines(text: str) -> Iterator[tuple[int, str]]:
    """(0-based number, line) of every line that is YAML structure, not the inside of a block
    text (``description: |`` and the more indented lines after it)."""
    block_indent: int | None = None
    for number, line in enumerate(text.split("\n")):
        line = line.rstrip("\r")
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = None
        if _BLOCK_START.match(line):
            block_indent = indent
        yield number, line


def _prefix_end(line: str) -> int:
    """Where the structure of a line ends: after its indentation, list dashes and key."""
    pos = 0
    while True:
        while pos < len(line) and line[pos] in " " + NBSP:
            pos += 1
        if pos + 1 < len(line) and line[pos] == "-" and line[pos + 1] in " " + NBSP:
            pos += 1
            continue
        break
    match = _KEY.match(line, pos)
    if match and (match.end() == len(line) or line[match.end()] in " " + NBSP):
        pos = match.end()
        while pos < len(line) and line[pos] in " " + NBSP:
            pos += 1
    return pos


def nbsp_positions(text: str) -> list[Position]:
    """Non-breaking spaces where YAML needs an ordinary one: in the indentation, after a list
    dash or after a field's colon. Inside a text they are fine and not listed."""
    found = []
    for number, line in structural_lines(text):
        if NBSP not in line:
            continue
        end = _prefix_end(line)
        if NBSP in line[:end]:
            found.append(Position(number + 1, line.index(NBSP) + 1))  # once per line
    return found


def _quote(value: str) -> str:
    """``value`` in double quotes as YAML would need it (the fix shown in a hint)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _first_content(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _value_start(line: str) -> int:
    """Index where a line's value starts (after indentation, dashes and key)."""
    return _prefix_end(line)


def _word_quote(line: str, start: int = 0) -> int | None:
    for i in range(start, len(line)):
        if line[i] in WORD_QUOTES:
            return i
    return None


def diagnose(text: str, context: str | None, context_mark: Any, problem: str | None,
             problem_mark: Any) -> Diagnosis:
    """The partner's view of a libyaml error (its context and problem texts and marks)."""
    lines = [line.rstrip("\r") for line in text.split("\n")]
    ctx = (context or "").strip()
    prob = (problem or "").strip()

    def at(mark: Any) -> Position:
        return Position(mark.line + 1, mark.column + 1) if mark is not None else Position(1, 1)

    def line_at(mark: Any) -> str:
        return lines[mark.line] if mark is not None and mark.line < len(lines) else ""

    # A line that is surely wrong on its own: a key without the space after its colon, a
    # dash without its space, a value opened with a Word quote. libyaml notices it only on
    # the line after (a 'simple key' that started on the line of its context mark).
    candidates = []
    if "simple key" in ctx and context_mark is not None:
        candidates.append(context_mark.line)
    if problem_mark is not None:
        candidates.append(problem_mark.line)
    for number in candidates:
        found = _line_mistake(lines[number] if number < len(lines) else "", number)
        if found is not None:
            return found

    if problem_mark is not None and ("expected key" in prob or "mapping values" in prob):
        line = line_at(problem_mark)
        start = _value_start(line)
        if start < len(line) and line[start] in _SPECIAL and start <= problem_mark.column:
            return _special_start(line, problem_mark.line, start)
        if "expected key" in prob:
            opened = _unclosed_quote_before(lines, problem_mark)
            if opened is not None:
                return opened

    if "quoted scalar" in ctx and context_mark is not None:
        line = line_at(context_mark)
        char = line[context_mark.column] if context_mark.column < len(line) else '"'
        if "end of stream" in prob or "end of document" in prob:
            word = _word_quote(line, context_mark.column + 1)
            if word is not None:
                return Diagnosis("yaml-word-quotes", Position(context_mark.line + 1, word + 1),
                                 {"char": line[word]})
            return Diagnosis("yaml-unclosed-quote", at(context_mark), {"char": char})
        if "escape" in prob or "hexdecimal" in prob:
            value = line[context_mark.column + 1:].rstrip().rstrip('"')
            bad = line_at(problem_mark)
            slash = bad.rfind("\\", 0, problem_mark.column)
            where = (Position(problem_mark.line + 1, slash + 1) if slash >= 0
                     else at(problem_mark))
            return Diagnosis("yaml-backslash", where,
                             {"fixed": "'" + value.replace("'", "''") + "'"})
    if ("alias" in ctx or "anchor" in ctx) and context_mark is not None:
        return _special_start(line_at(context_mark), context_mark.line, context_mark.column)
    if problem_mark is not None and ("entries are not allowed" in prob
                                     or "mapping keys are not allowed" in prob
                                     or "expected comment or line break" in prob
                                     or "expected node content" in prob):
        line = line_at(problem_mark)
        return _special_start(line, problem_mark.line, _value_start(line))
    if "cannot start any token" in prob and problem_mark is not None:
        line = line_at(problem_mark)
        char = line[problem_mark.column] if problem_mark.column < len(line) else ""
        if char == "\t":
            return Diagnosis("yaml-tab", at(problem_mark), {"lines": 1})
        return _special_start(line, problem_mark.line, problem_mark.column)
    if "flow" in ctx and context_mark is not None:
        line = line_at(context_mark)
        char = line[context_mark.column] if context_mark.column < len(line) else "["
        closing = {"[": "]", "{": "}"}.get(char, "]")
        return Diagnosis("yaml-unclosed-bracket", at(context_mark),
                         {"char": char, "closing": closing})
    if "mapping values are not allowed" in prob and problem_mark is not None:
        line = line_at(problem_mark)
        start = _value_start(line)
        colon = problem_mark.column
        key = _KEY.match(line, _first_content(line))
        if key is not None and key.end() - 1 == colon:
            # The line's own 'key:' is not allowed: it is indented deeper than its siblings,
            # so it reads as the continuation of the value above.
            return _misaligned(lines, problem_mark.line)
        word = _word_quote(line, start)
        if word is not None:
            return Diagnosis("yaml-word-quotes", Position(problem_mark.line + 1, word + 1),
                             {"char": line[word]})
        value = line[start:].split(" #")[0].rstrip()
        return Diagnosis("yaml-colon-in-value", Position(problem_mark.line + 1, start + 1),
                         {"fixed": _quote(value)})
    if "expected key" in prob and problem_mark is not None:
        line = line_at(problem_mark)
        before = line[:problem_mark.column]
        closing = before.rstrip()[-1:] if before.strip() else ""
        if closing in "\"'" and closing and problem_mark.column > _first_content(line):
            return Diagnosis("yaml-text-after-quote", at(problem_mark), {"char": closing})
        return _misaligned(lines, problem_mark.line)
    if "'-' indicator" in prob and problem_mark is not None:
        return _misaligned(lines, problem_mark.line)
    if "expected ':'" in prob and context_mark is not None:
        line = line_at(context_mark)
        return Diagnosis("yaml-missing-colon", at(context_mark),
                         {"value": line.strip()[:60]})
    return Diagnosis("yaml-syntax", at(problem_mark or context_mark), {"detail": prob or ctx})


_SPECIAL = "*&!%@`|>?"


def _unclosed_quote_before(lines: list[str], mark: Any) -> Diagnosis | None:
    """A quote closed on this line but opened on an earlier one: the earlier line is where a
    quote was left open (``address: "Testikatu 1`` … ``start: "12:00"``)."""
    line = lines[mark.line] if mark.line < len(lines) else ""
    before = line[:mark.column].rstrip()
    if not before or before[-1] not in "\"'":
        return None
    char = before[-1]
    if before.count(char) % 2 == 0:
        return None  # opened and closed on this line
    for number in range(mark.line - 1, -1, -1):
        earlier = lines[number]
        if earlier.count(char) % 2 == 1:
            column = _value_start(earlier)
            column = earlier.index(char, min(column, len(earlier) - 1)) if char in earlier[
                column:] else earlier.index(char)
            word = _word_quote(earlier, column + 1)
            if word is not None:
                return Diagnosis("yaml-word-quotes", Position(number + 1, word + 1),
                                 {"char": earlier[word]})
            return Diagnosis("yaml-unclosed-quote", Position(number + 1, column + 1),
                             {"char": char})
    return None


def _misaligned(lines: list[str], number: int) -> Diagnosis:
    """The line whose indentation is off, near the line where libyaml stopped: often the
    line before it (a field indented by one space, or not at all, among its siblings)."""
    def neighbour(step: int) -> int | None:
        i = number + step
        while 0 <= i < len(lines):
            if lines[i].strip() and not lines[i].lstrip().startswith("#"):
                return i
            i += step
        return None

    before, after = neighbour(-1), neighbour(1)
    if before is not None:
        found = _line_mistake(lines[before], before)
        if found is not None:
            return found
        here = _first_content(lines[number])
        prev = lines[before]
        if (_first_content(prev) != here and not prev.rstrip().endswith(":")
                and after is not None and _first_content(lines[after]) == here):
            return _indentation(prev, before)
        if _first_content(prev) % 2 == 1 and here % 2 == 0:
            return _indentation(prev, before)
    return _indentation(lines[number], number)


def _indentation(line: str, number: int) -> Diagnosis:
    spaces = _first_content(line)
    return Diagnosis("yaml-indentation", Position(number + 1, spaces + 1), {"spaces": spaces})


def _special_start(line: str, number: int, column: int) -> Diagnosis:
    start = _value_start(line)
    start = min(start, column)
    value = line[start:].split(" #")[0].rstrip()
    return Diagnosis("yaml-special-start", Position(number + 1, start + 1),
                     {"char": line[start] if start < len(line) else "?",
                      "fixed": _quote(value)})


def dash_without_space(text: str) -> list[tuple[Position, str, str]]:
    """List items written '-everyone' under a key or beside '- ' items: YAML reads them as
    text, so the list silently becomes one text. (position, line, fixed)"""
    found = []
    previous = ""
    for number, line in structural_lines(text):
        match = _NO_SPACE_DASH.match(line)
        if match and not line.startswith("---") and (
                previous.rstrip().endswith(":") or previous.lstrip().startswith("- ")):
            found.append((Position(number + 1, match.end(1) + 1), line.strip()[:60],
                          f"- {line[match.end(1) + 1:].strip()}"[:60]))
        if line.strip() and not line.lstrip().startswith("#"):
            previous = line
    return found


_NO_SPACE_KEY = re.compile(r"^([ ]*(?:-[ ]+)*)([A-Za-z_][A-Za-z0-9_-]*):([^\s:/])")
_NO_SPACE_DASH = re.compile(r"^([ ]*)-([^\s\-])")


def _line_mistake(line: str, number: int) -> Diagnosis | None:
    """A mistake visible on one line alone (used only once the file failed to parse)."""
    match = _NO_SPACE_KEY.match(line)
    if match:
        return Diagnosis("yaml-colon-space", Position(number + 1, match.end(2) + 1),
                         {"value": line.strip()[:60],
                          "fixed": f"{match.group(2)}: {line[match.end(2) + 1:].strip()}"[:60]})
    match = _NO_SPACE_DASH.match(line)
    if match and not line.startswith("---"):
        return Diagnosis("yaml-dash-space", Position(number + 1, match.end(1) + 1),
                         {"value": line.strip()[:60],
                          "fixed": f"- {line[match.end(1) + 1:].strip()}"[:60]})
    start = _value_start(line)
    if start < len(line) and line[start] in WORD_QUOTES:
        return Diagnosis("yaml-word-quotes", Position(number + 1, start + 1),
                         {"char": line[start]})
    return None
