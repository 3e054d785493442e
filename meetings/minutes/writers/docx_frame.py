"""The frame around the minutes' body in Word: the red-header cover, the contents, the summary, the
落款 and the appendices. The cover is built with python-docx (a rule, fonts per run); the rest, which
grows with the meeting (the contents, the aspects table), is written as markup like the body."""

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from ...insight.charts import chart_png
from .. import figures
from ..document import Minutes
from ..i18n import t
from . import docx_layout as layout
from . import wordml as ml
from .common import chinese_date, chinese_numeral, when
from .docx_layout import BODY_PT

SMALL = "Minutes Small"
SMALL_ID = "MinutesSmall"
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
        story.table((t("Stage"), t("Opens"), t("Closes")), [4.0, 5.8, 5.8],
                    ((stage.name, when(stage.starts_at), when(stage.ends_at)) for stage in cover.stages))
    story.add_paragraph()
    centered(story, chinese_date(cover.compiled_at), SMALL)


def centered_xml(text: str, style: str | None = None) -> str:
    return ml.paragraph(ml.run(text), style=style, align="center")


def field_char(kind: str) -> str:
    return ml.run(content=f'<w:fldChar w:fldCharType="{kind}"/>')


def write_contents(story, minutes: Minutes, outline) -> None:
    """The contents as a TOC field (levels 1–2) whose result is already the list of headings."""
    story.write(centered_xml(t("Contents"), "Title"))
    entries = [(1, t("Summary"))]
    for number, (title, speeches) in enumerate(outline, start=1):
        entries.append((1, f"{chinese_numeral(number)}、{title}"))
        entries += [(2, speech_title(title_, hidden)) for title_, hidden in speeches]
    entries += [(1, t("Appendix 1: Participants by role")), (1, t("Appendix 2: Aspects and department responses")),
                (1, t("Appendix 3: Hot words"))]
    code = ml.run(content='<w:instrText xml:space="preserve"> TOC \\o &quot;1-2&quot; \\h \\z \\u </w:instrText>')
    for index, (level, text) in enumerate(entries):
        field = field_char("begin") + code + field_char("separate") if index == 0 else ""
        story.out.write(ml.paragraph(field + ml.run(text), style=f"TOC{level}"))
    story.out.write(ml.paragraph(field_char("end"), style="TOC1"))


def speech_title(title: str, hidden: bool) -> str:
    return f"【{t('Hidden')}】{title}" if hidden else title


def write_summary(story, minutes: Minutes) -> None:
    story.write(ml.paragraph(ml.run(t("Summary")), style="Heading1"))
    story.table((t("Item"), t("Figure")), [9.0, 6.6],
                ((figure.label, figure.value) for figure in figures.summary_figures(minutes)))
    for chart in figures.charts(minutes):
        story.write(ml.paragraph(story.picture(chart_png(chart), width=Cm(15)), keep_next=True, align="center"))
        story.write(centered_xml(chart.title, SMALL_ID))


def write_signature(story, cover) -> None:
    """The 落款: the organizer and the date, right-aligned, four characters in from the margin."""
    story.write(ml.paragraph())
    for text in (cover.organizer, chinese_date(cover.compiled_at)):
        story.write(ml.paragraph(ml.run(text), keep_next=True, right=Pt(4 * BODY_PT), align="right"))


def write_appendices(story, minutes: Minutes) -> None:
    story.write(ml.paragraph(ml.run(t("Appendix 1: Participants by role")), style="Heading1"))
    groups = figures.participants_by_role(minutes)
    if not groups:
        story.write(ml.paragraph(ml.run(t("Nobody took part."))))
    headers = (t("Name"), t("Title"), t("Speeches"), t("Comments"), t("Replies"), t("Presses"))
    for group in groups:
        story.write(ml.paragraph(ml.run(f"{group.role_label}（{len(group.people)}）"), style="Heading2"))
        story.table(headers, [2.6, 5.6, 1.85, 1.85, 1.85, 1.85], numeric=(2, 3, 4, 5), rows=(
            (person.name, person.title, person.speeches, person.comments, person.replies, person.presses)
            for person in group.people))
    story.write(ml.paragraph(ml.run(t("Appendix 2: Aspects and department responses")), style="Heading1"))
    headers = (t("No."), t("Speech"), t("Aspect"), t("Department"), t("Disposition"), t("State"))
    story.table(headers, [1.3, 4.0, 3.0, 3.0, 2.15, 2.15], numeric=(0,), rows=(
        (row.number, f"{row.speech_title}（{row.speech_author}）", row.aspect,
         row.department if row.claim_role == "—" else f"{row.department}（{row.claim_role}）",
         row.disposition, row.state)
        for row in figures.aspect_rows(minutes)))
    story.write(ml.paragraph(ml.run(t("Appendix 3: Hot words")), style="Heading1"))
    words = minutes.top_hot_words()
    if words:
        story.write(ml.paragraph(ml.run(t("The words this meeting used most, the ones most particular to it first; "
                                          "the common words of official writing are left out.")), style=SMALL_ID))
        story.write(ml.paragraph(ml.run("　".join(word for word, _weight in words))))
    else:
        story.write(ml.paragraph(ml.run(t("No text yet."))))
