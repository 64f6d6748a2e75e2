"""Open Referral HSDS 3.0 (Human Services Data Specification), one dataset per language.

``data/hsds/<lang>/services.json`` is what an HSDS API answers to ``GET /services?full=true``:
one page holding every published group as a fully nested service (its organization, the
venue as a location with address and accessibility, one schedule per meeting line, the
municipality as service area, spoken languages, a cost option of 0 EUR, contacts and phones,
``assured_date`` from ``reviewed``; audiences and activities as attributes with taxonomy
terms). ``organizations.json`` answers ``GET /organizations``: every partner.

Identifiers must be UUIDs: they are derived (UUID 5) from the site's address and a stable key
such as the group's slug, so they never change between builds and are the same in every
language, and a consumer can join the language versions.

HSDS describes a schedule's times with a single UTC offset, which cannot follow the clock
changes of a season; ``opens_at``/``closes_at`` are therefore local Finnish time, said so in
each schedule's ``notes``, and ``schedule_link`` points to the group's calendar file, whose
times carry the full time zone.
"""

from __future__ import annotations

import functools
import re
import uuid
from typing import Any

import phonenumbers

from brochure.core import urls
from brochure.core.formatting import date_range, long_date, meeting_phrase
from brochure.core.i18n import N_, gettext
from brochure.core.languages import local
from brochure.core.models import Group, Label, Partner
from brochure.core.schedule import first_day
from brochure.output.exports import Memo, Source, dump, no_memo

BYDAY = {"monday": "MO", "tuesday": "TU", "wednesday": "WE", "thursday": "TH",
         "friday": "FR", "saturday": "SA", "sunday": "SU"}
_ADDRESS = re.compile(r"(?P<street>.+?),\s*(?P<postal>[0-9]{5})\s+(?P<city>.+)\Z")
TAXONOMIES = {
    "audiences": (N_("Especially welcome"),
                  N_("Whom a group especially welcomes. Every group is open to all.")),
    "activities": (N_("Activities"), N_("What the participants do together in a group.")),
}


def files(source: Source, memo: Memo = no_memo) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for lang in source.languages:
        export = Dataset(source, lang)
        # Each service is serialised on its own (and kept between builds by ``memo``); the
        # list is joined as ``dump`` would write it: sorted keys put "contents" first.
        services = [memo(source.group_key(g, "hsds", lang),
                         functools.partial(_service_json, export, g)) for g in source.groups]
        rest = dump({k: v for k, v in page([{}] * len(services)).items() if k != "contents"})
        out[urls.hsds(lang, "services.json")] = (
            b'{"contents":[' + b",".join(services) + b"]," + rest[1:])
        out[urls.hsds(lang, "organizations.json")] = dump(page(export.organizations()))
    return out


def _service_json(export: Dataset, group: Group) -> bytes:
    return dump(export.service(group))[:-1]


def page(contents: list[dict[str, Any]]) -> dict[str, Any]:
    """The single page of a paginated HSDS API answer (openapi.json's ``Page``)."""
    return {"total_items": len(contents), "total_pages": 1, "page_number": 1,
            "size": len(contents), "first_page": True, "last_page": True,
            "empty": not contents, "contents": contents}


