"""A pull request as the check workflow sees it: annotations, the job summary and the preview.

The fixture is a real git repository: the example content as the base commit, then a head commit
that adds one good and one bad group. The tests run the `run:` scripts of the check workflow's
steps themselves (read from .github/workflows/check.yml, with the step's `env:`), in that
repository, exactly as the runner would, and assert what a partner would read.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import cmarkgfm
import pytest
import yaml
from cmarkgfm.cmark import Options

from brochure.check.content import load_content
from brochure.check.rules import hint, message
from brochure.ci.markdown import md_cell
from brochure.ci.pr_summary import Change, changed_entries, rows
from brochure.commands.options import site_today
from brochure.core.i18n import gettext
from brochure.core.languages import IN_LANGUAGE as AUTONYMS
from brochure.core.languages import LANGUAGES
from brochure.core.problems import Problem
from brochure.site.views import Views
from tests.conftest import VALID_GROUP, make_tree, valid, write_group

REPO = Path(__file__).resolve().parents[2]
CHECK = REPO / ".github" / "workflows" / "check.yml"
VENV_BIN = Path(sys.executable).parent

# The check workflow runs without --today, so the fixture's dates follow the real clock.
TODAY = site_today(REPO / "content")
GOOD_SLUG, BAD_SLUG = "pr-hyva-ryhma", "pr-huono-ryhma"
GOOD_NAME = "Hyvä | ryhmä <b>*ei lihavoitu*</b>"
BAD_NAME = "Huono_ryhmä [linkki](http://example.org)"
# A venue name that would start a numbered list and carry markup, were it not escaped.
VENUE = "1. kerros | <i>Päiväkeskus</i>"

GROUP = """\
name:
  fi: {name!r}
  sv: {name!r}
  en: {name!r}
summary:
  fi: "Avoin ryhmä, jossa voi jutella ja olla muiden seurassa."
  sv: "En öppen grupp där du kan prata och vara i sällskap med andra."
  en: "An open group where you can chat and spend time in company."
description:
  fi: "Tule sellaisena kuin olet."
  sv: "Kom som du är."
  en: "Come as you are."
municipality: kokkola
venue:
  name: {{fi: {venue!r}, sv: {venue!r}, en: {venue!r}}}
  address: "Testikatu 1, 67100 Kokkola"
schedule:
  season: {{start: {start}}}
  meetings:
    - {{weekday: thursday, start: "12:00", end: "15:00"}}
audiences: [everyone]
activities: [discussion]
languages: [fi]
facilitators:
  - {{role: professional, partner: soite}}
{second}phase: established
substitute:
  fi: "Sijaisen löytää varalistalta."
  sv: "En vikarie finns på reservlistan."
  en: "A substitute is found on the reserve list."
contact: {{partner: soite, phone: "040 123 4567", email: ryhma@soite.example.fi}}
free: {free}
referral_required: false
anonymous: true
registration: none
reviewed: {reviewed}
code: "{code}"
meets_on_public_holidays: false
"""


def group_text(name: str, *, pair: bool = True, free: bool = True, code: str = "ac77") -> str:
    return GROUP.format(
        name=name,
        venue=VENUE,
        code=code,
        start=(TODAY - dt.timedelta(days=60)).isoformat(),
        reviewed=(TODAY - dt.timedelta(days=1)).isoformat(),
        second="  - {role: experience-expert, partner: kpkoos}\n" if pair else "",
        free="true" if free else "false",
    )


def line_of(text: str, start: str) -> int:
    """The 1-based number of the first line that starts with ``start``."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(start))


# --- the fixture repository ------------------------------------------------------------------

def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Partner", "GIT_AUTHOR_EMAIL": "p@example.org",
           "GIT_COMMITTER_NAME": "Partner", "GIT_COMMITTER_EMAIL": "p@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True)
    return done.stdout.strip()


@dataclass
class PullRequest:
    repo: Path
    base: str
    head: str
    good: Path
    bad: Path


