"""The compiled files, opened the way a reader opens them: every speech, comment and reply is there,
in order, in Chinese; hidden content is left out of the public edition and marked in the internal one."""

import csv
import re

import pytest
from docx import Document
from docx.table import Table
from openpyxl import load_workbook
from pypdf import PdfReader

from departments.models import ClaimRole, ClaimState, Disposition, Score
from meetings.minutes.document import Minutes
from meetings.minutes.writers import WRITERS


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_in_order(text: str, needles: list[str]) -> None:
    text = squash(text)
    position = 0
    for needle in needles:
        found = text.find(squash(needle), position)
        assert found >= 0, f"{needle!r} missing (or out of order) after position {position}"
        position = found + 1


def expected_order(meeting) -> list[str]:
    """Speech by speech: the title, the body, its comments in thread order, then its replies."""
    s1, s2, s3 = meeting.speeches
    c1, c2, c3, c4, c5 = meeting.comments
    r1, r2, r3, r4 = meeting.replies
    return [
        "防止规模性返贫动态监测",
        s1.title, s1.body, c1.body, c2.body, c3.body, meeting.reply_to_hidden.body, r1.body, r2.body,
        s2.title, s2.body, c4.body,
        "产业帮扶与稳岗就业",
        s3.title, s3.body, c5.body, r3.body, r4.body,
    ]


def hidden_texts(meeting) -> list[str]:
    """What the public edition leaves out (a reply to a hidden comment is not hidden: it stays)."""
    return [meeting.hidden_speech.title, meeting.hidden_speech.body, meeting.hidden_comment.body,
            "尚待审核的公众评论"]


def compile_to(meeting, tmp_path, fmt, internal=False):
    path = tmp_path / f"minutes-{'internal' if internal else 'public'}.{fmt}"
    WRITERS[fmt](Minutes(meeting.consultation, internal=internal), path)
    return path


def docx_text(path) -> tuple[str, list]:
    """The document's text in reading order (paragraphs and table cells as they come), and its paragraphs."""
    document = Document(str(path))
    parts = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            parts += [cell.text for row in block.rows for cell in row.cells]
        else:
            parts.append(block.text)
    return "\n".join(parts), [(p.style.name, p.text) for p in document.paragraphs]


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def html_text(path) -> str:
    return re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))


# --- Word ---------------------------------------------------------------------------------------------


def test_docx_public_edition_has_every_speech_comment_and_reply_in_order(meeting, tmp_path):
    text, paragraphs = docx_text(compile_to(meeting, tmp_path, "docx"))
    assert_in_order(text, expected_order(meeting))
    for hidden in hidden_texts(meeting):
        assert hidden not in text
    assert_in_order(text, ["所回复的评论未收录", meeting.reply_to_hidden.body])
    headings = {style: [t for s, t in paragraphs if s == style] for style in ("Heading 1", "Heading 2", "Heading 3")}
    assert "一、防止规模性返贫动态监测" in headings["Heading 1"]
    assert "二、产业帮扶与稳岗就业" in headings["Heading 1"]
    assert [t for t in headings["Heading 2"] if t.startswith("关于")] == [s.title for s in meeting.speeches]
    assert "诉求1：食用菌产业扶持资金" in headings["Heading 3"]
    assert "附录一 参会人员（按角色）" in headings["Heading 1"]


def test_docx_internal_edition_keeps_hidden_content_marked(meeting, tmp_path):
    text, paragraphs = docx_text(compile_to(meeting, tmp_path, "docx", internal=True))
    for hidden in hidden_texts(meeting):
        assert hidden in text
    assert f"【已隐藏】{meeting.hidden_speech.title}" in [t for s, t in paragraphs if s == "Heading 2"]
    assert_in_order(text, ["【已隐藏】", meeting.hidden_comment.body, meeting.reply_to_hidden.body])
    assert_in_order(text, ["【待审核】", "尚待审核的公众评论"])
    assert "内部版" in text


def label(choice) -> str:
    return str(choice.label)  # as the departments' catalog says it in Chinese


def test_docx_marks_leaders_comments_and_shows_dispositions_ratings_follow_ups_and_presses(meeting, tmp_path):
    text, _paragraphs = docx_text(compile_to(meeting, tmp_path, "docx"))
    r1, r2, r3, r4 = meeting.replies
    assert_in_order(text, ["【领导点评】", meeting.leader_comment.body])
    assert_in_order(text, [meeting.departments[0].name, label(ClaimRole.LEAD), "【正式答复】",
                           label(Disposition.RESOLVED), r1.body, "发言人评价", label(Score.SATISFIED),
                           "答复具体可行。", "【办结】", "监测系统已上线运行。"])
    assert_in_order(text, ["省教育厅", label(ClaimRole.CO), label(Disposition.UNDER_STUDY), r2.body])
    assert_in_order(text, [r3.body, label(Score.UNSATISFIED), "资金没有落实。", "第2轮", r4.body,
                           "【领导督办】", "请尽快落实资金，两周内反馈。"])
    assert "尚无部门认领此诉求。" in text


