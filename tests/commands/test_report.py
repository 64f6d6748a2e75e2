"""brochure/commands/report.py: ``brochure report`` with ``--period``, ``--output`` (pages,
CSV, JSON and report.xlsx), ``--summary``; its usage errors and its refusal to write anything
from content with errors. An internal report (site.yaml ``report: internal``) shows every
number and names every group, and is not on the site."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from brochure.cli import main
from brochure.engine.build import build
from tests.conftest import SOURCE, TODAY, VALID_GROUP, ExampleSite, make_tree

SMALL = """\
meetings:
  - {date: 2026-09-03, visitors: 2, first_time: 2}
  - {date: 2026-09-10, visitors: 1, first_time: 0}
"""


def internal(tree: Path) -> None:
    site = (tree / "site.yaml").read_text(encoding="utf-8")
    (tree / "site.yaml").write_text(re.sub(r"(?m)^report: \w+$", "report: internal", site),
                                    encoding="utf-8")


def test_an_internal_report_of_a_calendar_year_names_and_counts_everything(
        tmp_path: Path) -> None:
    """The example content as an internal report of 2026: the spring group whose season has
    ended counts and is named; every number is there; the workbook is beside the pages."""
    tree = tmp_path / "content"
    shutil.copytree(SOURCE, tree)
    internal(tree)
    out = tmp_path / "report"
    assert main(["report", "--content", str(tree), "--today", TODAY.isoformat(),
                 "--period", "2026", "--output", str(out), "--lang", "sv"]) == 0
    data = json.loads((out / "data/report/report.json").read_bytes())
    assert data["period"]["id"] == "2026" and data["public"] is False
    assert not data["hidden_cells"]
    groups = {r["group"]: r for r in data["tables"]["reporting"]}
    assert groups["kevaan-kavelyryhma-perho"]["status"] == "season-ended"
    # Torstain olohuone's spring (its 2025 file) and autumn count in the calendar year.
    torstai = {r["group"]: r for r in data["tables"]["attendance-groups"]}["torstain-olohuone"]
    assert torstai["sessions"] == 19 + 13
    trend = [r["period"] for r in data["tables"]["attendance-trend"]]
    assert trend == ["2026"]
    hidden = (out / "data/report/hidden.csv").read_text(encoding="utf-8-sig")
    assert "Kevään kävelyryhmä" in hidden
    html = (out / "fi/report/index.html").read_text(encoding="utf-8")
    assert "Kevään kävelyryhmä" in html and "<h1>Seuranta</h1>" in html
    assert "Vuosi 2026 (1.1.–31.12.2026), luvut 23.11.2026 asti" in html
    assert 'href="../../report.xlsx"' in html
    assert 'href="../../data/report/report.json"' in html
    assert 'href="https://example.org/ryhmat/fi/municipality/halsua/"' in html
    with open(out / "data/report/reporting.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert {r["Raportin ajanjakso"] for r in rows} == {
        "Vuosi 2026 (1.1.–31.12.2026), luvut 23.11.2026 asti"}
    book = openpyxl.load_workbook(out / "report.xlsx")
    assert book.worksheets[0].title == "Rapport"  # --lang sv
    assert book.worksheets[0]["A2"].value.startswith("År 2026")


def test_internal_gives_the_coordinator_every_number_of_a_public_report(
        tmp_path: Path) -> None:
    """site.yaml publishes the report (small counts hidden on the site); --internal makes
    the coordinator's own copy with every number and every group named."""
    public, own = tmp_path / "public", tmp_path / "own"
    for out, extra in ((public, []), (own, ["--internal"])):
        assert main(["report", "--content", str(SOURCE), "--today", TODAY.isoformat(),
                     "--output", str(out), *extra]) == 0
    shown = json.loads((public / "data/report/report.json").read_bytes())
    everything = json.loads((own / "data/report/report.json").read_bytes())
    assert shown["public"] is True and shown["hidden_cells"]
    assert everything["public"] is False and not everything["hidden_cells"]


def test_a_period_that_is_not_a_year_is_a_usage_error(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--content", str(SOURCE), "--today", TODAY.isoformat(),
              "--period", "2026-2028", "--summary", "-"])
    assert exit_info.value.code == 2
    assert "--period" in capsys.readouterr().err


def test_report_without_output_or_summary_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--content", str(SOURCE)])
    assert exit_info.value.code == 2


def test_an_internal_report_is_not_on_the_site_and_content_errors_write_nothing(
        tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "content")
    internal(tree)
    (tree / "groups" / "kahvila.yaml").write_text(VALID_GROUP, encoding="utf-8")
    (tree / "attendance" / "kahvila").mkdir(parents=True)
    (tree / "attendance" / "kahvila" / "2026.yaml").write_text(SMALL, encoding="utf-8")
    result = build(tree, tmp_path / "public", TODAY)
    assert result.model is not None
    assert not any("report" in path for path in result.output
                   if path != "assets/report.css")
    assert b"report/" not in result.output["fi/index.html"]
    (tree / "attendance" / "kahvila" / "2026.yaml").write_text(
        SMALL + "  - {date: 2026-09-17, visitors: 3, first_time: 1}  # Maija\n",
        encoding="utf-8")
    out = tmp_path / "report"
    assert main(["report", "--content", str(tree), "--today", TODAY.isoformat(),
                 "--output", str(out)]) == 1
    assert not out.exists()


def test_the_summary_goes_to_standard_output(example_site: ExampleSite, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    previous = tmp_path / "report.json"
    previous.write_text(example_site.read("data/report/report.json"), encoding="utf-8")
    assert main(["report", "--content", str(SOURCE), "--today", TODAY.isoformat(),
                 "--summary", "-", "--previous", str(previous)]) == 0
    text = capsys.readouterr().out
    assert "Edellisen ajon jälkeen ei ole tullut uusia aukkoja." in text
    assert "### Ilmoittamattomat kokoontumiset" in text
