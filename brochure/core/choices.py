"""The fixed choices of a group file and their words, in one table.

A weekday, a facilitator's role, a group's phase and its registration are fixed values in a
group file (``thursday``, ``professional``, ``pilot``, ``none``). Each has its name in running
text in every language (the checker's lists of allowed values, "professional
(ammattilainen)"), the words partners write for it that the checker reads as it
(``tiistaisin``, ``kokemusosaaja``), and, where the site or the form shows it on its own, a
label translated through the catalogs ("Ammattilainen"). The site (:mod:`brochure.site.views`),
the form (:mod:`brochure.site.form`) and the lenient reading (:mod:`brochure.check.lenient`) all
read this table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from brochure.core.i18n import N_


@dataclass(frozen=True)
class Choice:
    """One fixed value: its names by language, other spellings, and its label (a msgid)."""

    value: str
    names: dict[str, str]
    words: tuple[str, ...] = ()
    label: str | None = None


WEEKDAY_CHOICES = (
    Choice("monday", {"fi": "maanantai", "sv": "måndag", "en": "Monday"},
           ("ma", "maanantaisin", "mån", "må", "måndagar", "mon", "mondays")),
    Choice("tuesday", {"fi": "tiistai", "sv": "tisdag", "en": "Tuesday"},
           ("ti", "tiistaisin", "tis", "tisdagar", "tue", "tues", "tuesdays")),
    Choice("wednesday", {"fi": "keskiviikko", "sv": "onsdag", "en": "Wednesday"},
           ("ke", "keskiviikkoisin", "ons", "onsdagar", "wed", "weds", "wednesdays")),
    Choice("thursday", {"fi": "torstai", "sv": "torsdag", "en": "Thursday"},
           ("to", "torstaisin", "tors", "tor", "torsdagar", "thu", "thur", "thurs",
            "thursdays")),
    Choice("friday", {"fi": "perjantai", "sv": "fredag", "en": "Friday"},
           ("pe", "perjantaisin", "fre", "fr", "fredagar", "fri", "fridays")),
    Choice("saturday", {"fi": "lauantai", "sv": "lördag", "en": "Saturday"},
           ("la", "lauantaisin", "lör", "lö", "lördagar", "sat", "saturdays")),
    Choice("sunday", {"fi": "sunnuntai", "sv": "söndag", "en": "Sunday"},
           ("su", "sunnuntaisin", "sön", "sö", "söndagar", "sun", "sundays")),
)
ROLE_CHOICES = (
    Choice("professional", {"fi": "ammattilainen", "sv": "yrkesperson", "en": "professional"},
           ("ammattilaiset", "työntekijä", "yrkespersoner"), N_("Professional")),
    Choice("experience-expert",
           {"fi": "kokemusasiantuntija", "sv": "erfarenhetsexpert", "en": "experience expert"},
           ("kokemusosaaja", "kokemusasiantuntijat", "erfarenhetsexperter", "experience-expert",
            "expert by experience"), N_("Experience expert")),
    Choice("peer", {"fi": "vertainen", "sv": "kamrat", "en": "peer"},
           ("vertaisohjaaja", "vertaistukija", "kamratstödjare"), N_("Peer")),
    Choice("volunteer", {"fi": "vapaaehtoinen", "sv": "frivillig", "en": "volunteer"},
           ("vapaaehtoiset", "frivilliga"), N_("Volunteer")),
)
PHASE_CHOICES = (
    Choice("pilot", {"fi": "pilotti", "sv": "pilot", "en": "pilot"},
           ("kokeilu", "pilottivaihe", "försök", "pilotfas")),
    Choice("established", {"fi": "vakiintunut", "sv": "etablerad", "en": "established"},
           ("vakiintunut toiminta", "etablerat", "vakiintuneet")),
)
# Registration is not a fixed type in the model (a rule checks it), so the checker reads no
# other words for it; the site and the form show these sentences.
REGISTRATION_CHOICES = (
    Choice("none", {"fi": "ei ilmoittautumista", "sv": "ingen anmälan", "en": "no registration"},
           label=N_("No registration: just come.")),
    Choice("welcome", {"fi": "ennakkoilmoitus tervetullut", "sv": "förhandsanmälan välkommen",
                       "en": "advance notice welcome"},
           label=N_("Advance notice is welcome, but you can also just come.")),
)

# The choices of the model's fixed (Literal) fields, which the checker reads leniently.
LITERAL_CHOICES = (*WEEKDAY_CHOICES, *ROLE_CHOICES, *PHASE_CHOICES)


def labels(choices: Iterable[Choice]) -> dict[str, str]:
    """Value -> label msgid, for choices that have a label."""
    return {c.value: c.label for c in choices if c.label is not None}


def by_value(choices: Iterable[Choice]) -> dict[str, Choice]:
    return {c.value: c for c in choices}
