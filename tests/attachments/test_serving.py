"""Files reach exactly those who may see what they hang under; downloads are safe to open."""

import pytest
from django.urls import reverse

from meetings import services
from meetings.attachments.validation import prepare
from meetings.models import Visibility
from meetings.moderation import services as moderation
from tests import factories

from . import files
from .files import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def speech_files(consultation, member):
    post = services.create_post(member, consultation, consultation.subtopics.first(), "题目", "正文", files=[
        prepare(upload("photo.jpg", files.photo())), prepare(upload("调研 报告\";.pdf", files.pdf()))])
    picture, document = post.attachments.order_by("position")
    return post, picture, document


def status(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


@pytest.mark.parametrize("who,expected", [("anonymous", 200), ("member", 200), ("outsider", 200), ("staff", 200)])
def test_files_of_a_public_consultation_are_for_everyone(client, speech_files, member, staff, public_user, who,
                                                         expected):
    user = {"anonymous": None, "member": member, "outsider": public_user, "staff": staff}[who]
    _post, picture, document = speech_files
    for url in (picture.get_absolute_url(), picture.thumbnail_url(), document.get_absolute_url()):
        assert status(client, user, url) == expected


@pytest.mark.parametrize("who,expected", [("anonymous", 404), ("member", 200), ("outsider", 404), ("staff", 200)])
def test_files_of_an_invited_only_consultation_are_for_the_invited(client, consultation, speech_files, member, staff,
                                                                   public_user, who, expected):
    consultation.visibility = Visibility.INVITED
    consultation.save()
    user = {"anonymous": None, "member": member, "outsider": public_user, "staff": staff}[who]
    _post, picture, document = speech_files
    assert status(client, user, picture.get_absolute_url()) == expected
    assert status(client, user, document.get_absolute_url()) == expected


@pytest.mark.parametrize("who,expected", [("anonymous", 404), ("author", 404), ("outsider", 404), ("staff", 200)])
def test_hiding_a_speech_hides_its_files_from_all_but_staff(client, speech_files, member, staff, public_user, who,
                                                            expected):
    post, picture, _document = speech_files
    moderation.hide(staff, post, "与议题无关")
    user = {"anonymous": None, "author": member, "outsider": public_user, "staff": staff}[who]
    assert status(client, user, picture.get_absolute_url()) == expected
    assert status(client, user, picture.thumbnail_url()) == expected


@pytest.mark.parametrize("who,expected", [("anonymous", 404), ("author", 200), ("member", 404), ("staff", 200)])
def test_a_comment_awaiting_approval_shows_its_files_to_its_author_and_staff(client, consultation, speech,
                                                                             member, staff, who, expected):
    author = factories.UserFactory()
    comment = factories.CommentFactory(post=speech, author=author, is_approved=False)
    from meetings.attachments import services as attachment_services

    attachment, = attachment_services.store([prepare(upload("p.jpg", files.photo()))], uploader=author,
                                            post=speech, comment=comment, owner="comment")
    user = {"anonymous": None, "author": author, "member": member, "staff": staff}[who]
    assert status(client, user, attachment.get_absolute_url()) == expected


def test_a_hidden_comments_files_are_for_staff(client, speech, leader, member, staff):
    comment = services.add_comment(leader, speech, "看图", files=[prepare(upload("p.jpg", files.photo()))])
    attachment = comment.attachments.get()
    moderation.hide(staff, comment, "不当")
    assert status(client, member, attachment.get_absolute_url()) == 404
    assert status(client, leader, attachment.get_absolute_url()) == 404
    assert status(client, staff, attachment.get_absolute_url()) == 200


def test_a_document_is_a_download_with_a_safe_name_and_nosniff(client, speech_files):
    _post, _picture, document = speech_files
    response = client.get(document.get_absolute_url())
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition
    assert '";' not in disposition.split("filename*")[0].replace('attachment; ', '')
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == "application/pdf"
    assert "sandbox" in response["Content-Security-Policy"] and "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == files.pdf()


def test_a_picture_is_shown_inline_as_the_image_it_is(client, speech_files):
    _post, picture, _document = speech_files
    response = client.get(picture.get_absolute_url())
    assert response["Content-Type"] == "image/jpeg" and not response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_unknown_variant_or_attachment_is_not_found(client, speech_files):
    _post, picture, document = speech_files
    assert client.get(reverse("meetings:attachment_variant", args=[picture.pk, "original"])).status_code == 404
    assert client.get(reverse("meetings:attachment_variant", args=[document.pk, "thumbnail"])).status_code == 404
    assert client.get(reverse("meetings:attachment", args=[99999])).status_code == 404


def test_downloads_take_no_post(client, speech_files):
    _post, picture, _document = speech_files
    assert client.post(picture.get_absolute_url()).status_code == 405
