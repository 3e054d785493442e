"""Reads the department pages need; each one a fixed number of queries however much data there is."""

from dataclasses import dataclass, field
from datetime import timedelta
from statistics import median

from django.core.paginator import Paginator
from django.db.models import Avg, Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.permissions import is_committee_staff
from meetings.models import Post, Status, SubTopic
from meetings.search_index import matching_speeches

from . import permissions
from .models import (
    ACTIVE_STATES,
    OWING_STATES,
    Aspect,
    AuditEntry,
    Claim,
    ClaimRole,
    ClaimState,
    Department,
    FollowUp,
    Press,
    Reply,
    ResponseAttachment,
    Score,
)
from .workdays import add_working_days

PAGE_SIZE = 20
ANSWERED_STATES = [ClaimState.REPLIED, ClaimState.COMPLETED]


def today():
    return timezone.localdate()


def due_soon_limit(on=None):
    """Owing claims due on or before this date (and not overdue yet) count as due soon."""
    return add_working_days(on or today(), 1)


def responses_are_shared(post: Post, user) -> bool:
    """Whether this person sees a speech's responses as every reader does: no action is theirs to take."""
    if not user.is_authenticated:
        return True
    return not (user.is_official or user.is_leader or is_committee_staff(user) or user.pk == post.author_id)


def user_department_ids(user) -> set[int]:
    if not (user.is_authenticated and user.is_official):
        return set()
    return set(Department.objects.filter(officials=user).values_list("pk", flat=True))


# --- the speech page --------------------------------------------------------------------------------

@dataclass
class AspectResponses:
    aspect: Aspect | None  # None: an unsplit speech nobody has claimed yet (the implicit whole speech)
    claims: list = field(default_factory=list)  # active ones first (lead, then co-handling), then history
    claimable: list = field(default_factory=list)  # the viewer's departments that could still claim it

    @property
    def active_claims(self):
        return [claim for claim in self.claims if claim.is_active]

    @property
    def past_claims(self):
        return [claim for claim in self.claims if not claim.is_active]

    @property
    def lead(self):
        return next((claim for claim in self.claims if claim.is_active and claim.is_lead), None)


@dataclass
class PostResponses:
    post: Post
    aspects: list[AspectResponses]
    is_split: bool
    # What the person looking may do:
    claim_departments: list  # departments they may claim for (their own that take part)
    assign_departments: list  # staff: all departments taking part
    is_author: bool
    is_leader: bool
    is_staff: bool
    can_split: bool
    can_respond: bool  # the consultation accepts department responses
    can_undo_split: bool = False

    @property
    def has_actions(self) -> bool:
        return bool(self.claim_departments or self.is_author or self.is_leader or self.is_staff)


def _response_files(post: Post) -> dict:
    """The files of every reply and follow-up on this speech, in one query: {("reply", pk): [Attachment]}."""
    files: dict = {}
    links = ResponseAttachment.objects.filter(attachment__post=post).select_related("attachment")
    for link in links.order_by("attachment__position", "attachment__pk"):
        key = ("reply", link.reply_id) if link.reply_id else ("follow_up", link.follow_up_id)
        files.setdefault(key, []).append(link.attachment)
    return files


