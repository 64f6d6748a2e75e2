"""brochure/site/report_privacy.py: small numbers stay small.

An attacker's view, worked out independently of the report's own algebra: every published
count of ``report.json`` is a sum over the groups (a municipality is its groups, an audience
the groups that welcome it, a partner the groups it facilitates, the total all of them), and
the months, the seasons and the trend's current period each add up to the total. The test
writes each published table's rows, columns and totals as linear equations in exact fractions,
solves them, and checks that no hidden count comes out: on the example content and on a
fixture of small groups. It also checks that nothing between 1 and the threshold is shown.
"""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from brochure.check.content import load_content
from brochure.output.exports.report import json_bytes, names_of
from brochure.site.report_figures import report
from brochure.site.report_privacy import Count, recovered, suppress
from tests.conftest import SOURCE, TODAY, VALID_GROUP, make_tree, valid

Key = tuple[str, ...]
MEASURES = ("visits", "first_time")


def published(root: Path) -> dict[str, Any]:
    checked = load_content(root, TODAY)
    assert checked.errors == 0, [str(p) for p in checked.problems]
    content = valid(checked)
    data: dict[str, Any] = json.loads(json_bytes(report(content), names_of(content)))
    data["groups"] = {slug: group for slug, group in content.groups.items()}
    return data


def quantities(data: dict[str, Any], measure: str) -> list[tuple[dict[Key, int], Any]]:
    """Every published quantity as (a combination of unknowns, its published value or None
    when hidden). The unknowns are each group's count, each month's, each season's."""
    tables = data["tables"]
    groups = data["groups"]
    reporting = [r["group"] for r in tables["attendance-groups"] if r["group"] != "all"]
    assert None not in reporting, "the example names every group it counts"

    def over(slugs: list[str]) -> dict[Key, int]:
        return {("group", s): 1 for s in slugs}

    total = over(reporting)
    out: list[tuple[dict[Key, int], Any]] = []
    for row in tables["attendance-groups"]:
        out.append((total if row["group"] == "all" else over([row["group"]]), row[measure]))
    for row in tables["attendance-municipalities"]:
        out.append((total if row["municipality"] == "all" else over(
            [s for s in reporting if groups[s].municipality == row["municipality"]]),
            row[measure]))
    for row in tables["attendance-audiences"]:
        out.append((total if row["audience"] == "all" else over(
            [s for s in reporting if row["audience"] in groups[s].audiences]), row[measure]))
    for row in tables["attendance-cells"]:
        out.append((total if row["audience"] == "all" else over(
            [s for s in reporting if groups[s].municipality == row["municipality"]
             and row["audience"] in groups[s].audiences]), row[measure]))
    for name, key in (("attendance-months", "month"), ("attendance-seasons", "season")):
        parts = [r for r in tables[name] if r[key] != "all"]
        for row in tables[name]:
            out.append((total if row[key] == "all" else {(key, row[key]): 1}, row[measure]))
        # The rows of a table add up to its total.
        out.append(({**{(key, r[key]): 1 for r in parts}, **{k: -1 for k in total}}, 0))
    for row in tables["attendance-trend"]:
        current = row["period"] == data["period"]["id"]
        out.append((total if current else {("period", row["period"]): 1}, row[measure]))
    for row in tables["reach"]:
        if row["reporting"]:
            out.append((over([s for s in reporting
                              if groups[s].municipality == row["municipality"]]),
                        row[measure]))
    if measure == "visits":
        for row in tables["partner-input"]:
            out.append((over([s for s in reporting if any(
                f.partner == row["partner"] for f in groups[s].facilitators)]), row["visits"]))
    headline = data["headline"]
    out.append((total, headline["visits" if measure == "visits" else "participants_at_least"]))
    return out


