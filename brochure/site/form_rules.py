"""The checker's rules as data for the form page's script: one checker, in two places.

The browser cannot run the Python checker (Pyodide would be some 10 MB of downloads and
seconds of start-up on a partner's old laptop, and pydantic's compiled core is not published
for it), so the page carries a JavaScript port of the checker's steps (``tools/checker/``,
bundled into ``static/group-checker.js``). Everything that the steps decide *with* comes from
here, read from the Python definitions at every build, so it cannot fall behind them: the
shape of every model (from the pydantic models), which fields are times and fixed choices and
the words read for them (:mod:`brochure.check.lenient`), the references to vocabularies and
partners, the patterns of the loader and of the rules, the limits, the rule catalogue with its
severities and words, the site's policy and public holidays, and what is already taken
(groups' and deleted groups' addresses and short codes). ``tests/browser/test_parity.py`` runs
the checker's own rule tests and generated entries through both and compares the rule ids.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, BeforeValidator

from brochure.check import group_rules, lenient
from brochure.check.content import ValidContent
from brochure.check.fields import FIELD_LABELS, field_keys
from brochure.check.findings import REFERENCE_RULES, SLUG_PATTERN
from brochure.check.lenient import LITERAL_WORDS, REFERENCES
from brochure.check.rules import EXPECTED, RULES, VALUE_KINDS
from brochure.core import models
from brochure.core.codes import ALPHABET, LENGTHS
from brochure.core.holidays import holiday_name, public_holidays
from brochure.core.i18n import N_, gettext
from brochure.core.languages import LANGUAGE_NAMES, LANGUAGES
from brochure.core.models import Group
from brochure.load import reader, syntax

# Rules that never concern one group file (other files, the tree, attendance): not sent.
_OTHER_FILES = ("attendance-", "page-", "missing-file", "missing-page", "file-extension",
                "file-not-read", "symlink", "unknown-partner-kind", "url-invalid",
                "group-deleted-not-retired", "yaml-encoding", "partner-file-errors",
                "unknown-setting", "population-missing")

# The validators that give a field its kind (see brochure.core.models).
_VALIDATORS = {
    "_to_date": "date", "to_clock": "clock", "_phone": "phone", "_email": "email",
    "_url": "url", "_break": "break",
}


def _unwrap(annotation: Any) -> tuple[Any, list[Any], bool]:
    """The type under Annotated/Optional, its metadata, and whether None is allowed."""
    metadata: list[Any] = []
    nullable = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            args = typing.get_args(annotation)
            annotation, metadata = args[0], [*metadata, *args[1:]]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            nullable = nullable or len(members) < len(typing.get_args(annotation))
            annotation = members[0]
        else:
            return annotation, metadata, nullable


def _spec(annotation: Any, metadata: list[Any], found: dict[str, Any]) -> dict[str, Any]:
    """How a value of this type is validated, as the script's validator reads it."""
    inner, extra, nullable = _unwrap(annotation)
    metadata = [*metadata, *extra]
    spec: dict[str, Any] = {"nullable": nullable} if nullable else {}
    for item in metadata:
        if isinstance(item, BeforeValidator) and item.func.__name__ in _VALIDATORS:
            kind = _VALIDATORS[item.func.__name__]
            if kind == "break":
                return {**spec, "kind": "break", "model": _model(inner, found)}
            return {**spec, "kind": kind}
    origin = typing.get_origin(inner)
    if origin is typing.Literal:
        return {**spec, "kind": "literal", "choices": [str(a) for a in typing.get_args(inner)]}
    if origin is list:
        (item,) = typing.get_args(inner)
        return {**spec, "kind": "list", "items": _spec(item, [], found)}
    if origin is tuple:
        return {**spec, "kind": "tuple", "items": [_spec(a, [], found)
                                                    for a in typing.get_args(inner)]}
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return {**spec, "kind": "model", "model": _model(inner, found)}
    kind = {str: "str", int: "int", bool: "bool", float: "float"}[inner]
    return {**spec, "kind": kind}


