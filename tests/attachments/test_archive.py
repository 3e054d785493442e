"""The JSON archive carries every attachment byte for byte, and a restore serves them again."""

import hashlib
import json

import pytest
from django.core.management import call_command

from departments import services as department_services
from meetings import services
from meetings.attachments.validation import prepare
from meetings.minutes.archive import export_consultation
from meetings.minutes.restore import restore_consultation
from meetings.models import Attachment

from . import files
from .files import upload

pytestmark = pytest.mark.django_db(transaction=True)  # flush, as a new installation would be


def contents(consultation) -> dict:
    """Every stored file of the consultation's attachments: (name, variant) → SHA-256 of the bytes."""
    found = {}
    for attachment in Attachment.objects.filter(post__consultation=consultation):
        for variant in ("file", "thumbnail", "playable"):
            field = getattr(attachment, variant)
            if field:
                with field.open("rb") as stored:
                    found[(attachment.name, variant)] = hashlib.sha256(stored.read()).hexdigest()
    return found


def test_every_attachment_survives_export_and_restore_into_another_installation_byte_for_byte(
        ffmpeg, settings, tmp_path, consultation, member, leader, official, department):
    # committed at once (transactional test): the voice is transcoded as the speech is saved
    post = services.create_post(member, consultation, consultation.subtopics.first(), "题目", "正文", files=[
        prepare(upload("photo.jpg", files.photo(gps=True))), prepare(upload("report.pdf", files.pdf())),
        prepare(upload("voice.webm", files.webm_voice(1)))])
    services.add_comment(leader, post, "补充", files=[prepare(upload("table.xlsx", files.xlsx_file()))])
    claim = department_services.claim_aspect(official, post, department)
    department_services.publish_reply(official, claim, "答复", "resolved",
                                      files=[prepare(upload("plan.docx", files.docx_file()))])
    before = contents(consultation)
    assert len(before) == 7  # picture + thumbnail, pdf, voice + playable, xlsx, docx

    path = tmp_path / "archive.json"
    export_consultation(consultation, path)
    archived = json.loads(path.read_text(encoding="utf-8"))
    assert {info.get("storage") for info in archived["files"].values()} == {"attachments"}
    assert len(archived["files"]) == 7

    call_command("flush", interactive=False, verbosity=0)
    settings.STORAGES = {**settings.STORAGES, "attachments": {  # another installation, another disk
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "elsewhere"}}}
    restored = restore_consultation(path)
    assert contents(restored) == before
    reply_file = Attachment.objects.get(name="plan.docx")
    assert reply_file.response_link.reply.claim.aspect.post.consultation == restored
