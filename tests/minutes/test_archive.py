"""The JSON archive: export, import into an empty database, export again: nothing lost or changed."""

import json

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from accounts.models import User
from departments.models import AuditEntry, Claim
from meetings.minutes.archive import SPEC, archived_models, export_consultation
from meetings.minutes.restore import restore_consultation
from meetings.models import Comment, Consultation, ModerationAction, Onlooker, Post, Report
from tests import factories

from .conftest import at, stamp

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5f0e1a70000000049454e44ae426082"
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def full_meeting(meeting, media):
    """The fixture meeting plus everything else an archive carries: edit history, moderation,
    reports, onlookers, a transferred claim, the audit trail, a cover picture and an uploaded image."""
    consultation = meeting.consultation
    people = meeting.people
    consultation.cover.save("cover.png", ContentFile(PNG), save=True)
    upload = default_storage.save("uploads/2026/chart.png", ContentFile(PNG + b"chart"))
    s1, s2, s3 = meeting.speeches
    s2.body = f"驻村工作队要常态化走访脱贫户。![走访图](/media/{upload})"
    s2.body_html = f'<p>驻村工作队要常态化走访脱贫户。<img src="/media/{upload}" alt="走访图"></p>'
    s2._change_reason = "补充图片"
    s2.save()  # a second history row
    stamp(s2, edited_at=at(90))
    c4 = meeting.comments[3]
    c4.body = "驻村工作队还应加强业务培训。"
    c4.save()
    ModerationAction.objects.create(post=meeting.hidden_speech, kind="hide", reason="与议题无关",
                                    moderator=people["staff"])
    Report.objects.create(comment=meeting.hidden_comment, reporter=people["member"], reason="人身攻击")
    Onlooker.objects.create(consultation=consultation, visitor="a" * 32)
    tea = s3.aspects.get(title="茶叶品牌建设")
    first = Claim.objects.create(aspect=tea, department=meeting.departments[1], role="lead", state="transferred",
                                 claimed_by=people["second_official"], claimed_at=at(130), due_on=at(130).date(),
                                 ended_at=at(140), end_reason="职责不符")
    later = Claim.objects.create(aspect=tea, department=meeting.departments[0], role="lead", state="claimed",
                                 claimed_by=people["official"], claimed_at=at(140), due_on=at(140).date(),
                                 assigned=True)
    first.transferred_to = later  # points forward, to a row created after it
    first.save()
    AuditEntry.objects.create(actor=people["official"], action="claimed", post=s3, aspect=tea, claim=later,
                              department=meeting.departments[0], detail="机关交办")
    return meeting


