"""Each group's own file is published byte for byte, hidden and ended groups' too (the form
edits a copy of it)."""

from __future__ import annotations

from brochure.core import urls
from tests.conftest import ExampleSite


def test_every_group_file_is_published_as_it_is(example_site: ExampleSite) -> None:
    content = example_site.result.content
    assert content.hidden  # an ended group's file is published too
    assert set(content.sources) == set(content.groups)
    for slug, path in content.sources.items():
        published = example_site.output / urls.group_source(slug)
        assert published.read_bytes() == path.read_bytes(), slug
