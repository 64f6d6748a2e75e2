"""brochure/site/report_pages.py: the report page in each language, as the example site shows
it: reporting coverage first, every table saying its period or date, every chart titled by
what it draws and beside its table, partial months marked, hidden counts as "..", and no
hidden group named."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ExampleSite

LANGS = ("fi", "sv", "en")
TITLES = {"fi": "Seuranta", "sv": "Uppföljning", "en": "Follow-up report"}
FIGURE = re.compile(r'<figure class="report-figure".*?</figure>', re.DOTALL)
CAPTION = re.compile(r"<h3>(.*?)</h3>")


def figures(site: ExampleSite, lang: str) -> list[str]:
    return FIGURE.findall(site.read(f"{lang}/report/"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_has_its_title_and_its_table_and_every_table_its_period(
        example_site: ExampleSite, lang: str) -> None:
    html = example_site.read(f"{lang}/report/")
    assert f"<h1>{TITLES[lang]}</h1>" in html
    found = figures(example_site, lang)
    charts = [f for f in found if "<svg" in f]
    assert len(charts) >= 6
    for figure in charts:
        assert figure.count("<svg") == 1
        opening = re.search(r"<svg\b[^>]*>", figure)
        assert opening and 'role="img"' in opening.group(0)
        label = re.search(r'aria-labelledby="([^"]+)"', opening.group(0))
        assert label
        title = re.search(rf'<title id="{label.group(1)}">(.*?)</title>', figure)
        assert title, "a chart without its accessible name"
        # The visible title above the chart is the one it is named by.
        assert f'<p class="report-chart-title" aria-hidden="true">{title.group(1)}</p>' in figure
        assert "<table" in figure and "</table>" in figure, "a chart without its table"
    for figure in found:
        assert '<p class="report-period">' in figure, CAPTION.search(figure)


def test_the_municipality_chart_says_it_counts_every_audience(example_site: ExampleSite
                                                              ) -> None:
    [figure] = [f for f in figures(example_site, "fi") if 'id="table-coverage-audience"' in f]
    assert "<h3>Ryhmät kunnittain ja kohderyhmittäin</h3>" in figure
    assert ">Julkaistut ryhmät kunnittain, kaikki kohderyhmät yhteensä</p>" in figure
    # Kokkola's bar (the value drawn on the label's line) says its 8 published groups.
    [label_y] = re.findall(r'<text x="[^"]*" y="([^"]*)" class="">Kokkola</text>', figure)
    values = re.findall(r'<text text-anchor="middle" x="[^"]*" y="([^"]*)" class="value">'
                        r"([^<]*)</text>", figure)
    assert min(values, key=lambda v: abs(float(v[0]) - float(label_y)))[1] == "8"


def test_the_report_opens_with_reporting_coverage(example_site: ExampleSite) -> None:
    html = example_site.read("fi/report/")
    sections = re.findall(r'<section class="report-section" aria-labelledby="([^"]+)"', html)
    assert sections[:2] == ["reporting", "results"]
    summary = html[html.index('<div class="report-summary">'):]
    summary = summary[:summary.index("</div>")]
    assert "Toimintavuonna 2026–2027 alueella toimi 19 ryhmää." in summary
    assert re.search(r"kokoontuneista \d+ ryhmästä 5 ilmoittaa kävijämääränsä", summary)
    assert "Toimintavuosi 2026–2027 (1.8.2026–31.7.2027), luvut 23.11.2026 asti" in html


def test_partial_months_are_marked(example_site: ExampleSite) -> None:
    [figure] = [f for f in figures(example_site, "fi") if 'id="table-attendance-months"' in f]
    assert ">8/2026 (20.8. alkaen)</th>" in figure
    assert ">11/2026 (23.11. asti)</th>" in figure
    assert ">9/2026</th>" in figure
    [english] = [f for f in figures(example_site, "en") if 'id="table-attendance-months"' in f]
    assert "11/2026 (to 23 Nov)" in english


def test_hidden_counts_show_as_dots_with_a_note(example_site: ExampleSite) -> None:
    [figure] = [f for f in figures(example_site, "fi") if 'id="table-attendance-groups"' in f]
    row = re.search(r"Toipujien iltaryhmä</a></th>(.*?)</tr>", figure, re.DOTALL)
    assert row
    assert '<td class="report-hidden"><span aria-hidden="true">..</span>' in row.group(1)
    assert '<span class="visually-hidden">piilotettu</span>' in row.group(1)
    assert "tyhjä solu taulukkolaskennassa: piilotettu yksityisyyden suojaamiseksi" in figure
    # An average per meeting, not a median.
    assert "Kävijöitä keskimäärin kokoontumista kohti" in figure and "Mediaani" not in figure


def test_empty_cells_stand_out_and_numbers_link_to_the_list(example_site: ExampleSite) -> None:
    html = example_site.read("en/report/")
    matrix = html[html.index('id="table-coverage-audience"'):]
    matrix = matrix[:matrix.index("</table>")]
    assert 'class="report-gap"' in matrix
    assert '<a href="../../en/municipality/kokkola/">' in matrix
    assert '<a href="../../en/audience/everyone/">' in matrix


def test_the_page_makes_no_outside_requests_and_runs_no_script(
        example_site: ExampleSite) -> None:
    html = example_site.read("fi/report/")
    assert "<script" not in html
    assert "<!--" not in html  # pygal's comments (with the date) are removed
    for url in re.findall(r'(?:href|src|xlink:href)="([^"]+)"', html):
        assert not url.startswith(("http:", "https:", "//")) or url.startswith(
            ("https://example.org/ryhmat/", "https://stat.fi/")), url
    assert "cdn" not in html.lower()


def test_the_footer_links_to_the_report(example_site: ExampleSite) -> None:
    assert 'sv/report/">Uppföljning</a>' in example_site.read("sv/")


def test_each_language_links_its_own_csv_files(example_site: ExampleSite) -> None:
    report = example_site.output / "data/report"
    for lang, folder in (("fi", report), ("sv", report / "sv"), ("en", report / "en")):
        html = example_site.read(f"{lang}/report/")
        prefix = "../../data/report/" + ("" if lang == "fi" else f"{lang}/")
        for path in sorted(folder.glob("*.csv")):
            assert f'href="{prefix}{path.name}"' in html, (lang, path.name)
        assert 'href="../../data/report/report.json"' in html
