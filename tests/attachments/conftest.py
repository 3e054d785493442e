import pytest

from tests.conftest import require_component

from . import files


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Attachments go to a private folder of this test, never to the project's."""
    root = tmp_path / "attachments"
    settings.STORAGES = {**settings.STORAGES, "attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": root}}}
    return root


@pytest.fixture
def ffmpeg():
    require_component("ffmpeg", bool(files.FFMPEG), "apt-get install ffmpeg")
    return files.FFMPEG


@pytest.fixture
def speech(consultation, member):
    from meetings import services

    return services.create_post(member, consultation, consultation.subtopics.first(), "关于防返贫监测的建议",
                                "建立**防止返贫**动态监测机制。")
