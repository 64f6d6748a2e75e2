"""Incremental rebuilds for the live preview: after an edit, render only what it changed.

The builder keeps, between updates, the last good site model, a digest of every file in its
output folder and three caches:

- :class:`~brochure.content.FileCache`: a file that did not change is not read or validated
  again;
- :class:`ViewMemo`: a group's card, page details and JSON-LD, worked out again only when the
  group or a partner it names changed;
- rendered cards, by the card's value.

An update loads the content, builds the whole site model (cheap with the memo) and compares it
with the previous one page by page. A page is rendered again when its :class:`~brochure.site.Page`
differs (title, alternates, data: a list page's data holds the cards and filter counts it
shows), when the navigation of its language changed, or when a template it uses changed: its
own template and everything that reaches through ``extends``/``include``/``import``
(:func:`jinja2.meta.find_referenced_templates`), plus ``_card.html`` if it showed cards. Pages
that no longer exist are deleted; files that are not pages (sitemap, assets: see
:func:`brochure.render.other_files`) are made again and written only if their bytes changed.
``site.yaml``, ``vocabularies.yaml`` or a catalog (``.po``) change everything, so they start
afresh.

Comparing data rather than trusting ``Page.groups`` alone matters: a group moving to another
municipality changes the counts in the filter navigation of every list, including lists that
do not show the group.

When only group files changed, a quick pass first writes the group's own pages (its page in
each language, the short link, posters), built from a copy of the content that holds just that
group: those pages depend on nothing else, and the person who saved the file is looking at one
of them. The full comparison follows and reports any quick page it had to correct.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gc
import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
from markupsafe import Markup

from . import formatting, i18n
from .content import Content, FileCache, load_content
from .i18n import LOCALE_DIR
from .languages import site_languages
from .models import Group, Partner
from .problems import Problem, Severity
from .render import STATIC, TEMPLATES, Renderer, other_files
from .site import Card, Page, SiteModel, Views, build_site, short_url
from .writer import write_file

CARD_TEMPLATE = "_card.html"
# Kinds of pages that belong to one group (their data "key" is the slug); with the short link
# r/<slug>/ they are what the quick pass writes.
OWN_KINDS = frozenset({"group", "poster"})
# Files in the content folder whose change can alter every page.
GLOBAL_FILES = frozenset({"site.yaml", "vocabularies.yaml"})


class Cancelled(Exception):
    """The update was left unfinished: the preview is stopping, or newer edits came."""


# --- what changed -----------------------------------------------------------------------

@dataclass
class Changes:
    """Changed files, sorted by what they can affect."""

    content: set[Path] = field(default_factory=set)
    templates: set[str] = field(default_factory=set)
    static: bool = False
    catalogs: bool = False
    # Start afresh: unknown changes, the site settings, vocabularies or catalogs.
    reset: bool = False

    @property
    def group_slugs(self) -> set[str] | None:
        """The slugs of the changed group files, or None if anything else changed too."""
        if self.reset or self.templates or self.static or not self.content:
            return None
        slugs = set()
        for path in self.content:
            if path.parent.name == "groups" and path.suffix == ".yaml":
                slugs.add(path.stem)
            elif path.exists() or path.parent.name != "groups":
                return None
            # else: an editor's temporary file, already gone (sed -i, atomic saves)
        return slugs


@dataclass
class Update:
    """What one update did (``ok`` is false when content errors or a failure stopped it)."""

    ok: bool
    problems: list[Problem] = field(default_factory=list)
    failure: BaseException | None = None
    cancelled: bool = False
    full: bool = False
    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    quick: list[str] = field(default_factory=list)
    corrected: list[str] = field(default_factory=list)
    seconds: float = 0.0
    quick_seconds: float | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


# --- memo of per-group views ------------------------------------------------------------

class ViewMemo:
    """Cards, details and JSON-LD per (what, slug, language), with the inputs they came from."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str, str], tuple[Group, tuple[Partner | None, ...], Any]]
        self.entries = {}


