"""Shared fixtures: a small, valid content tree of our own in a temporary folder.

The example content in ``content/`` is being written by other people, so the tests copy only
the files they need from it (site, vocabularies, partners) and write their own groups.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from brochure.check.content import Checked, ValidContent, load_content
from brochure.check.rules import hint, message
from brochure.core.problems import Problem, Severity
from brochure.engine.build import BuildResult, build

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "content"
TODAY = dt.date(2026, 11, 23)

# The Nu HTML Checker (vnu-jar from npm) run by Java. A short run over a few hundred files is
# mostly the JIT compiling: the quick compiler alone (C1) and the serial collector halve its
# CPU; C1's larger frames need more than the default thread stack.
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_checker() -> list[str]:
    """The command that checks HTML files (their names follow), reporting errors as JSON on
    stderr; the test fails if `make test` has not installed Java or the checker."""
    java = shutil.which("java")
    if not VNU.is_file():
        pytest.fail("vnu-jar is missing: run `make node-deps` (npm ci)")
    if not java:
        pytest.fail("java is missing: `make test` installs default-jre-headless")
    return [java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss8m", "-jar", str(VNU),
            "--errors-only", "--format", "json"]

# A group that passes every rule on TODAY without a single problem (not even a warning or a
# notice). Line numbers matter: tests replace single lines and assert where problems point.
VALID_GROUP = """\
# yaml-language-server: $schema=../../schema/group.schema.json
name:
  fi: "Testikahvila"
  sv: "Testkaféet"
  en: "Test Café"
summary:
  fi: "Avoin kahvila, jossa voi jutella ja olla muiden seurassa."
  sv: "Ett öppet kafé där du kan prata och vara i sällskap med andra."
  en: "An open café where you can chat and spend time in company."
description:
  fi: "Tule sellaisena kuin olet. Kahvi on valmiina."
  sv: "Kom som du är. Kaffet är färdigt."
  en: "Come as you are. The coffee is ready."
municipality: kokkola
venue:
  name: {fi: "Päiväkeskus", sv: "Dagcentret", en: "Day centre"}
  address: "Testikatu 1, 67100 Kokkola"
  accessibility: [step-free, near-bus-stop]
  coordinates: [63.8391, 23.1302]
schedule:
  season:
    start: 2026-08-01
    end: 2027-05-31
  meetings:
    - weekday: thursday
      start: "12:00"
      end: "15:00"
  breaks:
    - start: 2026-12-21
      end: 2027-01-06
audiences: [everyone, outside-work]
activities: [discussion, games]
languages: [fi, sv]
facilitators:
  - role: professional
    partner: soite
  - role: experience-expert
    partner: kpkoos
phase: pilot
substitute:
  fi: "Sijainen tulee KPKOOSin varalistalta."
  sv: "En ersättare kommer från KPKOOS reservlista."
  en: "A substitute comes from the KPKOOS list."
contact:
  partner: soite
  phone: "040 123 4567"
  email: kahvila@soite.example.fi
free: true
referral_required: false
anonymous: true
registration: none
max_participants: 20
reviewed: 2026-11-01
code: "k7m3"
meets_on_public_holidays: false
"""


def read_yaml(path: Path) -> Any:
    """A content file as plain data, read by PyYAML: what a test recomputes figures from,
    independently of the program's own reader."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def valid(checked: Checked) -> ValidContent:
    """The valid content of a checked tree (its site and vocabularies must be readable)."""
    assert checked.content is not None, checked.problems
    return checked.content


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line of ``text`` that contains ``needle``."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def replace_line(text: str, needle: str, new: str) -> str:
    """``text`` with the (single) line containing ``needle`` replaced by ``new`` (may be
    several lines, or empty to delete it)."""
    lines = text.splitlines(keepends=True)
    hits = [i for i, line in enumerate(lines) if needle in line]
    assert len(hits) == 1, f"{needle!r} found {len(hits)} times"
    lines[hits[0]] = new + ("\n" if new and not new.endswith("\n") else "")
    return "".join(lines)


def edit_group(*changes: tuple[str, str], text: str = VALID_GROUP) -> str:
    """VALID_GROUP with several lines replaced (see :func:`replace_line`)."""
    for needle, new in changes:
        text = replace_line(text, needle, new)
    return text


