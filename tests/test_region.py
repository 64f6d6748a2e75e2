"""Another region is data: the example content built with Åland's site.yaml (Swedish first,
AX, Europe/Mariehamn, Åland's holidays and phone region, a box around the islands) has no
Finnish-only assumption left, and no program file names a language or a region.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from brochure.check.content import load_content
from brochure.commands.options import site_today
from brochure.engine.build import BuildResult, build
from tests.conftest import REPO, ExampleSite, valid

TODAY = dt.date(2026, 12, 1)
# Åland's own public holiday, Autonomy Day, is a Friday in 2028; this group meets every Friday
# and its season goes on (its calendar lists the days it skips for the next years).
AUTONOMY_DAY = dt.date(2028, 6, 9)
FRIDAYS = "perhekahvila-toholampi"
ALAND = {
    "languages:": "languages: [sv, fi, en]",
    "default_language:": "default_language: sv",
    "country:": "country: AX",
    "time_zone:": "time_zone: Europe/Mariehamn",
    "public_holidays:": "public_holidays: AX",
    "phone_region:": "phone_region: AX",
    "coordinates:": "coordinates: {south: 59.7, north: 60.7, west: 19.0, east: 21.5}",
}


@pytest.fixture(scope="module")
def aland(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example content with site.yaml's region lines replaced by Åland's."""
    content = tmp_path_factory.mktemp("aland") / "content"
    shutil.copytree(REPO / "content", content)
    site = content / "site.yaml"
    lines = site.read_text(encoding="utf-8").split("\n")
    lines = [next((new for key, new in ALAND.items() if line.startswith(key)), line)
             for line in lines]
    site.write_text("\n".join(lines), encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def built(aland: Path, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Åland's build, after the venues' coordinates (in Central Ostrobothnia) are taken out."""
    content = tmp_path_factory.mktemp("aland-built") / "content"
    shutil.copytree(aland, content)
    for path in (content / "groups").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^\s*coordinates:.*\n", "", text), encoding="utf-8")
    result = build(content, content.parent / "public", TODAY, write=False)
    assert result.model is not None, [str(p) for p in result.problems]
    return result


def text(result: BuildResult, path: str) -> str:
    return result.output[path].decode("utf-8")


def test_coordinates_are_checked_against_the_regions_box(aland: Path) -> None:
    checked = load_content(aland, TODAY)
    outside = [p for p in checked.problems if p.rule == "coordinates-range"]
    with_coordinates = [p for p in (aland / "groups").glob("*.yaml")
                        if "coordinates:" in p.read_text(encoding="utf-8")]
    assert len(outside) == len(with_coordinates) > 0
    # The example in the hint lies inside Åland's box, not in Finland's middle.
    latitude, longitude = (float(x) for x in outside[0].params["example"].split(", "))
    assert 59.7 <= latitude <= 60.7 and 19.0 <= longitude <= 21.5
    # Every entry is read with Swedish as the main language: no Finnish text is required.
    assert {p.rule for p in checked.problems if p.severity.value == "error"} == {
        "coordinates-range"}


def test_the_calendars_are_in_the_regions_time_zone_without_its_holidays(
        built: BuildResult, example_site: ExampleSite) -> None:
    path = f"sv/groups/{FRIDAYS}/calendar.ics"
    ours = Calendar.from_ical(built.output[path])
    assert [str(z["tzid"]) for z in ours.timezones] == ["Europe/Mariehamn"]
    (event,) = ours.events
    assert AUTONOMY_DAY in exceptions(event)
    (theirs,) = Calendar.from_ical((example_site.output / path).read_bytes()).events
    assert AUTONOMY_DAY not in exceptions(theirs)  # a working day in Finland


def exceptions(event: Event) -> set[dt.date]:
    found: Any = event["exdate"]  # one property or a list of them, as icalendar reads it
    return {d.dt.date() for item in (found if isinstance(found, list) else [found])
            for d in item.dts}


def test_the_pages_open_in_swedish_and_fall_back_to_swedish(built: BuildResult) -> None:
    root = text(built, "index.html")
    assert '<html lang="sv"' in root
    assert root.index("Välj språk") < root.index("Valitse kieli")
    assert root.index('hreflang="sv"') < root.index('hreflang="fi"')
    sitemap = text(built, "sitemap.xml")
    defaults = re.findall(r'hreflang="x-default" href="([^"]+)"', sitemap)
    assert defaults and all("/sv/" in url for url in defaults)
    # A group without an English text shows its Swedish one, marked, on the English page.
    content = built.content
    missing = next(g for g in content.published if not g.name.get("en"))
    page = text(built, f"en/groups/{missing.slug}/index.html")
    assert f'<span lang="sv">{missing.name.sv}</span>' in page


def test_open_data_and_search_engines_name_the_region(built: BuildResult) -> None:
    groups = json.loads(built.output["data/groups.json"])
    assert {g["schedule"]["timezone"] for g in groups["groups"]} == {"Europe/Mariehamn"}
    hsds = "".join(text(built, path) for path in built.output
                   if path.startswith("data/hsds/sv/"))
    assert "Europe/Mariehamn" in hsds and '"AX"' in hsds
    page = text(built, f"sv/groups/{FRIDAYS}/index.html")
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)
    event = json.loads(block)
    (schedule,) = event["eventSchedule"]
    assert schedule["scheduleTimezone"] == "Europe/Mariehamn"
    assert AUTONOMY_DAY.isoformat() in schedule["exceptDate"]


def test_today_is_the_regions_today(aland: Path, tmp_path: Path) -> None:
    assert site_today(aland) == dt.datetime.now(ZoneInfo("Europe/Mariehamn")).date()
    assert valid(load_content(aland, TODAY)).site.language_order == ("sv", "fi", "en")
    # Mariehamn keeps Helsinki's clock: two zones 25 hours apart are always on different
    # dates, so a "today" that ignores site.yaml cannot pass for both.
    todays = []
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        content = tmp_path / zone.replace("/", "-")
        content.mkdir()
        site = (aland / "site.yaml").read_text(encoding="utf-8")
        (content / "site.yaml").write_text(
            re.sub(r"(?m)^time_zone: .*$", f"time_zone: {zone}", site), encoding="utf-8")
        todays.append(site_today(content))
        assert todays[-1] == dt.datetime.now(ZoneInfo(zone)).date(), zone
    assert todays[0] != todays[1]


# --- nothing of a language or a region is written in the program --------------------------

# Outside the languages module (and the generated checker), no language code, country code,
# time zone or city may stand in the program: they come from languages.py and site.yaml.
ASSUMPTIONS = re.compile(r"""["'](fi|sv|en|FI|AX)["']|Europe/|Helsinki|Suomi|Finland\b""")
ALLOWED = {"brochure/core/languages.py", "static/group-checker.js"}


def program_files() -> list[Path]:
    files = [*(REPO / "brochure").rglob("*.py"), *(REPO / "templates").glob("*.html"),
             *(REPO / "static").glob("*.js")]
    return [p for p in files if p.relative_to(REPO).as_posix() not in ALLOWED]


def test_no_language_or_region_is_written_in_the_program() -> None:
    found = [f"{path.relative_to(REPO)}:{number}: {line.strip()}"
             for path in program_files()
             for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1)
             if ASSUMPTIONS.search(line)]
    assert not found, "\n".join(found)
