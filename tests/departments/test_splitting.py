"""An official splits an unsplit speech into aspects so other departments can claim their part;
the author is told, the split is audited, and staff can undo it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Notification, Trigger
from departments import aspects, services
from departments.models import Aspect, AuditEntry
from tests import factories

PARTS = [("财政投入", "加大财政投入"), ("医疗保障", "大病救治"), ("住房安全", "")]


def test_official_splits_an_unsplit_speech_and_other_departments_claim_their_part(
        post, official, department, other_department, other_official, member):
    made = aspects.split_post(official, post, PARTS)
    assert [a.title for a in made] == ["财政投入", "医疗保障", "住房安全"]
    claim = services.claim_aspect(other_official, post, other_department, aspect=made[1])
    assert claim.aspect == made[1]
    told = Notification.objects.get(recipient=member, trigger=Trigger.SPEECH_SPLIT, channel="in_app")
    assert department.name in told.subject and "医疗保障" in told.body
    entry = AuditEntry.objects.get(action=AuditEntry.Action.SPLIT, post=post)
    assert entry.actor == official and entry.department == department


def test_the_author_splitting_is_not_told_about_it(post, member):
    aspects.split_post(member, post, PARTS[:1])
    assert not Notification.objects.filter(trigger=Trigger.SPEECH_SPLIT).exists()


def test_people_who_are_not_officials_cannot_split_someone_elses_speech(post, other_member, leader, public_user):
    for person in (other_member, leader, public_user):
        with pytest.raises(PermissionDenied):
            aspects.split_post(person, post, PARTS)
    assert not Aspect.objects.filter(post=post).exists()


def test_an_official_of_a_department_not_taking_part_cannot_split(post):
    outsider = factories.OfficialFactory()
    factories.DepartmentFactory().officials.add(outsider)
    with pytest.raises(PermissionDenied):
        aspects.split_post(outsider, post, PARTS)


def test_an_official_cannot_split_a_speech_already_split(post, member, official):
    aspects.split_post(member, post, PARTS[:2])
    with pytest.raises(ValidationError, match="已拆分"):
        aspects.split_post(official, post, PARTS[2:])
    assert post.aspects.count() == 2


def test_an_official_cannot_split_a_hidden_speech(post, official):
    post.is_hidden = True
    post.save()
    with pytest.raises(ValidationError):
        aspects.split_post(official, post, PARTS)


def test_aspect_text_is_stripped_of_control_characters_and_limited(post, official):
    [made] = aspects.split_post(official, post, [("医疗\u202e保障\x00", "大病\u200b救治")])
    assert (made.title, made.excerpt) == ("医疗保障", "大病救治")
    with pytest.raises(ValidationError):
        aspects.split_post(official, factories.PostFactory(consultation=post.consultation), [("长" * 201, "")])


def test_staff_undo_a_split_and_it_is_audited(post, official, staff):
    aspects.split_post(official, post, PARTS)
    assert aspects.undo_split(staff, post) == 3
    assert not post.aspects.filter(is_whole=False).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UNSPLIT, actor=staff, post=post).exists()
    aspects.split_post(official, post, PARTS[:1])  # unsplit again: the official may split anew


def test_undo_is_refused_once_a_part_is_claimed_and_to_everyone_but_staff(
        post, official, department, staff, member):
    [part] = aspects.split_post(official, post, PARTS[:1])
    for person in (official, member):
        with pytest.raises(PermissionDenied):
            aspects.undo_split(person, post)
    services.claim_aspect(official, post, department, aspect=part)
    with pytest.raises(ValidationError):
        aspects.undo_split(staff, post)
    with pytest.raises(ValidationError):
        aspects.undo_split(staff, factories.PostFactory(consultation=post.consultation))  # not split


def test_official_splits_through_a_plain_form_and_staff_undo_through_the_page(client, post, official, staff):
    client.force_login(official)
    page = client.get(reverse("departments:post_responses", args=[post.pk])).content.decode()
    assert reverse("departments:split", args=[post.pk]) in page
    response = client.post(reverse("departments:split", args=[post.pk]),
                           {"title": ["财政投入", "医疗保障", ""], "excerpt": ["", "", ""]})
    assert response.status_code == 302 and post.aspects.count() == 2
    page = client.get(reverse("departments:post_responses", args=[post.pk])).content.decode()
    assert reverse("departments:split", args=[post.pk]) not in page  # split already: claim a part instead
    assert client.post(reverse("departments:unsplit", args=[post.pk])).status_code == 403
    client.force_login(staff)
    assert reverse("departments:unsplit", args=[post.pk]) in client.get(
        reverse("departments:post_responses", args=[post.pk])).content.decode()
    assert client.post(reverse("departments:unsplit", args=[post.pk])).status_code == 302
    assert not post.aspects.exists()


def test_split_and_undo_views_refuse_outsiders(client, post, other_member, public_user):
    for person in (other_member, public_user):
        client.force_login(person)
        assert client.post(reverse("departments:split", args=[post.pk]), {"title": ["财政投入"]}).status_code == 403
        assert client.post(reverse("departments:unsplit", args=[post.pk])).status_code == 403
    client.logout()
    assert client.post(reverse("departments:split", args=[post.pk])).status_code == 302  # to sign in


def test_split_view_answers_404_for_a_hidden_speech(client, post, official):
    post.is_hidden = True
    post.save()
    client.force_login(official)
    assert client.post(reverse("departments:split", args=[post.pk]), {"title": ["财政投入"]}).status_code == 404