def _model(model: type[BaseModel], found: dict[str, Any]) -> str:
    name = model.__name__
    if name not in found:
        found[name] = {}  # placed first: a model that refers to itself stops here
        fields = {}
        for field, info in model.model_fields.items():
            if info.exclude:
                continue
            spec = _spec(info.annotation, list(info.metadata), found)
            spec["required"] = info.is_required()
            if not info.is_required():
                default = info.get_default(call_default_factory=True)
                spec["default"] = default
            fields[field] = spec
        found[name] = fields
    return name


def model_specs() -> dict[str, Any]:
    """Every model a group file is made of, field by field."""
    found: dict[str, Any] = {}
    _model(Group, found)
    return found


def _js(pattern: re.Pattern[str]) -> dict[str, str]:
    """A Python pattern as the source and flags of a JavaScript RegExp (\\Z is $ there)."""
    flags = ""
    if pattern.flags & re.IGNORECASE:
        flags += "i"
    if pattern.flags & re.MULTILINE:
        flags += "m"
    if pattern.flags & re.DOTALL:
        flags += "s"
    return {"source": pattern.pattern.replace("\\Z", "$"), "flags": flags}


def patterns() -> dict[str, dict[str, str]]:
    """The patterns the loader, the lenient reading and the rules decide with."""
    named = {
        # the loader (brochure.load.reader, brochure.load.syntax)
        "control": reader._CONTROL, "invisible": reader._INVISIBLE,
        "leadingTab": reader._LEADING_TAB, "int": reader._INT,
        "leadingZero": reader._LEADING_ZERO, "sexagesimal": reader._SEXAGESIMAL,
        "clockLike": reader._CLOCK_LIKE, "float": reader._FLOAT, "date": reader._DATE,
        "commentAfter": reader._COMMENT_AFTER, "blockStart": syntax._BLOCK_START,
        "key": syntax._KEY, "noSpaceKey": syntax._NO_SPACE_KEY,
        "noSpaceDash": syntax._NO_SPACE_DASH,
        # the models (brochure.core.models)
        "isoDate": models._ISO_DATE, "finnishDate": models._FINNISH_DATE,
        "clock": models._CLOCK, "email": models._EMAIL,
        # reading leniently (brochure.check.lenient)
        "time": lenient._TIME,
        # the rules (brochure.check.group_rules, brochure.check.findings)
        "postcode": group_rules._POSTCODE, "addressSeparator": group_rules._ADDRESS_SEPARATOR,
        "htmlTag": group_rules._HTML_TAG, "mdImage": group_rules._MD_IMAGE,
        "tableRow": group_rules._TABLE_ROW, "bullet": group_rules._BULLET,
        "slug": SLUG_PATTERN,
    }
    return {name: _js(pattern) for name, pattern in named.items()}


