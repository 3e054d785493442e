"""The minutes as a Word document, laid out like an official document (公文, GB/T 9704).

A red-header cover (organizer in red, document number, red rule, title, date in Chinese), the contents
written out (so they read right in LibreOffice, which does not update fields) inside a TOC field that
Word and WPS refresh with page numbers, the summary, the sub-topics (Heading 1) with their speeches
(Heading 2) and aspects (Heading 3), the 落款, then the appendices. Page, styles and furniture are in
`docx_layout`.
"""

import io
import re
from pathlib import Path

import lxml.html
from docx import Document
from docx.blkcntnr import BlockItemContainer
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt, RGBColor

from ..document import Minutes
from ..i18n import t, tn
from ..records import CommentEntry, SpeechEntry
from . import docx_frame as frame
from . import docx_layout as layout
from .common import chinese_numeral, when
from .docx_layout import BODY_PT, SMALL_PT, keep_with_next

RED, GREEN = RGBColor(0xA4, 0x0E, 0x26), RGBColor(0x1A, 0x7F, 0x37)
SMALL = "Minutes Small"  # comments, replies, follow-ups: 四号 under the speeches' 三号
CJK = r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]"


def collapse(text: str) -> str:
    """HTML whitespace: a source line break is no line break (between Chinese characters, nothing)."""
    text = re.sub(rf"(?<={CJK})[ \t]*\n\s*(?={CJK})", "", text)
    text = re.sub(rf"^[ \t]*\n\s*(?={CJK})", "", text)
    return re.sub(r"[ \t]*\n\s*", " ", text)


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

    def grid(self, headers, widths_cm: list[float], numeric: tuple[int, ...] = ()):
        """A bordered table with fixed column widths and a shaded header row repeated on every page;
        `row(values)` adds a row that does not split across pages."""
        table = self.add_table(1, len(headers), "Table Grid")
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        layout.fix_widths(table, widths_cm)
        header = table.rows[0]
        layout.row_flag(header, "w:tblHeader")
        layout.row_flag(header, "w:cantSplit")
        for cell, text in zip(header.cells, headers, strict=True):
            layout.shade(cell)
            self.cell_text(cell, text, bold=True, center=True)

        def row(values):
            added = table.add_row()
            layout.row_flag(added, "w:cantSplit")
            for index, (cell, value) in enumerate(zip(added.cells, values, strict=True)):
                self.cell_text(cell, str(value), right=index in numeric)
            return added

        table.row = row
        return table

    def cell_text(self, cell, text: str, bold=False, center=False, right=False) -> None:
        paragraph = cell.paragraphs[0]
        paragraph._p.style = self.style_id("Minutes Table")
        paragraph.add_run(text).bold = bold or None
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def flush(self, before=None) -> None:
        anchor = self.sect_pr if before is None else before
        for element in list(self.scratch._element):
            anchor.addprevious(element)


INLINE_FORMAT = {"strong": "bold", "b": "bold", "th": "bold", "em": "italic", "i": "italic", "del": "strike",
                 "s": "strike", "code": "code"}


def add_text(paragraph, text: str | None, fmt: dict) -> None:
    if text and not fmt.get("code"):
        text = collapse(text)
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
        add_text(paragraph, (child.tail or "").lstrip(), fmt)  # the source's newline after <br> is no second break
        return
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


def html_blocks(story, html: str, indent_cm: float = 0, first_line: bool = True, style: str | None = None) -> None:
    """Sanitized speech HTML → Word paragraphs; lists keep their bullets, quotes their indent."""
    if not html.strip():
        return
    root = lxml.html.fragment_fromstring(html, create_parent="div")

    def finish(paragraph, depth, first=False):
        if indent_cm or depth:
            paragraph.paragraph_format.left_indent = Cm(indent_cm + 0.75 * depth)
        if first:
            paragraph.paragraph_format.first_line_indent = Pt(2 * (SMALL_PT + 2 if style else BODY_PT))

    def walk_list(element, depth):
        ordered = element.tag == "ol"
        start = int(element.get("start") or 1) if ordered and (element.get("start") or "").isdigit() else 1
        for number, item in enumerate(element.findall("li"), start=start):
            paragraph = story.add_paragraph("", style if ordered else "List Bullet")
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
                    paragraph = story.add_paragraph("", style)
                    for i, cell in enumerate(row):
                        if i:
                            paragraph.add_run(" | ")
                        inline(paragraph, cell, {"bold": cell.tag == "th"})
                    finish(paragraph, depth)
            elif tag == "hr":
                story.add_paragraph("* * *").alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif tag:
                paragraph = story.add_paragraph("", style)
                heading = tag in ("h1", "h2", "h3", "h4", "h5", "h6")
                inline(paragraph, child, {"bold": heading, "code": tag == "pre"})
                finish(paragraph, depth, first=first_line and tag == "p" and style in (None, base_style))
            if child.tail and child.tail.strip():
                finish(story.add_paragraph(child.tail.strip(), style), depth)

    base_style = style
    if root.text and root.text.strip():
        finish(story.add_paragraph(collapse(root.text.strip()), style), 0)
    walk(root, style)


