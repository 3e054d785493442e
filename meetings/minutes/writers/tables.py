"""The aspects/responses table as XLSX (openpyxl, write-only: rows stream to disk) and CSV.

The sheet prints as it reads: columns about two units per Chinese character, wrapped cells with row
heights to match, a shaded header row repeated on every printed page, an autofilter, landscape A4
fitted to the page width, in 宋体. CSV is UTF-8 with a byte-order mark, so Excel opens the Chinese
text correctly. Every text cell goes through `consultation.spreadsheets.spreadsheet_text` (OWASP's
CSV-injection rule), and XLSX text is written as explicit string cells: a title like =HYPERLINK(...)
stays text; numbers and dates stay typed cells.
"""

import csv
from pathlib import Path

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from consultation.spreadsheets import spreadsheet_text

from .. import figures
from ..document import Minutes
from ..i18n import t
from ..records import AspectRow
from .common import when

# Column widths in Excel's units (one Latin character; a Chinese character takes two), capped so the
# long text columns wrap rather than run off the page.
WIDTHS = [6, 16, 24, 8, 16, 20, 18, 10, 10, 16, 11, 16, 14, 40, 10, 8, 8, 8]
FONT = "宋体"
LINE_HEIGHT = 15  # points per wrapped line at 11 pt
MAX_ROW_HEIGHT = 409  # Excel's limit
THIN = Side(style="thin", color="999999")


def columns(internal: bool) -> list[str]:
    names = [
        t("No."), t("Sub-topic"), t("Speech"), t("Speaker"), t("Speech time"), t("Aspect"), t("Department"),
        t("Lead or co-handling"), t("State"), t("Claimed"), t("Reply due"), t("First reply"), t("Disposition"),
        t("Replies (text)"), t("Rating"), t("Follow-ups"), t("Presses"),
    ]
    return [*names, t("Hidden")] if internal else names


def values(row: AspectRow, internal: bool) -> list:
    cells = [
        row.number, row.subtopic, row.speech_title, row.speech_author, row.speech_at, row.aspect, row.department,
        row.claim_role, row.state, row.claimed_at, row.due_on, row.first_reply_at, row.disposition, row.replies,
        row.rating, int(row.follow_ups), row.presses,
    ]
    if internal:
        cells.append(t("Hidden") if row.hidden else "")
    return cells


def naive_local(value):
    """openpyxl stores no time zone: write the site's local time."""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def display_width(text: str) -> int:
    """Excel's width units: two for a Chinese (wide) character, one for the rest."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def row_height(values: list, widths: list[int]) -> float | None:
    """Enough lines for the longest wrapped cell (Excel and LibreOffice do not grow rows of a streamed
    sheet by themselves)."""
    lines = 1
    for value, width in zip(values, widths, strict=False):
        if isinstance(value, str) and value:
            lines = max(lines, sum(-(-display_width(part) // max(width - 1, 1)) or 1 for part in value.split("\n")))
    return min(lines * LINE_HEIGHT, MAX_ROW_HEIGHT) if lines > 1 else None


def print_setup(sheet, column_count: int) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_options.gridLines = False
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    for index, width in enumerate(WIDTHS[:column_count], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def write_xlsx(minutes: Minutes, path: Path) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(t("Aspects and responses")[:31])
    sheet.freeze_panes = "A2"
    names = columns(minutes.internal)
    print_setup(sheet, len(names))
    header_font, body_font = Font(name=FONT, bold=True, size=11), Font(name=FONT, size=11)
    header_fill = PatternFill("solid", fgColor="D9D9D9")
    border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
    wrap = Alignment(wrap_text=True, vertical="top")
    header = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font, cell.fill, cell.border = header_font, header_fill, border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in figures.aspect_rows(minutes):
        cells = []
        row_values = values(row, minutes.internal)
        for value in row_values:
            cell = WriteOnlyCell(sheet, value=naive_local(spreadsheet_text(value)))
            if isinstance(value, str):
                cell.data_type = "s"  # text, whatever it looks like: never a formula
            cell.font, cell.border, cell.alignment = body_font, border, wrap
            if hasattr(value, "hour"):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif hasattr(value, "day"):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        height = row_height(row_values, WIDTHS)
        if height:
            sheet.row_dimensions[count + 2].height = height  # read when the row is streamed out
        sheet.append(cells)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(names))}{count + 1}"
    book.save(str(path))


def write_csv(minutes: Minutes, path: Path) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(columns(minutes.internal))
        for row in figures.aspect_rows(minutes):
            writer.writerow([when(v) if hasattr(v, "day") else spreadsheet_text(v)
                             for v in values(row, minutes.internal)])
