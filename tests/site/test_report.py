"""brochure/monitoring, the coordinator's report: its figures checked against counts made
here, in plain Python, from the example content's YAML; the page's charts and tables; the CSV
and JSON files; the privacy threshold; the nightly summary; and the command."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from brochure.check.content import load_content
from brochure.ci import nightly as summary
from brochure.cli import main
from brochure.commands.options import site_today
from brochure.core.formatting import short_date
from brochure.engine.build import build
from brochure.site.report_figures import report
from tests.conftest import REPO, SOURCE, TODAY, VALID_GROUP, ExampleSite, make_tree, valid

LANGS = ("fi", "sv", "en")
TITLES = {"fi": "Seuranta", "sv": "Uppföljning", "en": "Monitoring"}


# --- the example content, read independently -------------------------------------------------

def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def published_groups() -> dict[str, dict[str, Any]]:
    """Groups whose season has not ended and whose review is recent enough (site policy)."""
    policy = _yaml(SOURCE / "site.yaml")["policy"]
    groups = {}
    for path in sorted((SOURCE / "groups").glob("*.yaml")):
        group = _yaml(path)
        end = group["schedule"]["season"].get("end")
        if end is not None and end < TODAY:
            continue
        if (TODAY - group["reviewed"]).days > policy["review_max_age_days"]:
            continue
        groups[path.stem] = group
    return groups


def table(site: ExampleSite, name: str) -> list[dict[str, Any]]:
    data = json.loads(site.read("data/report/report.json"))
    rows: list[dict[str, Any]] = data["tables"][name]
    return rows


def test_the_example_has_published_groups_and_attendance() -> None:
    assert len(published_groups()) >= 10
    assert len(list((SOURCE / "attendance").glob("*/2026.yaml"))) >= 3


def test_coverage_matrix_matches_a_count_made_here(example_site: ExampleSite) -> None:
    counts: Counter[tuple[str, str]] = Counter()
    per_municipality: Counter[str] = Counter()
    for group in published_groups().values():
        per_municipality[group["municipality"]] += 1
        for audience in group["audiences"]:
            counts[(group["municipality"], audience)] += 1
    vocab = _yaml(SOURCE / "vocabularies.yaml")
    rows = {row["municipality"]: row for row in table(example_site, "coverage-audience")}
    assert set(rows) == {*vocab["municipalities"], "all"}
    for municipality in vocab["municipalities"]:
        assert rows[municipality]["groups"] == per_municipality[municipality]
        for audience in vocab["audiences"]:
            assert rows[municipality][audience] == counts[(municipality, audience)], (
                municipality, audience)
    gaps = {(g["municipality"], g["audience"]) for g in table(example_site, "coverage-gaps")}
    assert gaps == {(m, a) for m in vocab["municipalities"] for a in vocab["audiences"]
                    if not counts[(m, a)]}
    assert gaps, "the example content has gaps to show"


def test_weekday_and_time_of_day_match(example_site: ExampleSite) -> None:
    weekdays: Counter[tuple[str, str]] = Counter()
    times: Counter[tuple[str, str]] = Counter()
    for group in published_groups().values():
        meetings = group["schedule"]["meetings"]
        for day in {m["weekday"] for m in meetings}:
            weekdays[(group["municipality"], day)] += 1
        parts = set()
        for m in meetings:
            hour = int(m["start"].split(":")[0])
            parts.add("morning" if hour < 12 else "afternoon" if hour < 17 else "evening")
        for part in parts:
            times[(group["municipality"], part)] += 1
    for row in table(example_site, "coverage-weekday"):
        if row["municipality"] != "all":
            for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                        "sunday"):
                assert row[day] == weekdays[(row["municipality"], day)]
    for row in table(example_site, "coverage-time"):
        if row["municipality"] != "all":
            for part in ("morning", "afternoon", "evening"):
                assert row[part] == times[(row["municipality"], part)]


def test_facilitator_pairs_match_a_count_made_here(example_site: ExampleSite) -> None:
    kinds = {p.stem: _yaml(p)["kind"] for p in (SOURCE / "partners").glob("*.yaml")}
    pairs: Counter[frozenset[str] | tuple[str, str]] = Counter()
    for group in published_groups().values():
        partners = list(dict.fromkeys(f["partner"] for f in group["facilitators"]))
        seen = set()
        for i, a in enumerate(partners):
            for b in partners[i + 1:]:
                seen.add(tuple(sorted((kinds[a], kinds[b]))))
        for pair in seen:
            pairs[pair] += 1
    reported = {tuple(sorted((r["kind_1"], r["kind_2"]))): r["groups"]
                for r in table(example_site, "facilitator-pairs")}
    assert reported == dict(pairs)
    assert reported[("association", "public")] >= 1


def test_partner_shares_and_phases_match(example_site: ExampleSite) -> None:
    groups = published_groups().values()
    for row in table(example_site, "partners"):
        pid = row["partner"]
        facilitating = sum(1 for g in groups if any(f["partner"] == pid
                                                     for f in g["facilitators"]))
        contact = sum(1 for g in groups if g["contact"]["partner"] == pid)
        anywhere = sum(1 for g in groups if pid in {f["partner"] for f in g["facilitators"]}
                       | {g["contact"]["partner"]})
        assert (row["facilitating"], row["contact"], row["groups"]) == (
            facilitating, contact, anywhere), pid
    phases = {r["phase"]: r["groups"] for r in table(example_site, "phases")}
    assert phases == dict(Counter(g["phase"] for g in groups)) | {
        p: 0 for p in ("pilot", "established") if p not in phases}


def _attendance() -> dict[str, list[dict[str, Any]]]:
    return {path.parent.name: _yaml(path)["meetings"]
            for path in sorted((SOURCE / "attendance").glob("*/*.yaml"))}


def _shown(value: float) -> Any:
    """What the public example report shows: counts below 5 hidden."""
    threshold = _yaml(SOURCE / "site.yaml").get("report_threshold", 5)
    return f"< {threshold}" if value < threshold else value


def test_attendance_per_group_matches(example_site: ExampleSite) -> None:
    reported = {r["group"]: r for r in table(example_site, "attendance-groups")}
    found = _attendance()
    assert set(reported) == set(found)
    for slug, meetings in found.items():
        visitors = [m["visitors"] for m in meetings]
        row = reported[slug]
        assert row["sessions"] == len(meetings)
        assert row["visits"] == _shown(sum(visitors))
        assert row["median_visitors"] == _shown(statistics.median(visitors))
        assert row["first_time"] == _shown(sum(m["first_time"] for m in meetings))


def test_attendance_per_municipality_audience_and_season_matches(
        example_site: ExampleSite) -> None:
    groups = {p.stem: _yaml(p) for p in (SOURCE / "groups").glob("*.yaml")}
    by: dict[str, dict[str, list[dict[str, Any]]]] = {"municipality": {}, "audience": {},
                                                      "season": {}}
    for slug, meetings in _attendance().items():
        by["municipality"].setdefault(groups[slug]["municipality"], []).extend(meetings)
        for audience in groups[slug]["audiences"]:
            by["audience"].setdefault(audience, []).extend(meetings)
        by["season"].setdefault("2026", []).extend(meetings)
    for kind, name in (("municipality", "attendance-municipalities"),
                       ("audience", "attendance-audiences"), ("season", "attendance-seasons")):
        rows = {r[kind]: r for r in table(example_site, name)}
        assert set(rows) == set(by[kind]), kind
        for key, meetings in by[kind].items():
            visitors = [m["visitors"] for m in meetings]
            assert (rows[key]["sessions"], rows[key]["visits"], rows[key]["median_visitors"],
                    rows[key]["first_time"]) == (
                len(meetings), _shown(sum(visitors)), _shown(statistics.median(visitors)),
                _shown(sum(m["first_time"] for m in meetings))), (kind, key)


# --- the page ---------------------------------------------------------------------------------

FIGURE = re.compile(r'<figure class="report-figure".*?</figure>', re.DOTALL)


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_has_its_title_and_every_chart_has_its_table(example_site: ExampleSite,
                                                              lang: str) -> None:
    html = example_site.read(f"{lang}/report/")
    assert f"<h1>{TITLES[lang]}</h1>" in html
    figures = FIGURE.findall(html)
    charts = [f for f in figures if "<svg" in f]
    assert len(charts) >= 5
    for figure in charts:
        assert figure.count("<svg") == 1
        opening = re.search(r"<svg\b[^>]*>", figure)
        assert opening and 'role="img"' in opening.group(0)
        label = re.search(r'aria-labelledby="([^"]+)"', opening.group(0))
        assert label and f'<title id="{label.group(1)}">' in figure
        assert "<table" in figure and "</table>" in figure, "a chart without its table"
    # Charts draw what the tables hold: the municipalities' bar values are the totals.
    first = charts[0]
    assert ">8<" in first or ">8</text>" in first


def test_the_page_makes_no_outside_requests_and_runs_no_script(
        example_site: ExampleSite) -> None:
    html = example_site.read("fi/report/")
    assert "<script" not in html
    assert "<!--" not in html  # pygal's comments (with the date) are removed
    for url in re.findall(r'(?:href|src|xlink:href)="([^"]+)"', html):
        assert not url.startswith(("http:", "https:", "//")) or url.startswith(
            "https://example.org/ryhmat/"), url
    assert "cdn" not in html.lower()


def test_the_footer_links_to_the_report(example_site: ExampleSite) -> None:
    html = example_site.read("sv/")
    assert 'sv/report/">Uppföljning</a>' in html


def test_empty_cells_stand_out_and_numbers_link_to_the_list(example_site: ExampleSite) -> None:
    html = example_site.read("en/report/")
    matrix = html[html.index('id="table-coverage-audience"'):]
    matrix = matrix[:matrix.index("</table>")]
    assert 'class="report-gap"' in matrix
    assert '<a href="../../en/municipality/kokkola/">' in matrix
    assert '<a href="../../en/audience/everyone/">' in matrix


def test_the_csv_reads_back_with_its_byte_order_mark(example_site: ExampleSite) -> None:
    raw = (example_site.output / "data/report/partners.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(example_site.output / "data/report/partners.csv", encoding="utf-8-sig",
              newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:2] == ["partner", "name_fi"]
    names = {r["partner"]: r["name_fi"] for r in rows}
    assert names["paivakeskus"] == "Kokkolan Päiväkeskustoiminta ry"
    with open(example_site.output / "data/report/coverage-audience.csv", encoding="utf-8-sig",
              newline="") as handle:
        municipalities = {r["municipality"]: r for r in csv.DictReader(handle)}
    assert municipalities["lestijarvi"]["name_fi"] == "Lestijärvi"
    assert int(municipalities["all"]["groups"]) == len(published_groups())


def test_every_csv_is_linked_from_the_page(example_site: ExampleSite) -> None:
    html = example_site.read("fi/report/")
    files = sorted(p.name for p in (example_site.output / "data/report").iterdir())
    for name in files:
        assert f'href="../../data/report/{name}"' in html, name


# --- privacy ------------------------------------------------------------------------------

SMALL_GROUP = VALID_GROUP.replace("municipality: kokkola", "municipality: halsua")
SMALL = """\
meetings:
  - {date: 2026-09-03, visitors: 2, first_time: 2}
  - {date: 2026-09-10, visitors: 1, first_time: 0}
