"""The job summary of a pull request: which entries it adds or changes, and what is wrong.

A group file that the pull request deletes must be moved into ``content/retired.yaml`` (its
links stay as an "ended" page and its slug and code are never reused): if it is not, the
summary says so and the command fails, and so does the check.

The check workflow runs ``python -m brochure pr-summary --base "$BASE_SHA" --head HEAD``, which
is ``brochure pr-summary`` (see :mod:`brochure.commands.pr_summary`), in the checked-out
repository and appends the output to ``$GITHUB_STEP_SUMMARY``. Annotations show only
ten problems per step; the summary lists every message of every entry the pull request touches,
in Finnish first, then Swedish and English, so each partner can read it in their own language.
Above the messages of each group it adds or changes, it shows the group's fact box as the
site will read it (made by the site model's own views, :meth:`brochure.site.views.Views.fact_box`).

Everything shown comes from files a partner wrote, so every text is escaped: the summary
is Markdown with HTML, and a ``|`` or ``<`` in a group's name must stay text.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brochure.check.content import Checked, ValidContent
from brochure.check.files import display_path
from brochure.check.rules import hint, message
from brochure.ci.markdown import md_cell, md_line
from brochure.ci.markdown import row as table_row
from brochure.core.i18n import N_, gettext, plural
from brochure.core.languages import IN_LANGUAGE, LANGUAGES, text_in
from brochure.core.models import Group
from brochure.core.problems import Position, Problem, Severity
from brochure.load.reader import load_yaml
from brochure.site.views import FactBox, Views

# The content files a pull request can add or change, by folder (see the README's layout).
ENTRY_FOLDERS = {"groups": "group", "partners": "partner", "pages": "page"}
SETTINGS = frozenset({"site.yaml", "vocabularies.yaml"})


@dataclass(frozen=True)
class Change:
    """One content file the pull request adds (A), modifies (M) or deletes (D)."""

    status: str
    path: Path  # relative to the repository's top level
    kind: str   # group, partner, page or settings

    @property
    def stem(self) -> str:
        return self.path.stem


# --- which files changed ------------------------------------------------------------------

def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                          text=True, encoding="utf-8").stdout


def repository_root(start: Path) -> Path:
    return Path(_git(start, "rev-parse", "--show-toplevel").strip())


def content_kind(relative: Path) -> str | None:
    """``group``, ``partner``, ``page`` or ``settings`` for a path inside the content folder."""
    parts = relative.parts
    if any(part.startswith(".") for part in parts):
        return None
    if len(parts) == 1 and parts[0] in SETTINGS:
        return "settings"
    if len(parts) == 2 and parts[0] in ENTRY_FOLDERS and parts[1].lower() != "readme.md":
        return ENTRY_FOLDERS[parts[0]]
    return None


def changed_entries(repo: Path, base: str, head: str, content: Path) -> list[Change]:
    """The content files that differ between ``base`` and ``head`` (as a pull request shows).

    ``base...head`` compares ``head`` with the point where it left ``base``, as GitHub's
    "Files changed" tab does. A rename counts as deleting the old file and adding the new one:
    the file name is the group's address, so a rename is a new group.
    """
    folder = content.resolve().relative_to(repo.resolve()).as_posix()
    out = _git(repo, "diff", "--name-status", "-z", "--find-renames", "--no-ext-diff",
               f"{base}...{head}", "--", folder)
    fields = out.split("\0")
    changes: list[Change] = []
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i][0]
        if status in "RC":
            old, new = fields[i + 1], fields[i + 2]
            i += 3
            pairs = [("A", new)] if status == "C" else [("D", old), ("A", new)]
        else:
            pairs = [(status if status in "AD" else "M", fields[i + 1])]
            i += 2
        for state, name in pairs:
            path = Path(name)
            kind = content_kind(path.relative_to(folder))
            if kind is not None:
                changes.append(Change(state, path, kind))
    return sorted(set(changes), key=lambda c: (c.path.as_posix(), c.status))


# --- Markdown -------------------------------------------------------------------------------

# --- one row per changed file ----------------------------------------------------------------

@dataclass
class Row:
    change: Change
    name: str
    municipality: str
    result: str
    messages: list[str]
    # How the group's page will read (added or changed groups that are valid), or None.
    facts: FactBox | None = None
    # A group whose errors keep its fact box from being shown.
    facts_waiting: bool = False


def _text(value: Any, lang: str) -> str:
    """A text of a file that could not be validated, in ``lang`` or any language it has."""
    if isinstance(value, dict):
        for code in (lang, *LANGUAGES):
            text = value.get(code)
            if isinstance(text, str) and text.strip():
                return text.strip()
        return ""
    return value.strip() if isinstance(value, str) else ""


def _raw(path: Path) -> dict[str, Any]:
    """The data of an entry that did not validate, as far as it can be read."""
    try:
        data = load_yaml(display_path(path), path.read_bytes()).data
    except OSError:
        return {}
    return data if isinstance(data, dict) else {}


def _municipality(content: ValidContent | None, key: object, lang: str) -> str:
    if not isinstance(key, str):
        return ""
    if content is not None and key in content.vocabularies.municipalities:
        return content.vocabularies.municipalities[key].get(lang)
    return key


def _names(content: ValidContent | None, change: Change, file: Path,
           lang: str) -> tuple[str, str]:
    """The entry's name and municipality in ``lang``, from the model or from the raw file."""
    stem = change.stem
    if content is None:
        raw = _raw(file)
        return _text(raw.get("name"), lang), _municipality(content, raw.get("municipality"), lang)
    if change.kind == "group":
        group = content.groups.get(stem)
        source = content.sources.get(stem)
        if group is not None and source is not None and source.resolve() == file:
            return text_in(group.name, lang, content.site.language_order), _municipality(
                content, group.municipality, lang)
        raw = _raw(file)
        return _text(raw.get("name"), lang), _municipality(content, raw.get("municipality"), lang)
    if change.kind == "partner":
        partner = content.partners.get(stem)
        if partner is not None:
            return text_in(partner.name, lang, content.site.language_order), ""
        return _text(_raw(file).get("name"), lang), ""
    if change.kind == "page":
        name, _, rest = file.name.partition(".")
        page = content.pages.get(name, {}).get(rest.partition(".")[0])
        return (page.title if page is not None else ""), ""
    return file.name, ""