def make_tree(root: Path) -> Path:
    """A content tree: site, vocabularies and partners copied from the repository."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(SOURCE / "site.yaml", root / "site.yaml")
    shutil.copy(SOURCE / "vocabularies.yaml", root / "vocabularies.yaml")
    (root / "partners").mkdir()
    for partner in sorted((SOURCE / "partners").glob("*.yaml")):
        shutil.copy(partner, root / "partners" / partner.name)
    (root / "groups").mkdir()
    return root


@pytest.fixture
def empty_tree(tmp_path: Path) -> Path:
    """A content tree without any group."""
    return make_tree(tmp_path / "content")


@pytest.fixture
def content_tree(tmp_path: Path) -> Path:
    """A minimal valid content tree with one valid group, ``groups/kahvila.yaml``."""
    root = make_tree(tmp_path / "content")
    (root / "groups" / "kahvila.yaml").write_text(VALID_GROUP, encoding="utf-8")
    return root


def write_group(tree: Path, text: str | bytes, slug: str = "testi") -> Path:
    path = tree / "groups" / f"{slug}.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_for(tree: Path, path: Path, today: dt.date = TODAY) -> list[Problem]:
    content = load_content(tree, today)
    return [p for p in content.problems if Path(p.path).resolve() == path.resolve()]


def check_text(tree: Path, yaml_text: str | bytes, slug: str = "testi",
               today: dt.date = TODAY) -> list[Problem]:
    """Write ``groups/<slug>.yaml`` and return the problems load_content finds in that file."""
    path = write_group(tree, yaml_text, slug)
    return problems_for(tree, path, today)


# --- expecting problems ---------------------------------------------------------------------

LANGS = ("fi", "sv", "en")


def describe(problems: Sequence[Problem]) -> str:
    return "\n".join(f"  {p.line}:{p.column} {p.severity.value} {p.rule} {p.params}"
                     for p in problems) or "  (no problems)"


def position_of(text: str, needle: str, token: str | None = None) -> tuple[int, int]:
    """Line of the line containing ``needle``, column where ``token`` (default: ``needle``)
    starts on it; both 1-based, counted in characters as an editor shows them."""
    line = line_of(text, needle)
    content = text.splitlines()[line - 1]
    column = content.index(token if token is not None else needle) + 1
    return line, column


def expect(problems: list[Problem], rule: str, line: int, column: int,
           severity: Severity | None = None) -> Problem:
    """The one problem ``rule`` at ``line:column``; fails listing everything found."""
    found = [p for p in problems if p.rule == rule and (p.line, p.column) == (line, column)]
    assert found, f"expected {rule} at {line}:{column}, found:\n{describe(problems)}"
    assert len(found) == 1, f"{rule} reported twice at {line}:{column}:\n{describe(problems)}"
    if severity is not None:
        assert found[0].severity is severity, found[0]
    return found[0]


def english(problem: Problem) -> str:
    """The message and the hint, as an English-speaking partner reads them."""
    return f"{message(problem, 'en')}\n{hint(problem, 'en')}"


def assert_in_all_languages(problem: Problem) -> None:
    """The message (and hint) reads in Finnish, Swedish and English, every placeholder
    filled; Finnish and Swedish are really translated, not the English text."""
    en_message = message(problem, "en")
    for lang in LANGS:
        text, advice = message(problem, lang), hint(problem, lang)
        assert text.strip(), f"{problem.rule}: no {lang} message"
        assert "%(" not in text and "%(" not in advice, f"{problem.rule} ({lang}): {text} {advice}"
        if lang != "en":
            assert text != en_message, (
                f"{problem.rule}: the {lang} message is the English text: {text!r}")


@dataclass(frozen=True)
class Case:
    """A bad file (or a tree set up by ``setup``) and the one problem it must produce."""

    id: str
    text: str | bytes
    rule: str
    at: tuple[int, int]
    says: tuple[str, ...] = ()
    severity: Severity = Severity.ERROR
    also: frozenset[str] = frozenset()  # other rules that may be reported with it
    setup: Callable[[Path], list[Problem]] | None = field(default=None, compare=False)
    slug: str = "testi"

    def problems(self, tree: Path) -> list[Problem]:
        if self.setup is not None:
            return self.setup(tree)
        return check_text(tree, self.text, self.slug)


def assert_only_case_reported(case: Case, tree: Path) -> None:
    """The case's rule at its line and column, saying its words, and nothing else."""
    problems = case.problems(tree)
    problem = expect(problems, case.rule, *case.at, severity=case.severity)
    said = english(problem)
    for words in case.says:
        assert words in said, f"{case.rule}: {words!r} not in {said!r}"
    others = [p for p in problems if p is not problem and p.rule not in case.also]
    assert not others, f"more than {case.rule} was reported:\n{describe(problems)}"


