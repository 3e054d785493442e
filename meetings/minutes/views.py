"""The staff minutes page: compile a version, watch it compile (htmx polling), download any version."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ..models import Compilation, Consultation
from .forms import CompileForm
from .services import can_compile, download_name, request_compilation
from .writers import CONTENT_TYPES


def staff_only(view):
    """Committee staff only: anonymous people are sent to sign in; for everyone else it is not there (404)."""
    def wrapped(request, slug, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_compile(request.user):
            raise Http404
        consultation = get_object_or_404(Consultation, slug=slug)
        return view(request, consultation, *args, **kwargs)
    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def versions_of(consultation):
    return consultation.compilations.select_related("requested_by")


@require_http_methods(["GET", "POST"])
@staff_only
def minutes(request, consultation):
    form = CompileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            request_compilation(request.user, consultation, form.cleaned_data["format"],
                                form.cleaned_data["edition"])
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            if not request.htmx:
                return redirect("meetings:minutes", consultation.slug)
            form = CompileForm()
    context = {"consultation": consultation, "form": form, "versions": versions_of(consultation)}
    if request.htmx:
        return render(request, "meetings/minutes/partials/versions.html", context)
    return render(request, "meetings/minutes/minutes.html", context)


@require_GET
@staff_only
def progress(request, consultation, pk):
    """One version's row: polled while it compiles, then showing its download link."""
    compilation = get_object_or_404(versions_of(consultation), pk=pk)
    if not request.htmx:
        return redirect("meetings:minutes", consultation.slug)
    return render(request, "meetings/minutes/partials/version.html",
                  {"consultation": consultation, "version": compilation})


@require_GET
@staff_only
def download(request, consultation, pk):
    """The only way to a compiled file: it lives in the private storage, which has no URL."""
    compilation = get_object_or_404(versions_of(consultation), pk=pk, state=Compilation.State.DONE)
    if not compilation.file or not compilation.file.storage.exists(compilation.file.name):
        raise Http404
    response = FileResponse(compilation.file.open("rb"), as_attachment=True, filename=download_name(compilation),
                            content_type=CONTENT_TYPES[compilation.format])
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
