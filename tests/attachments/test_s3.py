"""The production path: attachments in S3-compatible object storage, against a real S3 API on loopback (moto)."""

import pytest
from django.urls import reverse

from meetings.models import Attachment
from tests.conftest import require_component

from . import files
from .files import upload

pytestmark = pytest.mark.django_db

BUCKET = "consultation-attachments"


@pytest.fixture
def s3(settings, free_tcp_port):
    try:
        import boto3
        from moto.server import ThreadedMotoServer
    except ImportError:  # pragma: no cover - requirements-dev.txt installs it
        require_component("moto[server]", False, "pip install -r requirements-dev.txt")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_tcp_port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{free_tcp_port}"
    credentials = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"}
    client = boto3.client("s3", endpoint_url=endpoint, **credentials)
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {**settings.STORAGES, "attachments": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": BUCKET, "endpoint_url": endpoint, "access_key": "test", "secret_key": "test",
                    "region_name": "us-east-1", "location": "attachments", "default_acl": "private",
                    "file_overwrite": False}}}
    yield client
    server.stop()


def test_a_speechs_picture_and_report_go_to_the_bucket_and_come_back_through_the_permission_check(
        s3, client, consultation, member):
    client.force_login(member)
    response = client.post(reverse("meetings:post_create", args=[consultation.slug]), {
        "subtopic": consultation.subtopics.first().pk, "title": "题目", "body": "正文",
        "files": [upload("photo.jpg", files.photo()), upload("report.pdf", files.pdf())]})
    assert response.status_code == 302
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]}
    picture, document = Attachment.objects.order_by("position")
    assert {f"attachments/{picture.file.name}", f"attachments/{picture.thumbnail.name}",
            f"attachments/{document.file.name}"} <= keys
    stored = s3.get_object(Bucket=BUCKET, Key=f"attachments/{document.file.name}")["Body"].read()
    assert stored == files.pdf()
    client.logout()
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200 and b"".join(download.streaming_content) == files.pdf()
    assert client.get(picture.thumbnail_url())["Content-Type"] == "image/jpeg"


def test_the_settings_choose_s3_when_a_bucket_is_named(settings):
    import subprocess
    import sys

    code = ("import django; django.setup(); from django.conf import settings; "
            "store = settings.STORAGES['attachments']; print(store['BACKEND'], store['OPTIONS']['endpoint_url'])")
    env = {"AWS_STORAGE_BUCKET_NAME": "b", "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
           "DJANGO_SETTINGS_MODULE": "consultation.settings", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                         cwd=settings.BASE_DIR).stdout
    assert out.split() == ["storages.backends.s3.S3Storage", "http://127.0.0.1:9000"]
