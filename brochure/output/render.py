"""Stage 4: pages of the site model to HTML with Jinja, plus sitemap and robots.txt.

One Jinja environment per language, each with its gettext catalog installed; autoescape is on
for every template and an undefined variable is an error. Templates get the page (``page``,
also as ``data``) and build no address themselves: they call :mod:`brochure.core.urls` (``urls``)
and ``rel()`` to make it relative. Markdown becomes HTML here (``block()``) and QR codes are
drawn here (``qr()``), so the site model stays cheap to build and compare.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import jinja2
import jinja2.bccache
import jinja2.meta
from markupsafe import Markup, escape

from brochure.core import urls
from brochure.core.i18n import N_, translations
from brochure.core.languages import AUTONYMS, LANGUAGE_NAMES, OG_LOCALES, REQUIRED_IN, Local
from brochure.output.charts import svg as chart_svg
from brochure.output.hyphenation import hyphenate, hyphenate_html
from brochure.output.jsonld import event_json_ld
from brochure.output.markup import render_markdown
from brochure.output.qr import qr_svg
from brochure.site.model import SiteModel, language_switch
from brochure.site.pages import CARD_TEMPLATE, PRINT_ENTRY_TEMPLATE, Page, PrintEntry
from brochure.site.views import Card, Markdown

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
STATIC = Path(__file__).resolve().parents[2] / "static"


class _CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per process: by name and by the digest of their (translated)
    source, so every new environment (each build, each preview reload, each test's site) of
    the same templates skips Jinja's parser and compiler, which cost more than rendering a
    small site."""

    def __init__(self) -> None:
        self.compiled: dict[tuple[str, str], bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self.compiled.get((bucket.key, bucket.checksum))
        if found is not None:
            bucket.bytecode_from_string(found)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if len(self.compiled) > 1024:  # a long preview session with many template edits
            self.compiled.clear()
        self.compiled[(bucket.key, bucket.checksum)] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def environment(lang: str, templates: Path = TEMPLATES) -> jinja2.Environment:
    """A Jinja environment for one language.

    Templates are read once (a preview makes a new environment when they change). The gettext
    functions behave like the i18n extension's "newstyle" ones — the translation is markup,
    ``%(name)s`` values are escaped — but skip its per-call context lookup, which dominated
    rendering time.
    """
    catalog = translations(lang)
    env = jinja2.Environment(
        loader=TranslatingLoader(str(templates), catalog.gettext),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=_COMPILED,
    )

    def gettext(message: str, **variables: Any) -> Markup:
        return Markup(catalog.gettext(message)) % variables

    def ngettext(singular: str, plural: str, n: int, **variables: Any) -> Markup:
        variables.setdefault("num", n)
        return Markup(catalog.ngettext(singular, plural, n)) % variables

    # A time range or a date span is read as one: no line break at its dash ("9.30–11.30").
    env.filters["nobreak"] = nobreak
    env.filters["unbroken"] = unbroken
    # Long words wrap at soft hyphens instead of pushing the page sideways.
    env.filters["hy"] = lambda text: hyphenate(str(text), lang)
    # urls and qr are globals, not page variables, so imported macros can use them too.
    env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext, urls=urls, qr=qr_svg,
                       json_ld=event_json_ld, chart=chart_svg,
                       t=functools.partial(text_markup, catalog.gettext),
                       block=functools.partial(block_markup, catalog.gettext))
    return env


def nobreak(text: str) -> Markup:
    """``text`` with word joiners around its en dashes, so no line breaks there."""
    return escape(text).replace("\N{EN DASH}", Markup("\N{WORD JOINER}\N{EN DASH}\N{WORD JOINER}"))


def unbroken(text: str) -> str:
    """``text`` kept on one line (a phone number on a button): no-break spaces for spaces."""
    return str(text).replace(" ", "\N{NO-BREAK SPACE}")


_CONSTANT = re.compile(r"""\{\{\s*_\((["'])([^"'{}%\\]*)\1\)\s*\}\}""")