def meta(story, *parts, indent_cm: float = 0):
    """The grey line above a speech, comment or reply (who, when): kept on the page of what it heads."""
    paragraph = story.add_paragraph("", "Minutes Meta")
    if indent_cm:
        paragraph.paragraph_format.left_indent = Cm(indent_cm)
    for part in parts:
        if isinstance(part, tuple):
            mark(paragraph, *part)
        else:
            paragraph.add_run(part)
    return paragraph


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
    if comment.likes:
        line += " · " + tn("%(likes)s like", "%(likes)s likes", comment.likes) % {"likes": comment.likes}
    if comment.answers_left_out:
        line += f" · {t('replying to a comment not shown')}"
    parts.append(line)
    meta(story, *parts, indent_cm=indent)
    html_blocks(story, comment.html, indent_cm=indent, first_line=False, style=SMALL)
    files_block(story, comment.files, indent)


def labelled(story, text: str, indent_cm: float = 0):
    paragraph = story.add_paragraph("", SMALL)
    if indent_cm:
        paragraph.paragraph_format.left_indent = Cm(indent_cm)
    paragraph.add_run(text).bold = True
    keep_with_next(paragraph)
    return paragraph


def speech_block(story, speech: SpeechEntry, internal: bool) -> None:
    heading = story.add_heading(level=2)
    if speech.hidden:
        mark(heading, t("Hidden") + (f"：{speech.hidden_reason}" if speech.hidden_reason else ""))
    heading.add_run(speech.title)
    line = f"{speech.author.name}（{speech.author.role_label}） · {when(speech.at)}"
    if speech.edited_at:
        line += f" · {t('edited')} {when(speech.edited_at)}"
    line += " · " + tn("%(likes)s like", "%(likes)s likes", speech.likes) % {"likes": speech.likes}
    meta(story, line)
    html_blocks(story, speech.html)
    files_block(story, speech.files)
    if speech.comments:
        labelled(story, t("Comments"))
        for comment in speech.comments:
            comment_block(story, comment)
    for aspect in speech.aspects:
        title = (t("Department responses") if aspect.is_whole
                 else t("Aspect %(number)s: %(title)s") % {"number": aspect.number, "title": aspect.title})
        story.add_heading(title, 3)
        if aspect.excerpt:
            keep_with_next(story.add_paragraph(aspect.excerpt, "Quote"))
        if not aspect.claims:
            meta(story, t("No department has claimed this aspect.")).paragraph_format.keep_with_next = False
        for claim in aspect.claims:
            paragraph = labelled(story, claim.department)
            line = f"（{claim.role_label}） · {claim.state_label} · {t('claimed')} {when(claim.claimed_at)}"
            if claim.assigned:
                line += f"（{t('assigned by staff')}）"
            paragraph.add_run(f"{line} · {t('reply due')} {when(claim.due_on)}")
            claim_block(story, claim, internal)


def claim_block(story, claim, internal: bool) -> None:
    for reply in claim.replies:
        label = t("Official reply")
        if reply.round > 1:
            label += " · " + t("round %(round)s") % {"round": reply.round}
        parts = [(label, GREEN), f"{reply.department} · {reply.disposition_label} · {when(reply.at)}"]
        if internal:
            parts.append(f" · {t('official on record')} {reply.official.name}")
        meta(story, *parts, indent_cm=0.75)
        html_blocks(story, reply.html, indent_cm=0.75, style=SMALL)
        files_block(story, reply.files, 0.75)
        if reply.rating:
            paragraph = story.add_paragraph("", SMALL)
            paragraph.paragraph_format.left_indent = Cm(0.75)
            paragraph.add_run(f"{t('Rating by the speaker')}：")
            paragraph.add_run(reply.rating.score_label).bold = True
            if reply.rating.comment:
                paragraph.add_run(f"——{reply.rating.comment}")
            paragraph.add_run(f"（{when(reply.rating.at)}）")
    for follow_up in claim.follow_ups:
        meta(story, (t("Completed") if follow_up.completes else t("Progress"), GREEN),
             f"{claim.department} · {when(follow_up.at)}", indent_cm=0.75)
        html_blocks(story, follow_up.html, indent_cm=0.75, style=SMALL)
        files_block(story, follow_up.files, 0.75)
    for press in claim.presses:
        line = f"{press.leader.name} · {when(press.at)}"
        if press.on_reply_round:
            line += " · " + t("on the round %(round)s reply") % {"round": press.on_reply_round}
        line += f" · {t('answered')} {when(press.answered_at)}" if press.answered_at else f" · {t('open')}"
        meta(story, (t("Pressed by a leader"),), line, indent_cm=0.75)
        paragraph = story.add_paragraph(press.note, SMALL)
        paragraph.paragraph_format.left_indent = Cm(0.75)


def write_docx(minutes: Minutes, path: Path) -> None:
    document = Document()
    layout.styles(document)
    cover_break = layout.page_furniture(document, minutes.internal, t("Internal material, keep safe"))
    cover = minutes.cover()
    layout.properties(document, title=cover.title, author=cover.organizer,
                      subject=t("Minutes of the online consultation"), keywords=cover.theme, when=cover.compiled_at)
    story = Story(document)
    frame.write_cover(story, minutes, cover)
    story.flush(before=cover_break)
    frame.write_contents(story, minutes, minutes.outline())
    frame.write_summary(story, minutes)
    story.flush()
    for subtopic in minutes.subtopics():
        story.add_heading(f"{chinese_numeral(subtopic.number)}、{subtopic.title}", 1)
        if subtopic.brief:
            story.add_paragraph(subtopic.brief, SMALL)
        count = 0
        for speech in subtopic.speeches:
            count += 1
            speech_block(story, speech, minutes.internal)
            story.flush()
        if not count:
            story.add_paragraph(t("No speeches under this sub-topic."))
    frame.write_signature(story, cover)
    frame.write_appendices(story, minutes)
    story.flush()
    document.save(str(path))
