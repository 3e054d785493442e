"""The minutes as a Word document, laid out like an official document (公文, GB/T 9704).

A red-header cover (organizer in red, document number, red rule, title, date in Chinese), the contents
written out (so they read right in LibreOffice, which does not update fields) inside a TOC field that
Word and WPS refresh with page numbers, the summary, the sub-topics (Heading 1) with their speeches
(Heading 2) and aspects (Heading 3), the 落款, then the appendices. Page, styles and furniture are in
`docx_layout`.

The body is streamed: each block is written as WordprocessingML text (`wordml`) to a temporary file as
the speeches are read, and spliced into the document part when the file is saved, so the writer holds
one speech at a time, never the document.
"""

import io
import itertools
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

import lxml.html
from docx import Document
from docx.blkcntnr import BlockItemContainer
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Length, Pt
from lxml import etree

from ..document import Minutes
from ..i18n import t, tn
from ..records import ClaimEntry, CommentEntry, SpeechEntry
from . import docx_frame as frame
from . import docx_layout as layout
from . import wordml as ml
from .common import chinese_numeral, when
from .docx_layout import BODY_PT, SMALL_PT

RED, GREEN = "A40E26", "1A7F37"
SMALL, META, QUOTE, BULLET = "MinutesSmall", "MinutesMeta", "Quote", "ListBullet"  # style ids (docx_layout)
CJK = r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]"


def collapse(text: str) -> str:
    """HTML whitespace: a source line break is no line break (between Chinese characters, nothing)."""
    text = re.sub(rf"(?<={CJK})[ \t]*\n\s*(?={CJK})", "", text)
    text = re.sub(rf"^[ \t]*\n\s*(?={CJK})", "", text)
    return re.sub(r"[ \t]*\n\s*", " ", text)


def mark(text: str, color: str = RED) -> str:
    return ml.run(f"【{text}】", bold=True, color=color)


def heading(text: str, level: int, runs: str = "") -> str:
    return ml.paragraph(runs + ml.run(text), style=f"Heading{level}")


class Story:
    """Where the writer puts the document's body, in reading order: WordprocessingML text streamed to a
    temporary file (`write`), spliced into the document part by `save`. The cover's few paragraphs
    (a bordered rule, fonts set per run) are built with python-docx in a scratch body and serialized
    in turn (`add_paragraph`, then `flush`)."""

    def __init__(self, document, out):
        self.document = document
        self.out = out
        self.scratch = BlockItemContainer(parse_xml(f"<w:body {nsdecls('w')}/>"), document._body)
        self.style_ids: dict[str, str] = {}
        self.drawing_ids = itertools.count(1)  # each picture's id, unique in the document as Word wants

    def style_id(self, name: str) -> str:
        if name not in self.style_ids:  # looking a style up by name reads every style: do it once
            self.style_ids[name] = self.document.styles[name].style_id
        return self.style_ids[name]

    def add_paragraph(self, text: str = "", style: str | None = None):
        paragraph = self.scratch.add_paragraph(text)
        if style:
            paragraph._p.style = self.style_id(style)
        return paragraph

    def flush(self) -> None:
        for element in list(self.scratch._element):
            self.out.write(etree.tostring(element, encoding="unicode"))
            self.scratch._element.remove(element)

    def write(self, xml: str) -> None:
        self.flush()
        self.out.write(xml)

    def table(self, headers, widths_cm: list[float], rows, numeric: tuple[int, ...] = ()) -> None:
        grid = ml.Grid(headers, [Cm(width) for width in widths_cm], numeric, style="TableGrid",
                       cell_style="MinutesTable")
        self.write(grid.start)
        for values in rows:
            self.out.write(grid.row(values))
        self.out.write(grid.end)

    def picture(self, content: bytes, width: Length | None = None, height: Length | None = None) -> str:
        """A run holding the picture, its image part added to the package."""
        inline = self.document.part.new_pic_inline(io.BytesIO(content), width, height)
        inline.docPr.id = next(self.drawing_ids)
        return ml.run(content=f"<w:drawing>{etree.tostring(inline, encoding='unicode')}</w:drawing>")

    def save(self, path: Path) -> None:
        """The package python-docx writes, with the streamed body put inside its (otherwise empty) body."""
        self.flush()
        self.out.flush()
        package = io.BytesIO()
        self.document.save(package)
        with zipfile.ZipFile(package) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                if item.filename != "word/document.xml":
                    target.writestr(item, source.read(item.filename))
                    continue
                xml = source.read(item.filename)
                at = xml.index(b"<w:body>") + len(b"<w:body>")
                with target.open(item.filename, "w", force_zip64=True) as part:
                    part.write(xml[:at])
                    self.out.buffer.seek(0)
                    shutil.copyfileobj(self.out.buffer, part, 1 << 20)
                    part.write(xml[at:])


INLINE_FORMAT = {"strong": "bold", "b": "bold", "th": "bold", "em": "italic", "i": "italic", "del": "strike",
                 "s": "strike", "code": "code"}


