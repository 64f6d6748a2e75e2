"""The fields of the content files in words: what a partner calls a field.

A message names a field by these words first and by its YAML key in brackets
("Lyhytkoodi (code)"): a partner using the form knows the words, one editing the file finds
the key. The keys are dotted paths without list indexes (``schedule.meetings.start``), the
same in every kind of file; a path without words here is named by its key alone.
"""

from __future__ import annotations

import functools

from brochure.check.lenient import fold
from brochure.core.i18n import N_, gettext, on_reload
from brochure.core.languages import LANGUAGE_NAMES, LANGUAGES

FIELD_LABELS: dict[str, str] = {
    "name": N_("Name"),
    "summary": N_("Summary in one sentence"),
    "description": N_("Description"),
    "municipality": N_("Municipality"),
    "venue": N_("Meeting place"),
    "venue.name": N_("Name of the meeting place"),
    "venue.address": N_("Street address and postcode"),
    "venue.street": N_("Street address in another language"),
    "venue.accessibility": N_("Accessibility"),
    "venue.coordinates": N_("Coordinates on the map"),
    "schedule": N_("Schedule"),
    "schedule.season": N_("Season"),
    "schedule.season.start": N_("First day of the season"),
    "schedule.season.end": N_("Last day of the season"),
    "schedule.next_season": N_("Next season"),
    "schedule.next_season.start": N_("First day of the next season"),
    "schedule.next_season.end": N_("Last day of the next season"),
    "schedule.meetings": N_("Meetings"),
    "schedule.meetings.weekday": N_("Day of the week"),
    "schedule.meetings.start": N_("Starts"),
    "schedule.meetings.end": N_("Ends"),
    "schedule.meetings.every": N_("How often"),
    "schedule.breaks": N_("Breaks"),
    "schedule.breaks.start": N_("First day of the break"),
    "schedule.breaks.end": N_("Last day of the break"),
    "audiences": N_("Especially welcome"),
    "activities": N_("What we do"),
    "languages": N_("Languages spoken"),
    "facilitators": N_("Facilitators"),
    "facilitators.role": N_("Facilitator's role"),
    "facilitators.partner": N_("Facilitator's organisation"),
    "facilitators.name": N_("Facilitator's name"),
    "phase": N_("Phase"),
    "substitute": N_("Substitute facilitator"),
    "contact": N_("Contact"),
    "contact.partner": N_("Contact organisation"),
    "contact.name": N_("Contact person's name"),
    "contact.phone": N_("Phone"),
    "contact.email": N_("Email"),
    "free": N_("Free of charge"),
    "referral_required": N_("Referral"),
    "anonymous": N_("Anonymous participation"),
    "registration": N_("Registration"),
    "max_participants": N_("At most this many participants"),
    "reviewed": N_("Details checked on"),
    "code": N_("Short code"),
    "meets_on_public_holidays": N_("Meets on public holidays"),
    "cancellations": N_("Cancelled meetings"),
    "cancellations.date": N_("Date of the cancelled meeting"),
    "cancellations.reason": N_("Reason for the cancellation"),
    "kind": N_("Kind of organisation"),
    "website": N_("Website"),
    "title": N_("Title"),
}


def field_label(lang: str, path: str) -> str | None:
    """The words for the field at a dotted ``path`` in ``lang``, or None when it has none.

    A language version of a text (``name.fi``) is the text's words and the language."""
    words = FIELD_LABELS.get(path)
    if words is not None:
        return gettext(lang, words)
    parent, _, leaf = path.rpartition(".")
    if parent and leaf in LANGUAGE_NAMES and parent in FIELD_LABELS:
        return (f"{gettext(lang, FIELD_LABELS[parent])}, "
                f"{gettext(lang, LANGUAGE_NAMES[leaf])}")
    return None


def field_words(lang: str, path: str) -> str:
    """How a message names a field: 'Lyhytkoodi (code)', or the key in quotes without words."""
    key = path.rpartition(".")[2]
    label = field_label(lang, path)
    return f"{label} ({key})" if label else f"'{key}'"


@functools.cache
def field_keys() -> dict[str, str]:
    """A field's words in any language, as a partner may write them for its key ("kunta:",
    "puhelin:"), folded, under the path of the fields around it: ``"contact|puhelin"`` ->
    ``"phone"``. Words two fields there share are left out."""
    table: dict[str, str | None] = {}
    for path, words in FIELD_LABELS.items():
        parent, _, leaf = path.rpartition(".")
        for lang in LANGUAGES:
            key = f"{parent}|{fold(gettext(lang, words))}"
            table[key] = leaf if table.get(key, leaf) == leaf else None
    return {key: leaf for key, leaf in table.items() if leaf is not None}


on_reload(field_keys.cache_clear)
