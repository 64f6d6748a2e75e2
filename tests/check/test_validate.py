"""brochure/validate.py: pydantic's findings become located problems a partner can act on."""

from __future__ import annotations

from brochure.check.validate import suggestion, validate_model
from brochure.core.models import Partner
from brochure.load.reader import parse_yaml

PARTNER = """\
name:
  fi: "Kylätalo ry"
kind: association
description:
  fi: "Kylän yhdistys."
contact:
  email: kylatalo@example.fi
"""


def located(text: str) -> list[tuple[str, int, int]]:
    doc = parse_yaml("partners/kylatalo.yaml", text)
    validated = validate_model(Partner, doc)
    problems = validated.problems
    assert validated.model is None or not problems
    return [(p.rule, p.line, p.column) for p in problems]


def test_a_valid_partner_has_no_problems() -> None:
    assert located(PARTNER) == []


def test_a_wrong_value_points_at_the_value() -> None:
    # Columns point at the value itself, not at its key.
    assert located(PARTNER.replace("kind: association", "kind: [a, b]")) == [
        ("wrong-type", 3, 7)]
    assert located(PARTNER.replace("email: kylatalo@example.fi", "email: kylatalo at x")) == [
        ("email-invalid", 7, 10)]


def test_an_unknown_field_points_at_its_key_and_a_slug_line_is_refused() -> None:
    found = located(PARTNER + "homepage: https://example.fi\n")
    assert found == [("unknown-field", 8, 1)]


def test_a_missing_field_is_one_problem_not_a_cascade() -> None:
    found = located(PARTNER.replace("kind: association\n", ""))
    assert [rule for rule, _, _ in found] == ["missing-field"]


def test_suggestions_only_for_near_misses() -> None:
    assert suggestion("kokola", ["kokkola", "kannus"]) == {"suggestion_id": "kokkola"}
    assert suggestion("helsinki", ["kokkola", "kannus"]) == {}
