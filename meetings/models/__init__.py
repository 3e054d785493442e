from .attachment import Attachment, AttachmentKind, AttachmentOwner, AttachmentState
from .consultation import Consultation, ParticipationMode, Stage, Status, SubTopic, Visibility
from .minutes import Compilation
from .moderation import ModerationAction, Onlooker, Report
from .post import Comment, CommentLike, Post, PostLike, ResponseState
from .search import DocumentKind, SearchDocument

__all__ = [
    "Attachment",
    "AttachmentKind",
    "AttachmentOwner",
    "AttachmentState",
    "Comment",
    "Compilation",
    "CommentLike",
    "Consultation",
    "DocumentKind",
    "ModerationAction",
    "Onlooker",
    "ParticipationMode",
    "Post",
    "PostLike",
    "Report",
    "ResponseState",
    "SearchDocument",
    "Stage",
    "Status",
    "SubTopic",
    "Visibility",
]
