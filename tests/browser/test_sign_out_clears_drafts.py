"""On a shared phone: a member's unsent speech draft is gone from the browser once they sign out."""

import pytest

from tests.factories import ConsultationFactory, MemberFactory

from .test_meeting_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAFTS = "Object.keys(localStorage).filter(k => k.startsWith('cc-draft:')).length"


def test_signing_out_clears_speech_drafts(page):
    member = MemberFactory(username="zhaoli", real_name="赵丽")
    consultation = ConsultationFactory()
    consultation.participants.add(member)
    sign_in(page, "zhaoli", consultation.get_absolute_url())
    page.get_by_role("link", name="我要发言").click()
    page.get_by_label("标题").fill("关于社区养老的建议（未发送）")
    page.get_by_label("发言").fill("草稿内容")
    page.wait_for_timeout(500)  # saved a moment after typing stops
    assert page.evaluate(DRAFTS) == 1
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state()
    assert page.evaluate(DRAFTS) == 0