def rulebook() -> dict[str, Any]:
    """What does not depend on the content: models, words for fixed choices, patterns,
    limits."""
    return {
        "models": model_specs(),
        # Folded word -> the yes/no value it means in a yes/no field (kyllä, nej, Yes).
        "booleanWords": lenient.boolean_words(),
        "literalWords": {value: [*names, *words] for value, (names, words)
                         in LITERAL_WORDS.items()},
        "references": [[list(pattern), kind] for pattern, kind in REFERENCES[Group].items()],
        "referenceRules": REFERENCE_RULES,
        "patterns": patterns(),
        "words": {
            "null": sorted(reader._NULL), "true": sorted(reader._TRUE),
            "false": sorted(reader._FALSE), "ambiguous": sorted(reader._AMBIGUOUS),
            "wordQuotes": syntax.WORD_QUOTES, "special": syntax._SPECIAL,
            # Word's quotes around a whole value, read without them (lenient).
            "doubleQuotes": lenient.DOUBLE_QUOTES, "singleQuotes": lenient.SINGLE_QUOTES,
        },
        "limits": {
            "summary": group_rules.SUMMARY_LIMIT, "name": group_rules.NAME_LIMIT,
            "every": list(group_rules.EVERY_RANGE),
            "participants": list(group_rules.PARTICIPANTS_RANGE),
            "fileBytes": reader.MAX_FILE_BYTES,
        },
        "textFields": list(group_rules.TEXT_FIELDS),
        "markdownFields": sorted(group_rules.MARKDOWN_FIELDS),
        "hiding": sorted(group_rules.HIDING_RULES),
        "fatal": sorted(reader._FATAL),
        "code": {"alphabet": ALPHABET, "lengths": list(LENGTHS)},
        "languages": list(LANGUAGES),
        # Each rule of GROUP_RULES and the fields it reads, in order (the script's rules are
        # the same functions in the same order; it refuses to start if the count differs).
        "groupRules": [[getattr(rule.check, "__name__", "?"), list(rule.reads)]
                       for rule in group_rules.GROUP_RULES],
    }


def _group_rule(rule_id: str) -> bool:
    return not rule_id.startswith(_OTHER_FILES) and rule_id not in _OTHER_FILES


# The years of public holidays the page knows: enough for any season being planned.
HOLIDAY_YEARS = (-1, 4)


def checker_config(content: ValidContent, lang: str) -> dict[str, Any]:
    """Everything the page's checker needs, in ``lang``: the rulebook, the rule catalogue's
    words, the vocabularies and partners, the policy, the holidays and what is taken."""
    vocab = content.vocabularies
    today = content.today
    start = dt.date(today.year + HOLIDAY_YEARS[0], 1, 1)
    end = dt.date(today.year + HOLIDAY_YEARS[1], 12, 31)
    calendar = content.site.public_holidays
    holidays = {day.isoformat(): holiday_name(day, lang, calendar)
                for day in public_holidays(start, end, calendar)}
    groups = {slug: g.code for slug, g in content.groups.items()}
    return {
        **rulebook(),
        "lang": lang,
        "today": today.isoformat(),
        # The region's facts (site.yaml): phone numbers, the box of the venues' coordinates,
        # the languages in order (the first is required), the policy.
        "phoneRegion": content.site.phone_region,
        "bounds": content.site.coordinates.model_dump(),
        "order": list(content.site.language_order),
        "policy": content.site.policy.model_dump(),
        "holidays": holidays,
        "vocabularies": {kind: {key: label.model_dump() for key, label in labels.items()}
                         for kind, labels in vocab.labelled().items()},
        "partners": {pid: {k: v for k, v in p.name.model_dump().items() if v}
                     for pid, p in sorted(content.partners.items())},
        "groups": groups,
        "retired": {slug: g.code for slug, g in sorted(content.retired.items())},
        "rules": {rule_id: {"severity": rule.severity.value,
                            "message": gettext(lang, rule.message),
                            "hint": gettext(lang, rule.hint), "namesField": rule.names_field}
                  for rule_id, rule in RULES.items() if _group_rule(rule_id)},
        "ruleWords": {
            "or": gettext(lang, N_("or")),
            "didYouMean": gettext(lang, N_("Did you mean '%(id)s'? ")),
            "expected": {key: gettext(lang, text) for key, text in EXPECTED.items()},
            "languages": {code: gettext(lang, name) for code, name in LANGUAGE_NAMES.items()},
            "empty": gettext(lang, N_("(empty)")),
            "valueKinds": {key: gettext(lang, text) for key, text in VALUE_KINDS.items()},
            # How a message names a field: its words and its key (brochure.check.fields).
            "fields": {path: gettext(lang, words) for path, words in FIELD_LABELS.items()},
            # A field's words in any language, written for its key (fields.field_keys).
            "fieldKeys": field_keys(),
        },
    }
