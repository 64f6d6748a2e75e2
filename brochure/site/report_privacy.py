"""Small numbers that stay small: primary and secondary suppression of the report's counts.

A public report hides every count of people below ``report_threshold`` (primary
suppression). Hiding that cell alone is not enough: a total minus the other cells of its row
gives it back, and so does a municipality's total minus its published groups, or an
audience's total minus the municipalities' cells. So every published count is seen as what it
is, a sum of **atoms** (one group's meetings in one month of one season), and a suppressed
count must not be a linear combination of published ones, in any table or across tables.
While one is, one more published count is suppressed: the smallest of those that give it away
(secondary suppression, as official statistics do).

The linear algebra runs modulo a large prime: a combination over the rationals is one modulo
the prime too, so nothing recoverable is missed; the rare combination that exists only modulo
the prime costs one more hidden cell, never a revealed one. Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
_P = (1 << 61) - 1  # a Mersenne prime: exact integer arithmetic with Python ints


@dataclass(frozen=True)
class Count(Generic[K]):
    """A published count: the atoms it adds up and its value."""

    atoms: frozenset[K]
    value: int


class _Basis:
    """Published vectors in echelon form, each row remembering which published vectors
    (by index) it was made of, so that a recovered value names what gave it away."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, dict[int, int], dict[int, int]]] = []

    def reduce(self, vector: dict[int, int]) -> tuple[dict[int, int], dict[int, int]]:
        """``vector`` minus its part in the span, and the combination subtracted."""
        rest = dict(vector)
        combination: dict[int, int] = {}
        for pivot, row, made_of in self.rows:
            factor = rest.get(pivot, 0)
            if not factor:
                continue
            for column, value in row.items():
                new = (rest.get(column, 0) - factor * value) % _P
                if new:
                    rest[column] = new
                else:
                    rest.pop(column, None)
            for index, value in made_of.items():
                new = (combination.get(index, 0) + factor * value) % _P
                if new:
                    combination[index] = new
                else:
                    combination.pop(index, None)
        return rest, combination

    def add(self, index: int, vector: dict[int, int]) -> None:
        rest, combination = self.reduce(vector)
        if not rest:
            return
        pivot = min(rest)
        inverse = pow(rest[pivot], _P - 2, _P)
        row = {column: value * inverse % _P for column, value in rest.items()}
        # This row is ``vector - combination``, scaled: remember it in published vectors.
        made_of = {i: (-value) * inverse % _P for i, value in combination.items()}
        made_of[index] = (made_of.get(index, 0) + inverse) % _P
        self.rows.append((pivot, row, {i: v for i, v in made_of.items() if v}))


def recovered(published: Sequence[frozenset[K]], hidden: Iterable[frozenset[K]]
              ) -> dict[frozenset[K], frozenset[int]]:
    """The hidden sums that the published sums give back, each with the published sums (by
    index) of one combination that does."""
    columns: dict[K, int] = {}

    def vector(atoms: frozenset[K]) -> dict[int, int]:
        return {columns.setdefault(atom, len(columns)): 1
                for atom in sorted(atoms, key=repr)}

    basis = _Basis()
    for index, atoms in enumerate(published):
        basis.add(index, vector(atoms))
    found = {}
    for atoms in hidden:
        rest, combination = basis.reduce(vector(atoms))
        if not rest:
            found[atoms] = frozenset(combination)
    return found


def suppress(counts: Iterable[Count[K]], threshold: int) -> frozenset[frozenset[K]]:
    """The sums a public report must hide: those from 1 to ``threshold - 1`` (zero shows that
    nobody came, which singles nobody out), and then whatever would give them back."""
    values: dict[frozenset[K], int] = {}
    for count in counts:
        if count.atoms:
            values[count.atoms] = count.value
    order = sorted(values, key=lambda atoms: (values[atoms], len(atoms),
                                              sorted(map(repr, atoms))))
    hidden = {atoms for atoms in order if 0 < values[atoms] < threshold}
    while hidden:
        published = [atoms for atoms in order if atoms not in hidden]
        found = recovered(published, [atoms for atoms in order if atoms in hidden])
        if not found:
            break
        # One recovered sum at a time, the smallest first: hide the smallest published sum
        # of the combination that gives it back (a zero only when nothing else will do).
        first = min(found, key=order.index)
        witnesses = [published[i] for i in found[first]]
        hidden.add(min(witnesses, key=lambda atoms: (values[atoms] == 0,
                                                     order.index(atoms))))
    return frozenset(hidden)
