"""The staff minutes page: compile → progress (htmx polling) → download; versions kept; staff only."""

import hashlib
import re

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Notification, Trigger
from meetings.minutes.services import request_compilation, run_compilation
from meetings.models import Compilation


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def minutes_url(consultation):
    return reverse("meetings:minutes", args=[consultation.slug])


def compile_through_page(client, consultation, capture, fmt="docx", edition="public", **headers):
    with capture(execute=True):
        return client.post(minutes_url(consultation), {"format": fmt, "edition": edition}, **headers)


def test_staff_compiles_minutes_and_downloads_them(client, meeting, media, django_capture_on_commit_callbacks):
    staff = meeting.people["staff"]
    client.force_login(staff)
    page = client.get(minutes_url(meeting.consultation))
    assert page.status_code == 200
    assert "生成会议纪要" in page.text and "尚未生成任何版本。" in page.text

    response = compile_through_page(client, meeting.consultation, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    version = Compilation.objects.get()
    assert (version.state, version.progress, version.requested_by, version.format) == ("done", 100, staff, "docx")
    page = client.get(minutes_url(meeting.consultation))
    download_url = reverse("meetings:minutes_download", args=[meeting.consultation.slug, version.pk])
    assert download_url in page.text and version.checksum in page.text

    download = client.get(download_url)
    content = b"".join(download.streaming_content)
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in download["Content-Disposition"]
    assert len(content) == version.size
    assert hashlib.sha256(content).hexdigest() == version.checksum

    note = Notification.objects.get(recipient=staff, trigger=Trigger.MINUTES_READY, channel="in_app")
    assert meeting.consultation.title in note.subject
    assert note.url == settings.SITE_URL + minutes_url(meeting.consultation)  # opens from a phone


def test_every_compilation_is_kept_and_earlier_versions_stay_downloadable(
        client, meeting, media, django_capture_on_commit_callbacks):
    client.force_login(meeting.people["staff"])
    for fmt, edition in (("html", "public"), ("html", "internal"), ("csv", "public"), ("json", "public")):
        compile_through_page(client, meeting.consultation, django_capture_on_commit_callbacks, fmt, edition)
    versions = list(Compilation.objects.order_by("pk"))
    assert [(v.format, v.edition, v.state) for v in versions] == [
        ("html", "public", "done"), ("html", "internal", "done"), ("csv", "public", "done"),
        ("json", "internal", "done"),  # the archive is always complete
    ]
    assert len({v.file.name for v in versions}) == 4
    public, internal = versions[0], versions[1]
    public_page = b"".join(client.get(
        reverse("meetings:minutes_download", args=[meeting.consultation.slug, public.pk])).streaming_content)
    internal_page = b"".join(client.get(
        reverse("meetings:minutes_download", args=[meeting.consultation.slug, internal.pk])).streaming_content)
    hidden = meeting.hidden_speech.title.encode()
    assert hidden not in public_page and hidden in internal_page
    page = client.get(minutes_url(meeting.consultation)).text
    assert page.count('class="card version version-done"') == 4


def test_htmx_compile_returns_the_versions_fragment_and_a_running_version_polls(
        client, meeting, media, django_capture_on_commit_callbacks):
    client.force_login(meeting.people["staff"])
    running = Compilation.objects.create(consultation=meeting.consultation, format="pdf", state="running",
                                         progress=40, requested_by=meeting.people["staff"])
    progress_url = reverse("meetings:minutes_progress", args=[meeting.consultation.slug, running.pk])
    fragment = client.get(progress_url, HTTP_HX_REQUEST="true")
    assert fragment.text.lstrip().startswith("<li")
    assert f'hx-get="{progress_url}"' in fragment.text and 'hx-trigger="every 2s"' in fragment.text
    assert 'value="40"' in fragment.text and "生成中" in fragment.text
    assert client.get(progress_url).status_code == 302  # without htmx: back to the page

    response = compile_through_page(client, meeting.consultation, django_capture_on_commit_callbacks, "xlsx",
                                    HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="versions"')
    queued = Compilation.objects.get(format="xlsx")
    queued_url = reverse("meetings:minutes_progress", args=[meeting.consultation.slug, queued.pk])
    assert f'hx-get="{queued_url}"' in response.text  # the new version polls until it is ready
    fragment = client.get(queued_url, HTTP_HX_REQUEST="true")  # the task ran once the request committed
    assert reverse("meetings:minutes_download", args=[meeting.consultation.slug, queued.pk]) in fragment.text

    running.state, running.progress = "done", 100
    running.save()
    fragment = client.get(progress_url, HTTP_HX_REQUEST="true")
    assert "hx-get" not in fragment.text and "下载" in fragment.text


def test_a_failed_compilation_records_its_error(client, meeting, settings, tmp_path,
                                                django_capture_on_commit_callbacks):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the private files' folder should be")
    settings.PRIVATE_MEDIA_ROOT = blocked
    staff = meeting.people["staff"]
    client.force_login(staff)
    compile_through_page(client, meeting.consultation, django_capture_on_commit_callbacks, "csv")
    version = Compilation.objects.get()
    assert version.state == "failed" and version.finished_at is not None
    assert "Error" in version.error
    assert not Notification.objects.filter(trigger=Trigger.MINUTES_READY).exists()
    assert "生成失败" in client.get(minutes_url(meeting.consultation)).text


def test_a_finished_compilation_is_not_compiled_again(meeting, media):
    version = Compilation.objects.create(consultation=meeting.consultation, format="csv",
                                         requested_by=meeting.people["staff"])
    run_compilation(version.pk)
    version.refresh_from_db()
    checksum, name = version.checksum, version.file.name
    run_compilation(version.pk)  # a redelivered task
    version.refresh_from_db()
    assert (version.checksum, version.file.name) == (checksum, name)
    assert Notification.objects.filter(trigger=Trigger.MINUTES_READY, channel="in_app").count() == 1


@pytest.mark.parametrize("role", ["member", "leader", "official"])
def test_people_other_than_staff_are_refused(client, meeting, media, role):
    person = meeting.people[role]
    client.force_login(person)
    assert client.get(minutes_url(meeting.consultation)).status_code == 404
    assert client.post(minutes_url(meeting.consultation), {"format": "docx", "edition": "internal"}).status_code == 404
    version = Compilation.objects.create(consultation=meeting.consultation, format="csv",
                                         requested_by=meeting.people["staff"])
    run_compilation(version.pk)
    for name in ("meetings:minutes_download", "meetings:minutes_progress"):
        assert client.get(reverse(name, args=[meeting.consultation.slug, version.pk])).status_code == 404
    with pytest.raises(Exception, match="只有政协机关工作人员"):
        request_compilation(person, meeting.consultation, "docx")
    assert Compilation.objects.count() == 1


def test_anonymous_people_are_sent_to_sign_in(client, meeting):
    response = client.get(minutes_url(meeting.consultation))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert client.post(minutes_url(meeting.consultation), {"format": "docx"}).status_code == 302
    assert not Compilation.objects.exists()


def test_an_unknown_format_is_refused_with_a_message(client, meeting):
    client.force_login(meeting.people["staff"])
    response = client.post(minutes_url(meeting.consultation), {"format": "exe", "edition": "public"})
    assert response.status_code == 200 and 'role="alert"' in response.text
    assert not Compilation.objects.exists()


@pytest.mark.parametrize("count", [10, 500])
def test_minutes_page_queries_do_not_grow_with_versions(client, meeting, django_assert_max_num_queries, count):
    staff = meeting.people["staff"]
    Compilation.objects.bulk_create([
        Compilation(consultation=meeting.consultation, format="docx", state="done", size=1000, checksum="0" * 64,
                    file="compilations/x.docx", requested_by=staff) for _ in range(count)
    ])
    client.force_login(staff)
    with django_assert_max_num_queries(8):
        response = client.get(minutes_url(meeting.consultation))
    assert response.text.count('class="card version version-done"') == count


def test_a_pdf_of_many_volumes_is_accepted_compiled_and_joined(client, meeting, media, settings,
                                                               django_capture_on_commit_callbacks):
    settings.MINUTES_PDF_VOLUME_SPEECHES = 1  # a volume per speech: the shape of a 10,000-speech meeting
    client.force_login(meeting.people["staff"])
    response = compile_through_page(client, meeting.consultation, django_capture_on_commit_callbacks, "pdf")
    assert response.status_code == 302
    version = Compilation.objects.get()
    assert (version.state, version.format) == ("done", "pdf"), version.error
    with version.file.open("rb") as pdf:
        reader = PdfReader(pdf)
        text = squash("".join(page.extract_text() for page in reader.pages))
        outline = [item.title for item in reader.outline if not isinstance(item, list)]
    for speech in meeting.speeches:
        assert squash(speech.title) in text and squash(speech.body) in text
    assert outline[0] == "概览" and outline[-1].startswith("附录三")