@pytest.fixture(scope="module")
def pull_request(tmp_path_factory: pytest.TempPathFactory) -> PullRequest:
    repo = tmp_path_factory.mktemp("pr")
    shutil.copytree(REPO / "content", repo / "content")
    shutil.copy(REPO / "build.py", repo / "build.py")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    base = git(repo, "rev-parse", "HEAD")
    good = repo / "content" / "groups" / f"{GOOD_SLUG}.yaml"
    bad = repo / "content" / "groups" / f"{BAD_SLUG}.yaml"
    good.write_text(group_text(GOOD_NAME), encoding="utf-8")
    bad.write_text(group_text(BAD_NAME, pair=False, free=False, code="ac78"), encoding="utf-8")
    (repo / "README.md").write_text("not an entry\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Two new groups")
    return PullRequest(repo, base, git(repo, "rev-parse", "HEAD"), good, bad)


# --- running the workflow's own steps --------------------------------------------------------

def check_steps() -> dict[str, dict[str, Any]]:
    workflow = yaml.safe_load(CHECK.read_text(encoding="utf-8"))
    return {step["id"]: step for step in workflow["jobs"]["entries"]["steps"] if "id" in step}


@dataclass
class Ran:
    code: int
    stdout: str
    stderr: str
    summary: str


def run_step(step_id: str, repo: Path, base: str, tmp: Path) -> Ran:
    """Run one step's `run:` script as the runner does: bash -eo pipefail, with its `env:`."""
    step = check_steps()[step_id]
    # The only expressions the steps may use, with the values GitHub would give them here.
    known = {"${{ github.event.pull_request.base.sha }}": base}
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_STEP_SUMMARY": str(tmp / f"summary-{step_id}.md")}
    for name, value in step.get("env", {}).items():
        assert value in known, f"step {step_id}: unexpected expression {value!r}"
        env[name] = known[value]
    script = tmp / f"{step_id}.sh"
    script.write_text(step["run"], encoding="utf-8")
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=300)
    summary = Path(env["GITHUB_STEP_SUMMARY"])
    return Ran(done.returncode, done.stdout, done.stderr,
               summary.read_text(encoding="utf-8") if summary.exists() else "")


ANNOTATION = re.compile(r"::(?P<level>error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)")


def annotations_in(output: str) -> list[dict[str, str]]:
    found = []
    for line in output.splitlines():
        match = ANNOTATION.fullmatch(line)
        if match:
            props = dict(part.split("=", 1) for part in match["props"].split(","))
            message_text = match["message"].replace("%0A", "\n").replace("%0D", "\r")
            found.append({"level": match["level"], **props,
                          "message": message_text.replace("%25", "%")})
    return found


def test_check_step_annotates_the_bad_entry_on_its_lines(pull_request: PullRequest,
                                                         tmp_path: Path) -> None:
    ran = run_step("check", pull_request.repo, pull_request.base, tmp_path)
    assert ran.code == 1, ran.stdout + ran.stderr  # errors fail the step
    found = annotations_in(ran.stdout)
    bad = f"content/groups/{BAD_SLUG}.yaml"
    text = pull_request.bad.read_text(encoding="utf-8")
    by_rule = {a["title"]: a for a in found if a["file"] == bad}
    assert by_rule.keys() >= {"two-facilitators", "must-be-free"}
    pair = by_rule["two-facilitators"]
    # At the list of facilitators: the line after the key, where the only one is.
    assert (pair["level"], pair["line"], pair["col"]) == (
        "error", str(line_of(text, "facilitators:") + 1), "3")
    free = by_rule["must-be-free"]
    assert (free["level"], free["line"], free["col"]) == (
        "error", str(line_of(text, "free:")), str(len("free: ") + 1))
    # In Finnish, with the hint on the next line of the same annotation.
    assert "ohjaaja" in pair["message"] and "maksuton" in free["message"]
    assert len(free["message"].splitlines()) == 2
    # The good entry has nothing to say.
    assert not [a for a in found if a["file"] == f"content/groups/{GOOD_SLUG}.yaml"]


