"""Short codes and slugs across the whole content: each group's code is its own, and no deleted
group's address or code is ever given to another group."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from brochure.check.rules import RULES
from brochure.core.codes import suggest_code
from brochure.core.models import Group, RetiredGroup
from brochure.core.problems import Position, Problem, Severity
from brochure.load.document import Document


@dataclass(frozen=True)
class Coded:
    """A group file as far as it could be read: its slug, its (possibly partial) model, and
    what of its document the code rules report: where it is and where its code is. Not the
    document itself: held for every group until all are read, the documents took a few
    hundred megabytes at 10,000 groups."""

    slug: str
    path: str
    group: Group | None
    code_at: Position  # the code's value, or where it would be
    top_at: Position  # the file's first key
    code_written: bool  # a code key is in the file (valid or not)

    @classmethod
    def of(cls, slug: str, doc: Document, group: Group | None) -> Coded:
        return cls(slug, doc.path, group, doc.position(("code",)), doc.position((), key=True),
                   isinstance(doc.data, dict) and "code" in doc.data)


def code_problems(coded: Sequence[Coded], retired: Mapping[str, RetiredGroup],
                  retired_file: str) -> tuple[list[Problem], frozenset[str]]:
    """Short codes unique among the groups and the deleted groups, and no deleted group's
    address reused; a group without a code gets a warning with a free code to use.

    Returns the problems and the slugs of the groups they keep out of the brochure."""
    owners: dict[str, str] = {}
    for entry in retired.values():
        owners[entry.slug] = retired_file
        if entry.code:
            owners[entry.code] = retired_file
    for item in coded:
        owners.setdefault(item.slug, item.path)
    codes = {item.group.code for item in coded if item.group is not None}
    taken = set(owners) | {c for c in codes if isinstance(c, str)}
    problems: list[Problem] = []
    failed: set[str] = set()
    for item in coded:
        found = _group_code_problems(item, retired, owners, taken)
        problems.extend(found)
        if any(p.severity is Severity.ERROR for p in found):
            failed.add(item.slug)
    return problems, frozenset(failed)


def _group_code_problems(item: Coded, retired: Mapping[str, RetiredGroup],
                         owners: dict[str, str], taken: set[str]) -> list[Problem]:
    slug, path, group = item.slug, item.path, item.group

    def problem(rule: str, position: Position, **params: object) -> Problem:
        return Problem(path, position, rule, RULES[rule].severity, params)

    found: list[Problem] = []
    if slug in retired:
        found.append(problem("slug-retired", Position(1, 1), value=slug))
    code = group.code if group is not None else None
    if isinstance(code, str):
        owner = owners.get(code)
        if owner is not None and owner != path:
            suggestion = suggest_code(slug, taken)
            taken.add(suggestion)
            found.append(problem("code-duplicate", item.code_at, value=code,
                                 other=owner, suggestion=suggestion))
        else:
            owners[code] = path
    elif group is not None and "code" not in group.model_fields_set and not item.code_written:
        # (A code written but not valid is reported as what is wrong with it.)
        suggestion = suggest_code(slug, taken)
        taken.add(suggestion)
        found.append(problem("code-missing", item.top_at, suggestion=suggestion))
    return found
