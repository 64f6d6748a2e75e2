"""The Open Referral HSDS 3.0 export, validated against the official HSDS JSON schemas.

The schemas in tests/data/hsds/ are copied unchanged from openreferral/specification (see its
README and LICENSE there). As the specification's own example check does, every object gets
``additionalProperties: false`` so that a misspelt field is an error, not an extension.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from brochure.engine.build import build
from tests.conftest import REPO, ExampleSite

TODAY = dt.date(2026, 11, 23)
LANGS = ("fi", "sv", "en")
HSDS = Path(__file__).resolve().parents[2] / "data" / "hsds"
BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
PAGE_FIELDS = ["total_items", "total_pages", "page_number", "size", "first_page", "last_page",
               "empty"]


def closed(schema: Any) -> Any:
    """The schema with ``additionalProperties: false`` on every object that lists properties."""
    if isinstance(schema, dict):
        schema = {k: closed(v) for k, v in schema.items()}
        if "properties" in schema and isinstance(schema["properties"], dict):
            schema.setdefault("additionalProperties", False)
        return schema
    if isinstance(schema, list):
        return [closed(v) for v in schema]
    return schema


@pytest.fixture(scope="module")
def registry() -> Registry:
    resources = []
    for path in sorted((HSDS / "schema").glob("*.json")):
        if path.name == "openapi.json":
            continue
        contents = closed(json.loads(path.read_text("utf-8")))
        resources.append((BASE + path.name, DRAFT202012.create_resource(contents)))
    openapi = json.loads((HSDS / "schema/openapi.json").read_text("utf-8"))
    for name, entity in (("services", "service.json"), ("organizations", "organization.json")):
        page = closed(openapi["components"]["schemas"]["Page"])
        page["properties"]["contents"] = {"type": "array", "items": {"$ref": entity}}
        page["required"] = [*PAGE_FIELDS, "contents"]
        resources.append((f"{BASE}{name}-page.json", DRAFT202012.create_resource(page)))
    return Registry().with_resources(resources)


def validator(registry: Registry, name: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": BASE + name}, registry=registry,
                                format_checker=FormatChecker())


def errors(registry: Registry, name: str, data: Any) -> list[str]:
    found = validator(registry, name).iter_errors(data)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found]


@pytest.fixture(scope="module")
def public(example_site: ExampleSite) -> Path:
    return example_site.output


def load(public: Path, lang: str, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((public / f"data/hsds/{lang}/{name}").read_text("utf-8"))
    return data


def services(public: Path, lang: str) -> dict[str, dict[str, Any]]:
    """Services by the slug at the end of their URL."""
    return {s["url"].rstrip("/").rsplit("/", 1)[1]: s
            for s in load(public, lang, "services.json")["contents"]}


# --- the validator itself ----------------------------------------------------------------

def test_the_official_examples_pass_and_broken_ones_fail(registry: Registry) -> None:
    example = json.loads((HSDS / "examples/service_full.json").read_text("utf-8"))
    assert errors(registry, "service.json", example) == []
    organization = json.loads((HSDS / "examples/organization_full.json").read_text("utf-8"))
    organization.pop("services", None)  # the compiled organization adds nested services
    assert errors(registry, "organization.json", organization) == []
    for breakage in ("status", "misspelt", "uuid", "nested"):
        broken = copy.deepcopy(example)
        if breakage == "status":
            del broken["status"]
        elif breakage == "misspelt":
            broken["descripton"] = broken.pop("description")
        elif breakage == "uuid":
            broken["id"] = "kahvila"
        else:
            broken["schedules"][0]["freq"] = "DAILY"
        assert errors(registry, "service.json", broken), breakage


# --- the export --------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_every_dataset_is_valid_hsds(public: Path, registry: Registry, lang: str) -> None:
    found = errors(registry, "services-page.json", load(public, lang, "services.json"))
    assert found == [], "\n".join(found[:10])
    found = errors(registry, "organizations-page.json", load(public, lang, "organizations.json"))
    assert found == [], "\n".join(found[:10])


def walk(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from walk(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from walk(v, key)
    else:
        yield key, value


@pytest.mark.parametrize("lang", LANGS)
def test_ids_urls_and_dates_are_well_formed(public: Path, lang: str) -> None:
    for name in ("services.json", "organizations.json"):
        for key, value in walk(load(public, lang, name)):
            if key == "id" or key.endswith("_id"):
                assert uuid.UUID(value).version == 5, (key, value)
            elif key in ("url", "website", "schedule_link"):
                parts = urlsplit(value)
                assert parts.scheme == "https" and parts.netloc, (key, value)
            elif key in ("assured_date", "valid_from", "valid_to", "dtstart", "until"):
                dt.date.fromisoformat(value)


def test_ids_are_stable_and_shared_by_the_languages(public: Path, tmp_path: Path) -> None:
    ids = {lang: sorted(v for k, v in walk(load(public, lang, "services.json")) if k == "id")
           for lang in LANGS}
    assert ids["fi"] == ids["sv"] == ids["en"]
    # Records used once in a service (not shared like taxonomies) have distinct ids.
    services_fi = load(public, "fi", "services.json")["contents"]
    assert len({s["id"] for s in services_fi}) == len(services_fi) == 19
    again = build(REPO / "content", tmp_path / "public", TODAY + dt.timedelta(days=3))
    assert again.model is not None
    assert (tmp_path / "public/data/hsds/fi/services.json").read_bytes() == (
        public / "data/hsds/fi/services.json").read_bytes()


def test_a_group_as_a_service(public: Path) -> None:
    service = services(public, "sv")["torstain-olohuone"]
    assert service["name"] == "Torsdagens vardagsrum"
    assert service["status"] == "active"
    assert service["assured_date"] == "2026-11-12"
    assert service["organization"]["name"] == (
        "Kokkolan Päiväkeskustoiminta ry (dagcenterförening)")
    assert service["organization_id"] == service["organization"]["id"]
    (cost,) = service["cost_options"]
    assert (cost["amount"], cost["currency"]) == (0, "EUR")
    (area,) = service["service_areas"]
    assert area["name"] == "Karleby"
    assert [(lang["code"], lang["name"]) for lang in service["languages"]] == [
        ("fi", "finska"), ("sv", "svenska")]
    (place,) = service["service_at_locations"]
    location = place["location"]
    assert location["name"] == "Dagcentrets vardagsrum"
    (address,) = location["addresses"]
    assert (address["address_1"], address["postal_code"], address["city"],
            address["country"]) == ("Pitkänsillankatu 24", "67100", "Kokkola", "FI")
    assert [a["description"] for a in location["accessibility"]] == [
        "Steglöst tillträde", "Tillgänglig toalett", "Nära busshållplats"]
    assert (location["latitude"], location["longitude"]) == (63.8391, 23.1302)
    (phone,) = service["phones"]
    assert phone["number"] == "+358 40 2315570"
    assert phone["type"] == "cell"  # 040 is a mobile number
    (contact,) = service["contacts"]
    assert contact["email"] == "olohuone@paivakeskus.example.fi"
    audiences = [a["taxonomy_term"]["code"] for a in service["attributes"]
                 if a["link_type"] == "audiences"]
    assert audiences == ["everyone", "outside-work"]


def test_schedules_match_the_calendar(public: Path) -> None:
    """An HSDS consumer expanding the schedule gets the calendar's meetings (before breaks)."""
    for slug, service in services(public, "fi").items():
        cal = Calendar.from_ical((public / f"fi/groups/{slug}/calendar.ics").read_bytes())
        events = list(cal.walk("VEVENT"))
        assert len(events) == len(service["schedules"]), slug
        for schedule, event in zip(service["schedules"], events, strict=True):
            start = event.decoded("dtstart")
            assert schedule["dtstart"] == start.date().isoformat()
            assert schedule["opens_at"] == start.strftime("%H:%M")
            assert schedule["closes_at"] == event.decoded("dtend").strftime("%H:%M")
            rule = f"FREQ={schedule['freq']};INTERVAL={schedule['interval']};" \
                   f"BYDAY={schedule['byday']};WKST={schedule['wkst']}"
            first = dt.datetime.fromisoformat(schedule["dtstart"])
            until = dt.date.fromisoformat(schedule.get("until", "2027-12-31"))
            end_of_day = dt.datetime.combine(until, dt.time(23, 59, 59))
            from_hsds = [d.date() for d in rrulestr(rule, dtstart=first).between(
                first, end_of_day, inc=True)]
            rrule: Any = event["rrule"]  # icalendar's vRecur
            ical_rule = rrulestr(rrule.to_ical().decode(), dtstart=start)
            from_ical = [d.date() for d in ical_rule.between(
                start, end_of_day.replace(tzinfo=start.tzinfo), inc=True)]
            assert from_hsds == from_ical, slug
    digi = services(public, "en")["digikahvila-kannus"]["schedules"][0]
    assert (digi["freq"], digi["interval"], digi["byday"], digi["valid_to"]) == (
        "WEEKLY", 2, "WE", "2027-05-26")
    assert "Europe/Helsinki" in digi["notes"]
    assert digi["schedule_link"].endswith("/en/groups/digikahvila-kannus/calendar.ics")


def test_organizations_are_the_partners(public: Path) -> None:
    page = load(public, "en", "organizations.json")
    assert page["total_items"] == page["size"] == len(page["contents"]) == 11
    names = {o["name"] for o in page["contents"]}
    assert "Central Ostrobothnia wellbeing services county Soite" in names
    ids = {o["id"] for o in page["contents"]}
    for service in load(public, "en", "services.json")["contents"]:
        assert service["organization_id"] in ids
