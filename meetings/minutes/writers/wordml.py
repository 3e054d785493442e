"""WordprocessingML written as text: the paragraphs, runs and table rows of the Word minutes' body.

python-docx builds every paragraph as an lxml tree and looks up the schema order of each child it
adds; for a meeting of 10,000 speeches that was most of the two and a half minutes and all of the
600 MB. The body's blocks are written here as strings, in the markup python-docx itself produces
(same styles, properties and element order), and streamed to the document part (`docx.Story`).
"""

import re

from docx.shared import Length

from .docx_layout import SHADE

INVALID_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ALIGN = {"center": "center", "right": "right"}


def escape(text: str) -> str:
    """Text for an element or attribute value; characters XML cannot carry are dropped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return INVALID_IN_XML.sub("", text)


def _t(text: str) -> str:
    if not text:
        return ""
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    return f"<w:t{space}>{text}</w:t>"


def text_content(text: str) -> str:
    """A run's content as python-docx writes it: a line break becomes <w:br/>, a tab <w:tab/>."""
    text = escape(text)
    if "\n" not in text and "\t" not in text and "\r" not in text:
        return _t(text)
    parts = re.split(r"(\r\n|\n|\r|\t)", text)
    return "".join("<w:tab/>" if part == "\t" else "<w:br/>" if part in ("\n", "\r", "\r\n") else _t(part)
                   for part in parts)


def run(text: str = "", *, bold=False, italic=False, strike=False, font: str | None = None,
        color: str | None = None, content: str = "") -> str:
    """One run; `content` is markup put after the text (a break, a drawing)."""
    props = ""
    if font:
        props += f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}"/>'
    if bold:
        props += "<w:b/>"
    if italic:
        props += "<w:i/>"
    if strike:
        props += "<w:strike/>"
    if color:
        props += f'<w:color w:val="{color}"/>'
    props = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f"<w:r>{props}{text_content(text) if text else ''}{content}</w:r>"


def twips(length: Length | int) -> int:
    return length.twips if isinstance(length, Length) else length


def paragraph(runs: str = "", *, style: str | None = None, keep_next: bool | None = None, left: Length | int = 0,
              right: Length | int = 0, first_line: Length | int = 0, align: str | None = None) -> str:
    """One paragraph with its style id and properties in schema order (pStyle, keepNext, ind, jc)."""
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if keep_next is not None:  # False overrides a style that keeps with the next paragraph
        props += "<w:keepNext/>" if keep_next else '<w:keepNext w:val="0"/>'
    if left or right or first_line:
        indent = ""
        if left:
            indent += f' w:left="{twips(left)}"'
        if right:
            indent += f' w:right="{twips(right)}"'
        if first_line:
            indent += f' w:firstLine="{twips(first_line)}"'
        props += f"<w:ind{indent}/>"
    if align:
        props += f'<w:jc w:val="{ALIGN[align]}"/>'
    props = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"<w:p>{props}{runs}</w:p>"


class Grid:
    """A bordered table with fixed column widths, its shaded header row repeated on every page, no row
    split across pages; `row(values)` gives one row's markup, `start` and `end` the table around them."""

    def __init__(self, headers, widths: list[Length], numeric: tuple[int, ...] = (), *, style: str, cell_style: str):
        self.widths = [twips(width) for width in widths]
        self.numeric = numeric
        self.cell_style = cell_style
        columns = "".join(f'<w:gridCol w:w="{width}"/>' for width in self.widths)
        header = "".join(self.cell(text, index, bold=True, center=True, shade=True)
                         for index, text in enumerate(headers))
        self.start = (
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>'
            '<w:tblLayout w:type="fixed"/><w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" '
            'w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr>'
            f"<w:tblGrid>{columns}</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>"
        )
        self.end = "</w:tbl>"

    def cell(self, text: str, index: int, *, bold=False, center=False, shade=False) -> str:
        shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{SHADE}"/>' if shade else ""
        align = "center" if center else "right" if index in self.numeric else None
        body = paragraph(run(text, bold=bold), style=self.cell_style, align=align)
        return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{self.widths[index]}"/>{shading}</w:tcPr>{body}</w:tc>'

    def row(self, values) -> str:
        cells = "".join(self.cell(str(value), index) for index, value in enumerate(values))
        return f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>"
