"""The rules of the files around the groups: partners, the site, the vocabularies and the
deleted groups (``content/retired.yaml``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence

from brochure.check.findings import (
    Finding,
    find,
    normal_slug,
    reference,
    text_findings,
    translation_findings,
    valid_slug,
)
from brochure.check.validate import suggestion
from brochure.core.codes import ALPHABET, suggest_code, valid_code
from brochure.core.models import ID_PATTERN, Partner, Population, Retired, Site, Vocabularies
from brochure.load.document import Path_


def partner_findings(partner: Partner, vocab: Vocabularies,
                     order: Sequence[str]) -> Iterator[Finding]:
    yield from reference(vocab.partner_kinds, "unknown-partner-kind", partner.kind, ("kind",))
    yield from text_findings(partner.name, ("name",), order)
    yield from text_findings(partner.description, ("description",), order)
    yield from translation_findings({"name": partner.name, "description": partner.description},
                                    order)


def site_findings(site: Site, partners: frozenset[str],
                  broken: dict[str, str] | None = None) -> Iterator[Finding]:
    yield from text_findings(site.title, ("title",), site.language_order)
    yield from text_findings(site.description, ("description",), site.language_order)
    # A partner whose file has errors is said once, in that file (its errors stop the build).
    if site.coordinator.partner not in partners and site.coordinator.partner not in (
            broken or {}):
        yield find("unknown-partner", ("coordinator", "partner"), value=site.coordinator.partner,
                   **suggestion(site.coordinator.partner, partners))
    if site.default_language not in site.languages:
        yield find("invalid-value", ("default_language",), value=site.default_language,
                   field="default_language", choices=[(lang, None) for lang in site.languages])


def retired_findings(retired: Retired, vocab: Vocabularies,
                     order: Sequence[str]) -> Iterator[Finding]:
    """``content/retired.yaml``: each deleted group's slug, code, municipality and name."""
    slugs: set[str] = set()
    codes: set[str] = set()
    for i, entry in enumerate(retired.groups):
        loc: Path_ = ("groups", i)
        if not valid_slug(entry.slug):
            yield find("slug-format", (*loc, "slug"), value=entry.slug)
        elif normal_slug(entry.slug) in slugs:
            yield find("duplicate-value", (*loc, "slug"), value=entry.slug)
        slugs.add(normal_slug(entry.slug))
        if entry.code is not None:
            if not valid_code(entry.code):
                yield find("code-format", (*loc, "code"), value=entry.code, alphabet=ALPHABET,
                           suggestion=suggest_code(entry.slug))
            elif entry.code in codes:
                yield find("duplicate-value", (*loc, "code"), value=entry.code)
            codes.add(entry.code)
        yield from reference(vocab.municipalities, "unknown-municipality", entry.municipality,
                             (*loc, "municipality"))
        yield from text_findings(entry.name, (*loc, "name"), order)


def population_findings(population: Population, vocab: Vocabularies,
                        order: Sequence[str]) -> Iterator[Finding]:
    """``content/population.yaml``: a figure for each municipality of the vocabulary."""
    yield from text_findings(population.source, ("source",), order)
    for key in population.municipalities:
        for finding in reference(vocab.municipalities, "unknown-municipality", key,
                                 ("municipalities", key)):
            yield dataclasses.replace(finding, key=True)
    missing = [m for m in vocab.municipalities if m not in population.municipalities]
    if missing:
        yield find("population-missing", ("municipalities",), key=True,
                   value=", ".join(missing))


def vocabulary_findings(vocab: Vocabularies) -> Iterator[Finding]:
    for category in Vocabularies.model_fields:
        for key in getattr(vocab, category):
            if not ID_PATTERN.match(key):
                yield find("slug-format", (category, key), key=True, value=key)
