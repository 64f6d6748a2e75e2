"""Small screens and paper: no sideways scrolling at 320 px; a group page prints on one A4.

320 CSS pixels is the narrowest width WCAG 2.1 (1.4.10 Reflow) asks content to work at
without scrolling in two directions. The print check uses Chromium's own PDF output with the
page's print styles, and counts the pages with ``pdfinfo`` (poppler-utils).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

from playwright.sync_api import ViewportSize

from .conftest import Contexts, OpenedBatch, ServedSite
from .sitecheck import Representative

NARROW: ViewportSize = {"width": 320, "height": 640}

# Elements wider than the viewport, so a failure says what to fix.
OVERFLOW = """(width) => {
  const wide = [];
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.right > width + 0.5 && e.checkVisibility()) {
      wide.push(e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') +
                ' right=' + Math.round(r.right) + ' "' +
                (e.textContent || '').trim().slice(0, 30) + '"');
    }
  }
  return {scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 5)};
}"""

# Navigation and other screen-only chrome that has no place on paper.
CHROME = "header, nav, footer, .skip, .breadcrumb, form, .noprint"
VISIBLE_CHROME = f"""() => [...document.querySelectorAll({CHROME!r})]
  .filter((e) => e.checkVisibility())
  .map((e) => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""


# The report on a phone: chart text that would be smaller than 12 px (the chart should give
# way to its table instead), tables scrolling in their own box with their row headers fixed.
PHONE: ViewportSize = {"width": 360, "height": 640}
REPORT_ON_A_PHONE = """() => {
  const small = [];
  let charts = 0;
  for (const svg of document.querySelectorAll('.report-chart svg')) {
    if (!svg.checkVisibility()) continue;
    charts += 1;
    const scale = svg.getScreenCTM().a;
    for (const text of svg.querySelectorAll('text')) {
      const size = parseFloat(getComputedStyle(text).fontSize) * scale;
      if (text.textContent.trim() && text.checkVisibility() && size < 12) {
        small.push(svg.id + ': ' + size.toFixed(1) + ' px "' + text.textContent.trim() + '"');
      }
    }
  }
  const headers = [...document.querySelectorAll('.report-table tbody th')];
  const loose = headers.filter((th) => getComputedStyle(th).position !== 'sticky').length;
  const boxes = [...document.querySelectorAll('.report-scroll')];
  const scrolling = boxes.filter((box) => box.scrollWidth > box.clientWidth).length;
  return {small: small.slice(0, 5), charts, headers: headers.length, loose, scrolling};
}"""


def test_no_horizontal_scrolling_at_320_px(
        site: ServedSite, batches: Callable[..., Iterator[OpenedBatch]]) -> None:
    """Every page at 320 px; the report pages also at 360 px, as a phone shows them."""
    failures = []
    reports = 0
    for batch in batches(site.pages, viewport=NARROW):
        for chosen, tab in batch:
            found = tab.evaluate(OVERFLOW, NARROW["width"])
            if found["scroll"] > NARROW["width"]:
                failures.append(f"{chosen.label} /{chosen.url}: {found['scroll']} px wide; "
                                f"too wide: {found['wide']}")
            if chosen.type != "report":
                continue
            reports += 1
            for viewport in (NARROW, PHONE):
                tab.set_viewport_size(viewport)
                phone = tab.evaluate(REPORT_ON_A_PHONE)
                if phone["small"]:
                    failures.append(f"{chosen.label} at {viewport['width']} px: chart text "
                                    f"below 12 px: {phone['small']}")
                if phone["loose"] or not phone["headers"] or not phone["scrolling"]:
                    failures.append(f"{chosen.label}: of {phone['headers']} row headers "
                                    f"{phone['loose']} scroll away; {phone['scrolling']} "
                                    "tables scroll in their box")
            tab.set_viewport_size(NARROW)  # the next page in this tab is loaded at 320 px
    assert reports == len(site.languages), "the report page in every language"
    assert not failures, "\n".join(failures)


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True,
                          timeout=60).stdout
    match = re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)
    assert match, info
    return int(match.group(1))


# Group pages per language printed to PDF, the longest first (by their bytes: description,
# notices, facilitators and dates all add to both).
LONGEST = 4


def test_a_group_page_prints_on_one_a4_without_navigation(site: ServedSite,
                                                          contexts: Contexts,
                                                          tmp_path: Path) -> None:
    """The longest group pages of each language: if they fit, the shorter ones do."""
    # Published groups' pages (a hidden or deleted group's address holds a short tombstone).
    groups = [p for p in sorted(site.files)
              if re.fullmatch(r"[a-z]{2}/groups/[^/]+/index\.html", p)
              and p.split("/")[2] in site.published]
    assert len(groups) == len(site.published) * len(site.languages)
    groups = [path for lang in site.languages
              for path in sorted((p for p in groups if p.startswith(f"{lang}/")),
                                 key=lambda p: -len(site.files[p]))[:LONGEST]]
    tab = contexts.new().new_page()
    tab.emulate_media(media="print")
    failures = []
    for number, path in enumerate(groups):
        page = Representative(path, path[:2], "groups/*")
        tab.goto(site.url(page.url))
        chrome = tab.evaluate(VISIBLE_CHROME)
        if chrome:
            failures.append(f"{path}: navigation shown in print: {chrome}")
        pdf = tmp_path / f"{number}.pdf"
        tab.pdf(path=str(pdf), format="A4", print_background=True)
        pages = pdf_pages(pdf)
        if pages != 1:
            failures.append(f"{path}: prints on {pages} A4 pages")
    assert not failures, "\n".join(failures)
