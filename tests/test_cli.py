"""The command line as a whole: every command shares its options, exit codes and usage errors
(:mod:`brochure.commands.options`); ``python -m brochure`` is the same command line."""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from brochure import cli
from brochure.commands import options
from brochure.core.languages import LANGUAGES
from tests.conftest import REPO

SHARED = ("--content", "--today", "--lang")
# What each command needs besides the shared options to get as far as running.
REQUIRED: dict[str, list[str]] = {"new": ["group", "uusi-ryhma"], "pr-summary": ["--base", "HEAD"]}


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def every_parser() -> dict[str, argparse.ArgumentParser]:
    """Each command's parser under ``brochure``."""
    return subparsers(cli.make_parser())


def option(parser: argparse.ArgumentParser, flag: str) -> argparse.Action:
    return next(a for a in parser._actions if flag in a.option_strings)


def described(action: argparse.Action) -> tuple[object, ...]:
    return (action.help, action.default, action.metavar, action.choices, action.type,
            action.required, action.dest)


def test_every_command_is_listed() -> None:
    assert list(subparsers(cli.make_parser())) == [
        "check", "build", "serve", "schema", "new", "expiring", "report", "pr-summary"]


@pytest.mark.parametrize("flag", SHARED)
def test_every_command_has_the_shared_options_alike(flag: str) -> None:
    parsers = every_parser()
    seen = {name: described(option(parser, flag)) for name, parser in parsers.items()}
    assert len(set(seen.values())) == 1, seen


def test_the_shared_options_defaults() -> None:
    parser = subparsers(cli.make_parser())["check"]
    assert option(parser, "--content").default == Path("content")
    assert option(parser, "--today").default is None  # resolved by options.parse_args
    assert option(parser, "--lang").default == "fi"
    assert tuple(option(parser, "--lang").choices or ()) == LANGUAGES


def test_today_is_resolved_once_for_every_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(options, "site_today", lambda content: dt.date(2027, 3, 4))
    parser = cli.make_parser()
    for name in subparsers(parser):
        args = options.parse_args(parser, [name, *REQUIRED.get(name, [])])
        assert args.today == dt.date(2027, 3, 4), name
        given = options.parse_args(parser, [name, *REQUIRED.get(name, []),
                                            "--today", "2026-12-01"])
        assert given.today == dt.date(2026, 12, 1), name


@pytest.mark.parametrize("flag", ["--cache", "--jobs"])
def test_build_and_serve_share_the_engine_options(flag: str) -> None:
    parsers = subparsers(cli.make_parser())
    assert described(option(parsers["build"], flag)) == described(option(parsers["serve"], flag))


def test_build_options() -> None:
    parser = cli.make_parser()
    args = options.parse_args(parser, ["build"])
    assert (args.output, args.base_url, args.strict, args.pdf) == (Path("public"), None, False,
                                                                   False)
    assert args.cache == Path(".cache/brochure")
    assert args.jobs == options.cpu_count() >= 1
    assert args.quiet is False
    args = options.parse_args(parser, ["build", "--cache", "elsewhere", "--jobs", "1",
                                       "--quiet"])
    assert (args.cache, args.jobs, args.quiet) == (Path("elsewhere"), 1, True)
    serve = options.parse_args(parser, ["serve", "--cache", "c", "--jobs", "3"])
    assert (serve.cache, serve.jobs) == (Path("c"), 3)
    assert not hasattr(serve, "quiet")


@pytest.mark.parametrize("jobs", ["0", "-2", "many"])
def test_jobs_must_be_a_positive_number(jobs: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["build", "--jobs", jobs])
    assert exit_info.value.code == options.EXIT_USAGE
    assert "--jobs" in capsys.readouterr().err


# --- usage errors ------------------------------------------------------------------------------

def usage_error(capsys: pytest.CaptureFixture[str], run: Callable[..., int],
                *args: object) -> str:
    """The message after ``error:`` of a usage error (exit 2) with no other output."""
    with pytest.raises(SystemExit) as exit_info:
        run(*args)
    assert exit_info.value.code == options.EXIT_USAGE
    out, err = capsys.readouterr()
    assert out == ""
    last = err.strip().splitlines()[-1]
    assert ": error: " in last, err
    return last.split(": error: ", 1)[1]


@pytest.mark.parametrize("name", ["check", "build", "new", "schema", "expiring", "pr-summary",
                                  "serve"])
