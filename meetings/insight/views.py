"""The staff's pictures of a consultation: a page of charts with their tables, and each table as CSV."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from consultation.spreadsheets import spreadsheet_text

from ..minutes.views import staff_only
from ..selectors import figures as live_figures
from .selectors import chart_by_slug, insight


@require_GET
@staff_only
def insight_page(request, consultation):
    data = insight(consultation)
    return render(request, "meetings/insight/insight.html", {
        "consultation": consultation, "charts": data["charts"], "summary": data["summary"],
        "drawn_at": data["drawn_at"],
        "figures": live_figures(consultation),
    })


@require_GET
@staff_only
def chart_csv(request, consultation, chart):
    """One chart's table as CSV (UTF-8 with a BOM so spreadsheet programs read the Chinese)."""
    data = chart_by_slug(consultation, chart)
    if data is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}-{data.slug}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(data.columns)
    for row in data.rows:
        writer.writerow([spreadsheet_text(v) if isinstance(v, str) else v for v in row])
    return response
