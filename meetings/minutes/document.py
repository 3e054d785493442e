"""The content of the minutes, read from the database as a stream of plain records.

Writers ask a `Minutes` for its cover, figures, sub-topics (each with a lazy stream of speeches),
appendices. Speeches are read with `iterator(chunk_size=…)` and their comments, aspects, claims,
replies, follow-ups and presses are prefetched per chunk, so the number of queries grows with the
number of chunks, never with the number of rows, and no more than one chunk is held in memory.

`meetings` never imports `departments` code (see docs/ARCHITECTURE.md): its models are looked up
by name and reached through their related names.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import strip_tags

from accounts.models import Role

from ..models import Comment, Consultation, Post
from ..text import render_markdown
from .hotwords import HotWords
from .i18n import t

CHUNK = 200  # speeches per database round trip (with all their comments and responses)


def department_model(name: str):
    return apps.get_model("departments", name)


# --- Plain records the writers render ----------------------------------------------------------------


@dataclass
class Person:
    name: str
    role: str
    role_label: str

    @classmethod
    def of(cls, user, role: str | None = None) -> "Person":
        if user is None:
            return cls(t("(deleted)"), "", "")
        role = role or user.role
        try:
            label = str(Role(role).label)
        except ValueError:
            label = role
        return cls(user.shown_name, role, label)


@dataclass
class StageLine:
    name: str
    starts_at: datetime
    ends_at: datetime
    description: str


@dataclass
class Cover:
    title: str
    organizer: str
    theme: str
    first_day: datetime | None
    last_day: datetime | None
    stages: list[StageLine]
    status_label: str
    edition: str
    edition_label: str
    compiled_at: datetime


@dataclass
class Figure:
    label: str
    value: str


@dataclass
class CommentEntry:
    author: Person
    at: datetime
    html: str
    text: str
    depth: int
    is_leader: bool
    hidden: bool
    hidden_reason: str
    awaiting_approval: bool
    likes: int
    answers_left_out: bool = False


@dataclass
class RatingEntry:
    rater: Person
    score: str
    score_label: str
    comment: str
    at: datetime


@dataclass
class ReplyEntry:
    department: str
    official: Person
    disposition_label: str
    round: int
    at: datetime
    html: str
    text: str
    rating: RatingEntry | None


@dataclass
class FollowUpEntry:
    official: Person
    at: datetime
    html: str
    text: str
    completes: bool


@dataclass
class PressEntry:
    leader: Person
    at: datetime
    note: str
    answered_at: datetime | None
    on_reply_round: int | None


@dataclass
class ClaimEntry:
    department: str
    role: str
    role_label: str
    state_label: str
    claimed_at: datetime
    due_on: object
    assigned: bool
    replies: list[ReplyEntry]
    follow_ups: list[FollowUpEntry]
    presses: list[PressEntry]


@dataclass
class AspectEntry:
    number: int
    title: str
    excerpt: str
    is_whole: bool
    claims: list[ClaimEntry]


@dataclass
class SpeechEntry:
    number: int
    title: str
    author: Person
    at: datetime
    edited_at: datetime | None
    html: str
    text: str
    hidden: bool
    hidden_reason: str
    likes: int
    comments: list[CommentEntry]
    aspects: list[AspectEntry]


@dataclass
class SubTopicEntry:
    number: int
    title: str
    brief: str
    speeches: Iterator[SpeechEntry] = field(repr=False)


@dataclass
class Participant:
    name: str
    title: str
    speeches: int = 0
    comments: int = 0
    replies: int = 0
    presses: int = 0


@dataclass
class ParticipantGroup:
    role_label: str
    people: list[Participant]


@dataclass
class AspectRow:
    """One line of the aspects/responses table: an aspect and one department's claim on it (or none)."""

    number: int
    subtopic: str
    speech_title: str
    speech_author: str
    speech_at: datetime
    aspect: str
    department: str
    claim_role: str
    state: str
    claimed_at: datetime | None
    due_on: object
    first_reply_at: datetime | None
    disposition: str
    replies: str
    rating: str
    follow_ups: str
    presses: int
    hidden: bool


def html_of(html: str, source: str) -> str:
    """Stored sanitized HTML, or the Markdown source rendered (rows loaded in bulk may lack HTML)."""
    return html or (render_markdown(source) if source else "")


def text_of(html: str) -> str:
    return strip_tags(html).strip()


