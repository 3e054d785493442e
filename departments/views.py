"""Department pages and the response actions. Each action is a plain form post that also answers htmx
with the speech's responses fragment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import is_committee_staff
from meetings.attachments.forms import AttachmentsField
from meetings.models import Post
from meetings.selectors import post_by_id

from . import aspects, selectors, services
from .models import Aspect, AuditEntry, Claim, Department, Reply

RESPONSES_PARTIAL = "departments/partials/post_responses.html"


def department_list(request):
    return render(request, "departments/department_list.html", {"departments": Department.objects.all()})


def department_detail(request, slug):
    """The department's public record."""
    department = get_object_or_404(Department, slug=slug)
    record = selectors.department_record(department, request.GET.get("page", 1))
    return render(request, "departments/department_detail.html", {"department": department, "record": record})


# --- the speech's responses --------------------------------------------------------------------------

def _visible_post(request, pk) -> Post:
    """The speech, found through the meetings' one visibility rule (404 for those who may not see it)."""
    return post_by_id(request.user, pk)


def post_responses(request, pk):
    """The responses block on its own page (the speech page includes the same fragment)."""
    post = _visible_post(request, pk)
    template = RESPONSES_PARTIAL if request.htmx else "departments/post_responses_page.html"
    return render(request, template, {"post": post})


def _after_action(request, post, error=None):
    if error:
        messages.error(request, error)
    if request.htmx:
        return render(request, RESPONSES_PARTIAL, {"post": post})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = post.get_absolute_url() + "#responses"
    return redirect(target)


def _act(request, post, action, success_message):
    """Run one service call; a refused rule becomes a message on the same page (fragment or redirect),
    a refused person a 403."""
    try:
        action()
    except ValidationError as refusal:
        return _after_action(request, post, " ".join(refusal.messages))
    messages.success(request, success_message)
    return _after_action(request, post)


def _department(request, field="department"):
    value = request.POST.get(field, "")
    if not value.isdigit():
        raise ValidationError(_("Choose a department."))
    return get_object_or_404(Department, pk=int(value))


def _aspect(request, post):
    value = request.POST.get("aspect", "")
    return get_object_or_404(Aspect, pk=int(value), post=post) if value.isdigit() else None


def _claim(request, pk) -> tuple[Claim, Post]:
    claim = get_object_or_404(Claim.objects.select_related("aspect__post__consultation", "department"), pk=pk)
    post = _visible_post(request, claim.aspect.post_id)
    return claim, post


@require_POST
@login_required
def claim(request, pk):
    post = _visible_post(request, pk)
    return _act(request, post, lambda: services.claim_aspect(
        request.user, post, _department(request), aspect=_aspect(request, post),
        role=request.POST.get("role", "lead")), _("Claimed. The author has been told."))


@require_POST
@login_required
def assign(request, pk):
    post = _visible_post(request, pk)
    return _act(request, post, lambda: services.assign_aspect(
        request.user, post, _department(request), aspect=_aspect(request, post),
        role=request.POST.get("role", "lead"), note=request.POST.get("note", "")),
        _("Assigned. The department has been told."))


@require_POST
@login_required
def split(request, pk):
    post = _visible_post(request, pk)
    parts = list(zip(request.POST.getlist("title"), request.POST.getlist("excerpt"), strict=False))
    return _act(request, post, lambda: aspects.split_post(request.user, post, parts), _("The speech is split."))


@require_POST
@login_required
def unsplit(request, pk):
    post = _visible_post(request, pk)
    return _act(request, post, lambda: aspects.undo_split(request.user, post), _("The split is undone."))


@require_POST
@login_required
def hand_back(request, pk):
    claim, post = _claim(request, pk)
    return _act(request, post, lambda: services.hand_back_claim(request.user, claim, request.POST.get("reason", "")),
                _("The claim is handed back."))


@require_POST
@login_required
def transfer(request, pk):
    claim, post = _claim(request, pk)
    return _act(request, post, lambda: services.transfer_claim(
        request.user, claim, _department(request), request.POST.get("note", "")),
        _("Transferred. The department has been told."))


def _files(request) -> list:
    """The response form's attachments, checked like a speech's (ValidationError names each refusal)."""
    return AttachmentsField().clean(request.FILES.getlist("files"))


@require_POST
@login_required
def reply(request, pk):
    claim, post = _claim(request, pk)
    return _act(request, post, lambda: services.publish_reply(
        request.user, claim, request.POST.get("body", ""), request.POST.get("disposition", ""),
        files=_files(request)),
        _("The reply is published."))


@require_POST
@login_required
def follow_up(request, pk):
    claim, post = _claim(request, pk)
    complete = request.POST.get("complete") == "1"
    return _act(request, post, lambda: services.add_follow_up(
        request.user, claim, request.POST.get("body", ""), complete=complete, files=_files(request)),
        _("Marked completed.") if complete else _("The update is published."))


@require_POST
@login_required
def press(request, pk):
    claim, post = _claim(request, pk)
    value = request.POST.get("reply", "")
    on_reply = get_object_or_404(Reply, pk=int(value), claim=claim) if value.isdigit() else None
    return _act(request, post, lambda: services.press_claim(
        request.user, claim, request.POST.get("note", ""), reply=on_reply), _("Pressed. The department has been told."))


@require_POST
@login_required
def rate(request, pk):
    the_reply = get_object_or_404(Reply.objects.select_related("claim__aspect"), pk=pk)
    post = _visible_post(request, the_reply.claim.aspect.post_id)
    return _act(request, post, lambda: services.rate_reply(
        request.user, the_reply, request.POST.get("score", ""), request.POST.get("comment", "")),
        _("Thank you for rating the reply."))


# --- the workspace and staff pages --------------------------------------------------------------------

@login_required
def workspace(request):
    """An official's desk; other people have none."""
    if not request.user.is_official:
        raise PermissionDenied(_("The workspace is for department officials."))
    data = selectors.workspace(request.user, tab=request.GET.get("tab", "awaiting"),
                               subtopic=request.GET.get("subtopic", ""), keyword=request.GET.get("q", "").strip(),
                               page=request.GET.get("page", 1))
    template = "departments/partials/workspace_list.html" if request.htmx else "departments/workspace.html"
    return render(request, template, {"ws": data})


def _staff_only(request):
    if not is_committee_staff(request.user):
        raise PermissionDenied(_("Only committee staff can do this."))


@login_required
def staff_claims(request):
    """Overdue and reopened claims, for committee staff."""
    _staff_only(request)
    return render(request, "departments/staff_claims.html", {
        "overdue": selectors.overdue_claims()[:200], "reopened": selectors.reopened_claims()[:200]})


@login_required
def audit(request):
    """The audit trail: who did what, when."""
    _staff_only(request)
    department = None
    if request.GET.get("department", "").isdigit():
        department = Department.objects.filter(pk=int(request.GET["department"])).first()
    entries = selectors.audit_trail(department=department, action=request.GET.get("action", ""))
    return render(request, "departments/audit.html", {
        "page": Paginator(entries, 50).get_page(request.GET.get("page", 1)),
        "departments": Department.objects.all(), "actions": AuditEntry.Action.choices,
        "department": department, "action": request.GET.get("action", "")})