def split_row(row: str) -> list[str]:
    """The cells of a Markdown table row; an escaped \\| stays inside its cell."""
    cells = re.split(r"(?<!\\)\|", row.strip())
    assert cells[0] == "" and cells[-1] == "", row
    return [cell.strip() for cell in cells[1:-1]]


def sections(summary: str) -> dict[str, str]:
    """The summary's parts by language, in the order they appear."""
    parts = re.split(r"^## (.+)$", summary, flags=re.MULTILINE)
    names = {name: lang for lang, name in AUTONYMS.items()}
    return {names[parts[i]]: parts[i + 1] for i in range(1, len(parts), 2)}


def table(section: str) -> dict[str, list[str]]:
    """The overview table's rows by file (the Markdown source's cells)."""
    rows = [split_row(line) for line in section.splitlines() if line.startswith("| ")]
    header, rule, *body = rows
    assert all(cell == "---" for cell in rule) and len(header) == 5
    for row in body:
        assert len(row) == len(header), row
    return {row[0]: row for row in body}


@pytest.fixture(scope="module")
def summary_step(pull_request: PullRequest, tmp_path_factory: pytest.TempPathFactory) -> Ran:
    """The summary step run once on the fixture's pull request (two tests read it)."""
    return run_step("summary", pull_request.repo, pull_request.base,
                    tmp_path_factory.mktemp("summary"))


def test_summary_lists_both_entries_in_finnish_then_swedish_and_english(
        pull_request: PullRequest, summary_step: Ran) -> None:
    ran = summary_step
    assert ran.code == 0, ran.stderr
    assert ran.stdout == ""  # everything went into the job summary
    parts = sections(ran.summary)
    assert list(parts) == ["fi", "sv", "en"]
    content = load_content(pull_request.repo / "content", TODAY)
    bad_problems = [p for p in content.problems if p.path.endswith(f"{BAD_SLUG}.yaml")]
    assert {p.rule for p in bad_problems} >= {"two-facilitators", "must-be-free"}
    for lang, part in parts.items():
        rows = table(part)
        good_key = md_cell(f"content/groups/{GOOD_SLUG}.yaml")
        bad_key = md_cell(f"content/groups/{BAD_SLUG}.yaml")
        assert set(rows) == {good_key, bad_key}  # the README change is not an entry
        _, name, municipality, result, messages = rows[good_key]
        assert name == md_cell(GOOD_NAME) and "<b>" not in name and "\\|" in name
        assert municipality == ("Karleby" if lang == "sv" else "Kokkola")
        assert result.startswith("✅") and gettext(lang, "OK") in result
        assert messages == "—"
        _, name, _, result, messages = rows[bad_key]
        assert name == md_cell(BAD_NAME) and "](" not in name.replace("\\]", "")
        assert result.startswith("❌")
        # A group's messages stand under its fact box, below the table.
        assert messages == gettext(lang, "see below")
        below = part[part.index(f"### {md_cell(BAD_NAME)}"):]
        for problem in bad_problems:
            text = f"{message(problem, lang)} {hint(problem, lang)}".strip()
            assert md_cell(text) in below, (lang, problem.rule)
            assert f"(`{problem.rule}`)" in below
        # What to do next, in the section's language.
        assert gettext(lang, "Fix the errors in the same pull request: the check runs again "
                             "after every commit. Warnings do not stop publishing, but please "
                             "read them.") in part
        assert "site-preview" in part
    # Finnish first: the Finnish messages come before the Swedish and English ones.
    two = next(p for p in bad_problems if p.rule == "two-facilitators")
    positions = [ran.summary.index(md_cell(message(two, lang))) for lang in ("fi", "sv", "en")]
    assert positions == sorted(positions) and len(set(positions)) == 3


# --- the summary as GitHub shows it ------------------------------------------------------------

