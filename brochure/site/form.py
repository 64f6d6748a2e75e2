"""The form page "Lisää tai päivitä ryhmä": a group's fields for partners who do not write YAML.

Part of the site model stage. The fields are read from the group model and from the same
JSON Schema the editors use (:func:`brochure.check.schema.group_schema`: vocabulary ids as enums,
the promises as constants), so a field added to :class:`brochure.core.models.Group` appears in the
form without changes here; only its label, help, comment and place are words of this module.
The first screen asks what every entry needs; the rest opens on demand (:data:`ON_DEMAND`).
The page's script (``static/form.js``) reads the same field tree (embedded as JSON), writes the
file, and checks it with the checker (``static/group-checker.js`` with the rules' data of
:mod:`brochure.site.form_rules`), showing each problem in the words of :data:`FORM_MESSAGES`.

Long on purpose: most of it is the form's words (labels, help, comments by field
path), kept beside the field tree they label.
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel

from brochure.check.content import ValidContent
from brochure.check.fields import FIELD_LABELS
from brochure.check.lenient import REFERENCES
from brochure.check.schema import group_schema
from brochure.core import urls
from brochure.core.choices import LITERAL_CHOICES, REGISTRATION_CHOICES, by_value
from brochure.core.formatting import capitalise
from brochure.core.i18n import N_, gettext
from brochure.core.languages import AUTONYMS, LANGUAGE_NAMES, language, text_in
from brochure.core.models import Group
from brochure.site.form_rules import checker_config
from brochure.site.views import Labelled

# Field names partners see, by their path in the file (list indexes left out): the checker's
# words for the fields (brochure.check.fields, one table for the form and the messages), and
# the form's own for what it asks as one field (a meeting's time, "13.00–15.00"). A new field
# falls back to its own name.
LABELS = {
    **FIELD_LABELS,
    "schedule.meetings.time": N_("Time"),
}
HELP = {
    "summary": N_("One short sentence, at most 160 characters."),
    "description": N_("What happens in the group and how to join. An empty line starts a new "
                      "paragraph; a list item starts with '- '."),
    "venue.accessibility": N_("Tick what the place has."),
    "venue.coordinates": N_("Only if the address is hard to find on a map: e.g. 63.8385, "
                            "23.1307."),
    "venue.street": N_("Only where the street has an official name in that language, such as "
                       "Kyrkogatan 3 for Kirkkokatu 3 in Kokkola."),
    "schedule.next_season": N_("While the group is between seasons, its page says when the "
                               "next one starts."),
    "schedule.season.start": N_("The first day of the group's season, e.g. 1.9.2026."),
    "schedule.season.end": N_("Leave empty if the group goes on."),
    "schedule.meetings.time": N_("From when to when, e.g. 13.00–15.00."),
    "schedule.breaks": N_("Dates when the group does not meet, e.g. Christmas."),
    "facilitators": N_("A group is run by a pair from two different partner organisations. "
                       "While the group is new (pilot), at least one of them is a "
                       "professional; once it is established, both may be experience "
                       "experts."),
    "facilitators.name": N_("Only with the facilitator's consent: the name is published on "
                            "the group's page. Leave it empty and the role and organisation "
                            "are shown."),
    "contact.name": N_("Only with the person's consent: the name is published on the group's "
                       "page."),
    "substitute": N_("How a substitute is found when a facilitator falls ill."),
    "phase": N_("Pilot: the group is new. Established: it has been running well."),
    "audiences": N_("Whom the group especially welcomes; nobody is excluded."),
    "contact": N_("A phone number or an email address, or both."),
    "contact.partner": N_("The organisation that answers the phone or the email."),
    "reviewed": N_("Today's date when you have checked the details."),
    "cancellations": N_("A single meeting that does not take place, with the reason "
                        "participants see."),
    "meets_on_public_holidays": N_("Public holidays such as Ascension Day: if the group "
                                   "does not meet on them, they are left out of its dates."),
    "code": N_("The group's short link for print and phone, r/<code>/. The form chooses a "
               "free one."),
}
# The comment above each field in the file the form writes, in the page's language.
COMMENTS = {
    "name": N_("The group's name: Finnish is required, Swedish and English are welcome."),
    "summary": N_("One sentence, at most 160 characters."),
    "description": N_("What happens in the group and how to join."),
    "municipality": N_("The municipality where the group meets."),
    "venue": N_("Where: the place's name, address and accessibility."),
    "schedule": N_("The season, the meetings and the breaks."),
    "audiences": N_("Whom the group especially welcomes (it excludes nobody)."),
    "activities": N_("What the group does."),
    "languages": N_("Languages spoken in the group."),
    "facilitators": N_("The facilitator pair: two facilitators from two organisations."),
    "phase": N_("pilot: the group is new (one facilitator is a professional); established."),
    "substitute": N_("How a substitute is found when a facilitator falls ill."),
    "contact": N_("The contact: the organisation, and a phone number or an email."),
    "free": N_("The promises of a low-threshold group: free, no referral, anonymous."),
    "registration": N_("none: no registration; welcome: advance notice is welcome."),
    "max_participants": N_("At most this many participants (optional)."),
    "reviewed": N_("The day the details were last checked."),
    "code": N_("The short link r/<code>/: never changes."),
    "meets_on_public_holidays": N_("true if the group meets on public holidays too."),
    "cancellations": N_("Cancelled meetings: the date and the reason."),
}
CONSTANT_LABELS = {
    "free": N_("The group is free of charge."),
    "referral_required": N_("No referral is needed."),
    "anonymous": N_("Participants may stay anonymous."),
}
# What opens on demand: everything else is on the first screen. (Translations of every text
# also open on demand: the first screen asks the page's language, or Finnish.)
ON_DEMAND = frozenset({
    "venue.accessibility", "venue.coordinates", "venue.street", "schedule.season.end",
    "schedule.next_season", "schedule.breaks",
    "schedule.meetings.every", "activities", "facilitators.name", "substitute",
    "contact.name", "max_participants", "code", "meets_on_public_holidays", "cancellations",
    "reviewed",
})
MULTILINE = frozenset({"description", "substitute"})
# What a new entry starts with (the partner sees and may change each).
SUBSTITUTE = N_("If a facilitator falls ill, their organisation or the other facilitator's "
                "organisation finds a substitute.")
DEFAULT_ROLES = ("professional", "experience-expert")

# Each rule's message in the form: names the field by its label, includes the value, never
# asks for quotes or YAML. %(label)s is the field's label; other names are the rule's.
FORM_MESSAGES = {
    "missing-field": N_("%(label)s: this is needed."),
    "finnish-required": N_("%(label)s: the text is needed in this language."),
    "empty-text": N_("%(label)s: the text is empty."),
    "wrong-type": N_("%(label)s: '%(value)s' cannot be used here."),
    "invalid-value": N_("%(label)s: '%(value)s' is not one of the choices."),
    "unknown-municipality": N_("%(label)s: '%(value)s' is not one of the choices."),
    "unknown-audience": N_("%(label)s: '%(value)s' is not one of the choices."),
    "unknown-activity": N_("%(label)s: '%(value)s' is not one of the choices."),
    "unknown-accessibility-feature": N_("%(label)s: '%(value)s' is not one of the choices."),
    "unknown-language": N_("%(label)s: '%(value)s' is not one of the choices."),
    "unknown-partner": N_("%(label)s: '%(value)s' is not a partner organisation of the "
                          "brochure. Choose one from the list; a new partner contacts the "
                          "coordinator first."),
    "duplicate-value": N_("%(label)s: '%(value)s' is chosen twice."),
    "time-format": N_("%(label)s: '%(value)s' is not a time of day. Write it like 13.00, from "
                      "0.00 to 23.59."),
    "date-format": N_("%(label)s: '%(value)s' is not a date. Write it like 1.9.2026."),
    "invalid-date": N_("%(label)s: there is no such day as %(value)s."),
    "time-order": N_("%(label)s: the meeting ends (%(end)s) before or when it starts "
                     "(%(start)s)."),
    "season-order": N_("%(label)s: the season ends (%(end)s) before it starts (%(start)s)."),
    "break-order": N_("%(label)s: the break ends (%(end)s) before it starts (%(start)s)."),
    "break-outside-season": N_("%(label)s: the break %(value)s is outside the season "
                               "(%(start)s – %(end)s)."),
    "no-meetings": N_("Add at least one meeting: the day of the week and the time."),
    "every-range": N_("%(label)s: %(value)s cannot be used; choose every week, every other "
                      "week, every third or every fourth week."),
    "two-facilitators": N_("%(label)s: a group is run by two facilitators; this one has "
                           "%(count)s."),
    "facilitators-same-organisation": N_("%(label)s: both are from %(partner)s. The pair comes "
                                         "from two organisations: choose another one for one "
                                         "of them."),
    "pilot-needs-professional": N_("%(label)s: a new group (pilot) needs a professional as one "
                                   "of its facilitators. Set one facilitator's role to "
                                   "professional, or choose established if the group has "
                                   "been running well."),
    "contact-missing": N_("%(label)s: give a phone number or an email address, or both."),
    "phone-invalid": N_("%(label)s: '%(value)s' is not a phone number. Write it like "
                        "040 123 4567, or in the international form starting with +."),
    "phone-letter": N_("%(label)s: '%(value)s' has the letter '%(letter)s' among its digits. "
                       "Write the number in digits only, like 040 123 4567."),
    "email-invalid": N_("%(label)s: '%(value)s' is not an email address. Write it like "
                        "name@example.fi."),
    "number-range": N_("%(label)s: '%(value)s' cannot be used; write a number from %(min)s to "
                       "%(max)s, or leave it empty."),
    "coordinates-range": N_("%(label)s: %(value)s is outside the brochure's region. Write the "
                            "latitude first, then the longitude, e.g. %(example)s."),
    "summary-too-long": N_("%(label)s (%(language)s) has %(length)s characters; at most "
                           "%(limit)s fit. Write one short sentence: the details belong in "
                           "the description."),
    "name-too-long": N_("%(label)s (%(language)s) has %(length)s characters; at most %(limit)s "
                        "fit on the page."),
    "missing-translation": N_("Text in %(language)s is missing: %(fields)s. Add it if you can; "
                              "until then the Finnish text is shown."),
    "two-addresses": N_("%(label)s: '%(value)s' seems to name two places. Give one address, "
                        "and tell about the other place in the description."),
    "html-in-text": N_("%(label)s: the text has HTML (%(tag)s), which the page leaves out. "
                       "Write plain text."),
    "image-in-text": N_("%(label)s: the text has an image, which the brochure does not show."),
    "table-in-text": N_("%(label)s: a table would show as lines of | characters. Write "
                        "sentences, or a list with each item on a line of its own starting "
                        "with a dash."),
    "bullet-character": N_("%(label)s: start each list item on a line of its own with a dash "
                           "and a space instead of %(char)s."),
    "typographic-quotes": N_("%(label)s: the text is inside quotation marks, which would be "
                             "shown: %(value)s."),
    "season-ended": N_("%(label)s: the season ended on %(end)s, so the group is not shown. "
                       "Start a new season, or give the new season's dates."),
    "season-ending-soon": N_("%(label)s: the season ends on %(end)s, in %(days)s days. If the "
                             "group goes on, give the next season's dates."),
    "review-overdue": N_("%(label)s: the details were last checked on %(reviewed)s, so the "
                         "group is not shown. Check them: the date becomes today's."),
    "reviewed-in-future": N_("%(label)s: %(reviewed)s is in the future."),
    "public-holidays-in-season": N_("%(label)s: public holidays fall on the meeting days "
                                    "(%(holidays)s). Say whether the group meets on them."),
    "cancellation-outside-season": N_("%(label)s: %(value)s is outside the season (%(start)s – "
                                      "%(end)s)."),
    "cancellation-not-meeting-day": N_("%(label)s: the group does not meet on %(value)s, so "
                                       "there is no meeting to cancel."),
    "cancellation-duplicate": N_("%(label)s: %(value)s is cancelled twice."),
    "cancellation-reason-missing": N_("%(label)s: tell why the meeting of %(value)s is "
                                      "cancelled; participants see the reason."),
    "code-format": N_("%(label)s: '%(value)s' cannot be used; the form gives the group a free "
                      "code."),
    "code-duplicate": N_("%(label)s: '%(value)s' is already used by another group."),
    "code-missing": N_("%(label)s: the group has no short code yet; the form gives it one."),
    "slug-format": N_("%(label)s: '%(value)s' cannot be used. Use 3–60 characters: lowercase "
                      "letters a–z without ä, ö or å, digits and hyphens."),
    "slug-retired": N_("%(label)s: '%(value)s' belonged to a group that has ended, and is not "
                       "given again. Choose another."),
    "slug-duplicate": N_("%(label)s: '%(value)s' is already used by another group."),
    "unknown-field": N_("The file has a field the form does not know: '%(field)s'. It is kept "
                        "as it is; the coordinator will look at it."),
}


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
    on_demand: bool = False
    choices: tuple[Labelled, ...] = ()
    children: tuple[FormField, ...] = ()
    value: Any = None  # a constant's value, or a default
    # A text's boxes, one a language (empty: the site's languages); the others' values are
    # kept unseen, so a loaded file comes back unchanged.
    languages: tuple[str, ...] = ()
    comment: str = ""  # the comment written above the field in the file, in the page's language

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


def field_label(lang: str, path: str) -> str:
    """A field's label in ``lang`` (by its path without list indexes)."""
    words = LABELS.get(path)
    name = path.rsplit(".", 1)[-1]
    return gettext(lang, words) if words else name.replace("_", " ").capitalize()