def determined(quantities: list[tuple[dict[Key, int], Any]]) -> list[dict[Key, int]]:
    """The hidden quantities that the published ones give back exactly (Gaussian elimination
    in fractions: a combination is determined when it lies in the equations' row space)."""
    known = [q for q, value in quantities if value is not None]
    hidden = [q for q, value in quantities if value is None]
    columns = sorted({k for q in known + hidden for k in q})
    basis: list[tuple[int, list[Fraction]]] = []

    def reduce(row: list[Fraction]) -> list[Fraction]:
        for pivot, base in basis:
            if row[pivot]:
                factor = row[pivot]
                row = [a - factor * b for a, b in zip(row, base, strict=True)]
        return row

    for q in known:
        row = reduce([Fraction(q.get(c, 0)) for c in columns])
        pivot = next((i for i, a in enumerate(row) if a), None)
        if pivot is not None:
            basis.append((pivot, [a / row[pivot] for a in row]))
            # Keep the basis reduced: earlier rows lose the new pivot.
            basis[:-1] = [(p, [a - b[pivot] * c for a, c in zip(b, basis[-1][1], strict=True)])
                          for p, b in basis[:-1]]
    return [q for q in hidden if not any(reduce([Fraction(q.get(c, 0)) for c in columns]))]


def assert_nothing_recovered(data: dict[str, Any], threshold: int) -> int:
    """No hidden count can be worked out, none from 1 to threshold - 1 is shown, and what is
    made of a hidden count is hidden with it. Returns how many cells are hidden."""
    hidden = 0
    for measure in MEASURES:
        found = quantities(data, measure)
        assert not determined(found), measure
        for _, value in found:
            assert value is None or value == 0 or value >= threshold, (measure, value)
        hidden += sum(1 for _, value in found if value is None)
    for row in data["tables"]["attendance-groups"]:
        if row["visits"] is None:
            assert row["average_visitors"] is None and row["median_visitors"] is None
    for row in data["tables"]["reach"]:
        if row["visits"] is None:
            assert row["visits_per_1000"] is None
    return hidden


def test_the_example_content_reveals_no_hidden_count() -> None:
    data = published(SOURCE)
    # The substance-use recovery group's first-timers are fewer than five: hidden, and so
    # are the cells that would give them back (Kokkola's other group, say).
    assert assert_nothing_recovered(data, data["privacy_threshold"]) >= 3
    [small] = [r for r in data["tables"]["attendance-groups"]
               if r["group"] == "toipujien-iltaryhma"]
    assert small["first_time"] is None and small["visits"] is not None
    [torstai] = [r for r in data["tables"]["attendance-groups"]
                 if r["group"] == "torstain-olohuone"]
    [kokkola] = [r for r in data["tables"]["attendance-municipalities"]
                 if r["municipality"] == "kokkola"]
    assert torstai["first_time"] is None or kokkola["first_time"] is None


# Small groups in three municipalities: a pair in Halsua, one alone in Kannus, one in Kokkola.
SMALL_GROUPS = {
    "pieni-a": ("halsua", "[everyone, elderly]", "a2c3", [(1, 1), (2, 1), (1, 0)]),
    "pieni-b": ("halsua", "[everyone]", "a2c4", [(7, 2), (6, 2), (8, 1)]),
    "pieni-c": ("kannus", "[elderly]", "a2c5", [(4, 3), (5, 0), (3, 1)]),
    "pieni-d": ("kokkola", "[everyone, youth]", "a2c6", [(12, 4), (9, 3), (11, 1)]),
}
THURSDAYS = ("2026-09-03", "2026-09-10", "2026-10-01")


