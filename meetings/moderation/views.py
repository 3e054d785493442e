"""Reports from readers and the staff's moderation tools: the form, the actions, the queue."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions, selectors
from ..forms import ReasonForm
from ..http import back_to, form_refusal, message_of, refused, sign_in_first
from ..models import Comment, Consultation, Post, Report
from . import services as moderation


def _report(request, target, back):
    if not request.user.is_authenticated:
        return sign_in_first(request, back)
    if request.method != "POST":  # the form: a fragment for htmx, a small page without JavaScript
        refusal = permissions.report_refusal(request.user, moderation.consultation_of(target))
        if refusal:
            return refused(request, PermissionDenied(refusal), back)
        consultation = moderation.consultation_of(target)
        post = target if isinstance(target, Post) else target.post
        context = {"url": request.path, "back": back, "target": target, "consultation": consultation, "post": post}
        if request.htmx:
            return render(request, "meetings/partials/report_form.html", context)
        return render(request, "meetings/form_page.html",
                      {**context, "form_template": "meetings/partials/report_form.html"})
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return refused(request, form_refusal(form), back)
    try:
        moderation.report(request.user, target, form.cleaned_data["reason"])
    except (PermissionDenied, ValidationError) as error:
        return refused(request, error, back)
    if request.htmx:
        return render(request, "meetings/partials/reported.html")
    messages.success(request, _("Thank you. Staff will look at it."))
    return redirect(back)


def post_report(request, slug, pk):
    consultation = selectors.consultation_for(request.user, slug)
    post = selectors.post_for(request.user, consultation, pk)
    return _report(request, post, back_to(request, post.get_absolute_url()))


def comment_report(request, slug, pk):
    consultation = selectors.consultation_for(request.user, slug)
    comment = selectors.comment_for(request.user, consultation, pk)
    return _report(request, comment, back_to(request, f"{comment.post.get_absolute_url()}#comment-{comment.pk}"))


def _moderate(request, target, back):
    if not permissions.can_moderate(request.user):
        raise Http404
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, message_of(form_refusal(form)))
        return redirect(back)
    reason = form.cleaned_data["reason"]
    action = request.POST.get("action")
    try:
        if action == "hide":
            moderation.hide(request.user, target, reason)
        elif action == "unhide":
            moderation.unhide(request.user, target, reason)
        elif action == "approve" and isinstance(target, Comment):
            moderation.approve_comment(request.user, target)
        elif action == "reject" and isinstance(target, Comment):
            moderation.reject_comment(request.user, target, reason)
        else:
            raise ValidationError(_("Unknown action."))
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, message_of(error))
        return redirect(back)
    messages.success(request, _("Done."))
    return redirect(back)


@require_POST
def post_moderate(request, slug, pk):
    consultation = selectors.consultation_for(request.user, slug)
    post = selectors.post_for(request.user, consultation, pk)
    return _moderate(request, post, back_to(request, post.get_absolute_url()))


@require_POST
def comment_moderate(request, slug, pk):
    consultation = selectors.consultation_for(request.user, slug)
    comment = selectors.comment_for(request.user, consultation, pk)
    return _moderate(request, comment, back_to(request, f"{comment.post.get_absolute_url()}#comment-{comment.pk}"))


def moderation_queue(request):
    """Staff: comments awaiting approval, open reports, hidden content."""
    if not permissions.can_moderate(request.user):
        raise Http404
    consultations = list(Consultation.objects.order_by("-created_at").only("pk", "title", "slug")[:50])
    chosen = next((c for c in consultations if c.slug == request.GET.get("consultation")), None)
    context = selectors.moderation_queue(chosen.pk if chosen else None)
    context.update(consultations=consultations, chosen=chosen)
    return render(request, "meetings/moderation.html", context)


@require_POST
def report_dismiss(request, pk):
    if not permissions.can_moderate(request.user):
        raise Http404
    report = Report.objects.filter(pk=pk).first()
    if report is None:
        raise Http404
    moderation.dismiss_report(request.user, report)
    messages.success(request, _("Report dismissed."))
    return redirect(back_to(request, reverse("meetings:moderation")))
