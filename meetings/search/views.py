import hashlib
from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from meetings import page_cache
from meetings.search_index import index_version

from .forms import SearchForm
from .selectors import Results, search


def _page_query(request, page: int) -> str:
    query = {key: value for key, value in request.GET.items() if value and key != "page"}
    if page > 1:
        query["page"] = page
    return urlencode(query)


@require_GET
def search_page(request):
    """`/search/?q=…`: anyone may search what they may read; htmx gets the results partial alone.
    Readers without a session share the page of the same query while the index is unchanged."""
    shared_key = None
    if page_cache.shareable(request):
        path = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
        shared_key = f"search:page:{index_version()}:{get_language()}:{path}"
        if response := page_cache.shared(request, shared_key):
            return response
    form = SearchForm(request.GET or None, user=request.user)
    results = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        page = form.cleaned_data["page"] or 1
        results = search(request.user, form.cleaned_data["q"], page=page, **form.filters)
    context = {"form": form, "results": results or Results(query="", terms=[])}
    if results:
        context["next_query"] = _page_query(request, results.page + 1) if results.has_next else ""
        context["previous_query"] = _page_query(request, results.page - 1) if results.has_previous else ""
    if shared_key:
        context["csrf_token"] = page_cache.TOKEN  # the reader's own goes in as the page is served
    template = "meetings/partials/search_results.html" if request.htmx else "meetings/search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return page_cache.share(request, shared_key, response) if shared_key else response
