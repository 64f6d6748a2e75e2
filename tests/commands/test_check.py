"""``brochure check`` and ``python build.py check``: what a partner and CI see.

Most tests call :func:`brochure.cli.main` in a temporary working directory that holds
``content/``; a few run the real commands in a subprocess to test the entry points themselves.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from brochure.check.messages import escape_data, escape_property, github_line, text_line
from brochure.check.rules import hint, message
from brochure.cli import main
from brochure.commands import options
from brochure.core.problems import Position, Problem, Severity
from tests.conftest import REPO, VALID_GROUP, edit_group, line_of, position_of

TODAY = "2026-11-23"
# Each beside the valid group kahvila, so each has a short code of its own.
FEE = edit_group(("free: true", "free: false"), ("code:", 'code: "ac32"'))
FEE_AT = position_of(FEE, "free: false", "false")
OLD = edit_group(("reviewed:", "reviewed: 2025-09-18"),  # review overdue
                 ("code:", 'code: "ac33"'))
OLD_AT = position_of(OLD, "reviewed:", "2025-09-18")


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content_tree: Path) -> Path:
    """Work in the folder that holds ``content/`` (with the valid group ``kahvila``)."""
    assert content_tree == tmp_path / "content"
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(cwd: Path, slug: str, text: str) -> str:
    path = cwd / "content" / "groups" / f"{slug}.yaml"
    path.write_text(text, encoding="utf-8")
    return f"content/groups/{slug}.yaml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "--today", TODAY, *args])
    out, err = capsys.readouterr()
    return code, out, err


def file_count(cwd: Path) -> int:
    content = cwd / "content"
    return 2 + len(list((content / "partners").glob("*.yaml"))) + len(
        list((content / "groups").glob("*.yaml")))


def problem(path: str, at: tuple[int, int], rule: str, severity: Severity = Severity.ERROR,
            **params: object) -> Problem:
    return Problem(path, Position(*at), rule, severity, dict(params))


# --- exit codes ---------------------------------------------------------------------------

def test_clean_content_exits_0(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--lang", "en")
    assert code == 0
    assert out.splitlines() == [
        f"Checked: {file_count(cwd)} files, 1 group, 0 errors, 0 warnings, 0 notices."]


def test_errors_exit_1(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(cwd, "maksullinen", FEE)
    code, out, _ = run(capsys, "--lang", "en")
    assert code == 1
    assert "must-be-free" in out


def test_warnings_only_exit_0(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(cwd, "vanha", OLD)
    code, out, _ = run(capsys, "--lang", "en")
    assert code == 0
    assert out.splitlines()[0].startswith(f"{path}:{OLD_AT[0]}:{OLD_AT[1]}: warning: ")
    assert out.splitlines()[0].endswith(" [review-overdue]")
    assert out.splitlines()[-1].endswith("0 errors, 1 warning, 0 notices.")


def test_strict_makes_warnings_errors(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(cwd, "vanha", OLD)
    code, out, _ = run(capsys, "--lang", "en", "--strict")
    assert code == 1
    assert out.splitlines()[0].startswith(f"{path}:{OLD_AT[0]}:{OLD_AT[1]}: error: ")
    assert out.splitlines()[0].endswith(" [review-overdue]")
    assert out.splitlines()[-1].endswith("1 error, 0 warnings, 0 notices.")


def test_notices_do_not_fail_even_when_strict(cwd: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--lang", "en", "--strict", "--today", "2027-05-20")
    assert code == 0
    assert re.search(r": notice: .* \[season-ending-soon\]$", out, re.M)


@pytest.mark.parametrize("args", [
    ["--bogus"],
    ["--today", "2026-13-01"],
    ["--today", "23.11.2026"],
    ["--format", "xml"],
    ["--lang", "de"],
    ["content/groups/puuttuu.yaml"],
    ["--content", "no-such-folder"],
])
def test_usage_errors_exit_2(cwd: Path, capsys: pytest.CaptureFixture[str],
                             args: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", *args])
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "error:" in err


# --- the text format ----------------------------------------------------------------------

def test_text_line_and_hint(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(cwd, "maksullinen", FEE)
    code, out, _ = run(capsys, "--lang", "en")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (f"{path}:{FEE_AT[0]}:{FEE_AT[1]}: error: "
                        "The group must be free of charge to be published here. [must-be-free]")
    assert lines[1] == ("    hint: Write free: true. A group with a fee is not a low-threshold "
                        "group.")
    assert lines[2] == (f"Checked: {file_count(cwd)} files, 2 groups, 1 error, 0 warnings, "
                        "0 notices.")
    assert len(lines) == 3


def test_a_group_with_a_key_written_twice_counts_once(cwd: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """The file is read (the second value is an error) and counted as one group, not two."""
    write(cwd, "kahdesti", edit_group(("free: true", "free: true\nfree: true"),
                                      ("code:", 'code: "ac32"')))
    _, out, _ = run(capsys, "--lang", "en")
    assert "[yaml-duplicate-key]" in out
    assert out.splitlines()[-1].startswith(f"Checked: {file_count(cwd)} files, 2 groups, ")


def test_summary_is_the_last_line(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(cwd, "maksullinen", FEE)
    write(cwd, "vanha", OLD)
    write(cwd, "rikki", "name: [\n")
    _, out, _ = run(capsys, "--lang", "en")
    last = out.splitlines()[-1]
    assert re.fullmatch(r"Checked: \d+ files, \d+ groups, \d+ errors, \d+ warnings?, "
                        r"\d+ notices\.", last), last
    assert last == (f"Checked: {file_count(cwd)} files, 4 groups, 2 errors, 1 warning, "
                    "0 notices.")


@pytest.mark.parametrize(("lang", "error", "label"), [
    ("fi", "virhe", "vihje"), ("sv", "fel", "tips"), ("en", "error", "hint")])
def test_lang_changes_the_language(cwd: Path, capsys: pytest.CaptureFixture[str], lang: str,
                                   error: str, label: str) -> None:
    """The severity in the partner's language, the rule id last in brackets."""
    path = write(cwd, "maksullinen", FEE)
    _, out, _ = run(capsys, "--lang", lang)
    expected = problem(path, FEE_AT, "must-be-free")
    lines = out.splitlines()
    assert lines[0] == (f"{path}:{FEE_AT[0]}:{FEE_AT[1]}: {error}: "
                        f"{message(expected, lang)} [must-be-free]")
    assert lines[1] == f"    {label}: {hint(expected, lang)}"


