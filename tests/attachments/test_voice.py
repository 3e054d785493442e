"""Voice: kept as recorded, transcoded by a task to AAC in MP4 that every phone plays, with its duration."""

import subprocess

import pytest
from django.urls import reverse

from meetings import services
from meetings.attachments import services as attachment_services
from meetings.attachments import voice
from meetings.attachments.validation import prepare
from meetings.models import AttachmentState

from . import files
from .files import upload

pytestmark = pytest.mark.django_db


def post_with_voice(consultation, member, content, django_capture_on_commit_callbacks, name="voice.webm"):
    with django_capture_on_commit_callbacks(execute=True):  # the task runs once the speech is saved
        post = services.create_post(member, consultation, consultation.subtopics.first(), "语音发言", "请听录音。",
                                    files=[prepare(upload(name, content))])
    attachment = post.attachments.get()
    attachment.refresh_from_db()
    return post, attachment


def test_a_chrome_recording_is_transcoded_to_aac_in_mp4_and_the_original_is_kept(
        ffmpeg, consultation, member, django_capture_on_commit_callbacks):
    original = files.webm_voice(3)
    _post, attachment = post_with_voice(consultation, member, original, django_capture_on_commit_callbacks)
    assert attachment.state == AttachmentState.READY
    assert attachment.duration == pytest.approx(3, abs=0.2) and attachment.duration_label == "0:03"
    with attachment.file.open("rb") as kept:
        assert kept.read() == original
    with attachment.playable.open("rb") as playable:
        content = playable.read()
    probe = subprocess.run([files.FFMPEG.replace("ffmpeg", "ffprobe"), "-v", "error", "-show_entries",
                            "stream=codec_name:format=format_name", "-of", "csv=p=0", "-"],
                           input=content, capture_output=True, check=True).stdout.decode()
    assert "aac" in probe and "mp4" in probe


def test_the_speech_page_plays_the_voice_inline_with_its_duration(
        ffmpeg, client, consultation, member, django_capture_on_commit_callbacks):
    post, attachment = post_with_voice(consultation, member, files.mp4_voice(2), django_capture_on_commit_callbacks,
                                       name="voice.mp4")
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'<audio controls preload="metadata" src="{attachment.playable_url()}"' in page and "0:02" in page
    feed = client.get(consultation.get_absolute_url()).content.decode()
    assert "0:02" in feed


def test_the_player_gets_byte_ranges_as_iphones_ask_for_them(
        ffmpeg, client, consultation, member, django_capture_on_commit_callbacks):
    _post, attachment = post_with_voice(consultation, member, files.webm_voice(2), django_capture_on_commit_callbacks)
    whole = b"".join(client.get(attachment.playable_url()).streaming_content)
    response = client.get(attachment.playable_url(), HTTP_RANGE="bytes=0-1")
    assert response.status_code == 206 and response.content == whole[:2]
    assert response["Content-Range"] == f"bytes 0-1/{len(whole)}" and response["Content-Type"] == "audio/mp4"
    tail = client.get(attachment.playable_url(), HTTP_RANGE="bytes=-10")
    assert tail.status_code == 206 and tail.content == whole[-10:]
    assert client.get(attachment.playable_url(), HTTP_RANGE=f"bytes={len(whole) + 5}-").status_code == 416


def test_a_recording_ffmpeg_cannot_convert_is_marked_and_offered_as_the_original(
        ffmpeg, client, consultation, member, monkeypatch, django_capture_on_commit_callbacks):
    def broken(content):
        raise voice.VoiceError("codec missing")

    monkeypatch.setattr(voice, "transcode", broken)
    post, attachment = post_with_voice(consultation, member, files.webm_voice(1), django_capture_on_commit_callbacks)
    assert attachment.state == AttachmentState.FAILED and not attachment.playable
    page = client.get(post.get_absolute_url()).content.decode()
    assert f"{attachment.get_absolute_url()}?download" in page


def test_a_recording_over_the_limit_is_refused_from_the_form(ffmpeg, client, consultation, member, settings):
    settings.ATTACHMENT_VOICE_MAX_SECONDS = 2
    client.force_login(member)
    response = client.post(reverse("meetings:post_create", args=[consultation.slug]), {
        "subtopic": consultation.subtopics.first().pk, "title": "语音", "body": "听",
        "files": [upload("voice.webm", files.webm_voice(4))]})
    assert response.status_code == 400 and "0:02" in response.content.decode()


def test_transcoding_twice_does_nothing_the_second_time(ffmpeg, consultation, member,
                                                         django_capture_on_commit_callbacks):
    _post, attachment = post_with_voice(consultation, member, files.webm_voice(1), django_capture_on_commit_callbacks)
    name = attachment.playable.name
    assert attachment_services.transcode(attachment.pk).playable.name == name