@dataclass(frozen=True)
class _Sources:
    lang: str
    vocab_choices: Mapping[str, tuple[Labelled, ...]]
    partners: tuple[Labelled, ...]
    text_languages: Mapping[str, tuple[str, ...]]  # a text's boxes, by its path


_FIXED = by_value((*LITERAL_CHOICES, *REGISTRATION_CHOICES))


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
            choice = _FIXED.get(str(value))
            text = str(value)
            if choice is not None and choice.label is not None:
                text = gettext(src.lang, choice.label)
            elif choice is not None:
                text = capitalise(choice.name(src.lang))
            out.append(Labelled(str(value), text))
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
            "name": name, "path": dotted, "label": field_label(lang, dotted),
            "help": gettext(lang, HELP[dotted]) if dotted in HELP else "",
            "required": name in required_here and not optional,
            "on_demand": dotted in ON_DEMAND,
            "comment": gettext(lang, COMMENTS[name]) if not path and name in COMMENTS else "",
        }
        if "const" in prop:
            out.append(FormField(kind="constant", value=prop["const"],
                                 choices=(Labelled(json.dumps(prop["const"]),
                                                 gettext(lang, CONSTANT_LABELS[name])
                                                 if name in CONSTANT_LABELS else name),),
                                 **common))
            continue
        if prop.get("$def") == "Text":
            out.append(FormField(kind="texts", multiline=name in MULTILINE,
                                 languages=src.text_languages.get(dotted, ()), **common))
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
            elif item.get("anyOf"):  # breaks: a date, or a start and an end
                objects = [p for p in item["anyOf"] if p.get("properties")]
                sub = _model_of(model, name)
                if objects and sub is not None:
                    children = _fields(src, root, sub, objects[0], defs, (*here, "[]"),
                                       frozenset(objects[0].get("required", ())))
                    out.append(FormField(kind="list", children=children, **common))
            continue
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
        elif prop.get("type") == "string" or name == "code":
            out.append(FormField(kind="text", **common))
    return tuple(out)


