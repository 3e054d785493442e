"""Joining the volumes of the PDF into one file: the body's pages numbered continuously, one outline.

Each volume was laid out on its own, so none knows where it starts: the page numbers are
stamped here (a line of Helvetica digits under each page, which every PDF reader has), and the
bookmarks come from the anchors each volume reported, not from WeasyPrint's per-volume outlines.
"""

from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

PAGE_NUMBER_FONT = NameObject("/MinutesPageNumber")
PAGE_NUMBER_SIZE = 9  # pt, like the footer of the front matter
PAGE_NUMBER_BASELINE = 30  # pt above the bottom edge, inside the bottom margin


def join_volumes(front: list, body: list, path: Path) -> None:
    """The `front` volumes (cover, contents, summary) numbered in roman numerals, the cover's left
    blank; then the `body` volumes numbered from 1; bookmarks of level 1 and, under each, level 2."""
    writer = PdfWriter()
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"), NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    }))
    parent, front_pages = None, sum(volume.pages for volume in front)
    for index, volume in enumerate([*front, *body]):
        reader = PdfReader(volume.pdf)
        if index == 0 and reader.metadata and reader.metadata.title:
            writer.add_metadata({"/Title": reader.metadata.title})
        first = len(writer.pages)
        for page in reader.pages:
            added = writer.add_page(page)
            number = len(writer.pages)
            if number > front_pages:
                stamp_page_number(writer, added, str(number - front_pages), font)
            elif number > 1:  # the cover is page i, unnumbered
                stamp_page_number(writer, added, roman(number), font)
        for level, title, anchor in volume.bookmarks:
            target = first + volume.anchors.get(anchor, 0)
            if level == 1:
                parent = writer.add_outline_item(title=title, page_number=target)
            else:
                writer.add_outline_item(title=title, page_number=target, parent=parent, is_open=False)
    writer.page_mode = "/UseOutlines"
    with open(path, "wb") as out:
        writer.write(out)


def roman(number: int) -> str:
    numerals = (("m", 1000), ("cm", 900), ("d", 500), ("cd", 400), ("c", 100), ("xc", 90), ("l", 50), ("xl", 40),
                ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))
    out = ""
    for numeral, value in numerals:
        while number >= value:
            out, number = out + numeral, number - value
    return out


def stamp_page_number(writer: PdfWriter, page, label: str, font) -> None:
    """Appends "— label —" centred at the foot of `page`; the page's own drawing is wrapped in q/Q so
    whatever transformation it leaves does not move the number."""
    text = f"\x97 {label} \x97"  # em dashes in WinAnsi
    width = (2 * 1000 + 2 * 278 + 556 * len(label)) / 1000 * PAGE_NUMBER_SIZE  # Helvetica digit widths
    x = (float(page.mediabox.width) - width) / 2
    save, restore, stamp = DecodedStreamObject(), DecodedStreamObject(), DecodedStreamObject()
    save.set_data(b"q\n")
    restore.set_data(b"\nQ\n")
    stamp.set_data(f"BT {PAGE_NUMBER_FONT} {PAGE_NUMBER_SIZE} Tf {x:.2f} {PAGE_NUMBER_BASELINE} Td ({text}) Tj ET\n"
                   .encode("latin-1"))
    contents = page[NameObject("/Contents")].get_object()
    parts = list(contents) if isinstance(contents, ArrayObject) else [page[NameObject("/Contents")]]
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(save), *parts, writer._add_object(restore),
                                                 writer._add_object(stamp)])
    resources = page[NameObject("/Resources")].get_object()
    if NameObject("/Font") not in resources:
        resources[NameObject("/Font")] = DictionaryObject()
    resources[NameObject("/Font")].get_object()[PAGE_NUMBER_FONT] = font
