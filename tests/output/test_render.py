"""brochure/render.py: templates, translations, partner texts and the sitemap.

Most of these need no site: templates come from a ``DictLoader`` or a temporary folder.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import jinja2

from brochure.core.languages import Local
from brochure.output.render import (
    TranslatingLoader,
    block_markup,
    environment,
    minify_css,
    template_closures,
    text_markup,
)
from brochure.site.views import Markdown
from tests.conftest import ExampleSite


def shout(text: str) -> str:
    return text.upper()


def test_constant_texts_are_translated_when_the_template_is_compiled(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        '{{ _("Kahvi & pulla") }} {{ _("at %(time)s", time=t) }} {{ name }}\n',
        encoding="utf-8")
    loader = TranslatingLoader(str(tmp_path), shout)
    source = loader.get_source(jinja2.Environment(), "page.html")[0]
    # Escaped once, inlined; a text with a placeholder stays a call made at run time.
    assert source.startswith('KAHVI &amp; PULLA {{ _("at %(time)s", time=t) }}')


def test_the_finnish_environment_writes_finnish_and_escapes_values(tmp_path: Path) -> None:
    (tmp_path / "t.html").write_text('{{ _("hint") }}: {{ value }}', encoding="utf-8")
    env = environment("fi", tmp_path)
    assert env.get_template("t.html").render(value="<b>") == "vihje: &lt;b&gt;"


def test_a_stand_in_text_is_marked_finnish_with_a_note() -> None:
    plain = text_markup(shout, Local("Kahvila", "sv"))
    assert str(plain) == "Kahvila"
    marked = text_markup(shout, Local("Kahvila <3", "fi", fallback=True))
    assert str(marked) == ('<span lang="fi">Kahvila &lt;3</span> '
                           '<span class="fallback">(TEXT IN FINNISH)</span>')


def test_a_stand_in_description_is_a_finnish_block_with_a_note() -> None:
    html = str(block_markup(shout, Markdown("# Otsikko\n\nTeksti", "fi", fallback=True)))
    assert html.startswith('<div lang="fi"><h3>Otsikko</h3>')
    assert html.endswith('<p class="fallback-note">THIS TEXT IS ONLY AVAILABLE IN FINNISH.</p>')


def test_template_closures_follow_extends_include_and_import() -> None:
    env = jinja2.Environment(loader=jinja2.DictLoader({
        "base.html": "{% include '_footer.html' %}",
        "_footer.html": "footer",
        "_macros.html": "{% macro m() %}m{% endmacro %}",
        "group.html": "{% extends 'base.html' %}{% import '_macros.html' as x %}",
        "any.html": "{% include name %}",
    }))
    closures = template_closures(env)
    assert closures["group.html"] == {"group.html", "base.html", "_footer.html", "_macros.html"}
    assert closures["_footer.html"] == {"_footer.html"}
    # A template chosen at run time could be any of them.
    assert closures["any.html"] == set(closures)


def test_the_sitemap_lists_pages_with_their_language_versions(example_site: ExampleSite) -> None:
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
                  "x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(example_site.read("sitemap.xml"))
    entries = root.findall("s:url", namespaces)
    locations = [e.findtext("s:loc", default="", namespaces=namespaces) for e in entries]
    assert locations == sorted(locations) and len(locations) == len(set(locations))
    group = "https://example.org/ryhmat/sv/groups/torstain-olohuone/"
    entry = entries[locations.index(group)]
    links = {link.get("hreflang"): link.get("href")
             for link in entry.findall("x:link", namespaces)}
    assert links == {"fi": group.replace("/sv/", "/fi/"), "sv": group,
                     "en": group.replace("/sv/", "/en/"),
                     "x-default": group.replace("/sv/", "/fi/")}
    assert not any("/print/" in (loc or "") or "/r/" in (loc or "") for loc in locations)


def test_the_stylesheet_is_served_smaller_with_the_same_rules() -> None:
    """Comments, spaces and the zeros before decimal points go; numbers, colours and names
    that merely contain "0." stay as they are."""
    css = ("/* why */\n.a0 .b , .c:hover {\n  margin: 0.5rem 10.5px;\n  color: #0a4d8c;\n"
           "  box-shadow: 0 2px 0 rgba(0, 0, 0, 0.45);\n}\n")
    assert minify_css(css) == (".a0 .b,.c:hover{margin:.5rem 10.5px;color:#0a4d8c;"
                               "box-shadow:0 2px 0 rgba(0,0,0,.45)}\n")
