"""JSON Schemas for group and partner files, for editors (completion and inline errors).

Generated from the pydantic models, with the vocabulary ids of ``content/vocabularies.yaml`` as
enums, so a partner's editor offers the municipalities and audiences that really exist.
Partner ids are deliberately not enums: adding a partner must not make the schemas stale.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from brochure.core.codes import ALPHABET
from brochure.core.models import Group, Partner, Population, Retired, Vocabularies

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Short help shown by editors on hover, in Finnish (the partners' main language).
FIELD_HELP = {
    "name": "Ryhmän nimi: fi pakollinen, sv ja en suositeltavia.",
    "summary": "Yksi lause, enintään 160 merkkiä.",
    "description": "Kuvaus Markdownina: mitä ryhmässä tehdään ja miten tulla mukaan.",
    "municipality": "Kunta, jossa ryhmä kokoontuu.",
    "venue": "Kokoontumispaikka: nimi, osoite, esteettömyys.",
    "street": "Kadun virallinen nimi muilla kielillä, esim. {sv: \"Kyrkogatan 3\"} (valinnainen).",
    "schedule": "Kausi, kokoontumiset ja tauot.",
    "audiences": "Ketä ryhmä erityisesti toivottaa tervetulleeksi (ei rajaa ketään pois).",
    "activities": "Mitä ryhmässä tehdään.",
    "languages": "Kielet, joita ryhmässä puhutaan.",
    "facilitators": "Ohjaajapari: kaksi ohjaajaa eri organisaatioista.",
    "phase": "pilot (alkuvaihe: yksi ohjaajista ammattilainen) tai established.",
    "substitute": "Miten sijainen järjestetään, jos ohjaaja sairastuu.",
    "contact": "Yhteystieto: kumppani ja puhelin tai sähköposti.",
    "free": "Maksuton: aina true.",
    "referral_required": "Lähete: aina false.",
    "anonymous": "Voi osallistua nimettömänä: aina true.",
    "registration": "none (ei ilmoittautumista) tai welcome (ennakkoilmoitus tervetullut).",
    "max_participants": "Enimmäismäärä osallistujia (valinnainen).",
    "reviewed": "Päivä, jolloin tiedot on viimeksi tarkistettu (VVVV-KK-PP).",
    "code": "Lyhytkoodi: 4–5 merkkiä, lyhytlinkki r/<koodi>/. Ei koskaan muutu.",
    "meets_on_public_holidays": "true, jos ryhmä kokoontuu myös arkipyhinä (oletus false).",
    "cancellations": "Peruttu kokoontuminen: date (VVVV-KK-PP) ja reason (fi, sv, en).",
    "slug": "Poistetun ryhmän tiedoston nimi ilman .yaml-päätettä.",
    "kind": "Kumppanin tyyppi.",
    "website": "Verkkosivu, alkaa https://",
}


def _enum(schema: dict[str, Any], ids: list[str]) -> None:
    schema.pop("type", None)
    schema["enum"] = ids


def _describe(properties: dict[str, Any]) -> None:
    for name, prop in properties.items():
        if name in FIELD_HELP:
            prop["description"] = FIELD_HELP[name]


@functools.cache
def _group_model_schema() -> str:
    # pydantic works it out anew on every call (2-3 ms; the form asks once a language).
    return json.dumps(Group.model_json_schema())


def group_schema(vocab: Vocabularies) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(_group_model_schema())
    props = schema["properties"]
    _enum(props["municipality"], list(vocab.municipalities))
    _enum(props["audiences"]["items"], list(vocab.audiences))
    _enum(props["activities"]["items"], list(vocab.activities))
    _enum(props["languages"]["items"], list(vocab.languages))
    # What the validator's rules require, so editors flag it while the partner types.
    props["registration"] = {"enum": ["none", "welcome"]}
    props["free"] = {"const": True}
    props["referral_required"] = {"const": False}
    props["anonymous"] = {"const": True}
    props["code"] = {"anyOf": [{"type": "string", "pattern": CODE_SCHEMA_PATTERN},
                               {"type": "null"}], "default": None}
    venue = schema["$defs"]["Venue"]["properties"]
    _enum(venue["accessibility"]["items"], list(vocab.accessibility))
    _describe(props)
    return {"$schema": SCHEMA_DIALECT, "$id": "group.schema.json", **schema}


def partner_schema(vocab: Vocabularies) -> dict[str, Any]:
    schema = Partner.model_json_schema()
    _enum(schema["properties"]["kind"], list(vocab.partner_kinds))
    _describe(schema["properties"])
    return {"$schema": SCHEMA_DIALECT, "$id": "partner.schema.json", **schema}


CODE_SCHEMA_PATTERN = f"^[{ALPHABET}]{{4,5}}$"


def retired_schema(vocab: Vocabularies) -> dict[str, Any]:
    schema = Retired.model_json_schema()
    entry = schema["$defs"]["RetiredGroup"]["properties"]
    _enum(entry["municipality"], list(vocab.municipalities))
    entry["code"] = {"anyOf": [{"type": "string", "pattern": CODE_SCHEMA_PATTERN},
                               {"type": "null"}], "default": None}
    _describe(entry)
    return {"$schema": SCHEMA_DIALECT, "$id": "retired.schema.json", **schema}


def population_schema(vocab: Vocabularies) -> dict[str, Any]:
    schema = Population.model_json_schema()
    schema["properties"]["municipalities"]["propertyNames"] = {"enum": list(vocab.municipalities)}
    _describe(schema["properties"])
    return {"$schema": SCHEMA_DIALECT, "$id": "population.schema.json", **schema}


def schemas(vocab: Vocabularies) -> dict[str, str]:
    """File name -> JSON text, deterministic."""
    return {
        "group.schema.json": _dump(group_schema(vocab)),
        "partner.schema.json": _dump(partner_schema(vocab)),
        "retired.schema.json": _dump(retired_schema(vocab)),
        "population.schema.json": _dump(population_schema(vocab)),
    }


def _dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