"""


def _small_tree(root: Path, visibility: str) -> Path:
    tree = make_tree(root)
    site = (tree / "site.yaml").read_text(encoding="utf-8")
    site = re.sub(r"(?m)^report: \w+$", f"report: {visibility}", site)
    (tree / "site.yaml").write_text(site, encoding="utf-8")
    (tree / "groups" / "kahvila.yaml").write_text(SMALL_GROUP, encoding="utf-8")
    (tree / "attendance" / "kahvila").mkdir(parents=True)
    (tree / "attendance" / "kahvila" / "2026.yaml").write_text(SMALL, encoding="utf-8")
    return tree


def test_small_counts_are_hidden_in_a_public_report(tmp_path: Path) -> None:
    tree = _small_tree(tmp_path / "content", "public")
    result = build(tree, tmp_path / "public", TODAY)
    assert result.model is not None, [str(p) for p in result.problems]
    data = json.loads(result.output["data/report/report.json"])
    [cell] = [c for c in data["tables"]["attendance-cells"]
              if (c["municipality"], c["audience"]) == ("halsua", "everyone")]
    assert (cell["sessions"], cell["visits"], cell["first_time"]) == (2, "< 5", "< 5")
    [municipality] = data["tables"]["attendance-municipalities"]
    assert municipality["visits"] == "< 5"
    html = result.output["fi/report/index.html"].decode()
    cells = html[html.index('id="table-attendance-cells"'):]
    assert "&lt; 5" in cells[:cells.index("</table>")]
    assert ">3<" not in cells[:cells.index("</table>")]  # the real number of visits
    with open(tmp_path / "public/data/report/attendance-cells.csv", encoding="utf-8-sig",
              newline="") as handle:
        [row] = [r for r in csv.DictReader(handle) if r["audience"] == "everyone"]
    assert row["visits"] == "< 5"


def test_an_internal_report_is_not_on_the_site_but_made_by_the_command(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = _small_tree(tmp_path / "content", "internal")
    result = build(tree, tmp_path / "public", TODAY)
    assert result.model is not None
    assert not any("report" in path for path in result.output
                   if path != "assets/report.css")
    assert b"report/" not in result.output["fi/index.html"]
    out = tmp_path / "report"
    assert main(["report", "--content", str(tree), "--today", TODAY.isoformat(),
                 "--output", str(out)]) == 0
    data = json.loads((out / "data/report/report.json").read_bytes())
    [cell] = [c for c in data["tables"]["attendance-cells"] if c["audience"] == "everyone"]
    assert (cell["visits"], cell["first_time"]) == (3, 2)  # internal: every number
    html = (out / "fi/report/index.html").read_text(encoding="utf-8")
    assert "<h1>Seuranta</h1>" in html
    assert 'href="../../data/report/report.json"' in html
    assert 'href="https://example.org/ryhmat/fi/municipality/halsua/"' in html


def test_the_same_content_and_date_give_the_same_bytes(tmp_path: Path) -> None:
    outputs = []
    for name in ("a", "b"):
        out = tmp_path / name
        assert main(["report", "--content", str(SOURCE), "--today", TODAY.isoformat(),
                     "--output", str(out)]) == 0
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes()
                        for p in sorted(out.rglob("*")) if p.is_file()})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) >= 20


# --- the nightly summary ------------------------------------------------------------------

def test_the_summary_lists_new_gaps_expiring_entries_and_idle_partners(
        tmp_path: Path) -> None:
    checked = load_content(SOURCE, TODAY)
    content = valid(checked)
    figures = report(content)
    gaps = set(figures.gaps)
    assert gaps
    earlier = sorted(gaps)[1:]  # one gap is new since then
    text = summary.markdown(content, checked.problems, figures, frozenset(earlier), 14, "fi")
    new = sorted(gaps)[0]
    vocab = _yaml(SOURCE / "vocabularies.yaml")
    expected = (f"- {vocab['municipalities'][new[0]]['fi']}: "
                f"{vocab['audiences'][new[1]]['fi']}")
    assert "### Uudet aukot kattavuudessa" in text
    assert expected in text
    assert sum(1 for line in text.splitlines() if line.startswith("- ") and ": " in line
               and "(" not in line) == 1
    assert "Kumppanit, joilla ei ole julkaistua ryhmää" in text
    same = summary.markdown(content, checked.problems, figures, frozenset(gaps), 14, "fi")
    assert "Edellisen ajon jälkeen ei ole tullut uusia aukkoja." in same


def test_the_summary_reads_the_previous_json(tmp_path: Path) -> None:
    out = tmp_path / "report"
    assert main(["report", "--content", str(SOURCE), "--today", TODAY.isoformat(),
                 "--output", str(out)]) == 0
    previous = out / "data/report/report.json"
    summary_file = tmp_path / "summary.md"
    assert main(["report", "--content", str(SOURCE), "--today", TODAY.isoformat(),
                 "--summary", str(summary_file), "--previous", str(previous)]) == 0
    text = summary_file.read_text(encoding="utf-8")
    assert "Edellisen ajon jälkeen ei ole tullut uusia aukkoja." in text
    assert summary.previous_gaps(b"not json") is None
    # Soon to run out: a group whose season ends within 14 days is listed.
    later = dt.date(2027, 5, 20)
    run = subprocess.run([sys.executable, "-m", "brochure", "report", "--content", str(SOURCE),
                          "--today", later.isoformat(), "--summary", "-"],
                         capture_output=True, text=True, cwd=REPO, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Aamukahvit" in run.stdout or "digikahvila" in run.stdout.lower()


def test_report_without_output_or_summary_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--content", str(SOURCE)])
    assert exit_info.value.code == 2


def test_report_with_content_errors_writes_nothing(tmp_path: Path) -> None:
    tree = _small_tree(tmp_path / "content", "internal")
    (tree / "attendance" / "kahvila" / "2026.yaml").write_text(
        SMALL + "  - {date: 2026-09-17, visitors: 3, first_time: 1, nimi: Maija}\n",
        encoding="utf-8")
    out = tmp_path / "report"
    assert main(["report", "--content", str(tree), "--today", TODAY.isoformat(),
                 "--output", str(out)]) == 1
    assert not out.exists()


def test_the_summary_matches_json_gaps(example_site: ExampleSite) -> None:
    data = io.BytesIO(example_site.read("data/report/report.json").encode())
    gaps = summary.previous_gaps(data.getvalue())
    assert gaps == set(report(valid(load_content(SOURCE, TODAY))).gaps)


# --- the nightly workflow -------------------------------------------------------------------

def test_the_nightly_step_writes_the_finnish_summary_and_the_report(tmp_path: Path) -> None:
    """Runs the publish workflow's report step as it is written, twice: the second night
    compares with the first night's report.json, as the cache hands it over. The step gives
    no --today, so the report is dated today where the site is."""
    workflow = yaml.safe_load((REPO / ".github/workflows/publish.yml").read_text(
        encoding="utf-8"))
    steps = {s.get("name"): s for s in workflow["jobs"]["build"]["steps"]}
    step = steps["Write the coordinator's report"]
    assert "NIGHTLY == 'true'" in step["if"]
    assert "schedule" in workflow["jobs"]["build"]["env"]["NIGHTLY"]
    assert steps["Restore the previous report"]["with"]["path"] == \
        steps["Keep this report for the next night"]["with"]["path"]
    shutil.copytree(SOURCE, tmp_path / "content")
    shutil.copy(REPO / "build.py", tmp_path / "build.py")
    summary_file = tmp_path / "summary.md"
    env = {**os.environ, "BASE_URL": "https://example.org/ryhmat/",
           "GITHUB_STEP_SUMMARY": str(summary_file),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for night in (1, 2):
        run = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        text = summary_file.read_text(encoding="utf-8")
        today = site_today(tmp_path / "content")
        assert f"## Seuranta {short_date(today, 'fi')}" in text
        assert "Kumppanit, joilla ei ole julkaistua ryhmää" in text
        if night == 1:
            assert "Aiempaa ajoa ei ole vertailtavaksi" in text
            summary_file.write_text("", encoding="utf-8")
        else:
            assert "Edellisen ajon jälkeen ei ole tullut uusia aukkoja." in text
    assert (tmp_path / "_report/fi/report/index.html").is_file()
    assert (tmp_path / ".report-previous/report.json").is_file()


def test_hidden_groups_are_named_only_in_an_internal_report(tmp_path: Path,
                                                            example_site: ExampleSite) -> None:
    hidden = "kevaan-kavelyryhma-perho"  # its season has ended
    public = (example_site.output / "data/report/hidden.csv").read_text(encoding="utf-8-sig")
    assert hidden not in public and "season-ended,1" in public
    tree = tmp_path / "content"
    shutil.copytree(SOURCE, tree)
    site = (tree / "site.yaml").read_text(encoding="utf-8")
    (tree / "site.yaml").write_text(re.sub(r"(?m)^report: \w+$", "report: internal", site),
                                    encoding="utf-8")
    out = tmp_path / "report"
    assert main(["report", "--content", str(tree), "--today", TODAY.isoformat(),
                 "--output", str(out)]) == 0
    internal = (out / "data/report/hidden.csv").read_text(encoding="utf-8-sig")
    assert f"{hidden},season-ended" in internal
    assert "Kevään kävelyryhmä" in (out / "fi/report/index.html").read_text(encoding="utf-8")
