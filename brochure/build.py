"""``build()``: the whole pipeline in one call (see :mod:`brochure.engine`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .engine import BuildOptions, BuildResult, Engine
from .render import STATIC, TEMPLATES

__all__ = ["BuildResult", "build"]


def build(content_dir: Path, output: Path, today: dt.date, *, base_url: str | None = None,
          strict: bool = False, pdf: bool = False, write: bool = True,
          cache: Path | None = None, jobs: int = 1, templates: Path = TEMPLATES,
          static: Path = STATIC) -> BuildResult:
    """Build the site; on any error nothing is written and the old output stays as it was.

    The result keeps every file's bytes (``output``): meant for tests and small sites; the
    command line uses :class:`~brochure.engine.Engine` directly.
    """
    engine = Engine(BuildOptions(base_url=base_url, strict=strict, pdf=pdf, jobs=jobs,
                                 templates=templates, static=static), cache)
    try:
        return engine.build(content_dir, output if write else None, today, collect=True)
    finally:
        engine.close()
