from .consultation import Consultation, ParticipationMode, Stage, Status, SubTopic, Visibility
from .post import Comment, CommentLike, Post, PostLike, ResponseState
from .moderation import ModerationAction, Onlooker, Report

__all__ = [
    "Comment",
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
