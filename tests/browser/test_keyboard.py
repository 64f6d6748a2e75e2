"""Keyboard only: the skip link comes first and works; Tab reaches every control, visibly.

Chromium is driven with real key presses, on one page of every type (the templates decide
this, not the language). "Interactive" means every link, button, form field, ``<summary>`` and
element with a tab index that a sighted reader can see (links inside a closed ``<details>`` are
hidden until it is opened, so they are not expected in the tab order). The focus indicator
counts as visible when the focused element's outline or box shadow differs from its unfocused
look and is not a zero-width or transparent line, and the focused element is in view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from playwright.sync_api import Page

from .conftest import OpenedBatch, ServedSite

# Marks every interactive element the reader can see, records how it looks unfocused, and
# logs every element that gets focus from now on (one round trip per key press instead of
# three: the browser records, the test reads the log once).
MARK = """() => {
  const selector = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, ' +
                   'summary, [tabindex]:not([tabindex="-1"]), [contenteditable=""], ' +
                   '[contenteditable=true]';
  const all = [...document.querySelectorAll(selector)].filter((e) => !e.disabled);
  const shown = all.filter((e) => e.checkVisibility({visibilityProperty: true}));
  if (document.activeElement) { document.activeElement.blur(); }
  const look = (e) => {
    const s = getComputedStyle(e);
    return {outline: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor,
            outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth),
            outlineColor: s.outlineColor, shadow: s.boxShadow};
  };
  const describe = (e) => {
    const text = (e.getAttribute('aria-label') || e.textContent || e.value || '').trim()
      .replace(/\\s+/g, ' ').slice(0, 40);
    return e.tagName.toLowerCase() + (e.getAttribute('href') ? '[href=' +
           e.getAttribute('href') + ']' : '') + ' "' + text + '"';
  };
  window.__focusLog = [];
  document.addEventListener('focusin', (event) => {
    const e = event.target;
    if (e.getAttribute('tabindex') === '-1') { return; }  // focused by a script or fragment
    const r = e.getBoundingClientRect();
    window.__focusLog.push({
      index: e.dataset.kb === undefined ? null : Number(e.dataset.kb), label: describe(e),
      href: e.getAttribute('href'), inMain: Boolean(e.closest('main')), ...look(e),
      inView: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 &&
              r.top < innerHeight && r.left < innerWidth});
  }, true);
  const main = document.querySelector('main');
  return {
    marked: shown.map((e, i) => { e.dataset.kb = String(i); return {index: i, label: describe(e),
      radio: e.type === 'radio' ? e.name : null, ...look(e)}; }),
    skippable: Boolean(main && shown.length &&
                       (main.compareDocumentPosition(shown[0]) &
                        Node.DOCUMENT_POSITION_PRECEDING)),
  };
}"""

TRANSPARENT = ("transparent", "rgba(0, 0, 0, 0)")


def visible_indicator(focused: dict[str, Any], unfocused: dict[str, Any]) -> bool:
    outline = (focused["outlineStyle"] not in ("none", "hidden")
               and focused["outlineWidth"] > 0
               and focused["outlineColor"] not in TRANSPARENT)
    shadow = focused["shadow"] not in ("none", "")
    changed = (focused["outline"] != unfocused["outline"]
               or focused["shadow"] != unfocused["shadow"])
    return changed and (outline or shadow)


def walk(page: Page, label: str) -> tuple[list[str], bool]:
    """Tab through one page: what a keyboard user would find wrong, and whether the page has
    controls before its main content."""
    failures = []
    found: dict[str, Any] = page.evaluate(MARK)
    marked: list[dict[str, Any]] = found["marked"]
    presses = len(marked) + 4
    if found["skippable"]:
        # Controls before <main>: the first tab stop must be a skip link that moves focus there.
        page.keyboard.press("Tab")
        first = page.evaluate("() => window.__focusLog[0] || null")
        if not first or first["href"] != "#main" or not first["inView"]:
            failures.append(f"{label}: first tab stop is {first and first['label']}, not a "
                            "visible skip link to #main")
        else:
            page.keyboard.press("Enter")
            target = page.evaluate("() => document.activeElement && document.activeElement.id")
            if target != "main":
                failures.append(f"{label}: the skip link moved focus to {target!r}, not main")
            page.keyboard.press("Tab")
            after = page.evaluate("() => window.__focusLog[1] || null")
            if target == "main" and not (after and after["inMain"]):
                failures.append(f"{label}: Tab after the skip link went to "
                                f"{after and after['label']}, outside <main>")
        presses -= 2
    for _ in range(presses):
        page.keyboard.press("Tab")
    log: list[dict[str, Any]] = page.evaluate("() => window.__focusLog")
    reached = {entry["index"] for entry in log}
    # A group of radio buttons is one tab stop (the arrow keys move within it), as browsers
    # and the ARIA practices have it: reaching one of them reaches the group.
    groups = {marked[i]["radio"] for i in reached if i is not None and marked[i]["radio"]}
    for element in marked:
        if element["index"] not in reached and element["radio"] not in groups:
            failures.append(f"{label}: Tab never reaches {element['label']}")
    reported: set[Any] = set()
    for entry in log:
        if entry["index"] in reported:
            continue
        reported.add(entry["index"])
        if entry["index"] is None:
            failures.append(f"{label}: Tab stops on {entry['label']}, which does not look "
                            "interactive or is not visible")
        elif not visible_indicator(entry, marked[entry["index"]]):
            failures.append(f"{label}: no visible focus on {entry['label']}: outline "
                            f"{entry['outline']!r}, shadow {entry['shadow']!r}")
        elif not entry["inView"]:
            failures.append(f"{label}: {entry['label']} is focused out of view")
    return failures, found["skippable"]


def test_keyboard_skip_link_first_and_every_control_reachable_with_visible_focus(
        site: ServedSite, batches: Callable[..., Iterator[OpenedBatch]]) -> None:
    failures, skippable = [], 0
    # One page at a time: key presses go to the page in front. A text shown in Finnish or a
    # cancelled meeting adds no control; a list without groups (its ways on) and a tombstone
    # do.
    for [(chosen, tab)] in batches(site.one_per_type(variants=("empty", "tombstone")), size=1):
        found, has_header = walk(tab, chosen.label)
        failures += found
        skippable += has_header
    assert skippable, "no page has controls before <main>: the skip link was never tried"
    assert not failures, "\n".join(failures)
