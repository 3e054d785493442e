"""Attaching files from the speech and comment forms, as a phone posts them (several at once, or none)."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from meetings import services
from meetings.attachments.validation import prepare
from meetings.models import Attachment, AttachmentKind, AttachmentOwner, Comment, Post

from . import files
from .files import upload

pytestmark = pytest.mark.django_db


def speak(client, consultation, *uploads, title="关于产业扶贫的建议", body="附上调研照片。"):
    return client.post(reverse("meetings:post_create", args=[consultation.slug]), {
        "subtopic": consultation.subtopics.first().pk, "title": title, "body": body, "files": list(uploads)})


def test_a_member_posts_a_speech_with_several_pictures_and_a_report(client, consultation, member):
    client.force_login(member)
    response = speak(client, consultation, upload("a.jpg", files.photo()), upload("b.heic", files.heic()),
                     upload("report.pdf", files.pdf()))
    post = Post.objects.get()
    assert response.status_code == 302 and response.url == post.get_absolute_url()
    kinds = [a.kind for a in post.attachments.order_by("position")]
    assert kinds == [AttachmentKind.PICTURE, AttachmentKind.PICTURE, AttachmentKind.DOCUMENT]
    page = client.get(post.get_absolute_url()).content.decode()
    picture = post.attachments.first()
    assert picture.thumbnail_url() in page and f'href="{picture.get_absolute_url()}"' in page  # a tap opens it
    assert "report.pdf" in page
    feed = client.get(consultation.get_absolute_url()).content.decode()
    assert picture.thumbnail_url() in feed


def test_a_refused_file_keeps_the_speech_text_and_names_the_file(client, consultation, member):
    client.force_login(member)
    response = speak(client, consultation, upload("photo.jpg", files.HTML), body="我写了很久的发言。")
    page = response.content.decode()
    assert response.status_code == 400 and "photo.jpg" in page and "我写了很久的发言。" in page
    assert not Post.objects.exists() and not Attachment.objects.exists()


def test_more_files_than_the_limit_are_refused_with_the_limit_named(client, consultation, member, settings):
    settings.ATTACHMENT_MAX_FILES = 2
    client.force_login(member)
    response = speak(client, consultation, *[upload(f"{i}.jpg", files.photo()) for i in range(3)])
    assert response.status_code == 400 and "2" in response.content.decode()
    assert not Post.objects.exists()


def test_files_over_the_total_limit_of_a_speech_are_refused(consultation, member, settings):
    settings.ATTACHMENT_MAX_TOTAL_MB = 0.001
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.create_post(member, consultation, consultation.subtopics.first(), "题目", "正文",
                             files=[prepare(upload("r.pdf", files.pdf() + b"%" * 2000))])
    assert not Post.objects.exists()


def test_the_author_adds_and_removes_attachments_when_editing(client, consultation, member):
    post = services.create_post(member, consultation, consultation.subtopics.first(), "题目", "正文",
                                files=[prepare(upload("old.pdf", files.pdf()))])
    old = post.attachments.get()
    client.force_login(member)
    response = client.post(reverse("meetings:post_edit", args=[consultation.slug, post.pk]), {
        "subtopic": post.subtopic_id, "title": "题目", "body": "正文", "remove_files": [old.pk],
        "files": [upload("new.jpg", files.photo())]})
    assert response.status_code == 302
    assert [a.name for a in post.attachments.all()] == ["new.jpg"]


def test_a_comment_carries_a_picture_in_place_with_htmx(client, consultation, speech, leader):
    client.force_login(leader)
    response = client.post(reverse("meetings:comment_create", args=[consultation.slug, speech.pk]),
                           {"body": "现场照片", "files": [upload("site.png", files.photo(fmt="PNG"))]},
                           HTTP_HX_REQUEST="true")
    comment = Comment.objects.get()
    attachment = comment.attachments.get()
    assert attachment.owner == AttachmentOwner.COMMENT and attachment.post_id == speech.pk
    assert attachment.thumbnail_url() in response.content.decode()
    assert attachment.thumbnail_url() in client.get(speech.get_absolute_url()).content.decode()


def test_a_refused_comment_file_is_explained_and_nothing_is_posted(client, consultation, speech, leader):
    client.force_login(leader)
    response = client.post(reverse("meetings:comment_create", args=[consultation.slug, speech.pk]),
                           {"body": "看这个", "files": [upload("x.svg", files.SVG)]}, HTTP_HX_REQUEST="true")
    assert "x.svg" in response.content.decode() and response["HX-Retarget"] == "#flash"
    assert not Comment.objects.exists()


def test_the_stored_picture_is_the_re_encoded_one(client, consultation, member):
    client.force_login(member)
    speak(client, consultation, upload("gps.jpg", files.photo(gps=True, orientation=6)))
    attachment = Attachment.objects.get()
    with attachment.file.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
    assert image.size == (300, 400) and not image.getexif()
