"""Charts drawn on the server with matplotlib: SVG for pages and the PDF, PNG for the DOCX.

Labels are drawn as glyph outlines from a CJK font installed on the server (WenQuanYi or Noto
CJK), so Chinese never shows as boxes whatever fonts the reader has. Each SVG carries a <title>
and a <desc> and is labelled by them; the page shows the same numbers as a table beside it.
"""

import io
import logging
import re
from functools import cache

import matplotlib

matplotlib.use("Agg")
from django.utils.html import escape  # noqa: E402
from matplotlib import font_manager  # noqa: E402  (the backend is chosen first)
from matplotlib.figure import Figure  # noqa: E402

from .figures import ChartData  # noqa: E402

logger = logging.getLogger(__name__)
CJK_FAMILIES = ["Noto Sans CJK SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Serif CJK SC"]
COLOURS = ["#b3261e", "#1f5fa8", "#4d7c0f", "#8a5a00"]
SVG_OPEN = re.compile(r"<svg\b[^>]*>")
STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
STYLE_ELEMENT = re.compile(r"<defs>\s*<style[^>]*>.*?</style>\s*</defs>", re.S)
METADATA = re.compile(r"<metadata>.*?</metadata>", re.S)


@cache
def cjk_family() -> list[str]:
    installed = {font.name for font in font_manager.fontManager.ttflist}
    found = [family for family in CJK_FAMILIES if family in installed]
    if not found:
        logger.warning("No CJK font found for charts (apt-get install fonts-wqy-microhei): Chinese shows as boxes")
    return found + ["DejaVu Sans"]


def _figure(chart: ChartData) -> Figure:
    rows = chart.rows
    height = 3.2 if chart.kind == "line" else max(2.2, 0.42 * len(rows) + 1.1)
    figure = Figure(figsize=(7.2, height), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    for spine in ("top", "right"):
        axes.spines[spine].set_visible(False)
    labels = [str(row[0]) for row in rows]
    series = chart.columns[1:]
    if chart.kind == "line":
        positions = list(range(len(rows)))  # dates and hours as labels, not as values to parse
        for index, name in enumerate(series):
            axes.plot(positions, [row[index + 1] for row in rows], marker="o", markersize=3,
                      color=COLOURS[index % len(COLOURS)], label=name)
        step = max(1, len(labels) // 8)
        axes.set_xticks(range(0, len(labels), step), labels[::step], rotation=30, ha="right")
        axes.legend(frameon=False, ncols=len(series))
        axes.grid(axis="y", color="#ddd")
    else:
        positions = list(range(len(rows)))
        width = 0.8 / len(series)
        for index, name in enumerate(series):
            offsets = [p + (index - (len(series) - 1) / 2) * width for p in positions]
            values = [row[index + 1] for row in rows]
            bars = axes.barh(offsets, values, height=width, color=COLOURS[index % len(COLOURS)], label=name)
            axes.bar_label(bars, padding=2, fontsize=8)
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.grid(axis="x", color="#eee")
        if len(series) > 1:
            axes.legend(frameon=False, loc="lower right")
    axes.set_title(chart.title, loc="left", fontsize=12)
    return figure


def _drawn(chart: ChartData, format: str, **options) -> bytes:
    with matplotlib.rc_context({"font.family": cjk_family(), "svg.fonttype": "path", "svg.hashsalt": chart.slug,
                                "axes.unicode_minus": False}):
        out = io.BytesIO()
        _figure(chart).savefig(out, format=format, **options)
    return out.getvalue()


def _presentation(match) -> str:
    """`style="fill: #fff; stroke: none"` as SVG presentation attributes: the Content-Security-Policy
    refuses inline style, and the attributes draw the same."""
    pairs = [part.split(":", 1) for part in match.group(1).split(";") if ":" in part]
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)


def chart_svg(chart: ChartData) -> str:
    """The chart as inline SVG, scalable, labelled by its title and description, with no inline style."""
    svg = _drawn(chart, "svg", metadata={"Date": None}).decode()
    svg = svg[svg.index("<svg"):]  # no XML prolog or doctype inside an HTML page
    svg = METADATA.sub("", STYLE_ELEMENT.sub("", svg))
    svg = STYLE_ATTRIBUTE.sub(_presentation, svg)
    ids = f"chart-{chart.slug}"
    opening = SVG_OPEN.search(svg).group(0)
    tag = re.sub(r'\s(width|height)="[^"]*"', "", opening)
    tag = (tag[:-1] + f' role="img" aria-labelledby="{ids}-title {ids}-desc" class="chart-svg"'
           ' stroke-linejoin="round" stroke-linecap="butt">')
    labels = (f'<title id="{ids}-title">{escape(chart.title)}</title>'
              f'<desc id="{ids}-desc">{escape(chart.description)}</desc>')
    return svg.replace(opening, tag + labels, 1)


def chart_png(chart: ChartData, dpi: int = 150) -> bytes:
    """The chart as a PNG picture, for documents that do not take SVG (DOCX)."""
    return _drawn(chart, "png", dpi=dpi, metadata={"Software": None})