def add_text(text: str | None, fmt: dict) -> str:
    if text and not fmt.get("code"):
        text = collapse(text)
    if not text:
        return ""
    return ml.run(text, bold=fmt.get("bold"), italic=fmt.get("italic"), strike=fmt.get("strike"),
                  font="Consolas" if fmt.get("code") else None)


def inline_child(child, fmt: dict) -> str:
    """One inline element (strong, em, del, code, a, br, img) and its tail, as runs."""
    tag = child.tag if isinstance(child.tag, str) else ""
    if tag == "br":  # the source's newline after <br> is no second break
        return ml.run(content="<w:br/>") + add_text((child.tail or "").lstrip(), fmt)
    runs = ""
    if tag == "img":
        runs = add_text(f"[{t('image')}: {child.get('alt') or child.get('src', '')}]", fmt)
    elif tag:
        runs = inline(child, {**fmt, INLINE_FORMAT[tag]: True} if tag in INLINE_FORMAT else fmt)
        href = child.get("href") if tag == "a" else None
        if href and child.text_content().strip() != href:
            runs += add_text(f"（{href}）", fmt)
    return runs + add_text(child.tail, fmt)


def inline(element, fmt: dict | None = None) -> str:
    fmt = fmt or {}
    return add_text(element.text, fmt) + "".join(inline_child(child, fmt) for child in element)


def html_blocks(html: str, indent_cm: float = 0, first_line: bool = True, style: str | None = None) -> str:
    """Sanitized speech HTML → Word paragraphs; lists keep their bullets, quotes their indent."""
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    blocks = []
    first_indent = Pt(2 * (SMALL_PT + 2 if style else BODY_PT))

    def add(runs: str, paragraph_style, depth: int, first=False) -> None:
        left = Cm(indent_cm + 0.75 * depth) if indent_cm or depth else 0
        blocks.append(ml.paragraph(runs, style=paragraph_style, left=left, first_line=first_indent if first else 0))

    def walk_list(element, depth):
        ordered = element.tag == "ol"
        start = int(element.get("start") or 1) if ordered and (element.get("start") or "").isdigit() else 1
        for number, item in enumerate(element.findall("li"), start=start):
            runs = (ml.run(f"{number}. ") if ordered else "") + add_text(item.text, {})
            nested = []
            for child in item:
                if isinstance(child.tag, str) and child.tag in ("ul", "ol"):
                    nested.append(child)
                    runs += add_text(child.tail, {})
                else:
                    runs += inline_child(child, {})
            add(runs, style if ordered else BULLET, depth)
            for child in nested:
                walk_list(child, depth + 1)

    def walk(element, block_style=None, depth=0):
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in ("ul", "ol"):
                walk_list(child, depth)
            elif tag == "blockquote":
                walk(child, QUOTE, depth)
            elif tag == "table":
                for row in child.iter("tr"):
                    runs = ml.run(" | ").join(inline(cell, {"bold": cell.tag == "th"}) for cell in row)
                    add(runs, block_style, depth)
            elif tag == "hr":
                blocks.append(ml.paragraph(ml.run("* * *"), align="center"))
            elif tag:
                runs = inline(child, {"bold": tag in ("h1", "h2", "h3", "h4", "h5", "h6"), "code": tag == "pre"})
                add(runs, block_style, depth, first=first_line and tag == "p" and block_style in (None, style))
            if child.tail and child.tail.strip():
                add(ml.run(child.tail.strip()), block_style, depth)

    if root.text and root.text.strip():
        add(ml.run(collapse(root.text.strip())), style, 0)
    walk(root, style)
    return "".join(blocks)


def meta(*parts, indent_cm: float = 0, keep_next: bool | None = None) -> str:
    """The grey line above a speech, comment or reply (who, when): kept on the page of what it heads
    (by its style)."""
    runs = "".join(mark(*part) if isinstance(part, tuple) else ml.run(part) for part in parts)
    return ml.paragraph(runs, style=META, left=Cm(indent_cm) if indent_cm else 0, keep_next=keep_next)


def files_block(story: Story, files: list, indent_cm: float = 0) -> str:
    """Attachments (minutes.attachments.FileEntry): pictures as 3 cm thumbnails in one paragraph, then
    one line per document or voice recording with its size or duration."""
    if not files:
        return ""
    left = Cm(indent_cm) if indent_cm else 0
    thumbnails = [content for content in (f.thumbnail() for f in files if f.is_picture) if content]
    blocks = []
    if thumbnails:
        blocks.append(ml.paragraph("".join(story.picture(content, height=Cm(3)) + ml.run(" ")
                                           for content in thumbnails), left=left))
    blocks += [ml.paragraph(ml.run(entry.label), left=left) for entry in files if not entry.is_picture]
    return "".join(blocks)


def comment_block(story: Story, comment: CommentEntry) -> str:
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
    return (meta(*parts, indent_cm=indent) + html_blocks(comment.html, indent_cm=indent, first_line=False, style=SMALL)
            + files_block(story, comment.files, indent))


def labelled(text: str, more: str = "") -> str:
    """A bold label (Comments, a department) kept with what follows; `more` is a plain run after it."""
    return ml.paragraph(ml.run(text, bold=True) + (ml.run(more) if more else ""), style=SMALL, keep_next=True)


