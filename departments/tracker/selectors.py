"""The follow-up tracker: what became of every suggestion, across every consultation.

One row per aspect (a whole speech, or one part of a split speech): its lead and co-handling
departments, the latest disposition, the lead's state and due date, the last follow-up and the
author's latest rating, sorted by what needs attention first. Staff see every consultation; everyone
else sees the part a department's public record shows (public consultations, visible speeches).
The page and its XLSX export read the same queryset, in a fixed number of queries per page.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from accounts.permissions import is_committee_staff
from meetings.models import Consultation, Status

from ..models import (
    ACTIVE_STATES,
    OWING_STATES,
    Aspect,
    Claim,
    ClaimRole,
    ClaimState,
    Department,
    Disposition,
    FollowUp,
    Press,
    Rating,
    Reply,
    Score,
)
from ..selectors import due_soon_limit, today

PUBLIC_STATUSES = [Status.PUBLISHED, Status.CLOSED, Status.ARCHIVED]


class Attention:
    """Why a row needs attention, most urgent first (the tracker's sort order)."""

    OVERDUE, REOPENED, PRESSED, DUE_SOON, UNCLAIMED, IN_HAND, REPLIED, COMPLETED = range(8)


@dataclass
class TrackerFilters:
    consultation: Consultation | None = None
    department: Department | None = None
    state: str = ""
    disposition: str = ""
    overdue: bool = False
    since: date | None = None
    until: date | None = None


def visible_aspects(user):
    aspects = Aspect.objects.all()
    if is_committee_staff(user):
        return aspects
    return aspects.filter(post__is_hidden=False, post__consultation__visibility="public",
                          post__consultation__status__in=PUBLIC_STATUSES)


def tracker_aspects(user, filters: TrackerFilters):
    """Aspects a person may see, annotated with their lead's state, due date and what needs attention."""
    on, soon = today(), due_soon_limit()
    lead = Claim.objects.filter(aspect=OuterRef("pk"), role=ClaimRole.LEAD, state__in=ACTIVE_STATES)
    latest_reply = Reply.objects.filter(claim__aspect=OuterRef("pk")).order_by("-created_at", "-pk")
    latest_follow_up = FollowUp.objects.filter(claim__aspect=OuterRef("pk")).order_by("-created_at", "-pk")
    latest_rating = Rating.objects.filter(reply__claim__aspect=OuterRef("pk")).order_by("-created_at", "-pk")
    aspects = visible_aspects(user).annotate(
        lead_state=Subquery(lead.values("state")[:1]),
        lead_due=Subquery(lead.values("due_on")[:1]),
        disposition=Subquery(latest_reply.values("disposition")[:1]),
        last_follow_up_at=Subquery(latest_follow_up.values("created_at")[:1]),
        rating=Subquery(latest_rating.values("score")[:1]),
        pressed=Exists(Press.objects.filter(claim__aspect=OuterRef("pk"), answered_at__isnull=True)),
    ).annotate(attention=Case(
        When(lead_state__in=OWING_STATES, lead_due__lt=on, then=Value(Attention.OVERDUE)),
        When(lead_state=ClaimState.REOPENED, then=Value(Attention.REOPENED)),
        When(pressed=True, then=Value(Attention.PRESSED)),
        When(lead_state__in=OWING_STATES, lead_due__lte=soon, then=Value(Attention.DUE_SOON)),
        When(lead_state__isnull=True, then=Value(Attention.UNCLAIMED)),
        When(lead_state=ClaimState.CLAIMED, then=Value(Attention.IN_HAND)),
        When(lead_state=ClaimState.REPLIED, then=Value(Attention.REPLIED)),
        default=Value(Attention.COMPLETED), output_field=IntegerField(),
    ))
    aspects = _filtered(aspects, filters, on)
    return (aspects.select_related("post__consultation", "post__author")
            .prefetch_related(Prefetch("claims", Claim.objects.filter(state__in=ACTIVE_STATES)
                                       .select_related("department").order_by("-role", "claimed_at", "pk"),
                                       to_attr="active_claims"))
            .order_by("attention", "lead_due", "-post__created_at", "pk"))


def _filtered(aspects, filters: TrackerFilters, on):
    if filters.consultation is not None:
        aspects = aspects.filter(post__consultation=filters.consultation)
    if filters.department is not None:
        aspects = aspects.filter(claims__department=filters.department, claims__state__in=ACTIVE_STATES).distinct()
    if filters.state == "unclaimed":
        aspects = aspects.filter(lead_state__isnull=True)
    elif filters.state:
        aspects = aspects.filter(lead_state=filters.state)
    if filters.disposition:
        aspects = aspects.filter(disposition=filters.disposition)
    if filters.overdue:
        aspects = aspects.filter(lead_state__in=OWING_STATES, lead_due__lt=on)
    if filters.since:
        aspects = aspects.filter(post__created_at__date__gte=filters.since)
    if filters.until:
        aspects = aspects.filter(post__created_at__date__lte=filters.until)
    return aspects


def _label(choices, value) -> str:
    return str(choices(value).label) if value else ""


def labelled(aspect):
    """Names and labels a row shows, from the annotations and the prefetched claims (no query)."""
    aspect.lead_name = "、".join(c.department.name for c in aspect.active_claims if c.role == ClaimRole.LEAD)
    aspect.co_names = "、".join(c.department.name for c in aspect.active_claims if c.role == ClaimRole.CO)
    aspect.state_label = _label(ClaimState, aspect.lead_state) or str(_("Awaiting a claim"))
    aspect.disposition_label = _label(Disposition, aspect.disposition)
    aspect.rating_label = _label(Score, aspect.rating)
    return aspect


def committee_totals() -> dict:
    """The committee's totals over public consultations: suggestions answered and completed, satisfaction."""
    claims = Claim.objects.filter(
        state__in=ACTIVE_STATES, aspect__post__is_hidden=False,
        aspect__post__consultation__visibility="public", aspect__post__consultation__status__in=PUBLIC_STATUSES)
    counts = claims.filter(role=ClaimRole.LEAD).aggregate(
        answered=_count(Q(state__in=[ClaimState.REPLIED, ClaimState.COMPLETED])),
        completed=_count(Q(state=ClaimState.COMPLETED)),
        handled=_count(Q()),
    )
    ratings = Rating.objects.filter(reply__claim__in=claims).aggregate(
        rated=_count(Q()), satisfied=_count(Q(score__in=[Score.SATISFIED, Score.BASICALLY])))
    counts["satisfaction"] = round(100 * ratings["satisfied"] / ratings["rated"]) if ratings["rated"] else None
    return counts


def _count(condition: Q) -> Count:
    return Count("pk", filter=condition)