def _problem_text(problem: Problem, lang: str, elsewhere: bool = False) -> str:
    """One message: its mark, where (the file too when it is ``elsewhere``), the words and
    the rule id."""
    where = gettext(lang, N_("line %(line)s")) % {"line": problem.line}
    if elsewhere:
        where = f"{problem.path}, {where}"
    advice = hint(problem, lang)
    text = f"{message(problem, lang)} {advice}" if advice else message(problem, lang)
    return f"{_SEVERITY_MARK[problem.severity]} {md_cell(where)}: {md_cell(text)} " \
           f"(`{problem.rule}`)"


_SEVERITY_MARK = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.NOTICE: "ℹ️"}


def _result(content: ValidContent | None, change: Change, problems: list[Problem],
            lang: str) -> str:
    if change.status == "D":
        return "🗑️ " + gettext(lang, N_("removed"))
    if any(p.severity is Severity.ERROR for p in problems):
        return "❌ " + gettext(lang, N_("errors: not published"))
    if change.kind == "group" and content is not None and change.stem in content.hidden:
        return "⏸️ " + gettext(lang, N_("not published"))
    if any(p.severity is Severity.WARNING for p in problems):
        return "⚠️ " + gettext(lang, N_("OK, with warnings"))
    return "✅ " + gettext(lang, N_("OK"))


