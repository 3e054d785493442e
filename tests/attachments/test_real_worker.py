"""A real Celery worker over Redis transcodes the voice a member posted; the request does not wait for it."""

import pytest
from django.db import connection
from django.urls import reverse

from meetings.models import Attachment, AttachmentState
from tests.fakes.worker import database_url, start_worker, stop, wait_for

from . import files
from .files import upload

pytestmark = [pytest.mark.real_services, pytest.mark.django_db(transaction=True)]


def test_a_worker_transcodes_a_posted_recording(ffmpeg, real_broker, client, consultation, member, private_files,
                                                tmp_path):
    worker = start_worker(database_url(connection.settings_dict), real_broker,
                          {"ATTACHMENTS_ROOT": str(private_files)}, log_path=str(tmp_path / "worker.log"))
    try:
        client.force_login(member)
        response = client.post(reverse("meetings:post_create", args=[consultation.slug]), {
            "subtopic": consultation.subtopics.first().pk, "title": "语音发言", "body": "请听",
            "files": [upload("voice.webm", files.webm_voice(2))]})
        assert response.status_code == 302
        voice = Attachment.objects.get()
        done = wait_for(lambda: Attachment.objects.filter(pk=voice.pk).exclude(
            state=AttachmentState.PROCESSING).exists(), timeout=120)
        assert done, (tmp_path / "worker.log").read_text()
    finally:
        stop(worker)
    voice.refresh_from_db()
    assert voice.state == AttachmentState.READY and voice.duration == pytest.approx(2, abs=0.2)
    assert client.get(voice.playable_url())["Content-Type"] == "audio/mp4"
