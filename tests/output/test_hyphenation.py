"""Long words get soft hyphens at build time: pyphen's patterns for Swedish and English, the
Finnish syllable rule for Finnish; short words, addresses and links stay as they are."""

from __future__ import annotations

import pytest

from brochure.output.hyphenation import (
    SOFT_HYPHEN,
    finnish_points,
    hyphenate,
    hyphenate_html,
)


def shown(text: str) -> str:
    return text.replace(SOFT_HYPHEN, "-")


@pytest.mark.parametrize(("word", "syllables"), [
    ("kahvila", "kah-vi-la"),
    ("markkinapaikka", "mark-ki-na-paik-ka"),
    ("pitkäaikaissairauden", "pit-kä-ai-kais-sai-rau-den"),  # ä|a: two vowels, two syllables
    ("hauskaa", "haus-kaa"),  # a diphthong and a long vowel stay whole
])
def test_finnish_syllables(word: str, syllables: str) -> None:
    points = finnish_points(word)
    assert "".join(("-" if i in points else "") + c for i, c in enumerate(word)) == syllables


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("fi", "pitkäaikaissairauden", "pitkä-aikais-sairauden"),
    ("fi", "hyvinvointialue", "hyvin-vointi-alue"),  # the compound's seam before a syllable
    ("sv", "Återhämtningsgruppen", "Åter-hämt-nings-gruppen"),
    ("en", "internationalisation", "inter-nation-alisa-tion"),
    ("fi", "Kahvila", "Kahvila"),  # short words stay whole
    ("fi", "ryhma@pitkäaikaissairaudet.fi", "ryhma@pitkäaikaissairaudet.fi"),
])
def test_long_words_get_soft_hyphens_in_their_language(lang: str, text: str,
                                                       expected: str) -> None:
    assert shown(hyphenate(text, lang)) == expected


def test_html_keeps_its_tags_and_the_text_of_links() -> None:
    html = ('<p>Vertaistukiryhmä <a href="https://x.fi/pitkäaikaissairaudet">'
            'pitkäaikaissairaudet</a> &amp; pitkäaikaissairauden</p>')
    assert shown(hyphenate_html(html, "fi")) == (
        '<p>Vertais-tuki-ryhmä <a href="https://x.fi/pitkäaikaissairaudet">'
        'pitkäaikaissairaudet</a> &amp; pitkä-aikais-sairauden</p>')
