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
import datetime as dt
import functools
import io
import json
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from brochure.core import urls
from brochure.core.formatting import meeting_phrase
from brochure.core.i18n import gettext
from brochure.core.languages import LANGUAGES
from brochure.core.models import Facilitator, Group, Label, Phase, Role, Text, Weekday
from brochure.core.schedule import first_day
from brochure.output.exports import Memo, Source, dump, no_memo
from brochure.site.views import ROLES

VERSION = "1.2"


def files(source: Source, memo: Memo = no_memo) -> dict[str, bytes]:
    """groups.json, its schema and groups.csv. Each group's record and its CSV rows are made
    on their own (and kept between builds by ``memo``), and joined as :func:`dump` and
    :func:`groups_csv` would write the whole: an edit makes one group's again."""
    records = [memo(source.group_key(g, "opendata"), functools.partial(_record_json, g, source))
               for g in source.groups]
    rows = [memo(source.group_key(g, "opendata-csv"), functools.partial(_csv_rows, record,
                                                                         source.languages))
            for g, record in zip(source.groups, records, strict=True)]
    # groups.json's keys, sorted as dump writes them: generated_for, groups, version.
    document = (b'{"generated_for":' + dump(source.today.isoformat())[:-1] + b',"groups":['
                + b",".join(records) + b'],"version":' + dump(VERSION)[:-1] + b"}\n")
    return {
        urls.GROUPS_JSON: document,
        urls.GROUPS_SCHEMA: dump(schema(source), indent=2),
        urls.GROUPS_CSV: CSV_START + b"".join(rows),
    }


def _record_json(group: Group, source: Source) -> bytes:
    return dump(group_record(group, source).model_dump(mode="json", exclude_unset=True))[:-1]


