"""The groups about to drop out (``brochure expiring``), as the nightly run prints them.

tests/test_workflows.py runs the publish workflow's own step on a content tree where two groups
run out; these are the command's edges: nothing to say, and text from an entry that must not
become a workflow command.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from brochure.cli import main
from brochure.commands.options import EXIT_OK
from tests.conftest import SOURCE


def test_nothing_is_printed_when_nothing_expires(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["expiring", "--content", str(SOURCE), "--today", "2026-09-15", "--days", "3",
                 "--format", "github"]) == EXIT_OK
    assert capsys.readouterr().out == ""


def test_workflow_commands_in_an_entry_are_escaped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Text from an entry cannot end the message early or start a workflow command."""
    content = tmp_path / "content"
    shutil.copytree(SOURCE, content)
    group = content / "groups" / "torstain-olohuone.yaml"
    text = group.read_text(encoding="utf-8").replace(
        'fi: "Torstain olohuone"', 'fi: "Olohuone 100%, ::error::injected"').replace(
        "season: {start: 2026-08-27}", "season: {start: 2026-08-27, end: 2026-11-25}")
    assert "::error::injected" in text and "end: 2026-11-25" in text
    group.write_text(re.sub(r"(?m)^  breaks: .*\n", "", text), encoding="utf-8")
    assert main(["expiring", "--content", str(content), "--today", "2026-11-23",
                 "--format", "github"]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert all(line.startswith("::warning file=") for line in lines), lines
    assert len(lines) == 1 and "Olohuone 100%25, ::error::injected" in lines[0]
