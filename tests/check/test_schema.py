"""The editors' JSON Schemas: committed, up to date, and in agreement with the checker."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from brochure.check.content import load_content
from brochure.check.schema import schemas
from brochure.check.validate import validate_model
from brochure.cli import main
from brochure.core.models import Vocabularies
from brochure.core.problems import Severity
from brochure.load.reader import load_yaml
from tests.conftest import REPO, TODAY, VALID_GROUP, edit_group

SCHEMA_DIR = REPO / "schema"
CONTENT = REPO / "content"
MUNICIPALITIES = ["halsua", "kannus", "kaustinen", "kokkola", "lestijarvi", "perho",
                  "toholampi", "veteli"]
SCHEMA_LINE = "# yaml-language-server: $schema="


def _vocabularies() -> Vocabularies:
    path = CONTENT / "vocabularies.yaml"
    validated = validate_model(Vocabularies, load_yaml(str(path), path.read_bytes()))
    vocab, problems = validated.model, validated.problems
    assert vocab is not None, problems
    return vocab


def _schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(schemas(_vocabularies())[name])
    return data


def _json_ready(value: Any) -> Any:
    """YAML data as an editor's JSON Schema sees it: dates are strings."""
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _errors(schema: dict[str, Any], data: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


# --- committed and up to date -------------------------------------------------------------

@pytest.mark.parametrize("name", ["group.schema.json", "partner.schema.json"])
def test_committed_schema_is_up_to_date(name: str) -> None:
    committed = SCHEMA_DIR / name
    assert committed.is_file(), f"{committed} is missing: run `make schema`"
    assert committed.read_text(encoding="utf-8") == schemas(_vocabularies())[name], (
        f"{committed} is stale: run `make schema` and commit the result")


def test_schema_command_writes_the_committed_files(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "schema"
    code = main(["schema", "--content", str(CONTENT), "--today", TODAY.isoformat(),
                 "--output", str(out)])
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["group.schema.json", "partner.schema.json",
                                                     "population.schema.json",
                                                     "retired.schema.json"]
    for path in out.iterdir():
        assert path.read_text(encoding="utf-8") == (SCHEMA_DIR / path.name).read_text(
            encoding="utf-8"), path.name
    assert capsys.readouterr().out.split() == [str(out / "group.schema.json"),
                                               str(out / "partner.schema.json"),
                                               str(out / "retired.schema.json"),
                                               str(out / "population.schema.json")]


@pytest.mark.parametrize("name", ["group.schema.json", "partner.schema.json",
                                  "retired.schema.json", "population.schema.json"])
def test_schema_is_a_valid_json_schema(name: str) -> None:
    schema = _schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


# --- vocabularies as enums ----------------------------------------------------------------

def test_municipality_is_an_enum_of_the_eight_municipalities() -> None:
    municipality = _schema("group.schema.json")["properties"]["municipality"]
    assert municipality["enum"] == MUNICIPALITIES
    assert "type" not in municipality


def test_vocabularies_are_enums() -> None:
    schema = _schema("group.schema.json")
    vocab = _vocabularies()
    props = schema["properties"]
    assert props["audiences"]["items"]["enum"] == list(vocab.audiences)
    assert props["activities"]["items"]["enum"] == list(vocab.activities)
    assert props["languages"]["items"]["enum"] == list(vocab.languages)
    venue = schema["$defs"]["Venue"]["properties"]
    assert venue["accessibility"]["items"]["enum"] == list(vocab.accessibility)
    assert _schema("partner.schema.json")["properties"]["kind"]["enum"] == list(
        vocab.partner_kinds)


def test_fields_have_finnish_help() -> None:
    props = _schema("group.schema.json")["properties"]
    assert "160" in props["summary"]["description"]
    assert all(prop.get("description") for prop in props.values())


# --- the schema agrees with the checker ---------------------------------------------------

def test_valid_group_is_valid_for_the_schema() -> None:
    data = _json_ready(yaml.safe_load(VALID_GROUP))
    assert _errors(_schema("group.schema.json"), data) == []


def test_retired_file_is_valid_for_its_schema_and_a_wrong_code_is_not() -> None:
    data = _json_ready(yaml.safe_load((REPO / "content" / "retired.yaml").read_text(
        encoding="utf-8")))
    schema = _schema("retired.schema.json")
    assert data["groups"] and _errors(schema, data) == []
    data["groups"][0]["code"] = "l0o1"
    assert _errors(schema, data)


def test_short_code_is_checked_by_the_schema() -> None:
    schema = _schema("group.schema.json")
    assert _errors(schema, _json_ready(yaml.safe_load(edit_group(("code:", 'code: "k7m0"')))))


def test_single_date_break_is_valid_for_the_schema() -> None:
    text = edit_group(("- start: 2026-12-21", "    - 2026-12-24"), ("end: 2027-01-06", ""))
    data = _json_ready(yaml.safe_load(text))
    assert _errors(_schema("group.schema.json"), data) == []


@pytest.mark.parametrize(("change", "where"), [
    (("municipality:", "municipality: kokola"), ["municipality"]),
    (("municipality:", "municiplity: kokkola"), []),
    (("audiences:", "audiences: [everyone, elderlyy]"), ["audiences", 1]),
    (('start: "12:00"', '      start: "18.30"'), ["schedule", "meetings", 0, "start"]),
    (("reviewed:", 'reviewed: "4.3.2026"'), ["reviewed"]),
    (("phase:", "phase: testing"), ["phase"]),
])
def test_schema_rejects_what_the_checker_rejects(change: tuple[str, str],
                                                 where: list[Any]) -> None:
    data = _json_ready(yaml.safe_load(edit_group(change)))
    errors = _errors(_schema("group.schema.json"), data)
    assert errors, change
    assert any(e.startswith(f"{where}:") for e in errors), errors


def _example_files(folder: str) -> list[Path]:
    return sorted((CONTENT / folder).glob("*.yaml"))


@pytest.mark.parametrize(("folder", "schema"), [("groups", "group.schema.json"),
                                                ("partners", "partner.schema.json")])
def test_example_files_name_their_schema(folder: str, schema: str) -> None:
    files = _example_files(folder)
    if not files:
        pytest.skip(f"no example files in content/{folder} yet")
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"{SCHEMA_LINE}../../schema/{schema}", f"{path.name}: {first!r}"
        assert (path.parent / first[len(SCHEMA_LINE):]).resolve() == SCHEMA_DIR / schema


@pytest.mark.parametrize(("folder", "schema"), [("groups", "group.schema.json"),
                                                ("partners", "partner.schema.json")])
def test_examples_the_checker_accepts_are_valid_for_the_schema(folder: str,
                                                               schema: str) -> None:
    """No false alarms in an editor for a file that ``brochure check`` accepts."""
    files = _example_files(folder)
    if not files:
        pytest.skip(f"no example files in content/{folder} yet")
    content = load_content(CONTENT, TODAY)
    with_errors = {Path(p.path).resolve() for p in content.problems
                   if p.severity is Severity.ERROR}
    checked = 0
    for path in files:
        if path.resolve() in with_errors:
            continue
        data = _json_ready(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert _errors(_schema(schema), data) == [], path.name
        checked += 1
    if not checked:
        pytest.skip(f"no error-free example in content/{folder} yet")
