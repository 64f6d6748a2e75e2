"""Load and check a whole content tree: the input of every command.

``load_content`` reads ``content/`` (see the README for its layout), validates every file and
applies the rules, and returns a :class:`Content` with the valid models and every problem. It
never raises on bad content. A :class:`FileCache` lets the live preview re-read only files that
changed; a full build passes none.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from brochure.check.attendance import SeasonAttendance, attendance_files, read_attendance, season_of
from brochure.check.lenient import Resolver, normalise, time_fields
from brochure.check.rules import RULES
from brochure.check.validate import (
    HIDING_RULES,
    Context,
    group_findings,
    normal_slug,
    partial_model,
    partner_findings,
    population_findings,
    problems_of,
    retired_findings,
    site_findings,
    valid_slug,
    validate_model,
    vocabulary_findings,
)
from brochure.core.codes import suggest_code
from brochure.core.languages import LANGUAGES
from brochure.core.models import (
    Group,
    Page,
    Partner,
    Population,
    Retired,
    RetiredGroup,
    Site,
    Vocabularies,
)
from brochure.core.problems import Position, Problem, Severity
from brochure.load.reader import Document, load_markdown, load_yaml

M = TypeVar("M", bound=BaseModel)

# Page names the brochure uses for its own sections (see brochure.site.model).
RESERVED_PAGE_NAMES = frozenset({
    "groups", "municipality", "audience", "weekday", "partners", "print", "data", "r",
    "assets", "calendar", "feed", "poster", "search", "index", "report", "add-group",
})
_PAGE_FILE = re.compile(r"([a-z0-9][a-z0-9-]*)\.([a-z]{2})\.md\Z")


def display_path(path: Path) -> str:
    """The path as a person should see it: relative to the working directory if inside it."""
    # Resolve the folder only: a link must be shown as itself, not as the file it points to.
    try:
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass
class Content:
    """Everything in a content tree that passed validation, and all the problems found."""

    root: Path
    today: dt.date
    site: Site | None = None
    vocabularies: Vocabularies | None = None
    partners: dict[str, Partner] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    hidden: dict[str, str] = field(default_factory=dict)
    pages: dict[str, dict[str, Page]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    sources: dict[str, Path] = field(default_factory=dict)
    # Anonymous meeting counts, by group and season (content/attendance/, brochure.monitoring).
    attendance: list[SeasonAttendance] = field(default_factory=list)
    # Deleted groups (content/retired.yaml), by slug: their addresses stay as "ended" pages.
    retired: dict[str, RetiredGroup] = field(default_factory=dict)
    # Inhabitants per municipality (content/population.yaml), for the report's reach.
    population: Population | None = None

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.WARNING)

    @property
    def notices(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.NOTICE)

    @property
    def published(self) -> list[Group]:
        """Groups shown in the brochure: valid, season not over, reviewed recently enough."""
        return [g for slug, g in self.groups.items() if slug not in self.hidden]

    def group_path(self, slug: str) -> Path:
        return self.root / "groups" / f"{slug}.yaml"


@dataclass
class _Entry:
    stamp: tuple[int, int]
    doc: Document
    model: Any
    problems: list[Problem]
    partial: Any = None
    # The preview's reuse of the context rules' problems and of the group with its slug.
    checked: tuple[Any, ...] | None = None
    resolver: Resolver | None = None


class FileCache:
    """Parsed and validated files by path and modification stamp (for the live preview)."""

    def __init__(self) -> None:
        self._entries: dict[tuple[Path, type], _Entry] = {}

    def get(self, path: Path, model: type[BaseModel],
            resolver: Resolver | None = None) -> _Entry | None:
        entry = self._entries.get((path, model))
        if entry is not None and entry.stamp == _stamp(path) and entry.resolver == resolver:
            return entry
        return None

    def put(self, path: Path, model: type[BaseModel], entry: _Entry) -> None:
        self._entries[(path, model)] = entry


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return (stat.st_mtime_ns, stat.st_size)


def _read(path: Path, model: type[M], cache: FileCache | None,
          loader: Callable[[str, bytes], Document] | None = None,
          resolver: Resolver | None = None) -> _Entry:
    if cache is not None:
        entry = cache.get(path, model, resolver)
        if entry is not None:
            return entry
    stamp = _stamp(path)
    if loader is None:
        doc = load_yaml(display_path(path), path.read_bytes(), time_fields(model))
    else:
        doc = loader(display_path(path), path.read_bytes())
    # Unambiguous spellings (9:30, tiistai, Karleby) become canonical values, with a notice.
    normalise(model, doc, resolver)
    instance, problems = validate_model(model, doc)
    partial = partial_model(model, doc.data) if instance is None else None
    entry = _Entry(stamp, doc, instance, doc.problems + problems, partial, resolver=resolver)
    if cache is not None:
        cache.put(path, model, entry)
    return entry


def _files(folder: Path, extension: str, content: Content) -> Iterator[Path]:
    """Entry files in a folder, sorted; wrong extensions and links reported, not read."""
    if folder.is_symlink():
        # A linked folder would bring in files from anywhere, as a linked file would.
        content.problems.append(_file_problem(folder, "symlink", value=folder.name))
        return
    if not folder.is_dir():
        return
    # scandir knows each entry's type without a system call per file (the preview reads the
    # folder after every edit); sorted by name.
    with os.scandir(folder) as found:
        entries = sorted(found, key=lambda entry: entry.name)
    for entry in entries:
        path = folder / entry.name
        if path.name.startswith(".") or path.name.lower() == "readme.md":
            continue
        if entry.is_symlink():
            content.problems.append(_file_problem(path, "symlink", value=path.name))
            continue
        if not entry.is_file():
            continue
        if not path.name.endswith(extension):
            content.problems.append(_file_problem(path, "file-extension", value=path.name,
                                                  extension=extension))
            continue
        yield path


def _file_problem(path: Path, rule: str, **params: Any) -> Problem:
    return Problem(display_path(path), Position(1, 1), rule, RULES[rule].severity, params)


def load_content(root: Path, today: dt.date, cache: FileCache | None = None) -> Content:
    """Read, validate and cross-check every file below ``root``."""
    content = Content(root=root, today=today)
    problems = content.problems

    def single(name: str, model: type[M]) -> tuple[M | None, Document | None]:
        path = root / name
        if path.is_symlink():
            problems.append(_file_problem(path, "symlink", value=name))
            return None, None
        if not path.is_file():
            problems.append(_file_problem(path, "missing-file", value=name))
            return None, None
        content.files += 1
        entry = _read(path, model, cache)
        problems.extend(entry.problems)
        return entry.model, entry.doc

    site, site_doc = single("site.yaml", Site)
    vocab, vocab_doc = single("vocabularies.yaml", Vocabularies)
    content.site, content.vocabularies = site, vocab
    if vocab is not None and vocab_doc is not None:
        problems.extend(problems_of(vocab_doc, vocabulary_findings(vocab)))

    partner_docs: dict[str, tuple[Document, Partner]] = {}
    broken: dict[str, str] = {}  # partner id -> its file, where its errors are reported
    for path in _files(root / "partners", ".yaml", content):
        content.files += 1
        entry = _read(path, Partner, cache, resolver=Resolver(vocab))
        problems.extend(entry.problems)
        pid = path.stem
        if not valid_slug(pid):
            problems.append(Problem(entry.doc.path, Position(1, 1), "slug-format",
                                    params={"value": pid}))
        elif entry.model is None:
            broken[pid] = entry.doc.path
        else:
            partner = entry.model
            partner._id = pid
            content.partners[pid] = partner
            partner_docs[pid] = (entry.doc, partner)
    partner_ids = frozenset(content.partners)
    if vocab is not None:
        for doc, partner in partner_docs.values():
            problems.extend(problems_of(doc, partner_findings(partner, vocab)))
    if site is not None and site_doc is not None:
        problems.extend(problems_of(site_doc, site_findings(site, partner_ids, broken)))

    retired_doc: Document | None = None
    if (root / RETIRED_FILE).exists() or (root / RETIRED_FILE).is_symlink():
        retired, retired_doc = single(RETIRED_FILE, Retired)
        if retired is not None and retired_doc is not None and vocab is not None:
            found = problems_of(retired_doc, retired_findings(retired, vocab))
            problems.extend(found)
            if not any(p.severity is Severity.ERROR for p in found):
                content.retired = {g.slug: g for g in retired.groups}

    if (root / POPULATION_FILE).exists() or (root / POPULATION_FILE).is_symlink():
        population, population_doc = single(POPULATION_FILE, Population)
        if population is not None and population_doc is not None and vocab is not None:
            found = problems_of(population_doc, population_findings(population, vocab))
            problems.extend(found)
            if not any(p.severity is Severity.ERROR for p in found):
                content.population = population

    names = tuple((pid, tuple((lang, text) for lang, text in p.name.model_dump().items() if text))
                  for pid, p in sorted(content.partners.items()))
    context = (Context(vocab, partner_ids, site, today, broken=tuple(sorted(broken.items())),
                       partner_names=names)
               if site and vocab else None)
    resolver = Resolver(vocab, {pid: tuple(v for v in p.name.model_dump().values() if v)
                                for pid, p in content.partners.items()})
    seen: dict[str, str] = {}
    same: dict[str, str] = {}  # the data of a group file -> the first file with it
    coded: list[tuple[str, Document, Any]] = []
    for path in _files(root / "groups", ".yaml", content):
        content.files += 1
        entry = _read(path, Group, cache, resolver=resolver)
        problems.extend(entry.problems)
        slug = path.stem
        shown = entry.doc.path
        key = normal_slug(slug)
        if key in seen:
            problems.append(Problem(shown, Position(1, 1), "slug-duplicate",
                                    params={"value": slug, "other": seen[key]}))
            continue
        seen[key] = shown
        # A copy of another file would be published twice; with a short code the copy's
        # repeated code is already an error (code-duplicate), which says it.
        copyable = isinstance(entry.doc.data, dict) and "code" not in entry.doc.data
        fingerprint = repr(entry.doc.data)
        if copyable and fingerprint in same:
            problems.append(Problem(shown, Position(1, 1), "duplicate-group", Severity.WARNING,
                                    {"value": path.name, "other": same[fingerprint]}))
        if copyable:
            same.setdefault(fingerprint, shown)
        if not valid_slug(slug):
            problems.append(Problem(shown, Position(1, 1), "slug-format", params={"value": slug}))
            continue
        group = entry.model
        coded.append((slug, entry.doc, group if group is not None else entry.partial))
        if context is None or (group is None and entry.partial is None):
            continue
        found, group = _checked(entry, context, slug)
        problems.extend(found)
        if group is None or any(p.severity is Severity.ERROR for p in found):
            continue
        content.groups[slug] = group
        content.sources[slug] = path
        hiding = [p.rule for p in found if p.rule in HIDING_RULES]
        if hiding:
            content.hidden[slug] = hiding[0]

    _check_codes(content, coded, retired_doc)
    _load_pages(root / "pages", content, cache)
    _load_attendance(root, content)
    problems.extend(_unread_files(root))
    content.problems = sorted(problems, key=Problem.sort_key)
    return content


# Files at the top of content/ that a loader reads (retired.yaml: addresses kept for groups
# that ended), and the folders whose own files are read.
_TOP_FILES = frozenset({"site.yaml", "vocabularies.yaml", "retired.yaml", "population.yaml"})
_READ_FOLDERS = {"groups": ".yaml", "partners": ".yaml", "pages": ".md"}
_TEXT_EXTENSIONS = (".yaml", ".yml", ".txt", ".md")


def _belongs(path: Path) -> str:
    """The folder a stray file most likely belongs in, judged by its name and its text."""
    if path.suffix.lower() == ".md":
        return "content/pages/"
    try:
        text = path.read_text(encoding="utf-8", errors="replace")[:20000]
    except OSError:
        text = ""
    if re.search(r"^(facilitators|schedule|municipality|venue):", text, re.MULTILINE):
        return "content/groups/"
    if re.search(r"^kind:", text, re.MULTILINE):
        return "content/partners/"
    if text.startswith("---"):
        return "content/pages/"
    return "content/groups/"


def _unread_files(root: Path) -> Iterator[Problem]:
    """Every text file under content/ that no loader reads: it would be lost silently.

    Files in the read folders with another extension are reported by ``_files`` already."""
    for path in iter_content_files(root):
        name = path.name
        if not name.lower().endswith(_TEXT_EXTENSIONS) or name.lower() == "readme.md":
            continue
        relative = path.relative_to(root).parts
        if len(relative) == 1 and name in _TOP_FILES:
            continue
        if len(relative) == 2 and relative[0] in _READ_FOLDERS:
            continue  # read, or reported as a wrong extension
        if relative[0] == "attendance":
            continue  # read by the attendance loader, which reports misnamed files itself
        yield _file_problem(path, "file-not-read", value="/".join(relative),
                            folder=_belongs(path))


RETIRED_FILE = "retired.yaml"
POPULATION_FILE = "population.yaml"


def _check_codes(content: Content, coded: list[tuple[str, Document, Any]],
                 retired_doc: Document | None) -> None:
    """Short codes unique among the groups and the deleted groups, and no deleted group's
    address reused; a group without a code gets a warning with a free code to use."""
    retired = content.retired
    retired_shown = retired_doc.path if retired_doc is not None else RETIRED_FILE
    owners: dict[str, str] = {}
    for entry in retired.values():
        owners[entry.slug] = retired_shown
        if entry.code:
            owners[entry.code] = retired_shown
    for slug, doc, _model in coded:
        owners.setdefault(slug, doc.path)
    codes = {getattr(m, "code", None) for _s, _d, m in coded}
    taken = set(owners) | {c for c in codes if isinstance(c, str)}
    failed: set[str] = set()
    for slug, doc, model in coded:
        found: list[Problem] = []

        def problem(rule: str, position: Position, path: str = doc.path,
                    **params: Any) -> Problem:
            return Problem(path, position, rule, RULES[rule].severity, params)

        if slug in retired:
            found.append(problem("slug-retired", Position(1, 1), value=slug))
        code = getattr(model, "code", None)
        if isinstance(code, str):
            owner = owners.get(code)
            if owner is not None and owner != doc.path:
                suggestion = suggest_code(slug, taken)
                taken.add(suggestion)
                found.append(problem("code-duplicate", doc.position(("code",)), value=code,
                                     other=owner, suggestion=suggestion))
            else:
                owners[code] = doc.path
        elif model is not None and "code" not in getattr(model, "model_fields_set", ()):
            suggestion = suggest_code(slug, taken)
            taken.add(suggestion)
            found.append(problem("code-missing", doc.position((), key=True),
                                 suggestion=suggestion))
        content.problems.extend(found)
        if any(p.severity is Severity.ERROR for p in found):
            failed.add(slug)
    for slug in failed:
        content.groups.pop(slug, None)
        content.hidden.pop(slug, None)
        content.sources.pop(slug, None)


def _checked(entry: _Entry, context: Context, slug: str) -> tuple[list[Problem], Group | None]:
    """The problems the context rules find in a group, and the group with its slug.

    Kept in the cache entry while the file and what the rules read are the same, so the
    preview does not check every group again after each edit.
    """
    key = (context.vocabularies, context.site, context.partners, context.today, slug,
           context.broken)
    memo = entry.checked
    if memo is not None and memo[0] is key[0] and memo[1] is key[1] and memo[2:6] == key[2:]:
        return memo[6], memo[7]
    group = entry.model
    found = problems_of(entry.doc, group_findings(group or entry.partial, context))
    if group is not None:
        group = group.model_copy(update={"slug": slug})
    entry.checked = (*key, found, group)
    return found, group


def _load_pages(folder: Path, content: Content, cache: FileCache | None) -> None:
    problems = content.problems
    for path in _files(folder, ".md", content):
        content.files += 1
        shown = display_path(path)
        match = _PAGE_FILE.match(path.name)
        if not match or match.group(2) not in LANGUAGES:
            problems.append(Problem(shown, Position(1, 1), "page-file-name",
                                    params={"value": path.name}))
            continue
        name, lang = match.groups()
        if name in RESERVED_PAGE_NAMES:
            problems.append(Problem(shown, Position(1, 1), "page-name-reserved",
                                    params={"value": name}))
            continue
        entry = _read(path, Page, cache, loader=_markdown_loader)
        problems.extend(entry.problems)
        if entry.model is None:
            continue
        page: Page = entry.model
        page._name, page._lang, page._body = name, lang, entry.doc.text
        content.pages.setdefault(name, {})[lang] = page
    for name, versions in sorted(content.pages.items()):
        present = next(lang for lang in LANGUAGES if lang in versions)
        for lang in LANGUAGES:
            if lang not in versions:
                missing = folder / f"{name}.{lang}.md"
                # Finnish is the fallback of every page, so without it the page is not shown.
                severity = Severity.ERROR if lang == "fi" else Severity.WARNING
                problems.append(Problem(display_path(folder / f"{name}.{present}.md"),
                                        Position(1, 1), "missing-page", severity,
                                        {"value": name, "language": lang,
                                         "file": display_path(missing)}))


def _load_attendance(root: Path, content: Content) -> None:
    """``attendance/<slug>/<year>.yaml``: every file below the folder is read or reported."""
    if (root / "attendance").is_symlink():
        content.problems.append(_file_problem(root / "attendance", "symlink",
                                              value="attendance"))
        return
    existing = {path.stem for path in (root / "groups").glob("*.yaml")}
    for path, rule in attendance_files(root):
        content.files += 1
        if rule is not None:
            content.problems.append(_file_problem(path, rule, value=path.name))
            continue
        slug, season = season_of(path)
        record, found = read_attendance(display_path(path), path.read_bytes(), slug, season,
                                        content.groups.get(slug), slug in existing,
                                        content.today)
        content.problems.extend(found)
        if record is not None and not any(p.severity is Severity.ERROR for p in found):
            content.attendance.append(record)


def _markdown_loader(path: str, data: bytes) -> Document:
    """Front matter as the document; the Markdown body travels in ``Document.text``."""
    doc, body = load_markdown(path, data)
    doc.text = body
    return doc


def iter_content_files(root: Path) -> Iterator[Path]:
    """Every file the content tree consists of (for watchers and path filters)."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name
