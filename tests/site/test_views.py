"""What the pages show of a group, as values: here, the fact box a pull request's summary
shows a partner (brochure/ci/pr_summary.py) against the page the site really builds."""

from __future__ import annotations

import html
import re

import pytest

from brochure.core.languages import LANGUAGES
from brochure.site.views import Views
from tests.conftest import ExampleSite


def page_text(page: str) -> str:
    """A page's words as a reader sees them: tags gone, entities read, spaces collapsed."""
    main = page[page.index("<main"):page.index("</main>")]
    text = re.sub(r"<br\s*/?>", " ", main)
    text = re.sub(r"<[^>]+>", "", text)
    return " ".join(html.unescape(text).split())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_fact_box_says_what_the_group_page_says(example_site: ExampleSite, lang: str) -> None:
    """Every fact of every group's fact box stands on its page, word for word: the summary
    of a pull request shows exactly what residents will read."""
    content = example_site.result.checked.ready()
    assert content is not None
    views = Views(content)
    for group in content.published:
        facts = views.fact_box(group, lang)
        said = page_text(example_site.read(f"{lang}/groups/{group.slug}/"))
        for fact in (*facts.when, facts.venue_name, facts.address, facts.phone, facts.email,
                     *facts.promises):
            if fact:
                assert " ".join(fact.split()) in said, (group.slug, lang, fact)
