"""The content of the minutes, read from the database as a stream of plain records.

Writers ask a `Minutes` for its cover, figures, sub-topics (each with a lazy stream of speeches),
appendices. Speeches are read with `iterator(chunk_size=…)` and their comments, aspects, claims,
replies, follow-ups, presses and files are read per chunk, one query each, as plain rows, so the
number of queries grows with the number of chunks, never with the number of rows, and no more than
one chunk is held in memory.

The minutes compose both apps (see docs/ARCHITECTURE.md): they read the departments' response
workflow with plain imports. The aggregates (summary figures, participants, the aspects table) are
in `figures`, which the writers call once each.
"""

from collections.abc import Callable, Iterator

from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import Role
from departments.models import Aspect, Claim, FollowUp, Press, Rating, Reply

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
USER_COLUMNS = ("display_name", "real_name", "username", "role")
CLAIM_ROLE, CLAIM_STATE = Claim._meta.get_field("role"), Claim._meta.get_field("state")
REPLY_DISPOSITION, RATING_SCORE = Reply._meta.get_field("disposition"), Rating._meta.get_field("score")


def user_fields(relation: str) -> list[str]:
    """The columns a Person is made of, read through `relation` in the same query."""
    return [f"{relation}_id", *(f"{relation}__{column}" for column in USER_COLUMNS)]


