"""A member arrives on a phone, signs in with their phone number and reads the consultations."""

import pytest

from tests.factories import PASSWORD, ConsultationFactory, MemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_signs_in_by_phone_sees_chinese_list_and_switches_to_english(page):
    MemberFactory(phone="+8613800138011", real_name="李明华")
    ConsultationFactory(title="巩固拓展脱贫攻坚成果同乡村振兴有效衔接")

    page.goto("/")
    page.get_by_role("link", name="登录").click()
    page.get_by_label("手机号、用户名或邮箱").fill("138 0013 8011")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    page.get_by_role("heading", name="网络协商").wait_for()
    assert page.get_by_role("link", name="李明华").is_visible()
    assert page.get_by_role("link", name="巩固拓展脱贫攻坚成果同乡村振兴有效衔接").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no horizontal scroll on a phone

    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Online consultations").wait_for()
    assert page.get_by_role("link", name="Sign in").count() == 0