@pytest.fixture
def small_groups(tmp_path: Path) -> Path:
    tree = make_tree(tmp_path / "content")
    for slug, (municipality, audiences, code, rows) in SMALL_GROUPS.items():
        text = VALID_GROUP.replace("municipality: kokkola", f"municipality: {municipality}")
        text = text.replace("audiences: [everyone, outside-work]", f"audiences: {audiences}")
        text = text.replace('code: "k7m3"', f'code: "{code}"').replace(
            '"Testikahvila"', f'"Ryhmä {slug}"')
        (tree / "groups" / f"{slug}.yaml").write_text(text, encoding="utf-8")
        folder = tree / "attendance" / slug
        folder.mkdir(parents=True)
        folder.joinpath("2026.yaml").write_text("meetings:\n" + "".join(
            f"  - {{date: {day}, visitors: {v}, first_time: {f}}}\n"
            for day, (v, f) in zip(THURSDAYS, rows, strict=True)), encoding="utf-8")
    return tree


def test_small_groups_reveal_no_hidden_count(small_groups: Path) -> None:
    data = published(small_groups)
    hidden = assert_nothing_recovered(data, 5)
    groups = {r["group"]: r for r in data["tables"]["attendance-groups"]}
    assert groups["pieni-a"]["visits"] is None  # 4 visits
    assert groups["pieni-c"]["first_time"] is None  # 4 first-timers
    # Halsua = A + B: B alone would give A away.
    assert groups["pieni-b"]["visits"] is None or next(
        r for r in data["tables"]["attendance-municipalities"]
        if r["municipality"] == "halsua")["visits"] is None
    assert hidden >= 6
    cells = data["hidden_cells"]["attendance-groups"]
    assert {"row": list(groups).index("pieni-a"), "field": "visits"} in cells


def test_an_internal_report_hides_nothing(small_groups: Path) -> None:
    content = valid(load_content(small_groups, TODAY))
    data = json.loads(json_bytes(report(content, public=False), names_of(content)))
    assert "hidden_cells" not in data or not data["hidden_cells"]
    groups = {r["group"]: r for r in data["tables"]["attendance-groups"]}
    assert (groups["pieni-a"]["visits"], groups["pieni-c"]["first_time"]) == (4, 4)


def test_suppression_hides_the_smallest_cell_that_gives_a_count_away() -> None:
    a, b, c = frozenset({"a"}), frozenset({"b"}), frozenset({"c"})
    total = a | b | c
    hidden = suppress([Count(a, 2), Count(b, 10), Count(c, 20), Count(total, 32)], 5)
    assert hidden == {a, b}  # b, the smaller of the other two, goes with a
    assert recovered([b, c, total], [a]) == {a: frozenset({0, 1, 2})}
    assert recovered([c, total], [a, b]) == {}
    # Zero singles nobody out, and a count at the threshold is shown.
    assert suppress([Count(a, 0), Count(b, 5), Count(a | b, 5)], 5) == frozenset()


def test_the_period_leaves_out_other_dates(small_groups: Path) -> None:
    content = valid(load_content(small_groups, TODAY))
    earlier = report(content, period=None, public=False)
    assert earlier.attendance.total.sessions == 12
    calendar = report(content, period=type(earlier.period)(
        dt.date(2026, 9, 5), dt.date(2026, 9, 30), "calendar-year"), public=False)
    assert calendar.attendance.total.sessions == 4  # only 10.9.


def test_the_solver_finds_what_hiding_the_small_cells_alone_gives_away() -> None:
    """Without secondary suppression the example's hidden first-timers come back out: the
    check above can fail."""
    content = valid(load_content(SOURCE, TODAY))
    names = names_of(content)
    internal: dict[str, Any] = json.loads(json_bytes(report(content, public=False), names))
    only_small = json.loads(json.dumps(internal))
    for rows in only_small["tables"].values():
        for row in rows:
            for measure in MEASURES:
                if isinstance(row.get(measure), int) and 0 < row[measure] < 5:
                    row[measure] = None
    only_small["groups"] = dict(content.groups)
    assert determined(quantities(only_small, "first_time"))
    assert determined([({("group", "a"): 1}, None), ({("group", "b"): 1}, 10),
                       ({("group", "a"): 1, ("group", "b"): 1}, 12)]) == [{("group", "a"): 1}]
