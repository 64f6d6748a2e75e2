"""Open data: every published group in all languages as JSON (with a JSON Schema) and as CSV.

``data/groups.json`` keeps each text per language, ``null`` where a partner has not written
it, and every vocabulary value as an id with its labels, so other services can show the
groups in their own way. ``data/groups.csv`` has one row per group and language, for
spreadsheets: texts in that language (empty where missing) and labels instead of ids. The
JSON's ``version`` changes only when its shape does: "1.x" adds fields, "2.0" would change or
remove some.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from brochure.core import urls
from brochure.core.formatting import meeting_phrase
from brochure.core.i18n import gettext
from brochure.core.models import Group, Label, Text
from brochure.core.schedule import first_day
from brochure.output.exports import Source, dump
from brochure.site.views import ROLES

VERSION = "1.1"


def files(source: Source) -> dict[str, bytes]:
    document = groups_document(source)
    return {
        urls.GROUPS_JSON: dump(document),
        urls.GROUPS_SCHEMA: dump(schema(source), indent=2),
        urls.GROUPS_CSV: groups_csv(source, document),
    }


# --- JSON --------------------------------------------------------------------------------

def groups_document(source: Source) -> dict[str, Any]:
    return {
        "version": VERSION,
        "generated_for": source.today.isoformat(),
        "groups": [group_record(g, source) for g in sorted(source.groups,
                                                            key=lambda g: g.slug)],
    }


def texts(text: Text | None, languages: tuple[str, ...]) -> dict[str, str | None]:
    """Each language's text, or None where it is not written."""
    result: dict[str, str | None] = {}
    for lang in languages:
        value = text.get(lang) if text else None
        result[lang] = value.strip() if value else None
    return result


def labelled(key: str, labels: dict[str, Label], languages: tuple[str, ...]) -> dict[str, Any]:
    label = labels.get(key)
    return {"id": key, "labels": {lang: label.get(lang) if label else key
                                  for lang in languages}}


def group_record(group: Group, source: Source) -> dict[str, Any]:
    vocab = source.vocabularies
    langs = source.languages
    venue = group.venue
    schedule = group.schedule

    def partner(pid: str) -> dict[str, Any]:
        found = source.partners.get(pid)
        return {"id": pid, "name": texts(found.name if found else None, langs)}

    facilitators = []
    for f in group.facilitators:
        item: dict[str, Any] = {"role": f.role, "partner": partner(f.partner)}
        if f.name:
            item["name"] = f.name
        facilitators.append(item)
    contact = group.contact
    return {
        "slug": group.slug,
        "urls": {lang: source.absolute(urls.group(lang, group.slug)) for lang in langs},
        "short_url": source.absolute(urls.short(group.slug)),
        "calendars": {lang: source.absolute(urls.group_calendar(lang, group.slug))
                      for lang in langs},
        "name": texts(group.name, langs),
        "summary": texts(group.summary, langs),
        "description": texts(group.description, langs),
        "municipality": labelled(group.municipality, vocab.municipalities, langs),
        "venue": {
            "name": texts(venue.name, langs),
            "address": venue.address,
            "coordinates": ({"latitude": venue.coordinates[0],
                             "longitude": venue.coordinates[1]}
                            if venue.coordinates else None),
            "accessibility": [labelled(a, vocab.accessibility, langs)
                              for a in venue.accessibility],
        },
        "schedule": {
            "timezone": source.site.time_zone,
            "season": {"start": schedule.season.start.isoformat(),
                       "end": schedule.season.end.isoformat() if schedule.season.end
                       else None},
            "meetings": [{
                "weekday": m.weekday,
                "start": m.start.strftime("%H:%M"),
                "end": m.end.strftime("%H:%M"),
                "every_weeks": m.every,
                "first_day": first_day(m, schedule.season.start).isoformat(),
                "text": {lang: meeting_phrase(m, lang) for lang in langs},
            } for m in schedule.meetings],
            "breaks": [{"start": b.start.isoformat(), "end": b.end.isoformat()}
                       for b in schedule.breaks],
        },
        "audiences": [labelled(a, vocab.audiences, langs) for a in group.audiences],
        "activities": [labelled(a, vocab.activities, langs) for a in group.activities],
        "languages": [labelled(a, vocab.languages, langs) for a in group.languages],
        "facilitators": facilitators,
        "phase": group.phase,
        "substitute": texts(group.substitute, langs),
        "contact": {
            "partner": partner(contact.partner),
            "name": contact.name,
            "phone": contact.phone,
            "email": contact.email,
        },
        "promises": {
            "free": group.free,
            "referral_required": group.referral_required,
            "anonymous": group.anonymous,
            "registration": group.registration,
        },
        "max_participants": group.max_participants,
        "reviewed": group.reviewed.isoformat(),
        # Added in 1.x: what the form page needs to update an entry without losing anything.
        "code": group.code,
        "meets_on_public_holidays": group.meets_on_public_holidays,
        "cancellations": [{"date": c.date.isoformat(), "reason": texts(c.reason, langs)}
                          for c in group.cancellations],
    }