def assert_case_in_all_languages(case: Case, tree: Path) -> None:
    assert_in_all_languages(expect(case.problems(tree), case.rule, *case.at))


# One build of the example content, shared by every test that only reads it (the tests that
# change content build their own trees). Built once per session: most of the suite's time was
# the same site built again by each module.
EXAMPLE_BASE = "https://example.org/ryhmat/"  # site.yaml's base_url


@dataclass(frozen=True)
class ExampleSite:
    output: Path
    result: BuildResult

    def read(self, url: str) -> str:
        """The page at ``url`` (``fi/groups/x/``) or the file (``data/groups.json``), as a
        reader sees its words: without the soft hyphens that let long words wrap."""
        path = self.output / url
        if url.endswith("/") or url == "":
            path = path / "index.html"
        return path.read_text(encoding="utf-8").replace("\N{SOFT HYPHEN}", "")


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> ExampleSite:
    output = tmp_path_factory.mktemp("example") / "public"
    result = build(SOURCE, output, TODAY)
    assert result.model is not None, [str(p) for p in result.problems]
    return ExampleSite(output, result)


# --- markers: the slow kinds of test, left out by `make test-fast` ------------------------------

BROWSER = Path(__file__).resolve().parent / "browser"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under tests/browser/ drives Chromium: it is marked ``browser``.

    The files with slow tests run first, the browser's before the rest (each file in its own
    order). `make test` hands whole files to its workers in this order
    (``--no-loadscope-reorder``), so the long files start early, the quick ones fill the gaps
    at the end, and each worker builds the browser gates' site once: xdist's default order
    (most tests first) left a browser file or two running alone at the end.
    """
    for item in items:
        if item.path.is_relative_to(BROWSER):
            item.add_marker(pytest.mark.browser)
    weight: dict[Path, int] = {}
    for item in items:
        kind = (0 if item.get_closest_marker("browser") else
                1 if item.get_closest_marker("slow") or item.get_closest_marker("pdf") else 2)
        weight[item.path] = min(kind, weight.get(item.path, kind))
    items.sort(key=lambda item: weight[item.path])


# --- axe's "incomplete" results, for a person to review ------------------------------------
# The axe test records them as a property of its report (``record_property("axe", …)``), so
# they reach this summary from whichever worker process ran it.

def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    runs = [value for reports in terminalreporter.stats.values() for report in reports
            if getattr(report, "when", None) == "call"
            for name, value in getattr(report, "user_properties", ()) if name == "axe"]
    if not runs:
        return
    pages = sum(run["pages"] for run in runs)
    incomplete: list[dict[str, Any]] = [item for run in runs for item in run["incomplete"]]
    terminalreporter.section("axe-core: results a person should review (incomplete)")
    terminalreporter.write_line(f"{pages} pages checked; {len(incomplete)} "
                                "results axe could not decide on its own.")
    cache = getattr(config, "cache", None)  # None with -p no:cacheprovider
    report = Path(cache.mkdir("axe")) / "incomplete.json" if cache is not None else None
    for item in incomplete:
        terminalreporter.write_line(
            f"{item['page']}: {item['id']} ({item['impact']}): {item['help']} "
            f"-- {len(item['nodes'])} element(s): {', '.join(item['nodes'][:3])}")
    if report is not None:
        report.write_text(json.dumps(incomplete, indent=2, ensure_ascii=False) + "\n",
                          encoding="utf-8")
        terminalreporter.write_line(f"(also written to {report})")
