"""What the minutes say is right: no negative time, no English stored for the whole speech, hot words
that name the meeting's subjects, the likes in every format."""

import csv
import importlib
import re

from django.apps import apps
from docx import Document
from openpyxl import load_workbook

from departments import services as department_services
from departments.models import Aspect, Reply
from meetings.minutes import figures
from meetings.minutes.document import Minutes
from meetings.minutes.hotwords import HotWords

from .conftest import at, stamp
from .test_minutes_documents import compile_to, docx_text


def test_a_reply_dated_before_its_speech_is_left_out_of_the_median_and_said_so(meeting):
    r1 = meeting.replies[0]
    stamp(Reply.objects.get(pk=r1.pk), created_at=at(-600))  # ten hours before the speech
    values = {f.label: f.value for f in figures.summary_figures(Minutes(meeting.consultation))}
    median = values["发言至首次答复用时（中位数）"]
    assert "-" not in median
    assert "另有 1 项答复时间早于发言，未计入" in median
    assert values["已答复诉求"] == "2 / 3"  # still answered


def test_duration_is_never_printed_negative():
    assert figures.duration_label(-3 * 86400) == "0小时"


def test_whole_speech_aspect_stores_no_words_and_the_tables_print_the_chinese_label(meeting, tmp_path):
    speech = meeting.speeches[1]
    claim = department_services.claim_aspect(meeting.people["official"], speech, meeting.departments[0])
    assert claim.aspect.is_whole and claim.aspect.title == ""
    assert str(claim.aspect) == "整篇发言"
    rows = list(csv.reader(compile_to(meeting, tmp_path, "csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [row[5] for row in rows[1:] if row[2] == speech.title] == ["整篇发言"]
    sheet = load_workbook(str(compile_to(meeting, tmp_path, "xlsx")), read_only=True).worksheets[0]
    assert [row[5] for row in sheet.iter_rows(values_only=True) if row[2] == speech.title] == ["整篇发言"]
    assert "Whole speech" not in "".join(",".join(row) for row in rows)


def test_migration_empties_the_english_whole_speech_titles(meeting):
    whole = Aspect.objects.filter(is_whole=True).first()
    Aspect.objects.filter(pk=whole.pk).update(title="Whole speech")
    migration = importlib.import_module("departments.migrations.0003_whole_speech_aspect_stores_no_words")
    migration.empty_whole_speech_titles(apps, None)
    assert Aspect.objects.get(pk=whole.pk).title == ""


def test_hot_words_leave_out_the_words_of_official_prose():
    words = HotWords()
    for _ in range(5):
        words.feed("建议进一步加强防返贫监测工作，会同有关部门推进建设，防止问题纳入不及时。")
        words.feed("食用菌产业和茶叶品牌要形成规模。")
    top = [word for word, _weight in words.top(10)]
    for generic in ("纳入", "会同", "防止", "建设", "加强", "推进", "进一步", "有关", "工作", "问题", "建议"):
        assert generic not in top
    assert {"监测", "食用菌", "茶叶"} <= set(top)


def test_hot_words_note_says_what_they_are_in_plain_words(meeting, tmp_path):
    text, _paragraphs = docx_text(compile_to(meeting, tmp_path, "docx"))
    appendix = text.split("附录三")[-1]
    assert "公文常用词已略去" in appendix
    assert "TF-IDF" not in text and "jieba" not in text


def test_docx_shows_the_likes_like_the_pdf(meeting, tmp_path):
    stamp(meeting.speeches[0], like_count=2)  # the fixture's two likes, counted as the like service counts
    text, _paragraphs = docx_text(compile_to(meeting, tmp_path, "docx"))
    assert "2 人点赞" in text  # the first speech's two likes
    html = compile_to(meeting, tmp_path, "html").read_text(encoding="utf-8")
    assert "2 人点赞" in html


def test_docx_looks_like_an_official_document_not_like_the_python_docx_template(meeting, tmp_path):
    path = compile_to(meeting, tmp_path, "docx", internal=True)
    document = Document(str(path))
    core = document.core_properties
    assert core.title == meeting.consultation.title and core.author == meeting.consultation.organizer
    assert core.created.year >= 2026 and core.language == "zh-CN" and "python-docx" not in core.comments
    styles = document.styles.element.xml
    assert 'w:eastAsia="zh-CN"' in styles and 'w:val="en-US"' not in styles.split("</w:docDefaults>")[0]
    cover, body = document.sections
    assert "内部资料" in cover.header.paragraphs[0].text and "内部资料" in body.header.paragraphs[0].text
    assert "PAGE" in body.footer._element.xml and "— " in body.footer.paragraphs[0].text
    assert "PAGE" not in cover.footer._element.xml  # no page number on the cover
    text, _paragraphs = docx_text(path)
    organizer_runs = [r for p in document.paragraphs for r in p.runs if r.text == meeting.consultation.organizer]
    assert str(organizer_runs[0].font.color.rgb) == "E60012"  # the red header
    assert "协商纪要〔" in text and re.search(r"二〇\S+年\S+月\S+日", text)
    xml = document.element.body.xml
    assert "w:tblHeader" in xml and "w:cantSplit" in xml and 'w:fill="D9D9D9"' in xml
    assert "w:tblLayout" in xml


def test_docx_one_line_break_per_br(meeting, tmp_path):
    speech = meeting.speeches[0]
    stamp(speech, body_html="<p>第一行<br>\n第二行</p>")
    document = Document(str(compile_to(meeting, tmp_path, "docx")))
    paragraph = next(p for p in document.paragraphs if "第一行" in p.text)
    assert paragraph._p.xml.count("<w:br/>") == 1
    assert paragraph.text == "第一行\n第二行"


def test_xlsx_prints_landscape_fitted_to_width_with_a_repeated_filtered_header_in_a_chinese_font(meeting, tmp_path):
    sheet = load_workbook(str(compile_to(meeting, tmp_path, "xlsx"))).worksheets[0]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.auto_filter.ref == "A1:Q5"
    header = [cell for cell in sheet[1]]
    assert all(cell.font.name == "宋体" and cell.font.b for cell in header)
    assert sheet["C2"].font.name == "宋体" and sheet["C2"].alignment.wrap_text
    for cell in header:  # every header fits its column: two units a Chinese character
        assert sheet.column_dimensions[cell.column_letter].width >= 2 * len(cell.value)
    assert sheet.column_dimensions["N"].width <= 40  # long replies wrap rather than run off
    assert any((sheet.row_dimensions[row].height or 0) > 15 for row in range(2, 6))
