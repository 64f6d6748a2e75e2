"""The validator speaks Finnish, Swedish and English: every rule's words are translated.

The catalogs are ``brochure/locale/<lang>/LC_MESSAGES/messages.po`` (``make catalogs``).
"""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from brochure.check.rules import EXPECTED, RULES, hint, message
from brochure.core.i18n import catalog_path, translations
from brochure.core.languages import LANGUAGE_NAMES
from brochure.core.problems import Position, Problem

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
TRANSLATED = ("fi", "sv")

# Every text of the rules module that reaches a partner.
MSGIDS = sorted({text for rule in RULES.values() for text in (rule.message, rule.hint)}
                | set(EXPECTED.values()) | set(LANGUAGE_NAMES.values())
                | {"Did you mean '%(id)s'? ", "hint"})


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_catalog_exists(lang: str) -> None:
    assert catalog_path(lang).is_file()


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_rule_is_translated(lang: str) -> None:
    catalog = translations(lang)
    missing = [f"{rule.id}: {text!r}" for rule in RULES.values()
               for text in (rule.message, rule.hint) if catalog.gettext(text) == text]
    assert not missing, f"{len(missing)} untranslated in {lang}:\n" + "\n".join(missing)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_other_validator_words_are_translated(lang: str) -> None:
    # Read the .po file itself: a word may rightly be the same in English ('text' in Swedish).
    with open(catalog_path(lang), "rb") as handle:
        catalog = read_po(handle, locale=lang)
    missing = []
    for text in MSGIDS:
        entry = catalog.get(text)
        if entry is None or not entry.string or entry.fuzzy:
            missing.append(text)
    assert not missing, f"untranslated in {lang}: {missing}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_are_kept(lang: str) -> None:
    catalog = translations(lang)
    wrong = []
    for text in MSGIDS:
        translated = catalog.gettext(text)
        if translated != text and _placeholders(translated) != _placeholders(text):
            wrong.append(f"{text!r} -> {translated!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_have_no_broken_formatting(lang: str) -> None:
    """A lone '%' or a mistyped placeholder ('%(value)' without 's') would break filling."""
    catalog = translations(lang)
    for text in MSGIDS:
        translated = catalog.gettext(text)
        params = {name: "X" for name in _placeholders(text)}
        try:
            filled = translated % params if "%" in translated else translated
        except (KeyError, TypeError, ValueError) as exc:
            pytest.fail(f"{lang}: {translated!r}: {exc}")
        assert "%(" not in filled, translated


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_rule_reads_in_the_language(lang: str) -> None:
    """Filled in with parameters, every message differs from the English one."""
    for rule in RULES.values():
        params = {name: "X" for name in _placeholders(rule.message + rule.hint)}
        if "language" in params:
            params["language"] = "sv"
        if "expected" in params:
            params["expected"] = "number"
        problem = Problem("x.yaml", Position(1, 1), rule.id, rule.severity, params)
        text = message(problem, lang)
        assert text != message(problem, "en"), f"{rule.id} ({lang}): {text}"
        assert "%(" not in text + hint(problem, lang), rule.id
