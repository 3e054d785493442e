"""The content of the minutes, read from the database as a stream of plain records.

Writers ask a `Minutes` for its cover, figures, sub-topics (each with a lazy stream of speeches),
appendices. Speeches are read with `iterator(chunk_size=…)` and their comments, aspects, claims,
replies, follow-ups and presses are prefetched per chunk, so the number of queries grows with the
number of chunks, never with the number of rows, and no more than one chunk is held in memory.

The minutes compose both apps (see docs/ARCHITECTURE.md): they read the departments' response
workflow with plain imports. The aggregates (summary figures, participants, the aspects table) are
in `figures`, which the writers call once each.
"""

from collections.abc import Callable, Iterator

from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import Role
from departments.models import Aspect, Claim, FollowUp, Press, Reply

from ..models import Comment, Consultation, Post
from . import attachments
from .hotwords import HotWords
from .i18n import t
from .records import (
    AspectEntry,
    ClaimEntry,
    CommentEntry,
    Cover,
    FollowUpEntry,
    Person,
    PressEntry,
    RatingEntry,
    ReplyEntry,
    SpeechEntry,
    StageLine,
    SubTopicEntry,
    html_of,
    text_of,
    thread_order,
)

CHUNK = 200  # speeches per database round trip (with all their comments and responses)


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
        return Aspect.objects.filter(post__in=self.posts())

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
            number=t("Minutes [%(year)s] No. %(number)s") % {
                "year": timezone.localdate().year, "number": self.consultation.pk},
        )

    # --- the body ----------------------------------------------------------------------------------

    def outline(self) -> list[tuple[str, list[tuple[str, bool]]]]:
        """Sub-topic titles with their speeches' (title, hidden), in minutes order: the contents, known
        before the body is walked (two queries, titles only)."""
        speeches: dict[int, list[tuple[str, bool]]] = {}
        for subtopic_id, title, hidden in self.posts().order_by("created_at", "pk").values_list(
                "subtopic_id", "title", "is_hidden").iterator(chunk_size=2000):
            speeches.setdefault(subtopic_id, []).append((title, hidden))
        return [(title, speeches.get(pk, []))
                for pk, title in self.consultation.subtopics.order_by("order", "pk").values_list("pk", "title")]

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
        comments = Comment.objects.select_related("author").order_by("created_at", "pk")
        if not self.internal:
            comments = comments.filter(is_hidden=False, is_approved=True)
        claims = Claim.objects.select_related("department").prefetch_related(
            Prefetch("replies", Reply.objects.select_related("author", "rating__rater").order_by("round", "pk")),
            Prefetch("follow_ups", FollowUp.objects.select_related("author").order_by("created_at", "pk")),
            Prefetch("presses", Press.objects.select_related("leader", "reply").order_by("created_at", "pk")),
        )
        aspects = Aspect.objects.order_by("order", "pk").prefetch_related(
            Prefetch("claims", claims)
        )
        return (
            self.posts().filter(subtopic=subtopic).select_related("author").order_by("created_at", "pk")
            .prefetch_related(Prefetch("comments", comments), Prefetch("aspects", aspects), attachments.prefetch())
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
        files = attachments.files_by_owner(post)
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
                files=files.get(("comment", comment.pk), []),
            ))
        aspects = [self._aspect_entry(aspect, n, files) for n, aspect in enumerate(post.aspects.all(), start=1)]
        return SpeechEntry(
            number=number, title=post.title, author=Person.of(post.author), at=post.created_at,
            edited_at=post.edited_at, html=html, text=text, hidden=post.is_hidden,
            hidden_reason=getattr(post, "hidden_reason", ""), likes=post.like_count,
            comments=comments, aspects=aspects, files=files.get(("speech", None), []),
        )

    def _aspect_entry(self, aspect, number: int, files: dict) -> AspectEntry:
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
                    files=files.get(("reply", reply.pk), []),
                ))
            claims.append(ClaimEntry(
                department=claim.department.name, role=claim.role, role_label=str(claim.get_role_display()),
                state_label=str(claim.get_state_display()), claimed_at=claim.claimed_at, due_on=claim.due_on,
                assigned=claim.assigned, replies=reply_entries,
                follow_ups=[
                    FollowUpEntry(Person.of(f.author), f.created_at, html_of(f.body_html, f.body),
                                  text_of(html_of(f.body_html, f.body)), f.completes,
                                  files.get(("follow_up", f.pk), []))
                    for f in claim.follow_ups.all()
                ],
                presses=[
                    PressEntry(Person.of(p.leader), p.created_at, p.note, p.answered_at,
                               rounds.get(p.reply_id) if p.reply_id else None)
                    for p in claim.presses.all()
                ],
            ))
        return AspectEntry(number, aspect.label, aspect.excerpt, aspect.is_whole, claims)

    # --- appendices --------------------------------------------------------------------------------

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