def test_missing_content_folder_is_the_same_usage_error(
        name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    argv = [*REQUIRED.get(name, []), "--content", "ei-ole", "--today", "2026-12-01"]
    expected = "content folder not found: ei-ole"
    assert usage_error(capsys, cli.main, [name, *argv]) == expected
    assert not (tmp_path / "ei-ole").exists()
    assert list(tmp_path.iterdir()) == []  # nothing was written


@pytest.mark.parametrize("name", ["expiring", "pr-summary"])
def test_python_m_brochure_gives_the_same_usage_error(name: str, tmp_path: Path) -> None:
    # The workflows call the commands as ``python -m brochure NAME``.
    done = subprocess.run([sys.executable, "-m", "brochure", name, *REQUIRED.get(name, []),
                           "--content", "ei-ole"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == options.EXIT_USAGE and done.stdout == ""
    assert done.stderr.strip().splitlines()[-1].endswith(
        f"{name}: error: content folder not found: ei-ole")


@pytest.mark.parametrize("name", list(cli.COMMANDS))
def test_impossible_date_is_a_usage_error(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = [name, *REQUIRED.get(name, []), "--content", str(REPO / "content"),
            "--today", "2026-02-30"]
    message = usage_error(capsys, cli.main, argv)
    assert message == "argument --today: not a date in the form YYYY-MM-DD: '2026-02-30'"


def test_impossible_date_through_python_m_brochure(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "brochure", "expiring", "--content",
                           str(REPO / "content"), "--today", "2026-02-30"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == options.EXIT_USAGE and done.stdout == ""
    assert "not a date in the form YYYY-MM-DD: '2026-02-30'" in done.stderr


@pytest.mark.parametrize("form", ["markdown", "github"])
def test_python_m_brochure_expiring_is_brochure_expiring(
        form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # files are named relative to the working folder
    argv = ["--content", str(REPO / "content"), "--today", "2026-12-01", "--format", form]
    assert cli.main(["expiring", *argv]) == options.EXIT_OK
    in_process = capsys.readouterr().out
    done = subprocess.run([sys.executable, "-m", "brochure", "expiring", *argv], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout == in_process
    assert done.stderr == ""
    if form == "markdown":
        assert in_process.index("## Suomeksi") < in_process.index("## In English")


# --- one definition of each thing ---------------------------------------------------------------

def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _imports(nodes: list[ast.stmt]) -> set[str]:
    found: set[str] = set()
    for node in nodes:
        for inner in ast.walk(node):
            if isinstance(inner, ast.Import):
                found |= {alias.name for alias in inner.names}
            elif isinstance(inner, ast.ImportFrom):
                found.add(f"{'.' * inner.level}{inner.module or ''}")
    return found


def test_no_module_has_a_command_line_of_its_own() -> None:
    # One entry point (python -m brochure / brochure): a module run as __main__ would be
    # imported twice, and one importing the CLI would make an import cycle.
    for path in sorted((REPO / "brochure").rglob("*.py")):
        if path.name == "__main__.py":
            continue
        body = _tree(path).body
        guards = [node for node in body if isinstance(node, ast.If)
                  and "__main__" in ast.unparse(node.test)]
        assert not any({"brochure.cli", ".cli"} & _imports([g]) for g in guards), path
        if path.parent.name != "commands" and path.name != "cli.py":
            assert "argparse" not in _imports(body), path


def test_exit_codes_are_defined_once() -> None:
    for path in sorted((REPO / "brochure").rglob("*.py")):
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Assign):
                names = {n.id for t in node.targets for n in ast.walk(t)
                         if isinstance(n, ast.Name)}
                if any(name.startswith("EXIT_") for name in names):
                    assert path == REPO / "brochure" / "commands" / "options.py", path


def test_checking_starts_without_the_engine() -> None:
    # `brochure check` is what partners run most (and every pull request): it must not wait
    # for the site engine, the templates, the workbook or the progress bar to load.
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from brochure import cli; "
         "cli.make_parser(); print(*sorted(sys.modules), sep='\\n')"],
        capture_output=True, text=True, check=True, cwd=REPO)
    loaded = set(done.stdout.split())
    assert "brochure.check.content" in loaded  # what checking needs is there
    for module in ("brochure.engine.build", "jinja2", "openpyxl", "tqdm", "pygal"):
        assert module not in loaded, module
