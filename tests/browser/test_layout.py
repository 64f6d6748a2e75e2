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

from brochure.core.formatting import phone_display

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


# Controls for a thumb: every link, button and form control a reader sees is at least
# 44 x 44 CSS px (WCAG 2.5.5). Exceptions the guideline allows: links inside running text
# (.prose), and the radio buttons whose labels are the targets. A card's title link covers
# the whole card (its ::after), so the card is its target. A select is also checked for text
# cut at its edge (the widest choice must fit; of a list of sentences, the one shown).
TARGETS = """() => {
  const small = [], cut = [];
  const seen = (e) => e.checkVisibility() && !e.closest('.visually-hidden, .prose');
  for (const e of document.querySelectorAll('a[href], button, summary, select, input')) {
    if (!seen(e) || e.matches('.skip, .days input')) { continue; }
    let r = e.getBoundingClientRect();
    if (getComputedStyle(e, '::after').position === 'absolute') {
      r = e.closest('.card, li, article').getBoundingClientRect();
    }
    if (r.width < 43.5 || r.height < 43.5) {
      small.push(`${e.tagName.toLowerCase()} "${(e.textContent || e.value || '').trim()
        .slice(0, 25)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
    if (e.tagName === 'SELECT') {
      const style = getComputedStyle(e);
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      // Every choice of a short list; of the audiences (sentences) the one shown.
      const options = e.matches('[data-filter=audience]') ? [...e.selectedOptions]
        : [...e.options];
      const widest = Math.max(...options.map((o) => ctx.measureText(o.text).width));
      // Room for the text: the box less its padding, borders and the arrow (about 1.5em).
      const room = e.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
        - 1.5 * parseFloat(style.fontSize);
      if (widest > room) { cut.push(`select ${Math.round(widest)} > ${Math.round(room)} px`); }
    }
  }
  for (const e of document.querySelectorAll('.days label span')) {
    const r = e.getBoundingClientRect();
    if (seen(e) && (r.width < 43.5 || r.height < 43.5)) {
      small.push(`day "${e.textContent.trim()}" ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
  }
  return {small: small.slice(0, 6), cut};
}"""


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


def test_no_horizontal_scrolling_and_thumb_sized_controls_at_320_px(
        site: ServedSite, batches: Callable[..., Iterator[OpenedBatch]]) -> None:
    """Every page at 320 px, the residents' pages with controls for a thumb; the report
    pages also at 360 px, as a phone shows them."""
    failures = []
    reports = 0
    for batch in batches(site.pages, viewport=NARROW):
        for chosen, tab in batch:
            found = tab.evaluate(OVERFLOW, NARROW["width"])
            if found["scroll"] > NARROW["width"]:
                failures.append(f"{chosen.label} /{chosen.url}: {found['scroll']} px wide; "
                                f"too wide: {found['wide']}")
            if chosen.type in RESIDENTS_PAGES or chosen.type.startswith(RESIDENTS_PAGES):
                targets = tab.evaluate(TARGETS)
                if targets["small"] or targets["cut"]:
                    failures.append(f"{chosen.label} /{chosen.url}: under 44 px: "
                                    f"{targets['small']}; cut: {targets['cut']}")
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


# The pages residents use (the partners' form and the coordinator's report have their own
# layouts and readers).
RESIDENTS_PAGES = ("(home)", "groups/", "municipality", "audience", "weekday", "language",
                   "a-z", "this-week", "r/", "404", "partners", "about", "professionals",
                   "accessibility", "privacy", "print")


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout


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
        # Whom to call is in the fact box on paper too (the call button's words), not only in
        # the contact line at the bottom of the page.
        phone = site.result.content.groups[path.split("/")[2]].contact.phone
        if phone:
            shown = phone_display(phone, site.result.content.site.phone_region)
            head = pdf_text(pdf).splitlines()[:10]
            if not any(shown in line.replace("\N{NO-BREAK SPACE}", " ") for line in head):
                failures.append(f"{path}: {shown} is not in the printed fact box: {head}")
    assert not failures, "\n".join(failures)
