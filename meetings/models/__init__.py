from .consultation import Consultation, ParticipationMode, Stage, Status, SubTopic, Visibility
from .post import Comment, CommentLike, Post, PostLike, ResponseState
from .minutes import Compilation
from .moderation import ModerationAction, Onlooker, Report

__all__ = [
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
