from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from .forms import SearchForm
from .selectors import Results, search


def _page_query(request, page: int) -> str:
    query = {key: value for key, value in request.GET.items() if value and key != "page"}
    if page > 1:
        query["page"] = page
    return urlencode(query)


@require_GET
def search_page(request):
    """`/search/?q=…`: anyone may search what they may read; htmx gets the results partial alone."""
    form = SearchForm(request.GET or None, user=request.user)
    results = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        page = form.cleaned_data["page"] or 1
        results = search(request.user, form.cleaned_data["q"], page=page, **form.filters)
    context = {"form": form, "results": results or Results(query="", terms=[])}
    if results:
        context["next_query"] = _page_query(request, results.page + 1) if results.has_next else ""
        context["previous_query"] = _page_query(request, results.page - 1) if results.has_previous else ""
    template = "meetings/partials/search_results.html" if request.htmx else "meetings/search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
