"""What the services do when they succeed: counters, history, notifications, moderation records."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Notification, Trigger
from meetings import services
from meetings.models import (
    Comment,
    CommentLike,
    ModerationAction,
    ParticipationMode,
    Post,
    PostLike,
    Report,
    Status,
)
from meetings.moderation import services as moderation
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_edit_is_kept_and_marks_the_speech_edited(consultation, member):
    post = services.create_post(member, consultation, consultation.subtopics.first(), "初稿", "第一版")
    assert post.edited_at is None
    services.edit_post(member, post, "二稿", "第二版 **加粗**")
    services.edit_post(member, post, "三稿", "第三版")
    services.edit_post(member, post, "三稿", "第三版")  # no change, no new version
    post.refresh_from_db()
    assert post.edited_at is not None and post.title == "三稿"
    versions = list(post.history.order_by("history_date").values_list("title", "body", "history_user"))
    assert versions == [("初稿", "第一版", member.pk), ("二稿", "第二版 **加粗**", member.pk),
                        ("三稿", "第三版", member.pk)]


def test_edit_can_move_a_speech_to_another_subtopic(consultation, member):
    second = factories.SubTopicFactory(consultation=consultation)
    post = services.create_post(member, consultation, consultation.subtopics.first(), "标题", "正文")
    services.edit_post(member, post, "标题", "正文", subtopic=second)
    post.refresh_from_db()
    assert post.subtopic == second


def test_comments_thread_and_count(consultation, member, other_member, leader):
    post = factories.PostFactory(consultation=consultation, author=member)
    first = services.add_comment(other_member, post, "同意")
    reply = services.add_comment(leader, post, "请相关部门研究", parent=first)
    deeper = services.add_comment(member, post, "谢谢", parent=reply)
    assert (first.depth, reply.depth, deeper.depth) == (0, 1, 2)
    assert reply.is_leaders and reply.author_role == "leader"
    post.refresh_from_db()
    assert post.comment_count == 3


def test_a_reply_tells_the_person_replied_to_once(consultation, member, other_member):
    post = factories.PostFactory(consultation=consultation)
    first = services.add_comment(member, post, "同意")
    reply = services.add_comment(other_member, post, "补充一点", parent=first)
    services.add_comment(member, post, "自己回复自己不通知", parent=first)
    rows = Notification.objects.filter(trigger=Trigger.COMMENT_REPLIED)
    assert [(row.recipient, row.topic) for row in rows] == [(member, f"consultation:{consultation.pk}")]
    assert rows[0].url.endswith(f"/posts/{post.pk}/#comment-{reply.pk}")


def test_a_moderated_reply_tells_only_once_approved(consultation, member, public_user, staff):
    consultation.public_participation = ParticipationMode.MODERATED
    consultation.save()
    post = factories.PostFactory(consultation=consultation)
    first = services.add_comment(member, post, "同意")
    reply = services.add_comment(public_user, post, "我也说一句", parent=first)
    assert not Notification.objects.exists()
    moderation.approve_comment(staff, reply)
    moderation.approve_comment(staff, reply)  # twice changes nothing
    assert Notification.objects.filter(recipient=member).count() == 1
    post.refresh_from_db()
    assert post.comment_count == 2
    assert ModerationAction.objects.filter(comment=reply, kind="approve").count() == 1


def test_likes_toggle_one_per_person(consultation, member, other_member):
    post = factories.PostFactory(consultation=consultation)
    assert services.toggle_post_like(member, post) == (True, 1)
    assert services.toggle_post_like(other_member, post) == (True, 2)
    assert services.toggle_post_like(member, post) == (False, 1)
    assert PostLike.objects.filter(post=post).count() == 1
    comment = factories.CommentFactory(post=post)
    assert services.toggle_comment_like(member, comment) == (True, 1)
    assert services.toggle_comment_like(member, comment) == (False, 0)
    assert not CommentLike.objects.exists()


def test_hide_and_unhide_keep_their_reasons_and_resolve_reports(consultation, member, staff):
    post = factories.PostFactory(consultation=consultation)
    comment = services.add_comment(member, post, "不当言论")
    moderation.report(member, comment, "人身攻击")
    moderation.report(member, comment, "人身攻击")  # one open report per person and item
    assert Report.objects.count() == 1
    moderation.hide(staff, comment, "含人身攻击")
    comment.refresh_from_db()
    post.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "含人身攻击" and post.comment_count == 0
    assert Report.objects.get().resolved_by == staff
    moderation.unhide(staff, comment, "复核后恢复")
    comment.refresh_from_db()
    post.refresh_from_db()
    assert not comment.is_hidden and post.comment_count == 1
    actions = list(ModerationAction.objects.order_by("created_at").values_list("kind", "reason"))
    assert actions == [("hide", "含人身攻击"), ("unhide", "复核后恢复")]
    assert comment.history.count() == 1  # moderation is not an edit


def test_reject_keeps_a_pending_comment_hidden(consultation, public_user, staff):
    consultation.public_participation = ParticipationMode.MODERATED
    consultation.save()
    post = factories.PostFactory(consultation=consultation)
    comment = services.add_comment(public_user, post, "广告")
    moderation.reject_comment(staff, comment, "广告")
    comment = Comment.objects.get(pk=comment.pk)
    assert comment.is_hidden and not comment.is_approved
    assert Post.objects.get(pk=post.pk).comment_count == 0


def test_staff_dismiss_a_report(consultation, member, staff):
    post = factories.PostFactory(consultation=consultation)
    report = moderation.report(member, post, "不实")
    moderation.dismiss_report(staff, report)
    assert report.resolved_at and report.resolved_by == staff
    assert not Post.objects.get(pk=post.pk).is_hidden


def test_publish_needs_a_stage_and_a_subtopic(staff):
    draft = factories.ConsultationFactory(status=Status.DRAFT, with_stage_and_topic=False)
    with pytest.raises(ValidationError, match="阶段"):
        services.publish_consultation(staff, draft)
    factories.StageFactory(consultation=draft)
    with pytest.raises(ValidationError, match="子议题"):
        services.publish_consultation(staff, draft)
    factories.SubTopicFactory(consultation=draft)
    published = services.publish_consultation(staff, draft)
    assert published.status == Status.PUBLISHED and published.published_at
    closed = services.close_consultation(staff, published)
    assert closed.status == Status.CLOSED and closed.closed_at
    assert services.archive_consultation(staff, closed).status == Status.ARCHIVED


def test_only_staff_publish_and_close(member):
    draft = factories.ConsultationFactory(status=Status.DRAFT)
    with pytest.raises(services.PermissionDenied):
        services.publish_consultation(member, draft)
    published = factories.ConsultationFactory()
    with pytest.raises(services.PermissionDenied):
        services.close_consultation(member, published)
