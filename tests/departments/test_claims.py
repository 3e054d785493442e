from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Notification, Trigger
from departments import aspects, services
from departments.models import Aspect, AuditEntry, Claim, ClaimRole, ClaimState
from departments.workdays import add_working_days
from meetings.models import Post, ResponseState
from tests import factories


def test_official_claims_the_whole_speech_as_lead(post, official, department):
    claim = services.claim_aspect(official, post, department)

    aspect = Aspect.objects.get(post=post)
    assert aspect.is_whole and claim.aspect == aspect
    assert claim.role == ClaimRole.LEAD and claim.state == ClaimState.CLAIMED
    assert claim.due_on == add_working_days(claim.claimed_at.date(), post.consultation.response_days)
    assert Post.objects.get(pk=post.pk).response_state == ResponseState.CLAIMED
    note = Notification.objects.get(recipient=post.author, trigger=Trigger.SPEECH_CLAIMED, channel="in_app")
    assert department.name in note.subject
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CLAIMED)
    assert (entry.actor, entry.claim, entry.post, entry.department) == (official, claim, post, department)


def test_official_cannot_claim_for_another_department(post, official, other_department):
    with pytest.raises(PermissionDenied):
        services.claim_aspect(official, post, other_department)
    assert not Claim.objects.exists()


def test_member_cannot_claim(post, member, department):
    department.officials.add(member)  # even if listed by mistake: only officials act for a department
    with pytest.raises(PermissionDenied):
        services.claim_aspect(member, post, department)


def test_department_outside_the_consultation_cannot_claim(post):
    outsider = factories.OfficialFactory()
    factories.DepartmentFactory(officials=[outsider])
    with pytest.raises(ValidationError, match="不参加"):
        services.claim_aspect(outsider, post, outsider.departments.get())


def test_second_lead_is_refused_with_the_leads_name_and_can_join_as_co(post, official, department,
                                                                        other_official, other_department):
    services.claim_aspect(official, post, department)
    with pytest.raises(ValidationError) as refusal:
        services.claim_aspect(other_official, post, other_department)
    assert department.name in str(refusal.value)
    co = services.claim_aspect(other_official, post, other_department, role=ClaimRole.CO)
    assert co.role == ClaimRole.CO
    assert Claim.objects.filter(aspect__post=post).count() == 2


def test_same_department_cannot_claim_twice(post, official, department):
    services.claim_aspect(official, post, department, role=ClaimRole.CO)
    with pytest.raises(ValidationError):
        services.claim_aspect(official, post, department)


def test_split_speech_needs_an_aspect_to_claim(post, official, department, member):
    health, elderly = aspects.split_post(member, post, [("医疗保障", "大病救治"), ("老年贫困", "")])
    with pytest.raises(ValidationError):
        services.claim_aspect(official, post, department)
    claim = services.claim_aspect(official, post, department, aspect=health)
    assert claim.aspect == health
    assert Post.objects.get(pk=post.pk).response_state == ResponseState.CLAIMED
    assert elderly.order > health.order


def test_only_staff_or_author_split(post, other_member, staff):
    with pytest.raises(PermissionDenied):
        aspects.split_post(other_member, post, [("财政投入", "")])
    aspects.split_post(staff, post, [("财政投入", "")])
    assert post.aspects.count() == 1


def test_split_keeps_a_claimed_whole_aspect(post, official, department, member):
    services.claim_aspect(official, post, department)
    aspects.split_post(member, post, [("财政投入", "")])
    assert post.aspects.filter(is_whole=True).exists()
    assert post.aspects.count() == 2


def test_hand_back_with_reason_frees_the_aspect(post, official, department, other_official, other_department):
    claim = services.claim_aspect(official, post, department)
    with pytest.raises(ValidationError):
        services.hand_back_claim(official, claim, "  ")
    services.hand_back_claim(official, claim, "不属于本部门职责")
    claim.refresh_from_db()
    assert claim.state == ClaimState.HANDED_BACK and claim.end_reason == "不属于本部门职责"
    assert Post.objects.get(pk=post.pk).response_state == ResponseState.AWAITING
    services.claim_aspect(other_official, post, other_department)


def test_other_department_cannot_hand_back(post, official, department, other_official):
    claim = services.claim_aspect(official, post, department)
    with pytest.raises(PermissionDenied):
        services.hand_back_claim(other_official, claim, "不是我们的")


def test_staff_assign_tells_the_department(post, staff, official, department):
    claim = services.assign_aspect(staff, post, department, note="请牵头办理")
    assert claim.assigned and claim.claimed_by == staff
    assert Notification.objects.filter(recipient=official, trigger=Trigger.CLAIM_ASSIGNED).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.ASSIGNED, detail="请牵头办理").exists()


def test_only_staff_assign(post, official, department):
    with pytest.raises(PermissionDenied):
        services.assign_aspect(official, post, department)


def test_staff_transfer_moves_the_claim_and_keeps_the_old_one(post, staff, official, department,
                                                             other_official, other_department):
    claim = services.claim_aspect(official, post, department)
    new = services.transfer_claim(staff, claim, other_department, "职责调整，转民政厅")
    claim.refresh_from_db()
    assert claim.state == ClaimState.TRANSFERRED and claim.transferred_to == new
    assert new.department == other_department and new.role == ClaimRole.LEAD and new.is_active
    assert Notification.objects.filter(recipient=other_official, trigger=Trigger.CLAIM_ASSIGNED).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.TRANSFERRED, claim=new).exists()


def test_only_staff_transfer(post, official, department, other_department, leader):
    claim = services.claim_aspect(official, post, department)
    for person in (official, leader):
        with pytest.raises(PermissionDenied):
            services.transfer_claim(person, claim, other_department, "转办")


def test_transfer_needs_a_note(post, staff, official, department, other_department):
    claim = services.claim_aspect(official, post, department)
    with pytest.raises(ValidationError):
        services.transfer_claim(staff, claim, other_department, "")


def test_database_refuses_a_second_active_lead(post, department, other_department, official):
    aspect = factories.AspectFactory(post=post)
    factories.ClaimFactory(aspect=aspect, department=department)
    from django.db import IntegrityError, transaction
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ClaimFactory(aspect=aspect, department=other_department)


def test_working_days_skip_weekends_and_national_day():
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)  # 10-01..10-07 off (2026 holiday)
    assert add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Friday → Monday
    assert add_working_days(date(2031, 1, 3), 1) == date(2031, 1, 6)  # year without data: weekends only
