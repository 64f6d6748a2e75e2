"""Stage 4: pages of the site model to HTML with Jinja, plus sitemap and robots.txt.

One Jinja environment per language, each with its gettext catalog installed; autoescape is on
for every template and an undefined variable is an error. A group's card looks the same on every
list at the same folder depth, so it is rendered once per language and depth and reused.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import jinja2
from markupsafe import Markup, escape

from .exports import export_files
from .i18n import N_, translations
from .languages import AUTONYMS, OG_LOCALES, Local
from .site import Card, Link, LocalHtml, Page, SiteModel, relative

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STATIC = Path(__file__).resolve().parent.parent / "static"
ASSETS = "assets/"


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
    )

    def gettext(message: str, **variables: Any) -> Markup:
        return Markup(catalog.gettext(message)) % variables

    def ngettext(singular: str, plural: str, n: int, **variables: Any) -> Markup:
        variables.setdefault("num", n)
        return Markup(catalog.ngettext(singular, plural, n)) % variables

    env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext,
                       t=functools.partial(text_markup, catalog.gettext),
                       block=functools.partial(block_markup, catalog.gettext))
    return env


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
    """A text; if it stands in from Finnish, marked ``lang="fi"`` with a short note."""
    if value.fallback:
        return Markup('<span lang="{}">{}</span> <span class="fallback">{}</span>').format(
            value.lang, value.text, translate(N_("(in Finnish)")))
    return escape(value.text)


def block_markup(translate: Callable[[str], str], value: LocalHtml) -> Markup:
    """Rendered Markdown; if it stands in from Finnish, in a ``lang="fi"`` block with a note."""
    if value.fallback:
        return Markup('<div lang="{}">{}</div>\n<p class="fallback-note">{}</p>').format(
            value.lang, value.html, translate(N_("This text is only available in Finnish.")))
    return value.html


class Renderer:
    """Renders the pages of one site model."""

    def __init__(self, model: SiteModel, templates: Path = TEMPLATES) -> None:
        self.model = model
        self.templates = templates
        self.envs = {lang: environment(lang, templates) for lang in model.languages}
        self._cards: dict[tuple[str, str, int], Markup] = {}

    def link_function(self, page: Page) -> Callable[[str], str]:
        if page.absolute_links:
            return self.model.absolute
        return functools.partial(relative, page.url)

    def language_switch(self, page: Page) -> list[Link]:
        return [Link(page.alternates[lang], AUTONYMS[lang], current=lang == page.lang,
                     lang=lang)
                for lang in self.model.languages if lang in page.alternates]

    def card_html(self, page: Page, card: Card) -> Markup:
        depth = page.url.count("/")
        key = (card.slug, page.lang, depth)
        html = self._cards.get(key)
        if html is None:
            template = self.envs[page.lang].get_template("_card.html")
            html = Markup(template.render(card=card, rel=self.link_function(page),
                                          lang=page.lang))
            self._cards[key] = html
        return html

    def cards(self, page: Page, cards: list[Card]) -> Markup:
        """A list of group cards (rendered once each, joined here rather than in Jinja)."""
        if not cards:
            return Markup("")
        items = "\n".join(self.card_html(page, card) for card in cards)
        return Markup(f'<ul class="cards" data-cards>\n{items}\n</ul>')

    def render(self, page: Page) -> str:
        env = self.envs[page.lang]
        template = env.get_template(page.template)
        model = self.model
        return template.render(
            page=page,
            data=page.data,
            lang=page.lang,
            chrome=model.chrome.get(page.lang) or model.chrome[model.languages[0]],
            rel=self.link_function(page),
            absolute=model.absolute,
            asset=lambda name: self.link_function(page)(ASSETS + name),
            card_html=functools.partial(self.card_html, page),
            cards=functools.partial(self.cards, page),
            languages=self.language_switch(page),
            alternates=[(lang, model.absolute(url)) for lang, url in page.alternates.items()],
            x_default=model.absolute(page.alternates.get("fi", page.url)),
            canonical=model.absolute(page.url),
            og_locale=OG_LOCALES.get(page.lang, page.lang),
            autonyms=AUTONYMS,
        )

    def pages(self) -> Iterator[tuple[str, str]]:
        for page in self.model.pages:
            yield page.output_path, self.render(page)


def sitemap(model: SiteModel) -> str:
    """sitemap.xml with every language version linked to the others (xhtml:link)."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for page in sorted((p for p in model.pages if p.sitemap), key=lambda p: p.url):
        lines.append("  <url>")
        lines.append(f"    <loc>{xml_escape(model.absolute(page.url))}</loc>")
        for lang, url in sorted(page.alternates.items()):
            lines.append(f'    <xhtml:link rel="alternate" hreflang="{lang}" '
                         f"href={quoteattr(model.absolute(url))}/>")
        if "fi" in page.alternates:
            lines.append('    <xhtml:link rel="alternate" hreflang="x-default" '
                         f"href={quoteattr(model.absolute(page.alternates['fi']))}/>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(model: SiteModel) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {model.absolute('sitemap.xml')}\n"


def static_files(static: Path = STATIC) -> Iterator[tuple[str, bytes]]:
    """The site's own CSS and script, copied as they are."""
    for path in sorted(static.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            yield ASSETS + path.relative_to(static).as_posix(), path.read_bytes()


def render_site(model: SiteModel, templates: Path = TEMPLATES,
                static: Path = STATIC) -> dict[str, bytes]:
    """Every output file of the site: path relative to the output folder -> bytes."""
    renderer = Renderer(model, templates)
    files: dict[str, bytes] = {}
    for path, html in renderer.pages():
        files[path] = html.encode("utf-8")
    files.update(other_files(model, static))
    return files


def other_files(model: SiteModel, static: Path = STATIC) -> dict[str, bytes]:
    """Every output file that is not one of the model's pages.

    The live preview (:mod:`brochure.incremental`) makes these again after every edit and
    renders pages only when they change, so a new kind of output belongs here.
    """
    files = {
        "sitemap.xml": sitemap(model).encode("utf-8"),
        "robots.txt": robots(model).encode("utf-8"),
    }
    files.update(export_files(model))
    files.update(static_files(static))
    return files