def form_fields(content: ValidContent, lang: str) -> tuple[FormField, ...]:
    """The group's fields as the form asks them, with choices in ``lang``."""
    vocab = content.vocabularies
    schema = group_schema(vocab)
    vocab_choices = {
        kind: tuple(Labelled(key, label.get(lang)) for key, label in labels.items())
        for kind, labels in vocab.labelled().items()
    }
    partners = tuple(sorted(
        (Labelled(pid, text_in(p.name, lang, content.site.language_order, pid))
         for pid, p in content.partners.items()), key=lambda c: c.label.casefold()))
    # A venue's street: its main language's name is in the address, so only the other
    # languages the region names streets in are asked.
    order = content.site.language_order
    named = content.site.street_languages or order
    streets = tuple(code for code in order[1:] if code in named)
    src = _Sources(lang, vocab_choices, partners, {"venue.street": streets})
    return _fields(src, Group, Group, schema, schema.get("$defs", {}), (),
                   frozenset(schema.get("required", ())))


_GITHUB = re.compile(r"https://github\.com/([^/\s]+)/([^/\s#?]+?)(?:\.git)?/?\Z")


def repository_parts(url: str | None) -> tuple[str, str] | None:
    """(owner, repository) of a GitHub address, or None."""
    match = _GITHUB.match(url or "")
    return (match.group(1), match.group(2)) if match else None


