"""A real Celery worker over Redis compiles the minutes that staff asked for on the page."""

import hashlib

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import Notification, Trigger
from meetings.models import Compilation
from tests.fakes.worker import database_url, start_worker, stop, wait_for

pytestmark = [pytest.mark.real_services, pytest.mark.django_db(transaction=True)]


def test_a_worker_compiles_each_format_and_the_requester_downloads_it(real_broker, meeting, client, settings,
                                                                     tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    staff = meeting.people["staff"]
    client.force_login(staff)
    worker = start_worker(database_url(connection.settings_dict), real_broker,
                          {"MEDIA_ROOT": str(settings.MEDIA_ROOT),
                           "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT)},
                          log_path=str(tmp_path / "worker.log"))
    try:
        for fmt in ("docx", "pdf", "xlsx", "json"):
            client.post(reverse("meetings:minutes", args=[meeting.consultation.slug]),
                        {"format": fmt, "edition": "internal"})
        versions = Compilation.objects.filter(consultation=meeting.consultation)
        finished = wait_for(lambda: versions.filter(state__in=["done", "failed"]).count() == 4, timeout=180)
        assert finished, (tmp_path / "worker.log").read_text()
    finally:
        stop(worker)
    for version in versions:
        assert version.state == "done", version.error
        download = client.get(reverse("meetings:minutes_download", args=[meeting.consultation.slug, version.pk]))
        content = b"".join(download.streaming_content)
        assert hashlib.sha256(content).hexdigest() == version.checksum and len(content) == version.size
    assert Notification.objects.filter(recipient=staff, trigger=Trigger.MINUTES_READY, channel="in_app").count() == 4