class Rendered(HTMLParser):
    """The blocks of rendered HTML as a reader sees them: (tag, text) for each heading,
    paragraph, list item, table cell and quote, a line break as a newline; and every tag."""

    BLOCKS = frozenset({"h2", "h3", "p", "li", "td", "th"})

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.tags: set[str] = set()
        self.links: list[str] = []
        self.open: list[str] = []
        self.quoted = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")
        if tag == "blockquote":
            self.quoted += 1
        elif tag == "br":
            if self.open:
                self.blocks[-1] = (self.blocks[-1][0], self.blocks[-1][1] + "\n")
        elif tag in self.BLOCKS:
            kind = "quote" if tag == "p" and self.quoted else tag
            self.blocks.append((kind, ""))
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote":
            self.quoted -= 1
        elif tag in self.BLOCKS and self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open:
            kind, text = self.blocks[-1]
            # A newline in the HTML source is a space to the reader; only <br> breaks a line.
            self.blocks[-1] = (kind, text + data.replace("\n", " "))


def github_html(markdown: str) -> str:
    """The job summary as GitHub renders it: cmark-gfm with its extensions, raw HTML kept
    (GitHub then only removes what its sanitizer forbids)."""
    return str(cmarkgfm.github_flavored_markdown_to_html(markdown,
                                                         options=Options.CMARK_OPT_UNSAFE))


def test_summary_shows_each_groups_fact_box_above_its_messages(
        pull_request: PullRequest, summary_step: Ran) -> None:
    """What a partner reads on GitHub: for the good group, the top of its page in each
    language, as the site model says it; for the bad one, its messages, and why there is no
    fact box yet. Nothing the partner wrote becomes markup or a list."""
    page = Rendered(github_html(summary_step.summary))
    # Only the summary's own markup: partners' words stay text (an email address is the one
    # thing GitHub links whatever the escapes, and it is the group's own).
    assert page.tags <= {"h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "br",
                         "blockquote", "ul", "li", "code", "strong", "a"}, page.tags
    assert {link for link in page.links} == {"mailto:ryhma@soite.example.fi"}
    content = valid(load_content(pull_request.repo / "content", TODAY))
    views = Views(content)
    bad_problems = [p for p in load_content(pull_request.repo / "content", TODAY).problems
                    if p.path.endswith(f"{BAD_SLUG}.yaml")]
    headings = [i for i, (kind, _) in enumerate(page.blocks) if kind == "h2"]
    assert [page.blocks[i][1] for i in headings] == [AUTONYMS[lang] for lang in LANGUAGES]
    for lang, start, end in zip(LANGUAGES, headings, [*headings[1:], len(page.blocks)],
                                strict=True):
        blocks = page.blocks[start:end]
        good = blocks.index(("h3", GOOD_NAME))
        quote = next(text for kind, text in blocks[good:] if kind == "quote")
        facts = views.fact_box(content.groups[GOOD_SLUG], lang)
        assert [line.strip() for line in quote.split("\n")] == [
            # The address in the summary's language: the town's Swedish name in Swedish.
            *facts.when, f"{VENUE}, {facts.address}",
            f"{facts.phone} · ryhma@soite.example.fi", " · ".join(facts.promises)]
        assert facts.address == {"sv": "Testikatu 1, 67100 Karleby"}.get(
            lang, "Testikatu 1, 67100 Kokkola")
        assert facts.phone == gettext(lang, "Call %(number)s") % {"number": "040 123 4567"}
        assert facts.when[0].startswith(gettext(lang, "Next meeting:"))
        bad = blocks.index(("h3", BAD_NAME))
        after = blocks[bad:]
        assert ("p", gettext(lang, "How the group's page will read is shown here once its "
                                   "errors are fixed.")) in after
        items = [text for kind, text in after if kind == "li"]
        assert len(items) == len(bad_problems)
        for problem, item in zip(sorted(bad_problems, key=Problem.sort_key), items,
                                 strict=True):
            assert message(problem, lang) in item and item.endswith(f"({problem.rule})")


