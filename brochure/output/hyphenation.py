"""Long words made to wrap: soft hyphens (U+00AD) put into them when a page is rendered.

Finnish and Swedish build long compounds ("pitkäaikaissairauden", "Återhämtningsgruppen")
that do not fit a 320 px screen or a narrow card, and Chromium on phones does not hyphenate
them itself. A soft hyphen is invisible until the line breaks there; then the reader sees a
hyphen, as in print. Swedish and English use pyphen's (LibreOffice's) hyphenation patterns.
pyphen has no Finnish patterns (LibreOffice hyphenates Finnish with Voikko), but Finnish
syllables follow a short regular rule (:func:`finnish_points`), which also finds the seams of
compounds because every seam is a syllable boundary.

Only words longer than :data:`LONG` letters get hyphens, and no piece is shorter than
:data:`PIECE` letters, so the pages stay small and lines break into readable parts.
E-mail addresses, web addresses and the text of links keep their letters as they are.
"""

from __future__ import annotations

import functools
import re

import pyphen

from brochure.core.languages import BY_CODE, SYLLABLES

SOFT_HYPHEN = "\N{SOFT HYPHEN}"
# Words of more letters than this are hyphenated; no piece is shorter than PIECE letters.
LONG = 12
PIECE = 4
# A word of letters only, not part of an address, a number or an e-mail address.
_WORD = re.compile(r"(?<![\w@./:\-\u00ad])[^\W\d_]{" + str(LONG + 1) + r",}(?![\w@./\-])")
# Markup: tags, and the insides of elements whose text is no running text.
_MARKUP = re.compile(r"(<(?:a|code|pre|script|style)\b.*?</(?:a|code|pre|script|style)>"
                     r"|<[^>]*>|&[#\w]+;)", re.S)

_VOWELS = "aeiouyåäö"
# Two vowels of one syllable: long vowels and the Finnish diphthongs.
_DIPHTHONGS = {"ai", "ei", "oi", "ui", "yi", "äi", "öi", "au", "eu", "iu", "ou", "ey", "iy",
               "äy", "öy", "ie", "uo", "yö"} | {v + v for v in _VOWELS}


def finnish_points(word: str) -> list[int]:
    """Where a Finnish word may be hyphenated: before the last consonant ahead of a vowel
    ("kah-vi-la", "mark-ki-na"), and between two vowels that are not one syllable
    ("pitkä-ai-kais": a syllable holds a long vowel or a diphthong, never three vowels)."""
    lower = word.casefold()
    points = []
    vowels = 0  # vowels in the syllable so far
    for i, here in enumerate(lower):
        if here in _VOWELS:
            if i and lower[i - 1] in _VOWELS:
                if vowels == 1 and lower[i - 1] + here in _DIPHTHONGS:
                    vowels = 2
                    continue
                points.append(i)
            vowels = 1
            continue
        if i + 1 < len(lower) and lower[i + 1] in _VOWELS and vowels:
            points.append(i)
            vowels = 0
    return points


@functools.lru_cache(maxsize=8)
def _dictionary(code: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=code)


@functools.lru_cache(maxsize=65536)
def hyphenate_word(word: str, lang: str) -> str:
    """``word`` with soft hyphens at the points that leave pieces of PIECE letters or more."""
    code = BY_CODE[lang].hyphenation if lang in BY_CODE else ""
    if not code:
        return word
    points = sorted(finnish_points(word) if code == SYLLABLES else
                    _dictionary(code).positions(word))
    # Two vowels split mark the seam of a Finnish compound ("hyvinvointi-alue"): a point
    # just before such a seam gives way to it.
    seams = {p for p in points if code == SYLLABLES and word[p - 1] in _VOWELS
             and word[p].casefold() in _VOWELS}
    kept: list[int] = []
    for point in points:
        if point not in seams and any(point < seam <= point + 3 for seam in seams):
            continue
        if point - (kept[-1] if kept else 0) >= PIECE and len(word) - point >= PIECE:
            kept.append(point)
    out, last = [], 0
    for point in kept:
        out += [word[last:point], SOFT_HYPHEN]
        last = point
    return "".join(out) + word[last:]


def hyphenate(text: str, lang: str) -> str:
    """Plain text with its long words hyphenated."""
    if len(text) <= LONG:
        return text
    return _WORD.sub(lambda match: hyphenate_word(match.group(0), lang), text)


def hyphenate_html(html: str, lang: str) -> str:
    """HTML with the long words of its text hyphenated (tags, entities and the text of links
    and code left as they are)."""
    parts = _MARKUP.split(html)
    return "".join(part if index % 2 else hyphenate(part, lang)
                   for index, part in enumerate(parts))
