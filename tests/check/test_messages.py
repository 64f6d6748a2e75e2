"""brochure/report.py: problems as lines for people, workflow commands, JSON and a summary."""

from __future__ import annotations

import json

from brochure.check.messages import github_line, render, summary, text_line
from brochure.core.problems import Position, Problem, Severity

TWO = Problem("content/groups/kahvila.yaml", Position(31, 3), "two-facilitators",
              params={"count": 1})
SMALL = Problem("content/groups/kahvila.yaml", Position(2, 1), "missing-translation",
                Severity.WARNING, params={"language": "en", "fields": "name"})


def test_text_line_points_at_file_line_and_column_in_the_partners_language() -> None:
    assert text_line(TWO, "fi").splitlines() == [
        "content/groups/kahvila.yaml:31:3: virhe: "
        "Ryhmällä pitää olla vähintään kaksi ohjaajaa. Tässä tiedostossa ohjaajia on 1. "
        "[two-facilitators]",
        "    vihje: Ryhmiä ohjataan aina pareittain. Lisää toinen ohjaaja ja hänen "
        "organisaationsa."]
    assert "at least two facilitators" in text_line(TWO, "en")
    assert "minst två" in text_line(TWO, "sv")


def test_github_commands_escape_what_would_break_them() -> None:
    tricky = Problem("content/groups/a,b:c.yaml", Position(1, 1), "two-facilitators",
                     params={"count": "50%\n::error::x"})
    line = github_line(tricky, "en")
    assert line.startswith("::error file=content/groups/a%2Cb%3Ac.yaml,line=1,col=1,"
                           "title=two-facilitators::")
    assert "\n" not in line and "50%25%0A::error::x" in line


def test_json_keeps_every_field_for_tools() -> None:
    (first, second) = json.loads(render([TWO, SMALL], "json", "sv"))
    assert first["rule"] == "two-facilitators" and first["severity"] == "error"
    assert (first["line"], first["column"]) == (31, 3)
    assert second["severity"] == "warning" and second["hint"]


def test_summary_counts_with_plurals() -> None:
    assert summary("fi", 1, 2, [TWO, SMALL]) == (
        "Tarkistettu: 1 tiedosto, 2 ryhmää, 1 virhe, 1 varoitus, 0 huomautusta.")
    assert summary("en", 3, 1, []) == (
        "Checked: 3 files, 1 group, 0 errors, 0 warnings, 0 notices.")
