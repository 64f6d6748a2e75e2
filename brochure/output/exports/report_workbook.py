"""The annual report as one workbook (``report.xlsx``), written with openpyxl.

Made from a language's report page (:class:`~brochure.site.pages.ReportPage`), so the workbook
says what the page says: a cover sheet with the period, the headline figures in sentences and
as a table, and one sheet per table with its caption, its period, headers in words, numbers as
numbers (whole numbers, one decimal, dates as dates), total rows in bold, its notes below it
and the columns wide enough for their text. What a public report hides is an empty cell with
a note (a comment) saying why. The header row and the first column stay in place when
scrolling.

The same figures give the same bytes: the workbook's dates are the report's, and the zip
entries carry a fixed time instead of the moment of writing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from brochure.core.formatting import short_date
from brochure.core.i18n import N_, gettext
from brochure.core.languages import spreadsheet_date
from brochure.site.pages import ReportCell, ReportPage, ReportTable

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="EEF3F8")
_WRAP = Alignment(wrap_text=True, vertical="top")
_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\]")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
MAX_WIDTH = 60


def _fixed_times(data: bytes) -> bytes:
    """The same zip archive with every entry dated 1.1.1980 (openpyxl dates them now)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(entry))
    return out.getvalue()


def sheet_names(captions: Sequence[str]) -> list[str]:
    """Excel's sheet names: at most 31 characters, none of []:*?/\\, each its own; numbered
    in the page's order so that the tabs read like a table of contents."""
    names = []
    for number, caption in enumerate(captions, 1):
        clean = " ".join(_SHEET_CHARACTERS.sub(" ", caption).split())
        names.append(_shortened(f"{number:02d} {clean}", 31))
    return names


def _shortened(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters, cut after a whole word and marked with an
    ellipsis, never in the middle of a word."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:–-") + "…"


def _put(sheet: Worksheet, row: int, column: int, cell: ReportCell, lang: str,
         note: str) -> None:
    target = sheet.cell(row=row, column=column)
    if cell.suppressed:
        target.comment = Comment(note, "brochure", width=300, height=90)
        return
    value = cell.value
    if isinstance(value, dt.date):
        target.value = value
        target.number_format = spreadsheet_date(lang)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        target.value = value
        target.number_format = "0." + "0" * cell.decimals if cell.decimals else "0"
    else:
        target.value = cell.text


def _widths(sheet: Worksheet, first_row: int) -> None:
    """Each column as wide as its longest text below ``first_row`` (titles and notes span the
    sheet and do not count), within reason."""
    widths: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=first_row):
        for cell in row:
            if cell.value is None:
                continue
            shown = (f"{cell.value:.1f}" if isinstance(cell.value, float)
                     else "00.00.0000" if isinstance(cell.value, dt.date) else str(cell.value))
            widths[cell.column] = max(widths.get(cell.column, 0), len(shown))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(MAX_WIDTH, width + 2)


def _table_sheet(sheet: Worksheet, table: ReportTable, lang: str, note: str) -> None:
    sheet.cell(row=1, column=1, value=table.caption).font = _TITLE
    sheet.cell(row=2, column=1, value=table.period)
    header = 4
    for column, name in enumerate(table.columns, 1):
        heading = sheet.cell(row=header, column=column, value=name)
        heading.font = _BOLD
        heading.fill = _HEADER_FILL
        heading.alignment = _WRAP
    row = header
    for row_data in table.rows:
        row += 1
        sheet.cell(row=row, column=1, value=row_data.header)
        for column, cell in enumerate(row_data.cells, 2):
            _put(sheet, row, column, cell, lang, note)
        if row_data.total:
            for column in range(1, len(table.columns) + 1):
                sheet.cell(row=row, column=column).font = _BOLD
    if not table.rows:
        row += 1
        sheet.cell(row=row, column=1, value=table.empty)
    row += 1
    for text in table.notes:
        row += 1
        sheet.cell(row=row, column=1, value=text)
    sheet.freeze_panes = f"B{header + 1}"
    _widths(sheet, header)
    # The header's own width: long headers wrap rather than widen their column.
    sheet.row_dimensions[header].height = 45


def workbook_bytes(page: ReportPage, made: dt.date) -> bytes:
    """The workbook of one language's report page; ``made`` dates it."""
    lang = page.lang
    note = gettext(lang, N_("Hidden to protect privacy: a small count, or a figure from which "
                            "one could be worked out."))
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = gettext(lang, N_("Report"))[:31]
    cover.cell(row=1, column=1, value=page.heading).font = _TITLE
    cover.cell(row=2, column=1, value=page.period)
    cover.cell(row=3, column=1, value=gettext(lang, N_("Made on %(date)s")) % {
        "date": short_date(made, lang)})
    row = 4
    for sentence in page.summary:
        row += 1
        cover.cell(row=row, column=1, value=sentence)
    tables = [t for section in page.sections for t in section.tables]
    key = next((t for t in tables if t.id == "key-figures"), None)
    if key is not None:
        row += 2
        for column, name in enumerate(key.columns, 1):
            cover.cell(row=row, column=column, value=name).font = _BOLD
        for data in key.rows:
            row += 1
            cover.cell(row=row, column=1, value=data.header)
            for column, shown in enumerate(data.cells, 2):
                _put(cover, row, column, shown, lang, note)
    row += 1
    for line in page.intro[1:]:
        row += 1
        cover.cell(row=row, column=1, value=line)
    cover.column_dimensions["A"].width = 45
    cover.column_dimensions["B"].width = 14
    row += 2
    cover.cell(row=row, column=1, value=gettext(lang, N_("Sheets"))).font = _BOLD
    names = sheet_names([t.caption for t in tables])
    for name, table in zip(names, tables, strict=True):
        row += 1
        link = cover.cell(row=row, column=1, value=name)
        link.hyperlink = f"#'{name}'!A1"
        link.style = "Hyperlink"
        _table_sheet(book.create_sheet(name), table, lang, note)
    moment = dt.datetime.combine(made, dt.time())
    book.properties.creator = "brochure"
    book.properties.title = f"{page.heading}: {page.period}"
    book.properties.language = lang
    book.properties.created = moment
    out = io.BytesIO()
    # openpyxl's save() would set the modification time to now: write it as made.
    book.properties.modified = moment
    ExcelWriter(book, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)).save()
    return _fixed_times(out.getvalue())
