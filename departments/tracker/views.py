from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.permissions import is_committee_staff
from meetings.models import Consultation

from .export import tracker_workbook
from .forms import TrackerFilterForm
from .selectors import PUBLIC_STATUSES, Attention, labelled, tracker_aspects

PAGE_SIZE = 30
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _form(request) -> TrackerFilterForm:
    consultations = Consultation.objects.order_by("-created_at")
    if not is_committee_staff(request.user):
        consultations = consultations.filter(visibility="public", status__in=PUBLIC_STATUSES)
    return TrackerFilterForm(request.GET or None, consultations=consultations)


@require_GET
def tracker(request):
    """Every aspect of every consultation and what became of it, most urgent first.

    Staff see everything; everyone else sees public consultations' visible speeches, the part that
    departments' public records link to.
    """
    form = _form(request)
    aspects = tracker_aspects(request.user, form.filters())
    page = Paginator(aspects, PAGE_SIZE).get_page(request.GET.get("page"))
    for aspect in page:
        labelled(aspect)
    query = request.GET.copy()
    query.pop("page", None)
    template = "departments/partials/tracker_rows.html" if request.htmx else "departments/tracker.html"
    return render(request, template, {
        "form": form, "page": page, "query": query.urlencode(), "Attention": Attention,
        "is_staff": is_committee_staff(request.user),
    })


@require_GET
def tracker_export(request):
    """The tracker with the same filters, as an XLSX workbook."""
    form = _form(request)
    content = tracker_workbook(tracker_aspects(request.user, form.filters()))
    response = HttpResponse(content, content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="tracker-{stamp}.xlsx"'
    return response
