"""The data behind the staff's charts of one consultation: each chart a small table, in a fixed
number of aggregate queries whatever the size of the meeting.

Shown content only (no hidden speeches or comments, no comments awaiting approval), like the live
figures on the consultation page.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from statistics import median

from django.db.models import Count, Q
from django.db.models.functions import TruncDate, TruncHour
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from departments.models import Claim, Disposition, Reply, Score
from departments.selectors import consultation_figures

from ..minutes.hotwords import HotWords
from ..minutes.records import html_of, text_of
from ..models import Comment, Consultation, Post

HOURLY_UP_TO = timedelta(days=3)  # a meeting shorter than this is drawn hour by hour
HOT_WORDS = 20
HOT_WORD_SPEECHES = 3000  # the newest speeches feed the hot words: enough to say what the meeting is about


@dataclass
class ChartData:
    """One chart: what it shows (title and a sentence for screen readers) and its table."""

    slug: str
    title: str
    description: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    kind: str = "bar"  # bar (categories down the side), line (over time), funnel

    @property
    def is_empty(self) -> bool:
        return not any(any(isinstance(v, int | float) and v for v in row[1:]) for row in self.rows)


def shown_posts(consultation: Consultation):
    return Post.objects.filter(consultation=consultation, is_hidden=False)


def shown_comments(consultation: Consultation):
    return Comment.objects.filter(post__consultation=consultation, post__is_hidden=False, is_hidden=False,
                                  is_approved=True)


def shown_replies(consultation: Consultation):
    return Reply.objects.filter(claim__aspect__post__consultation=consultation, claim__aspect__post__is_hidden=False)


def activity(consultation: Consultation) -> ChartData:
    """Speeches, comments and department replies per day (per hour for a meeting of a few days)."""
    stages = list(consultation.stages.all())
    span = (max(s.ends_at for s in stages) - min(s.starts_at for s in stages)) if stages else timedelta(days=30)
    hourly = span <= HOURLY_UP_TO
    trunc = TruncHour if hourly else TruncDate
    tz = timezone.get_current_timezone()
    counts: dict = {}
    for column, queryset in enumerate([shown_posts(consultation), shown_comments(consultation),
                                       shown_replies(consultation)]):
        bucketed = queryset.annotate(bucket=trunc("created_at", tzinfo=tz)).values("bucket").annotate(n=Count("pk"))
        for row in bucketed:
            counts.setdefault(row["bucket"], [0, 0, 0])[column] = row["n"]
    label = (lambda b: timezone.localtime(b).strftime("%m-%d %H:00")) if hourly else (lambda b: b.strftime("%m-%d"))
    return ChartData(
        "activity", _("Activity over time"),
        _("Speeches, comments and department replies per hour.") if hourly
        else _("Speeches, comments and department replies per day."),
        [_("Hour") if hourly else _("Day"), _("Speeches"), _("Comments"), _("Department replies")],
        [[label(bucket), *values] for bucket, values in sorted(counts.items())], kind="line",
    )


def by_subtopic(consultation: Consultation) -> ChartData:
    speeches = dict(shown_posts(consultation).values_list("subtopic").annotate(n=Count("pk")))
    comments = dict(shown_comments(consultation).values_list("post__subtopic").annotate(n=Count("pk")))
    rows = [[subtopic.title, speeches.get(subtopic.pk, 0), comments.get(subtopic.pk, 0)]
            for subtopic in consultation.subtopics.order_by("order", "pk")]
    return ChartData("subtopics", _("Activity per sub-topic"), _("Speeches and comments under each sub-topic."),
                     [_("Sub-topic"), _("Speeches"), _("Comments")], rows)


def by_stage(consultation: Consultation) -> ChartData:
    stages = list(consultation.stages.order_by("order", "starts_at"))

    def within(stage):
        return Q(created_at__gte=stage.starts_at, created_at__lt=stage.ends_at)

    speeches = shown_posts(consultation).aggregate(**{f"s{s.pk}": Count("pk", filter=within(s)) for s in stages})
    comments = shown_comments(consultation).aggregate(**{f"s{s.pk}": Count("pk", filter=within(s)) for s in stages})
    rows = [[stage.name, speeches.get(f"s{stage.pk}", 0), comments.get(f"s{stage.pk}", 0)] for stage in stages]
    return ChartData("stages", _("Activity per stage"), _("Speeches and comments written during each stage."),
                     [_("Stage"), _("Speeches"), _("Comments")], rows)


def participants(consultation: Consultation) -> ChartData:
    """People who spoke (by their role) and who commented (by the role they had when they wrote)."""
    speakers = dict(shown_posts(consultation).values_list("author__role").annotate(n=Count("author", distinct=True)))
    commenters = dict(shown_comments(consultation).values_list("author_role")
                      .annotate(n=Count("author", distinct=True)))
    roles = [Role.MEMBER, Role.LEADER, Role.OFFICIAL, Role.STAFF, Role.PUBLIC]
    rows = [[str(role.label), speakers.get(role, 0), commenters.get(role, 0)] for role in roles]
    return ChartData("participants", _("Participants by role"),
                     _("People who spoke and people who commented, by role."),
                     [_("Role"), _("Spoke"), _("Commented")], rows)


def response_funnel(consultation: Consultation) -> tuple[ChartData, dict]:
    """Aspects claimed → replied → rated, with the median time to first reply and satisfaction."""
    response = consultation_figures(consultation)
    claims = Claim.objects.filter(aspect__post__consultation=consultation, aspect__post__is_hidden=False)
    waits = [first - claimed for claimed, first in claims.filter(first_replied_at__isnull=False)
             .values_list("claimed_at", "first_replied_at").iterator(chunk_size=2000)]
    ratings = shown_replies(consultation).aggregate(
        rated=Count("pk", filter=Q(rating__isnull=False)),
        satisfied=Count("pk", filter=Q(rating__score__in=[Score.SATISFIED, Score.BASICALLY])))
    total = response["aspects_awaiting"] + response["aspects_claimed"] + response["aspects_answered"]
    claimed = response["aspects_claimed"] + response["aspects_answered"]
    rows = [[_("Speeches and aspects"), total], [_("Claimed"), claimed], [_("Replied"), response["aspects_answered"]],
            [_("Rated by the author"), ratings["rated"]]]
    summary = {
        "median_first_reply": median(waits) if waits else None,
        "satisfaction": round(100 * ratings["satisfied"] / ratings["rated"]) if ratings["rated"] else None,
        "departments": response["departments_responded"],
    }
    return ChartData("funnel", _("Department responses"),
                     _("Of all speeches and aspects: how many departments claimed, replied to, and the authors rated."),
                     [_("Step"), _("Count")], rows, kind="funnel"), summary


def dispositions(consultation: Consultation) -> ChartData:
    counts = dict(shown_replies(consultation).values_list("disposition").annotate(n=Count("pk")))
    rows = [[str(label), counts.get(value, 0)] for value, label in Disposition.choices]
    return ChartData("dispositions", _("Dispositions of the replies"), _("Department replies by disposition."),
                     [_("Disposition"), _("Replies")], rows)


def hot_words(consultation: Consultation) -> ChartData:
    """The meeting's keywords from the newest speeches' titles and text (expensive: cached longer)."""
    words = HotWords()
    newest = shown_posts(consultation).order_by("-created_at").values_list("title", "body_html", "body")
    for title, body_html, body in newest[:HOT_WORD_SPEECHES].iterator(chunk_size=500):
        words.feed(title)
        words.feed(text_of(html_of(body_html, body)))
    top = words.top(HOT_WORDS)
    heaviest = top[0][1] if top else 1
    return ChartData("hot-words", _("Hot words"),
                     _("The words speeches use most, weighted by how rare they are in Chinese (100 = the heaviest)."),
                     [_("Word"), _("Weight")], [[word, round(100 * weight / heaviest)] for word, weight in top])
