"""Gettext catalogs for the site's UI strings and the validator's messages.

One catalog per language, ``brochure/locale/<lang>/LC_MESSAGES/messages.po``, kept with
``pybabel extract/update`` (see the Makefile's ``catalogs`` target). The ``.po`` files are read
directly and compiled in memory with Babel, so a fresh clone, an installed package and the live
preview always use exactly the committed text and no compiled file can go stale.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "messages"


def N_(message: str) -> str:
    """Mark a string for extraction without translating it (translated when shown)."""
    return message


def catalog_path(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


_loaded: dict[tuple[str, Path], Translations] = {}


def translations(lang: str, locale_dir: Path = LOCALE_DIR) -> Translations:
    """The compiled catalog for ``lang`` (read once; see :func:`reload`)."""
    key = (lang, locale_dir)
    found = _loaded.get(key)
    if found is None:
        path = catalog_path(lang, locale_dir)
        stamp = path.stat().st_mtime_ns if path.exists() else 0
        found = _loaded[key] = _compile(str(path), lang, stamp)
    return found


_dependents: list[Callable[[], None]] = []


def on_reload(forget: Callable[[], None]) -> None:
    """Register a cache of translated words, to be forgotten when the catalogs change."""
    _dependents.append(forget)


def reload() -> None:
    """Forget the compiled catalogs and every cache of words made from them, so edited
    ``.po`` files are read again (live preview)."""
    _loaded.clear()
    for forget in _dependents:
        forget()


@functools.lru_cache(maxsize=32)
def _compile(path: str, lang: str, stamp: int) -> Translations:
    if not stamp:
        return Translations()
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def gettext(lang: str, message: str) -> str:
    return translations(lang).gettext(message)


def plural(lang: str, singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` (extracted with the keyword ``plural:2,3``)."""
    return translations(lang).ngettext(singular, plural, n)
