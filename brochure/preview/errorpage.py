"""The error page of the live preview: the content's problems (or a template error) in the
chosen language, each with the lines of its file around it, and the page shown while the
first build runs."""

from __future__ import annotations

import dataclasses
import html
import os
import traceback
from collections.abc import Iterable
from pathlib import Path

import jinja2

from brochure.check.rules import RULES, hint, message
from brochure.core.i18n import N_, gettext
from brochure.core.problems import Problem
from brochure.output.render import TEMPLATES, environment

ERROR_TEMPLATE = "preview_error.html"
# Lines shown around the line a problem points at.
CONTEXT_LINES = 2


@dataclasses.dataclass(frozen=True)
class ErrorItem:
    path: str
    line: int
    column: int
    rule: str
    message: str
    hint: str
    excerpt: tuple[tuple[int, str, bool], ...]


def excerpt(path: str, line: int, around: int = CONTEXT_LINES) -> tuple[tuple[int, str, bool],
                                                                          ...]:
    """The lines of a file around ``line``: (number, text, is the line itself)."""
    if line < 1:
        return ()
    try:
        text = Path(path).read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return ()
    lines = text.splitlines()
    first, last = max(1, line - around), min(len(lines), line + around)
    # Tabs are shown as arrows: a tab in YAML is an error that is otherwise invisible.
    return tuple((n, lines[n - 1].replace("\t", "→   "), n == line)
                 for n in range(first, last + 1))


def problem_items(problems: Iterable[Problem], lang: str) -> list[ErrorItem]:
    return [ErrorItem(p.path, p.line, p.column, p.rule, message(p, lang), hint(p, lang),
                      excerpt(p.path, p.line))
            for p in problems if p.rule in RULES]


def failure_item(exc: BaseException) -> ErrorItem:
    """A template error (or a bug) as an item of the error page, pointing into the template."""
    path, line = "", 0
    if isinstance(exc, jinja2.TemplateSyntaxError):
        path, line = exc.filename or exc.name or "", exc.lineno
    else:
        for frame in traceback.extract_tb(exc.__traceback__):
            if frame.filename.endswith(".html"):
                path, line = frame.filename, frame.lineno or 0
        if not path and exc.__traceback__ is not None:
            last = traceback.extract_tb(exc.__traceback__)[-1]
            path, line = last.filename, last.lineno or 0
    shown = _shown_path(path)
    text = getattr(exc, "message", None) or str(exc)
    return ErrorItem(shown, line, 0, type(exc).__name__, text, "", excerpt(path, line))


def _shown_path(path: str) -> str:
    try:
        return os.path.relpath(path) if path else ""
    except ValueError:
        return path


def error_page(items: list[ErrorItem], lang: str) -> bytes:
    """The error page in ``lang``; plain text in HTML if even that template fails."""
    try:
        env = environment(lang, TEMPLATES)
        return env.get_template(ERROR_TEMPLATE).render(items=items, lang=lang).encode("utf-8")
    except Exception as exc:  # the preview's own page must never hide the real problem
        body = "\n\n".join(f"{i.path}:{i.line} {i.rule}: {i.message}" for i in items)
        return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Preview</title>"
                f"</head><body><pre>{html.escape(body)}\n\n{html.escape(repr(exc))}</pre>"
                f"</body></html>").encode()


def building_page(lang: str) -> bytes:
    text = html.escape(gettext(lang, N_("Building the preview… This page reloads when it is "
                                        "ready.")))
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{text}</title></head><body><p>{text}</p></body></html>").encode()
