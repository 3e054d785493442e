"""The Word document's page, styles and furniture, after GB/T 9704 (党政机关公文格式).

A4 with the standard margins; body 仿宋 三号, headings 黑体 (level 1) and 楷体 (level 2), the title a bold
宋体 二号 in place of 小标宋; page numbers "— 1 —" from the page after the cover; the python-docx
template's leftovers (the blue rule under the title, its 2013 core properties, en-US) replaced.
"""

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FANGSONG, HEITI, KAITI, SONGTI, LATIN = "仿宋", "黑体", "楷体", "宋体", "Times New Roman"
BLACK = RGBColor(0, 0, 0)
HEADER_RED = RGBColor(0xE6, 0x00, 0x12)  # the red of the red-header (红头) and its rule
BODY_PT, SMALL_PT, TABLE_PT = 16, 12, 10.5  # 三号, 小四, 五号
SHADE = "D9D9D9"  # header rows of tables


def set_fonts(style, east_asia: str, size: float | None = None, bold: bool | None = None) -> None:
    """Latin and East Asian faces on a style; theme fonts and colours removed so Word keeps ours."""
    style.font.name = LATIN
    if size:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    style.font.color.rgb = BLACK
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), LATIN)
    fonts.set(qn("w:hAnsi"), LATIN)
    fonts.set(qn("w:eastAsia"), east_asia)
    color = rpr.find(qn("w:color"))
    for theme in ("w:themeColor", "w:themeShade", "w:themeTint"):
        color.attrib.pop(qn(theme), None)


def add_style(document, name: str, style_id: str, based_on: str = "Normal"):
    from docx.enum.style import WD_STYLE_TYPE

    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(qn("w:styleId"), style_id)
    style.base_style = document.styles[based_on]
    return style


def chinese_language(document) -> None:
    """Proofing language zh-CN for every run (the template says en-US), Latin text en-US."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")


def styles(document) -> None:
    chinese_language(document)
    s = document.styles
    set_fonts(s["Normal"], FANGSONG, BODY_PT)
    normal = s["Normal"].paragraph_format
    normal.space_after, normal.space_before = Pt(0), Pt(0)
    normal.line_spacing = Pt(28)  # 22 lines on the page, as GB/T 9704 asks
    normal.widow_control = True
    title = s["Title"]
    set_fonts(title, SONGTI, 22, bold=True)
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):  # the template's blue rule under the title
        ppr.remove(border)
    title.paragraph_format.space_after = Pt(12)
    title.paragraph_format.line_spacing = 1.15
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for level, face, size, bold in ((1, HEITI, 16, False), (2, KAITI, 16, True), (3, FANGSONG, 16, True)):
        heading = s[f"Heading {level}"]
        set_fonts(heading, face, size, bold=bold)
        heading.font.italic = False
        fmt = heading.paragraph_format
        fmt.space_before, fmt.space_after = Pt(14 if level == 1 else 8), Pt(4)
        fmt.keep_with_next, fmt.keep_together = True, True
        fmt.page_break_before = level == 1  # the summary, each sub-topic and each appendix start a page
        fmt.line_spacing = Pt(28)
    for name in ("List Bullet", "List Number", "Quote", "Table Grid"):
        set_fonts(s[name], FANGSONG)
    s["Quote"].font.italic = False
    small = add_style(document, "Minutes Small", "MinutesSmall")
    set_fonts(small, FANGSONG, SMALL_PT + 2)
    small.paragraph_format.line_spacing = Pt(22)
    meta = add_style(document, "Minutes Meta", "MinutesMeta")
    set_fonts(meta, KAITI, SMALL_PT)
    meta.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    meta.paragraph_format.keep_with_next = True
    meta.paragraph_format.space_before = Pt(4)
    meta.paragraph_format.line_spacing = Pt(20)
    cell = add_style(document, "Minutes Table", "MinutesTable")
    set_fonts(cell, FANGSONG, TABLE_PT)
    cell.paragraph_format.line_spacing = 1.0
    for level in (1, 2):
        toc = add_style(document, f"toc {level}", f"TOC{level}")
        set_fonts(toc, HEITI if level == 1 else FANGSONG, 14 if level == 1 else SMALL_PT)
        toc.paragraph_format.left_indent = Cm(0.85 * (level - 1))
        toc.paragraph_format.line_spacing = Pt(24 if level == 1 else 20)


def page(section) -> None:
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.header_distance, section.footer_distance = Cm(1.5), Cm(2.0)


def field(run, instruction: str, result: str = "") -> None:
    """A complex field (PAGE, TOC …) that Word computes, with `result` shown until it does."""
    for kind in ("begin", "code", "separate", "result", "end"):
        if kind == "code":
            field_code(run, instruction)
        elif kind == "result":
            if result:
                text = OxmlElement("w:t")
                text.text = result
                run._r.append(text)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def page_furniture(document, internal: bool, internal_mark: str):
    """Two sections: the cover (no page number) and the rest, numbered "— 1 —" from its first page.

    The internal edition carries its handling mark in the header of every page, the cover's too.
    """
    page(document.sections[0])
    document.add_section(WD_SECTION.NEW_PAGE)  # the break paragraph ends the cover's section
    cover, body = document.sections
    page(body)
    number_type = OxmlElement("w:pgNumType")
    number_type.set(qn("w:start"), "1")
    body._sectPr.append(number_type)
    for section in (cover, body):
        section.footer.is_linked_to_previous = False
        section.header.is_linked_to_previous = False
        header = section.header.paragraphs[0]
        if internal:
            run = header.add_run(internal_mark)
            run.font.name, run.font.size, run.bold = LATIN, Pt(SMALL_PT), True
            set_run_east_asia(run, HEITI)
        header.paragraph_format.space_after = Pt(0)
    footer = body.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in ("— ", None, " —"):
        run = footer.add_run(text or "")
        run.font.size = Pt(14)  # 四号, as GB/T 9704 sets page numbers
        set_run_east_asia(run, SONGTI)
        if text is None:
            field(run, "PAGE", "1")
    return document.element.body.sectPr.getprevious()  # the paragraph that ends the cover's section


def rule(paragraph, color: str = "E60012", size: int = 12) -> None:
    """A rule under the paragraph (the red rule of the red-header)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "6"), ("w:color", color)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def properties(document, *, title: str, author: str, subject: str, keywords: str, when) -> None:
    """Core properties of the consultation, not of python-docx's 2013 template; no template thumbnail."""
    core = document.core_properties
    core.title, core.author, core.last_modified_by = title[:255], author[:255], author[:255]
    core.subject, core.keywords, core.comments, core.category = subject, keywords[:255], "", subject
    core.language, core.revision = "zh-CN", 1
    core.created = core.modified = when.replace(microsecond=0, tzinfo=None)
    core.last_printed = when.replace(microsecond=0, tzinfo=None)
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)


def set_run_east_asia(run, face: str) -> None:
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), face)


def field_code(run, instruction: str) -> None:
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    run._r.append(code)
