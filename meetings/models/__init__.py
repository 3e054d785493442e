from .attachment import Attachment, AttachmentKind, AttachmentOwner, AttachmentState
from .consultation import Consultation, ParticipationMode, Stage, Status, SubTopic, Visibility
from .minutes import Compilation
from .moderation import ModerationAction, Onlooker, Report
from .post import Comment, CommentLike, Post, PostLike, ResponseState

__all__ = [
    "Attachment",
    "AttachmentKind",
    "AttachmentOwner",
    "AttachmentState",
    "Comment",
    "Compilation",
    "CommentLike",
    "Consultation",
    "ModerationAction",
    "Onlooker",
    "ParticipationMode",
    "Post",
    "PostLike",
    "Report",
    "ResponseState",
    "Stage",
    "Status",
    "SubTopic",
    "Visibility",
]
