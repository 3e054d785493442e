"""The minutes show pictures as thumbnails and list documents and voice with size or duration, in every format."""

import re

import pytest
from docx import Document
from pypdf import PdfReader

from departments import services as department_services
from meetings import services
from meetings.attachments.validation import prepare
from meetings.minutes.document import Minutes
from meetings.minutes.writers import WRITERS
from meetings.models import Attachment
from meetings.moderation import services as moderation

from . import files
from .files import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(ffmpeg, consultation, member, leader, official, department, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post = services.create_post(member, consultation, consultation.subtopics.first(), "带附件的发言", "见附件。",
                                    files=[prepare(upload("现场.jpg", files.photo())),
                                           prepare(upload("调研报告.pdf", files.pdf())),
                                           prepare(upload("voice.webm", files.webm_voice(3)))])
    services.add_comment(leader, post, "补充数据", files=[prepare(upload("数据表.xlsx", files.xlsx_file()))])
    claim = department_services.claim_aspect(official, post, department)
    department_services.publish_reply(official, claim, "答复正文", "resolved",
                                      files=[prepare(upload("答复函.docx", files.docx_file()))])
    hidden = services.create_post(member, consultation, consultation.subtopics.first(), "被隐藏的发言", "x",
                                  files=[prepare(upload("隐藏.pdf", files.pdf()))])
    moderation.hide(staff, hidden, "无关")
    return consultation


def compile_to(consultation, tmp_path, fmt, internal=False):
    path = tmp_path / f"minutes.{fmt}"
    WRITERS[fmt](Minutes(consultation, internal=internal), path)
    return path


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


LISTED = ["调研报告.pdf", "voice.webm·0:03", "数据表.xlsx", "答复函.docx"]


def test_docx_shows_the_thumbnail_and_lists_files_and_voice_in_place(meeting, tmp_path):
    document = Document(str(compile_to(meeting, tmp_path, "docx")))
    text = squash("\n".join(p.text for p in document.paragraphs))
    for entry in LISTED:
        assert squash(entry) in text, entry
    assert text.index("调研报告.pdf") < text.index("数据表.xlsx") < text.index("答复函.docx")
    assert "隐藏.pdf" not in text
    thumbnail = Attachment.objects.get(name="现场.jpg").thumbnail.open("rb").read()
    images = [part.blob for part in document.part.package.parts if part.content_type == "image/jpeg"]
    assert thumbnail in images


def test_pdf_and_html_show_the_thumbnail_and_list_files_and_voice(meeting, tmp_path):
    page = compile_to(meeting, tmp_path, "html").read_text(encoding="utf-8")
    assert 'class="thumb" src="data:image/jpeg;base64,' in page
    for entry in LISTED:
        assert squash(entry) in squash(re.sub(r"<[^>]+>", " ", page)), entry
    assert "隐藏.pdf" not in page
    reader = PdfReader(str(compile_to(meeting, tmp_path, "pdf")))
    text = squash("\n".join(p.extract_text() for p in reader.pages))
    assert "调研报告.pdf" in text and "0:03" in text
    assert any(page.images for page in reader.pages)


def test_the_internal_edition_lists_the_hidden_speechs_files(meeting, tmp_path):
    document = Document(str(compile_to(meeting, tmp_path, "docx", internal=True)))
    assert "隐藏.pdf" in "\n".join(p.text for p in document.paragraphs)
