"""State changes of the response workflow: each function is one transaction with its permission
check, its audit entry and its notification rows. Views, admin actions and tasks call these."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Trigger
from accounts.notifications import notify
from accounts.text import clean_input
from meetings.attachments import services as attachment_services
from meetings.models import AttachmentOwner, Consultation, Post, ResponseState
from meetings.services import figures_changed
from meetings.text import render_markdown

from . import permissions
from .models import (
    ACTIVE_STATES,
    Aspect,
    AuditEntry,
    Claim,
    ClaimRole,
    ClaimState,
    Department,
    Disposition,
    FollowUp,
    Press,
    Rating,
    Reply,
    ResponseAttachment,
    Score,
)
from .workdays import add_working_days

# How much a person may write in each part of the workflow (departments/forms.py shows the same limits;
# aspects' titles and excerpts have theirs in departments/aspects.py).
NOTE_MAX = 2_000  # assign, transfer and hand-back notes, presses, rating comments
REPLY_MAX = 20_000  # as long as a speech may be
FOLLOW_UP_MAX = 10_000


# --- helpers --------------------------------------------------------------------------------------

def today():
    return timezone.localdate()


def due_date(consultation: Consultation, start=None):
    return add_working_days(start or today(), consultation.response_days)


def _refuse(refusal: str | None, error=PermissionDenied) -> None:
    if refusal:
        raise error(refusal)


def _within(text: str, limit: int) -> str:
    if len(text) > limit:
        raise ValidationError(_("Keep it under %(limit)d characters.") % {"limit": limit})
    return text


def _optional_text(text: str, limit: int) -> str:
    """What a person wrote, cleaned (accounts.text.clean_input), trimmed, at most `limit` characters."""
    return _within(clean_input(text or "").strip(), limit)


def _require_text(text: str, message: str, limit: int) -> str:
    text = _optional_text(text, limit)
    if not text:
        raise ValidationError(message)
    return text


def _audit(actor, action, *, claim=None, aspect=None, post=None, department=None, detail=""):
    if claim is not None:
        aspect = aspect or claim.aspect
        department = department or claim.department
    if aspect is not None:
        post = post or aspect.post
    AuditEntry.objects.create(actor=actor, action=action, claim=claim, aspect=aspect, post=post,
                              department=department, detail=detail)
    if post is not None:  # every response action is audited: the blocks readers share are made again
        figures_changed(post.consultation_id)


def tell_department(department: Department, trigger, *, key, subject, body, url, urgent=False):
    for official in department.officials.all():
        notify(official, trigger, key=key, subject=subject, body=body, url=url,
               topic=f"department:{department.pk}", urgent=urgent)


def _tell_author(post: Post, trigger, *, key, subject, body):
    notify(post.author, trigger, key=key, subject=subject, body=body, url=post.get_absolute_url(),
           topic=Consultation.topic_of(post.consultation_id))


def _locked_aspect(aspect: Aspect) -> Aspect:
    """Lock the aspect row: claims on one aspect are decided one at a time."""
    return Aspect.objects.select_for_update().select_related("post__consultation").get(pk=aspect.pk)


def _locked_claim(claim: Claim) -> Claim:
    return (Claim.objects.select_for_update(of=("self",))
            .select_related("aspect__post__consultation", "department").get(pk=claim.pk))


def whole_aspect(post: Post, actor=None) -> Aspect:
    """The aspect that stands for the whole speech, made on first use."""
    aspect, _made = Aspect.objects.get_or_create(
        post=post, is_whole=True, defaults={"created_by": actor}
    )
    return aspect


def sync_response_state(post: Post) -> str:
    """Awaiting: no department holds any aspect. Answered: on every aspect, the lead (or, with no lead,
    some holder) has replied. Claimed: anything in between."""
    answered = {ClaimState.REPLIED, ClaimState.COMPLETED}
    holders: dict[int, list[tuple[str, str]]] = {pk: [] for pk in Aspect.objects.filter(post=post)
                                                 .values_list("pk", flat=True)}
    for aspect_id, role, state in Claim.objects.filter(aspect__post=post, state__in=ACTIVE_STATES).values_list(
            "aspect_id", "role", "state"):
        holders[aspect_id].append((role, state))

    def aspect_answered(claims):
        leads = [state for role, state in claims if role == ClaimRole.LEAD]
        return (leads[0] in answered) if leads else any(state in answered for _role, state in claims)

    if not any(holders.values()):
        state = ResponseState.AWAITING
    elif all(claims and aspect_answered(claims) for claims in holders.values()):
        state = ResponseState.ANSWERED
    else:
        state = ResponseState.CLAIMED
    if post.response_state != state:
        Post.objects.filter(pk=post.pk).update(response_state=state)
        post.response_state = state
    return state


# --- aspects --------------------------------------------------------------------------------------

# --- claims ---------------------------------------------------------------------------------------

def _target_aspect(post: Post, aspect: Aspect | None, actor) -> Aspect:
    if aspect is None:
        if Aspect.objects.filter(post=post, is_whole=False).exists():
            raise ValidationError(_("This speech is split into aspects; choose the aspect."))
        return whole_aspect(post, actor)
    if aspect.post_id != post.pk:
        raise ValidationError(_("That aspect belongs to another speech."))
    return aspect


def _create_claim(aspect: Aspect, department: Department, role: str, **fields) -> Claim:
    """Insert under the aspect lock; the partial unique indexes are the last word."""
    holder = aspect.claims.filter(state__in=ACTIVE_STATES, department=department).first()
    if holder:
        raise ValidationError(_("%(department)s already handles this aspect.") % {"department": department})
    if role == ClaimRole.LEAD:
        lead = aspect.claims.filter(state__in=ACTIVE_STATES, role=ClaimRole.LEAD).select_related("department").first()
        if lead:
            raise ValidationError(
                _("%(department)s already leads this aspect. You can join as a co-handling department.")
                % {"department": lead.department}
            )
    try:
        with transaction.atomic():
            return Claim.objects.create(aspect=aspect, department=department, role=role,
                                        due_on=due_date(aspect.post.consultation), claimed_at=timezone.now(),
                                        **fields)
    except IntegrityError:
        raise ValidationError(
            _("Another department claimed this aspect as lead a moment ago. You can join as a co-handling department.")
        ) from None


@transaction.atomic
def claim_aspect(official, post: Post, department: Department, *, aspect: Aspect | None = None,
                 role: str = ClaimRole.LEAD) -> Claim:
    """An official claims an aspect (or the unsplit speech) for their department, as lead or co-handling.

    One active lead per aspect: the loser of a race gets a message naming the lead.
    """
    _refuse(permissions.official_refusal(official, department))
    if role not in ClaimRole.values:
        raise ValidationError(_("Choose lead or co-handling."))
    _refuse(permissions.respond_refusal(post), ValidationError)
    _refuse(permissions.taking_part_refusal(department, post.consultation), ValidationError)
    aspect = _locked_aspect(_target_aspect(post, aspect, official))
    claim = _create_claim(aspect, department, role, claimed_by=official)
    _audit(official, AuditEntry.Action.CLAIMED, claim=claim, detail=claim.get_role_display())
    _tell_author_of_claim(post, claim)
    sync_response_state(post)
    return claim


def _tell_author_of_claim(post: Post, claim: Claim) -> None:
    department = claim.department
    _tell_author(post, Trigger.SPEECH_CLAIMED, key=f"claim:{claim.pk}:claimed",
                 subject=_("%(department)s claimed your speech") % {"department": department.name},
                 body=_("%(department)s took on “%(title)s” as %(role)s; reply due by %(due)s.") % {
                     "department": department.name, "title": post.title, "role": claim.get_role_display(),
                     "due": claim.due_on.isoformat()})


@transaction.atomic
def assign_aspect(staff, post: Post, department: Department, *, aspect: Aspect | None = None,
                  role: str = ClaimRole.LEAD, note: str = "") -> Claim:
    """Committee staff assign an aspect to a department (转办); the department is told."""
    _refuse(permissions.staff_refusal(staff))
    if role not in ClaimRole.values:
        raise ValidationError(_("Choose lead or co-handling."))
    _refuse(permissions.respond_refusal(post), ValidationError)
    _refuse(permissions.taking_part_refusal(department, post.consultation), ValidationError)
    aspect = _locked_aspect(_target_aspect(post, aspect, staff))
    note = _optional_text(note, NOTE_MAX)
    claim = _create_claim(aspect, department, role, claimed_by=staff, assigned=True, note=note)
    _audit(staff, AuditEntry.Action.ASSIGNED, claim=claim, detail=claim.note)
    tell_department(department, Trigger.CLAIM_ASSIGNED, key=f"claim:{claim.pk}:assigned",
                     subject=_("A speech was assigned to %(department)s") % {"department": department.name},
                     body=_("“%(title)s” was assigned to your department as %(role)s. %(note)s") % {
                         "title": post.title, "role": claim.get_role_display(), "note": claim.note},
                     url=post.get_absolute_url())
    _tell_author_of_claim(post, claim)
    sync_response_state(post)
    return claim


@transaction.atomic
def transfer_claim(staff, claim: Claim, department: Department, note: str) -> Claim:
    """Committee staff move a claim to another department, with a note; the old claim stays on record."""
    _refuse(permissions.staff_refusal(staff))
    note = _require_text(note, _("Say why the claim is transferred."), NOTE_MAX)
    aspect = _locked_aspect(claim.aspect)
    claim = _locked_claim(claim)
    if not claim.is_active:
        raise ValidationError(_("Only an active claim can be transferred."))
    if claim.department_id == department.pk:
        raise ValidationError(_("Choose another department."))
    _refuse(permissions.taking_part_refusal(department, aspect.post.consultation), ValidationError)
    now = timezone.now()
    claim.state, claim.ended_at, claim.end_reason = ClaimState.TRANSFERRED, now, note
    claim.save(update_fields=["state", "ended_at", "end_reason"])
    new = _create_claim(aspect, department, claim.role, claimed_by=staff, assigned=True, note=note)
    claim.transferred_to = new
    claim.save(update_fields=["transferred_to"])
    post = aspect.post
    _audit(staff, AuditEntry.Action.TRANSFERRED, claim=new,
           detail=f"{claim.department.name} → {department.name}: {note}")
    tell_department(department, Trigger.CLAIM_ASSIGNED, key=f"claim:{new.pk}:assigned",
                     subject=_("A speech was assigned to %(department)s") % {"department": department.name},
                     body=_("“%(title)s” was assigned to your department as %(role)s. %(note)s") % {
                         "title": post.title, "role": new.get_role_display(), "note": note},
                     url=post.get_absolute_url())
    sync_response_state(post)
    return new


@transaction.atomic
def hand_back_claim(official, claim: Claim, reason: str) -> Claim:
    """A department gives back a claim it has not answered yet, saying why."""
    _refuse(permissions.official_refusal(official, claim.department))
    reason = _require_text(reason, _("Say why you hand the claim back."), NOTE_MAX)
    _locked_aspect(claim.aspect)
    claim = _locked_claim(claim)
    if not claim.is_owing:
        raise ValidationError(_("Only a claim that is not answered yet can be handed back."))
    claim.state, claim.ended_at, claim.end_reason = ClaimState.HANDED_BACK, timezone.now(), reason
    claim.save(update_fields=["state", "ended_at", "end_reason"])
    _audit(official, AuditEntry.Action.HANDED_BACK, claim=claim, detail=reason)
    sync_response_state(claim.aspect.post)
    return claim


# --- replies and follow-ups -----------------------------------------------------------------------

def _answer_presses(claim: Claim, now):
    Press.objects.filter(claim=claim, answered_at__isnull=True).update(answered_at=now)


def _attach(official, post: Post, files, **owner) -> None:
    """Checked uploads (meetings.attachments.validation) stored under the speech, linked to the response."""
    stored = attachment_services.store(list(files), uploader=official, post=post, owner=AttachmentOwner.RESPONSE)
    ResponseAttachment.objects.bulk_create([ResponseAttachment(attachment=a, **owner) for a in stored])


@transaction.atomic
def publish_reply(official, claim: Claim, body: str, disposition: str, files=()) -> Reply:
    """An official publishes the department's reply to a claim it owes an answer on (with files, if any)."""
    _refuse(permissions.official_refusal(official, claim.department))
    body = _require_text(body, _("Write the reply."), REPLY_MAX)
    if disposition not in Disposition.values:
        raise ValidationError(_("Choose a disposition."))
    claim = _locked_claim(claim)
    if not claim.is_owing:
        raise ValidationError(_("This claim does not wait for a reply."))
    now = timezone.now()
    reply = Reply.objects.create(claim=claim, author=official, body=body, body_html=render_markdown(body),
                                 disposition=disposition, round=claim.replies.count() + 1)
    claim.state = ClaimState.REPLIED
    claim.first_replied_at = claim.first_replied_at or now
    claim.save(update_fields=["state", "first_replied_at"])
    _answer_presses(claim, now)
    post = claim.aspect.post
    _attach(official, post, files, reply=reply)
    _audit(official, AuditEntry.Action.REPLIED, claim=claim, detail=reply.get_disposition_display())
    _tell_author(post, Trigger.SPEECH_ANSWERED, key=f"reply:{reply.pk}:published",
                 subject=_("%(department)s replied to your speech") % {"department": claim.department.name},
                 body=_("%(department)s replied to “%(title)s”: %(disposition)s.") % {
                     "department": claim.department.name, "title": post.title,
                     "disposition": reply.get_disposition_display()})
    sync_response_state(post)
    return reply