def thread_order(comments: list) -> list[tuple[object, int, bool]]:
    """Comments (oldest first) in thread order: (comment, depth, answers a comment left out).

    A reply follows the comment it answers. A reply whose parent is not in the list (hidden, so left
    out of the public edition) is not hidden itself: it stays, as a thread of its own, flagged.
    """
    present = {comment.pk for comment in comments}
    children = defaultdict(list)
    roots = []
    for comment in comments:
        if comment.parent_id is None or comment.parent_id not in present:
            roots.append(comment)
        else:
            children[comment.parent_id].append(comment)
    ordered = []
    stack = [(comment, 0) for comment in reversed(roots)]
    while stack:
        comment, depth = stack.pop()
        ordered.append((comment, depth, comment.parent_id is not None and comment.parent_id not in present))
        stack.extend((child, depth + 1) for child in reversed(children[comment.pk]))
    return ordered


class Minutes:
    """The minutes of one consultation in one edition, read lazily.

    `internal=True` keeps hidden speeches and comments (and comments awaiting approval), marked;
    the public edition leaves them out.
    """

    def __init__(self, consultation: Consultation, *, internal: bool = False,
                 on_progress: Callable[[int], None] | None = None):
        self.consultation = consultation
        self.internal = internal
        self.on_progress = on_progress or (lambda percent: None)
        self.hot_words = HotWords()
        self._speeches_done = 0
        self._speech_total = None
        self._walked = False

    # --- querysets ---------------------------------------------------------------------------------

    def posts(self):
        posts = Post.objects.filter(consultation=self.consultation)
        return posts if self.internal else posts.filter(is_hidden=False)

    def comments(self):
        comments = Comment.objects.filter(post__in=self.posts())
        return comments if self.internal else comments.filter(is_hidden=False, is_approved=True)

    def aspects(self):
        return department_model("Aspect").objects.filter(post__in=self.posts())

    # --- cover and figures --------------------------------------------------------------------------

    def cover(self) -> Cover:
        from ..models import Compilation

        stages = [StageLine(s.name, s.starts_at, s.ends_at, s.description)
                  for s in self.consultation.stages.order_by("order", "starts_at")]
        edition = Compilation.Edition.INTERNAL if self.internal else Compilation.Edition.PUBLIC
        return Cover(
            title=self.consultation.title,
            organizer=self.consultation.organizer,
            theme=self.consultation.theme,
            first_day=min((s.starts_at for s in stages), default=None),
            last_day=max((s.ends_at for s in stages), default=None),
            stages=stages,
            status_label=str(self.consultation.get_status_display()),
            edition=edition,
            edition_label=t("Internal edition") if self.internal else t("Public edition"),
            compiled_at=timezone.now(),
        )

    def figures(self) -> list[Figure]:
        from .figures import summary_figures

        return summary_figures(self)

    # --- the body ----------------------------------------------------------------------------------

    @property
    def speech_total(self) -> int:
        if self._speech_total is None:
            self._speech_total = self.posts().count()
        return self._speech_total

    def subtopics(self) -> Iterator[SubTopicEntry]:
        """Sub-topics in order, each with a lazy stream of its speeches (consume one before the next)."""
        for number, subtopic in enumerate(self.consultation.subtopics.order_by("order", "pk"), start=1):
            yield SubTopicEntry(number, subtopic.title, subtopic.brief, self._speeches(subtopic))
        self._walked = True
        self.on_progress(100)

    def _speech_queryset(self, subtopic):
        Claim, Reply, FollowUp, Press = (department_model(n) for n in ("Claim", "Reply", "FollowUp", "Press"))
        comments = Comment.objects.select_related("author").order_by("created_at", "pk")
        if not self.internal:
            comments = comments.filter(is_hidden=False, is_approved=True)
        claims = Claim.objects.select_related("department").prefetch_related(
            Prefetch("replies", Reply.objects.select_related("author", "rating__rater").order_by("round", "pk")),
            Prefetch("follow_ups", FollowUp.objects.select_related("author").order_by("created_at", "pk")),
            Prefetch("presses", Press.objects.select_related("leader", "reply").order_by("created_at", "pk")),
        )
        aspects = department_model("Aspect").objects.order_by("order", "pk").prefetch_related(
            Prefetch("claims", claims)
        )
        return (
            self.posts().filter(subtopic=subtopic).select_related("author").order_by("created_at", "pk")
            .prefetch_related(Prefetch("comments", comments), Prefetch("aspects", aspects))
        )

    def _speeches(self, subtopic) -> Iterator[SpeechEntry]:
        total = max(self.speech_total, 1)
        for post in self._speech_queryset(subtopic).iterator(chunk_size=CHUNK):
            self._speeches_done += 1
            entry = self._speech_entry(post, self._speeches_done)
            yield entry
            if self._speeches_done % CHUNK == 0:
                self.on_progress(min(99, self._speeches_done * 100 // total))

    def _speech_entry(self, post, number: int) -> SpeechEntry:
        html = html_of(post.body_html, post.body)
        text = text_of(html)
        self.hot_words.feed(post.title)
        self.hot_words.feed(text)
        comments = []
        for comment, depth, orphan in thread_order(list(post.comments.all())):
            comment_html = html_of(comment.body_html, comment.body)
            comment_text = text_of(comment_html)
            self.hot_words.feed(comment_text)
            comments.append(CommentEntry(
                author=Person.of(comment.author, comment.author_role or None),
                at=comment.created_at, html=comment_html, text=comment_text, depth=depth,
                is_leader=comment.author_role == Role.LEADER, hidden=comment.is_hidden,
                hidden_reason=getattr(comment, "hidden_reason", ""),
                awaiting_approval=not comment.is_approved, likes=comment.like_count, answers_left_out=orphan,
            ))
        aspects = [self._aspect_entry(aspect, n) for n, aspect in enumerate(post.aspects.all(), start=1)]
        return SpeechEntry(
            number=number, title=post.title, author=Person.of(post.author), at=post.created_at,
            edited_at=post.edited_at, html=html, text=text, hidden=post.is_hidden,
            hidden_reason=getattr(post, "hidden_reason", ""), likes=post.like_count,
            comments=comments, aspects=aspects,
        )

    def _aspect_entry(self, aspect, number: int) -> AspectEntry:
        claims = []
        for claim in aspect.claims.all():
            replies = list(claim.replies.all())
            rounds = {reply.pk: reply.round for reply in replies}
            reply_entries = []
            for reply in replies:
                reply_html = html_of(reply.body_html, reply.body)
                reply_text = text_of(reply_html)
                self.hot_words.feed(reply_text)
                rating = getattr(reply, "rating", None)
                reply_entries.append(ReplyEntry(
                    department=claim.department.name, official=Person.of(reply.author),
                    disposition_label=str(reply.get_disposition_display()), round=reply.round,
                    at=reply.created_at, html=reply_html, text=reply_text,
                    rating=RatingEntry(Person.of(rating.rater), rating.score, str(rating.get_score_display()),
                                       rating.comment, rating.created_at) if rating else None,
                ))
            claims.append(ClaimEntry(
                department=claim.department.name, role=claim.role, role_label=str(claim.get_role_display()),
                state_label=str(claim.get_state_display()), claimed_at=claim.claimed_at, due_on=claim.due_on,
                assigned=claim.assigned, replies=reply_entries,
                follow_ups=[
                    FollowUpEntry(Person.of(f.author), f.created_at, html_of(f.body_html, f.body),
                                  text_of(html_of(f.body_html, f.body)), f.completes)
                    for f in claim.follow_ups.all()
                ],
                presses=[
                    PressEntry(Person.of(p.leader), p.created_at, p.note, p.answered_at,
                               rounds.get(p.reply_id) if p.reply_id else None)
                    for p in claim.presses.all()
                ],
            ))
        return AspectEntry(number, aspect.title, aspect.excerpt, aspect.is_whole, claims)

    # --- appendices --------------------------------------------------------------------------------

    def participants(self) -> list[ParticipantGroup]:
        from .figures import participants_by_role

        return participants_by_role(self)

    def aspect_rows(self) -> Iterator[AspectRow]:
        from .figures import aspect_rows

        return aspect_rows(self)

    def top_hot_words(self, count: int = 30) -> list[tuple[str, float]]:
        """Keywords of the whole meeting; fed while the body was walked, or read now in one pass."""
        if not self._walked:
            self.hot_words = HotWords()
            for title, body_html, body in self.posts().values_list("title", "body_html", "body").iterator(
                    chunk_size=2000):
                self.hot_words.feed(title)
                self.hot_words.feed(text_of(html_of(body_html, body)))
            for body_html, body in self.comments().values_list("body_html", "body").iterator(chunk_size=2000):
                self.hot_words.feed(text_of(html_of(body_html, body)))
        return self.hot_words.top(count)
