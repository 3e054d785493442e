"""A comment awaiting approval is seen by its author and staff only: every view that shows or acts on a
comment (report, like, reply, moderate) goes through the one visibility rule, and so do the services."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from meetings import permissions, selectors, services
from meetings.models import CommentLike, ModerationAction, ParticipationMode, Report, Visibility
from meetings.moderation import services as moderation
from tests import factories

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
SECRET = "待审核的评论内容"


@pytest.fixture
def pending(consultation, speech, public_user):
    consultation.public_participation = ParticipationMode.MODERATED
    consultation.save()
    comment = services.add_comment(public_user, speech, SECRET)
    assert not comment.is_approved
    return comment


@pytest.fixture
def onlookers(member, leader, official, db):
    """Signed-in people who may see the consultation but not someone else's pending comment."""
    return {"member": member, "leader": leader, "official": official, "another public": factories.UserFactory()}


def _urls(consultation, comment):
    slug = consultation.slug
    return {
        "report": reverse("meetings:comment_report", args=[slug, comment.pk]),
        "like": reverse("meetings:comment_like", args=[slug, comment.pk]),
        "moderate": reverse("meetings:comment_moderate", args=[slug, comment.pk]),
        "reply": reverse("meetings:comment_create", args=[slug, comment.post_id]) + f"?parent={comment.pk}",
    }


def test_the_report_form_of_a_pending_comment_is_not_found_for_others(client, consultation, pending, onlookers):
    urls = _urls(consultation, pending)
    for name, person in onlookers.items():
        client.force_login(person)
        for headers in ({}, HTMX):
            response = client.get(urls["report"], **headers)
            assert response.status_code == 404, name
            assert SECRET not in response.content.decode(), name


def test_no_one_else_reports_likes_or_replies_to_a_pending_comment(client, consultation, speech, pending, onlookers):
    urls = _urls(consultation, pending)
    for name, person in onlookers.items():
        client.force_login(person)
        assert client.post(urls["report"], {"reason": "不实"}).status_code == 404, name
        assert client.post(urls["like"]).status_code == 404, name
        assert client.get(urls["reply"]).status_code == 404, name
        assert client.post(urls["reply"].split("?")[0], {"body": "回复", "parent": pending.pk}).status_code == 404
        assert client.post(urls["moderate"], {"action": "approve"}).status_code == 404, name
    assert not Report.objects.exists() and not CommentLike.objects.exists()
    assert not ModerationAction.objects.exists()
    assert speech.comments.count() == 1
    pending.refresh_from_db()
    assert not pending.is_approved


def test_anonymous_readers_do_not_reach_a_pending_comment(client, consultation, pending):
    for url in _urls(consultation, pending).values():
        response = client.get(url)
        assert response.status_code in (404, 405), url
        assert SECRET not in response.content.decode()


def test_the_author_and_staff_still_see_it(client, consultation, pending, public_user, staff):
    urls = _urls(consultation, pending)
    client.force_login(public_user)
    assert client.get(urls["report"]).status_code == 200
    client.force_login(staff)
    assert client.get(urls["report"]).status_code == 200
    assert client.post(urls["moderate"], {"action": "approve"}).status_code == 302
    pending.refresh_from_db()
    assert pending.is_approved


def test_the_services_refuse_a_report_on_a_comment_the_reporter_cannot_see(pending, member):
    with pytest.raises(PermissionDenied):
        moderation.report(member, pending, "不实信息")
    assert not Report.objects.exists()


def test_one_rule_per_kind(consultation, speech, pending, public_user, member, staff, db):
    assert permissions.can_see_comment(public_user, pending)
    assert permissions.can_see_comment(staff, pending)
    assert not permissions.can_see_comment(member, pending)
    speech.is_hidden = True
    assert not permissions.can_see_post(member, speech) and permissions.can_see_post(staff, speech)
    assert not permissions.can_see_comment(public_user, pending)  # its speech is hidden now
    consultation.visibility = Visibility.INVITED
    speech.is_hidden = False
    assert not permissions.can_see_post(factories.UserFactory(), speech)
    assert permissions.can_see_post(member, speech)  # invited


def test_the_selector_is_the_one_way_in(consultation, speech, pending, member, public_user):
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.comment_for(member, consultation, pending.pk)
    assert selectors.comment_for(public_user, consultation, pending.pk) == pending
    with pytest.raises(Http404):
        selectors.comment_for(public_user, consultation, "not-a-number")
    other = factories.ConsultationFactory()
    with pytest.raises(Http404):
        selectors.comment_for(public_user, other, pending.pk)  # the comment belongs to another consultation


def test_department_pages_find_the_speech_through_the_same_rule(client, consultation, speech, official, member):
    url = reverse("departments:post_responses", args=[speech.pk])
    outsider = factories.UserFactory()
    consultation.visibility = Visibility.INVITED
    consultation.save()
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 200
    speech.is_hidden = True
    speech.save()
    assert client.get(url).status_code == 404
