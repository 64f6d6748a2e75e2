"""The form page "Lisää tai päivitä ryhmä": a group's fields for partners who do not write YAML.

Part of the site model stage. The fields are read from the group model and from the same
JSON Schema the editors use (:func:`brochure.check.schema.group_schema`: vocabulary ids as enums,
the promises as constants), so a field added to :class:`brochure.core.models.Group` appears in the
form without changes here; only its label and help text are words of this module. Choices
carry their labels in the page's language. The page's script (``static/form.js``) reads the
same field tree (embedded as JSON) to validate with the bundled JSON Schema validator, to check
the rules that need other files, and to write the YAML file.
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from brochure.check.content import ValidContent
from brochure.check.lenient import LITERAL_WORDS, REFERENCES
from brochure.check.rules import RULES
from brochure.check.schema import FIELD_HELP, group_schema
from brochure.core.i18n import N_, gettext
from brochure.core.languages import LANGUAGES, text_in
from brochure.core.models import Group
from brochure.site.views import Labelled

# Field names partners see, in the page's language (a new field falls back to its own name).
LABELS = {
    "name": N_("Name of the group"),
    "summary": N_("Summary in one sentence"),
    "description": N_("Description"),
    "municipality": N_("Municipality"),
    "venue": N_("Meeting place"),
    "address": N_("Street address and postcode"),
    "accessibility": N_("Accessibility"),
    "schedule": N_("Schedule"),
    "season": N_("Season"),
    "start": N_("Starts"),
    "end": N_("Ends"),
    "meetings": N_("Meetings"),
    "weekday": N_("Day of the week"),
    "every": N_("How often"),
    "breaks": N_("Breaks"),
    "audiences": N_("Especially welcome"),
    "activities": N_("What we do"),
    "languages": N_("Languages spoken"),
    "facilitators": N_("Facilitators"),
    "role": N_("Role"),
    "partner": N_("Organisation"),
    "phase": N_("Phase"),
    "substitute": N_("Substitute facilitator"),
    "contact": N_("Contact"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "free": N_("Free of charge"),
    "referral_required": N_("Referral"),
    "anonymous": N_("Anonymous participation"),
    "registration": N_("Registration"),
    "max_participants": N_("At most this many participants"),
    "reviewed": N_("Details checked on"),
    "coordinates": N_("Coordinates (latitude, longitude)"),
}
HELP = {
    "summary": N_("One short sentence, at most 160 characters."),
    "description": N_("What happens in the group and how to join. An empty line starts a new "
                      "paragraph; a list item starts with '- '."),
    "facilitators": N_("A group is run by a pair from two different partner organisations. "
                       "While the group is new (pilot), at least one of them is a "
                       "professional; once it is established, both may be experience "
                       "experts."),
    "substitute": N_("How a substitute is found when a facilitator falls ill."),
    "phase": N_("Pilot: the group is new. Established: it has been running well."),
    "audiences": N_("Whom the group especially welcomes; nobody is excluded."),
    "every": N_("1 = every week, 2 = every other week."),
    "contact": N_("A phone number or an email address, or both."),
    "reviewed": N_("Today's date when you have checked the details."),
    "breaks": N_("Dates when the group does not meet, e.g. Christmas."),
}
REGISTRATION_LABELS = {
    "none": N_("No registration: just come."),
    "welcome": N_("Advance notice is welcome, but you can also just come."),
}
CONSTANT_LABELS = {
    "free": N_("The group is free of charge."),
    "referral_required": N_("No referral is needed."),
    "anonymous": N_("Participants may stay anonymous."),
}
MULTILINE = frozenset({"description", "substitute"})
# Rules the page checks itself (their messages are embedded in the page's language).
PAGE_RULES = ("two-facilitators", "facilitators-same-organisation", "pilot-needs-professional",
              "finnish-required", "summary-too-long", "missing-field", "invalid-value",
              "time-format", "date-format", "wrong-type", "contact-missing", "time-order",
              "season-order", "phone-invalid", "email-invalid", "number-range",
              "name-too-long", "break-order")


@dataclass(frozen=True)
class FormField:
    """One field of the form: ``kind`` says how it is asked and how its YAML is written."""

    name: str
    path: str
    kind: str  # texts, text, choice, choices, date, time, integer, group, list, constant
    label: str
    help: str = ""
    required: bool = False
    multiline: bool = False
    choices: tuple[Labelled, ...] = ()
    children: tuple[FormField, ...] = ()
    value: Any = None  # a constant's value, or a default
    comment: str = ""  # the Finnish comment written above the field in the YAML

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name, "path": self.path, "kind": self.kind, "label": self.label,
            "required": self.required, "multiline": self.multiline, "value": self.value,
            "comment": self.comment, "choices": [c.id for c in self.choices],
            "children": [c.as_json() for c in self.children],
        }


def _resolve(prop: dict[str, Any], defs: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
    """A property's schema with ``$ref`` followed, and whether null is allowed."""
    optional = False
    if "anyOf" in prop:
        options = [p for p in prop["anyOf"] if p.get("type") != "null"]
        optional = len(options) < len(prop["anyOf"])
        objects = [p for p in options if "$ref" in p or p.get("type") == "object"]
        prop = {**prop, **(objects[0] if objects else options[0])}
        prop.pop("anyOf", None)
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        prop = {**defs[name], "$def": name}
    return prop, optional


