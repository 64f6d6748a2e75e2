"""What the rules find, and where: findings point at a path in a document, and become problems
with the line and column of that path (:func:`problems_of`).

The helpers the rules share live here: references to vocabularies and partners with the list
of allowed values and a suggestion, texts present in the required language, and the context
every group's rules can read (:class:`Context`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from brochure.check.lenient import fold
from brochure.check.rules import RULES
from brochure.check.validate import field_name, suggestion, value_at
from brochure.core.languages import LANGUAGES
from brochure.core.models import Site, Text, Vocabularies
from brochure.core.problems import Position, Problem
from brochure.load.document import Document, Path_

SLUG_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]{1,58})[a-z0-9]\Z")


@dataclass(frozen=True)
class Context:
    """What a group's rules can refer to."""

    vocabularies: Vocabularies
    partners: frozenset[str]
    site: Site
    today: dt.date
    # Partners whose files have errors (id, file): referring to one is one line, not many.
    broken: tuple[tuple[str, str], ...] = ()
    # Each partner's name in every language, for the list of allowed partners.
    partner_names: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    @property
    def order(self) -> tuple[str, ...]:
        """The site's languages, its main one (which every text must have) first."""
        return self.site.language_order


@dataclass(frozen=True)
class Finding:
    rule: str
    loc: Path_
    params: dict[str, Any]
    key: bool = False
    # Where in the text value the problem starts (a character index), for the exact line.
    offset: int | None = None


def find(rule: str, loc: Path_, key: bool = False, **params: Any) -> Finding:
    return Finding(rule, loc, params, key)


def find_at(rule: str, loc: Path_, offset: int, **params: Any) -> Finding:
    return Finding(rule, loc, params, False, offset)


def position_in_text(doc: Document, loc: Path_, value: str, offset: int) -> Position:
    """The line and column of ``value[offset]`` in the file, for a text written as a literal
    block (``|``) or on one line without escapes; else where the value starts."""
    start = doc.position(loc)
    lines = doc.text.split("\n")
    if not 0 < start.line <= len(lines):
        return start
    source = lines[start.line - 1][start.column - 1:].rstrip("\r")
    before = value[:offset]
    if source[:1] == "|":
        line = start.line + 1 + before.count("\n")
        if line > len(lines):
            return start
        text_line = lines[line - 1]
        indent = len(text_line) - len(text_line.lstrip(" "))
        column = indent + len(before) - (before.rfind("\n") + 1) + 1
        return Position(line, column)
    if "\n" in value or "\\" in source:
        return start
    quote = 1 if source[:1] in "\"'" else 0
    return Position(start.line, start.column + quote + offset)


REFERENCE_RULES = {
    "municipalities": "unknown-municipality",
    "audiences": "unknown-audience",
    "activities": "unknown-activity",
    "accessibility": "unknown-accessibility-feature",
    "languages": "unknown-language",
    "partner_kinds": "unknown-partner-kind",
}


def choice_list(vocab: dict[str, Any]) -> list[tuple[str, dict[str, str] | None]]:
    """A vocabulary's ids with their labels, for the list of allowed values."""
    return [(key, label.model_dump() if hasattr(label, "model_dump") else None)
            for key, label in vocab.items()]


def _label_words(vocab: dict[str, Any]) -> dict[str, str | None]:
    words: dict[str, str | None] = {}
    for key, label in vocab.items():
        for text in (label.model_dump().values() if hasattr(label, "model_dump") else ()):
            words[fold(text)] = key
    return words


def reference(vocab: dict[str, Any], rule: str, value: str, loc: Path_) -> Iterator[Finding]:
    if value not in vocab:
        yield find(rule, loc, value=value, choices=choice_list(vocab),
                   **suggestion(value, vocab, _label_words(vocab)))


def references(vocab: dict[str, Any], rule: str, values: list[str],
               loc: Path_) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            yield find("duplicate-value", (*loc, i), value=value)
        seen.add(value)
        yield from reference(vocab, rule, value, (*loc, i))


def broken_partner(ctx: Context, value: str) -> str | None:
    """The partner whose file has errors that ``value`` names, or None."""
    if value in ctx.partners:
        return None
    broken = {fold(pid): pid for pid, _ in ctx.broken}
    return broken.get(fold(value))


def partner_reference(ctx: Context, value: str, loc: Path_) -> Iterator[Finding]:
    """A known partner. A partner whose file has errors is said once, in that file (see
    :mod:`brochure.check.content`); the groups that name it wait without a message."""
    if broken_partner(ctx, value) is not None:
        return
    if value not in ctx.partners:
        names = {pid: dict(labels) for pid, labels in ctx.partner_names}
        choices = [(pid, names.get(pid)) for pid in sorted(ctx.partners)]
        words = {fold(label): pid for pid, labels in names.items() for label in labels.values()}
        yield find("unknown-partner", loc, value=value, choices=choices,
                   **suggestion(value, ctx.partners, dict(words)))


def text_findings(text: Text | None, loc: Path_, order: Sequence[str] = LANGUAGES, *,
                  required: bool = True) -> Iterator[Finding]:
    """The site's main language (the first of ``order``) present, no empty texts. Missing
    translations are gathered per file (:func:`translation_findings`).

    An empty text in the main language is one mistake with one message: the main language's
    text is missing, said where the empty text stands."""
    if text is None:
        return
    for lang in LANGUAGES:
        value = getattr(text, lang)
        if value is not None and not value.strip():
            if lang == order[0] and required:
                yield find("finnish-required", (*loc, lang), field=field_name(loc),
                           language=lang)
            else:
                yield find("empty-text", (*loc, lang), field=field_name((*loc, lang)))
    if required and getattr(text, order[0]) is None:
        # The rule's id names the brochure's usual main language; its words name the site's.
        yield find("finnish-required", loc, key=True, field=field_name(loc), language=order[0])


def translation_findings(texts: dict[str, Text | None],
                         order: Sequence[str] = LANGUAGES) -> Iterator[Finding]:
    """One warning per missing language of the site, naming every field that lacks it."""
    for lang in order[1:]:
        # A text written empty is reported as empty (empty-text), not again as missing.
        fields = [name for name, text in texts.items()
                  if text is not None and getattr(text, lang) is None]
        if fields:
            yield find("missing-translation", (fields[0],), key=True, language=lang,
                       fields=", ".join(fields))


def problems_of(doc: Document, findings: Iterable[Finding]) -> list[Problem]:
    out = []
    for finding in findings:
        if doc.is_flagged(finding.loc):
            continue
        position = doc.position(finding.loc, key=finding.key)
        if finding.offset is not None:
            value = value_at(doc.data, finding.loc)
            if isinstance(value, str):
                position = position_in_text(doc, finding.loc, value, finding.offset)
        out.append(Problem(doc.path, position, finding.rule, RULES[finding.rule].severity,
                           finding.params))
    return out


def normal_slug(slug: str) -> str:
    """The form under which two slugs count as the same."""
    return unicodedata.normalize("NFKC", slug).casefold()


def valid_slug(slug: str) -> bool:
    return bool(SLUG_PATTERN.match(slug)) and "--" not in slug
