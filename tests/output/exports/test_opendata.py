"""Open data (groups.json with its JSON Schema, groups.csv) and the "data and downloads" page."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from brochure.core import urls
from brochure.core.formatting import file_size
from brochure.engine.build import build
from brochure.output.exports import Source, opendata
from brochure.output.exports.opendata import COLUMNS
from tests.conftest import REPO, ExampleSite

TODAY = dt.date(2026, 11, 23)
LANGS = ("fi", "sv", "en")
BASE = "https://example.org/ryhmat/"
HIDDEN = "kevaan-kavelyryhma-perho"  # its season ended in May


@pytest.fixture(scope="module")
def public(example_site: ExampleSite) -> Path:
    return example_site.output


@pytest.fixture(scope="module")
def document(public: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((public / "data/groups.json").read_text("utf-8"))
    return data


@pytest.fixture(scope="module")
def validator(public: Path) -> Draft202012Validator:
    schema = json.loads((public / "data/groups.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def by_slug(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {g["slug"]: g for g in document["groups"]}


# --- groups.json --------------------------------------------------------------------------

def test_groups_json_is_valid_against_its_schema(document: dict[str, Any],
                                                 validator: Draft202012Validator) -> None:
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    assert document["version"] == "1.2"
    assert document["generated_for"] == "2026-11-23"


@pytest.mark.parametrize("breakage", [
    "drop reviewed", "misspelt field", "bad date", "unknown weekday", "missing language",
])
def test_schema_rejects_broken_documents(document: dict[str, Any],
                                         validator: Draft202012Validator,
                                         breakage: str) -> None:
    broken = copy.deepcopy(document)
    group = broken["groups"][0]
    if breakage == "drop reviewed":
        del group["reviewed"]
    elif breakage == "misspelt field":
        group["municipalty"] = group.pop("municipality")
    elif breakage == "bad date":
        group["schedule"]["season"]["start"] = "1.9.2026"
    elif breakage == "unknown weekday":
        group["schedule"]["meetings"][0]["weekday"] = "maanantai"
    else:
        del group["name"]["sv"]
    with pytest.raises(ValidationError):
        validator.validate(broken)


def test_groups_json_has_every_published_group_in_all_languages(
        document: dict[str, Any]) -> None:
    groups = by_slug(document)
    assert list(groups) == sorted(groups)
    assert len(groups) == 19 and HIDDEN not in groups
    olohuone = groups["torstain-olohuone"]
    assert olohuone["name"] == {"fi": "Torstain olohuone", "sv": "Torsdagens vardagsrum",
                                "en": "Thursday Living Room"}
    assert olohuone["urls"]["sv"] == BASE + "sv/groups/torstain-olohuone/"
    assert olohuone["calendars"]["en"] == BASE + "en/groups/torstain-olohuone/calendar.ics"
    assert olohuone["municipality"] == {
        "id": "kokkola", "labels": {"fi": "Kokkola", "sv": "Karleby", "en": "Kokkola"}}
    assert olohuone["venue"]["coordinates"] == {"latitude": 63.8391, "longitude": 23.1302}
    assert olohuone["schedule"]["season"] == {"start": "2026-08-27", "end": None}
    assert olohuone["schedule"]["breaks"] == [{"start": "2026-12-21", "end": "2027-01-06"}]
    (meeting,) = olohuone["schedule"]["meetings"]
    assert (meeting["weekday"], meeting["start"], meeting["end"], meeting["every_weeks"],
            meeting["first_day"]) == ("thursday", "12:00", "15:00", 1, "2026-08-27")
    assert olohuone["promises"] == {"free": True, "referral_required": False,
                                    "anonymous": True, "registration": "none"}
    assert [f["role"] for f in olohuone["facilitators"]] == ["experience-expert"] * 2
    assert all("name" not in f for f in olohuone["facilitators"])  # none given
    assert olohuone["reviewed"] == "2026-11-12"
    # A text the partner did not write in English is null, not the Finnish one.
    digi = groups["digikahvila-kannus"]
    assert digi["name"]["en"] is None and digi["name"]["fi"] == "Digikahvila"
    fortnightly = digi["schedule"]["meetings"][0]
    assert fortnightly["every_weeks"] == 2 and fortnightly["first_day"] == "2026-09-02"


# --- groups.csv ---------------------------------------------------------------------------

def read_csv(public: Path) -> tuple[list[str], list[dict[str, str]]]:
    raw = (public / "data/groups.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte order mark"
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def test_csv_has_one_row_per_group_and_language(public: Path,
                                                document: dict[str, Any]) -> None:
    header, rows = read_csv(public)
    assert header == list(COLUMNS)
    assert [(r["slug"], r["language"]) for r in rows] == [
        (g["slug"], lang) for g in document["groups"] for lang in LANGS]
    row = next(r for r in rows if (r["slug"], r["language"]) == ("torstain-olohuone", "sv"))
    assert row["name"] == "Torsdagens vardagsrum"
    assert row["municipality"] == "Karleby" and row["municipality_id"] == "kokkola"
    assert row["address"] == "Pitkänsillankatu 24, 67100 Kokkola"
    assert row["meetings"] == "Torsdagar kl. 12–15"
    assert row["free"] == "yes" and row["referral_required"] == "no"
    assert row["url"] == BASE + "sv/groups/torstain-olohuone/"
    # Multi-line Markdown survives the round trip.
    description = by_slug(document)["torstain-olohuone"]["description"]["sv"]
    assert "\n\n" in description and row["description"] == description
    english = next(r for r in rows if (r["slug"], r["language"]) == ("digikahvila-kannus",
                                                                      "en"))
    assert english["name"] == "" and english["meetings"].startswith("Every other Wednesday")


# --- the same bytes every time -----------------------------------------------------------

EXPORTS = re.compile(r"(\.ics|feed\.xml|^data/.*)$")


def test_exports_are_byte_identical_between_builds(public: Path, tmp_path: Path) -> None:
    again = build(REPO / "content", tmp_path / "public", TODAY, write=False)
    assert again.model is not None
    exports = {p: b for p, b in again.output.items() if EXPORTS.search(p)}
    # The coordinator's report files (data/report/) are checked in test_report.py; the groups'
    # own files (data/groups/, one for each of the 20 valid groups) in test_sources.py.
    assert len([p for p in exports if not p.startswith("data/report/")]) == 84 + 3 + 3 + 6 + 20
    for path, data in exports.items():
        assert (public / path).read_bytes() == data, path


# --- the "data and downloads" page -------------------------------------------------------

class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.items: list[tuple[str, str]] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self.items.append((self._href, data))


def listed(public: Path, lang: str) -> dict[str, str]:
    """Each linked file on the downloads page (path from the site root) -> its line's text."""
    parser = Links()
    html = (public / lang / "data/index.html").read_text("utf-8")
    main = html[html.index("<main"):html.index("</main>")]
    parser.feed(main)
    lines: dict[str, str] = {}
    for href, text in parser.items:
        path = urljoin(f"https://x/{lang}/data/", href).removeprefix("https://x/")
        lines[path] = lines.get(path, "") + text
    return lines


