"""The minutes as a Word document, laid out like an official document (公文).

Sub-topics and appendices are Heading 1, speeches Heading 2, aspects Heading 3, so Word builds the
table of contents from the TOC field on the contents page. Body text is 宋体, headings 黑体
(w:eastAsia on each style), on A4 with the margins of GB/T 9704.
"""

import io
from pathlib import Path

import lxml.html
from docx import Document
from docx.blkcntnr import BlockItemContainer
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from .. import figures
from ..document import Minutes
from ..i18n import t
from ..records import CommentEntry, SpeechEntry
from .common import chinese_numeral, when

BODY_FONT, HEADING_FONT, LATIN_FONT = "宋体", "黑体", "Times New Roman"
RED, GREEN, GREY = RGBColor(0xA4, 0x0E, 0x26), RGBColor(0x1A, 0x7F, 0x37), RGBColor(0x55, 0x55, 0x55)


def set_fonts(style, east_asia: str, size: float | None = None, bold: bool | None = None) -> None:
    """Latin and East Asian faces on a style; theme fonts removed so Word does not override them."""
    style.font.name = LATIN_FONT
    if size:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)


def prepare(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    styles = document.styles
    set_fonts(styles["Normal"], BODY_FONT, 12)
    styles["Normal"].paragraph_format.space_after = Pt(3)
    styles["Normal"].paragraph_format.line_spacing = 1.3
    set_fonts(styles["Title"], HEADING_FONT, 22, bold=False)
    for level, size in ((1, 16), (2, 14), (3, 12)):
        set_fonts(styles[f"Heading {level}"], HEADING_FONT, size, bold=level > 1)
        styles[f"Heading {level}"].paragraph_format.space_before = Pt(12 if level == 1 else 8)
    for name in ("List Bullet", "List Number", "Quote", "Table Grid"):
        set_fonts(styles[name], BODY_FONT)
    # Ask Word to refresh the table of contents field when the file is opened.
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field(footer.add_run(), "PAGE")


def field(run, instruction: str, placeholder: str = "") -> None:
    """A complex field (PAGE, TOC …) that Word computes."""
    begin, code, separate, end = (OxmlElement("w:fldChar"), OxmlElement("w:instrText"),
                                  OxmlElement("w:fldChar"), OxmlElement("w:fldChar"))
    begin.set(qn("w:fldCharType"), "begin")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    separate.set(qn("w:fldCharType"), "separate")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(code)
    run._r.append(separate)
    if placeholder:
        text = OxmlElement("w:t")
        text.text = placeholder
        run._r.append(text)
    run._r.append(end)


def mark(paragraph, text: str, color=RED) -> None:
    run = paragraph.add_run(f"【{text}】")
    run.bold = True
    run.font.color.rgb = color


class Story:
    """Where the writer adds paragraphs and tables: a small scratch body, moved into the document
    before its final section properties once per speech. python-docx looks for the section
    properties on every insert, which scans the whole body, so writing straight into a long
    document slows down with its length; the scratch keeps every insert cheap."""

    def __init__(self, document):
        self.document = document
        self.sect_pr = document.element.body.get_or_add_sectPr()
        self.scratch = BlockItemContainer(parse_xml(f"<w:body {nsdecls('w')}/>"), document._body)
        self.width = document._block_width
        self.style_ids: dict[str, str] = {}

    def style_id(self, name: str) -> str:
        if name not in self.style_ids:  # looking a style up by name reads every style: do it once
            self.style_ids[name] = self.document.styles[name].style_id
        return self.style_ids[name]

    def add_paragraph(self, text: str = "", style: str | None = None):
        paragraph = self.scratch.add_paragraph(text)
        if style:
            paragraph._p.style = self.style_id(style)
        return paragraph

    def add_heading(self, text: str = "", level: int = 1):
        return self.add_paragraph(text, f"Heading {level}" if level else "Title")

    def add_table(self, rows: int, cols: int, style: str | None = None):
        table = self.scratch.add_table(rows, cols, self.width)
        if style:
            table._tbl.tblPr.style = self.style_id(style)
        return table

    def flush(self) -> None:
        for element in list(self.scratch._element):
            self.sect_pr.addprevious(element)


INLINE_FORMAT = {"strong": "bold", "b": "bold", "th": "bold", "em": "italic", "i": "italic", "del": "strike",
                 "s": "strike", "code": "code"}


def add_text(paragraph, text: str | None, fmt: dict) -> None:
    if text:
        run = paragraph.add_run(text)
        run.bold = fmt.get("bold") or None
        run.italic = fmt.get("italic") or None
        run.font.strike = fmt.get("strike") or None
        if fmt.get("code"):
            run.font.name = "Consolas"


def inline_child(paragraph, child, fmt: dict) -> None:
    """One inline element (strong, em, del, code, a, br, img) and its tail, as runs."""
    tag = child.tag if isinstance(child.tag, str) else ""
    if tag == "br":
        paragraph.add_run().add_break()
    elif tag == "img":
        add_text(paragraph, f"[{t('image')}: {child.get('alt') or child.get('src', '')}]", fmt)
    elif tag:
        inline(paragraph, child, {**fmt, INLINE_FORMAT[tag]: True} if tag in INLINE_FORMAT else fmt)
        href = child.get("href") if tag == "a" else None
        if href and child.text_content().strip() != href:
            add_text(paragraph, f"（{href}）", fmt)
    add_text(paragraph, child.tail, fmt)


def inline(paragraph, element, fmt: dict | None = None) -> None:
    fmt = fmt or {}
    add_text(paragraph, element.text, fmt)
    for child in element:
        inline_child(paragraph, child, fmt)


def html_blocks(story, html: str, indent_cm: float = 0, first_line: bool = True) -> None:
    """Sanitized speech HTML → Word paragraphs; lists keep their bullets, quotes their indent."""
    if not html.strip():
        return
    root = lxml.html.fragment_fromstring(html, create_parent="div")

    def finish(paragraph, depth, first=False):
        if indent_cm or depth:
            paragraph.paragraph_format.left_indent = Cm(indent_cm + 0.75 * depth)
        if first:
            paragraph.paragraph_format.first_line_indent = Pt(24)

    def walk_list(element, depth):
        ordered = element.tag == "ol"
        start = int(element.get("start") or 1) if ordered and (element.get("start") or "").isdigit() else 1
        for number, item in enumerate(element.findall("li"), start=start):
            paragraph = story.add_paragraph("", None if ordered else "List Bullet")
            if ordered:
                paragraph.add_run(f"{number}. ")
            add_text(paragraph, item.text, {})
            nested = []
            for child in item:
                if isinstance(child.tag, str) and child.tag in ("ul", "ol"):
                    nested.append(child)
                    add_text(paragraph, child.tail, {})
                else:
                    inline_child(paragraph, child, {})
            finish(paragraph, depth)
            for child in nested:
                walk_list(child, depth + 1)

    def walk(element, style=None, depth=0):
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in ("ul", "ol"):
                walk_list(child, depth)
            elif tag == "blockquote":
                walk(child, "Quote", depth)
            elif tag == "table":
                for row in child.iter("tr"):
                    paragraph = story.add_paragraph(style)
                    for i, cell in enumerate(row):
                        if i:
                            paragraph.add_run(" | ")
                        inline(paragraph, cell, {"bold": cell.tag == "th"})
                    finish(paragraph, depth)
            elif tag == "hr":
                story.add_paragraph("* * *").alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif tag:
                paragraph = story.add_paragraph(style)
                heading = tag in ("h1", "h2", "h3", "h4", "h5", "h6")
                inline(paragraph, child, {"bold": heading, "code": tag == "pre"})
                finish(paragraph, depth, first=first_line and tag == "p" and style is None)
            if child.tail and child.tail.strip():
                finish(story.add_paragraph(child.tail.strip(), style), depth)

    if root.text and root.text.strip():
        finish(story.add_paragraph(root.text.strip()), 0)
    walk(root)


def meta(story, *parts, indent_cm: float = 0):
    paragraph = story.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(1)
    if indent_cm:
        paragraph.paragraph_format.left_indent = Cm(indent_cm)
    for part in parts:
        if isinstance(part, tuple):
            mark(paragraph, *part)
        else:
            run = paragraph.add_run(part)
            run.font.size = Pt(10.5)
            run.font.color.rgb = GREY
    return paragraph


def write_cover(story, minutes: Minutes) -> None:
    cover = minutes.cover()
    for _i in range(4):
        story.add_paragraph()
    organizer = story.add_paragraph(cover.organizer)
    organizer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = story.add_heading(cover.title, 0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle = story.add_paragraph(t("Minutes of the online consultation"))
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    edition = story.add_paragraph()
    edition.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = edition.add_run(cover.edition_label)
    run.bold = True
    if minutes.internal:
        run.font.color.rgb = RED
    story.add_paragraph()
    facts = [(t("Theme"), cover.theme), (t("Organizer"), cover.organizer)]
    if cover.first_day:
        facts.append((t("Dates"), f"{when(cover.first_day.date())} — {when(cover.last_day.date())}"))
    facts += [(t("Status"), cover.status_label), (t("Compiled"), when(cover.compiled_at))]
    for label, value in facts:
        paragraph = story.add_paragraph()
        paragraph.add_run(f"{label}：").bold = True
        paragraph.add_run(value)
    if cover.stages:
        table = story.add_table(1, 3, "Table Grid")
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, (t("Stage"), t("Opens"), t("Closes")), strict=True):
            cell.text = text
        for stage in cover.stages:
            cells = table.add_row().cells
            cells[0].text, cells[1].text, cells[2].text = stage.name, when(stage.starts_at), when(stage.ends_at)
    story.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    heading = story.add_heading(t("Contents"), 0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field(story.add_paragraph().add_run(), 'TOC \\o "1-3" \\h \\z \\u',
          t("Right-click and choose Update Field to build the table of contents."))
    story.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def write_summary(story, minutes: Minutes) -> None:
    story.add_heading(t("Summary"), 1)
    table = story.add_table(0, 2, "Table Grid")
    for figure in figures.summary_figures(minutes):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = figure.label, figure.value


def files_block(story, files: list, indent_cm: float = 0) -> None:
    """Attachments (minutes.attachments.FileEntry): pictures as 3 cm thumbnails in one paragraph, then
    one line per document or voice recording with its size or duration."""
    if not files:
        return
    thumbnails = [content for content in (f.thumbnail() for f in files if f.is_picture) if content]
    if thumbnails:
        paragraph = story.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(indent_cm)
        for content in thumbnails:
            paragraph.add_run().add_picture(io.BytesIO(content), height=Cm(3))
            paragraph.add_run(" ")
    for entry in files:
        if not entry.is_picture:
            paragraph = story.add_paragraph(entry.label)
            paragraph.paragraph_format.left_indent = Cm(indent_cm)


def comment_block(story, comment: CommentEntry) -> None:
    indent = 0.75 * (comment.depth + 1)
    parts = []
    if comment.is_leader:
        parts.append((t("Leader's comment"), RED))
    if comment.hidden:
        parts.append((t("Hidden") + (f"：{comment.hidden_reason}" if comment.hidden_reason else ""),))
    if comment.awaiting_approval:
        parts.append((t("Awaiting approval"),))
    line = f"{comment.author.name}（{comment.author.role_label}） · {when(comment.at)}"
    if comment.answers_left_out:
        line += f" · {t('replying to a comment not shown')}"
    parts.append(line)
    meta(story, *parts, indent_cm=indent)
    html_blocks(story, comment.html, indent_cm=indent, first_line=False)
    files_block(story, comment.files, indent)


def speech_block(story, speech: SpeechEntry, internal: bool) -> None:
    heading = story.add_heading(level=2)
    if speech.hidden:
        mark(heading, t("Hidden") + (f"：{speech.hidden_reason}" if speech.hidden_reason else ""))
    heading.add_run(speech.title)
    line = f"{speech.author.name}（{speech.author.role_label}） · {when(speech.at)}"
    if speech.edited_at:
        line += f" · {t('edited')} {when(speech.edited_at)}"
    meta(story, line)
    html_blocks(story, speech.html)
    files_block(story, speech.files)
    if speech.comments:
        label = story.add_paragraph()
        label.add_run(t("Comments")).bold = True
        for comment in speech.comments:
            comment_block(story, comment)
    for aspect in speech.aspects:
        title = (t("Department responses") if aspect.is_whole
                 else t("Aspect %(number)s: %(title)s") % {"number": aspect.number, "title": aspect.title})
        story.add_heading(title, 3)
        if aspect.excerpt:
            story.add_paragraph(aspect.excerpt, "Quote")
        if not aspect.claims:
            meta(story, t("No department has claimed this aspect."))
        for claim in aspect.claims:
            paragraph = story.add_paragraph()
            paragraph.add_run(claim.department).bold = True
            line = f"（{claim.role_label}） · {claim.state_label} · {t('claimed')} {when(claim.claimed_at)}"
            if claim.assigned:
                line += f"（{t('assigned by staff')}）"
            paragraph.add_run(f"{line} · {t('reply due')} {when(claim.due_on)}")
            for reply in claim.replies:
                label = t("Official reply")
                if reply.round > 1:
                    label += " · " + t("round %(round)s") % {"round": reply.round}
                parts = [(label, GREEN), f"{reply.department} · {reply.disposition_label} · {when(reply.at)}"]
                if internal:
                    parts.append(f" · {t('official on record')} {reply.official.name}")
                meta(story, *parts, indent_cm=0.75)
                html_blocks(story, reply.html, indent_cm=0.75)
                files_block(story, reply.files, 0.75)
                if reply.rating:
                    paragraph = story.add_paragraph()
                    paragraph.paragraph_format.left_indent = Cm(0.75)
                    paragraph.add_run(f"{t('Rating by the speaker')}：")
                    paragraph.add_run(reply.rating.score_label).bold = True
                    if reply.rating.comment:
                        paragraph.add_run(f"——{reply.rating.comment}")
                    paragraph.add_run(f"（{when(reply.rating.at)}）")
            for follow_up in claim.follow_ups:
                meta(story, (t("Completed") if follow_up.completes else t("Progress"), GREEN),
                     f"{claim.department} · {when(follow_up.at)}", indent_cm=0.75)
                html_blocks(story, follow_up.html, indent_cm=0.75)
                files_block(story, follow_up.files, 0.75)
            for press in claim.presses:
                line = f"{press.leader.name} · {when(press.at)}"
                if press.on_reply_round:
                    line += " · " + t("on the round %(round)s reply") % {"round": press.on_reply_round}
                line += f" · {t('answered')} {when(press.answered_at)}" if press.answered_at else f" · {t('open')}"
                meta(story, (t("Pressed by a leader"),), line, indent_cm=0.75)
                paragraph = story.add_paragraph(press.note)
                paragraph.paragraph_format.left_indent = Cm(0.75)


def write_appendices(story, minutes: Minutes) -> None:
    story.add_heading(t("Appendix 1: Participants by role"), 1)
    groups = figures.participants_by_role(minutes)
    if not groups:
        story.add_paragraph(t("Nobody took part."))
    headers = (t("Name"), t("Title"), t("Speeches"), t("Comments"), t("Replies"), t("Presses"))
    for group in groups:
        story.add_heading(f"{group.role_label}（{len(group.people)}）", 2)
        table = story.add_table(1, len(headers), "Table Grid")
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = text
        for person in group.people:
            values = (person.name, person.title, person.speeches, person.comments, person.replies, person.presses)
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = str(value)
    story.add_heading(t("Appendix 2: Aspects and department responses"), 1)
    headers = (t("No."), t("Speech"), t("Aspect"), t("Department"), t("Disposition"), t("State"))
    table = story.add_table(1, len(headers), "Table Grid")
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for row in figures.aspect_rows(minutes):
        department = row.department if row.claim_role == "—" else f"{row.department}（{row.claim_role}）"
        values = (row.number, f"{row.speech_title}（{row.speech_author}）", row.aspect, department,
                  row.disposition, row.state)
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = str(value)
    story.add_heading(t("Appendix 3: Hot words"), 1)
    words = minutes.top_hot_words()
    if words:
        story.add_paragraph(t("Keywords of every speech, comment and reply, weighted by jieba's TF-IDF."))
        story.add_paragraph("　".join(word for word, _weight in words))
    else:
        story.add_paragraph(t("No text yet."))


def write_docx(minutes: Minutes, path: Path) -> None:
    document = Document()
    prepare(document)
    story = Story(document)
    write_cover(story, minutes)
    write_summary(story, minutes)
    story.flush()
    for subtopic in minutes.subtopics():
        story.add_heading(f"{chinese_numeral(subtopic.number)}、{subtopic.title}", 1)
        if subtopic.brief:
            story.add_paragraph(subtopic.brief)
        count = 0
        for speech in subtopic.speeches:
            count += 1
            speech_block(story, speech, minutes.internal)
            story.flush()
        if not count:
            story.add_paragraph(t("No speeches under this sub-topic."))
    story.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    write_appendices(story, minutes)
    story.flush()
    document.save(str(path))
