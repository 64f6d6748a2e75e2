"""Problems as text for people, as GitHub workflow commands, and as JSON for tools."""

from __future__ import annotations

import json
from collections.abc import Iterable

from brochure.check.rules import hint, message
from brochure.core.i18n import N_, gettext, plural
from brochure.core.problems import Problem, Severity

FORMATS = ("text", "github", "json")


# The severity as a partner reads it, in their language (--format text).
SEVERITY_WORDS = {
    Severity.ERROR: N_("error"),
    Severity.WARNING: N_("warning"),
    Severity.NOTICE: N_("notice"),
}


def text_line(problem: Problem, lang: str) -> str:
    """``content/groups/x.yaml:12:5: virhe: <message> [two-facilitators]`` and a hint line:
    the severity in the partner's language, the rule id last (tools read --format json or
    github, whose words stay English)."""
    head = (f"{problem.path}:{problem.line}:{problem.column}: "
            f"{gettext(lang, SEVERITY_WORDS[problem.severity])}: {message(problem, lang)} "
            f"[{problem.rule}]")
    advice = hint(problem, lang)
    if advice:
        label = gettext(lang, N_("hint"))
        return f"{head}\n    {label}: {advice}"
    return head


def escape_data(value: str) -> str:
    """Escape a workflow command's message as the Actions runner expects."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command's property value (file, title): also ':' and ','."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "notice"}


def github_line(problem: Problem, lang: str) -> str:
    body = message(problem, lang)
    advice = hint(problem, lang)
    if advice:
        body = f"{body}\n{advice}"
    props = ",".join([
        f"file={escape_property(problem.path)}",
        f"line={problem.line}",
        f"col={problem.column}",
        f"title={escape_property(problem.rule)}",
    ])
    return f"::{_GITHUB_LEVEL[problem.severity]} {props}::{escape_data(body)}"


def as_dicts(problems: Iterable[Problem], lang: str) -> list[dict[str, object]]:
    return [
        {
            "file": p.path,
            "line": p.line,
            "column": p.column,
            "severity": p.severity.value,
            "rule": p.rule,
            "message": message(p, lang),
            "hint": hint(p, lang),
        }
        for p in problems
    ]


def as_json(problems: Iterable[Problem], lang: str) -> str:
    return json.dumps(as_dicts(problems, lang), ensure_ascii=False, indent=2)


def summary(lang: str, files: int, groups: int, problems: list[Problem]) -> str:
    """One line: files, groups, errors, warnings (and notices)."""
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = sum(1 for p in problems if p.severity is Severity.WARNING)
    notices = sum(1 for p in problems if p.severity is Severity.NOTICE)
    parts = [
        plural(lang, "%(n)s file", "%(n)s files", files) % {"n": files},
        plural(lang, "%(n)s group", "%(n)s groups", groups) % {"n": groups},
        plural(lang, "%(n)s error", "%(n)s errors", errors) % {"n": errors},
        plural(lang, "%(n)s warning", "%(n)s warnings", warnings) % {"n": warnings},
        plural(lang, "%(n)s notice", "%(n)s notices", notices) % {"n": notices},
    ]
    return gettext(lang, N_("Checked: %(parts)s.")) % {"parts": ", ".join(parts)}


def render(problems: list[Problem], fmt: str, lang: str) -> str:
    if fmt == "json":
        return as_json(problems, lang)
    if fmt == "github":
        return "\n".join(github_line(p, lang) for p in problems)
    return "\n".join(text_line(p, lang) for p in problems)
