"""The staff's charts of a consultation, cached under the content version that every write bumps."""

import time
from datetime import UTC, datetime

from django.core.cache import cache
from django.utils.translation import get_language

from ..models import Consultation
from ..selectors import content_version
from . import figures
from .charts import chart_svg

HOT_WORDS_SECONDS = 15 * 60  # hot words read thousands of speeches: recomputed every quarter hour at most
REDRAW_SECONDS = 60  # drawing takes seconds at meeting scale: a live meeting's charts are at most a minute old


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
    """Charts (data and SVG) and summary, drawn for the current content version — or, while a meeting
    runs and every speech changes the version, at most once every REDRAW_SECONDS (`drawn_at` says when)."""
    key = f"insight:{consultation.pk}:{get_language()}"
    version = content_version(consultation.pk)
    drawn = cache.get(key)
    fresh = drawn and (drawn["version"] == version or time.time() - drawn["drawn_at"] < REDRAW_SECONDS)
    if not fresh:
        charts, summary = chart_data(consultation)
        drawn = {"charts": [(chart, "" if chart.is_empty else chart_svg(chart)) for chart in charts],
                 "summary": summary, "version": version, "drawn_at": time.time()}
        cache.set(key, drawn, 24 * 3600)
    return {**drawn, "drawn_at": datetime.fromtimestamp(drawn["drawn_at"], tz=UTC)}


def chart_by_slug(consultation: Consultation, slug: str) -> figures.ChartData | None:
    return next((chart for chart, _svg in insight(consultation)["charts"] if chart.slug == slug), None)
