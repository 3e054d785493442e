"""The departments' rules as refusal/can pairs: the message a person reads, and its boolean form."""

from departments import permissions
from meetings.models import Status


def test_an_official_can_claim_for_their_own_department_only(official, other_official, department, post):
    assert permissions.can_claim(official, post, department)
    refusal = permissions.claim_refusal(other_official, post, department)
    assert refusal == f"只有{department}的联络员可以代表该部门操作。"


def test_no_department_can_claim_a_hidden_speech_or_one_of_a_draft(official, department, post):
    post.is_hidden = True
    assert permissions.claim_refusal(official, post, department) == "该发言已被隐藏。"
    post.is_hidden = False
    post.consultation.status = Status.DRAFT
    assert not permissions.can_claim(official, post, department)


def test_a_department_not_invited_cannot_claim(official, department, post):
    post.consultation.departments.remove(department)
    assert permissions.claim_refusal(official, post, department) == f"{department}不参加本次协商活动。"


def test_staff_the_author_and_officials_taking_part_split_a_speech_other_members_do_not(
        staff, member, other_member, official, post):
    assert permissions.can_split(staff, post) and permissions.can_split(member, post)
    assert permissions.can_split(official, post)  # an unsplit speech, a department taking part
    assert not permissions.can_split(other_member, post)


def test_only_leaders_who_see_the_consultation_press(leader, member, post):
    assert permissions.press_refusal(leader, post) is None
    assert permissions.press_refusal(member, post) == "只有领导可以督办部门。"
