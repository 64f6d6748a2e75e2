"""Everything the brochure knows about its languages, in one place.

Which languages exist and in what order, which one stands in when a text is missing (Finnish,
the operating model's main language), the Babel locale each one is formatted with, what each
language is called in itself, and how a text in several languages is read in one of them.
Other modules import from here; this module imports nothing of the project's but the
extraction marker ``N_``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, Protocol

from brochure.core.i18n import N_

LanguageCode = Literal["fi", "sv", "en"]
LANGUAGES: tuple[LanguageCode, ...] = ("fi", "sv", "en")
# The language every entry must have, and the one shown (marked) where another is missing.
FALLBACK: LanguageCode = "fi"

# Babel (CLDR) locale per language: Finland Swedish, and British English for the 24-hour
# clock and day-month order. Times are not left to CLDR (see brochure.core.formatting).
LOCALES: dict[str, str] = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}
# Open Graph's og:locale.
OG_LOCALES: dict[str, str] = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}
# Each language's name in itself: the language switch and the language choice.
AUTONYMS: dict[str, str] = {"fi": "suomi", "sv": "svenska", "en": "English"}
# "In <language>", in that language: headings of the trilingual job summaries.
IN_LANGUAGE: dict[str, str] = {"fi": "Suomeksi", "sv": "På svenska", "en": "In English"}
# Each language's name, to be translated into the reader's language ("ruotsi", "finska").
LANGUAGE_NAMES: dict[str, str] = {"fi": N_("Finnish"), "sv": N_("Swedish"),
                                  "en": N_("English")}
# How yes and no are written in each language: a yes/no field of an entry reads them (with a
# notice saying it is written true or false; see brochure.check.lenient).
YES_NO: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "fi": (("kyllä", "kylla"), ("ei",)),
    "sv": (("ja",), ("nej",)),
    "en": (("yes",), ("no",)),
}


def locale(lang: str) -> str:
    """The Babel locale of a brochure language."""
    return LOCALES.get(lang, lang)


class Multilingual(Protocol):
    """A text in several languages (``brochure.core.models.Text``, ``Label``)."""

    def get(self, lang: str) -> str | None: ...


@dataclass(frozen=True)
class Local:
    """A text in the page's language, or the text standing in for it (``fallback``)."""

    text: str
    lang: str
    fallback: bool = False


def local(text: Multilingual | None, lang: str) -> Local | None:
    """``text`` in ``lang``; else in Finnish, else in the first language that has it."""
    if text is None:
        return None
    value = text.get(lang)
    if value:
        return Local(value.strip(), lang)
    for other in (FALLBACK, *LANGUAGES):
        value = text.get(other)
        if value:
            return Local(value.strip(), other, True)
    return None


def site_languages(configured: Iterable[str]) -> tuple[LanguageCode, ...]:
    """The site's languages (from ``site.yaml``) in the brochure's order."""
    return tuple(lang for lang in LANGUAGES if lang in configured)
