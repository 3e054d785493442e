"""The rest of the used-by line, on a phone and on a desk: a leader presses the department that owes an answer,
and staff compile the minutes and download them; axe-core checks each page on the way."""

import pytest

from departments.models import Press
from tests.browser.axe import check_page
from tests.factories import (
    PASSWORD,
    ClaimFactory,
    ConsultationFactory,
    DepartmentFactory,
    LeaderFactory,
    PostFactory,
    StaffFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VIEWPORTS = [{"width": 375, "height": 812}, {"width": 1280, "height": 800}]


def _sign_in(tab, username, next_url):
    tab.context.clear_cookies()
    tab.goto(f"/accounts/login/?next={next_url}")
    tab.get_by_label("手机号、用户名或邮箱").fill(username)
    tab.get_by_label("密码").fill(PASSWORD)
    tab.get_by_role("button", name="登录").click()
    tab.wait_for_url(f"**{next_url}")


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v['width']}x{v['height']}")
def test_leader_presses_and_staff_compile_and_download_the_minutes(browser, live_server, viewport):
    leader = LeaderFactory(username="chair", real_name="王主席")
    StaffFactory(username="clerk", real_name="秘书处")
    department = DepartmentFactory(name="省民政厅", short_name="民政厅")
    consultation = ConsultationFactory(title="巩固拓展脱贫攻坚成果")
    consultation.participants.add(leader)
    consultation.departments.add(department)
    post = PostFactory(consultation=consultation, title="关于健全防返贫监测机制的建议")
    ClaimFactory(aspect__post=post, department=department)
    context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="zh-CN", accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    wide = viewport["width"]

    _sign_in(tab, "chair", post.get_absolute_url())
    check_page(tab, "leader reads a speech")
    responses = tab.locator("#responses")
    responses.get_by_text("督办", exact=False).first.click()
    responses.get_by_label("督办意见").fill("请两周内反馈进展。")
    responses.get_by_role("button", name="督办", exact=True).click()
    tab.get_by_text("督办成功，已通知该部门。").wait_for()
    assert tab.evaluate("document.documentElement.scrollWidth") <= wide
    check_page(tab, "leader pressed the department")
    assert Press.objects.filter(leader=leader, note="请两周内反馈进展。").exists()

    minutes = f"/c/{consultation.slug}/minutes/"
    _sign_in(tab, "clerk", minutes)
    check_page(tab, "staff minutes page")
    tab.locator("input[name=format][value=docx]").check()
    tab.get_by_role("button", name="生成会议纪要").click()
    download_link = tab.get_by_role("link", name="下载").first
    download_link.wait_for()
    assert tab.evaluate("document.documentElement.scrollWidth") <= wide
    check_page(tab, "staff compiled the minutes")
    with tab.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.endswith(".docx")
    context.close()
