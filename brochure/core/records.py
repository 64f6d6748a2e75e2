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
    """``@record`` or ``@record(kw_only=True)``: a frozen dataclass with slots."""
    def make(cls: type[T]) -> type[T]:
        made = dataclasses.dataclass(frozen=True, slots=True, kw_only=kw_only)(cls)
        names = tuple(f.name for f in dataclasses.fields(made))  # type: ignore[arg-type]
        setattr(made, "__getstate__", _getstate(names))  # noqa: B010 (mypy: not a method)
        setattr(made, "__setstate__", _setstate(names))  # noqa: B010
        return made
    return make if cls is None else make(cls)


def _getstate(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    if len(names) < 2:
        return lambda self: tuple(getattr(self, name) for name in names)
    get = operator.attrgetter(*names)  # (the values as a tuple, in one call)
    return lambda self: get(self)


def _setstate(names: tuple[str, ...]) -> Callable[[Any, tuple[Any, ...]], None]:
    def setstate(self: Any, state: tuple[Any, ...], assign: Any = object.__setattr__) -> None:
        for name, value in zip(names, state, strict=True):
            assign(self, name, value)
    return setstate
