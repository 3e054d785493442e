"""The plain records the minutes' writers render: people, speeches, comments, responses, figures.

Built by `document.Minutes` (the stream) and `figures` (the aggregates); read by every writer.
"""

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from accounts.models import Role

from ..text import render_markdown
from .i18n import t


@dataclass
class Person:
    name: str
    role: str
    role_label: str

    @classmethod
    def of(cls, user, role: str | None = None) -> "Person":
        if user is None:
            return cls(t("(deleted)"), "", "")
        return cls.named(user.shown_name, role or user.role)

    @classmethod
    def named(cls, name: str, role: str) -> "Person":
        try:
            label = str(Role(role).label)
        except ValueError:
            label = role
        return cls(name, role, label)


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
    number: str = ""  # the document number (发文字号) printed under the red header


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
    files: list = field(default_factory=list)  # attachments.FileEntry


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
    files: list = field(default_factory=list)


@dataclass
class FollowUpEntry:
    official: Person
    at: datetime
    html: str
    text: str
    completes: bool
    files: list = field(default_factory=list)


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
    files: list = field(default_factory=list)


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


TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")


def text_of(html: str) -> str:
    """The text of sanitized HTML (entities kept, as strip_tags keeps them): its tags are well formed,
    so one regular expression finds them, ten times faster than an HTML parser."""
    return TAG.sub("", html).strip()


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
