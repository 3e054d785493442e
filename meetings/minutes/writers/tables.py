"""The aspects/responses table as XLSX (openpyxl, write-only: rows stream to disk) and CSV.

CSV is UTF-8 with a byte-order mark, so Excel opens the Chinese text correctly.
"""

import csv
from pathlib import Path

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from .. import figures
from ..document import Minutes
from ..i18n import t
from ..records import AspectRow
from .common import when

WIDTHS = [6, 18, 30, 10, 16, 30, 18, 10, 10, 16, 12, 16, 18, 60, 14, 8, 8, 8]


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


def write_xlsx(minutes: Minutes, path: Path) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(t("Aspects and responses")[:31])
    sheet.freeze_panes = "A2"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[sheet_column(index)].width = width
    header = []
    for name in columns(minutes.internal):
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in figures.aspect_rows(minutes):
        cells = []
        for value in values(row, minutes.internal):
            cell = WriteOnlyCell(sheet, value=naive_local(value))
            if hasattr(value, "hour"):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif hasattr(value, "day"):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, str) and len(value) > 40:
                cell.alignment = wrap
            cells.append(cell)
        sheet.append(cells)
    book.save(str(path))


def sheet_column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def write_csv(minutes: Minutes, path: Path) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(columns(minutes.internal))
        for row in figures.aspect_rows(minutes):
            writer.writerow([when(v) if hasattr(v, "day") else v for v in values(row, minutes.internal)])
