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
from brochure.core.languages import LANGUAGES


@dataclass(frozen=True)
class Choice:
    """One fixed value: its names in the brochure's languages (in the order of
    :data:`brochure.core.languages.LANGUAGES`), other spellings, and its label (a msgid)."""

    value: str
    names: tuple[str, ...]
    words: tuple[str, ...] = ()
    label: str | None = None

    def name(self, lang: str) -> str:
        """Its name in running text in ``lang`` (the id where the language has none)."""
        index = LANGUAGES.index(lang) if lang in LANGUAGES else -1
        return self.names[index] if 0 <= index < len(self.names) else self.value


WEEKDAY_CHOICES = (
    Choice("monday", ("maanantai", "måndag", "Monday"),
           ("ma", "maanantaisin", "mån", "må", "måndagar", "mon", "mondays")),
    Choice("tuesday", ("tiistai", "tisdag", "Tuesday"),
           ("ti", "tiistaisin", "tis", "tisdagar", "tue", "tues", "tuesdays")),
    Choice("wednesday", ("keskiviikko", "onsdag", "Wednesday"),
           ("ke", "keskiviikkoisin", "ons", "onsdagar", "wed", "weds", "wednesdays")),
    Choice("thursday", ("torstai", "torsdag", "Thursday"),
           ("to", "torstaisin", "tors", "tor", "torsdagar", "thu", "thur", "thurs",
            "thursdays")),
    Choice("friday", ("perjantai", "fredag", "Friday"),
           ("pe", "perjantaisin", "fre", "fr", "fredagar", "fri", "fridays")),
    Choice("saturday", ("lauantai", "lördag", "Saturday"),
           ("la", "lauantaisin", "lör", "lö", "lördagar", "sat", "saturdays")),
    Choice("sunday", ("sunnuntai", "söndag", "Sunday"),
           ("su", "sunnuntaisin", "sön", "sö", "söndagar", "sun", "sundays")),
)
ROLE_CHOICES = (
    Choice("professional", ("ammattilainen", "yrkesperson", "professional"),
           ("ammattilaiset", "työntekijä", "yrkespersoner"), N_("Professional")),
    Choice("experience-expert",
           ("kokemusasiantuntija", "erfarenhetsexpert", "experience expert"),
           ("kokemusosaaja", "kokemusasiantuntijat", "erfarenhetsexperter", "experience-expert",
            "expert by experience"), N_("Experience expert")),
    Choice("peer", ("vertainen", "kamrat", "peer"),
           ("vertaisohjaaja", "vertaistukija", "kamratstödjare"), N_("Peer")),
    Choice("volunteer", ("vapaaehtoinen", "frivillig", "volunteer"),
           ("vapaaehtoiset", "frivilliga"), N_("Volunteer")),
)
PHASE_CHOICES = (
    Choice("pilot", ("pilotti", "pilot", "pilot"),
           ("kokeilu", "pilottivaihe", "försök", "pilotfas")),
    Choice("established", ("vakiintunut", "etablerad", "established"),
           ("vakiintunut toiminta", "etablerat", "vakiintuneet")),
)
# Registration is not a fixed type in the model (a rule checks it), so the checker reads no
# other words for it; the site and the form show these sentences.
REGISTRATION_CHOICES = (
    Choice("none", ("ei ilmoittautumista", "ingen anmälan", "no registration"),
           label=N_("No registration: just come.")),
    Choice("welcome", ("ennakkoilmoitus tervetullut", "förhandsanmälan välkommen",
                       "advance notice welcome"),
           label=N_("Advance notice is welcome, but you can also just come.")),
)

# The choices of the model's fixed (Literal) fields, which the checker reads leniently.
LITERAL_CHOICES = (*WEEKDAY_CHOICES, *ROLE_CHOICES, *PHASE_CHOICES)


def labels(choices: Iterable[Choice]) -> dict[str, str]:
    """Value -> label msgid, for choices that have a label."""
    return {c.value: c.label for c in choices if c.label is not None}


def by_value(choices: Iterable[Choice]) -> dict[str, Choice]:
    return {c.value: c for c in choices}