def responses_for_post(post: Post, user) -> PostResponses:
    """Everything the speech page shows about department responses, in 8 queries at most."""
    aspects = list(Aspect.objects.filter(post=post).order_by("order", "pk"))
    claims = list(Claim.objects.filter(aspect__post=post).select_related("department", "claimed_by")
                  .order_by("claimed_at", "pk"))
    by_claim: dict[int, list] = {claim.pk: [] for claim in claims}
    replies = {claim.pk: [] for claim in claims}
    if claims:
        files_of = _response_files(post)
        for reply in Reply.objects.filter(claim__aspect__post=post).select_related("author", "rating"):
            reply.files = files_of.get(("reply", reply.pk), [])
            try:
                reply.the_rating = reply.rating
            except Reply.rating.RelatedObjectDoesNotExist:
                reply.the_rating = None
            reply.presses_on = []
            replies[reply.claim_id].append(reply)
            by_claim[reply.claim_id].append(("reply", reply.created_at, reply))
        for follow_up in FollowUp.objects.filter(claim__aspect__post=post).select_related("author"):
            follow_up.files = files_of.get(("follow_up", follow_up.pk), [])
            by_claim[follow_up.claim_id].append(("follow_up", follow_up.created_at, follow_up))
        for press in Press.objects.filter(claim__aspect__post=post).select_related("leader"):
            by_claim[press.claim_id].append(("press", press.created_at, press))

    mine = user_department_ids(user)
    on, soon = today(), due_soon_limit()
    is_staff = is_committee_staff(user)
    for claim in claims:
        claim.timeline = [{"kind": kind, "at": at, "item": item} for kind, at, item in
                          sorted(by_claim[claim.pk], key=lambda event: (event[1], event[2].pk))]
        claim.reply_list = replies[claim.pk]
        claim.open_presses = [e["item"] for e in claim.timeline if e["kind"] == "press" and e["item"].is_open]
        claim.user_acts = claim.department_id in mine
        claim.last_reply = claim.reply_list[-1] if claim.reply_list else None
        claim.overdue = claim.is_owing and claim.due_on < on
        claim.due_soon = claim.is_owing and on <= claim.due_on <= soon

    grouped: dict[int, list] = {aspect.pk: [] for aspect in aspects}
    for claim in claims:
        grouped[claim.aspect_id].append(claim)
    rank = {ClaimRole.LEAD: 0, ClaimRole.CO: 1}
    views = [AspectResponses(aspect, sorted(grouped[aspect.pk], key=lambda c: (not c.is_active, rank[c.role])))
             for aspect in aspects]
    is_split = any(not aspect.is_whole for aspect in aspects)
    if not aspects:
        views = [AspectResponses(None, [])]

    consultation = post.consultation
    can_respond = permissions.respond_refusal(post) is None
    taking_part = list(consultation.departments.all()) if (mine or is_staff) else []
    is_author = bool(user.is_authenticated and user.pk == post.author_id)
    own = [d for d in taking_part if d.pk in mine] if can_respond else []
    for view in views:
        holding = {claim.department_id for claim in view.active_claims}
        view.claimable = [d for d in own if d.pk not in holding]
    return PostResponses(
        post=post, aspects=views, is_split=is_split,
        claim_departments=own,
        assign_departments=taking_part if is_staff and can_respond else [],
        is_author=is_author, is_leader=bool(user.is_authenticated and user.is_leader), is_staff=is_staff,
        can_split=permissions.can_split(user, post, departments=own, split=is_split), can_respond=can_respond,
        can_undo_split=is_staff and is_split,
    )


# --- figures for the consultation page ---------------------------------------------------------------

def consultation_figures(consultation) -> dict:
    """Departments responded, replies, response rate, aspects answered / claimed / awaiting, average time to
    first reply: 3 queries."""
    active = Claim.objects.filter(aspect=OuterRef("pk"), state__in=ACTIVE_STATES)
    aspects = (Aspect.objects.filter(post__consultation=consultation, post__is_hidden=False)
               .annotate(is_answered=Exists(active.filter(state__in=ANSWERED_STATES)), is_held=Exists(active))
               .aggregate(total=Count("pk", distinct=True),
                          answered=Count("pk", distinct=True, filter=Q(is_answered=True)),
                          held=Count("pk", distinct=True, filter=Q(is_held=True)),
                          replies=Count("claims__replies", distinct=True)))
    unsplit = Post.objects.filter(consultation=consultation, is_hidden=False, aspects__isnull=True).count()
    claims = Claim.objects.filter(aspect__post__consultation=consultation, aspect__post__is_hidden=False)
    replied = claims.filter(first_replied_at__isnull=False).aggregate(
        departments=Count("department", distinct=True),
        average=Avg(ExpressionWrapper(F("first_replied_at") - F("claimed_at"), output_field=DurationField())),
    )
    average = replied["average"]
    if average is not None and not isinstance(average, timedelta):  # SQLite returns microseconds
        average = timedelta(microseconds=average)
    awaiting = aspects["total"] - aspects["held"] + unsplit
    everything = aspects["total"] + unsplit
    return {
        "departments_responded": replied["departments"],
        "replies": aspects["replies"],
        "response_rate": round(100 * aspects["answered"] / everything) if everything else None,
        "aspects_answered": aspects["answered"],
        "aspects_claimed": aspects["held"] - aspects["answered"],
        "aspects_awaiting": awaiting,
        "average_first_reply": average,
    }


