"""The hostile corpus in every file the project writes: speeches, names, aspects, comments and replies full of
payloads, compiled in-process into each format. No formula in a spreadsheet or CSV cell, no field code or
external link in the Word document, no live script in the web page."""

import csv
import io
import re
import zipfile

import openpyxl
import pytest

from departments import aspects
from departments import services as departments
from meetings import services as meetings
from meetings.minutes.services import request_compilation, run_compilation
from meetings.models import Compilation

from .corpus import FORMULA, INVISIBLE, MARKUP
from .inert import live_markup

pytestmark = pytest.mark.django_db
FORMULA_START = tuple("=+-@\t\r") + ("＝",)
NUMBER = re.compile(r"^-?\d+(\.\d+)?%?$")
OWN_FIELDS = {"TOC", "PAGE", "NUMPAGES", ""}  # the document's own contents list and page numbers


@pytest.fixture
def hostile_meeting(world):
    """The world's consultation with one speech, comment, aspect and reply per payload (1 MB and control
    characters stay out: they are refused at the door, see test_hostile_corpus)."""
    consultation, member, official = world.consultation, world.people["member"], world.people["official"]
    member.display_name, member.real_name, member.title = FORMULA[0], FORMULA[2], FORMULA[3]
    member.save()
    subtopic = consultation.subtopics.first()
    for number, payload in enumerate(MARKUP + FORMULA + INVISIBLE):
        post = meetings.create_post(member, consultation, subtopic, payload[:200], payload)
        meetings.add_comment(world.people["other"], post, payload)
        if number % 5 == 0:  # enough aspects and replies to fill the responses table, quickly
            aspect, = aspects.split_post(member, post, [(payload[:200], payload)])
            claim = departments.claim_aspect(official, post, world.department, aspect=aspect)
            departments.publish_reply(official, claim, payload, "resolved")
    return consultation


def _compile(consultation, staff, format, edition="internal") -> bytes:
    compilation = run_compilation(request_compilation(staff, consultation, format, edition).pk)
    assert compilation.state == Compilation.State.DONE, compilation.error
    with compilation.file.open("rb") as stored:
        return stored.read()


def _live_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.match(value)


def test_no_formula_in_any_xlsx_cell(hostile_meeting, world):
    book = openpyxl.load_workbook(io.BytesIO(_compile(hostile_meeting, world.people["staff"], "xlsx")))
    found = [f"{sheet.title}!{cell.coordinate}: {str(cell.value)[:40]!r}" for sheet in book.worksheets
             for row in sheet.iter_rows() for cell in row
             if cell.data_type == "f" or _live_formula(cell.value)]
    assert not found, "\n".join(found[:20])


def test_no_formula_in_any_csv_cell(hostile_meeting, world):
    text = _compile(hostile_meeting, world.people["staff"], "csv").decode("utf-8-sig")
    found = [f"row {number}: {cell[:40]!r}" for number, row in enumerate(csv.reader(io.StringIO(text)))
             for cell in row if _live_formula(cell)]
    assert not found, "\n".join(found[:20])


def test_no_field_code_or_external_link_in_the_word_document(hostile_meeting, world):
    with zipfile.ZipFile(io.BytesIO(_compile(hostile_meeting, world.people["staff"], "docx"))) as document:
        parts = {name: document.read(name).decode("utf-8") for name in document.namelist()
                 if name.endswith((".xml", ".rels"))}
    found = []
    for name, xml in parts.items():
        found += [f"{name}: field {code[:60]!r}" for code in re.findall(r'w:instr="([^"]*)"', xml)
                  if code.strip().split(" ", 1)[0].upper() not in OWN_FIELDS]
        found += [f"{name}: field {code[:60]!r}" for code in re.findall(r"<w:instrText[^>]*>([^<]*)<", xml)
                  if code.strip().split(" ", 1)[0].upper() not in OWN_FIELDS]
        found += [f"{name}: external {target[:60]!r}" for target in
                  re.findall(r'<Relationship [^>]*Target="([^"]*)"[^>]*TargetMode="External"', xml)]
    assert not found, "\n".join(found[:20])


def test_the_printable_web_page_runs_nothing(hostile_meeting, world):
    html = _compile(hostile_meeting, world.people["staff"], "html").decode("utf-8")
    assert not live_markup(html, html5=False)