# --- JSON Schema -------------------------------------------------------------------------

def schema(source: Source) -> dict[str, Any]:
    """JSON Schema (2020-12) of ``groups.json``; strict, so a consumer can rely on it."""
    langs = list(source.languages)

    def obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
        return {"type": "object", "properties": properties,
                "required": sorted(properties) if required is None else required,
                "additionalProperties": False}

    string = {"type": "string", "minLength": 1}
    nullable = {"type": ["string", "null"]}
    date = {"type": "string", "format": "date"}
    url = {"type": "string", "format": "uri"}
    clock = {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"}
    per_language = {lang: url for lang in langs}
    weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": source.absolute(urls.GROUPS_SCHEMA),
        "title": "Low-threshold groups",
        "description": ("Every published group of the brochure in all its languages. Texts "
                        "are null where not written in a language; vocabulary values are "
                        "ids with labels."),
        **obj({
            "version": {"const": VERSION},
            "generated_for": {**date, "description": "The date the data was built for."},
            "groups": {"type": "array", "items": {"$ref": "#/$defs/group"}},
        }),
        "$defs": {
            "text": {**obj({lang: nullable for lang in langs}),
                     "description": "A text per language; null where not written."},
            "labelled": obj({"id": string, "labels": obj({lang: string for lang in langs})}),
            "partner": obj({"id": string, "name": {"$ref": "#/$defs/text"}}),
            "group": obj({
                "slug": {"type": "string", "pattern": "^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$",
                         "description": "Permanent id; also the last part of its address."},
                "urls": obj(per_language),
                "short_url": url,
                "calendars": {**obj(per_language),
                              "description": "iCalendar file of the group per language."},
                "name": {"$ref": "#/$defs/text"},
                "summary": {"$ref": "#/$defs/text"},
                "description": {"$ref": "#/$defs/text",
                                "description": "Markdown, as the partner wrote it."},
                "municipality": {"$ref": "#/$defs/labelled"},
                "venue": obj({
                    "name": {"$ref": "#/$defs/text"},
                    "address": string,
                    "coordinates": {"oneOf": [
                        {"type": "null"},
                        obj({"latitude": {"type": "number", "minimum": -90, "maximum": 90},
                             "longitude": {"type": "number", "minimum": -180,
                                           "maximum": 180}}),
                    ]},
                    "accessibility": {"type": "array",
                                      "items": {"$ref": "#/$defs/labelled"}},
                }),
                "schedule": obj({
                    "timezone": {"const": source.site.time_zone},
                    "season": obj({"start": date, "end": {"oneOf": [date, {"type": "null"}],
                                                          "description": "null: ongoing"}}),
                    "meetings": {"type": "array", "minItems": 1, "items": obj({
                        "weekday": {"enum": weekdays},
                        "start": clock,
                        "end": clock,
                        "every_weeks": {"type": "integer", "minimum": 1},
                        "first_day": {**date, "description": (
                            "First meeting day of the season; every-N-weeks meetings "
                            "count from it.")},
                        "text": obj({lang: string for lang in langs}),
                    })},
                    "breaks": {"type": "array", "items": obj({"start": date, "end": date})},
                }),
                "audiences": {"type": "array", "items": {"$ref": "#/$defs/labelled"}},
                "activities": {"type": "array", "items": {"$ref": "#/$defs/labelled"}},
                "languages": {"type": "array", "items": {"$ref": "#/$defs/labelled"},
                              "description": "Languages spoken in the group."},
                "facilitators": {"type": "array", "items": obj({
                    "role": {"enum": sorted(ROLES)},
                    "partner": {"$ref": "#/$defs/partner"},
                    "name": string,
                }, required=["partner", "role"])},
                "phase": {"enum": ["established", "pilot"]},
                "substitute": {"$ref": "#/$defs/text"},
                "contact": obj({
                    "partner": {"$ref": "#/$defs/partner"},
                    "name": nullable,
                    "phone": nullable,
                    "email": {"oneOf": [{"type": "string", "format": "email"},
                                        {"type": "null"}]},
                }),
                "promises": obj({
                    "free": {"type": "boolean"},
                    "referral_required": {"type": "boolean"},
                    "anonymous": {"type": "boolean"},
                    "registration": {"enum": ["none", "welcome"]},
                }),
                "max_participants": {"type": ["integer", "null"], "minimum": 1},
                "reviewed": {**date, "description": "When the partner last checked the data."},
                "code": {**nullable, "description": "The group's short code (short links)."},
                "meets_on_public_holidays": {"type": "boolean"},
                "cancellations": {"type": "array", "items": obj({
                    "date": date, "reason": {"$ref": "#/$defs/text"}})},
            }),
        },
    }