# --- the department workspace ------------------------------------------------------------------------

WORKSPACE_TABS = ["awaiting", "claimed", "replied", "pressed", "reopened", "completed", "due_soon", "overdue"]
TAB_LABELS = {
    "awaiting": _("Awaiting a claim"), "claimed": _("Claimed"), "replied": _("Replied"), "pressed": _("Pressed"),
    "reopened": _("Reopened"), "completed": _("Completed"), "due_soon": _("Due soon"), "overdue": _("Overdue"),
}


def _claims_filter(tab: str, on) -> Q:
    return {
        "claimed": Q(state=ClaimState.CLAIMED),
        "replied": Q(state=ClaimState.REPLIED),
        "reopened": Q(state=ClaimState.REOPENED),
        "completed": Q(state=ClaimState.COMPLETED),
        "pressed": Q(state__in=ACTIVE_STATES, has_open_press=True),
        "due_soon": Q(state__in=OWING_STATES, due_on__gte=on, due_on__lte=due_soon_limit(on)),
        "overdue": Q(state__in=OWING_STATES, due_on__lt=on),
    }[tab]


def _open_press():
    return Exists(Press.objects.filter(claim=OuterRef("pk"), answered_at__isnull=True))


def awaiting_posts(department_ids):
    """Visible speeches in consultations these departments take part in that still have an aspect free."""
    free_aspect = Aspect.objects.filter(post=OuterRef("pk")).exclude(
        Exists(Claim.objects.filter(aspect=OuterRef("pk"), state__in=ACTIVE_STATES)))
    return (Post.objects.filter(consultation__departments__in=department_ids, is_hidden=False,
                                consultation__status__in=[Status.PUBLISHED, Status.CLOSED])
            .filter(Q(response_state="awaiting") | Exists(free_aspect)).distinct())


def workspace_counts(department_ids) -> dict:
    """The numbers in the navigation and on the tabs: 2 queries."""
    on = today()
    claims = Claim.objects.filter(department__in=department_ids).annotate(has_open_press=_open_press())
    counts = claims.aggregate(**{tab: Count("pk", filter=_claims_filter(tab, on)) for tab in WORKSPACE_TABS[1:]})
    counts["awaiting"] = awaiting_posts(department_ids).count()
    return counts


@dataclass
class Workspace:
    departments: list
    counts: dict
    tab: str
    page: object
    subtopics: list
    subtopic: str
    keyword: str
    attention: list = field(default_factory=list)  # reopened and overdue claims, shown on the default tab

    @property
    def tabs(self):
        return [(key, TAB_LABELS[key], self.counts.get(key, 0)) for key in WORKSPACE_TABS]

    @property
    def today(self):
        return today()

    @property
    def claims_tab(self) -> bool:
        return self.tab != "awaiting"


