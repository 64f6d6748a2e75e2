"""``brochure new``: a new entry has every field, each explained, and the real validator
finds nothing wrong in it except the blanks the partner has to fill in."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from brochure.check.content import load_content
from brochure.cli import main
from brochure.core.models import Group, Partner
from brochure.core.problems import Problem, Severity
from tests.conftest import valid

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 23)
# The rules a blank ("") can break; anything else would be a mistake in the template.
BLANK_RULES = {"empty-text", "finnish-required", "date-format", "time-format", "invalid-value",
               "phone-invalid", "email-invalid", "unknown-municipality", "unknown-partner",
               "unknown-partner-kind"}
KEY_LINE = re.compile(r"^\s*(?:- )?([a-z_]+):")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    return root


def new(tree: Path, *args: str) -> int:
    return main(["new", *args, "--content", str(tree), "--today", TODAY.isoformat(),
                 "--lang", "en"])


def problems_in(tree: Path, path: Path) -> list[Problem]:
    return [p for p in load_content(tree, TODAY).problems
            if Path(p.path).resolve() == path.resolve()]


def model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = model_of(arg)
        if found is not None:
            return found
    return None


def missing_fields(model: type[BaseModel], data: Any, where: str = "") -> list[str]:
    """Fields of ``model`` (and of the models inside it) that ``data`` leaves out."""
    if not isinstance(data, dict):
        return []
    missing = []
    for name, info in model.model_fields.items():
        if info.exclude:
            continue
        if name not in data:
            missing.append(where + name)
            continue
        inner = model_of(info.annotation)
        if inner is None:
            continue
        values = data[name] if isinstance(data[name], list) else [data[name]]
        for value in values:
            missing += missing_fields(inner, value, f"{where}{name}.")
    return missing


def fill_blanks(text: str, values: dict[str, str | list[str]]) -> str:
    """Replace each ``key: ""`` by a value chosen by indentation and key (a list: one value
    after the other)."""
    out = []
    for line in text.splitlines(keepends=True):
        match = re.match(r'^(\s*(?:- )?)([a-z_]+): ""', line)
        if match:
            key = f"{len(match.group(1))}:{match.group(2)}"
            value = values.get(key) or values[match.group(2)]
            if isinstance(value, list):
                value = value.pop(0)
            line = line.replace('""', value, 1)
        out.append(line)
    return "".join(out)


def assert_explained(text: str) -> None:
    lines = text.splitlines()
    assert lines[0].startswith("# yaml-language-server: $schema=../../schema/")
    for line in lines:
        if KEY_LINE.match(line):
            comment = line.partition("  # ")[2]
            assert comment.strip(), f"no comment on: {line}"


def assert_only_blanks_reported(text: str, problems: list[Problem]) -> None:
    lines = text.splitlines()
    errors = [p for p in problems if p.severity is Severity.ERROR]
    assert errors, "the blanks should be reported"
    for problem in errors:
        if problem.rule == "contact-missing":
            # Neither a phone number nor an e-mail address yet: one message, at contact.
            assert lines[problem.line - 1].startswith("contact:"), problem
            continue
        assert problem.rule in BLANK_RULES, f"{problem.rule} at line {problem.line}"
        # The blank is on the line itself or, for a text's missing Finnish, just below it.
        near = lines[problem.line - 1:problem.line + 1]
        assert any('""' in line for line in near), f"{problem.rule}: {lines[problem.line - 1]}"


GROUP_VALUES: dict[str, str | list[str]] = {
    "fi": '"Testiryhmä"', "sv": '"Testgrupp"', "en": '"Test group"',
    "address": '"Torikatu 1, 67100 Kokkola"', "4:start": "2026-11-02",
    "6:weekday": "tuesday", "6:start": '"13:00"', "6:end": '"15:00"',
    "municipality": "kannus", "partner": "soite",
}


def finnish_and_a_phone(text: str, values: dict[str, str | list[str]]) -> str:
    """What a partner who writes only Finnish fills in: every blank, and the phone number
    (the Swedish and English texts and the e-mail address stay null, as written)."""
    filled = fill_blanks(text, values)
    assert filled.count("  phone: null") == 1
    return filled.replace("  phone: null", '  phone: "040 123 4567"')


def only_missing_translations(problems: list[Problem]) -> bool:
    """Nothing but the warning that Swedish and English texts are missing (the site shows the
    Finnish ones meanwhile)."""
    return all(p.rule == "missing-translation" and p.severity is Severity.WARNING
               for p in problems)


def test_new_group_has_every_field_explained_and_only_blanks_to_fill(tree: Path,
                                                                     capsys: Any) -> None:
    assert new(tree, "group", "uusi-kahvila", "--municipality", "kannus",
               "--partner", "soite", "--partner", "kpkoos") == 0
    path = tree / "groups" / "uusi-kahvila.yaml"
    assert "uusi-kahvila.yaml" in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    assert_explained(text)
    data = yaml.safe_load(text)
    assert missing_fields(Group, data) == []
    assert data["municipality"] == "kannus"
    assert [f["partner"] for f in data["facilitators"]] == ["soite", "kpkoos"]
    assert data["contact"]["partner"] == "soite"
    assert data["reviewed"] == TODAY and data["free"] is True and data["anonymous"] is True
    assert_only_blanks_reported(text, problems_in(tree, path))

    path.write_text(finnish_and_a_phone(text, GROUP_VALUES), encoding="utf-8")
    problems = problems_in(tree, path)
    assert problems and only_missing_translations(problems), problems
    content = load_content(tree, TODAY)
    assert "uusi-kahvila" in valid(content).groups and "uusi-kahvila" not in valid(content).hidden


def test_new_group_without_choices_leaves_them_blank(tree: Path) -> None:
    assert new(tree, "group", "toinen-ryhma") == 0
    path = tree / "groups" / "toinen-ryhma.yaml"
    text = path.read_text(encoding="utf-8")
    assert 'municipality: ""' in text and 'partner: ""' in text
    assert_only_blanks_reported(text, problems_in(tree, path))
    values = {**GROUP_VALUES, "4:partner": ["soite", "kpkoos"]}
    path.write_text(finnish_and_a_phone(text, values), encoding="utf-8")
    assert only_missing_translations(problems_in(tree, path))


def test_new_partner(tree: Path) -> None:
    assert new(tree, "partner", "uusi-yhdistys") == 0
    path = tree / "partners" / "uusi-yhdistys.yaml"
    text = path.read_text(encoding="utf-8")
    assert_explained(text)
    assert missing_fields(Partner, yaml.safe_load(text)) == []
    assert_only_blanks_reported(text, problems_in(tree, path))
    values: dict[str, str | list[str]] = {"fi": '"Yhdistys"', "kind": "association"}
    path.write_text(fill_blanks(text, values), encoding="utf-8")
    assert only_missing_translations(problems_in(tree, path))


def test_new_refuses_to_overwrite(tree: Path, capsys: Any) -> None:
    existing = tree / "groups" / "torstain-olohuone.yaml"
    before = existing.read_bytes()
    assert new(tree, "group", "torstain-olohuone") == 1
    assert "already exists" in capsys.readouterr().err
    assert existing.read_bytes() == before
    assert new(tree, "partner", "soite") == 1


@pytest.mark.parametrize("slug", ["Kahvila", "kahvila_kokkola", "kylä-kahvila", "a", "kahvila-",
                                  "kahvila--kokkola"])
def test_new_rejects_a_bad_slug(tree: Path, capsys: Any, slug: str) -> None:
    assert new(tree, "group", slug) == 2
    assert "cannot be used" in capsys.readouterr().err
    assert not (tree / "groups" / f"{slug}.yaml").exists()


def test_new_takes_a_municipality_by_the_name_check_reads(tree: Path) -> None:
    """check reads 'Karleby' as kokkola (with a notice): new takes it too, as the id."""
    assert new(tree, "group", "kahvila-karleby", "--municipality", "Karleby") == 0
    data = yaml.safe_load((tree / "groups" / "kahvila-karleby.yaml").read_text(
        encoding="utf-8"))
    assert data["municipality"] == "kokkola"


def test_new_checks_the_choices(tree: Path, capsys: Any) -> None:
    assert new(tree, "group", "uusi", "--municipality", "kokola") == 2
    assert "Did you mean 'kokkola'?" in capsys.readouterr().err
    assert new(tree, "group", "uusi", "--partner", "sote") == 2
    assert "Did you mean 'soite'?" in capsys.readouterr().err
    assert new(tree, "group", "uusi", "--partner", "soite", "--partner", "soite") == 2
    assert new(tree, "partner", "uusi", "--municipality", "kannus") == 2
    assert not (tree / "groups" / "uusi.yaml").exists()


# --- the help around it -----------------------------------------------------------------

def test_vscode_maps_entries_to_the_schemas_brochure_writes() -> None:
    import fnmatch
    import json

    from brochure.check.schema import schemas

    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    extensions = json.loads((REPO / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]
    vocab = valid(load_content(REPO / "content", TODAY)).vocabularies
    assert vocab is not None
    written = set(schemas(vocab))
    mapping = {Path(schema).name: globs for schema, globs in settings["yaml.schemas"].items()}
    assert set(mapping) == written == {"group.schema.json", "partner.schema.json",
                                       "retired.schema.json", "population.schema.json"}
    for schema, folder in (("group.schema.json", "groups"), ("partner.schema.json", "partners")):
        for path in sorted((REPO / "content" / folder).glob("*.yaml")):
            relative = path.relative_to(REPO).as_posix()
            assert any(fnmatch.fnmatch(relative, glob) for glob in mapping[schema]), relative
            # The file's own first line names the same schema (for other editors).
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first == f"# yaml-language-server: $schema=../../schema/{schema}", relative


def test_the_partners_page_gives_the_same_steps_in_every_language() -> None:
    pages = {lang: (REPO / "content" / "pages" / f"contribute.{lang}.md").read_text(
        encoding="utf-8") for lang in ("fi", "sv", "en")}
    outlines = {}
    for lang, text in pages.items():
        headings = re.findall(r"^(#+) ", text, re.MULTILINE)
        assert set(headings) <= {"##", "###"}, lang
        outlines[lang] = headings
        for label in ("Copy raw file", "Add file → Create new file", "Create pull request",
                      "site-preview", "Files changed", "reviewed", "python build.py serve"):
            assert label in text, f"{lang}: {label}"
        front = yaml.safe_load(text.split("---")[1])
        assert set(front) == {"title", "description"}, lang
    assert outlines["fi"] == outlines["sv"] == outlines["en"]


def test_new_group_gets_a_free_short_code(tree: Path) -> None:
    """The code is written once and never collides with a group's or a deleted group's."""
    from brochure.core.codes import suggest_code, valid_code

    taken = {yaml.safe_load(p.read_text(encoding="utf-8")).get("code")
             for p in (tree / "groups").glob("*.yaml")}
    # Make the code this slug would get first belong to a deleted group.
    first = suggest_code("koodiryhma")
    retired = tree / "retired.yaml"
    retired.write_text(retired.read_text(encoding="utf-8") + (
        f'  - slug: vanha-koodiryhma\n    code: "{first}"\n    municipality: kannus\n'
        '    name: {fi: "Vanha"}\n'), encoding="utf-8")
    assert new(tree, "group", "koodiryhma") == 0
    code = yaml.safe_load((tree / "groups" / "koodiryhma.yaml").read_text(
        encoding="utf-8"))["code"]
    assert valid_code(code) and code != first and code not in taken
