"""Aggregates of the minutes: the summary figures, participants by role and the aspects table.

Each is a handful of aggregate queries or one chunked stream, whatever the size of the meeting.
"""

import statistics
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.db.models import Count, Min, Prefetch

from accounts.models import Role
from departments.models import Claim, Press, Rating, Reply

from ..insight import figures as insight
from ..models import CommentLike, PostLike
from .document import Minutes
from .i18n import t
from .records import AspectRow, Figure, Participant, ParticipantGroup, html_of, text_of


def onlookers(consultation) -> int:
    try:  # the meetings service counts unique viewers (Redis or the database)
        from ..onlookers import onlooker_count
    except ImportError:
        return consultation.onlooker_count
    return onlooker_count(consultation)


def duration_label(seconds: float) -> str:
    hours = round(max(seconds, 0) / 3600)  # a duration is never negative in print
    days, hours = divmod(hours, 24)
    if days:
        return t("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    return t("%(hours)d h") % {"hours": hours}


def percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


def median_wait(waits: list[float], skipped: int) -> str:
    value = duration_label(statistics.median(waits)) if waits else "—"
    if skipped:
        value += t(" (%(count)d replies dated before their speech not counted)") % {"count": skipped}
    return value


def summary_figures(minutes: Minutes) -> list[Figure]:
    posts, comments, aspects = minutes.posts(), minutes.comments(), minutes.aspects()
    speeches = posts.count()
    comment_count = comments.count()
    likes = PostLike.objects.filter(post__in=posts).count() + CommentLike.objects.filter(comment__in=comments).count()
    replies = Reply.objects.filter(claim__aspect__in=aspects)
    departments = replies.values("claim__department").distinct().count()
    firsts = aspects.annotate(first=Min("claims__replies__created_at")).filter(first__isnull=False)
    aspect_count = aspects.count()
    waits = [(first - posted).total_seconds()
             for first, posted in firsts.values_list("first", "post__created_at").iterator(chunk_size=5000)]
    answered = len(waits)
    # A reply dated before its speech (imported or back-dated data) has no meaningful wait: leave it out
    # of the median and say how many were left out, rather than print a negative time.
    waits = [wait for wait in waits if wait >= 0]
    skipped = answered - len(waits)
    scores = dict(Rating.objects.filter(reply__in=replies).values_list("score").annotate(n=Count("pk")))
    rated = sum(scores.values())
    content_ok = scores.get("satisfied", 0) + scores.get("basically", 0)
    return [
        Figure(t("Number of onlookers"), str(onlookers(minutes.consultation))),
        Figure(t("Number of speakers"), str(posts.values("author").distinct().count())),
        Figure(t("Number of speeches"), str(speeches)),
        Figure(t("Number of comments"), str(comment_count)),
        Figure(t("Number of likes"), str(likes)),
        Figure(t("Departments that responded"), str(departments)),
        Figure(t("Aspects answered"), f"{answered} / {aspect_count}"),
        Figure(t("Response rate"), percent(answered, aspect_count)),
        Figure(t("Median time from speech to first reply"), median_wait(waits, skipped)),
        Figure(t("Satisfaction (satisfied or basically satisfied)"),
               f"{percent(content_ok, rated)} ({content_ok} / {rated})" if rated else "—"),
    ]


def participants_by_role(minutes: Minutes) -> list[ParticipantGroup]:
    """Invited people and everyone who spoke, commented, replied or pressed, grouped by role."""
    aspects = minutes.aspects()
    tallies: dict[int, dict[str, int]] = {}

    def tally(rows, what):
        for user_id, n in rows:
            tallies.setdefault(user_id, {})[what] = n

    tally(minutes.posts().values_list("author").annotate(n=Count("pk")), "speeches")
    tally(minutes.comments().values_list("author").annotate(n=Count("pk")), "comments")
    tally(Reply.objects.filter(claim__aspect__in=aspects).values_list("author").annotate(n=Count("pk")), "replies")
    tally(Press.objects.filter(claim__aspect__in=aspects).values_list("leader").annotate(n=Count("pk")), "presses")
    for user_id in minutes.consultation.participants.values_list("pk", flat=True):
        tallies.setdefault(user_id, {})
    groups: dict[str, list[Participant]] = {}
    users = get_user_model().objects.filter(pk__in=list(tallies)).only(
        "username", "real_name", "display_name", "role", "title")
    for user in users.iterator(chunk_size=2000):
        groups.setdefault(user.role, []).append(Participant(user.shown_name, user.title, **tallies[user.pk]))
    return [
        ParticipantGroup(str(label), sorted(groups[role], key=lambda p: (-p.speeches, -p.comments, p.name)))
        for role, label in Role.choices if role in groups
    ]


def aspect_rows(minutes: Minutes) -> Iterator[AspectRow]:
    """Every aspect with each department's claim on it (the follow-up list the committee tracks)."""
    claims = Claim.objects.select_related("department").annotate(
        follow_up_count=Count("follow_ups", distinct=True), press_count=Count("presses", distinct=True)
    ).prefetch_related(Prefetch("replies", Reply.objects.select_related("rating").order_by("round", "pk")))
    aspects = (
        minutes.aspects().select_related("post__author", "post__subtopic")
        .order_by("post__subtopic__order", "post__subtopic_id", "post__created_at", "post_id", "order", "pk")
        .prefetch_related(Prefetch("claims", claims))
    )
    number = 0
    unclaimed, none = t("Unclaimed"), "—"
    for aspect in aspects.iterator(chunk_size=500):
        number += 1
        post = aspect.post
        base = {
            "number": number, "subtopic": post.subtopic.title, "speech_title": post.title,
            "speech_author": post.author.shown_name, "speech_at": post.created_at, "aspect": aspect.label,
            "hidden": post.is_hidden,
        }
        claim_list = list(aspect.claims.all())
        if not claim_list:
            yield AspectRow(**base, department=none, claim_role=none, state=unclaimed, claimed_at=None,
                            due_on=None, first_reply_at=None, disposition=none, replies="", rating=none,
                            follow_ups="0", presses=0)
            continue
        for claim in claim_list:
            replies = list(claim.replies.all())
            last = replies[-1] if replies else None
            ratings = [str(r.rating.get_score_display()) for r in replies if getattr(r, "rating", None)]
            yield AspectRow(
                **base, department=claim.department.name, claim_role=str(claim.get_role_display()),
                state=str(claim.get_state_display()), claimed_at=claim.claimed_at, due_on=claim.due_on,
                first_reply_at=claim.first_replied_at or (replies[0].created_at if replies else None),
                disposition=str(last.get_disposition_display()) if last else none,
                replies="\n\n".join(
                    (t("Round %(round)d: ") % {"round": r.round}) + text_of(html_of(r.body_html, r.body))
                    for r in replies
                ),
                rating="、".join(ratings) or none, follow_ups=str(claim.follow_up_count), presses=claim.press_count,
            )


def charts(minutes: Minutes) -> list:
    """The pictures the minutes carry in their summary (the staff's charts of shown content): activity
    over time, per sub-topic, participants by role, the department responses and their dispositions."""
    consultation = minutes.consultation
    funnel, _summary = insight.response_funnel(consultation)
    drawn = [insight.activity(consultation), insight.by_subtopic(consultation), insight.participants(consultation),
             funnel, insight.dispositions(consultation)]
    return [chart for chart in drawn if not chart.is_empty]
