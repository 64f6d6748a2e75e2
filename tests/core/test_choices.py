"""The fixed choices' one table: the site's labels, the form's and the lenient reading's words
come from it."""

from __future__ import annotations

import typing

from brochure.check.lenient import LITERAL_WORDS
from brochure.core.choices import LITERAL_CHOICES, REGISTRATION_CHOICES, ROLE_CHOICES
from brochure.core.languages import LANGUAGES
from brochure.core.models import Phase, Role, Weekday
from brochure.site import views


def test_every_fixed_value_of_the_model_has_its_names_in_every_language() -> None:
    values = {*typing.get_args(Weekday), *typing.get_args(Role), *typing.get_args(Phase)}
    assert {c.value for c in LITERAL_CHOICES} == values
    for choice in (*LITERAL_CHOICES, *REGISTRATION_CHOICES):
        assert len(choice.names) == len(LANGUAGES), choice.value


def test_the_site_and_the_checker_read_the_same_table() -> None:
    assert {c.value: c.label for c in ROLE_CHOICES} == views.ROLES
    assert {c.value: c.label for c in REGISTRATION_CHOICES} == views.REGISTRATION
    tuesday = next(c for c in LITERAL_CHOICES if c.value == "tuesday")
    assert LITERAL_WORDS["tuesday"] == (tuesday.names, tuesday.words)
    assert tuesday.name(LANGUAGES[1]) == tuesday.names[1]