def speech_block(story: Story, speech: SpeechEntry, internal: bool) -> str:
    hidden = mark(t("Hidden") + (f"：{speech.hidden_reason}" if speech.hidden_reason else "")) if speech.hidden else ""
    line = f"{speech.author.name}（{speech.author.role_label}） · {when(speech.at)}"
    if speech.edited_at:
        line += f" · {t('edited')} {when(speech.edited_at)}"
    line += " · " + tn("%(likes)s like", "%(likes)s likes", speech.likes) % {"likes": speech.likes}
    blocks = [heading(speech.title, 2, hidden), meta(line), html_blocks(speech.html),
              files_block(story, speech.files)]
    if speech.comments:
        blocks.append(labelled(t("Comments")))
        blocks += [comment_block(story, comment) for comment in speech.comments]
    for aspect in speech.aspects:
        title = (t("Department responses") if aspect.is_whole
                 else t("Aspect %(number)s: %(title)s") % {"number": aspect.number, "title": aspect.title})
        blocks.append(heading(title, 3))
        if aspect.excerpt:
            blocks.append(ml.paragraph(ml.run(aspect.excerpt), style=QUOTE, keep_next=True))
        if not aspect.claims:
            blocks.append(meta(t("No department has claimed this aspect."), keep_next=False))
        for claim in aspect.claims:
            line = f"（{claim.role_label}） · {claim.state_label} · {t('claimed')} {when(claim.claimed_at)}"
            if claim.assigned:
                line += f"（{t('assigned by staff')}）"
            blocks.append(labelled(claim.department, f"{line} · {t('reply due')} {when(claim.due_on)}"))
            blocks.append(claim_block(story, claim, internal))
    return "".join(blocks)


def claim_block(story: Story, claim: ClaimEntry, internal: bool) -> str:
    blocks = []
    left = Cm(0.75)
    for reply in claim.replies:
        label = t("Official reply")
        if reply.round > 1:
            label += " · " + t("round %(round)s") % {"round": reply.round}
        parts = [(label, GREEN), f"{reply.department} · {reply.disposition_label} · {when(reply.at)}"]
        if internal:
            parts.append(f" · {t('official on record')} {reply.official.name}")
        blocks += [meta(*parts, indent_cm=0.75), html_blocks(reply.html, indent_cm=0.75, style=SMALL),
                   files_block(story, reply.files, 0.75)]
        if reply.rating:
            runs = ml.run(f"{t('Rating by the speaker')}：") + ml.run(reply.rating.score_label, bold=True)
            if reply.rating.comment:
                runs += ml.run(f"——{reply.rating.comment}")
            blocks.append(ml.paragraph(runs + ml.run(f"（{when(reply.rating.at)}）"), style=SMALL, left=left))
    for follow_up in claim.follow_ups:
        blocks += [meta((t("Completed") if follow_up.completes else t("Progress"), GREEN),
                        f"{claim.department} · {when(follow_up.at)}", indent_cm=0.75),
                   html_blocks(follow_up.html, indent_cm=0.75, style=SMALL), files_block(story, follow_up.files, 0.75)]
    for press in claim.presses:
        line = f"{press.leader.name} · {when(press.at)}"
        if press.on_reply_round:
            line += " · " + t("on the round %(round)s reply") % {"round": press.on_reply_round}
        line += f" · {t('answered')} {when(press.answered_at)}" if press.answered_at else f" · {t('open')}"
        blocks += [meta((t("Pressed by a leader"),), line, indent_cm=0.75),
                   ml.paragraph(ml.run(press.note), style=SMALL, left=left)]
    return "".join(blocks)


def write_docx(minutes: Minutes, path: Path) -> None:
    document = Document()
    layout.styles(document)
    cover_break = layout.page_furniture(document, minutes.internal, t("Internal material, keep safe"))
    cover = minutes.cover()
    layout.properties(document, title=cover.title, author=cover.organizer,
                      subject=t("Minutes of the online consultation"), keywords=cover.theme, when=cover.compiled_at)
    with tempfile.TemporaryFile("w+", encoding="utf-8", dir=path.parent) as body:
        story = Story(document, body)
        frame.write_cover(story, minutes, cover)
        story.scratch._element.append(cover_break)  # the paragraph that ends the cover's section, moved
        frame.write_contents(story, minutes, minutes.outline())
        frame.write_summary(story, minutes)
        for subtopic in minutes.subtopics():
            story.write(heading(f"{chinese_numeral(subtopic.number)}、{subtopic.title}", 1))
            if subtopic.brief:
                story.write(ml.paragraph(ml.run(subtopic.brief), style=SMALL))
            count = 0
            for speech in subtopic.speeches:
                count += 1
                story.write(speech_block(story, speech, minutes.internal))
            if not count:
                story.write(ml.paragraph(ml.run(t("No speeches under this sub-topic."))))
        frame.write_signature(story, cover)
        frame.write_appendices(story, minutes)
        story.save(path)
