"""Problems found in content: where, how bad, which rule, and the words to explain it.

A :class:`Problem` carries no text of its own, only a rule id and parameters; the message is
looked up in the gettext catalogs when it is shown, so the same problem reads in Finnish,
Swedish or English (see :mod:`brochure.check.rules`).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


class Position(NamedTuple):
    """A 1-based line and column in a source file (a tuple: cheap, ordered, hashable)."""

    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Problem:
    """One finding in one file.

    ``path`` is the file as shown to the person (relative to the working directory where
    possible); ``params`` fill the placeholders of the rule's message and hint.
    """

    path: str
    position: Position
    rule: str
    severity: Severity = Severity.ERROR
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def line(self) -> int:
        return self.position.line

    @property
    def column(self) -> int:
        return self.position.column

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.position.line, self.position.column, self.rule)


def count(problems: list[Problem], severity: Severity) -> int:
    return sum(1 for p in problems if p.severity is severity)


def strict(problems: Iterable[Problem]) -> list[Problem]:
    """``--strict``: warnings count as errors."""
    return [dataclasses.replace(p, severity=Severity.ERROR) if p.severity is Severity.WARNING
            else p for p in problems]
