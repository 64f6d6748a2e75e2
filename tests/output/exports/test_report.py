"""brochure/output/exports/report.py and report_workbook.py: the report's files as the people
who get them open them. The Finnish and Swedish CSV files read back with ``csv`` using ";" and
decimal commas, the English ones with "," and points; every file says its period; the JSON
keeps every field of earlier versions; the workbook reads back with openpyxl as Finnish Excel
would show it (numbers as numbers, hidden cells empty with a note, widths, frozen headers);
the same figures give the same bytes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from typing import Any

import openpyxl
import pytest

from brochure.check.content import ValidContent, load_content
from brochure.output.exports.report import csv_bytes, files, names_of
from brochure.output.exports.report_workbook import sheet_names, workbook_bytes
from brochure.site.model import site_titles
from brochure.site.pages import ReportPage
from brochure.site.report_figures import Report, report
from brochure.site.report_pages import report_pages
from tests.conftest import SOURCE, TODAY, valid

# Every table and field of report.json before the period (a contract: kept, never renamed).
EARLIER_TABLES = {
    "coverage-audience": ("municipality", "name_fi", "everyone", "groups"),
    "coverage-gaps": ("municipality", "audience"),
    "partners": ("partner", "name_fi", "kind", "groups", "facilitating", "contact"),
    "facilitator-pairs": ("kind_1", "kind_2", "groups"),
    "phases": ("phase", "groups"),
    "freshness": ("group", "name_fi", "municipality", "reviewed", "months"),
    "hidden": ("reason", "groups"),
    "expiring": ("group", "what", "last_day", "days"),
    "partners-without-groups": ("partner", "name_fi"),
    "attendance-groups": ("group", "name_fi", "groups", "sessions", "visits",
                          "median_visitors", "first_time"),
    "attendance-municipalities": ("municipality", "name_fi", "groups", "sessions", "visits",
                                  "median_visitors", "first_time"),
    "attendance-audiences": ("audience", "name_fi", "groups", "sessions", "visits",
                             "median_visitors", "first_time"),
    "attendance-cells": ("municipality", "audience", "groups", "sessions", "visits",
                         "median_visitors", "first_time"),
    "attendance-seasons": ("season", "name_fi", "groups", "sessions", "visits",
                           "median_visitors", "first_time"),
    "attendance-months": ("month", "name_fi", "groups", "sessions", "visits",
                          "median_visitors", "first_time"),
}
EARLIER_KEYS = ("today", "public", "privacy_threshold", "published_groups", "hidden_groups",
                "policy_window_days", "tables")


@pytest.fixture(scope="module")
def made() -> tuple[ValidContent, Report, list[ReportPage]]:
    content = valid(load_content(SOURCE, TODAY))
    figures = report(content)
    pages = report_pages(content, figures, ("fi", "sv", "en"),
                         site_titles(content, ("fi", "sv", "en")), public=True,
                         standalone=True)
    return content, figures, pages


def rows_of(data: bytes, delimiter: str) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads ä and ö right
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def test_finnish_csv_reads_back_with_semicolons_and_decimal_commas(
        made: tuple[ValidContent, Report, list[ReportPage]]) -> None:
    content, figures, pages = made
    out = files(figures, pages, names_of(content))
    months = rows_of(out["data/report/attendance-months.csv"], ";")
    assert list(months[0])[:3] == ["Raportin ajanjakso", "Kuukausi", "Ryhmät"]
    assert all(r["Raportin ajanjakso"].startswith("Toimintavuosi 2026–2027") for r in months)
    september = next(r for r in months if r["Kuukausi"] == "9/2026")
    average = september["Kävijöitä keskimäärin kokoontumista kohti"]
    assert "," in average and float(average.replace(",", ".")) == pytest.approx(
        int(september["Käynnit"]) / int(september["Kokoontumiset"]), abs=0.05)
    # A hidden count is an empty cell, never text in a number column.
    groups = rows_of(out["data/report/attendance-groups.csv"], ";")
    recovery = next(r for r in groups if r["Ryhmä"] == "Toipujien iltaryhmä")
    assert recovery["Ensikertalaiset"] == "" and recovery["Käynnit"].isdigit()
    swedish = rows_of(out["data/report/sv/partners.csv"], ";")
    assert list(swedish[0])[:2] == ["Rapportens period", "Partner"]
    english = rows_of(out["data/report/en/attendance-months.csv"], ",")
    assert "." in english[0]["Average visitors per meeting"]
    # Every table of every page has its file, and no two of its columns share a name (a
    # spreadsheet would rename one "Ajanjakso_1").
    for page in pages:
        for section in page.sections:
            for table in section.tables:
                assert table.csv in out, table.csv
                header = next(csv.reader(io.StringIO(
                    out[table.csv].decode("utf-8-sig"), newline=""),
                    delimiter="," if page.lang == "en" else ";"))
                assert len(set(header)) == len(header), (table.csv, header)


def test_the_csv_of_an_empty_table_has_its_header(
        made: tuple[ValidContent, Report, list[ReportPage]]) -> None:
    _, _, pages = made
    [table] = [t for s in pages[0].sections for t in s.tables if t.id == "hidden"]
    assert csv_bytes(table, "fi").decode("utf-8-sig").startswith(
        "Raportin ajanjakso;Miksi;Ryhmät")


def test_the_json_keeps_its_fields_and_gains_the_period(
        made: tuple[ValidContent, Report, list[ReportPage]]) -> None:
    content, figures, pages = made
    data: dict[str, Any] = json.loads(files(figures, pages, names_of(content))[
        "data/report/report.json"])
    for key in EARLIER_KEYS:
        assert key in data
    for name, fields in EARLIER_TABLES.items():
        for field in fields:
            assert field in data["fields"][name], (name, field)
            for row in data["tables"][name]:
                assert field in row, (name, field)
    assert data["tables"]["attendance-groups"] and data["tables"]["partners"]
    assert data["period"] == {"id": "2026-2027", "kind": "operating-year",
                              "start": "2026-08-01", "end": "2027-07-31",
                              "figures_to": "2026-11-23"}
    assert data["counts"]["coverage-audience"] == "date"
    assert data["counts"]["attendance-groups"] == "period"
    assert data["population"]["year"] == 2024
    # The example's recovery group reports fewer than five first-timers: hidden, and said.
    assert data["hidden_cells"]["attendance-groups"]
    for name, cells in data["hidden_cells"].items():
        for cell in cells:
            assert data["tables"][name][cell["row"]][cell["field"]] is None


def test_the_workbook_reads_back_as_finnish_excel_shows_it(
        made: tuple[ValidContent, Report, list[ReportPage]]) -> None:
    _content, _figures, pages = made
    data = workbook_bytes(pages[0], TODAY)
    book = openpyxl.load_workbook(io.BytesIO(data))
    cover = book.worksheets[0]
    assert cover.title == "Raportti"
    texts = [c for row in cover.iter_rows(values_only=True) for c in row if c is not None]
    assert "Toimintavuosi 2026–2027 (1.8.2026–31.7.2027), luvut 23.11.2026 asti" in texts
    assert "Toimintavuonna 2026–2027 alueella toimi 19 ryhmää." in texts
    assert "Ryhmiä ajanjaksolla" in texts and 19 in texts
    tables = [t for s in pages[0].sections for t in s.tables]
    assert book.sheetnames[1:] == sheet_names([t.caption for t in tables])
    assert all(len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in book.sheetnames)
    # A long caption is cut after a whole word, and says so; a short one is whole.
    def words_of(text: str) -> list[str]:
        return [word.strip(",;:") for word in text.replace(":", " ").split()]

    for name, table in zip(book.sheetnames[1:], tables, strict=True):
        words, caption = words_of(name[3:].removesuffix("…")), words_of(table.caption)
        assert words == caption[:len(words)], (name, table.caption)
        assert name.endswith("…") == (len(words) < len(caption)), (name, table.caption)
    months = book[book.sheetnames[1 + [t.id for t in tables].index("attendance-months")]]
    assert months["A1"].value == "Kävijät kuukausittain"
    assert months["A2"].value.startswith("Toimintavuosi 2026–2027")
    assert months["A4"].value == "Kuukausi" and months["A4"].font.b
    assert months.freeze_panes == "B5"
    assert months.column_dimensions["A"].width >= len("8/2026 (20.8. alkaen)")
    september = next(r for r in months.iter_rows(min_row=5) if r[0].value == "9/2026")
    assert isinstance(september[3].value, int) and isinstance(september[4].value, float)
    assert september[4].number_format == "0.0"
    groups = book[book.sheetnames[1 + [t.id for t in tables].index("attendance-groups")]]
    recovery = next(r for r in groups.iter_rows(min_row=5) if r[0].value ==
                    "Toipujien iltaryhmä")
    assert recovery[5].value is None and recovery[5].comment is not None
    assert "yksityisyyden" in recovery[5].comment.text
    assert isinstance(recovery[3].value, int)
    reviewed = book[book.sheetnames[1 + [t.id for t in tables].index("freshness")]]
    first = reviewed["C5"]
    assert isinstance(first.value, dt.datetime) and first.number_format == "d.m.yyyy"


def test_the_same_figures_give_the_same_bytes(
        made: tuple[ValidContent, Report, list[ReportPage]]) -> None:
    content, figures, pages = made
    first = workbook_bytes(pages[0], TODAY)
    assert first == workbook_bytes(pages[0], TODAY)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2026-11-23T00:00:00Z" in archive.read("docProps/core.xml")
    again = report_pages(content, report(content), ("fi", "sv", "en"),
                         site_titles(content, ("fi", "sv", "en")), public=True,
                         standalone=True)
    assert files(figures, pages, names_of(content)) == files(report(content), again,
                                                             names_of(content))
