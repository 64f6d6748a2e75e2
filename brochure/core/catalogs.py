"""Catalog upkeep after ``pybabel update`` (run by ``make catalogs``).

English is the source language, so the English catalog is completed from the message ids;
Finnish and Swedish are listed where a translation is still missing.
"""

from __future__ import annotations

import sys

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from brochure.core.i18n import catalog_path
from brochure.core.languages import LANGUAGES, SOURCE


def _read(lang: str) -> Catalog:
    with open(catalog_path(lang), "rb") as handle:
        return read_po(handle, locale=lang)


def _write(lang: str, catalog: Catalog) -> None:
    with open(catalog_path(lang), "wb") as handle:
        write_po(handle, catalog, width=0, sort_by_file=True, omit_header=False)


def untranslated(catalog: Catalog) -> list[str]:
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def main() -> int:
    english = _read(SOURCE)
    for message in english:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            if not isinstance(message.string, tuple | list) or not all(message.string):
                message.string = (message.id[0], message.id[1])
        elif not message.string:
            message.string = message.id
        message.flags.discard("fuzzy")
    _write(SOURCE, english)
    status = 0
    for lang in LANGUAGES:
        missing = untranslated(_read(lang))
        for msgid in missing:
            print(f"{lang}: untranslated: {msgid}")
        status |= bool(missing)
    return status


if __name__ == "__main__":
    sys.exit(main())