@transaction.atomic
def add_follow_up(official, claim: Claim, body: str, *, complete: bool = False, files=()) -> FollowUp:
    """A progress note after the reply; `complete` marks the claim completed (办结)."""
    _refuse(permissions.official_refusal(official, claim.department))
    body = _require_text(body, _("Write the progress note."), FOLLOW_UP_MAX)
    claim = _locked_claim(claim)
    if claim.state != ClaimState.REPLIED:
        if claim.state == ClaimState.COMPLETED:
            raise ValidationError(_("This claim is already completed."))
        raise ValidationError(_("Publish the reply before adding follow-up updates."))
    now = timezone.now()
    follow_up = FollowUp.objects.create(claim=claim, author=official, body=body, body_html=render_markdown(body),
                                        completes=complete)
    _answer_presses(claim, now)
    if complete:
        claim.state, claim.completed_at = ClaimState.COMPLETED, now
        claim.save(update_fields=["state", "completed_at"])
    post = claim.aspect.post
    _attach(official, post, files, follow_up=follow_up)
    _audit(official, AuditEntry.Action.COMPLETED if complete else AuditEntry.Action.FOLLOWED_UP, claim=claim,
           detail=body[:200])
    if complete:
        _tell_author(post, Trigger.SPEECH_ANSWERED, key=f"claim:{claim.pk}:completed",
                     subject=_("%(department)s completed its work on your speech") % {
                         "department": claim.department.name},
                     body=_("%(department)s marked “%(title)s” completed.") % {
                         "department": claim.department.name, "title": post.title})
    return follow_up