@pytest.mark.parametrize("lang", LANGS)
def test_downloads_page_lists_every_export_with_its_real_size(public: Path,
                                                              lang: str) -> None:
    lines = listed(public, lang)
    files = {str(p.relative_to(public)) for p in public.rglob("*") if p.is_file()}
    expected = {f"{lang}/calendar.ics", f"{lang}/feed.xml", "data/groups.json",
                "data/groups.schema.json", "data/groups.csv"}
    expected |= {p for p in files if re.fullmatch(rf"{lang}/municipality/[^/]+/calendar\.ics", p)}
    expected |= {f"data/hsds/{code}/{name}" for code in LANGS
                 for name in ("services.json", "organizations.json")}
    assert expected <= set(lines), expected - set(lines)
    for path in expected:
        size = (public / path).stat().st_size
        assert lines[path].endswith(", " + file_size(size, lang)), (path, lines[path])
    for path in lines:
        assert path.endswith("/") or path in files, path  # no broken link


def test_file_sizes_read_naturally() -> None:
    assert file_size(152_319, "en") == "153 kB"
    assert file_size(152_319, "fi") == "153 kt"
    assert file_size(80, "sv") == "1 kB"
    assert file_size(2_345_678, "fi") == "2,4 Mt"


def test_every_page_links_to_the_downloads_page(public: Path) -> None:
    for lang in LANGS:
        for page in (f"{lang}/index.html", f"{lang}/groups/torstain-olohuone/index.html"):
            html = (public / page).read_text("utf-8")
            footer = html[html.index("<footer"):]
            assert re.search(rf'href="(\.\./)+{lang}/data/"', footer), page


def test_kept_records_give_the_same_files_and_an_edit_makes_one_groups_again(
        example_site: ExampleSite) -> None:
    """Each group's record and CSV rows are kept by their key (the build keeps them between
    builds): kept or made, the files are the same bytes, and an edited group's are made
    again, no other's."""
    content = example_site.result.content
    source = Source.of(content, content.published, "https://example.org/",
                       content.site.language_order)
    kept: dict[bytes, bytes] = {}
    made: list[bytes] = []

    def memo(key: bytes, make: Callable[[], bytes]) -> bytes:
        if key not in kept:
            made.append(key)
            kept[key] = make()
        return kept[key]

    whole = opendata.files(source)
    assert opendata.files(source, memo) == whole
    made.clear()
    assert opendata.files(source, memo) == whole and not made
    first = source.groups[0]
    edited = first.model_copy(update={"max_participants": (first.max_participants or 8) + 1})
    changed = Source.of(content, [edited, *source.groups[1:]], "https://example.org/",
                        content.site.language_order)
    files = opendata.files(changed, memo)
    assert len(made) == 2  # the record and the rows of one group
    assert files == opendata.files(changed)
    assert files[urls.GROUPS_JSON] != whole[urls.GROUPS_JSON]