def read(path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("exported_at")
    return data


def test_every_row_kind_owned_by_a_consultation_is_archived():
    """A new model that hangs off a consultation must be added to the archive (or listed here)."""
    derived = {"meetings.compilation", "meetings.searchdocument"}  # made again from the data (files, the index)
    owned = {"meetings.consultation"} | {m._meta.label_lower for m in archived_models()}
    candidates = [m for app in ("meetings", "departments") for m in apps.get_app_config(app).get_models()]
    for model in candidates:
        name = model._meta.label_lower
        if name in owned or name in derived:
            continue
        targets = {f.related_model._meta.label_lower for f in model._meta.concrete_fields
                   if f.is_relation and f.related_model is not None}
        assert not targets & owned, f"{name} refers to {targets & owned} but is not in the archive"
    assert len(SPEC) == len(archived_models())


@pytest.mark.django_db(transaction=True)
def test_archive_restores_into_an_empty_database_with_nothing_lost(full_meeting, tmp_path):
    consultation = full_meeting.consultation
    first = tmp_path / "first.json"
    export_consultation(consultation, first)
    original = read(first)
    assert {name: len(rows) for name, rows in original["records"].items()} == {
        "meetings.stage": 1, "meetings.subtopic": 2, "meetings.post": 4, "meetings.comment": 8,
        "meetings.historicalpost": 5, "meetings.historicalcomment": 9, "meetings.postlike": 2,
        "meetings.commentlike": 1, "meetings.attachment": 0, "departments.responseattachment": 0,
        "meetings.moderationaction": 1, "meetings.report": 1, "meetings.onlooker": 1,
        "departments.aspect": 3, "departments.claim": 5, "departments.reply": 4, "departments.followup": 1,
        "departments.press": 1, "departments.rating": 2, "departments.auditentry": 1,
    }
    assert set(original["files"]) == {"covers/cover.png", "uploads/2026/chart.png"}
    posts_before = list(Post.objects.filter(consultation=consultation).order_by("pk").values_list(
        "title", "created_at", "edited_at", "is_hidden"))

    call_command("flush", interactive=False, verbosity=0)
    for name in ("covers/cover.png", "uploads/2026/chart.png"):
        default_storage.delete(name)
    # Another installation: its own people and rows, so every key differs from the original's.
    factories.PostFactory.create_batch(3)
    factories.MemberFactory.create_batch(5)

    restored = restore_consultation(first)
    second = tmp_path / "second.json"
    export_consultation(restored, second)
    again = read(second)
    for section in ("consultation", "people", "departments", "files"):
        assert again[section] == original[section], section
    for name, rows in original["records"].items():
        assert again["records"][name] == rows, name

    assert list(Post.objects.filter(consultation=restored).order_by("pk").values_list(
        "title", "created_at", "edited_at", "is_hidden")) == posts_before
    post = Post.objects.get(consultation=restored, title=full_meeting.speeches[1].title)
    assert [h.history_change_reason for h in post.history.order_by("history_date")] == [None, "补充图片"]
    assert default_storage.open("uploads/2026/chart.png").read() == PNG + b"chart"
    assert restored.cover.read() == PNG
    assert not User.objects.get(username=full_meeting.people["member"].username).has_usable_password()


def test_import_command_refuses_a_taken_slug_and_restores_a_copy_under_another(full_meeting, tmp_path, capsys):
    slug = full_meeting.consultation.slug
    path = tmp_path / "archive.json"
    call_command("export_consultation", slug, "-o", str(path))
    with pytest.raises(CommandError, match="exists already"):
        call_command("import_consultation", str(path))
    call_command("import_consultation", str(path), "--slug", "copy-of-meeting")
    copy = Consultation.objects.get(slug="copy-of-meeting")
    assert copy.title == full_meeting.consultation.title
    assert Post.objects.filter(consultation=copy).count() == 4
    assert Comment.objects.filter(post__consultation=copy).count() == 8
    # People and departments already here are reused, not duplicated.
    assert User.objects.filter(username=full_meeting.people["member"].username).count() == 1
    assert copy.departments.count() == 2
    # Files with the same content are shared; the copy's speech links the same upload.
    assert copy.cover.name == "covers/cover.png"


def test_a_file_name_taken_by_other_content_is_renamed_and_the_links_follow(full_meeting, tmp_path):
    path = tmp_path / "archive.json"
    export_consultation(full_meeting.consultation, path)
    default_storage.delete("uploads/2026/chart.png")
    default_storage.save("uploads/2026/chart.png", ContentFile(b"someone else's picture"))
    copy = restore_consultation(path, slug="renamed-copy")
    post = Post.objects.get(consultation=copy, title=full_meeting.speeches[1].title)
    linked = post.body_html.split('src="/media/')[1].split('"')[0]
    assert linked != "uploads/2026/chart.png" and linked.startswith("uploads/2026/chart")
    assert default_storage.open(linked).read() == PNG + b"chart"
    assert f"/media/{linked}" in post.body


def test_a_damaged_archive_is_refused_and_nothing_is_written(full_meeting, tmp_path):
    path = tmp_path / "archive.json"
    export_consultation(full_meeting.consultation, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["records"]["meetings.comment"][0]["post"] = 999
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = Post.objects.count()
    with pytest.raises(CommandError, match="missing row"):
        call_command("import_consultation", str(path), "--slug", "damaged")
    assert Post.objects.count() == before
    assert not Consultation.objects.filter(slug="damaged").exists()
    path.write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(CommandError, match="not a Cloud Consultation archive"):
        call_command("import_consultation", str(path))
