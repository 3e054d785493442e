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
from accounts.text import clean_input
from meetings.attachments.forms import AttachmentsField
from meetings.models import Post
from meetings.selectors import post_by_id

from . import aspects, forms, permissions, selectors, services
from .models import Aspect, AuditEntry, Claim, Department, Reply

KEYWORD_MAX = 100
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


def _act(request, post, form, action, success_message, *, who: str | None = None):
    """Check who acts (`who`: the permission's refusal, a 403), then the form (a refusal is a message on
    the same page, fragment or redirect, and changes nothing), then run one service call with the
    cleaned data; a rule the service refuses becomes a message too."""
    if who:
        raise PermissionDenied(who)
    if not form.is_valid():
        return _after_action(request, post, form.refusal())
    try:
        action(form.cleaned_data)
    except ValidationError as refusal:
        return _after_action(request, post, " ".join(refusal.messages))
    messages.success(request, success_message)
    return _after_action(request, post)


def _department(pk: int) -> Department:
    return get_object_or_404(Department, pk=pk)


def _aspect(pk: int | None, post) -> Aspect | None:
    return get_object_or_404(Aspect, pk=pk, post=post) if pk else None


def _claim(request, pk) -> tuple[Claim, Post]:
    claim = get_object_or_404(Claim.objects.select_related("aspect__post__consultation", "department"), pk=pk)
    post = _visible_post(request, claim.aspect.post_id)
    return claim, post


@require_POST
@login_required
def claim(request, pk):
    post = _visible_post(request, pk)
    who = None if request.user.is_official else _("Only department officials can claim a speech.")
    return _act(request, post, forms.ClaimForm(request.POST), lambda data: services.claim_aspect(
        request.user, post, _department(data["department"]), aspect=_aspect(data["aspect"], post),
        role=data["role"]), _("Claimed. The author has been told."), who=who)


@require_POST
@login_required
def assign(request, pk):
    post = _visible_post(request, pk)
    return _act(request, post, forms.AssignForm(request.POST), lambda data: services.assign_aspect(
        request.user, post, _department(data["department"]), aspect=_aspect(data["aspect"], post),
        role=data["role"], note=data["note"]),
        _("Assigned. The department has been told."), who=permissions.staff_refusal(request.user))


@require_POST
@login_required
def split(request, pk):
    post = _visible_post(request, pk)
    who = None if permissions.official_departments(request.user, post) else permissions.split_refusal(
        request.user, post)  # an official of a department taking part hears the rule as a message
    return _act(request, post, forms.SplitForm(request.POST),
                lambda data: aspects.split_post(request.user, post, data["parts"]), _("The speech is split."),
                who=who)


@require_POST
@login_required
def unsplit(request, pk):
    post = _visible_post(request, pk)
    return _act(request, post, forms.ActionForm(request.POST), lambda data: aspects.undo_split(request.user, post),
                _("The split is undone."), who=permissions.staff_refusal(request.user))


@require_POST
@login_required
def hand_back(request, pk):
    claim, post = _claim(request, pk)
    return _act(request, post, forms.HandBackForm(request.POST),
                lambda data: services.hand_back_claim(request.user, claim, data["reason"]),
                _("The claim is handed back."), who=permissions.official_refusal(request.user, claim.department))


@require_POST
@login_required
def transfer(request, pk):
    claim, post = _claim(request, pk)
    return _act(request, post, forms.TransferForm(request.POST), lambda data: services.transfer_claim(
        request.user, claim, _department(data["department"]), data["note"]),
        _("Transferred. The department has been told."), who=permissions.staff_refusal(request.user))


def _files(request) -> list:
    """The response form's attachments, checked like a speech's (ValidationError names each refusal)."""
    return AttachmentsField().clean(request.FILES.getlist("files"))


@require_POST
@login_required
def reply(request, pk):
    claim, post = _claim(request, pk)
    return _act(request, post, forms.ReplyForm(request.POST), lambda data: services.publish_reply(
        request.user, claim, data["body"], data["disposition"], files=_files(request)),
        _("The reply is published."), who=permissions.official_refusal(request.user, claim.department))


@require_POST
@login_required
def follow_up(request, pk):
    claim, post = _claim(request, pk)
    form = forms.FollowUpForm(request.POST)
    complete = request.POST.get("complete") == "1"
    return _act(request, post, form, lambda data: services.add_follow_up(
        request.user, claim, data["body"], complete=data["complete"], files=_files(request)),
        _("Marked completed.") if complete else _("The update is published."),
        who=permissions.official_refusal(request.user, claim.department))


@require_POST
@login_required
def press(request, pk):
    claim, post = _claim(request, pk)

    def act(data):
        on_reply = get_object_or_404(Reply, pk=data["reply"], claim=claim) if data["reply"] else None
        services.press_claim(request.user, claim, data["note"], reply=on_reply)

    return _act(request, post, forms.PressForm(request.POST), act, _("Pressed. The department has been told."),
                who=permissions.press_refusal(request.user, post))


@require_POST
@login_required
def rate(request, pk):
    the_reply = get_object_or_404(Reply.objects.select_related("claim__aspect"), pk=pk)
    post = _visible_post(request, the_reply.claim.aspect.post_id)
    return _act(request, post, forms.RateForm(request.POST), lambda data: services.rate_reply(
        request.user, the_reply, data["score"], data["comment"]),
        _("Thank you for rating the reply."), who=permissions.rate_refusal(request.user, post))


# --- the workspace and staff pages --------------------------------------------------------------------

def _keyword(request) -> str:
    """The workspace's keyword, searched in the speeches' index: 100 characters at most, no control characters."""
    return " ".join(clean_input(request.GET.get("q", ""))[:KEYWORD_MAX].split())


@login_required
def workspace(request):
    """An official's desk; other people have none."""
    if not request.user.is_official:
        raise PermissionDenied(_("The workspace is for department officials."))
    data = selectors.workspace(request.user, tab=request.GET.get("tab", "awaiting"),
                               subtopic=request.GET.get("subtopic", ""), keyword=_keyword(request),
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
