"""The frame around the minutes' body in Word: the red-header cover, the contents, the summary, the
落款 and the appendices."""

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from ...insight.charts import chart_png
from .. import figures
from ..document import Minutes
from ..i18n import t
from . import docx_layout as layout
from .common import chinese_date, chinese_numeral, when
from .docx_layout import BODY_PT, fld_char

SMALL = "Minutes Small"
RED = layout.RGBColor(0xA4, 0x0E, 0x26)


def centered(story, text: str = "", style: str | None = None):
    paragraph = story.add_paragraph(text, style)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def write_cover(story, minutes: Minutes, cover) -> None:
    """The red-header cover: organizer in red, the document number over the red rule, the title."""
    story.add_paragraph()
    organizer = centered(story)
    run = organizer.add_run(cover.organizer)
    run.bold, run.font.size, run.font.color.rgb = True, Pt(30 if len(cover.organizer) <= 12 else 24), layout.HEADER_RED
    organizer.paragraph_format.line_spacing = 1.2
    layout.set_run_east_asia(run, layout.SONGTI)
    number = centered(story, cover.number)
    number.paragraph_format.space_before = Pt(18)
    layout.rule(number)
    story.add_paragraph()
    centered(story, cover.title, "Title")
    subtitle = centered(story)
    subtitle.add_run(t("Minutes of the online consultation")).font.size = Pt(18)
    layout.set_run_east_asia(subtitle.runs[0], layout.KAITI)
    edition = centered(story)
    run = edition.add_run(cover.edition_label)
    run.bold = True
    if minutes.internal:
        run.font.color.rgb = RED
    story.add_paragraph()
    facts = [(t("Theme"), cover.theme), (t("Organizer"), cover.organizer)]
    if cover.first_day:
        facts.append((t("Dates"), f"{when(cover.first_day.date())} — {when(cover.last_day.date())}"))
    facts.append((t("Status"), cover.status_label))
    for label, value in facts:
        paragraph = story.add_paragraph("", SMALL)
        paragraph.paragraph_format.left_indent, paragraph.paragraph_format.first_line_indent = Cm(2.4), Cm(-2.4)
        paragraph.add_run(f"{label}：").bold = True
        paragraph.add_run(value)
    if cover.stages:
        story.add_paragraph()
        table = story.grid((t("Stage"), t("Opens"), t("Closes")), [4.0, 5.8, 5.8])
        for stage in cover.stages:
            table.row((stage.name, when(stage.starts_at), when(stage.ends_at)))
    story.add_paragraph()
    centered(story, chinese_date(cover.compiled_at), SMALL)


def write_contents(story, minutes: Minutes, outline) -> None:
    """The contents as a TOC field (levels 1–2) whose result is already the list of headings."""
    centered(story, t("Contents"), "Title")
    entries = [(1, t("Summary"))]
    for number, (title, speeches) in enumerate(outline, start=1):
        entries.append((1, f"{chinese_numeral(number)}、{title}"))
        entries += [(2, speech_title(title_, hidden)) for title_, hidden in speeches]
    entries += [(1, t("Appendix 1: Participants by role")), (1, t("Appendix 2: Aspects and department responses")),
                (1, t("Appendix 3: Hot words"))]
    first = story.add_paragraph("", "toc 1")
    fld_char(first, "begin")
    run = first.add_run()
    layout.field_code(run, 'TOC \\o "1-2" \\h \\z \\u')
    fld_char(first, "separate")
    for index, (level, text) in enumerate(entries):
        paragraph = first if index == 0 else story.add_paragraph("", f"toc {level}")
        paragraph.add_run(text)
    fld_char(story.add_paragraph("", "toc 1"), "end")


def speech_title(title: str, hidden: bool) -> str:
    return f"【{t('Hidden')}】{title}" if hidden else title


def write_summary(story, minutes: Minutes) -> None:
    story.add_heading(t("Summary"), 1)
    table = story.grid((t("Item"), t("Figure")), [9.0, 6.6])
    for figure in figures.summary_figures(minutes):
        table.row((figure.label, figure.value))
    for chart in figures.charts(minutes):
        picture = story.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        picture.add_run().add_picture(io.BytesIO(chart_png(chart)), width=Cm(15))
        centered(story, chart.title, SMALL)


def write_signature(story, cover) -> None:
    """The 落款: the organizer and the date, right-aligned, four characters in from the margin."""
    story.add_paragraph()
    for text in (cover.organizer, chinese_date(cover.compiled_at)):
        paragraph = story.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(4 * BODY_PT)
        paragraph.paragraph_format.keep_with_next = True


def write_appendices(story, minutes: Minutes) -> None:
    story.add_heading(t("Appendix 1: Participants by role"), 1)
    groups = figures.participants_by_role(minutes)
    if not groups:
        story.add_paragraph(t("Nobody took part."))
    headers = (t("Name"), t("Title"), t("Speeches"), t("Comments"), t("Replies"), t("Presses"))
    for group in groups:
        story.add_heading(f"{group.role_label}（{len(group.people)}）", 2)
        table = story.grid(headers, [2.6, 5.6, 1.85, 1.85, 1.85, 1.85], numeric=(2, 3, 4, 5))
        for person in group.people:
            table.row((person.name, person.title, person.speeches, person.comments, person.replies, person.presses))
    story.add_heading(t("Appendix 2: Aspects and department responses"), 1)
    headers = (t("No."), t("Speech"), t("Aspect"), t("Department"), t("Disposition"), t("State"))
    table = story.grid(headers, [1.3, 4.0, 3.0, 3.0, 2.15, 2.15], numeric=(0,))
    for row in figures.aspect_rows(minutes):
        department = row.department if row.claim_role == "—" else f"{row.department}（{row.claim_role}）"
        table.row((row.number, f"{row.speech_title}（{row.speech_author}）", row.aspect, department,
                   row.disposition, row.state))
    story.add_heading(t("Appendix 3: Hot words"), 1)
    words = minutes.top_hot_words()
    if words:
        story.add_paragraph(t("The words this meeting used most, the ones most particular to it first; "
                              "the common words of official writing are left out."), SMALL)
        story.add_paragraph("　".join(word for word, _weight in words))
    else:
        story.add_paragraph(t("No text yet."))