# --- CSV ---------------------------------------------------------------------------------

COLUMNS = (
    "slug", "language", "url", "name", "summary", "description", "municipality_id",
    "municipality", "venue", "address", "latitude", "longitude", "accessibility",
    "season_start", "season_end", "meetings", "breaks", "audiences", "activities",
    "languages", "facilitators", "contact_partner", "contact_name", "contact_phone",
    "contact_email", "free", "referral_required", "anonymous", "registration",
    "max_participants", "phase", "reviewed", "short_url", "calendar",
)


def groups_csv(source: Source, document: dict[str, Any]) -> bytes:
    """UTF-8 with a byte order mark, so Excel reads å, ä and ö right; CRLF as RFC 4180."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for record in document["groups"]:
        for lang in source.languages:
            row = csv_row(record, lang)
            writer.writerow([row[c] for c in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_row(record: dict[str, Any], lang: str) -> dict[str, str]:
    def labels(items: list[dict[str, Any]]) -> str:
        return "; ".join(i["labels"][lang] for i in items)

    def flag(value: bool) -> str:
        return "yes" if value else "no"

    def partner_name(partner: dict[str, Any]) -> str:
        # A name is needed in every row: the language's own, else the first one written.
        names = partner["name"]
        return str(names[lang] or next((n for n in names.values() if n), partner["id"]))

    venue, schedule, contact = record["venue"], record["schedule"], record["contact"]
    coordinates = venue["coordinates"] or {}
    facilitators = "; ".join(
        f"{gettext(lang, ROLES[f['role']])} ({partner_name(f['partner'])})"
        + (f": {f['name']}" if "name" in f else "")
        for f in record["facilitators"])
    return {
        "slug": record["slug"],
        "language": lang,
        "url": record["urls"][lang],
        "name": record["name"][lang] or "",
        "summary": record["summary"][lang] or "",
        "description": record["description"][lang] or "",
        "municipality_id": record["municipality"]["id"],
        "municipality": record["municipality"]["labels"][lang],
        "venue": venue["name"][lang] or "",
        "address": venue["address"],
        "latitude": str(coordinates.get("latitude", "")),
        "longitude": str(coordinates.get("longitude", "")),
        "accessibility": labels(venue["accessibility"]),
        "season_start": schedule["season"]["start"],
        "season_end": schedule["season"]["end"] or "",
        "meetings": "; ".join(m["text"][lang] for m in schedule["meetings"]),
        "breaks": "; ".join(f"{b['start']}/{b['end']}" for b in schedule["breaks"]),
        "audiences": labels(record["audiences"]),
        "activities": labels(record["activities"]),
        "languages": labels(record["languages"]),
        "facilitators": facilitators,
        "contact_partner": partner_name(contact["partner"]),
        "contact_name": contact["name"] or "",
        "contact_phone": contact["phone"] or "",
        "contact_email": contact["email"] or "",
        "free": flag(record["promises"]["free"]),
        "referral_required": flag(record["promises"]["referral_required"]),
        "anonymous": flag(record["promises"]["anonymous"]),
        "registration": record["promises"]["registration"],
        "max_participants": str(record["max_participants"] or ""),
        "phase": record["phase"],
        "reviewed": record["reviewed"],
        "short_url": record["short_url"],
        "calendar": record["calendars"][lang],
    }
