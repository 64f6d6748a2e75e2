"""A loaded file: its values, where each of them stood, and what loading found wrong.

A :class:`Document` is immutable. Later stages read it and return what they find (problems,
models, a document with values read leniently) as new values; none of them changes it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final, TypeAlias

from brochure.core.problems import Position, Problem

# Where a value is: the keys and list indexes that lead to it from the top of the file.
Path_ = tuple[str | int, ...]


class Invalid:
    """Stands in for a value that was already reported by the loader."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Final = Invalid()

# A value read from YAML: scalars as YAML 1.2 types them (dates included), lists, mappings,
# and INVALID where the loader reported the value instead of guessing it.
Value: TypeAlias = (
    "bool | int | float | str | dt.date | Invalid | list[Value] | dict[str, Value] | None")


@dataclass(frozen=True)
class Document:
    """A parsed file: its data, and the position of every key and value in it.

    ``raw`` keeps the text of plain scalars whose typed value hides how they were written
    (``09:30`` in a time field, ``0401234567``); ``flagged`` are the paths already reported,
    so that no later stage reports the same spot twice.
    """

    path: str
    data: Value = None
    values: Mapping[Path_, Position] = field(default_factory=dict)
    keys: Mapping[Path_, Position] = field(default_factory=dict)
    raw: Mapping[Path_, str] = field(default_factory=dict)
    flagged: frozenset[Path_] = frozenset()
    problems: tuple[Problem, ...] = ()
    # The YAML text the positions refer to; for a page, its Markdown below the front matter.
    text: str = ""
    body: str = ""

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

    def with_problems(self, problems: Iterable[Problem], *,
                      flagged: Iterable[Path_] = ()) -> Document:
        """This document with more problems, and with the paths they report marked."""
        return dataclasses.replace(self, problems=(*self.problems, *problems),
                                   flagged=self.flagged | frozenset(flagged))

    def with_data(self, data: Value) -> Document:
        """This document with its values replaced (positions stay those of the file)."""
        return dataclasses.replace(self, data=data)