def workspace(user, *, tab="awaiting", subtopic="", keyword="", page=1) -> Workspace:
    """An official's desk: speeches awaiting a claim (filterable), and their departments' claims by state."""
    departments = list(Department.objects.filter(officials=user))
    ids = [department.pk for department in departments]
    tab = tab if tab in WORKSPACE_TABS else "awaiting"
    counts = workspace_counts(ids)
    subtopics = list(SubTopic.objects.filter(consultation__departments__in=ids,
                                             consultation__status__in=[Status.PUBLISHED, Status.CLOSED])
                     .select_related("consultation").distinct())
    if tab == "awaiting":
        rows = awaiting_posts(ids).select_related("consultation", "subtopic", "author").order_by("-created_at", "-pk")
        if subtopic.isdigit():
            rows = rows.filter(subtopic_id=int(subtopic))
        if keyword:
            rows = rows.filter(pk__in=matching_speeches(keyword))
    else:
        rows = (Claim.objects.filter(department__in=ids).annotate(has_open_press=_open_press())
                .filter(_claims_filter(tab, today()))
                .select_related("department", "aspect__post__consultation", "aspect__post__subtopic")
                .order_by("due_on", "pk"))
        if subtopic.isdigit():
            rows = rows.filter(aspect__post__subtopic_id=int(subtopic))
        if keyword:
            rows = rows.filter(Q(aspect__post__in=matching_speeches(keyword)) | Q(aspect__title__icontains=keyword))
    page_obj = Paginator(rows, PAGE_SIZE).get_page(page)
    attention = attention_claims(ids) if tab == "awaiting" else []
    return Workspace(departments, counts, tab, page_obj, subtopics, subtopic, keyword, attention)


ATTENTION_LIMIT = 10


def attention_claims(department_ids) -> list:
    """Work that must not wait behind new speeches: claims reopened by an unsatisfied author and claims
    past their due date, overdue first (one query, at most ATTENTION_LIMIT rows)."""
    on = today()
    return list(Claim.objects.filter(department__in=department_ids)
                .filter(Q(state=ClaimState.REOPENED) | _claims_filter("overdue", on))
                .select_related("department", "aspect__post__consultation")
                .order_by("due_on", "pk")[:ATTENTION_LIMIT])


# --- staff views -------------------------------------------------------------------------------------

def overdue_claims():
    return (Claim.objects.filter(state__in=OWING_STATES, due_on__lt=today())
            .select_related("department", "aspect__post__consultation").order_by("due_on", "pk"))


def reopened_claims():
    return (Claim.objects.filter(state=ClaimState.REOPENED)
            .select_related("department", "aspect__post__consultation").order_by("reopened_at", "pk"))


def audit_trail(*, department=None, post=None, action=""):
    entries = AuditEntry.objects.select_related("actor", "department", "post", "aspect")
    if department:
        entries = entries.filter(department=department)
    if post:
        entries = entries.filter(post=post)
    if action in AuditEntry.Action.values:
        entries = entries.filter(action=action)
    return entries


# --- the public department page ----------------------------------------------------------------------

def department_record(department: Department, page=1) -> dict:
    """A department's public record: claims, replies, median time to first reply, satisfaction."""
    public = Q(aspect__post__is_hidden=False, aspect__post__consultation__status__in=[
        Status.PUBLISHED, Status.CLOSED, Status.ARCHIVED], aspect__post__consultation__visibility="public")
    claims = Claim.objects.filter(public, department=department)
    totals = claims.aggregate(claims=Count("pk", filter=Q(state__in=ACTIVE_STATES)),
                              completed=Count("pk", filter=Q(state=ClaimState.COMPLETED)))
    firsts = list(claims.filter(first_replied_at__isnull=False).values_list("claimed_at", "first_replied_at"))
    median_first = median([reply - claimed for claimed, reply in firsts]) if firsts else None
    replies = Reply.objects.filter(claim__in=claims)
    scores = replies.aggregate(replies=Count("pk"), **{
        score: Count("pk", filter=Q(rating__score=score)) for score in Score.values})
    rated = sum(scores[score] for score in Score.values)
    satisfied = scores[Score.SATISFIED] + scores[Score.BASICALLY]
    recent = (replies.select_related("claim__aspect__post__consultation", "rating", "author")
              .order_by("-created_at", "-pk"))
    return {
        "claims": totals["claims"], "completed": totals["completed"], "replies": scores["replies"],
        "median_first_reply": median_first,
        "ratings": [(Score(score).label, scores[score]) for score in Score.values], "rated": rated,
        "satisfaction": round(100 * satisfied / rated) if rated else None,
        "page": Paginator(recent, PAGE_SIZE).get_page(page),
    }