class CachedViews(Views):
    """:class:`~brochure.site.Views` that reuse the memo while a group and its partners are
    equal to what they were (vocabularies, site and date are the same: they start afresh)."""

    def __init__(self, content: Content, memo: ViewMemo) -> None:
        super().__init__(content)
        self.memo = memo

    def _remember(self, what: str, group: Group, lang: str, make: Callable[[], Any]) -> Any:
        key = (what, group.slug, lang)
        partners = tuple(self.content.partners.get(pid) for pid in group.partner_ids())
        found = self.memo.entries.get(key)
        # Unchanged files give the same objects, so these comparisons are mostly identity.
        if found is not None and found[0] == group and found[1] == partners:
            return found[2]
        value = make()
        self.memo.entries[key] = (group, partners, value)
        return value

    def card(self, group: Group, lang: str) -> Card:
        card: Card = self._remember("card", group, lang,
                                    functools.partial(Views.card, self, group, lang))
        return card

    def group_detail(self, group: Group, lang: str) -> dict[str, Any]:
        detail: dict[str, Any] = self._remember(
            "detail", group, lang, functools.partial(Views.group_detail, self, group, lang))
        return detail

    def json_ld(self, group: Group, lang: str, url: str) -> Markup:
        found: Markup = self._remember(f"json_ld {url}", group, lang,
                                       functools.partial(Views.json_ld, self, group, lang, url))
        return found


# --- rendering --------------------------------------------------------------------------

class PreviewRenderer(Renderer):
    """A renderer whose rendered cards outlive it: keyed by the card's value, not its slug."""

    def __init__(self, model: SiteModel, templates: Path,
                 cards: dict[tuple[Card, str, int], Markup]) -> None:
        super().__init__(model, templates)
        self.card_cache = cards
        self.used_cards = False

    def card_html(self, page: Page, card: Card) -> Markup:
        self.used_cards = True
        key = (card, page.lang, page.url.count("/"))
        try:
            html = self.card_cache.get(key)
        except TypeError:  # an unhashable card: render it every time
            return self._card(page, card)
        if html is None:
            html = self.card_cache[key] = self._card(page, card)
        return html

    def _card(self, page: Page, card: Card) -> Markup:
        # As Renderer.card_html renders it (the incremental test compares every byte).
        template = self.envs[page.lang].get_template(CARD_TEMPLATE)
        return Markup(template.render(card=card, rel=self.link_function(page), lang=page.lang))


def template_closures(env: jinja2.Environment) -> dict[str, frozenset[str]]:
    """For every template, the templates it reaches through extends, include and import.

    A template that names another one through a variable may reach any of them.
    """
    names = [n for n in env.list_templates() if not n.startswith(".")]
    loader = env.loader
    assert loader is not None
    direct: dict[str, set[str] | None] = {}
    for name in names:
        source = loader.get_source(env, name)[0]
        found = set()
        dynamic = False
        for ref in jinja2.meta.find_referenced_templates(env.parse(source)):
            if ref is None:
                dynamic = True
            else:
                found.add(ref)
        direct[name] = None if dynamic else found
    everything = frozenset(names)
    closures: dict[str, frozenset[str]] = {}
    for name in names:
        seen = {name}
        todo = [name]
        while todo:
            refs = direct.get(todo.pop(), set())
            if refs is None:
                seen = set(everything)
                break
            for ref in refs - seen:
                seen.add(ref)
                todo.append(ref)
        closures[name] = frozenset(seen)
    return closures


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def forget_translations() -> None:
    """Make the next build read the catalogs again, and forget words cached from them."""
    reload = getattr(i18n, "reload", None)
    if reload is not None:
        reload()
    for value in vars(formatting).values():
        clear = getattr(value, "cache_clear", None)
        if clear is not None:
            clear()


# --- the builder ------------------------------------------------------------------------

