"""brochure/markup.py: a partner's Markdown becomes safe, well-ordered HTML."""

from __future__ import annotations

import pytest

from brochure.output.markup import render_markdown, shift_headings


def test_lists_paragraphs_and_emphasis_survive() -> None:
    html = render_markdown("Tervetuloa!\n\n- kahvia\n- juttuseuraa\n\n**Ilmainen**")
    assert html == ("<p>Tervetuloa!</p>\n<ul>\n<li>kahvia</li>\n<li>juttuseuraa</li>\n</ul>\n"
                    "<p><strong>Ilmainen</strong></p>")


@pytest.mark.parametrize("source", [
    "<script>alert(1)</script>",
    '<img src="https://tracker.example/p.gif">',
    '<iframe src="https://example.org"></iframe>',
    '[klikkaa](javascript:alert(1))',
    '<a href="#" onclick="alert(1)">x</a>',
    "<!-- piilotettu -->",
])
def test_nothing_that_runs_or_loads_reaches_the_page(source: str) -> None:
    html = render_markdown(source).lower()
    for forbidden in ("<script", "<img", "<iframe", "javascript:", "onclick", "<!--"):
        assert forbidden not in html, (source, html)


def test_links_open_safely_and_keep_their_address() -> None:
    html = render_markdown("[Soite](https://www.soite.fi/) ja [soita](tel:+358401234567)")
    assert '<a href="https://www.soite.fi/" rel="noopener noreferrer">Soite</a>' in html
    assert 'href="tel:+358401234567"' in html


def test_a_removed_address_leaves_no_stray_rel() -> None:
    assert "rel=" not in render_markdown("[x](javascript:alert(1))")


def test_headings_never_climb_above_their_section() -> None:
    html = render_markdown("# Otsikko\n\nTeksti\n\n## Alaotsikko", top_heading=3)
    assert "<h3>Otsikko</h3>" in html and "<h4>Alaotsikko</h4>" in html
    assert "<h1" not in html and "<h2" not in html


def test_skipped_heading_levels_are_closed_up() -> None:
    # "## A" then "#### B": B sits one level below A, not three.
    assert shift_headings("<h2>A</h2><h4>B</h4><h2>C</h2>", 3) == (
        "<h3>A</h3><h4>B</h4><h3>C</h3>")
    assert shift_headings("<h1>A</h1><h6>B</h6>", 6) == "<h6>A</h6><h6>B</h6>"