def complete_claim(official, claim: Claim, body: str) -> FollowUp:
    return add_follow_up(official, claim, body, complete=True)


# --- leaders press, authors rate ------------------------------------------------------------------

@transaction.atomic
def press_claim(leader, claim: Claim, note: str, *, reply: Reply | None = None) -> Press:
    """A leader presses the department on a claim or one of its replies (督办)."""
    _refuse(permissions.press_refusal(leader, claim.aspect.post))
    note = _require_text(note, _("Write what you press for."), NOTE_MAX)
    claim = _locked_claim(claim)
    if reply is not None and reply.claim_id != claim.pk:
        raise ValidationError(_("That reply belongs to another claim."))
    if not claim.is_active:
        raise ValidationError(_("This claim is no longer with the department."))
    if claim.state == ClaimState.COMPLETED:
        raise ValidationError(_("This claim is already completed."))
    post = claim.aspect.post
    press = Press.objects.create(claim=claim, reply=reply, leader=leader, note=note)
    _audit(leader, AuditEntry.Action.PRESSED, claim=claim, detail=note)
    tell_department(claim.department, Trigger.DEPARTMENT_PRESSED, key=f"press:{press.pk}",
                     subject=_("%(leader)s pressed %(department)s") % {
                         "leader": leader.shown_name, "department": claim.department.name},
                     body=_("On “%(title)s”: %(note)s") % {"title": post.title, "note": note},
                     url=post.get_absolute_url(), urgent=True)
    return press