def _csv_rows(record: bytes, languages: tuple[str, ...]) -> bytes:
    """One group's rows of groups.csv (one a language), from its record in groups.json."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    data = json.loads(record)
    for lang in languages:
        row = csv_row(data, lang)
        writer.writerow([row[c] for c in COLUMNS])
    return buffer.getvalue().encode("utf-8")


# --- the records ---------------------------------------------------------------------------
# One pydantic model per object of groups.json: the records are made from them, and so is the
# JSON Schema that describes them (``schema``). Each per-language object has one field per
# language of the brochure; a site without one of them leaves it null.

class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Nonempty = Annotated[str, Field(min_length=1)]
Url = Annotated[str, Field(json_schema_extra={"format": "uri"})]
ClockText = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


class Texts(Record):
    """A text per language; null where not written."""

    fi: str | None
    sv: str | None
    en: str | None


class Words(Record):
    """Words in every language (labels, meeting times)."""

    fi: Nonempty
    sv: Nonempty
    en: Nonempty


class Urls(Record):
    fi: Url
    sv: Url
    en: Url


class Labelled(Record):
    id: Nonempty
    labels: Words


class PartnerRecord(Record):
    id: Nonempty
    name: Texts


class Coordinates(Record):
    latitude: Annotated[float, Field(ge=-90, le=90)]
    longitude: Annotated[float, Field(ge=-180, le=180)]


class VenueRecord(Record):
    name: Texts
    address: Nonempty
    street: Texts = Field(description="The street's official name per language, where it "
                                      "has one (null elsewhere).")
    coordinates: Coordinates | None
    accessibility: list[Labelled]


class SeasonRecord(Record):
    start: dt.date
    end: dt.date | None = Field(description="null: ongoing")


class MeetingRecord(Record):
    weekday: Weekday
    start: ClockText
    end: ClockText
    every_weeks: Annotated[int, Field(ge=1)]
    first_day: dt.date = Field(description="First meeting day of the season; every-N-weeks "
                                           "meetings count from it.")
    text: Words


class BreakRecord(Record):
    start: dt.date
    end: dt.date


class ScheduleRecord(Record):
    timezone: Nonempty = Field(description="The time zone of the times (IANA).")
    season: SeasonRecord
    meetings: Annotated[list[MeetingRecord], Field(min_length=1)]
    breaks: list[BreakRecord]


class FacilitatorRecord(Record):
    role: Role
    partner: PartnerRecord
    name: Nonempty | None = Field(default=None, description="Only when the partner gave it.")


class ContactRecord(Record):
    partner: PartnerRecord
    name: str | None
    phone: str | None
    email: Annotated[str, Field(json_schema_extra={"format": "email"})] | None


class Promises(Record):
    free: bool
    referral_required: bool
    anonymous: bool
    registration: Literal["none", "welcome"]


class CancellationRecord(Record):
    date: dt.date
    reason: Texts


class GroupRecord(Record):
    slug: Annotated[str, Field(pattern=r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$",
                               description="Permanent id; also the last part of its address.")]
    urls: Urls
    short_url: Url
    calendars: Urls = Field(description="iCalendar file of the group per language.")
    name: Texts
    summary: Texts
    description: Texts = Field(description="Markdown, as the partner wrote it.")
    municipality: Labelled
    venue: VenueRecord
    schedule: ScheduleRecord
    audiences: list[Labelled]
    activities: list[Labelled]
    languages: list[Labelled] = Field(description="Languages spoken in the group.")
    facilitators: list[FacilitatorRecord]
    phase: Phase
    substitute: Texts
    contact: ContactRecord
    promises: Promises
    max_participants: Annotated[int, Field(ge=1)] | None
    reviewed: dt.date = Field(description="When the partner last checked the data.")
    # Added in 1.x: what the form page needs to update an entry without losing anything.
    code: str | None = Field(description="The group's short code (short links).")
    meets_on_public_holidays: bool
    cancellations: list[CancellationRecord]


class GroupsDocument(Record):
    """Every published group of the brochure in all its languages. Texts are null where not
    written in a language; vocabulary values are ids with labels."""

    version: Literal["1.2"]
    generated_for: dt.date = Field(description="The date the data was built for.")
    groups: list[GroupRecord]


def texts(text: Text | None, languages: tuple[str, ...]) -> Texts:
    """Each language's text, or None where it is not written (or not the site's)."""
    def one(lang: str) -> str | None:
        value = text.get(lang) if text and lang in languages else None
        return value.strip() if value else None
    return Texts(**{lang: one(lang) for lang in LANGUAGES})


def per_language(make: Callable[[str], str]) -> dict[str, str]:
    return {lang: make(lang) for lang in LANGUAGES}


def labelled(key: str, labels: Mapping[str, Label]) -> Labelled:
    label = labels.get(key)
    return Labelled(id=key, labels=Words(**per_language(
        lambda lang: label.get(lang) if label else key)))


def group_record(group: Group, source: Source) -> GroupRecord:
    vocab = source.vocabularies
    langs = source.languages
    venue = group.venue
    schedule = group.schedule

    def partner(pid: str) -> PartnerRecord:
        found = source.partners.get(pid)
        return PartnerRecord(id=pid, name=texts(found.name if found else None, langs))

    def facilitator(f: Facilitator) -> FacilitatorRecord:
        if f.name:
            return FacilitatorRecord(role=f.role, partner=partner(f.partner), name=f.name)
        return FacilitatorRecord(role=f.role, partner=partner(f.partner))

    contact = group.contact
    return GroupRecord(
        slug=group.slug,
        urls=Urls(**per_language(lambda lang: source.absolute(urls.group(lang, group.slug)))),
        short_url=source.absolute(urls.short(group.slug)),
        calendars=Urls(**per_language(
            lambda lang: source.absolute(urls.group_calendar(lang, group.slug)))),
        name=texts(group.name, langs),
        summary=texts(group.summary, langs),
        description=texts(group.description, langs),
        municipality=labelled(group.municipality, vocab.municipalities),
        venue=VenueRecord(
            name=texts(venue.name, langs), address=venue.address,
            street=texts(venue.street, langs),
            coordinates=(Coordinates(latitude=venue.coordinates[0],
                                     longitude=venue.coordinates[1])
                         if venue.coordinates else None),
            accessibility=[labelled(a, vocab.accessibility) for a in venue.accessibility]),
        schedule=ScheduleRecord(
            timezone=source.site.time_zone,
            season=SeasonRecord(start=schedule.season.start, end=schedule.season.end),
            meetings=[MeetingRecord(
                weekday=m.weekday, start=m.start.strftime("%H:%M"),
                end=m.end.strftime("%H:%M"), every_weeks=m.every,
                first_day=first_day(m, schedule.season.start),
                text=Words(**per_language(functools.partial(meeting_phrase, m))))
                for m in schedule.meetings],
            breaks=[BreakRecord(start=b.start, end=b.end) for b in schedule.breaks]),
        audiences=[labelled(a, vocab.audiences) for a in group.audiences],
        activities=[labelled(a, vocab.activities) for a in group.activities],
        languages=[labelled(a, vocab.languages) for a in group.languages],
        facilitators=[facilitator(f) for f in group.facilitators],
        phase=group.phase,
        substitute=texts(group.substitute, langs),
        contact=ContactRecord(partner=partner(contact.partner), name=contact.name,
                              phone=contact.phone, email=contact.email),
        promises=Promises(free=group.free, referral_required=group.referral_required,
                          anonymous=group.anonymous,
                          registration=group.registration),
        max_participants=group.max_participants,
        reviewed=group.reviewed,
        code=group.code,
        meets_on_public_holidays=group.meets_on_public_holidays,
        cancellations=[CancellationRecord(date=c.date, reason=texts(c.reason, langs))
                       for c in group.cancellations],
    )


# --- JSON Schema -------------------------------------------------------------------------

def schema(source: Source) -> dict[str, Any]:
    """JSON Schema (2020-12) of ``groups.json``, generated from the record models; strict
    (no field a consumer does not expect), so a consumer can rely on it."""
    found = GroupsDocument.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": source.absolute(urls.GROUPS_SCHEMA),
        "title": "Low-threshold groups",
        **found,
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


def _csv_start() -> bytes:
    """groups.csv's header row. UTF-8 with a byte order mark, so Excel reads å, ä and ö
    right; CRLF as RFC 4180."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(COLUMNS)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


CSV_START = _csv_start()


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
