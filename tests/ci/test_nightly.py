"""brochure/ci/nightly.py: the nightly job summary (new coverage gaps, what runs out, partners
with nothing published, meetings not reported by partner), and the publish workflow's step
that writes it, run as it is written."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from brochure.check.content import load_content
from brochure.ci import nightly as summary
from brochure.commands.options import site_today
from brochure.core.formatting import short_date
from brochure.site.report_figures import report
from tests.conftest import REPO, SOURCE, TODAY, ExampleSite, read_yaml, valid


def test_the_summary_lists_new_gaps_expiring_entries_and_idle_partners() -> None:
    checked = load_content(SOURCE, TODAY)
    content = valid(checked)
    figures = report(content)
    gaps = set(figures.gaps)
    assert gaps
    earlier = sorted(gaps)[1:]  # one gap is new since then
    text = summary.markdown(content, checked.problems, figures, frozenset(earlier), 14,
                            "fi")
    new = sorted(gaps)[0]
    vocab = read_yaml(SOURCE / "vocabularies.yaml")
    expected = (f"- {vocab['municipalities'][new[0]]['fi']}: "
                f"{vocab['audiences'][new[1]]['fi']}")
    assert "### Uudet aukot kattavuudessa" in text
    assert expected in text
    gaps_part = text[:text.index("### Ilmoittamattomat")]
    assert sum(1 for line in gaps_part.splitlines() if line.startswith("- ") and ": " in line
               and "(" not in line) == 1
    assert "Kumppanit, joilla ei ole julkaistua ryhmää" in text
    same = summary.markdown(content, checked.problems, figures, frozenset(gaps), 14, "fi")
    assert "Edellisen ajon jälkeen ei ole tullut uusia aukkoja." in same


def test_unreported_meetings_older_than_two_weeks_are_listed_by_partner() -> None:
    checked = load_content(SOURCE, TODAY)
    content = valid(checked)
    text = summary.markdown(content, checked.problems, report(content), None, 14, "fi")
    part = text[text.index("### Ilmoittamattomat kokoontumiset"):]
    lines = part.splitlines()
    # Ötökkäretket (every other Saturday, contact: Jokilaaksojen kylät) reported up to 7.11.;
    # 21.11. is not yet two weeks old, so nothing of it is listed.
    assert not any("Ötökkäretket" in line for line in lines)
    # Toipujien iltaryhmä (contact: Soite) reported up to 29.10.: 5.11. is listed, 12.11. and
    # 19.11. are too recent.
    soite = lines.index("- Keski-Pohjanmaan hyvinvointialue Soite")
    under = []
    for line in lines[soite + 1:]:
        if not line.startswith("  - "):
            break
        under.append(line)
    assert "  - Toipujien iltaryhmä (Kokkola): 1 (5.11.2026)" in under
    assert any(line.startswith("  - Iltakahvit (Toholampi): ") for line in under)
    # A group that reports everything is not listed.
    assert not any("Kyläkammari" in line for line in lines)


def test_the_summary_looks_ahead_at_what_runs_out() -> None:
    later = dt.date(2027, 5, 20)
    checked = load_content(SOURCE, later)
    content = valid(checked)
    text = summary.markdown(content, checked.problems, report(content), None, 14, "fi")
    # Both seasons end within the fortnight (25.5. and 26.5.): both are in that section (the
    # groups' names also stand under the unreported meetings further down).
    section = text.split("### Ryhmät, jotka poistuvat esitteestä 14 päivän kuluessa")[1]
    section = section.split("\n### ")[0]
    assert "Aamukahvit ja tulevaisuus" in section and "Kausi päättyy 2027-05-25" in section
    assert "Digikahvila" in section and "Kausi päättyy 2027-05-26" in section


def test_the_summary_reads_the_gaps_of_a_previous_report_json(example_site: ExampleSite
                                                               ) -> None:
    gaps = summary.previous_gaps(example_site.read("data/report/report.json").encode())
    assert gaps == frozenset(report(valid(load_content(SOURCE, TODAY))).gaps)
    assert summary.previous_gaps(b"not json") is None


@pytest.mark.slow  # the whole nightly step
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
        assert "### Ilmoittamattomat kokoontumiset" in text
        if night == 1:
            assert "Aiempaa ajoa ei ole vertailtavaksi" in text
            summary_file.write_text("", encoding="utf-8")
        else:
            assert "Edellisen ajon jälkeen ei ole tullut uusia aukkoja." in text
    assert (tmp_path / "_report/fi/report/index.html").is_file()
    assert (tmp_path / "_report/report.xlsx").is_file()
    assert (tmp_path / ".report-previous/report.json").is_file()
