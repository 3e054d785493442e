"""Staff invite a member from the invitations page; the member opens their personal link on a phone,
lands signed in on the consultation, and a second use of the link falls back to sign-in."""

import re

import pytest

from accounts.models import Channel, Notification
from tests.browser.axe import check_page
from tests.factories import PASSWORD, ConsultationFactory, MemberFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("手机号、用户名或邮箱").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_staff_invite_and_the_member_follows_the_personal_link(page, settings):
    settings.NOTIFY_QUIET_HOURS = ""
    staff = StaffFactory(username="staffer")
    member = MemberFactory(real_name="王晓红")
    consultation = ConsultationFactory(title="推进县域商业体系建设")

    sign_in(page, staff.username)
    page.goto(f"/c/{consultation.slug}/invitations/")
    page.get_by_text("选择委员").click()
    page.get_by_label(re.compile("王晓红")).check()
    page.get_by_role("button", name="预览").click()
    check_page(page, "staff preview an invitation")
    assert page.get_by_text("将邀请人数：1").is_visible()
    page.get_by_role("button", name="发送邀请").click()
    page.get_by_text("1 份邀请正在发送。").wait_for()
    assert page.get_by_text("已发送").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    sms = Notification.objects.get(recipient=member, channel=Channel.SMS)
    link = re.search(r"/me/link/[^/\s]+/", sms.body).group(0)
    page.context.clear_cookies()
    page.goto(link)
    page.get_by_role("button", name="登录并进入协商").click()
    page.get_by_role("heading", name="推进县域商业体系建设").wait_for()
    assert page.get_by_role("link", name="王晓红").is_visible()
    assert page.get_by_role("link", name=re.compile("通知")).is_visible()

    page.context.clear_cookies()
    page.goto(link)
    page.get_by_text("该登录链接已经使用过，请正常登录。").wait_for()
    assert "/accounts/login/" in page.url
