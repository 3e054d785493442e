"""The printable HTML page (the PDF has its own lean print templates: see writers/pdf.py)."""

from pathlib import Path

from django.template.loader import get_template

from ...insight.charts import chart_svg
from .. import figures
from ..document import Minutes
from .common import balanced_lines, chinese_date, chinese_numeral, hot_word_sizes
from .html_parts import aspect_row_html, speech_html

TEMPLATES = "meetings/minutes/document/"
COVER_TITLE_CHARACTERS = 16  # per line of the cover title at 24 pt on A4


def write_html(minutes: Minutes, path: Path) -> None:
    """Writes the page piece by piece: one speech at a time is in memory, never the whole page. The
    frame is templates; the blocks repeated per speech and per aspect are built in `html_parts`."""
    t = {name: get_template(f"{TEMPLATES}{name}.html") for name in (
        "head", "subtopic", "subtopic_end", "appendices", "tail")}
    internal = minutes.internal
    with open(path, "w", encoding="utf-8") as out:
        cover = minutes.cover()
        out.write(t["head"].render({
            "cover": cover, "title_lines": balanced_lines(cover.title, COVER_TITLE_CHARACTERS),
            "figures": figures.summary_figures(minutes), "toc": contents(minutes),
            "charts": [(chart, chart_svg(chart)) for chart in figures.charts(minutes)],
        }))
        for subtopic in minutes.subtopics():
            out.write(t["subtopic"].render({"subtopic": subtopic, "numeral": chinese_numeral(subtopic.number)}))
            count = 0
            for speech in subtopic.speeches:
                count += 1
                out.write(speech_html(speech, internal))
            out.write(t["subtopic_end"].render({"count": count}))
        out.write(t["appendices"].render({"participants": figures.participants_by_role(minutes), "cover": cover,
                                          "signed_on": chinese_date(cover.compiled_at)}))
        out.writelines(aspect_row_html(row) for row in figures.aspect_rows(minutes))
        out.write(t["tail"].render({"hot_words": hot_word_sizes(minutes.top_hot_words())}))


def contents(minutes: Minutes) -> list[dict]:
    """The sub-topics, numbered as their headings are, each with its speeches and their anchors."""
    entries, number = [], 0
    for index, (title, speeches) in enumerate(minutes.outline(), start=1):
        items = []
        for speech_title, hidden in speeches:  # the public edition's outline has no hidden speech
            number += 1
            items.append({"title": speech_title, "hidden": hidden, "anchor": f"speech-{number}"})
        entries.append({"title": f"{chinese_numeral(index)}、{title}", "anchor": f"subtopic-{index}",
                        "speeches": items})
    return entries