class IncrementalBuilder:
    """Keeps ``output`` equal to a full build of ``content_dir``, updating only what changed.

    Not thread-safe: one thread calls :meth:`update`; :meth:`cancel` may come from another.
    """

    def __init__(self, content_dir: Path, output: Path, today: dt.date, *,
                 base_url: str | None = None, templates: Path = TEMPLATES,
                 static: Path = STATIC, locale_dir: Path = LOCALE_DIR) -> None:
        self.content_dir = content_dir
        self.output = output
        self.today = today
        self.base_url = base_url
        self.templates = templates
        self.static = static
        self.locale_dir = locale_dir
        self.cache = FileCache()
        self.memo = ViewMemo()
        self.cards: dict[tuple[Card, str, int], Markup] = {}
        self.model: SiteModel | None = None
        self.renderer: PreviewRenderer | None = None
        self.closures: dict[str, frozenset[str]] = {}
        self.card_pages: set[str] = set()
        self.digests: dict[str, bytes] = {}
        # Changes not yet shown (an update failed): they are taken up by the next one.
        self._pending = Changes(reset=True)
        self._cancel = threading.Event()
        self._interrupt = threading.Event()
        self._interruptible = False
        self._collecting = False

    def cancel(self) -> None:
        """Stop for good: an update under way ends at the next page (the preview is closing)."""
        self._cancel.set()

    def interrupt(self) -> None:
        """Newer edits are waiting: end the full pass of an update under way early (its
        changes are taken up by the next update). A fresh start is not interrupted: the next
        update would have to start afresh again."""
        self._interrupt.set()

    def _check(self) -> None:
        if self._cancel.is_set() or (self._interruptible and self._interrupt.is_set()):
            raise Cancelled

    # -- sorting changes --

    def classify(self, paths: Iterable[Path] | None) -> Changes:
        """Sort changed paths by what they can affect (None: anything may have changed)."""
        if paths is None:
            return Changes(reset=True)
        changes = Changes()
        content, templates = _resolved(self.content_dir), _resolved(self.templates)
        static, locale = _resolved(self.static), _resolved(self.locale_dir)
        for path in paths:
            path = _resolved(path)
            if path.is_relative_to(content):
                if path.parent == content and path.name in GLOBAL_FILES:
                    changes.reset = True
                changes.content.add(path)
            elif path.is_relative_to(templates):
                changes.templates.add(path.relative_to(templates).as_posix())
            elif path.is_relative_to(static):
                changes.static = True
            elif path.is_relative_to(locale) and path.suffix == ".po":
                changes.catalogs = changes.reset = True
        return changes

    # -- one update --

    def update(self, paths: Iterable[Path] | None = None,
               early: Callable[[list[str]], None] | None = None) -> Update:
        """Bring the output up to date after ``paths`` changed (None: after anything).

        ``early`` is called with the files the quick pass wrote, before the full comparison.
        """
        started = time.perf_counter()
        changes = _merge(self._pending, self.classify(paths))
        self._pending = changes
        self._interrupt.clear()
        self._interruptible = False
        if changes.catalogs:
            forget_translations()
        # No garbage collection until the edited group's pages are written: with the caches
        # a full collection takes a good part of a second, and someone is waiting for them.
        self._collecting = gc.isenabled()
        gc.disable()
        try:
            content = load_content(self.content_dir, self.today, self.cache)
            result = Update(ok=False, problems=content.problems)
            if content.errors:
                result.seconds = time.perf_counter() - started
                return result
            try:
                self._update(content, changes, result, early, started)
            except Cancelled:
                result.cancelled = True
            except Exception as exc:  # a template or program error: shown, kept for a retry
                result.failure = exc
            else:
                result.ok = True
                self._pending = Changes()
        finally:
            self._resume_collection()
        result.seconds = time.perf_counter() - started
        return result

    def _update(self, content: Content, changes: Changes, result: Update,
                early: Callable[[list[str]], None] | None, started: float) -> None:
        old = self.model
        reset = changes.reset or old is None
        if reset:
            self.memo = ViewMemo()
            self.cards.clear()
        closures = self.closures
        if reset or changes.templates or self.renderer is None:
            # Environments read each template once, so edited templates need new ones.
            self.renderer = PreviewRenderer(_empty_model(content, self.base_url), self.templates,
                                            self.cards)
            closures = template_closures(next(iter(self.renderer.envs.values())))
        renderer = self.renderer

        slugs = changes.group_slugs
        if not reset and slugs and old is not None:
            self._quick(content, slugs, result)
            result.quick_seconds = time.perf_counter() - started
            if early is not None and result.quick:
                early(list(result.quick))
        self._resume_collection()

        self._interruptible = not reset
        self._check()
        model = old if old is not None and not changes.content and not reset else build_site(
            content, self.base_url, CachedViews(content, self.memo))
        renderer.model = model
        result.full = reset
        affected = _affected(changes.templates, self.closures, closures)
        card_template = CARD_TEMPLATE in affected
        if card_template:
            self.cards.clear()
        old_pages = {p.url: p for p in old.pages} if old is not None and not reset else {}
        chrome = set() if reset or old is None else {
            lang for lang in model.languages if old.chrome.get(lang) != model.chrome.get(lang)}
        same_site = old is not None and (old.base_url, old.languages, old.today) == (
            model.base_url, model.languages, model.today)

        quick = set(result.quick)
        expected: set[str] = set()
        for page in model.pages:
            path = page.output_path
            expected.add(path)
            before = old_pages.get(page.url)
            if (reset or not same_site or before is None or before != page
                    or page.lang in chrome or page.template in affected
                    or (card_template and page.url in self.card_pages)):
                self._check()
                html = self._render(renderer, page)
                result.rendered.append(page.url)
                if self._write(path, html.encode("utf-8"), result.written) and path in quick:
                    result.corrected.append(path)
        self._check()
        for path, data in other_files(model, self.static).items():
            expected.add(path)
            self._write(path, data, result.written)
        for path in sorted(set(self.digests) - expected):
            self._delete(path, result)
        self.model = model
        self.closures = closures

    def _resume_collection(self) -> None:
        if self._collecting:
            self._collecting = False
            gc.enable()

    def _quick(self, content: Content, slugs: set[str], result: Update) -> None:
        """Write the pages of the changed groups, built from a content with only them."""
        shown = {s: content.groups[s] for s in sorted(slugs)
                 if s in content.groups and s not in content.hidden}
        if not shown:
            return
        alone = dataclasses.replace(content, groups=shown, hidden={})
        model = build_site(alone, self.base_url, CachedViews(alone, self.memo))
        renderer = self.renderer
        assert renderer is not None
        renderer.model = model
        for page in model.pages:
            key = page.data.get("key") if page.kind in OWN_KINDS else None
            if key in shown or any(page.url == short_url(s) for s in shown):
                self._check()
                html = self._render(renderer, page)
                self._write(page.output_path, html.encode("utf-8"), result.quick)

    def _render(self, renderer: PreviewRenderer, page: Page) -> str:
        renderer.used_cards = False
        html = renderer.render(page)
        if renderer.used_cards:
            self.card_pages.add(page.url)
        else:
            self.card_pages.discard(page.url)
        return html

    # -- files --

    def _write(self, path: str, data: bytes, written: list[str]) -> bool:
        """Write ``path`` if its bytes changed; True if it did."""
        digest = _digest(data)
        if self.digests.get(path) == digest:
            return False
        target = self.output / path
        if self.digests:
            write_file(target, data)
        else:  # the first build: nothing is served from here yet
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        self.digests[path] = digest
        written.append(path)
        return True

    def _delete(self, path: str, result: Update) -> None:
        target = self.output / path
        target.unlink(missing_ok=True)
        del self.digests[path]
        result.deleted.append(path)
        # Remove folders left empty, so the tree is the one a full build writes.
        folder = target.parent
        root = self.output.resolve()
        while folder.resolve() != root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def _affected(changed: set[str], before: dict[str, frozenset[str]],
              now: dict[str, frozenset[str]]) -> set[str]:
    """Templates whose own text, or that of a template they use (before or now), changed."""
    if not changed:
        return set()
    return {name for name in set(before) | set(now)
            if (before.get(name, frozenset()) | now.get(name, frozenset())) & changed}


def _merge(first: Changes, second: Changes) -> Changes:
    return Changes(first.content | second.content, first.templates | second.templates,
                   first.static or second.static, first.catalogs or second.catalogs,
                   first.reset or second.reset)


def _resolved(path: Path) -> Path:
    return Path(os.path.abspath(path))


def _empty_model(content: Content, base_url: str | None) -> SiteModel:
    """A model to make a renderer with before the first site model exists."""
    assert content.site is not None
    languages = site_languages(content.site.languages)
    return SiteModel(base_url or content.site.base_url, [], languages, content.today)
