"""Staff pages for inviting people to a consultation; thin over services and selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..models import Consultation
from . import services, shortlinks
from .forms import InvitationForm, NoteForm
from .selectors import delivery_totals, invitation_status, invited_people

PREVIEW_LINK = "https://…/me/link/…/"


def _consultation(request, slug):
    services.check_staff(request.user)
    return get_object_or_404(Consultation, slug=slug)


def _errors(request, error: ValidationError):
    for text in error.messages:
        messages.error(request, text)


@login_required
def invitations(request, slug):
    consultation = _consultation(request, slug)
    form = InvitationForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "send" in request.POST:
            try:
                count = services.send_invitations(
                    request.user, consultation, people=data["people"], departments=data["departments"],
                    channels=data["channels"], note=data["note"], urgent=data["urgent"])
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, _("%(n)d invitations are on their way.") % {"n": count})
                return redirect("meetings:invitations", slug=slug)
        else:
            sample = (data["people"] or [request.user])[0]
            subject, body = services.render_invitation(consultation, sample, PREVIEW_LINK, data["note"].strip())
            officials = sum(d.officials.count() for d in data["departments"])
            preview = {"subject": subject, "body": body, "count": len(data["people"]) + officials,
                       "channels": data["channels"]}
    page = Paginator(invited_people(consultation), 100).get_page(request.GET.get("page"))
    resendable, unreachable = services.resendable_people(consultation)
    return render(request, "meetings/invitations/invitations.html", {
        "consultation": consultation, "form": form, "preview": preview,
        "invitees": invitation_status(consultation, page_people=list(page.object_list)),
        "totals": delivery_totals(consultation), "page": page,
        "resend_count": len(resendable), "unreachable_count": len(unreachable),
        "silent_count": len(services.silent_invitees(consultation)), "note_form": NoteForm(),
    })


@require_GET
@login_required
def progress(request, slug):
    """The totals alone, for htmx to poll while a large invitation goes out."""
    consultation = _consultation(request, slug)
    return render(request, "meetings/invitations/partials/totals.html", {
        "consultation": consultation, "totals": delivery_totals(consultation)})


@login_required
@require_POST
def resend(request, slug):
    consultation = _consultation(request, slug)
    try:
        count = services.resend_unreached(request.user, consultation)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Invitations sent again to %(n)d people not reached.") % {"n": count})
    return redirect("meetings:invitations", slug=slug)


@login_required
@require_POST
def remind(request, slug):
    consultation = _consultation(request, slug)
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        count = services.remind_silent(request.user, consultation, form.cleaned_data.get("note", ""))
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("%(n)d people who have not spoken were reminded.") % {"n": count})
    return redirect("meetings:invitations", slug=slug)


def short_link(request, code):
    """/i/<code> from an SMS: on to the consultation, whose page decides who may see it."""
    pk = shortlinks.consultation_id(code)
    if pk is None:
        raise Http404
    return redirect(get_object_or_404(Consultation, pk=pk).get_absolute_url())
