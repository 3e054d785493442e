"""The minutes carry the pictures of the meeting: PNG charts in the DOCX, labelled SVG in the HTML and PDF."""

from docx import Document
from pypdf import PdfReader

from meetings.minutes.document import Minutes
from meetings.minutes.writers import WRITERS


def compiled(meeting, tmp_path, fmt):
    path = tmp_path / f"minutes.{fmt}"
    WRITERS[fmt](Minutes(meeting.consultation), path)
    return path


def test_the_docx_summary_shows_the_charts_as_pictures_with_captions(meeting, tmp_path):
    document = Document(str(compiled(meeting, tmp_path, "docx")))
    assert len(document.inline_shapes) >= 3
    captions = [p.text for p in document.paragraphs]
    assert "活跃度走势" in captions and "参与者构成" in captions


def test_the_printable_page_draws_the_charts_inline_as_labelled_svg(meeting, tmp_path):
    html = compiled(meeting, tmp_path, "html").read_text()
    summary = html[html.index('id="summary"'):html.index("<main>")]
    assert summary.count('<figure class="chart"><svg') >= 3
    assert 'role="img"' in summary and "<title" in summary


def test_the_pdf_carries_the_charts(meeting, tmp_path):
    reader = PdfReader(str(compiled(meeting, tmp_path, "pdf")))
    text = "".join(page.extract_text() for page in reader.pages[:4])
    assert "活跃度走势" in text  # the caption under the drawn chart
