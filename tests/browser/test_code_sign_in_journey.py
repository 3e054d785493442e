"""A member invited by SMS, with no password, gets back in on a phone with a code sent by SMS."""

import pytest

from accounts.models import Notification, Trigger
from tests.factories import ConsultationFactory, MemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_without_a_password_signs_in_with_an_sms_code_and_returns_to_the_consultation(page):
    member = MemberFactory(phone="+8613800138011", real_name="李明华", email="")
    member.set_unusable_password()
    member.save()
    consultation = ConsultationFactory(title="巩固拓展脱贫攻坚成果同乡村振兴有效衔接")

    page.goto(f"/c/{consultation.slug}/")
    page.get_by_role("navigation").get_by_role("link", name="登录", exact=True).click()
    page.get_by_role("link", name="短信验证码登录").click()
    page.get_by_label("手机号").fill("138 0013 8011")
    page.get_by_role("button", name="发送验证码").click()

    page.get_by_label("短信验证码").wait_for()
    assert "138****8011" in page.content()
    code = Notification.objects.get(recipient=member, trigger=Trigger.SIGN_IN_CODE).params["sign_in_code"]
    page.get_by_label("短信验证码").fill(code)
    page.get_by_role("button", name="登录", exact=True).click()

    page.get_by_role("heading", name="巩固拓展脱贫攻坚成果同乡村振兴有效衔接").wait_for()
    assert page.url.endswith(f"/c/{consultation.slug}/")
    assert page.get_by_role("link", name="李明华").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
