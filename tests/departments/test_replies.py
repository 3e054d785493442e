import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Notification, Trigger
from departments import services
from departments.models import AuditEntry, ClaimRole, ClaimState, Disposition, Score
from meetings.models import Post, ResponseState


@pytest.fixture
def claim(post, official, department):
    return services.claim_aspect(official, post, department)


def test_official_replies_as_the_department(claim, official, post):
    reply = services.publish_reply(official, claim, "已将**防返贫监测**纳入年度计划。", Disposition.RESOLVED)
    claim.refresh_from_db()
    assert reply.author == official and reply.round == 1
    assert "<strong>防返贫监测</strong>" in reply.body_html
    assert claim.state == ClaimState.REPLIED and claim.first_replied_at is not None
    assert Post.objects.get(pk=post.pk).response_state == ResponseState.ANSWERED
    assert Notification.objects.filter(recipient=post.author, trigger=Trigger.SPEECH_ANSWERED).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REPLIED, actor=official).exists()


def test_reply_body_is_sanitized(claim, official):
    reply = services.publish_reply(official, claim, "<script>alert(1)</script>[x](javascript:alert(1))",
                                   Disposition.EXPLAINED)
    assert "<script" not in reply.body_html and 'href="javascript' not in reply.body_html


def test_nobody_else_publishes_as_the_department(claim, other_official, staff, leader, member):
    for person in (other_official, staff, leader, member):
        with pytest.raises(PermissionDenied):
            services.publish_reply(person, claim, "答复", Disposition.RESOLVED)


def test_reply_needs_body_and_disposition(claim, official):
    with pytest.raises(ValidationError):
        services.publish_reply(official, claim, "", Disposition.RESOLVED)
    with pytest.raises(ValidationError):
        services.publish_reply(official, claim, "答复", "maybe")


def test_second_reply_is_refused_until_reopened(claim, official):
    services.publish_reply(official, claim, "答复", Disposition.UNDER_STUDY)
    with pytest.raises(ValidationError):
        services.publish_reply(official, claim, "再答复", Disposition.RESOLVED)


def test_follow_ups_until_completed(claim, official, post):
    with pytest.raises(ValidationError):
        services.add_follow_up(official, claim, "进展")  # no reply yet
    services.publish_reply(official, claim, "答复", Disposition.UNDER_STUDY)
    services.add_follow_up(official, claim, "已召开专题会议研究")
    services.complete_claim(official, claim, "已出台实施方案，办结")
    claim.refresh_from_db()
    assert claim.state == ClaimState.COMPLETED and claim.completed_at
    assert [f.completes for f in claim.follow_ups.all()] == [False, True]
    with pytest.raises(ValidationError):
        services.add_follow_up(official, claim, "再补充")
    assert Post.objects.get(pk=post.pk).response_state == ResponseState.ANSWERED


def test_other_department_cannot_follow_up(claim, official, other_official):
    services.publish_reply(official, claim, "答复", Disposition.UNDER_STUDY)
    with pytest.raises(PermissionDenied):
        services.add_follow_up(other_official, claim, "进展")


def test_answered_claim_cannot_be_handed_back(claim, official):
    services.publish_reply(official, claim, "答复", Disposition.UNDER_STUDY)
    with pytest.raises(ValidationError):
        services.hand_back_claim(official, claim, "不办了")


def test_leader_presses_and_the_reply_answers_it(claim, leader, official):
    press = services.press_claim(leader, claim, "请加快办理")
    assert press.is_open
    note = Notification.objects.get(recipient=official, trigger=Trigger.DEPARTMENT_PRESSED, channel="in_app")
    assert note.urgent
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PRESSED, actor=leader).exists()
    services.publish_reply(official, claim, "答复", Disposition.RESOLVED)
    press.refresh_from_db()
    assert not press.is_open


def test_leader_presses_a_reply_and_a_follow_up_answers_it(claim, leader, official):
    reply = services.publish_reply(official, claim, "答复", Disposition.UNDER_STUDY)
    press = services.press_claim(leader, claim, "研究要有时限", reply=reply)
    assert press.reply == reply and press.is_open
    services.add_follow_up(official, claim, "三个月内完成研究")
    press.refresh_from_db()
    assert not press.is_open


def test_only_leaders_press(claim, member, staff, official):
    for person in (member, staff, official):
        with pytest.raises(PermissionDenied):
            services.press_claim(person, claim, "请加快")


def test_author_rates_satisfied(claim, official, member):
    reply = services.publish_reply(official, claim, "答复", Disposition.RESOLVED)
    rating = services.rate_reply(member, reply, Score.SATISFIED, "很好")
    assert rating.rater == member
    claim.refresh_from_db()
    assert claim.state == ClaimState.REPLIED
    assert Notification.objects.filter(recipient=official, trigger=Trigger.REPLY_RATED).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.RATED, actor=member).exists()
    with pytest.raises(ValidationError):
        services.rate_reply(member, reply, Score.UNSATISFIED)


def test_only_the_author_rates(claim, official, other_member, leader, staff):
    reply = services.publish_reply(official, claim, "答复", Disposition.RESOLVED)
    for person in (other_member, leader, staff, official):
        with pytest.raises(PermissionDenied):
            services.rate_reply(person, reply, Score.SATISFIED)


def test_unsatisfied_reopens_once_for_a_second_reply(claim, official, member, post):
    first = services.publish_reply(official, claim, "答复", Disposition.EXPLAINED)
    services.rate_reply(member, first, Score.UNSATISFIED, "没有回应实质问题")
    claim.refresh_from_db()
    assert claim.state == ClaimState.REOPENED and claim.reopened_at
    assert Post.objects.get(pk=post.pk).response_state == ResponseState.CLAIMED
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REOPENED).exists()
    second = services.publish_reply(official, claim, "补充答复", Disposition.UNDER_STUDY)
    assert second.round == 2
    services.rate_reply(member, second, Score.UNSATISFIED)
    claim.refresh_from_db()
    assert claim.state == ClaimState.REPLIED  # reopened once only


def test_co_handling_department_replies_too(post, official, department, other_official, other_department):
    lead = services.claim_aspect(official, post, department)
    co = services.claim_aspect(other_official, post, other_department, role=ClaimRole.CO)
    services.publish_reply(other_official, co, "配合办理", Disposition.RESOLVED)
    assert Post.objects.get(pk=post.pk).response_state == ResponseState.CLAIMED  # the lead still owes
    services.publish_reply(official, lead, "牵头办理", Disposition.RESOLVED)
    assert Post.objects.get(pk=post.pk).response_state == ResponseState.ANSWERED
