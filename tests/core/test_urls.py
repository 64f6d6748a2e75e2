"""brochure/core/urls.py: the word search's index in parts (urls.search_parts)."""

from __future__ import annotations

from brochure.core import urls

SLUGS = [f"ryhma-{n:04d}" for n in range(1000)]


def test_a_small_site_has_one_part_at_the_old_address() -> None:
    parts = urls.search_parts("fi", SLUGS[:250])
    assert parts == {"pagefind/fi/": tuple(sorted(SLUGS[:250]))}


def test_parts_hold_every_group_once_and_about_the_part_size() -> None:
    parts = urls.search_parts("sv", SLUGS)
    assert list(parts) == [urls.search_index("sv"),
                           *(f"pagefind/sv/part-{n}/" for n in range(2, 5))]
    assert urls.search_index("sv") == "pagefind/sv/"
    held = [slug for slugs in parts.values() for slug in slugs]
    assert sorted(held) == SLUGS
    assert all(200 <= len(slugs) <= 300 for slugs in parts.values()), \
        [len(slugs) for slugs in parts.values()]


def test_a_group_stays_in_its_part_when_others_come_and_go() -> None:
    """An edit, a new group or a removed one makes only the parts it touches again."""
    before = urls.search_parts("en", SLUGS[:900])
    after = urls.search_parts("en", [*SLUGS[1:900], "uusi-ryhma"])
    changed = [part for part in before if before[part] != after.get(part)]
    assert len(before) == len(after) == 4 and len(changed) <= 2, changed


def test_a_very_large_site_has_at_most_sixteen_parts() -> None:
    many = [f"g{n}" for n in range(10_000)]
    parts = urls.search_parts("fi", many)
    assert len(parts) == urls.SEARCH_PARTS_AT_MOST == 16
    assert urls.search_parts("fi", many, 10).keys() == parts.keys()
