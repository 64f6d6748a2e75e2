"""Records: the frozen dataclasses the site model is made of (pages, views, the report's rows
and cells), with slots and quick pickling.

A site of 10,000 groups holds some hundreds of thousands of them in each language; without a
``__dict__`` each takes about half the memory (at 1,000 groups the site model's objects went
from 33 MB to 19 MB). Their pickles (the cache's pages, the report sent back by its worker,
the pages' keys) hold each one's fields as a tuple, read with one C call, rather than through
the generic methods dataclasses give a frozen class with slots, which look up its fields
again for every object (those made pickling twice as slow as with a ``__dict__``).
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")


@overload
def record(cls: type[T], /) -> type[T]: ...


@overload
def record(*, kw_only: bool = False) -> Callable[[type[T]], type[T]]: ...


# (frozen_default is a keyword typing takes and ignores before Python 3.12; mypy reads it.)
@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: type[T] | None = None, /, *,
           kw_only: bool = False) -> type[T] | Callable[[type[T]], type[T]]:
    """``@record`` or ``@record(kw_only=True)``: a frozen dataclass with slots.

    (As with any dataclass with slots, a method cannot call ``super()`` without arguments:
    the class it was written in is not the one ``record`` returns.)"""
    def make(cls: type[T]) -> type[T]:
        made = dataclasses.dataclass(frozen=True, slots=True, kw_only=kw_only)(cls)
        setattr(made, "__getstate__", _getstate)  # noqa: B010 (mypy: not a method)
        setattr(made, "__setstate__", _setstate)  # noqa: B010
        return made
    return make if cls is None else make(cls)


def _getstate(self: Any) -> tuple[Any, ...]:
    return _getter(type(self))(self)


def _setstate(self: Any, state: tuple[Any, ...]) -> None:
    if not isinstance(state, tuple):  # (a pickle of another program)
        raise TypeError(f"not the state of a record: {type(state).__name__}")
    for name, value in zip(field_names(type(self)), state, strict=True):
        object.__setattr__(self, name, value)


# By class (a subclass, even a plain dataclass, has its own fields): the names of its fields,
# and what reads their values as a tuple in one call.
_NAMES: dict[type, tuple[str, ...]] = {}
_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def field_names(kind: type) -> tuple[str, ...]:
    """The names of a dataclass's fields, in order (worked out once a class)."""
    found = _NAMES.get(kind)
    if found is None:
        found = _NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return found


def _getter(kind: type) -> Callable[[Any], tuple[Any, ...]]:
    found = _GETTERS.get(kind)
    if found is None:
        names = field_names(kind)
        if len(names) < 2:
            found = _GETTERS[kind] = lambda data: tuple(getattr(data, n) for n in names)
        else:
            found = _GETTERS[kind] = operator.attrgetter(*names)
    return found