def _model_of(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    annotation: Any = model.model_fields[name].annotation
    stack = [annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, type) and issubclass(current, BaseModel):
            return current
        stack.extend(typing.get_args(current))
    return None


def _label(lang: str, name: str) -> str:
    words = LABELS.get(name)
    return gettext(lang, words) if words else name.replace("_", " ").capitalize()


@dataclass(frozen=True)
class _Sources:
    lang: str
    vocab_choices: Mapping[str, tuple[Labelled, ...]]
    partners: tuple[Labelled, ...]


def _choices_for(src: _Sources, model: type[BaseModel], path: tuple[str, ...],
                 prop: dict[str, Any]) -> tuple[Labelled, ...] | None:
    pattern = tuple("*" if p == "[]" else p for p in path)
    kind = REFERENCES.get(model, {}).get(pattern)
    if kind == "partners":
        return src.partners
    if kind is not None:
        return src.vocab_choices.get(kind, ())
    enum = prop.get("enum")
    if enum:
        out = []
        for value in enum:
            words = LITERAL_WORDS.get(str(value))
            label = str(value)
            if words is not None:
                label = words[0][LANGUAGES.index(src.lang)] if src.lang in LANGUAGES else label
                label = label[:1].upper() + label[1:]
            elif str(value) in REGISTRATION_LABELS:
                label = gettext(src.lang, REGISTRATION_LABELS[str(value)])
            out.append(Labelled(str(value), label))
        return tuple(out)
    return None


def _fields(src: _Sources, root: type[BaseModel], model: type[BaseModel],
            schema: dict[str, Any], defs: Mapping[str, Any], path: tuple[str, ...],
            required_here: frozenset[str]) -> tuple[FormField, ...]:
    lang = src.lang
    out: list[FormField] = []
    properties = schema.get("properties", {})
    for name, info in model.model_fields.items():
        if info.exclude or name not in properties:
            continue
        prop, optional = _resolve(properties[name], defs)
        here = (*path, name)
        dotted = ".".join(p for p in here if p != "[]")
        common: dict[str, Any] = {
            "name": name, "path": dotted, "label": _label(lang, name),
            "help": gettext(lang, HELP[name]) if name in HELP else "",
            "required": name in required_here and not optional,
            "comment": FIELD_HELP.get(name, "") if not path else "",
        }
        if "const" in prop:
            out.append(FormField(kind="constant", value=prop["const"],
                                 choices=(Labelled(json.dumps(prop["const"]),
                                                 gettext(lang, CONSTANT_LABELS[name])
                                                 if name in CONSTANT_LABELS else name),),
                                 **common))
            continue
        if prop.get("$def") == "Text":
            out.append(FormField(kind="texts", multiline=name in MULTILINE, **common))
            continue
        if prop.get("type") == "array" and "prefixItems" in prop:
            out.append(FormField(kind="numbers", **common))  # e.g. coordinates
            continue
        if prop.get("type") == "array":
            item, _ = _resolve(prop.get("items", {}), defs)
            choices = _choices_for(src, root, (*here, "[]"), item)
            if choices is not None:
                out.append(FormField(kind="choices", choices=choices, **common))
                continue
            sub = _model_of(model, name)
            if sub is not None and item.get("properties"):
                children = _fields(src, root, sub, item, defs, (*here, "[]"),
                                   frozenset(item.get("required", ())))
                out.append(FormField(kind="list", children=children, **common))
            continue  # other lists (coordinates) are not asked in the form
        if prop.get("properties"):
            sub = _model_of(model, name)
            if sub is not None:
                children = _fields(src, root, sub, prop, defs, here,
                                   frozenset(prop.get("required", ())))
                out.append(FormField(kind="group", children=children, **common))
            continue
        choices = _choices_for(src, root, here, prop)
        if choices is not None:
            out.append(FormField(kind="choice", choices=choices,
                                 value=prop.get("default"), **common))
        elif prop.get("format") == "date":
            out.append(FormField(kind="date", **common))
        elif "pattern" in prop and ":" in prop["pattern"]:
            out.append(FormField(kind="time", **common))
        elif prop.get("type") == "integer":
            out.append(FormField(kind="integer", value=prop.get("default"), **common))
        elif prop.get("type") == "boolean":
            out.append(FormField(kind="boolean", value=prop.get("default"), **common))
        elif prop.get("type") == "string":
            out.append(FormField(kind="text", **common))
    return tuple(out)


def form_fields(content: ValidContent, lang: str) -> tuple[FormField, ...]:
    """The group's fields as the form asks them, with choices in ``lang``."""
    vocab = content.vocabularies
    schema = group_schema(vocab)
    vocab_choices = {
        kind: tuple(Labelled(key, label.get(lang)) for key, label in getattr(vocab, kind).items())
        for kind in type(vocab).model_fields
    }
    partners = tuple(sorted(
        (Labelled(pid, text_in(p.name, lang, content.site.language_order, pid))
         for pid, p in content.partners.items()), key=lambda c: c.label.casefold()))
    src = _Sources(lang, vocab_choices, partners)
    return _fields(src, Group, Group, schema, schema.get("$defs", {}), (),
                   frozenset(schema.get("required", ())))


_GITHUB = re.compile(r"https://github\.com/([^/\s]+)/([^/\s#?]+?)(?:\.git)?/?\Z")


def repository_parts(url: str | None) -> tuple[str, str] | None:
    """(owner, repository) of a GitHub address, or None."""
    match = _GITHUB.match(url or "")
    return (match.group(1), match.group(2)) if match else None


def page_config(content: ValidContent, lang: str, fields: tuple[FormField, ...],
                existing: tuple[str, ...]) -> str:
    """What the page's script needs, as JSON safe inside a ``<script>`` element."""
    site = content.site
    parts = repository_parts(site.repository)
    rules = {rule: {"message": gettext(lang, RULES[rule].message),
                    "hint": gettext(lang, RULES[rule].hint)} for rule in PAGE_RULES}
    config = {
        "lang": lang,
        # The site's languages, its main one first: the texts' boxes, in this order.
        "languages": list(site.language_order),
        "fields": [f.as_json() for f in fields],
        "labels": {f.path: f.label for f in _walk(fields)},
        "rules": rules,
        # Hashes, not names: the file names of hidden groups are not published (form.js).
        "existing": sorted({fnv1a(slug) for slug in existing}),
        "github": ({"owner": parts[0], "repo": parts[1],
                    "branch": site.repository_branch}
                   if parts else None),
        "today": content.today.isoformat(),
        "maxUrl": 8000,
        "words": {key: gettext(lang, text) for key, text in WORDS.items()},
    }
    text = json.dumps(config, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("</", "<\\/")


def fnv1a(text: str) -> str:
    """The 32-bit FNV-1a hash of an ASCII text, as 8 hex digits (the same in form.js)."""
    value = 0x811C9DC5
    for char in text:
        value ^= ord(char)
        value = (value * 0x01000193) & 0xFFFFFFFF
    return f"{value:08x}"


def _walk(fields: tuple[FormField, ...]) -> list[FormField]:
    out = []
    for f in fields:
        out.append(f)
        out.extend(_walk(f.children))
    return out


# Words the script shows (in the page's language).
WORDS = {
    "or": N_("or"),
    "slugTaken": N_("This file name is already used by another group (or was used by a group "
                    "that has ended). Choose another."),
    "slugFormat": N_("Use 3–60 characters: lowercase letters a–z without ä, ö or å, digits "
                     "and hyphens."),
    "checked": N_("No problems found. Check the file below, then open GitHub."),
    "problems": N_("Fix these before opening GitHub:"),
    "copied": N_("The file is copied. In GitHub's editor, select all the text (Ctrl+A), "
                 "paste (Ctrl+V) and choose Commit changes."),
    "copiedNew": N_("The file is too long to send in the address, so it is copied. Paste it "
                    "into GitHub's editor (Ctrl+V) and choose Commit changes."),
    "copyFailed": N_("Copying did not work: select the text of the file below and copy it "
                     "yourself."),
    "loadFailed": N_("The published groups could not be loaded."),
    "required": N_("This field is required."),
    "remove": N_("Remove"),
}
