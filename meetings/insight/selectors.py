"""The staff's charts of a consultation, cached under the content version that every write bumps."""

from django.core.cache import cache
from django.utils.translation import get_language

from ..models import Consultation
from ..selectors import content_version
from . import figures
from .charts import chart_svg

HOT_WORDS_SECONDS = 15 * 60  # hot words read thousands of speeches: recomputed every quarter hour at most


def _hot_words(consultation: Consultation):
    key = f"insight:hot-words:{consultation.pk}:{get_language()}"
    return cache.get_or_set(key, lambda: figures.hot_words(consultation), HOT_WORDS_SECONDS)


def chart_data(consultation: Consultation) -> tuple[list[figures.ChartData], dict]:
    """Every chart's table and the response summary (median time to first reply, satisfaction)."""
    funnel, summary = figures.response_funnel(consultation)
    charts = [figures.activity(consultation), figures.by_subtopic(consultation), figures.by_stage(consultation),
              figures.participants(consultation), funnel, figures.dispositions(consultation),
              _hot_words(consultation)]
    return charts, summary


def insight(consultation: Consultation) -> dict:
    """Charts (data and SVG) and summary; drawn once per content version and language."""
    key = f"insight:{consultation.pk}:{content_version(consultation.pk)}:{get_language()}"
    drawn = cache.get(key)
    if drawn is None:
        charts, summary = chart_data(consultation)
        drawn = {"charts": [(chart, "" if chart.is_empty else chart_svg(chart)) for chart in charts],
                 "summary": summary}
        cache.set(key, drawn, 24 * 3600)
    return drawn


def chart_by_slug(consultation: Consultation, slug: str) -> figures.ChartData | None:
    return next((chart for chart, _svg in insight(consultation)["charts"] if chart.slug == slug), None)