def grouped(rows) -> dict[int, list]:
    """Rows by their first column (the parent's key), in query order."""
    groups: dict[int, list] = {}
    for row in rows:
        groups.setdefault(row[0], []).append(row)
    return groups


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
        self._people: dict[tuple, Person] = {}
        self._labels: dict[tuple, str] = {}
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

    def _speeches(self, subtopic) -> Iterator[SpeechEntry]:
        total = max(self.speech_total, 1)
        posts = self.posts().filter(subtopic=subtopic).order_by("created_at", "pk").values_list(
            "pk", "title", "created_at", "edited_at", "body_html", "body", "is_hidden", "hidden_reason", "like_count",
            *user_fields("author"), named=True)
        chunk = []
        for post in posts.iterator(chunk_size=CHUNK):
            chunk.append(post)
            if len(chunk) == CHUNK:
                yield from self._chunk(chunk, total)
                chunk = []
        if chunk:
            yield from self._chunk(chunk, total)

    def _chunk(self, posts: list, total: int) -> Iterator[SpeechEntry]:
        """One chunk of speeches with everything under them, a query per kind of row (plain rows, not
        model instances: building and prefetching those was most of the time of a large meeting)."""
        ids = [post.pk for post in posts]
        comments = Comment.objects.filter(post_id__in=ids)
        if not self.internal:
            comments = comments.filter(is_hidden=False, is_approved=True)
        comments_by_post = grouped(comments.order_by("created_at", "pk").values_list(
            "post_id", "pk", "parent_id", "created_at", "body_html", "body", "is_hidden", "hidden_reason",
            "is_approved", "like_count", "author_role", *user_fields("author"), named=True))
        aspects = grouped(Aspect.objects.filter(post_id__in=ids).order_by("order", "pk").values_list(
            "post_id", "pk", "title", "excerpt", "is_whole", named=True))
        claims = replies = follow_ups = presses = {}
        aspect_ids = [aspect.pk for rows in aspects.values() for aspect in rows]
        if aspect_ids:
            claims = grouped(Claim.objects.filter(aspect_id__in=aspect_ids).values_list(
                "aspect_id", "pk", "department__name", "role", "state", "claimed_at", "due_on", "assigned", named=True))
            claim_ids = [claim.pk for rows in claims.values() for claim in rows]
            replies = grouped(Reply.objects.filter(claim_id__in=claim_ids).order_by("round", "pk").values_list(
                "claim_id", "pk", "round", "disposition", "created_at", "body_html", "body", *user_fields("author"),
                "rating__score", "rating__comment", "rating__created_at", *user_fields("rating__rater"), named=True))
            follow_ups = grouped(FollowUp.objects.filter(claim_id__in=claim_ids).order_by("created_at", "pk")
                                 .values_list("claim_id", "pk", "created_at", "body_html", "body", "completes",
                                              *user_fields("author"), named=True))
            presses = grouped(Press.objects.filter(claim_id__in=claim_ids).order_by("created_at", "pk").values_list(
                "claim_id", "created_at", "note", "answered_at", "reply_id", *user_fields("leader"), named=True))
        files = attachments.files_by_post(ids)
        for post in posts:
            self._speeches_done += 1
            yield self._speech_entry(post, self._speeches_done, comments_by_post.get(post.pk, []),
                                     aspects.get(post.pk, []), claims, replies, follow_ups, presses,
                                     files.get(post.pk, {}))
            if self._speeches_done % CHUNK == 0:
                self.on_progress(min(99, self._speeches_done * 100 // total))

    def _person(self, row, relation: str, role: str | None = None) -> Person:
        """The person a row names (`relation`'s user columns), as they signed: one Person per user and role."""
        user_id = getattr(row, f"{relation}_id")
        key = (user_id, role)
        if key not in self._people:
            if user_id is None:
                self._people[key] = Person.of(None)
            else:
                name = (getattr(row, f"{relation}__display_name") or getattr(row, f"{relation}__real_name")
                        or getattr(row, f"{relation}__username"))
                self._people[key] = Person.named(name, role or getattr(row, f"{relation}__role"))
        return self._people[key]

    def label(self, field, value) -> str:
        """A choice's label in the active language (each looked up once per compilation)."""
        key = (field, value)
        if key not in self._labels:
            self._labels[key] = str(dict(field.flatchoices).get(value, value))
        return self._labels[key]

    def _speech_entry(self, post, number: int, comment_rows: list, aspect_rows: list, claims: dict, replies: dict,
                      follow_ups: dict, presses: dict, files: dict) -> SpeechEntry:
        html = html_of(post.body_html, post.body)
        text = text_of(html)
        self.hot_words.feed(post.title)
        self.hot_words.feed(text)
        comments = []
        for comment, depth, orphan in thread_order(comment_rows):
            comment_html = html_of(comment.body_html, comment.body)
            comment_text = text_of(comment_html)
            self.hot_words.feed(comment_text)
            comments.append(CommentEntry(
                author=self._person(comment, "author", comment.author_role or None),
                at=comment.created_at, html=comment_html, text=comment_text, depth=depth,
                is_leader=comment.author_role == Role.LEADER, hidden=comment.is_hidden,
                hidden_reason=comment.hidden_reason, awaiting_approval=not comment.is_approved,
                likes=comment.like_count, answers_left_out=orphan, files=files.get(("comment", comment.pk), []),
            ))
        aspects = [self._aspect_entry(aspect, n, claims.get(aspect.pk, []), replies, follow_ups, presses, files)
                   for n, aspect in enumerate(aspect_rows, start=1)]
        return SpeechEntry(
            number=number, title=post.title, author=self._person(post, "author"), at=post.created_at,
            edited_at=post.edited_at, html=html, text=text, hidden=post.is_hidden, hidden_reason=post.hidden_reason,
            likes=post.like_count, comments=comments, aspects=aspects, files=files.get(("speech", None), []),
        )

    def _aspect_entry(self, aspect, number: int, claim_rows: list, replies: dict, follow_ups: dict, presses: dict,
                      files: dict) -> AspectEntry:
        claims = []
        for claim in claim_rows:
            reply_rows = replies.get(claim.pk, [])
            rounds = {reply.pk: reply.round for reply in reply_rows}
            reply_entries = []
            for reply in reply_rows:
                reply_html = html_of(reply.body_html, reply.body)
                reply_text = text_of(reply_html)
                self.hot_words.feed(reply_text)
                rating = None
                if reply.rating__score is not None:
                    rating = RatingEntry(self._person(reply, "rating__rater"), reply.rating__score,
                                         self.label(RATING_SCORE, reply.rating__score), reply.rating__comment,
                                         reply.rating__created_at)
                reply_entries.append(ReplyEntry(
                    department=claim.department__name, official=self._person(reply, "author"),
                    disposition_label=self.label(REPLY_DISPOSITION, reply.disposition), round=reply.round,
                    at=reply.created_at, html=reply_html, text=reply_text, rating=rating,
                    files=files.get(("reply", reply.pk), []),
                ))
            follow_up_entries = []
            for follow_up in follow_ups.get(claim.pk, []):
                follow_up_html = html_of(follow_up.body_html, follow_up.body)
                follow_up_entries.append(FollowUpEntry(
                    self._person(follow_up, "author"), follow_up.created_at, follow_up_html, text_of(follow_up_html),
                    follow_up.completes, files.get(("follow_up", follow_up.pk), [])))
            claims.append(ClaimEntry(
                department=claim.department__name, role=claim.role, role_label=self.label(CLAIM_ROLE, claim.role),
                state_label=self.label(CLAIM_STATE, claim.state), claimed_at=claim.claimed_at, due_on=claim.due_on,
                assigned=claim.assigned, replies=reply_entries, follow_ups=follow_up_entries,
                presses=[
                    PressEntry(self._person(press, "leader"), press.created_at, press.note, press.answered_at,
                               rounds.get(press.reply_id) if press.reply_id else None)
                    for press in presses.get(claim.pk, [])
                ],
            ))
        title = gettext("Whole speech") if aspect.is_whole else aspect.title  # as Aspect.label says it
        return AspectEntry(number, title, aspect.excerpt, aspect.is_whole, claims)

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
