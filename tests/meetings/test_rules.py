"""The rules, server-side: each refusal has a test next to the success it guards."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from meetings import permissions, services
from meetings.models import ParticipationMode, Post, Status, Visibility
from meetings.moderation import services as moderation
from tests import factories

pytestmark = pytest.mark.django_db


def speak(user, consultation):
    return services.create_post(user, consultation, consultation.subtopics.first(), "关于监测的建议", "正文")


# --- speaking --------------------------------------------------------------------------------------


def test_invited_member_speaks_in_a_speech_stage(consultation, member):
    post = speak(member, consultation)
    assert post.author == member and post.body_html == "<p>正文</p>\n"


@pytest.mark.parametrize("status", [Status.CLOSED, Status.ARCHIVED, Status.DRAFT])
def test_nobody_speaks_in_a_closed_archived_or_draft_consultation(consultation, member, status):
    consultation.status = status
    consultation.save()
    with pytest.raises(PermissionDenied):
        speak(member, consultation)
    assert not Post.objects.exists()


def test_nobody_speaks_outside_a_speech_stage(consultation, member):
    consultation.stages.update(allows_speeches=False)
    with pytest.raises(PermissionDenied, match="发言"):
        speak(member, consultation)


def test_nobody_speaks_once_the_speech_stage_has_ended(consultation, member):
    now = timezone.now()
    consultation.stages.update(starts_at=now - timedelta(days=9), ends_at=now - timedelta(days=1))
    with pytest.raises(PermissionDenied):
        speak(member, consultation)


def test_uninvited_member_cannot_speak_in_an_invited_only_consultation(consultation, member, other_member):
    consultation.visibility = Visibility.INVITED
    consultation.save()
    assert speak(member, consultation)  # invited
    with pytest.raises(PermissionDenied, match="受邀"):
        speak(other_member, consultation)


def test_any_member_speaks_in_a_public_consultation(consultation, other_member):
    assert speak(other_member, consultation)


@pytest.mark.parametrize("role_fixture", ["leader", "public_user", "official"])
def test_only_members_post_speeches(consultation, request, role_fixture):
    with pytest.raises(PermissionDenied):
        speak(request.getfixturevalue(role_fixture), consultation)


def test_anonymous_never_writes(consultation):
    anonymous = AnonymousUser()
    post = factories.PostFactory(consultation=consultation)
    comment = factories.CommentFactory(post=post)
    for attempt in (
        lambda: speak(anonymous, consultation),
        lambda: services.add_comment(anonymous, post, "匿名评论"),
        lambda: services.toggle_post_like(anonymous, post),
        lambda: services.toggle_comment_like(anonymous, comment),
        lambda: moderation.report(anonymous, post, "不当内容"),
        lambda: services.edit_post(anonymous, post, "改", "改"),
        lambda: moderation.hide(anonymous, post, "理由"),
    ):
        with pytest.raises(PermissionDenied):
            attempt()


def test_a_speech_needs_a_title_a_body_and_a_subtopic_of_this_consultation(consultation, member):
    other = factories.ConsultationFactory()
    with pytest.raises(ValidationError):
        services.create_post(member, consultation, consultation.subtopics.first(), " ", "正文")
    with pytest.raises(ValidationError):
        services.create_post(member, consultation, consultation.subtopics.first(), "标题", "")
    with pytest.raises(ValidationError):
        services.create_post(member, consultation, other.subtopics.first(), "标题", "正文")


# --- editing ---------------------------------------------------------------------------------------


def test_only_the_author_edits_a_speech(consultation, member, other_member, staff):
    post = speak(member, consultation)
    services.edit_post(member, post, "新标题", "新正文")
    for someone in (other_member, staff):
        with pytest.raises(PermissionDenied, match="作者"):
            services.edit_post(someone, post, "改", "改")


def test_no_edits_once_the_consultation_is_closed(consultation, member):
    post = speak(member, consultation)
    Post.objects.filter(pk=post.pk)  # noqa: B018
    consultation.status = Status.CLOSED
    consultation.save()
    with pytest.raises(PermissionDenied):
        services.edit_post(member, post, "新标题", "新正文")


# --- commenting ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role_fixture", ["member", "leader", "official", "staff"])
def test_members_leaders_officials_and_staff_comment(consultation, request, role_fixture):
    post = factories.PostFactory(consultation=consultation)
    comment = services.add_comment(request.getfixturevalue(role_fixture), post, "意见")
    assert comment.is_approved


def test_no_comments_outside_a_stage_that_takes_them(consultation, member):
    post = factories.PostFactory(consultation=consultation)
    consultation.stages.update(allows_comments=False)
    with pytest.raises(PermissionDenied, match="评论"):
        services.add_comment(member, post, "意见")


def test_no_comments_in_a_closed_consultation(consultation, member):
    post = factories.PostFactory(consultation=consultation)
    consultation.status = Status.CLOSED
    consultation.save()
    with pytest.raises(PermissionDenied):
        services.add_comment(member, post, "意见")


def test_public_cannot_comment_where_the_consultation_is_read_only(consultation, public_user):
    post = factories.PostFactory(consultation=consultation)
    assert consultation.public_participation == ParticipationMode.READ_ONLY
    with pytest.raises(PermissionDenied):
        services.add_comment(public_user, post, "意见")


def test_public_comments_wait_for_approval_where_moderated(consultation, public_user):
    consultation.public_participation = ParticipationMode.MODERATED
    consultation.save()
    post = factories.PostFactory(consultation=consultation)
    comment = services.add_comment(public_user, post, "意见")
    assert not comment.is_approved
    post.refresh_from_db()
    assert post.comment_count == 0


def test_public_comments_go_straight_up_where_open(consultation, public_user):
    consultation.public_participation = ParticipationMode.OPEN
    consultation.save()
    post = factories.PostFactory(consultation=consultation)
    assert services.add_comment(public_user, post, "意见").is_approved


def test_outsider_cannot_comment_in_an_invited_only_consultation(consultation, other_member):
    consultation.visibility = Visibility.INVITED
    consultation.save()
    post = factories.PostFactory(consultation=consultation)
    with pytest.raises(PermissionDenied):
        services.add_comment(other_member, post, "意见")


def test_nobody_but_staff_comments_on_a_hidden_speech(consultation, member, staff):
    post = factories.PostFactory(consultation=consultation, is_hidden=True)
    with pytest.raises(PermissionDenied):
        services.add_comment(member, post, "意见")
    assert services.add_comment(staff, post, "意见")


def test_no_reply_to_a_hidden_comment_or_to_another_speech(consultation, member):
    post = factories.PostFactory(consultation=consultation)
    hidden = factories.CommentFactory(post=post, is_hidden=True)
    elsewhere = factories.CommentFactory(post=factories.PostFactory(consultation=consultation))
    with pytest.raises(PermissionDenied):
        services.add_comment(member, post, "回复", parent=hidden)
    with pytest.raises(ValidationError):
        services.add_comment(member, post, "回复", parent=elsewhere)


# --- likes, reports, moderation ---------------------------------------------------------------------


def test_no_likes_in_a_closed_consultation_or_on_hidden_content(consultation, member):
    post = factories.PostFactory(consultation=consultation)
    hidden = factories.PostFactory(consultation=consultation, is_hidden=True)
    with pytest.raises(PermissionDenied):
        services.toggle_post_like(member, hidden)
    consultation.status = Status.CLOSED
    consultation.save()
    with pytest.raises(PermissionDenied):
        services.toggle_post_like(member, post)


def test_only_staff_moderate(consultation, member, leader, staff):
    post = factories.PostFactory(consultation=consultation)
    comment = factories.CommentFactory(post=post, is_approved=False)
    for someone in (member, leader):
        with pytest.raises(PermissionDenied):
            moderation.hide(someone, post, "理由")
        with pytest.raises(PermissionDenied):
            moderation.approve_comment(someone, comment)
    moderation.hide(staff, post, "理由")


def test_hiding_needs_a_reason(consultation, staff):
    post = factories.PostFactory(consultation=consultation)
    with pytest.raises(ValidationError):
        moderation.hide(staff, post, "  ")


def test_outsider_cannot_report_in_an_invited_only_consultation(consultation, member, other_member):
    consultation.visibility = Visibility.INVITED
    consultation.save()
    post = factories.PostFactory(consultation=consultation)
    assert moderation.report(member, post, "不实")
    with pytest.raises(PermissionDenied):
        moderation.report(other_member, post, "不实")


# --- seeing -----------------------------------------------------------------------------------------


def test_invited_only_consultations_are_for_the_invited_and_staff(consultation, member, other_member, official,
                                                                  staff):
    consultation.visibility = Visibility.INVITED
    consultation.save()
    assert permissions.can_view(member, consultation)
    assert permissions.can_view(official, consultation)  # their department takes part
    assert permissions.can_view(staff, consultation)
    assert not permissions.can_view(other_member, consultation)
    assert not permissions.can_view(AnonymousUser(), consultation)


def test_drafts_are_for_staff_only(member, staff):
    draft = factories.ConsultationFactory(status=Status.DRAFT)
    assert permissions.can_view(staff, draft)
    assert not permissions.can_view(member, draft)
