"""Departments attach reports and pictures to their replies and follow-ups; readers see them with the reply."""

import pytest
from django.urls import reverse

from departments import services as department_services
from departments.models import ResponseAttachment
from meetings.attachments.validation import prepare
from meetings.models import Attachment, AttachmentOwner, Visibility
from meetings.moderation import services as moderation
from tests import factories

from . import files
from .files import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(consultation, member):
    return factories.PostFactory(consultation=consultation, author=member)


@pytest.fixture
def claim(post, official, department):
    return department_services.claim_aspect(official, post, department)


def test_an_official_publishes_a_reply_with_a_report_and_a_photo(client, claim, official, post, member):
    client.force_login(official)
    response = client.post(reverse("departments:reply", args=[claim.pk]), {
        "body": "已将防返贫监测纳入年度计划。", "disposition": "resolved",
        "files": [upload("年度计划.docx", files.docx_file()), upload("site.jpg", files.photo())]})
    assert response.status_code == 302
    reply = claim.replies.get()
    links = ResponseAttachment.objects.filter(reply=reply).select_related("attachment")
    assert sorted(link.attachment.name for link in links) == ["site.jpg", "年度计划.docx"]
    assert all(link.attachment.owner == AttachmentOwner.RESPONSE and link.attachment.post_id == post.pk
               for link in links)
    client.force_login(member)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "年度计划.docx" in page
    picture = Attachment.objects.get(name="site.jpg")
    assert picture.thumbnail_url() in page
    speech_own_files = page.split('class="prose"')[1].split("department")[0]
    assert "年度计划.docx" not in speech_own_files  # the speech's own list stays the speech's


def test_a_follow_up_carries_a_voice_note(ffmpeg, claim, official, django_capture_on_commit_callbacks):
    department_services.publish_reply(official, claim, "答复", "under_study")
    with django_capture_on_commit_callbacks(execute=True):
        follow_up = department_services.add_follow_up(official, claim, "进展", files=[
            prepare(upload("voice.webm", files.webm_voice(1)))])
    attachment = follow_up.attachment_links.get().attachment
    attachment.refresh_from_db()
    assert attachment.is_voice and attachment.playable


def test_a_refused_file_keeps_the_reply_unpublished_with_the_reason(client, claim, official):
    client.force_login(official)
    response = client.post(reverse("departments:reply", args=[claim.pk]), {
        "body": "答复", "disposition": "resolved", "files": [upload("plan.pdf", files.HTML)]}, follow=True)
    assert "plan.pdf" in response.content.decode()
    assert not claim.replies.exists() and not Attachment.objects.exists()


def test_only_the_department_attaches_to_its_reply(client, claim, member):
    client.force_login(member)
    response = client.post(reverse("departments:reply", args=[claim.pk]), {
        "body": "答复", "disposition": "resolved", "files": [upload("a.pdf", files.pdf())]})
    assert response.status_code in (403, 404)
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("who,expected", [("anonymous", 404), ("member", 200), ("outsider", 404), ("staff", 200),
                                          ("official", 200)])
def test_reply_files_of_an_invited_only_consultation_are_for_the_invited(
        client, consultation, claim, official, member, staff, public_user, who, expected):
    reply = department_services.publish_reply(official, claim, "答复", "resolved",
                                              files=[prepare(upload("a.pdf", files.pdf()))])
    consultation.visibility = Visibility.INVITED
    consultation.save()
    attachment = reply.attachment_links.get().attachment
    user = {"anonymous": None, "member": member, "outsider": public_user, "staff": staff, "official": official}[who]
    if user:
        client.force_login(user)
    assert client.get(attachment.get_absolute_url()).status_code == expected


def test_hiding_the_speech_hides_the_reply_files_too(client, claim, official, post, staff, member):
    reply = department_services.publish_reply(official, claim, "答复", "resolved",
                                              files=[prepare(upload("a.pdf", files.pdf()))])
    moderation.hide(staff, post, "不当")
    client.force_login(member)
    assert client.get(reply.attachment_links.get().attachment.get_absolute_url()).status_code == 404