@pytest.mark.parametrize(("lang", "words"), [
    ("fi", ("virhe", "varoitus", "huomautus")), ("sv", ("fel", "varning", "anmärkning")),
    ("en", ("error", "warning", "notice"))])
def test_severity_in_the_partners_language(lang: str, words: tuple[str, str, str]) -> None:
    for severity, word in zip((Severity.ERROR, Severity.WARNING, Severity.NOTICE), words,
                              strict=True):
        found = Problem("x.yaml", Position(2, 1), "yaml-tab", severity)
        assert text_line(found, lang).startswith(f"x.yaml:2:1: {word}: ")
        assert text_line(found, lang).splitlines()[0].endswith(" [yaml-tab]")


def test_messages_differ_between_languages(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(cwd, "maksullinen", FEE)
    outputs = {lang: run(capsys, "--lang", lang)[1] for lang in ("fi", "sv", "en")}
    assert len(set(outputs.values())) == 3
    assert outputs["en"].splitlines()[-1].startswith("Checked:")
    assert not outputs["fi"].splitlines()[-1].startswith("Checked:")


def test_default_language_is_finnish(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(cwd, "maksullinen", FEE)
    assert run(capsys)[1] == run(capsys, "--lang", "fi")[1]


# --- GitHub annotations -------------------------------------------------------------------

def test_github_format(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(cwd, "maksullinen", FEE)
    code, out, _ = run(capsys, "--lang", "en", "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        f"::error file={path},line={FEE_AT[0]},col={FEE_AT[1]},title=must-be-free::"
        "The group must be free of charge to be published here.%0A"
        "Write free: true. A group with a fee is not a low-threshold group.")
    assert lines[-1].startswith("Checked: ")
    assert len(lines) == 2


def test_github_warning_and_notice(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(cwd, "vanha", OLD)
    _, out, _ = run(capsys, "--format", "github", "--today", "2027-05-20")
    levels = [line.split(" ", 1)[0] for line in out.splitlines()[:-1]]
    assert sorted(levels) == ["::notice", "::notice", "::warning"]


def test_escape_data() -> None:
    assert escape_data("100% sure:\r\nyes, really") == "100%25 sure:%0D%0Ayes, really"
    # '%' first: an escape is never escaped twice, and nothing else is touched.
    assert escape_data("%0A") == "%250A"


def test_escape_property() -> None:
    assert escape_property("a%b\nc:d,e\r") == "a%25b%0Ac%3Ad%2Ce%0D"
    assert escape_property("content/groups/x.yaml") == "content/groups/x.yaml"


def test_github_line_escapes_message_and_properties() -> None:
    weird = problem("content/groups/a,b:c.yaml", (3, 4), "yaml-colon-space",
                    value="50% done,\nthen:broken", fixed="then: broken")
    line = github_line(weird, "en")
    head, body = line.split("::", 2)[1:]
    assert head == ("error file=content/groups/a%2Cb%3Ac.yaml,line=3,col=4,"
                    "title=yaml-colon-space")
    assert "\n" not in line and "\r" not in line
    assert "50%25 done,%0Athen:broken" in body
    # The message keeps ':' and ',' (only properties escape them).
    assert body.startswith("A space is missing after the colon in '50%25 done,%0Athen:broken'.%0A")


def test_text_line_is_the_message_then_an_indented_hint() -> None:
    line = text_line(problem("x.yaml", (2, 1), "yaml-tab", lines=3), "en")
    assert line.split("\n") == [
        "x.yaml:2:1: error: A tab character is used for indentation. [yaml-tab]",
        "    hint: Indent with spaces only (two spaces per level); most editors can replace "
        "every tab at once. Lines indented with tabs: 3.",
    ]


# --- JSON ---------------------------------------------------------------------------------

def test_json_format(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(cwd, "maksullinen", FEE)
    write(cwd, "vanha", OLD)
    code, out, err = run(capsys, "--lang", "en", "--format", "json")
    assert code == 1
    data = json.loads(out)  # stdout is exactly one JSON document
    assert data[0] == {
        "file": path,
        "line": FEE_AT[0],
        "column": FEE_AT[1],
        "severity": "error",
        "rule": "must-be-free",
        "message": "The group must be free of charge to be published here.",
        "hint": "Write free: true. A group with a fee is not a low-threshold group.",
    }
    assert [(d["rule"], d["severity"], d["line"]) for d in data] == [
        ("must-be-free", "error", FEE_AT[0]), ("review-overdue", "warning", OLD_AT[0])]
    # The summary goes to stderr so that stdout stays valid JSON.
    assert err.strip().startswith("Checked:")


def test_json_when_clean_is_an_empty_list(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--format", "json")
    assert code == 0
    assert json.loads(out) == []


def test_json_in_finnish(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(cwd, "maksullinen", FEE)
    _, out, _ = run(capsys, "--lang", "fi", "--format", "json")
    (entry,) = json.loads(out)
    assert entry["message"] == message(problem(path, FEE_AT, "must-be-free"), "fi")
    assert entry["message"] != "The group must be free of charge to be published here."


# --- PATHS --------------------------------------------------------------------------------

def test_paths_limit_output(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fee = write(cwd, "maksullinen", FEE)
    old = write(cwd, "vanha", OLD)
    code, out, _ = run(capsys, "--lang", "en", old)
    assert code == 0  # the error is in a file that was not asked about
    assert old in out and fee not in out
    code, out, _ = run(capsys, "--lang", "en", fee)
    assert code == 1
    assert fee in out and old not in out


def test_paths_can_be_folders(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fee = write(cwd, "maksullinen", FEE)
    (cwd / "content" / "partners" / "rikki.yaml").write_text("name: [\n", encoding="utf-8")
    for folder in ("content/groups", "content/groups/", "./content/groups"):
        _, out, _ = run(capsys, "--lang", "en", folder)
        assert fee in out and "rikki.yaml" not in out, folder
    for everything in (".", "content", str(cwd), str(cwd / "content")):
        code, out, _ = run(capsys, "--lang", "en", everything)
        assert code == 1 and fee in out and "rikki.yaml" in out, everything


def test_paths_with_an_absolute_file(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fee = write(cwd, "maksullinen", FEE)
    code, out, _ = run(capsys, "--lang", "en", str(cwd / fee))
    assert code == 1 and f"{fee}:{FEE_AT[0]}:{FEE_AT[1]}:" in out


def test_content_option(tmp_path: Path, content_tree: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    (content_tree / "groups" / "maksullinen.yaml").write_text(FEE, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, out, _ = run(capsys, "--lang", "en", "--content", "../content")
    assert code == 1
    # Outside the working directory the path is shown as given, still clickable.
    assert f"../content/groups/maksullinen.yaml:{FEE_AT[0]}:{FEE_AT[1]}: error" in out


# --- --today ------------------------------------------------------------------------------

def test_today_changes_the_outcome(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # VALID_GROUP: season 2026-08-01 – 2027-05-31, reviewed 2026-11-01, policy 430 days.
    path = "content/groups/kahvila.yaml"
    assert run(capsys, "--lang", "en")[0] == 0
    code, out, _ = run(capsys, "--lang", "en", "--today", "2027-05-20")
    season_end = position_of(VALID_GROUP, "end: 2027-05-31", "2027")
    assert code == 0
    assert (f"{path}:{season_end[0]}:{season_end[1]}: notice: "
            "The season ends on 2027-05-31, in 11 days. [season-ending-soon]") in out
    code, out, _ = run(capsys, "--lang", "en", "--today", "2028-01-10")
    assert code == 0
    reviewed = position_of(VALID_GROUP, "reviewed:", "2026")
    assert re.search(rf"^{path}:{season_end[0]}:{season_end[1]}: warning: .*\[season-ended\]$",
                     out, re.M)
    assert re.search(rf"^{path}:{reviewed[0]}:{reviewed[1]}: warning: .*\[review-overdue\]$",
                     out, re.M)
    assert run(capsys, "--today", "2028-01-10", "--strict")[0] == 1


def test_today_defaults_to_the_sites_date(cwd: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(options, "site_today", lambda content: dt.date(2028, 1, 10))
    code = main(["check", "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 0 and "season-ended" in out


# --- the real commands --------------------------------------------------------------------

def _subprocess(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False)


def test_build_py_check(cwd: Path) -> None:
    path = write(cwd, "maksullinen", FEE)
    result = _subprocess(cwd, str(REPO / "build.py"), "check", "--today", TODAY, "--lang", "en")
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[0].startswith(f"{path}:{FEE_AT[0]}:{FEE_AT[1]}: error: ")
    assert result.stdout.splitlines()[0].endswith(" [must-be-free]")
    assert result.stdout.splitlines()[-1].startswith("Checked: ")


def test_build_py_check_clean_and_usage(cwd: Path) -> None:
    ok = _subprocess(cwd, str(REPO / "build.py"), "check", "--today", TODAY)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    usage = _subprocess(cwd, str(REPO / "build.py"), "check", "--nope")
    assert usage.returncode == 2
    assert "--nope" in usage.stderr


def test_brochure_check_with_paths(cwd: Path) -> None:
    fee = write(cwd, "maksullinen", FEE)
    old = write(cwd, "vanha", OLD)
    result = _subprocess(cwd, "-m", "brochure", "check", "--today", TODAY, "--lang", "en",
                         "--format", "github", old)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(
        f"::warning file={old},line={OLD_AT[0]},col={OLD_AT[1]},title=review-overdue::")
    assert fee not in result.stdout


def test_symlink_is_shown_as_the_link(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The problem names the link, not the file it points to."""
    link = cwd / "content" / "groups" / "linkki.yaml"
    link.symlink_to("kahvila.yaml")
    code, out, _ = run(capsys, "--lang", "en")
    assert code == 1
    assert out.splitlines()[0] == ("content/groups/linkki.yaml:1:1: error: "
                                   "'linkki.yaml' is a link to another file, which is not "
                                   "allowed in content. [symlink]")


def test_line_numbers_match_the_file(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What the output says stands on that line, at that column, in the file."""
    text = edit_group(("municipality:", "municipality: kokola"),
                      ("max_participants:", "max_participants: NO"), ("code:", 'code: "ac34"'))
    path = write(cwd, "monta", text)
    _, out, _ = run(capsys, "--lang", "en")
    lines = text.splitlines()
    found = re.findall(rf"^{re.escape(path)}:(\d+):(\d+): error: .* \[([a-z-]+)\]$", out, re.M)
    assert len(found) == 2, out
    for line, column, rule in found:
        token = {"unknown-municipality": "kokola", "yaml-ambiguous-boolean": "NO"}[rule]
        assert lines[int(line) - 1][int(column) - 1:].startswith(token), (rule, line)
    assert line_of(text, "kokola") < line_of(text, "max_participants: NO")
