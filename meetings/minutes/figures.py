"""Aggregates of the minutes: the summary figures, participants by role and the aspects table.

Each is a handful of aggregate queries or one chunked stream, whatever the size of the meeting.
"""

import statistics
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.db.models import Count, Min
from django.utils.translation import gettext

from accounts.models import Role
from departments.models import Claim, Press, Rating, Reply

from ..insight import figures as insight
from ..models import CommentLike, PostLike
from .document import CLAIM_ROLE, CLAIM_STATE, RATING_SCORE, REPLY_DISPOSITION, Minutes, grouped
from .i18n import t
from .records import AspectRow, Figure, Participant, ParticipantGroup, html_of, text_of

ASPECT_CHUNK = 500  # aspects per round trip of the aspects table


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
    """Every aspect with each department's claim on it (the follow-up list the committee tracks), read
    500 aspects at a time as plain rows: their claims and the claims' replies one query each."""
    aspects = minutes.aspects().order_by(
        "post__subtopic__order", "post__subtopic_id", "post__created_at", "post_id", "order", "pk"
    ).values_list("pk", "title", "is_whole", "post__subtopic__title", "post__title", "post__created_at",
                  "post__is_hidden", "post__author__display_name", "post__author__real_name",
                  "post__author__username", named=True)
    chunk, number = [], 0
    for aspect in aspects.iterator(chunk_size=ASPECT_CHUNK):
        chunk.append(aspect)
        if len(chunk) == ASPECT_CHUNK:
            yield from _aspect_chunk(minutes, chunk, number)
            number += len(chunk)
            chunk = []
    if chunk:
        yield from _aspect_chunk(minutes, chunk, number)


def _aspect_chunk(minutes: Minutes, aspects: list, number: int) -> Iterator[AspectRow]:
    claims = grouped(Claim.objects.filter(aspect_id__in=[aspect.pk for aspect in aspects]).annotate(
        follow_up_count=Count("follow_ups", distinct=True), press_count=Count("presses", distinct=True)
    ).values_list("aspect_id", "pk", "department__name", "role", "state", "claimed_at", "due_on", "first_replied_at",
                  "follow_up_count", "press_count", named=True))
    claim_ids = [claim.pk for rows in claims.values() for claim in rows]
    replies = grouped(Reply.objects.filter(claim_id__in=claim_ids).order_by("round", "pk").values_list(
        "claim_id", "round", "created_at", "disposition", "body_html", "body", "rating__score", named=True)
    ) if claim_ids else {}
    unclaimed, none = t("Unclaimed"), "—"
    whole = gettext("Whole speech")  # as Aspect.label says it
    for aspect in aspects:
        number += 1
        base = {
            "number": number, "subtopic": aspect.post__subtopic__title, "speech_title": aspect.post__title,
            "speech_author": aspect.post__author__display_name or aspect.post__author__real_name
            or aspect.post__author__username,
            "speech_at": aspect.post__created_at, "aspect": whole if aspect.is_whole else aspect.title,
            "hidden": aspect.post__is_hidden,
        }
        claim_list = claims.get(aspect.pk, [])
        if not claim_list:
            yield AspectRow(**base, department=none, claim_role=none, state=unclaimed, claimed_at=None,
                            due_on=None, first_reply_at=None, disposition=none, replies="", rating=none,
                            follow_ups="0", presses=0)
            continue
        for claim in claim_list:
            reply_rows = replies.get(claim.pk, [])
            last = reply_rows[-1] if reply_rows else None
            ratings = [minutes.label(RATING_SCORE, r.rating__score) for r in reply_rows if r.rating__score is not None]
            yield AspectRow(
                **base, department=claim.department__name, claim_role=minutes.label(CLAIM_ROLE, claim.role),
                state=minutes.label(CLAIM_STATE, claim.state), claimed_at=claim.claimed_at, due_on=claim.due_on,
                first_reply_at=claim.first_replied_at or (reply_rows[0].created_at if reply_rows else None),
                disposition=minutes.label(REPLY_DISPOSITION, last.disposition) if last else none,
                replies="\n\n".join(
                    (t("Round %(round)d: ") % {"round": r.round}) + text_of(html_of(r.body_html, r.body))
                    for r in reply_rows
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