def _key(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def rows(checked: Checked, changes: list[Change], repo: Path, lang: str) -> list[Row]:
    content = checked.content
    views = Views(content) if content is not None else None
    by_file: dict[str, list[Problem]] = {}
    for problem in checked.problems:
        by_file.setdefault(_key(problem.path), []).append(problem)
    out = []
    lost = unretired(checked, changes)
    for change in changes:
        file = repo / change.path
        problems = ([unretired_problem(change)] if change in lost else []) \
            if change.status == "D" else by_file.get(_key(str(file)), [])
        # A group waiting for a partner file with errors: that file's one message says why.
        waiting = [p for p in checked.problems if p.rule == "partner-file-errors"
                   and change.kind == "group" and change.stem in p.params.get("slugs", ())]
        name, municipality = ("", "") if change.status == "D" else _names(
            content, change, file.resolve(), lang)
        group = _group(content, change, file.resolve())
        out.append(Row(
            change, name, municipality,
            _result(content, change, [*problems, *waiting], lang),
            [_problem_text(p, lang) for p in problems]
            + [_problem_text(p, lang, elsewhere=True) for p in waiting],
            facts=views.fact_box(group, lang) if views is not None and group is not None
            else None,
            facts_waiting=(change.kind == "group" and change.status != "D" and group is None
                           and change.path.suffix == ".yaml")))
    return out


def _group(content: ValidContent | None, change: Change, file: Path) -> Group | None:
    """The valid group an added or changed group file makes, or None."""
    if content is None or change.kind != "group" or change.status == "D":
        return None
    group = content.groups.get(change.stem)
    source = content.sources.get(change.stem)
    return group if group is not None and source is not None and source.resolve() == file \
        else None


def unretired(checked: Checked, changes: list[Change]) -> list[Change]:
    """Group files the pull request deletes without moving the group into
    ``content/retired.yaml``: its links would die and its slug and code could be reused."""
    content = checked.content
    kept = set(content.retired) | set(content.groups) if content is not None else set()
    return [c for c in changes if c.status == "D" and c.kind == "group" and c.stem not in kept]


def unretired_problem(change: Change) -> Problem:
    return Problem(change.path.as_posix(), Position(1, 1), "group-deleted-not-retired",
                   params={"value": change.path.name})


def other_errors(checked: Checked, changes: list[Change], repo: Path) -> int:
    """Errors in files the pull request does not touch (e.g. a group whose partner it removed)."""
    touched = {_key(str(repo / c.path)) for c in changes}
    return sum(1 for p in checked.problems
               if p.severity is Severity.ERROR and _key(p.path) not in touched)


def fact_box_lines(facts: FactBox, lang: str) -> list[str]:
    """A group's fact box as a Markdown quote: each fact on its own line, as on the page."""
    where = ", ".join(part for part in (facts.venue_name, facts.address) if part)
    contact = [part for part in (facts.phone, facts.email) if part]
    lines = [*(md_line(line) for line in facts.when), md_line(where)]
    if contact:
        lines.append(md_line(" · ".join(contact)))
    lines.append(md_line(" · ".join(facts.promises)))
    # A quote with hard line breaks: the facts stay one block, each fact on a line.
    return [f"> {line}<br>" if i < len(lines) - 1 else f"> {line}"
            for i, line in enumerate(lines)]


def entry_lines(row: Row, lang: str) -> list[str]:
    """An added or changed group's part: its name, how its page will read, its messages."""
    title = md_cell(row.name) or md_cell(row.change.stem)
    lines = [f"### {title}", "", f"{md_line(row.change.path.as_posix())} · {row.result}", ""]
    if row.facts is not None:
        lines += [gettext(lang, N_("On the site, the top of the group's page will read:")), ""]
        lines += fact_box_lines(row.facts, lang)
        lines.append("")
    elif row.facts_waiting:
        lines += [gettext(lang, N_("How the group's page will read is shown here once its "
                                   "errors are fixed.")), ""]
    if row.messages:
        lines += [gettext(lang, N_("Messages:")), ""]
        lines += [f"- {text}" for text in row.messages]
        lines.append("")
    return lines


def section(checked: Checked, changes: list[Change], repo: Path, lang: str,
            preview: str | None = None) -> str:
    """One language's part of the summary: a heading, the table of every entry, then each
    added or changed group (its fact box above its messages), and what to do next."""
    lines = [f"## {IN_LANGUAGE[lang]}", ""]
    if not changes:
        lines.append(gettext(lang, N_("This pull request does not add or change any entry.")))
    else:
        lines.append(gettext(lang, N_("Entries this pull request adds or changes:")))
        lines.append("")
        header = [N_("File"), N_("Name"), N_("Municipality"), N_("Result"), N_("Messages")]
        lines.append(table_row([gettext(lang, h) for h in header]))
        lines.append(table_row(["---"] * len(header)))
        found = rows(checked, changes, repo, lang)
        for row in found:
            groups = row.facts is not None or row.facts_waiting
            lines.append(table_row([
                md_cell(row.change.path.as_posix()),
                md_cell(row.name) or "—",
                md_cell(row.municipality) or "—",
                row.result,
                # A group's messages are under its fact box below.
                "<br>".join(row.messages) if row.messages and not groups else
                (gettext(lang, N_("see below")) if row.messages else "—"),
            ]))
        for row in found:
            if row.facts is not None or row.facts_waiting:
                lines += ["", *entry_lines(row, lang)]
        while lines and lines[-1] == "":
            lines.pop()
    others = other_errors(checked, changes, repo)
    if others:
        lines += ["", "❌ " + plural(
            lang, "There is %(n)s error in files this pull request does not change; the "
                  "check's annotations show where.",
            "There are %(n)s errors in files this pull request does not change; the check's "
            "annotations show where.", others) % {"n": others}]
    if checked.errors or unretired(checked, changes):
        lines += ["", gettext(lang, N_(
            "Fix the errors in the same pull request: the check runs again after every "
            "commit. Warnings do not stop publishing, but please read them."))]
    if preview:
        lines += ["", gettext(lang, N_(
            "Preview: download the artifact %(name)s from this run's summary page, unzip it and "
            "open index.html.")) % {"name": f"**{md_cell(preview)}**"}]
    return "\n".join(lines) + "\n"


def summary(checked: Checked, changes: list[Change], repo: Path,
            preview: str | None = None) -> str:
    """The whole job summary: Finnish first, then Swedish and English below it."""
    return "\n".join(section(checked, changes, repo, lang, preview) for lang in LANGUAGES)
