"""Records: frozen dataclasses with slots that pickle their fields as a tuple."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Mapping
from dataclasses import field

import pytest

from brochure.core.records import record
from brochure.site.pages import GroupPage, ReportCell


@record
class One:
    text: str


@record
class Several:
    name: str
    count: int = 0
    parts: tuple[One, ...] = ()


@record(kw_only=True)
class Keyword(Several):
    words: Mapping[str, str] = field(default_factory=dict)


@pytest.mark.parametrize("value", [
    One("yksi"),
    Several("kaksi", 2, (One("a"), One("b"))),
    Keyword(name="kolme", count=3, words={"fi": "kolme", "sv": "tre"}),
])
def test_a_record_comes_back_from_its_pickle_the_same(value: object) -> None:
    again = pickle.loads(pickle.dumps(value, protocol=5))
    assert again == value and type(again) is type(value)


@dataclasses.dataclass(frozen=True)
class Plain(One):
    """A plain dataclass made from a record: it has fields of its own."""

    note: str = ""


def test_a_plain_dataclass_made_from_a_record_keeps_its_own_fields_through_a_pickle() -> None:
    value = Plain("yksi", note="oma")
    assert pickle.loads(pickle.dumps(value)) == value


def test_a_record_refuses_a_state_that_is_not_its_own() -> None:
    """A record's pickle holds its fields as a tuple; a dict (a pickle made before it was a
    record) would have given each field a field's name as its value."""
    value = One("yksi")
    with pytest.raises(TypeError, match="not the state of a record"):
        value.__setstate__({"text": "yksi"})  # type: ignore[attr-defined]


def test_a_record_is_frozen_and_holds_no_dict() -> None:
    value = Keyword(name="neljä")
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.name = "viisi"  # type: ignore[misc]
    assert not hasattr(value, "__dict__")


def test_the_site_models_records_have_slots() -> None:
    """What a site holds hundreds of thousands of: without a __dict__ each takes about half
    the memory."""
    for kind in (GroupPage, ReportCell):
        assert "__slots__" in vars(kind) and "__dict__" not in dir(kind), kind