class TranslatingLoader(jinja2.FileSystemLoader):
    """Puts the translation of every constant ``{{ _("...") }}`` into the template source.

    Each language has its own environment, so a constant UI string is translated once when
    the template is compiled instead of on every page (a group page has dozens of them).
    ``pybabel extract`` still reads the original templates.
    """

    def __init__(self, searchpath: str, translate: Callable[[str], str]) -> None:
        super().__init__(searchpath)
        self.translate = translate

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        return _CONSTANT.sub(self._replace, source), filename, uptodate

    def _replace(self, match: re.Match[str]) -> str:
        text = str(escape(self.translate(match.group(2))))
        if "{" in text or "}" in text or "%" in text:
            return match.group(0)  # leave anything Jinja could misread to run-time gettext
        return text


def text_markup(translate: Callable[[str], str], value: Local) -> Markup:
    """A text, its long words hyphenated; if it stands in from another language, marked with
    its ``lang`` and a short note."""
    text = hyphenate(value.text, value.lang)
    if value.fallback:
        return Markup('<span lang="{}">{}</span> <span class="fallback">{}</span>').format(
            value.lang, text, translate(N_("(text in Finnish)")))
    return escape(text)


def block_markup(translate: Callable[[str], str], value: Markdown) -> Markup:
    """A partner's Markdown as safe HTML, its long words hyphenated; if it stands in from
    another language, in a block marked with its ``lang``, with a note."""
    html = Markup(hyphenate_html(str(render_markdown(value.source,
                                                     top_heading=value.top_heading)),
                                 value.lang))
    if value.fallback:
        return Markup('<div lang="{}">{}</div>\n<p class="fallback-note">{}</p>').format(
            value.lang, html, translate(N_("This text is only available in Finnish.")))
    return html


# Stands for the way from a page to the site's root in a fragment shared by pages at any depth.
_ROOT = "\x1a"
# Stands for a group's QR code in its brochure entry: the drawings are kept once, by their
# link, rather than in each language's entry too (at 10,000 groups 100 MB more to hold). No
# text of a group can hold it: escaped, a "<" in a text becomes "&lt;".
_CODE = "<\x1bqr>"


def _from_root(url: str) -> str:
    return _ROOT + url


class Renderer:
    """Renders pages of one site model to HTML.

    A group's card looks the same on every list, and its entry the same in every printable
    brochure: each is rendered once per language and reused (its links made relative to each
    page's folder when the page is put together).
    """

    def __init__(self, model: SiteModel, templates: Path = TEMPLATES,
                 envs: dict[str, jinja2.Environment] | None = None) -> None:
        self.model = model
        self.templates = templates
        self.envs = envs or {lang: environment(lang, templates) for lang in model.languages}
        # Fragments by template, group and language.
        self._fragments: dict[tuple[str, str, str], str] = {}

    def link_function(self, page: Page) -> Callable[[str], str]:
        if page.absolute_links:
            return self.model.absolute
        return functools.partial(urls.relative, page.url)

    def card_in(self, card: Card, lang: str) -> str:
        """A card, rendered once per language: its links lead from the site's root behind a
        marker, which each list replaces with its own way there (:meth:`cards`)."""
        return self._fragment(CARD_TEMPLATE, card.slug, lang, card=card)

    def entry_in(self, entry: PrintEntry, lang: str) -> str:
        """A group's entry in the printable brochures, rendered once per language (as a
        card is), with a marker where its QR code goes (:meth:`entries`)."""
        return self._fragment(PRINT_ENTRY_TEMPLATE, entry.slug, lang, entry=entry,
                              code=Markup(_CODE))

    def _fragment(self, template: str, slug: str, lang: str, **values: object) -> str:
        key = (template, slug, lang)
        html = self._fragments.get(key)
        if html is None:
            html = self._fragments[key] = self.envs[lang].get_template(template).render(
                rel=_from_root, lang=lang, **values)
        return html

    def remember(self, fragments: Mapping[tuple[str, str, str], str]) -> None:
        """Fragments rendered before (kept by the build engine), by template, group and
        language."""
        self._fragments.update(fragments)

    def cards(self, page: Page, cards: Sequence[Card]) -> Markup:
        """A list of group cards (each rendered once, joined here rather than in Jinja)."""
        if not cards:
            return Markup("")
        items = "\n".join(self.card_in(card, page.lang) for card in cards)
        return Markup(f'<ul class="cards" data-cards>\n{self._placed(page, items)}\n</ul>')

    def entries(self, page: Page, entries: Sequence[PrintEntry]) -> Markup:
        """Groups' entries in a printable brochure, one a line (indented as the page's own
        lines are)."""
        return Markup(self._placed(page, "\n  ".join(
            self.entry_in(entry, page.lang).replace(_CODE, qr_svg(entry.link, entry.qr_label))
            for entry in entries)))

    def _placed(self, page: Page, fragments: str) -> str:
        """Fragments with their links leading from ``page``."""
        way = self.model.base_url if page.absolute_links else urls.up(page.url)
        return fragments.replace(_ROOT, way)

    def render(self, page: Page) -> str:
        model = self.model
        template = self.envs[page.lang].get_template(page.template)
        rel = self.link_function(page)
        return template.render(
            page=page,
            data=page,
            lang=page.lang,
            chrome=model.chrome.get(page.lang) or model.chrome[model.languages[0]],
            rel=rel,
            absolute=model.absolute,
            asset=lambda name: rel(urls.asset(name)),
            cards=functools.partial(self.cards, page),
            entries=functools.partial(self.entries, page),
            languages=language_switch(page, model.languages),
            alternates=[(lang, model.absolute(url)) for lang, url in page.alternates.items()],
            x_default=model.absolute(page.alternates.get(model.languages[0], page.url)),
            canonical=model.absolute(page.url),
            og_locale=OG_LOCALES.get(page.lang, page.lang),
            autonyms=AUTONYMS,
            # The site's languages (its main one first) and their names, for the form.
            site_languages=model.languages,
            language_names=LANGUAGE_NAMES,
            required_in=REQUIRED_IN,
        )


