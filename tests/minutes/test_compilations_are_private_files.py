"""Compiled minutes and archives are private files: outside MEDIA_ROOT, under unguessable names, never
served under MEDIA_URL (in development, where /media/ is served, as in production), and handed out only
by the staff-checked download view, as an attachment the browser does not sniff."""

import importlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import clear_url_caches, reverse

from meetings.minutes.services import run_compilation
from meetings.models import Compilation

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def debug_urls(settings):
    """The URL conf as `DEBUG=1` builds it: uploaded media served under MEDIA_URL."""
    settings.DEBUG = True
    import consultation.urls

    importlib.reload(consultation.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(consultation.urls)
    clear_url_caches()


@pytest.fixture
def archive(meeting, media):
    version = Compilation.objects.create(consultation=meeting.consultation, format="json",
                                         edition="internal", requested_by=meeting.people["staff"])
    run_compilation(version.pk)
    version.refresh_from_db()
    assert version.state == "done", version.error
    return version


def test_the_file_lives_outside_media_under_an_unguessable_name(archive, media):
    path = Path(archive.file.path)
    assert path.is_file()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(media).resolve())
    name = path.stem
    assert len(name) >= 32 and archive.consultation.slug not in archive.file.name and str(archive.pk) != name
    other = Compilation.objects.create(consultation=archive.consultation, format="json", edition="internal")
    run_compilation(other.pk)
    other.refresh_from_db()
    assert Path(other.file.name).parent == Path(archive.file.name).parent and other.file.name != archive.file.name
    with pytest.raises(ValueError):
        archive.file.url  # noqa: B018 - a private file has no URL


def test_nothing_under_media_url_reaches_it(client, archive, media, debug_urls, meeting):
    client.force_login(meeting.people["staff"])  # not even staff: the only way is the download view
    name = archive.file.name
    for guess in (name, f"compilations/{Path(name).name}", f"../private/{name}"):
        response = client.get(f"{settings.MEDIA_URL}{guess}")
        assert response.status_code in (400, 404), guess
        assert meeting.hidden_speech.title not in response.content.decode(errors="replace")
    # the development media route is alive: an uploaded public file is served
    (Path(media) / "covers").mkdir(parents=True)
    (Path(media) / "covers" / "cover.txt").write_text("public")
    assert client.get(f"{settings.MEDIA_URL}covers/cover.txt").status_code == 200


@pytest.mark.parametrize("role", ["member", "leader", "official", "other"])
def test_the_download_view_refuses_everyone_but_staff(client, archive, meeting, role):
    client.force_login(meeting.people[role])
    url = reverse("meetings:minutes_download", args=[meeting.consultation.slug, archive.pk])
    response = client.get(url)
    assert response.status_code == 404
    assert meeting.hidden_speech.title not in response.content.decode(errors="replace")


def test_anonymous_people_are_sent_to_sign_in(client, archive, meeting):
    response = client.get(reverse("meetings:minutes_download", args=[meeting.consultation.slug, archive.pk]))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_staff_download_it_as_an_attachment_that_is_not_sniffed(client, archive, meeting):
    client.force_login(meeting.people["staff"])
    response = client.get(reverse("meetings:minutes_download", args=[meeting.consultation.slug, archive.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    content = b"".join(response.streaming_content)
    assert meeting.hidden_speech.title.encode() in content and len(content) == archive.size


def test_private_and_media_folders_must_be_apart(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path / "media"))
    monkeypatch.setenv("PRIVATE_MEDIA_ROOT", str(tmp_path / "media" / "private"))
    import consultation.settings as project_settings

    with pytest.raises(ImproperlyConfigured, match="PRIVATE_MEDIA_ROOT"):
        importlib.reload(project_settings)
    monkeypatch.undo()
    importlib.reload(project_settings)


@override_settings(PRIVATE_MEDIA_ROOT="/nonexistent-private-root")
def test_a_missing_file_is_not_found_not_an_error(client, archive, meeting):
    client.force_login(meeting.people["staff"])
    response = client.get(reverse("meetings:minutes_download", args=[meeting.consultation.slug, archive.pk]))
    assert response.status_code == 404


def test_the_migration_moves_earlier_compilations_out_of_media(meeting, media):
    from django.apps import apps
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    migration = importlib.import_module("meetings.migrations.0008_compilations_are_private_files")
    old = default_storage.save("compilations/2026/03/consultation-archive-7.json", ContentFile(b'{"old": 1}'))
    version = Compilation.objects.create(consultation=meeting.consultation, format="json", state="done")
    Compilation.objects.filter(pk=version.pk).update(file=old)
    migration.move_to_private_storage(apps, None)
    version.refresh_from_db()
    assert not default_storage.exists(old)
    assert version.file.name != old and version.file.read() == b'{"old": 1}'
    assert Path(version.file.path).is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
