"""The whole pipeline: content → checked models → site model → files → output folder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .content import Content, FileCache, load_content
from .printing import pdf_pages, render_pdfs
from .problems import Problem, Severity
from .problems import strict as strict_problems
from .qr import save_cache
from .render import STATIC, TEMPLATES, render_site
from .site import SiteModel, build_site
from .writer import write_tree


@dataclass
class BuildResult:
    content: Content
    problems: list[Problem]
    model: SiteModel | None = None
    files: int = 0
    output: dict[str, bytes] = field(default_factory=dict, repr=False)


def build(content_dir: Path, output: Path, today: dt.date, *, base_url: str | None = None,
          strict: bool = False, pdf: bool = False, cache: FileCache | None = None,
          write: bool = True, templates: Path = TEMPLATES,
          static: Path = STATIC) -> BuildResult:
    """Build the site; on any error nothing is written and the old output stays as it was."""
    content = load_content(content_dir, today, cache)
    problems = strict_problems(content.problems) if strict else content.problems
    result = BuildResult(content, problems)
    if any(p.severity is Severity.ERROR for p in problems):
        return result
    model = build_site(content, base_url)
    # Chosen before rendering, so the pages link to their PDFs only when there are PDFs.
    pdf_targets = pdf_pages(model) if pdf else []
    files = render_site(model, templates, static)
    if pdf_targets:
        files.update(render_pdfs(model, files, pdf_targets))
    save_cache()
    if write:
        write_tree(files, output)
    result.model, result.files, result.output = model, len(files), files
    return result