def test_docx_is_set_in_chinese_official_fonts_with_a_table_of_contents(meeting, tmp_path):
    path = compile_to(meeting, tmp_path, "docx")
    document = Document(str(path))
    east_asia = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    face = {name: document.styles[name].element.rPr.rFonts.get(east_asia)
            for name in ("Normal", "Title", "Heading 1", "Heading 2")}
    assert face == {"Normal": "仿宋", "Title": "宋体", "Heading 1": "黑体", "Heading 2": "楷体"}
    assert document.styles["Normal"].font.size.pt == 16  # 三号
    assert "w:pBdr" not in document.styles["Title"].element.xml  # no blue rule under the title
    body = document.element.body.xml
    assert 'TOC \\o "1-2"' in body
    # The contents are written out inside the field, so they read right before any update.
    contents = [p.text for p in document.paragraphs if p.style.name.lower().startswith("toc")]
    assert contents[:2] == ["概览", "一、防止规模性返贫动态监测"]
    assert meeting.speeches[0].title in contents and "附录三 热词" in contents


def test_docx_cover_summary_and_appendices(meeting, tmp_path):
    text, _paragraphs = docx_text(compile_to(meeting, tmp_path, "docx"))
    consultation = meeting.consultation
    assert_in_order(text, [consultation.organizer, consultation.title, "网络议政远程协商纪要", "公开版",
                           "委员发言", "概览", "围观人数", "发言人数", "2", "发言数", "3", "评论数", "6",
                           "点赞数", "3", "作出答复的部门", "2", "已答复诉求", "2 / 3", "答复率", "66.7%",
                           "满意度", "50.0%"])
    assert_in_order(text, ["附录一", "委员", "张委员", "领导", "王主席", "部门工作人员",
                           "附录二", "食用菌产业扶持资金", label(Disposition.RESOLVED), "茶叶品牌建设", "未认领",
                           "附录三", "热词"])
    assert "监测" in text.split("附录三")[-1]


# --- PDF and HTML --------------------------------------------------------------------------------------


def test_pdf_has_every_speech_comment_and_reply_in_order_in_an_embedded_cjk_font(meeting, tmp_path):
    path = compile_to(meeting, tmp_path, "pdf")
    text = pdf_text(path)
    assert_in_order(text, expected_order(meeting))
    for hidden in hidden_texts(meeting):
        assert squash(hidden) not in squash(text)
    reader = PdfReader(str(path))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages for font in page["/Resources"]["/Font"].values()
    }
    assert any(re.search(r"WenQuanYi|Noto|CJK|Hei|Song", name) for name in fonts), fonts
    assert "\ufffd" not in text  # no character came out as a replacement box


def test_pdf_internal_edition_marks_hidden_content(meeting, tmp_path):
    text = pdf_text(compile_to(meeting, tmp_path, "pdf", internal=True))
    assert_in_order(text, ["【已隐藏】", meeting.hidden_speech.title])
    assert_in_order(text, ["【已隐藏】", meeting.hidden_comment.body, meeting.reply_to_hidden.body])


def test_printable_html_page(meeting, tmp_path):
    path = compile_to(meeting, tmp_path, "html")
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "@page" in page
    assert_in_order(html_text(path), expected_order(meeting))
    assert 'class="comment depth-1' in page  # the reply sits under the comment it answers
    assert "leader-mark" in page
    for hidden in hidden_texts(meeting):
        assert hidden not in page


# --- Spreadsheets --------------------------------------------------------------------------------------


def test_xlsx_lists_every_aspect_with_each_department_and_reply(meeting, tmp_path):
    book = load_workbook(str(compile_to(meeting, tmp_path, "xlsx")), read_only=True)
    sheet = book.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header, body = rows[0], rows[1:]
    assert header[:7] == ["序号", "子议题", "发言", "发言人", "发言时间", "诉求", "部门"]
    column = {name: header.index(name) for name in header}
    lead, co = (d.name for d in meeting.departments)
    assert [r[column["部门"]] for r in body] == [lead, co, lead, "—"]
    assert [r[column["主办或协办"]] for r in body] == [label(ClaimRole.LEAD), label(ClaimRole.CO),
                                                   label(ClaimRole.LEAD), "—"]
    assert [r[column["办理状态"]] for r in body] == [label(ClaimState.COMPLETED), label(ClaimState.REPLIED),
                                                 label(ClaimState.REOPENED), "未认领"]
    replies = "\n".join(r[column["答复内容"]] or "" for r in body)
    assert_in_order(replies, [r.body for r in meeting.replies])
    assert body[2][column["答复意见"]] == label(Disposition.RESOLVED)  # the latest round's disposition
    assert body[0][column["发言时间"]].year == 2026
    assert "隐藏" not in header


def test_csv_is_utf8_with_bom_and_matches_the_table(meeting, tmp_path):
    path = compile_to(meeting, tmp_path, "csv", internal=True)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][0] == "序号" and rows[0][-1] == "已隐藏"
    assert len(rows) == 5
    assert_in_order("\n".join(",".join(r) for r in rows), [r.body for r in meeting.replies])
    assert rows[1][4] == "2026年3月2日 09:10"


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html", "xlsx", "csv"])
def test_every_format_compiles_an_empty_consultation(consultation, tmp_path, fmt):
    path = tmp_path / f"empty.{fmt}"
    WRITERS[fmt](Minutes(consultation), path)
    assert path.stat().st_size > 0