@transaction.atomic
def rate_reply(user, reply: Reply, score: str, comment: str = "") -> Rating:
    """The speech's author rates a reply; unsatisfied reopens the claim for a second reply, once."""
    claim = _locked_claim(reply.claim)
    post = claim.aspect.post
    _refuse(permissions.rate_refusal(user, post))
    if score not in Score.values:
        raise ValidationError(_("Choose a rating."))
    if Rating.objects.filter(reply=reply).exists():
        raise ValidationError(_("You have already rated this reply."))
    rating = Rating.objects.create(reply=reply, rater=user, score=score, comment=_optional_text(comment, NOTE_MAX))
    _audit(user, AuditEntry.Action.RATED, claim=claim, detail=f"{rating.get_score_display()} {rating.comment}")
    reopened = (score == Score.UNSATISFIED and claim.reopened_at is None and claim.state == ClaimState.REPLIED
                and not claim.replies.filter(round__gt=reply.round).exists())
    if reopened:
        claim.state, claim.reopened_at, claim.due_on = ClaimState.REOPENED, timezone.now(), due_date(post.consultation)
        claim.save(update_fields=["state", "reopened_at", "due_on"])
        _audit(user, AuditEntry.Action.REOPENED, claim=claim, detail=rating.comment)
    tell_department(claim.department, Trigger.REPLY_RATED, key=f"rating:{rating.pk}",
                     subject=_("The author rated your reply: %(score)s") % {"score": rating.get_score_display()},
                     body=(_("The claim is reopened for a second reply, due by %(due)s.") % {
                         "due": claim.due_on.isoformat()} if reopened else rating.comment or post.title),
                     url=post.get_absolute_url(), urgent=reopened)
    sync_response_state(post)
    return rating


def departments_for(user):
    """The departments a person may act for (officials only)."""
    if not (user.is_authenticated and user.is_official):
        return Department.objects.none()
    return Department.objects.filter(officials=user)