@pytest.mark.slow  # three builds
def test_build_step_refuses_errors_then_builds_the_fixed_pull_request(
        pull_request: PullRequest, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(pull_request.repo, repo)
    ran = run_step("build", repo, pull_request.base, tmp_path)
    assert ran.code == 1
    assert not (repo / "_site").exists()  # nothing to preview: the upload step is skipped

    # The partner fixes the entry in the same pull request; everything passes.
    fixed = repo / "content" / "groups" / f"{BAD_SLUG}.yaml"
    fixed.write_text(group_text("Korjattu ryhmä", code="ac78"), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Fix the entry")
    assert run_step("check", repo, pull_request.base, tmp_path).code == 0
    summary = run_step("summary", repo, pull_request.base, tmp_path).summary
    rows = table(sections(summary)["fi"])
    assert all(row[3].startswith("✅") for row in rows.values()) and len(rows) == 2
    built = run_step("build", repo, pull_request.base, tmp_path)
    assert built.code == 0, built.stdout + built.stderr
    page = repo / "_site" / "fi" / "groups" / GOOD_SLUG / "index.html"
    assert "Hyvä | ryhmä &lt;b&gt;" in page.read_text(encoding="utf-8")
    upload = next(s for s in yaml.safe_load(CHECK.read_text(encoding="utf-8"))["jobs"][
        "entries"]["steps"] if "upload-artifact" in s.get("uses", ""))
    assert (repo / upload["with"]["path"]).resolve() == (repo / "_site").resolve()


def test_changed_entries_follow_renames_and_deletions(pull_request: PullRequest,
                                                      tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(pull_request.repo, repo)
    groups = repo / "content" / "groups"
    (groups / f"{GOOD_SLUG}.yaml").rename(groups / "uusi-osoite.yaml")
    victim = sorted(p for p in groups.iterdir() if p.name.startswith("t"))[0]
    victim.unlink()
    (repo / "content" / "pages" / "about.fi.md").write_text(
        "---\ntitle: Tietoa\n---\nUusi teksti.\n", encoding="utf-8")
    (groups / "notes.txt").write_text("a file with the wrong extension\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Rename, delete, edit")
    changes = changed_entries(repo, pull_request.head, "HEAD", repo / "content")
    assert changes == sorted([
        Change("D", Path(f"content/groups/{GOOD_SLUG}.yaml"), "group"),
        Change("A", Path("content/groups/uusi-osoite.yaml"), "group"),
        Change("D", Path("content/groups") / victim.name, "group"),
        Change("M", Path("content/pages/about.fi.md"), "page"),
        Change("A", Path("content/groups/notes.txt"), "group"),
    ], key=lambda c: (c.path.as_posix(), c.status))

    # The summary shows them all, the removed one as removed, the stray file with its problem.
    # Neither the renamed nor the deleted group is in content/retired.yaml: the step fails.
    done = subprocess.run(
        [sys.executable, "-m", "brochure", "pr-summary", "--base", pull_request.head,
         "--today", TODAY.isoformat()], cwd=repo, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    rows = table(sections(done.stdout)["en"])
    assert rows[md_cell(f"content/groups/{GOOD_SLUG}.yaml")][3] == "🗑️ " + gettext(
        "en", "removed")
    for removed in (f"content/groups/{GOOD_SLUG}.yaml", f"content/groups/{victim.name}"):
        assert "(`group-deleted-not-retired`)" in rows[md_cell(removed)][4], removed
    stray = rows[md_cell("content/groups/notes.txt")]
    assert stray[3].startswith("❌") and "(`file-extension`)" in stray[4]
    assert rows[md_cell("content/pages/about.fi.md")][1] == "Tietoa"
    # The bad entry from the earlier commit is not part of this comparison, but it still has
    # errors: the summary says so, since the check fails because of it.
    assert "errors in files this pull request does not change" in sections(done.stdout)["en"]


def test_no_entries_changed(pull_request: PullRequest) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "brochure", "pr-summary", "--base", pull_request.base, "--head",
         pull_request.base], cwd=pull_request.repo, capture_output=True, text=True, check=True)
    for lang, part in sections(done.stdout).items():
        assert gettext(lang, "This pull request does not add or change any entry.") in part
        assert "| " not in part


def test_unknown_base_is_a_usage_error(pull_request: PullRequest) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "brochure", "pr-summary", "--base", "no-such-ref"],
        cwd=pull_request.repo, capture_output=True, text=True)
    assert done.returncode == 2 and "git failed" in done.stderr and done.stdout == ""