class Dataset:
    """The HSDS records of one language."""

    def __init__(self, source: Source, lang: str) -> None:
        self.source = source
        self.lang = lang
        self.vocab = source.vocabularies
        self.partners = source.partners
        # HSDS asks for a state or province in every address: the region of site.yaml.
        self.order = source.site.language_order
        region = local(source.site.region, lang, self.order)
        self.region = region.text if region else ""

    def id(self, *key: str) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, self.source.base_url + "#hsds/" + "/".join(key)))

    def text(self, value: Any, default: str = "") -> str:
        found = local(value, self.lang, self.order)
        return found.text if found else default

    def label(self, labels: dict[str, Label], key: str) -> str:
        return labels[key].get(self.lang) if key in labels else key

    def _(self, message: str) -> str:
        return gettext(self.lang, message)

    # --- organizations --------------------------------------------------------------------

    def organizations(self) -> list[dict[str, Any]]:
        return [self.organization(p) for _, p in sorted(self.partners.items())]

    def organization(self, partner: Partner) -> dict[str, Any]:
        oid = self.id("organization", partner.id)
        name = self.text(partner.name, partner.id)
        record: dict[str, Any] = {
            "id": oid,
            "name": name,
            "description": self.text(partner.description, name),
        }
        contact = partner.contact
        if contact and contact.email:
            record["email"] = contact.email
        if partner.website:
            record["website"] = partner.website
        if contact and contact.phone:
            record["phones"] = [self.phone(contact.phone, ("organization", partner.id),
                                           organization_id=oid)]
        return record

    def phone(self, number: str, owner: tuple[str, ...], **links: str) -> dict[str, Any]:
        return {"id": self.id(*owner, "phone"), **links, "number": number,
                "type": "cell" if _mobile(number, self.source.site.country) else "voice"}

    # --- services -------------------------------------------------------------------------

    def services(self) -> list[dict[str, Any]]:
        return [self.service(g) for g in self.source.groups]

    def service(self, group: Group) -> dict[str, Any]:
        slug = group.slug
        sid = self.id("service", slug)
        partner = self.partners.get(group.contact.partner)
        organization = (self.organization(partner) if partner else
                        {"id": self.id("organization", group.contact.partner),
                         "name": group.contact.partner, "description": group.contact.partner})
        summary = self.text(group.summary)
        description = self.text(group.description)
        welcome = ", ".join(self.label(self.vocab.audiences, a) for a in group.audiences)
        registration = {
            "none": N_("No registration: just come."),
            "welcome": N_("Advance notice is welcome, but you can also just come."),
        }.get(group.registration, N_("No registration: just come."))
        record: dict[str, Any] = {
            "id": sid,
            "organization_id": organization["id"],
            "name": self.text(group.name, slug),
            "description": "\n\n".join(x for x in (summary, description) if x),
            "url": self.source.absolute(urls.group(self.lang, slug)),
            "status": "active",
            "application_process": " ".join((self._(N_("No referral needed")) + ".",
                                             self._(registration))),
            "fees_description": self._(N_("Free of charge")),
            "eligibility_description": (self._(N_("Open to all")) + ". "
                                        + self._(N_("Especially welcome:")) + " " + welcome),
            "assured_date": group.reviewed.isoformat(),
            "organization": organization,
            "schedules": self.schedules(group, sid),
            "service_areas": [{
                "id": self.id("service", slug, "area", group.municipality),
                "service_id": sid,
                "name": self.label(self.vocab.municipalities, group.municipality),
            }],
            "service_at_locations": [self.service_at_location(group, sid)],
            "languages": [{
                "id": self.id("service", slug, "language", code),
                "service_id": sid,
                "name": self.label(self.vocab.languages, code),
                "code": code,
            } for code in group.languages],
            "cost_options": [{
                "id": self.id("service", slug, "cost"),
                "service_id": sid,
                "option": self._(N_("Free of charge")),
                "currency": "EUR",
                "amount": 0,
                **self.validity(group),
            }],
            "attributes": self.attributes(group, sid),
        }
        contact = group.contact
        if contact.email:
            record["email"] = contact.email
        if contact.phone:
            record["phones"] = [self.phone(contact.phone, ("service", slug), service_id=sid)]
        person: dict[str, Any] = {"id": self.id("service", slug, "contact"), "service_id": sid,
                                  "name": contact.name or organization["name"]}
        if contact.name:
            person["department"] = organization["name"]
        if contact.email:
            person["email"] = contact.email
        if contact.phone:
            person["phones"] = [self.phone(contact.phone, ("service", slug, "contact"),
                                           contact_id=person["id"])]
        record["contacts"] = [person]
        return record

    def validity(self, group: Group) -> dict[str, str]:
        season = group.schedule.season
        found = {"valid_from": season.start.isoformat()}
        if season.end:
            found["valid_to"] = season.end.isoformat()
        return found

    def schedules(self, group: Group, sid: str) -> list[dict[str, Any]]:
        schedule = group.schedule
        season = schedule.season
        notes = [self._(N_("Times are local time (%(zone)s).")) % {
            "zone": self.source.site.time_zone}]
        if schedule.breaks:
            notes.append(self._(N_("No meetings on:")) + " " + ", ".join(
                long_date(b.start, self.lang) if b.start == b.end
                else date_range(b.start, b.end, self.lang) for b in schedule.breaks))
        link = self.source.absolute(urls.group_calendar(self.lang, group.slug))
        found = []
        for index, meeting in enumerate(schedule.meetings):
            item: dict[str, Any] = {
                "id": self.id("service", group.slug, "schedule", str(index)),
                "service_id": sid,
                **self.validity(group),
                "dtstart": first_day(meeting, season.start).isoformat(),
                "freq": "WEEKLY",
                "interval": meeting.every,
                "byday": BYDAY[meeting.weekday],
                "wkst": "MO",
                "opens_at": meeting.start.strftime("%H:%M"),
                "closes_at": meeting.end.strftime("%H:%M"),
                "description": meeting_phrase(meeting, self.lang),
                "notes": " ".join(notes),
                "schedule_link": link,
                "attending_type": self._(N_("In person")),
            }
            if season.end:
                item["until"] = season.end.isoformat()
            found.append(item)
        return found

    def service_at_location(self, group: Group, sid: str) -> dict[str, Any]:
        slug = group.slug
        venue = group.venue
        lid = self.id("service", slug, "location")
        location: dict[str, Any] = {
            "id": lid,
            "location_type": "physical",
            "name": self.text(venue.name, venue.address),
            "addresses": [self.address(group, lid)],
        }
        if venue.coordinates:
            location["latitude"], location["longitude"] = venue.coordinates
        if venue.accessibility:
            location["accessibility"] = [{
                "id": self.id("service", slug, "location", "accessibility", feature),
                "location_id": lid,
                "description": self.label(self.vocab.accessibility, feature),
            } for feature in venue.accessibility]
        return {"id": self.id("service", slug, "service-at-location"), "service_id": sid,
                "location_id": lid, "location": location}

    def address(self, group: Group, lid: str) -> dict[str, Any]:
        text = group.venue.address.strip()
        match = _ADDRESS.match(text)
        street, postal, city = (match.group("street", "postal", "city") if match else
                                (text, "", self.label(self.vocab.municipalities,
                                                      group.municipality)))
        return {
            "id": self.id("service", group.slug, "location", "address"),
            "location_id": lid,
            "address_1": street,
            "city": city,
            "state_province": self.region,
            "postal_code": postal,
            "country": self.source.site.country,
            "address_type": "physical",
        }

    def attributes(self, group: Group, sid: str) -> list[dict[str, Any]]:
        found = []
        for category, keys in (("audiences", group.audiences),
                               ("activities", group.activities)):
            labels: dict[str, Label] = getattr(self.vocab, category)
            name, description = TAXONOMIES[category]
            taxonomy = {"id": self.id("taxonomy", category), "name": self._(name),
                        "description": self._(description)}
            for key in keys:
                term = {
                    "id": self.id("taxonomy", category, key),
                    "code": key,
                    "name": self.label(labels, key),
                    "description": self.label(labels, key),
                    "taxonomy_id": taxonomy["id"],
                    "taxonomy_detail": taxonomy,
                    "language": self.lang,
                }
                found.append({
                    "id": self.id("service", group.slug, category, key),
                    "link_id": sid,
                    "link_entity": "service",
                    "link_type": category,
                    "taxonomy_term_id": term["id"],
                    "taxonomy_term": term,
                })
        return found


@functools.lru_cache(maxsize=1 << 15)
def _mobile(number: str, country: str) -> bool:
    """Whether ``number`` is a mobile phone's (a group's and its partner's numbers are written
    into every language's file)."""
    parsed = phonenumbers.parse(number, country)
    return phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE
