"""The coordinator's report on its own (``brochure report --output DIR``), made by the engine's
steps: the site's chrome from the site model, the report's pages in every language rendered
by the engine's renderer (links to the site absolute), its CSV and JSON files and the
workbook, written atomically as a build is."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from brochure.check.content import ValidContent
from brochure.core import urls
from brochure.engine.build import Engine
from brochure.engine.cache import code_digest
from brochure.output.exports import report as export
from brochure.output.exports.report_workbook import workbook_bytes
from brochure.output.writer import write_tree
from brochure.site.model import SiteOptions, build_site, site_titles
from brochure.site.report_figures import Report
from brochure.site.report_pages import report_pages


def write_report(engine: Engine, content: ValidContent, figures: Report, output: Path,
                 lang: str) -> None:
    """Write the report into ``output`` (replacing it whole); the workbook in ``lang``."""
    model = build_site(content, SiteOptions(engine.options.base_url), report=[])
    languages = content.site.language_order
    pages = report_pages(content, figures, languages, site_titles(content, languages),
                         public=figures.public, standalone=True)
    renderer, _templates = engine.renderer(dataclasses.replace(model, pages=tuple(pages)),
                                           code_digest(engine.locale_dir))
    chosen = next((p for p in pages if p.lang == lang), pages[0])
    files = {page.output_path: renderer.render(page).encode("utf-8") for page in pages}
    files.update(export.files(figures, pages, export.names_of(content)))
    files[urls.REPORT_WORKBOOK] = workbook_bytes(chosen, content.today)
    write_tree(files, output)
