"""The printable HTML page, and the PDF that WeasyPrint renders from it with a CJK font."""

import logging
import os
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import get_template

from ...insight.charts import chart_svg
from .. import figures
from ..document import Minutes
from .common import balanced_lines, chinese_date, chinese_numeral, hot_word_sizes
from .html_parts import aspect_row_html, speech_html

TEMPLATES = "meetings/minutes/document/"
# WeasyPrint reports every layout step at INFO; the compilation records what matters.
for name in ("weasyprint", "weasyprint.progress", "fontTools"):
    logging.getLogger(name).setLevel(logging.WARNING)
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


def cjk_font() -> str | None:
    """A font file the operator names (MINUTES_PDF_FONT) to set the whole PDF in; by default the
    stylesheet's font stacks pick the open CJK faces installed with the project (.ci/run)."""
    configured = getattr(settings, "MINUTES_PDF_FONT", "") or os.environ.get("MINUTES_PDF_FONT", "")
    return configured if configured and os.path.exists(configured) else None


def local_fetcher(allowed: list[Path]):
    """WeasyPrint may read our font and uploaded media, and nothing else: a speech's image link to
    another host must not make the worker fetch it (no server-side requests on a member's behalf)."""
    from weasyprint.urls import URLFetcher

    media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
    roots = [p.resolve() for p in allowed]

    class LocalOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if not url.startswith("file:"):
                raise ValueError(f"not fetched: {url[:80]}")
            local = Path(url2pathname(urlsplit(url).path))
            if str(local).startswith(media_prefix):
                local = Path(settings.MEDIA_ROOT) / str(local)[len(media_prefix):]
            local = local.resolve()
            if not any(local.is_relative_to(root) for root in roots):
                raise ValueError(f"not fetched: {url[:80]}")
            return super().fetch(local.as_uri(), headers)

    return LocalOnly(timeout=5)


def write_pdf(minutes: Minutes, path: Path) -> None:
    """HTML first (streamed to a file beside the PDF), then WeasyPrint lays it out in A4 pages."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    html_path = path.with_suffix(".html")
    write_html(minutes, html_path)
    fonts = FontConfiguration()
    stylesheets = []
    font = cjk_font()
    fetcher = local_fetcher([html_path.parent, Path(settings.MEDIA_ROOT)] + ([Path(font).parent] if font else []))
    if font:  # one embedded CJK face for every text style, so no character falls back to a box
        stylesheets.append(CSS(string=(
            f'@font-face {{ font-family: "Minutes CJK"; src: url("{Path(font).as_uri()}"); }}'
            'html, h1, h2, h3, h4, .title { font-family: "Minutes CJK", sans-serif; }'
        ), font_config=fonts, url_fetcher=fetcher))
    HTML(filename=str(html_path), encoding="utf-8", url_fetcher=fetcher).write_pdf(
        str(path), stylesheets=stylesheets, font_config=fonts, uncompressed_pdf=False
    )
    html_path.unlink(missing_ok=True)