@pytest.mark.parametrize("text", [
    "a | b", "<script>alert(1)</script>", "two\nlines", "back\\slash |", "`code` *bold* _x_",
    "[link](javascript:alert(1))", "&amp; stays text",
])
def test_cells_stay_literal_text(text: str) -> None:
    cell = md_cell(text)
    row = split_row(f"| {cell} | x |")
    assert len(row) == 2 and row[0] == cell  # a | never opens a new column
    assert "\n" not in cell and "<" not in cell.replace("<br>", "")
    assert not re.search(r"(?<!\\)[`*_\[\]]", cell)  # no Markdown formatting survives
    # Undoing the escapes gives the text back (lines joined by <br>).
    plain = re.sub(r"\\(.)", r"\1", cell).replace("<br>", "\n")
    assert plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == text



@pytest.mark.slow  # several builds
def test_deleting_a_group_file_fails_the_check_until_it_is_retired(tmp_path: Path) -> None:
    """A deleted group's links must keep working: its slug, code, municipality and name move
    into content/retired.yaml in the same pull request, or the summary step fails."""
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "content", repo / "content")
    shutil.copy(REPO / "build.py", repo / "build.py")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    base = git(repo, "rev-parse", "HEAD")
    gone = repo / "content" / "groups" / "yhteinen-poyta.yaml"
    data = yaml.safe_load(gone.read_text(encoding="utf-8"))
    gone.unlink()
    git(repo, "commit", "-q", "-am", "Delete a group")

    ran = run_step("summary", repo, base, tmp_path)
    assert ran.code == 1, ran.stderr
    assert "group-deleted-not-retired" in ran.stderr and "::error" in ran.stderr
    for lang, part in sections(ran.summary).items():
        row = table(part)[md_cell("content/groups/yhteinen-poyta.yaml")]
        assert "group-deleted-not-retired" in row[4] and "retired.yaml" in row[4], (lang, row)

    retired = repo / "content" / "retired.yaml"
    name = json.dumps(data["name"], ensure_ascii=False)
    retired.write_text(retired.read_text(encoding="utf-8") + (
        f"  - slug: yhteinen-poyta\n    code: \"{data['code']}\"\n"
        f"    municipality: {data['municipality']}\n    name: {name}\n"), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Retire it")
    again = tmp_path / "again"  # a new job summary file (the step appends to it)
    again.mkdir()
    ran = run_step("summary", repo, base, again)
    assert ran.code == 0, ran.stderr
    assert "group-deleted-not-retired" not in ran.summary + ran.stderr
    assert load_content(repo / "content", TODAY).errors == 0


def test_a_group_waiting_for_a_broken_partner_file_says_why(tmp_path: Path) -> None:
    """The group gets no message of its own (the partner's file has the one message), but
    its row in the summary shows that message and the file it is in."""
    tree = make_tree(tmp_path / "content")
    (tree / "partners" / "kpkoos.yaml").write_text("name: [\n", encoding="utf-8")
    write_group(tree, VALID_GROUP)
    checked = load_content(tree, dt.date(2026, 11, 23))
    changes = [Change("A", Path("content/groups/testi.yaml"), "group")]
    (row,) = rows(checked, changes, tmp_path, "en")
    assert row.result.startswith("❌") and row.facts is None and row.facts_waiting
    (said,) = row.messages
    assert said.startswith(f"❌ {md_cell(str(tree / 'partners' / 'kpkoos.yaml'))}, line 1: ")
    assert "(`partner-file-errors`)" in said and "testi.yaml" in said