_REFERENCES: dict[str, tuple[str | None, ...]] = {}


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
        found = _REFERENCES.get(source)
        if found is None:  # parsed once per process and source, like the templates
            if len(_REFERENCES) >= 1024:  # a long preview session of template edits
                _REFERENCES.clear()
            found = _REFERENCES[source] = tuple(
                jinja2.meta.find_referenced_templates(env.parse(source)))
        direct[name] = None if None in found else {ref for ref in found if ref is not None}
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


def sitemap(model: SiteModel) -> str:
    """sitemap.xml with every language version linked to the others (xhtml:link)."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    # Each address appears once as a page and once among each of its versions' alternates:
    # made absolute and quoted once (at 1,000 groups 12,000 addresses, 50,000 mentions).
    quoted: dict[str, str] = {}

    def href(url: str) -> str:
        found = quoted.get(url)
        if found is None:
            found = quoted[url] = quoteattr(model.absolute(url))
        return found

    main = model.languages[0]  # the site's main language, first
    for page in sorted((p for p in model.pages if p.sitemap), key=lambda p: p.url):
        lines.append("  <url>")
        lines.append(f"    <loc>{xml_escape(model.absolute(page.url))}</loc>")
        for lang, url in sorted(page.alternates.items()):
            lines.append(f'    <xhtml:link rel="alternate" hreflang="{lang}" href={href(url)}/>')
        if main in page.alternates:
            lines.append('    <xhtml:link rel="alternate" hreflang="x-default" '
                         f"href={href(page.alternates[main])}/>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(model: SiteModel) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {model.absolute(urls.SITEMAP)}\n"


def static_files(static: Path = STATIC) -> Iterator[tuple[str, bytes]]:
    """The site's own CSS and script: stylesheets without their comments and spaces (a group
    page and its stylesheet stay within 20 kB), everything else as it is."""
    for path in sorted(static.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            data = path.read_bytes()
            if path.suffix == ".css":
                data = minify_css(data.decode("utf-8")).encode("utf-8")
            yield urls.asset(path.relative_to(static).as_posix()), data


def minify_css(css: str) -> str:
    """The same rules in fewer bytes: comments and spaces around braces, semicolons and
    commas go, the spaces after the colons of declarations (never those of selectors,
    where a space before ``:`` means a descendant), and the zeros before decimal points."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s+", " ", css)
    css = re.sub(r"\s*([{};,])\s*", r"\1", css)
    css = re.sub(r"\{([^{}]*)\}", lambda m: "{" + re.sub(r"\s*:\s*", ":", m.group(1)) + "}",
                 css)
    # 0.5rem -> .5rem (not within a number or a name: 10.5, #0.5, a0.5).
    css = re.sub(r"(?<![\w.#-])0\.(\d)", r".\1", css)
    return css.replace(";}", "}").strip() + "\n"
