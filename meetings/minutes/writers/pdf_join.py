"""Joining the volumes of the PDF into one file: the body's pages numbered continuously, one outline.

Each volume was laid out on its own, so none knows where it starts: the body's page numbers are
stamped here (a line of Helvetica digits under each page, which every PDF reader has), and the
bookmarks come from the anchors each volume reported, not from WeasyPrint's per-volume outlines.
"""

from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

PAGE_NUMBER_FONT = NameObject("/MinutesPageNumber")
PAGE_NUMBER_SIZE = 9  # pt, like the footer of the front matter
PAGE_NUMBER_BASELINE = 30  # pt above the bottom edge, inside the bottom margin


def join_volumes(front, volumes: list, path: Path) -> None:
    """`front` first (its own numbering), then `volumes` in order; bookmarks of level 1 and 2."""
    writer = PdfWriter()
    reader = PdfReader(front.pdf)
    for page in reader.pages:
        writer.add_page(page)
    if reader.metadata and reader.metadata.title:
        writer.add_metadata({"/Title": reader.metadata.title})
    for _level, title, anchor in front.bookmarks:
        writer.add_outline_item(title=title, page_number=front.anchors.get(anchor, 0))
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"), NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    }))
    offset, number, parent = front.pages, 0, None
    for volume in volumes:
        for page in PdfReader(volume.pdf).pages:
            number += 1
            stamp_page_number(writer, writer.add_page(page), number, font)
        for level, title, anchor in volume.bookmarks:
            target = offset + volume.anchors.get(anchor, 0)
            if level == 1:
                parent = writer.add_outline_item(title=title, page_number=target)
            else:
                writer.add_outline_item(title=title, page_number=target, parent=parent, is_open=False)
        offset += volume.pages
    writer.page_mode = "/UseOutlines"
    with open(path, "wb") as out:
        writer.write(out)


def stamp_page_number(writer: PdfWriter, page, number: int, font) -> None:
    """Appends "— n —" centred at the foot of `page`; the page's own drawing is wrapped in q/Q so
    whatever transformation it leaves does not move the number."""
    text = f"\x97 {number} \x97"  # em dashes in WinAnsi
    width = (2 * 1000 + 2 * 278 + 556 * len(str(number))) / 1000 * PAGE_NUMBER_SIZE  # Helvetica widths
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
