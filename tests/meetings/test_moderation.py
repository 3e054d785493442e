"""Staff moderate on the site: the queue, approve and reject, hide and show with a reason; anyone reports."""

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import Comment, ModerationAction, ParticipationMode, Post, Report
from meetings.moderation import services as moderation

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def moderated(consultation):
    consultation.public_participation = ParticipationMode.MODERATED
    consultation.save()
    return consultation


def test_the_queue_is_for_staff_only(client, member, leader):
    for person in (None, member, leader):
        if person:
            client.force_login(person)
        assert client.get(reverse("meetings:moderation")).status_code == 404


def test_staff_approve_a_public_comment_from_the_queue(client, moderated, speech, public_user, staff):
    comment = services.add_comment(public_user, speech, "公众的建议")
    client.force_login(staff)
    queue = client.get(reverse("meetings:moderation"), {"consultation": moderated.slug}).content.decode()
    assert "公众的建议" in queue and "待审核评论" in queue
    url = reverse("meetings:comment_moderate", args=[moderated.slug, comment.pk])
    response = client.post(url, {"action": "approve", "next": reverse("meetings:moderation")})
    assert response.status_code == 302
    assert Comment.objects.get(pk=comment.pk).is_approved
    client.logout()
    assert "公众的建议" in client.get(speech.get_absolute_url()).content.decode()


def test_staff_reject_a_public_comment(client, moderated, speech, public_user, staff):
    comment = services.add_comment(public_user, speech, "广告内容")
    client.force_login(staff)
    client.post(reverse("meetings:comment_moderate", args=[moderated.slug, comment.pk]),
                {"action": "reject", "reason": "商业广告"})
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "商业广告"


def test_staff_hide_and_show_a_speech_with_a_reason(client, consultation, speech, staff):
    client.force_login(staff)
    url = reverse("meetings:post_moderate", args=[consultation.slug, speech.pk])
    response = client.post(url, {"action": "hide"}, follow=True)  # no reason: refused, said clearly
    assert "请填写隐藏理由" in response.content.decode() and not Post.objects.get(pk=speech.pk).is_hidden
    client.post(url, {"action": "hide", "reason": "涉及个人隐私"})
    assert Post.objects.get(pk=speech.pk).hidden_reason == "涉及个人隐私"
    client.post(url, {"action": "unhide", "reason": "已处理"})
    assert not Post.objects.get(pk=speech.pk).is_hidden
    assert list(ModerationAction.objects.order_by("pk").values_list("kind", "reason")) == [
        ("hide", "涉及个人隐私"), ("unhide", "已处理")]


def test_only_staff_moderate_through_the_site(client, consultation, speech, member):
    client.force_login(member)
    response = client.post(reverse("meetings:post_moderate", args=[consultation.slug, speech.pk]),
                           {"action": "hide", "reason": "x"})
    assert response.status_code == 404 and not Post.objects.get(pk=speech.pk).is_hidden


def test_anyone_signed_in_reports_in_place_or_by_plain_post(client, consultation, speech, public_user, member):
    comment = services.add_comment(member, speech, "可疑内容")
    client.force_login(public_user)
    fragment = client.post(reverse("meetings:comment_report", args=[consultation.slug, comment.pk]),
                           {"reason": "不实信息"}, **HTMX).content.decode()
    assert "感谢举报" in fragment and "<html" not in fragment
    response = client.post(reverse("meetings:post_report", args=[consultation.slug, speech.pk]), {"reason": "抄袭"})
    assert response.status_code == 302
    assert Report.objects.count() == 2


def test_the_report_form_comes_in_place_or_as_a_small_page(client, consultation, speech, public_user):
    url = reverse("meetings:post_report", args=[consultation.slug, speech.pk])
    client.force_login(public_user)
    assert f'hx-get="{url}"' in client.get(speech.get_absolute_url()).content.decode()
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and 'name="reason"' in fragment
    page = client.get(url).content.decode()
    assert "<html" in page and speech.title in page and 'name="reason"' in page


def test_anonymous_cannot_report(client, consultation, speech):
    response = client.post(reverse("meetings:post_report", args=[consultation.slug, speech.pk]), {"reason": "x"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Report.objects.exists()


def test_staff_dismiss_a_report_from_the_queue(client, consultation, speech, public_user, staff):
    report = moderation.report(public_user, speech, "标题党")
    client.force_login(staff)
    assert "标题党" in client.get(reverse("meetings:moderation")).content.decode()
    client.post(reverse("meetings:report_dismiss", args=[report.pk]))
    report.refresh_from_db()
    assert report.resolved_by == staff
    assert "标题党" not in client.get(reverse("meetings:moderation")).content.decode()