def _walk(fields: tuple[FormField, ...]) -> list[FormField]:
    out = []
    for f in fields:
        out.append(f)
        out.extend(_walk(f.children))
    return out


@dataclass(frozen=True)
class FormGroup:
    """A group the form can update: published, or kept out of the brochure (and why)."""

    slug: str
    name: str
    status: str  # "published", or the rule that hides it (season-ended, review-overdue)
    source: str  # the address of its published file


def form_groups(content: ValidContent, lang: str) -> tuple[FormGroup, ...]:
    """Every valid group, hidden and ended ones included, by name in ``lang``."""
    out = []
    for slug, group in content.groups.items():
        name = text_in(group.name, lang, content.site.language_order, slug)
        out.append(FormGroup(slug, name, content.hidden.get(slug, "published"),
                             urls.group_source(slug)))
    return tuple(sorted(out, key=lambda g: (g.name.casefold(), g.slug)))


def page_config(content: ValidContent, lang: str, fields: tuple[FormField, ...],
                groups: tuple[FormGroup, ...]) -> str:
    """What the page's script needs, as JSON safe inside a ``<script>`` element."""
    site = content.site
    parts = repository_parts(site.repository)
    all_fields = _walk(fields)
    config = {
        "lang": lang,
        # The site's languages, its main one first: the texts' boxes, in this order.
        "languages": list(site.language_order),
        "languageNames": {code: gettext(lang, name) for code, name in LANGUAGE_NAMES.items()},
        "autonyms": AUTONYMS,
        "clock": {"separator": language(lang).clock.separator,
                  "hourDigits": language(lang).clock.hour_digits},
        "numericDates": language(lang).numeric_dates,
        "fields": [f.as_json() for f in fields],
        "labels": {**{path: gettext(lang, words) for path, words in LABELS.items()},
                   **{f.path: f.label for f in all_fields},
                   "slug": gettext(lang, N_("File name"))},
        "formMessages": {rule: gettext(lang, text) for rule, text in FORM_MESSAGES.items()},
        "checker": checker_config(content, lang),
        "groups": [{"slug": g.slug, "name": g.name, "status": g.status, "source": g.source}
                   for g in groups],
        "github": ({"owner": parts[0], "repo": parts[1], "branch": site.repository_branch}
                   if parts else None),
        "coordinator": site.coordinator.email,
        "today": content.today.isoformat(),
        "maxUrl": 8000,
        # Longer mailto: addresses are cut off or refused by some mail programs (near 2,000
        # characters): a longer entry is copied or downloaded and attached instead.
        "maxMail": MAX_MAIL_URL,
        "defaults": {
            "substitute": {code: gettext(code, SUBSTITUTE) for code in site.language_order},
            "roles": list(DEFAULT_ROLES),
            "phase": "pilot",
            "registration": "none",
        },
        "words": {key: gettext(lang, text) for key, text in WORDS.items()},
    }
    text = json.dumps(config, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # Data, never markup: no '<', '>' or '&' can end the script element or start anything.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# The longest mailto: address the form makes; a longer entry goes as a pasted text or file.
MAX_MAIL_URL = 1800

# What to write to the coordinator (the route without GitHub and without scripts).
MAIL_ITEMS = (
    N_("the group's name and one sentence about it"),
    N_("the municipality, the meeting place and its street address"),
    N_("the day of the week, the time, and the date the group starts"),
    N_("whom the group especially welcomes, and the languages spoken"),
    N_("the organisations and roles of the two facilitators (names only with their consent)"),
    N_("a phone number or an e-mail address for questions"),
)
MAIL_SUBJECT = N_("A group for the brochure")
MAIL_BODY = N_("Hello,\n\nplease add (or update) this group in the brochure:\n")


def mail_link(address: str, subject: str, body: str) -> str:
    """A mailto: address with the subject and the body filled in (RFC 6068)."""
    return (f"mailto:{quote(address, safe='@')}?subject={quote(subject, safe='')}"
            f"&body={quote(body, safe='')}")


def coordinator_mail(content: ValidContent, lang: str) -> tuple[str | None, tuple[str, ...]]:
    """The mailto: link to the coordinator with what to write, and the list itself."""
    items = tuple(gettext(lang, item) for item in MAIL_ITEMS)
    address = content.site.coordinator.email
    if not address:
        return None, items
    body = gettext(lang, MAIL_BODY) + "".join(f"\n- {item}:\n" for item in items)
    return mail_link(address, gettext(lang, MAIL_SUBJECT), body), items


# Words the script shows (in the page's language).
WORDS = {
    "or": N_("or"),
    "slugTaken": N_("This file name is already used by another group (or was used by a group "
                    "that has ended). Choose another."),
    "checked": N_("No problems found. Check the file below, then send it."),
    "checkedWarnings": N_("The entry can be sent. These are worth fixing, but do not stop it:"),
    "problems": N_("Fix these before sending:"),
    "copied": N_("The file is copied. In GitHub's editor, select all the text (Ctrl+A), "
                 "paste (Ctrl+V) and choose Commit changes."),
    "copiedNew": N_("The file is too long to send in the address, so it is copied. Paste it "
                    "into GitHub's editor (Ctrl+V) and choose Commit changes."),
    "copyFailed": N_("Copying did not work: select the text of the file below and copy it "
                     "yourself."),
    "loadFailed": N_("The group's file could not be loaded."),
    "remove": N_("Remove"),
    "published": N_("The form's copy of this group was published on %(date)s. If the group "
                    "was changed after that, the change is not in it yet."),
    "ended": N_("This group's season has ended, so it is not shown in the brochure."),
    "overdue": N_("This group's details have not been checked for a long time, so it is not "
                  "shown in the brochure."),
    "hiddenGroup": N_("not shown"),
    "changes": N_("What changes"),
    "noChanges": N_("Nothing has been changed yet."),
    "added": N_("added"),
    "removed": N_("removed"),
    "wholeFile": N_("The file is written anew (its layout could not be kept)."),
    "fileOk": N_("The file can be read and has no errors."),
    "fileErrors": N_("The file has %(count)s errors:"),
    "fileUnreadable": N_("The file cannot be read:"),
    "line": N_("line %(line)s"),
    "loaded": N_("The file is in the form now. Check it and send it."),
    "restored": N_("The entry from the link is in the form. Check it, then open GitHub."),
    "mailSubjectNew": N_("New group for the brochure: %(name)s"),
    "mailSubjectChange": N_("Change to the group %(name)s"),
    "mailIntro": N_("Hello,\n\nplease add this entry to the brochure. The link opens it in "
                    "the brochure's form, checked, with a button for GitHub:"),
    "mailSummary": N_("In short:"),
    "mailLongIntro": N_("Hello,\n\nplease add this entry to the brochure. It is too long for a "
                        "link in an e-mail, so it is pasted below or attached as the file "
                        "%(file)s. (The brochure's form checks it under \"Check a finished "
                        "file\".)"),
    "mailPasteHere": N_("[Paste the copied entry here (Ctrl+V), or attach the downloaded file "
                        "%(file)s, and delete this line.]"),
    "mailCopied": N_("The entry is copied. Now choose Send to the coordinator and paste it "
                     "into the message (Ctrl+V)."),
    "linkBroken": N_("The entry in this link could not be opened: the link may have been cut "
                     "short. Ask the sender for the entry as a file."),
    "restartDone": N_("The new season starts today; check its dates and the other details."),
}
